"""The template helpers: a list of one is not '一是……'."""
from gwreport import helpers
from gwreport.facts import parse_facts_text
from gwreport.genre import GenreRegistry
from gwreport.pipeline import build_facts


def test_enum_cn_single_item_has_no_ordinal():
    assert helpers.enum_cn(["及时召开专题会议研究部署；"]) == "及时召开专题会议研究部署。"
    assert helpers.enum_cn(["甲", "乙"]) == "一是甲；二是乙。"
    assert helpers.enum_cn([]) == ""


def test_one_organisation_item_reads_naturally(root):
    text = (root / "samples" / "website-selfcheck.yaml").read_text(encoding="utf-8")
    text = text.replace("  - 对照检查指标逐项制定自查清单，做到任务到人、责任到岗\n", "", 1)
    doc = build_facts(parse_facts_text(text, "x.yaml"), GenreRegistry()).document
    assert "高度重视此次自查工作，及时召开专题会议研究部署" in doc.plain_text()
    assert "一是及时召开" not in doc.plain_text()
