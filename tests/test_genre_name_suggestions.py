"""A genre typed the way a clerk says it gets a useful suggestion."""
import pytest

from gwreport.errors import GwError
from gwreport.genre import GenreRegistry


@pytest.mark.parametrize("typed, expect", [
    ("整改报告", "rectification-report（整改情况报告）"),
    ("website", "website-selfcheck"),
    ("年度总结", "work-summary（工作总结）"),
    ("websit-selfcheck", "website-selfcheck"),
])
def test_unknown_genre_suggests_by_id_or_chinese_name(typed, expect):
    with pytest.raises(GwError) as ei:
        GenreRegistry().get(typed)
    assert "是否为" in ei.value.message and expect in ei.value.message
