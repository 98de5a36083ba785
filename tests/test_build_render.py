"""Derived figures, rounding, automatic heading numbering and the sample's rendered text."""
from decimal import Decimal

import pytest

from gwreport import helpers
from gwreport.facts import parse_facts_text
from gwreport.genre import GenreRegistry
from gwreport.model import Heading, parse_body
from gwreport.numbering import Numberer, chinese_numeral, parse_marker
from gwreport.pipeline import build_facts, build_file


def _build(text):
    return build_facts(parse_facts_text(text, "x.yaml"), GenreRegistry())


def test_rate_rounds_half_up_not_bankers():
    assert helpers.rate(1, 16) == Decimal("6.3")  # 6.25 → 6.3 (banker's rounding gives 6.2)
    assert helpers.rate(5, 6) == Decimal("83.3")
    assert helpers.rate(2, 3) == Decimal("66.7")
    assert helpers.rate(3, 0) is None
    assert helpers.percent(Decimal("100.0")) == "100%"
    assert helpers.percent(Decimal("83.3")) == "83.3%"
    assert helpers.percent(None) == "无"


def test_helpers_words():
    assert helpers.cn_date("2024-09-05") == "2024年9月5日"
    assert helpers.enum_cn(["甲。", "乙；"]) == "一是甲；二是乙。"
    assert helpers.join_cn(["甲", "", "乙"]) == "甲、乙"
    assert helpers.sentence("完成整改；") == "完成整改。"
    assert chinese_numeral(10) == "十" and chinese_numeral(21) == "二十一"


def test_numberer_restarts_children():
    n = Numberer()
    assert [n.next(1), n.next(2), n.next(3), n.next(3), n.next(2), n.next(1), n.next(2)] == \
        ["一、", "（一）", "1.", "2.", "（二）", "二、", "（一）"]


def test_parse_marker_both_ways():
    m = parse_marker("1、完善制度")
    assert m.level == 3 and not m.proper and m.expected == "1."
    m = parse_marker("（一）、加强领导")
    assert m.level == 2 and not m.proper
    assert parse_marker("（二）加强领导").proper
    assert parse_marker("2024年工作") is None


def test_parse_body_tables_and_headings():
    blocks = parse_body("# 甲\n正文\n\n| 单位 | 数量 |\n|---|---|\n| 甲镇 | 3 |\n## 乙\n")
    assert isinstance(blocks[0], Heading) and blocks[0].full == "一、甲"
    assert blocks[2].rows == [["单位", "数量"], ["甲镇", "3"]]
    assert blocks[3].full == "（一）乙"


def test_derived_figures(sample_yaml):
    r = build_file(sample_yaml, GenreRegistry())
    assert r.derived["media_total"] == 6
    assert r.derived["media_pass_rate"] == Decimal("83.3")
    assert r.derived["message_done_rate"] == Decimal("100.0")


def test_optional_sections_leave_no_gap(sample_yaml):
    text = sample_yaml.read_text(encoding="utf-8")
    start = text.index("problems:")
    end = text.index("document:")
    text = text[:start] + "problems: []\nmeasures: []\n" + text[end:]
    r = _build(text)
    headings = [u.text for u in r.document.text_units() if u.role == "heading1"]
    assert headings == ["一、总体情况", "二、自查情况", "三、存在问题"]
    body = r.document.plain_text()
    assert "经自查，未发现" in body and "整改措施" not in body and "下一步" not in body
    assert body.rstrip().endswith("2024年9月25日")


def test_no_websites_and_no_media_wording(sample_yaml):
    text = sample_yaml.read_text(encoding="utf-8")
    text = text.replace("  total: 1\n  checked: 1\n", "  total: 0\n  checked: 0\n")
    for k in ("wechat: 3", "weibo: 1", "douyin: 2"):
        text = text.replace(k, k.split(":")[0] + ": 0")
    start, end = text.index("  by_owner:"), text.index("  checked: 6")
    text = text[:start] + text[end:]
    text = text.replace("  checked: 6\n  failed: 1\n  closed: 1\n", "  checked: 0\n  failed: 0\n")
    r = _build(text)
    body = r.document.plain_text()
    assert "目前未主办政府网站" in body and "目前未开设政务新媒体账号" in body
    # 0 of 0: no division error, and no "共0个……合格率无" sentence either (QA: reads as nonsense)
    assert "共0个" not in body and "合格率无" not in body


def test_sample_rendered_text_is_stable(sample_yaml, root):
    """Golden text, reviewed once by a person; update it deliberately when the template changes."""
    r = build_file(sample_yaml, GenreRegistry())
    golden = (root / "tests" / "golden" / "website-selfcheck.txt").read_text(encoding="utf-8")
    assert r.document.plain_text() + "\n" == golden


def test_template_cannot_escape_sandbox(tmp_path, sample_yaml):
    import shutil
    from gwreport.errors import GwError
    src = sample_yaml.parent.parent / "templates" / "website-selfcheck"
    user = tmp_path / "genres" / "evil"
    shutil.copytree(src, user)
    (user / "genre.yaml").write_text((src / "genre.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (user / "body.md.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    reg = GenreRegistry([tmp_path / "genres"])
    from gwreport.facts import load_facts
    with pytest.raises(GwError, match="不允许的操作"):
        build_facts(load_facts(sample_yaml), reg)


def test_missing_fact_in_template_names_the_line(tmp_path, sample_yaml):
    import shutil
    from gwreport.errors import GwError
    from gwreport.facts import load_facts
    src = sample_yaml.parent.parent / "templates" / "website-selfcheck"
    user = tmp_path / "genres" / "mine"
    shutil.copytree(src, user)
    (user / "body.md.j2").write_text("第一行\n{{ unit.nmae }}\n", encoding="utf-8")
    with pytest.raises(GwError, match=r"body.md.j2 第2行：缺少事实或变量“nmae”"):
        build_facts(load_facts(sample_yaml), GenreRegistry([tmp_path / "genres"]))


def test_broken_user_genre_names_file_and_line(tmp_path, sample_yaml):
    import shutil
    from gwreport.errors import GwError
    src = sample_yaml.parent.parent / "templates" / "website-selfcheck"
    user = tmp_path / "genres" / "mine"
    shutil.copytree(src, user)
    g = (user / "genre.yaml").read_text(encoding="utf-8")
    g = g.replace("assert: websites.checked <= websites.total", "assert: websites.checked <=")
    (user / "genre.yaml").write_text(g, encoding="utf-8")
    line = g.splitlines().index("  - assert: websites.checked <=") + 1
    with pytest.raises(GwError, match=rf"genre.yaml 第{line}行 checks\[1\].assert：表达式语法错误"):
        GenreRegistry([tmp_path / "genres"]).get("website-selfcheck")
