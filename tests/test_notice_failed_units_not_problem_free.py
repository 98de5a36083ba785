"""A 检查情况通报 whose units have failed websites/accounts but no listed problems
must not also say that no unit has any problem."""
import re

from gwreport.facts import parse_facts_text
from gwreport.genre import GenreRegistry
from gwreport.pipeline import build_facts


def test_failed_accounts_without_listed_problems_are_not_called_problem_free(root):
    text = (root / "samples" / "inspection-notice.yaml").read_text(encoding="utf-8")
    # every unit keeps its figures (some failed) but none lists a problem
    text = re.sub(r"    problems:\n(?:      - .*\n)+", "    problems: []\n", text)
    doc = build_facts(parse_facts_text(text, "x.yaml"), GenreRegistry()).document
    body = doc.plain_text()
    assert "不合格账号涉及" in body
    assert "各单位均未发现明显问题" not in body and "未发现单项否决问题" not in body
    assert "存在不合格政务新媒体账号" in body
    assert "除上述不合格网站和账号外" in body  # the sample has both kinds of failures
