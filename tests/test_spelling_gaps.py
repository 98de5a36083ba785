"""One missing or one doubled character (issue 14): the suggestion says what to insert or delete;
whole words as written (党内监督, 工作作风, 一点点) are left alone. Shipped statistics only."""
from __future__ import annotations

import pytest

from gwreport.findings import TextUnit
from gwreport.spelling import check_units, correct


def test_missing_character_in_fixed_term():
    s = "持续加强党风廉建设，营造风清气正的政治生态。"
    (f,) = check_units([TextUnit(1, s)])
    assert (f.text, f.suggestions) == ("廉建", ["廉政建"])
    assert s[f.column - 1:f.end_column - 1] == "廉建"
    assert "漏" in f.message and "“政”" in f.message
    assert correct(s) == "持续加强党风廉政建设，营造风清气正的政治生态。"


@pytest.mark.parametrize("wrong,right", [
    ("要进一步步加强基层组织建设。", "要进一步加强基层组织建设。"),  # 步步 is a word too
    ("我们们要认真学习贯彻会议精神。", "我们要认真学习贯彻会议精神。"),
])
def test_doubled_character(wrong, right):
    fs = check_units([TextUnit(1, wrong)])
    assert any("删去" in f.message for f in fs)
    assert correct(wrong) == right


@pytest.mark.parametrize("sentence", [
    "要加强党内监督。",                    # 党内 + 监督: no 部 missing
    "扎实推进脱贫攻坚工作作风建设。",      # 工作 + 作风
    "公司派技术员到田间指导。",
    "帮她们一点点解决困难。",
    "西大街街道办事处组织开展活动。",
])
def test_whole_words_left_alone(sentence):
    assert correct(sentence) == sentence
