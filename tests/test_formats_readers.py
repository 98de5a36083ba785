"""Readers for .doc/.wps/.rtf/.odt (LibreOffice), .pdf (pypdfium2), .ofd (GB/T 33190) and .html.

The files in tests/data/formats/ were made by scripts/make_format_fixtures.py: LibreOffice wrote
the .docx/.doc/.rtf/.odt/.pdf from one python-docx source, the scanned PDF is an image of a page,
the .ofd follows the GB/T 33190 package structure, the pages are saved article pages.
"""
from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

from gwreport.errors import GwError, InputError
from gwreport.formats import place, place_zh
from gwreport.pdf import find_soffice
from gwreport.readers import read_draft

DATA = Path(__file__).parent / "data" / "formats"
needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="未安装 LibreOffice（soffice）")

BODY_START = "按照县政府办公室关于开展政府网站和政务新媒体自查工作的通知要求"
TITLE = "关于青石镇2024年政府网站自查情况的报告"


def texts(draft):
    return [u.text for u in draft.units if u.text.strip()]


@pytest.fixture(scope="session")
def docx_paragraphs():
    return texts(read_draft(DATA / "draft.docx"))


@needs_soffice
@pytest.mark.parametrize("name", ["draft.doc", "draft.wps", "draft.rtf", "draft.odt"])
def test_office_files_read_as_the_docx_they_came_from(name, docx_paragraphs):
    src = DATA / name
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    d = read_draft(src)
    assert d.kind == "docx" and d.source_kind == name.split(".")[1] and d.path == str(src)
    assert texts(d) == docx_paragraphs
    assert d.document is not None  # the layout rules (GW9xx) have a document to look at
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before


def test_missing_libreoffice_names_the_package(monkeypatch):
    monkeypatch.setattr("gwreport.pdf.find_soffice", lambda: None)
    with pytest.raises(GwError) as e:
        read_draft(DATA / "draft.doc")
    assert "libreoffice-writer" in e.value.message and ".doc" in e.value.message


@needs_soffice
def test_a_damaged_doc_is_reported_not_crashed(tmp_path):
    bad = tmp_path / "坏文件.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00garbage" * 50)
    with pytest.raises(InputError) as e:
        read_draft(bad)
    assert "坏文件.doc" in e.value.message


def test_pdf_paragraphs_are_rebuilt_and_running_header_and_page_numbers_dropped(docx_paragraphs):
    d = read_draft(DATA / "draft.pdf")
    assert d.kind == "pdf" and d.document is None
    got = texts(d)
    assert got == docx_paragraphs
    joined = "".join(got)
    assert "青石镇人民政府文件" not in joined  # the running header
    assert "—" not in joined  # "— 1 —" page numbers


def test_pdf_positions_are_page_and_line_of_the_printed_page():
    d = read_draft(DATA / "draft.pdf")
    unit = next(u for u in d.units if u.text.startswith(BODY_START))
    assert place(d, unit.line, 1) == {"page": 1, "line": 5}
    # a character further on lies on a later printed line of the same paragraph
    col = unit.text.index("现将自查") + 1
    assert place(d, unit.line, col) == {"page": 1, "line": 8}
    last = d.units[-1]
    assert place(d, last.line)["page"] == 2
    assert place_zh(d, unit.line, 1) == "第1页第5行"


def test_scanned_pdf_without_text_layer_gets_a_clear_message():
    with pytest.raises(InputError) as e:
        read_draft(DATA / "scanned.pdf")
    assert "扫描件" in e.value.message and "OCR" in e.value.message


def test_a_file_named_pdf_that_is_not_one_is_refused(tmp_path):
    fake = tmp_path / "x.pdf"
    fake.write_text("不是 PDF", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_draft(fake)
    assert "x.pdf" in e.value.message


@pytest.mark.slow
@needs_soffice
def test_pdf_of_a_gb9704_report_gives_back_every_paragraph(tmp_path, sample_yaml):
    """A report gwreport did not lay out for this test: justified text, 版头, page numbers."""
    from gwreport.pdf import to_pdf
    from typer.testing import CliRunner
    from gwreport.cli import app
    out = tmp_path / "r.docx"
    r = CliRunner().invoke(app, ["build", str(sample_yaml), "-o", str(out)])
    assert r.exit_code == 0, r.output
    to_pdf(out, tmp_path / "r.pdf")
    want = [u.text.strip() for u in read_draft(out).units if u.text.strip()]
    assert texts(read_draft(tmp_path / "r.pdf")) == want


def test_ofd_package_is_valid_gbt33190_structure():
    from lxml import etree
    with zipfile.ZipFile(DATA / "draft.ofd") as z:
        names = z.namelist()
        assert {"OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml"} <= set(names)
        pages = [n for n in names if n.startswith("Doc_0/Pages/") and n.endswith("/Content.xml")]
        assert len(pages) >= 2
        for n in names:
            etree.fromstring(z.read(n))  # every part is well-formed XML


def test_ofd_text_paragraphs_and_positions(docx_paragraphs):
    d = read_draft(DATA / "draft.ofd")
    assert d.kind == "ofd"
    assert texts(d) == [t.replace(" ", "") for t in docx_paragraphs]
    assert "青石镇人民政府文件" not in "".join(texts(d))
    unit = next(u for u in d.units if u.text.startswith("我镇将以此次自查"))
    assert place(d, unit.line)["page"] == 2


def test_ofd_with_a_broken_part_names_it(tmp_path):
    bad = tmp_path / "bad.ofd"
    with zipfile.ZipFile(DATA / "draft.ofd") as src, zipfile.ZipFile(bad, "w") as dst:
        for n in src.namelist():
            data = src.read(n)
            dst.writestr(n, data[:40] if n.endswith("Page_0/Content.xml") else data)
    with pytest.raises(InputError) as e:
        read_draft(bad)
    assert "Page_0/Content.xml" in e.value.message


def test_ofd_xml_entities_are_not_expanded(tmp_path):
    bomb = tmp_path / "bomb.ofd"
    evil = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "啊啊啊啊啊啊啊啊">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c SYSTEM "file:///etc/passwd">]>'
            '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>'
            '<ofd:TextObject Boundary="0 0 10 10" Size="5"><ofd:TextCode X="0" Y="5">&b;&c;</ofd:TextCode>'
            '</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>')
    with zipfile.ZipFile(DATA / "draft.ofd") as src, zipfile.ZipFile(bomb, "w") as dst:
        for n in src.namelist():
            dst.writestr(n, evil if n.endswith("Page_0/Content.xml") else src.read(n))
    try:
        d = read_draft(bomb)
    except InputError:
        return
    assert "root:" not in "".join(texts(d))
    assert "啊啊啊啊啊啊啊啊啊" not in "".join(texts(d))


@pytest.mark.parametrize("name", ["page.html", "page_gbk.html"])
def test_html_main_text_without_navigation_footer_or_scripts(name):
    d = read_draft(DATA / name)
    assert d.kind == "html"
    got = texts(d)
    assert got[0] == TITLE and d.units[0].role == "title"
    assert any(t.startswith(BODY_START) for t in got)
    joined = "\n".join(got)
    for noise in ("首页", "当前位置", "上一篇", "热点信息", "网站标识码", "备案号", "_hmt", "jquery", "统计代码"):
        assert noise not in joined
    assert place(d, 1) == {"line": 1}
