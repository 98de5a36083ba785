"""GW930–GW935: the audit checks what the writer and `format` guarantee (红头, red line, blank
lines, title breaks, attachments on a new page, 版记 at the bottom and as wide as the type area)."""
from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from gwreport.check import check
from gwreport.docx_writer import write_docx
from gwreport.docxformat import format_docx
from gwreport.genre import GenreRegistry
from gwreport.layout_gongwen import RULES, audit
from gwreport.model import Document, Paragraph
from gwreport.pipeline import build_file

from .clerk_drafts import python_docx_draft
from .genre_util import ROOT

SAMPLES = sorted(p.stem for p in (ROOT / "samples").glob("*.yaml"))
LO_DRAFT = ROOT / "tests" / "data" / "gongwen" / "clerk_lo.docx"


def _ids(findings):
    return sorted({f.rule for f in findings})


@pytest.mark.parametrize("gid", SAMPLES)
def test_silent_on_every_sample_build(tmp_path, gid):
    out = tmp_path / "s.docx"
    write_docx(build_file(ROOT / "samples" / f"{gid}.yaml", GenreRegistry()).document, out)
    assert audit(out) == [], [(f.rule, f.line, f.message) for f in audit(out)]


def test_fires_on_clerk_drafts_and_is_silent_after_format(tmp_path):
    raw = python_docx_draft(tmp_path / "稿.docx")
    assert _ids(audit(raw)) == ["GW930", "GW931", "GW932", "GW935"]
    assert "GW933" in _ids(audit(LO_DRAFT))  # its 18 pt title breaks 报/告 (seen rendered)
    for src in (raw, LO_DRAFT):
        out = tmp_path / f"{src.stem}-排版.docx"
        format_docx(src, out)
        assert audit(out) == [], [(f.rule, f.line, f.message) for f in audit(out)]


def test_attachment_without_a_page_break(tmp_path):
    doc = Document(title="关于检查情况的通报", body=[Paragraph("正文。")], signature="某某县人民政府",
                   date="2024年10月25日", attachments=["检查指标"],
                   attachment_pages=[("检查指标", [Paragraph("指标内容。")])])
    out = tmp_path / "a.docx"
    write_docx(doc, out)
    assert audit(out) == []
    d = docx.Document(str(out))
    for st in d.styles.element.iter(qn("w:pageBreakBefore")):
        st.getparent().remove(st)
    for p in d.paragraphs:
        for el in p._p.iter(qn("w:pageBreakBefore")):
            el.getparent().remove(el)
    buf = io.BytesIO()
    d.save(buf)
    found = audit(docx.Document(io.BytesIO(buf.getvalue())))
    assert _ids(found) == ["GW934"] and found[0].text == "附件"


def test_title_break_rule_uses_the_writers_breaker(tmp_path):
    from gwreport.layout_gongwen import _title_breaks_ok
    assert _title_breaks_ok("青石镇人民政府关于\n2024年度政府网站自查情况的报告", 1e9) is None
    assert "拆开了词语" in _title_breaks_ok("青石镇人民政府关于2024年度政府网\n站自查情况的报告", 1e9)
    assert "一两个字" in _title_breaks_ok("关于青石镇2024年度政府网站自查情况的\n报告", 1e9)
    # filled by the word processor (24.5 characters of 18 pt in 156 mm, the LibreOffice draft's
    # title): 报/告 split, as rendered
    assert "拆开" in _title_breaks_ok("白沙镇人民政府关于2024年度政务公开工作情况的报告", 24.5)


def test_registered_as_a_family_listed_and_switchable(tmp_path):
    from gwreport.config import Config
    from gwreport.rules import family_of, rule_table

    table = rule_table()
    assert set(RULES) <= set(table)
    assert {family_of(r) for r in RULES} == {"公文版式（红头、版记）"}
    raw = python_docx_draft(tmp_path / "稿.docx")
    assert {"GW930", "GW935"} <= {f.rule for f in check(str(raw))}
    cfg = Config()
    cfg.cli_ignore = ("GW93",)
    assert not any(f.rule.startswith("GW93") for f in check(str(raw), cfg))
