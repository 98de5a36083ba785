"""Readers: encodings, .md, .docx order and numbering, unreadable inputs exit 2."""
from __future__ import annotations

import io
import sys

import pytest

from gwreport.errors import InputError
from gwreport.readers import read_draft

TEXT = "关于检查情况的报告\n县政府办公室：\n经检查,共发现问题3个。\n"


@pytest.mark.parametrize("enc,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""),
                                     ("gb18030", b"")])
def test_text_encodings(tmp_path, enc, bom):
    p = tmp_path / "d.txt"
    p.write_bytes(bom + TEXT.encode(enc))
    d = read_draft(p)
    assert [u.text for u in d.units] == TEXT.splitlines()
    assert d.units[2].line == 3


def test_crlf_and_trailing(tmp_path):
    p = tmp_path / "d.txt"
    p.write_bytes(TEXT.replace("\n", "\r\n").encode())
    d = read_draft(p)
    assert d.units[0].text == "关于检查情况的报告" and d.newline == "\r\n"


def test_markdown_heading_columns(tmp_path):
    p = tmp_path / "d.md"
    p.write_text("# 关于检查情况的报告\n\n| 栏目 | 数量 |\n|---|---|\n| 共计 | 3 |\n", encoding="utf-8")
    d = read_draft(p)
    assert d.units[0].text.endswith("关于检查情况的报告") and len(d.units[0].text) == len("# 关于检查情况的报告")
    assert d.units[2].role == "table_cell" and d.units[3].role == "empty"


@pytest.mark.parametrize("name,data,word", [
    ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "docx"),
    ("a.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "docx"),
    ("a.pdf", b"%PDF-1.4\n", "PDF"),
    ("a.docx", b"PK\x03\x04garbage", "损坏"),
    ("a.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "密码"),
    ("a.docx", b"not a zip at all", "损坏"),
    ("a.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "docx"),
])
def test_unreadable_inputs(tmp_path, name, data, word):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(InputError) as e:
        read_draft(p)
    assert word in e.value.message and e.value.exit_code == 2


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as e:
        read_draft(tmp_path / "无.txt")
    assert "找不到" in e.value.message


def test_size_limit(tmp_path, monkeypatch):
    import gwreport.readers as r
    monkeypatch.setattr(r, "MAX_TEXT_BYTES", 10)
    p = tmp_path / "big.txt"
    p.write_text("一" * 100, encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_draft(p)
    assert "太大" in e.value.message


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("第一行\n第二行\n".encode("gbk"))))
    d = read_draft("-")
    assert [u.text for u in d.units] == ["第一行", "第二行"] and d.path == "-"


def make_docx(path):
    import docx
    doc = docx.Document()
    doc.add_paragraph("关于检查情况的报告")
    doc.add_paragraph("")
    p = doc.add_paragraph("经检查")
    p.add_run(",共发现").bold = True
    p.add_run("问题3个。")
    t = doc.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "栏目"
    t.cell(0, 1).text = "数量"
    t.cell(1, 0).text = "合计"
    t.cell(1, 1).text = "3 个"
    doc.add_paragraph("特此报告。")
    doc.save(str(path))
    return path


def test_docx_order_and_numbering(tmp_path):
    d = read_draft(make_docx(tmp_path / "d.docx"))
    texts = [u.text for u in d.units]
    assert texts == ["关于检查情况的报告", "", "经检查,共发现问题3个。", "栏目", "数量", "合计", "3 个", "特此报告。"]
    assert [u.line for u in d.units] == list(range(1, 9))
    assert d.units[1].role == "empty" and d.units[3].role == "table_cell"
    assert len(d.paragraphs) == len(d.units)


def test_docx_line_numbers_match_document_model(tmp_path):
    """A built .docx read back gives the same numbering as Document.text_units() (DESIGN §3)."""
    writer = pytest.importorskip("gwreport.docx_writer")
    from gwreport.model import Document, parse_body
    doc = Document(title="关于检查情况的报告",
                   body=parse_body("# 基本情况\n经检查，共发现问题3个。\n| 栏目 | 数量 |\n|---|---|\n"
                                   "| 合计 | 3 |\n## 措施\n加强管理。"),
                   addressee="县政府办公室", signature="河西镇人民政府", date="2024年5月16日",
                   doc_number="河政报〔2024〕5号", attachments=["情况表"], cc=["县委办公室"])
    out = tmp_path / "m.docx"
    writer.write_docx(doc, out)
    expected = [(u.line, u.text) for u in doc.text_units()]
    assert [(u.line, u.text) for u in read_draft(out).units] == expected
