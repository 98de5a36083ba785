"""Output folders and files a clerk's Windows habits run into (build, format, pdf)."""
import os

import pytest
from typer.testing import CliRunner

from gwreport.cli import app
from gwreport.docx_writer import atomic_write_bytes
from gwreport.errors import InputError

runner = CliRunner()


def test_build_into_a_missing_folder_creates_it(tmp_path, sample_yaml):
    out = tmp_path / "输出 文件夹" / "子目录" / "报告.docx"
    r = runner.invoke(app, ["build", str(sample_yaml), "--no-check", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.is_file()


def test_build_output_folder_blocked_by_a_file(tmp_path, sample_yaml):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    r = runner.invoke(app, ["build", str(sample_yaml), "--no-check", "-o", str(tmp_path / "afile" / "x.docx")])
    assert r.exit_code == 2
    assert "不是文件夹" in r.output and "Errno" not in r.output


def test_atomic_write_bytes_locked_target_chinese_message(tmp_path, monkeypatch):
    target = tmp_path / "报告.pdf"
    target.write_bytes(b"old")
    real = os.replace

    def fake(src, dst, *a, **k):
        if str(dst).endswith("报告.pdf"):
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst, *a, **k)
    monkeypatch.setattr(os, "replace", fake)
    with pytest.raises(InputError) as ei:
        atomic_write_bytes(target, b"new")
    assert "正在" in ei.value.message and "Permission" not in ei.value.message
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.pdf"]


def test_pdf_missing_font_dir_is_an_error(tmp_path, sample_yaml):
    docx = tmp_path / "a.docx"
    r = runner.invoke(app, ["build", str(sample_yaml), "--no-check", "-o", str(docx)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["pdf", str(docx), "--font-dir", str(tmp_path / "没有这个文件夹")])
    assert r.exit_code == 2
    assert "字体文件夹不存在" in r.output


def test_build_font_dir_checked_before_anything_is_written(tmp_path, sample_yaml):
    out = tmp_path / "a.docx"
    r = runner.invoke(app, ["build", str(sample_yaml), "--no-check", "--pdf", "--font-dir",
                            str(tmp_path / "没有"), "-o", str(out)])
    assert r.exit_code == 2, r.output
    assert "字体文件夹不存在" in r.output and not out.exists()


def test_build_with_a_word_template_dotx_as_reference(tmp_path, sample_yaml):
    """A unit's letterhead often lives in a Word template (.dotx); --template should accept it."""
    import zipfile

    import docx
    ref = docx.Document()
    ref.sections[0].header.paragraphs[0].text = "临川县人民政府办公室文件"
    plain = tmp_path / "ref.docx"
    ref.save(plain)
    dotx = tmp_path / "红头模板.dotx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(dotx, "w") as out:
        for name in src.namelist():
            data = src.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")
            out.writestr(name, data)
    out_docx = tmp_path / "报告.docx"
    r = runner.invoke(app, ["build", str(sample_yaml), "--no-check", "--template", str(dotx), "-o", str(out_docx)])
    assert r.exit_code == 0, r.output
    d = docx.Document(out_docx)
    assert d.sections[0].header.paragraphs[0].text == "临川县人民政府办公室文件"
    assert b"template.main" not in zipfile.ZipFile(out_docx).read("[Content_Types].xml")


def test_generated_docx_declares_chinese_not_japanese_theme_language(tmp_path, sample_yaml):
    import re
    import zipfile
    out = tmp_path / "报告.docx"
    r = runner.invoke(app, ["build", str(sample_yaml), "--no-check", "-o", str(out)])
    assert r.exit_code == 0, r.output
    settings = zipfile.ZipFile(out).read("word/settings.xml").decode("utf-8")
    assert "ja-JP" not in settings
    assert re.search(r'<w:themeFontLang [^>]*w:eastAsia="zh-CN"', settings)


def test_broken_word_files_are_named_without_python_exception_names(tmp_path, sample_yaml):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"PK\x03\x04garbage")
    r = runner.invoke(app, ["build", str(sample_yaml), "--no-check", "--template", str(bad),
                            "-o", str(tmp_path / "r.docx")])
    assert r.exit_code == 2 and "另存为 .docx" in r.output
    r2 = runner.invoke(app, ["format", str(bad), "-o", str(tmp_path / "f.docx")])
    assert r2.exit_code == 2 and "另存为 .docx" in r2.output
    for out in (r.output, r2.output):
        assert "Error" not in out and "PackageNotFound" not in out and "BadZipFile" not in out


def test_soffice_that_cannot_start_is_explained_in_chinese(tmp_path, sample_yaml, monkeypatch):
    docx_file = tmp_path / "a.docx"
    assert runner.invoke(app, ["build", str(sample_yaml), "--no-check", "-o", str(docx_file)]).exit_code == 0
    fake = tmp_path / "soffice"
    fake.write_text("not a program", encoding="utf-8")
    fake.chmod(0o644)
    monkeypatch.setenv("GWREPORT_SOFFICE", str(fake))
    r = runner.invoke(app, ["pdf", str(docx_file)])
    assert r.exit_code == 2 and "无法启动 LibreOffice" in r.output
    assert "Permission denied" not in r.output and "Errno" not in r.output and "执行权限" in r.output
