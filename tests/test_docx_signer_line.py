"""上行文: 发文字号 and 签发人 on one line (GB/T 9704 §7.2.4) — model, writer, audit, format."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gwreport.docx_writer import signer_tab_pos, split_signer_line, write_docx
from gwreport.docxformat import format_docx
from gwreport.layout import audit_docx, collect_paragraphs, roles_of
from gwreport.model import Document, parse_body
from gwreport.profile import Profile

NUMBER = "青政报〔2024〕18号"


def make_doc(**kw) -> Document:
    base = dict(title="青石镇人民政府关于政府网站自查情况的报告",
                body=parse_body("现将有关情况报告如下。\n# 总体情况\n网站运行正常。\n特此报告。"),
                addressee="县人民政府办公室", signature="青石镇人民政府", date="2024年9月30日",
                doc_number=NUMBER, signer="李明")
    base.update(kw)
    return Document(**base)


def gw915(path) -> list:
    return [f for f in audit_docx(path) if f.rule == "GW915"]


# --- model ----------------------------------------------------------------------------------
def test_upward_document_has_one_line_for_number_and_signer():
    units = make_doc().text_units()
    assert (units[0].role, units[0].text) == ("doc_number", f"{NUMBER}\t签发人：李明")
    assert units[1].role == "empty" and units[2].role == "title"
    assert not any(u.role == "signer" for u in units)


def test_downward_document_has_the_number_alone():
    units = make_doc(signer=None).text_units()
    assert (units[0].role, units[0].text) == ("doc_number", NUMBER)
    assert units[2].role == "title"
    # a signer without a 发文字号 is not printed (as before)
    assert make_doc(doc_number=None).text_units()[0].role == "title"


def test_split_signer_line():
    assert split_signer_line(f"{NUMBER}\t签发人：李明") == (NUMBER, "\t", "签发人：李明")
    assert split_signer_line(f"　{NUMBER}　　　签发人:李明 ") == (NUMBER, "　　　", "签发人:李明")
    assert split_signer_line(NUMBER) is None
    assert split_signer_line("签发人：李明") is None


# --- writer ---------------------------------------------------------------------------------
def test_writer_puts_the_signer_on_a_right_tab_stop_with_the_name_in_kaiti(tmp_path):
    out = tmp_path / "a.docx"
    write_docx(make_doc(), out)
    d = docx.Document(str(out))
    p = d.paragraphs[0]
    assert p.style.name == "发文字号" and p.text == f"{NUMBER}\t签发人：李明"
    ppr = p._p.pPr
    tabs = ppr.find(qn("w:tabs")).findall(qn("w:tab"))
    assert [(t.get(qn("w:val")), int(t.get(qn("w:pos")))) for t in tabs] == [("right", signer_tab_pos(Profile()))]
    # one character (grid cell, 156 mm / 28) in from the right edge of the type area
    assert abs(signer_tab_pos(Profile()) - (156 - 156 / 28) * 1440 / 25.4) < 2
    assert ppr.find(qn("w:ind")).get(qn("w:leftChars")) == "100"
    assert ppr.find(qn("w:jc")).get(qn("w:val")) == "left"
    fonts = []
    for r in p.runs:
        rf = r._r.rPr.rFonts if r._r.rPr is not None else None
        fonts.append((r.text, rf.get(qn("w:eastAsia")) if rf is not None else None))
    assert fonts == [(f"{NUMBER}\t签发人：", None), ("李明", "楷体_GB2312")]
    # the schema order of pPr children: pStyle, tabs, ind, jc
    assert [c.tag.split("}")[1] for c in ppr] == ["pStyle", "tabs", "ind", "jc"]


def test_writer_centres_a_lone_number(tmp_path):
    out = tmp_path / "b.docx"
    write_docx(make_doc(signer=None), out)
    p = docx.Document(str(out)).paragraphs[0]
    assert p.text == NUMBER and p.style.name == "发文字号"
    assert p._p.pPr.find(qn("w:tabs")) is None and p._p.pPr.find(qn("w:jc")) is None
    assert p.style.element.find(qn("w:pPr")).find(qn("w:jc")).get(qn("w:val")) == "center"
    assert gw915(out) == []


def test_built_upward_document_audits_and_checks_clean(tmp_path):
    import json

    from typer.testing import CliRunner

    from gwreport.cli import app

    out = tmp_path / "c.docx"
    write_docx(make_doc(), out)
    assert audit_docx(out) == []
    assert roles_of(out)[0][1] == "doc_number"
    r = CliRunner().invoke(app, ["check", str(out), "-f", "json"])
    findings = json.loads(r.output)["files"][0]["findings"]
    assert not [f for f in findings if f["line"] == 1], findings


def test_reader_numbers_the_shared_line_like_the_model(tmp_path):
    from gwreport.readers import read_docx

    doc = make_doc()
    out = tmp_path / "d.docx"
    write_docx(doc, out)
    got = [(u.text, u.role) for u in read_docx(out).units]
    assert [t for t, _ in got] == [u.text for u in doc.text_units()]
    assert got[0] == (f"{NUMBER}\t签发人：李明", "doc_number")


# --- audit and format of hand-made drafts ----------------------------------------------------
REST = ["", "青石镇人民政府关于政府网站自查情况的报告", "", "县人民政府办公室：", "现将有关情况报告如下。"]


def _kai(run, name="楷体_GB2312"):
    rpr = run._r.get_or_add_rPr()
    rf = rpr.get_or_add_rFonts()
    rf.set(qn("w:eastAsia"), name)


def draft(path: Path, first, *, stop: bool = False, indent: bool = False, kai: bool = False,
          one_run: bool = False, align=None) -> Path:
    d = docx.Document()
    lines = first if isinstance(first, list) else [first]
    for t in lines:
        p = d.add_paragraph()
        if "签发人：" in t and not one_run:
            cut = t.index("签发人：") + 4
            p.add_run(t[:cut])
            r = p.add_run(t[cut:])
            if kai:
                _kai(r)
        else:
            p.add_run(t)
        if stop:
            p.paragraph_format.tab_stops.add_tab_stop(Mm(156 - 156 / 28), WD_TAB_ALIGNMENT.RIGHT)
        if indent:
            p.paragraph_format.left_indent = Pt(16)
        if align is not None:
            p.paragraph_format.alignment = align
    for t in REST:
        d.add_paragraph(t)
    # the audit measures the tab stop against the type area: GB/T 9704 margins
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.left_margin, s.right_margin = Mm(28), Mm(26)
    d.save(str(path))
    return path


def test_audit_accepts_a_hand_made_shared_line(tmp_path):
    src = draft(tmp_path / "ok.docx", f"{NUMBER}\t签发人：李明", stop=True, indent=True, kai=True)
    assert roles_of(src)[0][1] == "doc_number"
    assert gw915(src) == []


@pytest.mark.parametrize("kw,first,needle,line", [
    (dict(stop=True, indent=True), f"{NUMBER}\t签发人：李明", "姓名字体", 1),
    (dict(indent=True, kai=True), f"{NUMBER}\t签发人：李明", "制表位", 1),
    (dict(stop=True, kai=True), f"{NUMBER}\t签发人：李明", "居左空一字", 1),
    (dict(indent=True, kai=True), f"{NUMBER}　　　　　　　　签发人：李明", "空格", 1),
    (dict(kai=True), [NUMBER, "签发人：李明"], "同一行", 2),
    (dict(), NUMBER, "居中", 1),
])
def test_audit_marks_each_slip(tmp_path, kw, first, needle, line):
    fs = gw915(draft(tmp_path / "x.docx", first, **kw))
    assert [f.line for f in fs] == [line], [(f.line, f.message) for f in fs]
    assert needle in fs[0].message


def test_audit_leaves_a_right_aligned_number_alone(tmp_path):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    # 信函格式 (GB/T 9704 §10.1): the 发文字号 sits at the right edge
    assert gw915(draft(tmp_path / "letter.docx", NUMBER, align=WD_ALIGN_PARAGRAPH.RIGHT)) == []
    assert gw915(draft(tmp_path / "c.docx", NUMBER, align=WD_ALIGN_PARAGRAPH.CENTER)) == []


def test_audit_tab_stop_in_the_wrong_place(tmp_path):
    src = tmp_path / "far.docx"
    draft(src, f"{NUMBER}\t签发人：李明", stop=False, indent=True, kai=True)
    d = docx.Document(str(src))
    d.paragraphs[0].paragraph_format.tab_stops.add_tab_stop(Mm(120), WD_TAB_ALIGNMENT.RIGHT)
    d.save(str(src))
    fs = gw915(src)
    assert len(fs) == 1 and "右空" in fs[0].message


@pytest.mark.parametrize("one_run", [False, True])
def test_format_lays_out_a_hand_made_shared_line(tmp_path, one_run):
    src = draft(tmp_path / "稿.docx", f"{NUMBER}\t签发人：李明", one_run=one_run)
    out = tmp_path / "排版稿.docx"
    rep = format_docx(src, out)
    before = [p.text for p in collect_paragraphs(docx.Document(str(src)))]
    assert [p.text for p in collect_paragraphs(docx.Document(str(out)))] == before
    assert audit_docx(out) == [], [(f.rule, f.line, f.message) for f in audit_docx(out)]
    p = docx.Document(str(out)).paragraphs[0]
    assert p.style.name == "发文字号"
    name_runs = [r for r in p.runs if r.text and "李" in r.text]
    assert [r.text for r in name_runs] == ["李明"]
    assert name_runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    assert not rep.notes, rep.notes


def test_format_tells_about_spaces_and_a_separate_signer_line(tmp_path):
    spaced = draft(tmp_path / "a.docx", f"{NUMBER}　　　　　　签发人：李明")
    rep = format_docx(spaced, tmp_path / "a2.docx")
    assert any("空格" in n and "制表符" in n for n in rep.notes), rep.notes
    d = docx.Document(str(tmp_path / "a2.docx"))
    assert d.paragraphs[0].text == f"{NUMBER}　　　　　　签发人：李明"
    two = draft(tmp_path / "b.docx", [NUMBER, "签发人：李明"])
    rep = format_docx(two, tmp_path / "b2.docx")
    assert any("第2段签发人单独成行" in n for n in rep.notes), rep.notes
    assert [p.text for p in docx.Document(str(tmp_path / "b2.docx")).paragraphs][:2] == [NUMBER, "签发人：李明"]


def test_formatting_a_built_upward_document_changes_nothing(tmp_path):
    src = tmp_path / "e.docx"
    write_docx(make_doc(), src)
    rep = format_docx(src, tmp_path / "e2.docx")
    assert rep.changes == ["原稿版式已符合排版配置，未作修改"], rep.changes
