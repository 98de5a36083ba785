"""信函格式 (GB/T 9704 §10.1) chosen with document.layout: the .docx as written (the PDF
measurements are in test_pdf_page.py), validation of the switch and the audit on the letter."""
from __future__ import annotations

import json
import zipfile

import pytest
import yaml
from lxml import etree
from typer.testing import CliRunner

from gwreport.cli import app

from .genre_util import ROOT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _facts(tmp_path, **document):
    facts = yaml.safe_load((ROOT / "samples" / "inspection-notice.yaml").read_text(encoding="utf-8"))
    facts["document"].update(document)
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    return path


def _build(tmp_path, **document):
    out = tmp_path / "out.docx"
    r = CliRunner().invoke(app, ["build", str(_facts(tmp_path, **document)), "-o", str(out)])
    return r, out


def _body(path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml")).find(f"{W}body")


def test_letter_docx_xml(tmp_path):
    r, out = _build(tmp_path, layout="信函格式", copy_number="000123")
    assert r.exit_code == 0, r.output
    body = _body(out)
    paras = body.findall(f"{W}p")
    mark = paras[0]
    fr = mark.find(f"{W}pPr/{W}framePr")
    assert fr is not None and fr.get(f"{W}vAnchor") == "page"
    # the mark's frame puts its ink 30 mm from the page top; no “文件” after the organ's name
    text = "".join(t.text for t in mark.iter(f"{W}t"))
    assert text == "临川县人民政府办公室"
    size = 42
    assert abs((int(fr.get(f"{W}y")) / 20 + 0.118 * size) / 72 * 25.4 - 30) < 0.3
    borders = [(p.find(f"{W}pPr/{W}framePr") is not None, b.get(f"{W}val"))
               for p in paras[:4] for b in p.iter(f"{W}top") if b.getparent().tag == f"{W}pBdr"]
    assert sorted(borders) == [(False, "thinThickSmallGap"), (True, "thickThinSmallGap")]
    lower = next(p for p in paras[:4] if p.find(f"{W}pPr/{W}framePr") is not None and p is not mark)
    y = int(lower.find(f"{W}pPr/{W}framePr").get(f"{W}y")) / 1440 * 25.4
    assert 276 <= y <= 277
    texts = ["".join(t.text for t in p.iter(f"{W}t")) for p in paras]
    assert texts.index("000123") < texts.index("临政办函〔2024〕42号") < texts.index(
        next(t for t in texts if t.startswith("临川县人民政府办公室关于")))
    number = paras[texts.index("临政办函〔2024〕42号")]
    assert number.find(f"{W}pPr/{W}jc").get(f"{W}val") == "right"
    # 首页不显示页码; 版记: no 印发 line and no rules
    assert body.find(f"{W}sectPr/{W}titlePg") is not None
    assert not any("印发" in t for t in texts) and not any("印发" in "".join(x.text for x in tb.iter(f"{W}t"))
                                                         for tb in body.iter(f"{W}tbl"))
    tbl = [tb for tb in body.iter(f"{W}tbl") if tb.find(f"{W}tblPr/{W}tblpPr") is not None][-1]
    assert {b.get(f"{W}val") for b in tbl.find(f"{W}tblPr/{W}tblBorders")} == {"nil"}


def test_file_layout_is_the_default(tmp_path):
    r, out = _build(tmp_path)
    assert r.exit_code == 0, r.output
    body = _body(out)
    assert body.find(f"{W}sectPr/{W}titlePg") is None
    assert not any(True for _ in body.iter(f"{W}framePr"))
    assert any("印发" in "".join(t.text for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p"))


def test_bad_layout_value_is_a_chinese_message(tmp_path):
    r, out = _build(tmp_path, layout="便函")
    assert r.exit_code in (1, 2) and "document.layout" in r.output and "信函格式" in r.output, r.output
    assert "Traceback" not in r.output and not out.exists()


def test_audit_is_silent_on_the_letter_and_flags_a_moved_mark(tmp_path):
    r, out = _build(tmp_path, layout="信函格式", copy_number="000123", urgency="特急")
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["check", str(out), "-f", "json", "--spelling", "off", "--select", "GW9"])
    found = json.loads(r.output)
    items = [f for x in found["files"] for f in x["findings"]]
    assert items == [], items
    from gwreport.layout_gongwen import audit

    assert audit(out) == []
    # the same letter with its mark frame moved 20 mm down is flagged, and a letter without
    # its red double line too
    with zipfile.ZipFile(out) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    fr = next(root.iter(f"{W}framePr"))
    fr.set(f"{W}y", str(int(fr.get(f"{W}y")) + 1134))
    moved = tmp_path / "moved.docx"
    _write(moved, parts, root)
    assert [f.rule for f in audit(moved)] == ["GW930"], [(f.rule, f.message) for f in audit(moved)]
    root = etree.fromstring(parts["word/document.xml"])
    for st in list(root.iter(f"{W}pStyle")):
        if st.get(f"{W}val") == "GwRedLine":  # the two double-line paragraphs
            p = st.getparent().getparent()
            p.getparent().remove(p)
    bare = tmp_path / "bare.docx"
    _write(bare, parts, root)
    assert "GW931" in [f.rule for f in audit(bare)]


def _write(path, parts, root):
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, etree.tostring(root) if n == "word/document.xml" else data)


def test_skeleton_documents_the_layout_switch(tmp_path):
    out = tmp_path / "new.yaml"
    r = CliRunner().invoke(app, ["new", "inspection-notice", "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert "# layout: 文件格式" in text or "layout:" in text
    assert "信函格式" in text
