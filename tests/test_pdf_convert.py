"""PDF through LibreOffice: conversion, font substitution report, render check.

The conversion tests need LibreOffice (`soffice`) and poppler-utils; where they are absent the
tests are skipped with the reason shown (`pytest -rs`). CI installs them (see .ci/run).
"""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from gwreport.docx_writer import write_docx
from gwreport.errors import GwError, InputError
from gwreport.model import Document, Paragraph, parse_body
from gwreport.pdf import find_soffice, fontconfig_file, requested_fonts, to_pdf, verify_pdf

needs_soffice = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="未安装 LibreOffice（soffice）或 poppler-utils，跳过 PDF 转换测试："
           "apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai poppler-utils")

LONG = "这是用于检查分页效果的正文段落，内容较长，需要多行排版，以便检查每页二十二行、每行二十八字的版心设置是否正确。"


def long_doc() -> Document:
    body = parse_body("现将有关情况报告如下。\n# 总体情况\n" + "\n".join([LONG * 2] * 6)
                      + "\n## 具体情况\n" + "\n".join([LONG] * 6) + "\n特此报告。")
    return Document(title="某某县人民政府办公室关于政府网站自查情况的报告", body=body,
                    addressee="市人民政府办公室", signature="某某县人民政府办公室",
                    date="2024年9月30日", cc=["市委网信办"], issuer="某某县人民政府办公室",
                    issue_date="2024年9月30日")


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    if find_soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("未安装 LibreOffice（soffice）或 poppler-utils")
    folder = tmp_path_factory.mktemp("pdf")
    docx_path = folder / "报告.docx"
    write_docx(long_doc(), docx_path)
    res = to_pdf(docx_path)
    return docx_path, res


@needs_soffice
def test_pdf_beside_docx_with_same_name(converted):
    docx_path, res = converted
    assert res.pdf == docx_path.with_suffix(".pdf")
    assert res.pdf.read_bytes()[:5] == b"%PDF-"


@needs_soffice
def test_render_check_page_numbers_and_lines(converted):
    _, res = converted
    rep = verify_pdf(res.pdf)
    assert rep.ok, rep.summary()
    assert len(rep.pages) >= 2
    for p in rep.pages:
        assert p.page_label == p.number
        assert p.label_side == ("right" if p.number % 2 else "left")
        assert 3 <= p.label_gap_mm <= 11  # about 7 mm below the type area
    assert 28.4 <= rep.line_pitch_pt <= 29.5
    assert 21.5 <= rep.lines_per_page <= 22.5
    full = [p for p in rep.pages[:-1] if p.number > 1]
    assert full and all(21 <= p.text_lines <= 22 for p in full)
    assert all(27 <= p.max_chars <= 29 for p in full)  # 28 a line (+1 hanging punctuation)


@needs_soffice
def test_substitutions_reported(converted):
    _, res = converted
    text = res.report()
    if res.substitutions is None:
        assert "fc-match" in text
    elif res.substitutions:
        assert "→" in text
        assert {s.requested for s in res.substitutions} <= set(requested_fonts(converted[0]))
    else:
        assert "未替换" in text


@needs_soffice
def test_cli_pdf_verify(tmp_path):
    from typer.testing import CliRunner

    from gwreport.cli import app

    d = tmp_path / "a.docx"
    write_docx(long_doc(), d)
    out = tmp_path / "out.pdf"
    r = CliRunner().invoke(app, ["pdf", str(d), "-o", str(out), "--verify"])
    assert r.exit_code == 0, r.output
    assert out.is_file() and "页码位置与每页行数符合" in r.output


@needs_soffice
def test_verify_flags_a_document_without_page_numbers(tmp_path):
    import docx

    d = docx.Document()
    for _ in range(30):
        d.add_paragraph(LONG)
    src = tmp_path / "plain.docx"
    d.save(str(src))
    res = to_pdf(src)
    rep = verify_pdf(res.pdf)
    assert not rep.ok
    assert any("页码" in p for p in rep.problems)


