"""`gwreport build` end to end, as a clerk runs it."""
import shutil

import pytest
from typer.testing import CliRunner

from gwreport.cli import app
from gwreport.findings import Finding

runner = CliRunner()


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_build_writes_docx_named_after_title(tmp_path, sample_yaml, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = _run("build", sample_yaml)
    assert r.exit_code == 0, r.output
    out = tmp_path / "青石镇人民政府关于2024年第三季度政府网站与政务新媒体自查情况的报告.docx"
    assert out.is_file()
    import docx
    texts = [p.text for p in docx.Document(out).paragraphs]
    assert "特此报告。" in texts and "一、总体情况" in texts


def test_build_refuses_to_overwrite_input(tmp_path, sample_yaml):
    facts = tmp_path / "facts.yaml"
    shutil.copy(sample_yaml, facts)
    before = facts.read_bytes()
    r = _run("build", facts, "-o", facts)
    assert r.exit_code != 0
    assert "扩展名应为 .docx" in r.output
    assert facts.read_bytes() == before


def test_invalid_facts_exit_1_and_nothing_written(tmp_path, sample_yaml):
    facts = tmp_path / "bad.yaml"
    facts.write_text(sample_yaml.read_text(encoding="utf-8").replace("  total: 1\n", "  total: 很多\n", 1),
                     encoding="utf-8")
    out = tmp_path / "out.docx"
    r = _run("build", facts, "-o", out)
    assert r.exit_code == 1
    assert "websites.total：应为非负整数，实际为“很多”" in r.output
    assert "Traceback" not in r.output
    assert not out.exists()


def test_missing_file_is_exit_2(tmp_path):
    r = _run("build", tmp_path / "nope.yaml")
    assert r.exit_code == 2 and "找不到事实文件" in r.output


def _stub_checker(config=None):
    """A stand-in proofreader: one error on the title line."""
    def check(units, known):
        title = next(u for u in units if u.role == "title")
        return [Finding("GW999", "error", title.line, 1, title.line, 3, title.text[:2], "测试用错误")]
    return check


def test_proofreader_errors_stop_the_build_unless_forced(tmp_path, sample_yaml, monkeypatch):
    monkeypatch.setattr("gwreport.pipeline.default_checker", _stub_checker)
    out = tmp_path / "r.docx"
    r = _run("build", sample_yaml, "-o", out)
    assert r.exit_code == 1 and not out.exists()
    assert "GW999" in r.output and "未生成文档" in r.output
    r = _run("build", sample_yaml, "-o", out, "--force")
    assert r.exit_code == 0 and out.exists()


def test_no_check_skips_proofreader(tmp_path, sample_yaml, monkeypatch):
    monkeypatch.setattr("gwreport.pipeline.default_checker", _stub_checker)
    r = _run("build", sample_yaml, "-o", tmp_path / "r.docx", "--no-check")
    assert r.exit_code == 0


def test_sample_builds_clean_with_real_proofreader(tmp_path, sample_yaml):
    pytest.importorskip("gwreport.proofread")
    from gwreport.genre import GenreRegistry
    from gwreport.pipeline import build_file, default_checker
    r = build_file(sample_yaml, GenreRegistry(), checker=default_checker())
    assert [f for f in r.findings if f.severity == "error"] == []


def test_version_and_help_are_chinese():
    r = _run("--version")
    assert r.exit_code == 0 and r.output.startswith("gwreport ")
    r = _run("--help")
    assert "用法" in r.output and "显示本帮助并退出" in r.output


def test_help_lists_arguments_once():
    r = _run("build", "--help")
    assert r.output.count("参数:") == 1
    assert "事实文件（.yaml）" in r.output