def test_missing_soffice_gives_install_hint(tmp_path, monkeypatch):
    monkeypatch.setenv("GWREPORT_SOFFICE", str(tmp_path / "no-such-soffice"))
    d = tmp_path / "a.docx"
    write_docx(Document(title="标题"), d)
    with pytest.raises(GwError) as e:
        to_pdf(d)
    assert "LibreOffice" in e.value.message and "apt-get install" in e.value.message
    assert not d.with_suffix(".pdf").exists()


def test_refuses_bad_paths(tmp_path):
    d = tmp_path / "a.docx"
    write_docx(Document(title="标题"), d)
    with pytest.raises(InputError):
        to_pdf(d, tmp_path / "a.docx")
    with pytest.raises(InputError):
        to_pdf(d, tmp_path / "a.txt")
    with pytest.raises(InputError):
        to_pdf(tmp_path / "missing.docx")


def test_the_docx_is_converted_as_written(tmp_path, monkeypatch):
    """to_pdf hands LibreOffice a byte-for-byte copy of the file."""
    import subprocess

    d = tmp_path / "a.docx"
    write_docx(Document(title="标题", body=[Paragraph("正文")]), d)
    seen = {}

    def fake_run(cmd, **kw):
        if "--convert-to" not in cmd:  # pdffonts and the like
            return subprocess.CompletedProcess(cmd, 0, "", "")
        src = Path(cmd[-1])
        seen["bytes"] = src.read_bytes()
        out = Path(cmd[cmd.index("--outdir") + 1])
        (out / (src.stem + ".pdf")).write_bytes(b"%PDF-1.4\n")
        return subprocess.CompletedProcess(cmd, 0, b"", b"")

    monkeypatch.setenv("GWREPORT_SOFFICE", str(d))  # any existing file: run is faked
    monkeypatch.setattr("gwreport.pdf.subprocess.run", fake_run)
    monkeypatch.setattr("gwreport.pdf.font_substitutions", lambda *a: [])
    to_pdf(d, tmp_path / "a.pdf")
    assert seen["bytes"] == d.read_bytes()


def test_fontconfig_file_maps_every_gongwen_font():
    root = etree.parse(str(fontconfig_file())).getroot()
    tested = {m.findtext("test/string") for m in root.iter("match")}
    for name in ("方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体", "仿宋", "楷体"):
        assert name in tested
    stand_ins = {s.text for s in root.iter("string")}
    assert {"Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN"} <= stand_ins


def test_requested_fonts_are_the_used_ones(tmp_path):
    d = tmp_path / "a.docx"
    write_docx(Document(title="标题", body=parse_body("# 一\n正文")), d)
    fonts = requested_fonts(d)
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体", "宋体"} <= set(fonts)
    assert "Courier" not in fonts and "zh-CN" not in fonts


@needs_soffice
def test_signature_never_alone_on_the_last_page(tmp_path):
    # 15 one-line paragraphs fill page 1 exactly up to the signature block
    body = [Paragraph(f"这是第{i + 1}段正文，一行。") for i in range(15)]
    doc = Document(title="某某县人民政府办公室关于政府网站自查情况的报告", body=body,
                   addressee="市人民政府办公室", signature="某某县人民政府办公室", date="2024年9月30日")
    out = tmp_path / "k.docx"
    write_docx(doc, out)
    rep = verify_pdf(to_pdf(out).pdf)
    assert len(rep.pages) == 2 and rep.ok, rep.summary()
    # without keep-with-next the date and signature would stand alone: the check notices
    raw = zipfile.ZipFile(out)
    bare = tmp_path / "bare.docx"
    with zipfile.ZipFile(bare, "w") as z:
        for n in raw.namelist():
            data = raw.read(n)
            z.writestr(n, data.replace(b"<w:keepNext/>", b"") if n == "word/document.xml" else data)
    rep = verify_pdf(to_pdf(bare).pdf)
    assert any("只有发文机关署名和成文日期" in p for p in rep.problems), rep.summary()
