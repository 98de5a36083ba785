"""check --format json -o writes the JSON report to the file (atomically, guarded); -o without a file format is refused."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from gwreport.cli import app

runner = CliRunner()
DRAFT = "截止2024年9月30日，共排查隐患36处，已整改32处。\n"


def test_json_report_goes_to_the_output_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "稿.txt").write_text(DRAFT, encoding="utf-8")
    r = runner.invoke(app, ["check", "稿.txt", "-f", "json", "-o", "结果.json"])
    assert r.exit_code in (0, 1), r.output
    data = json.loads((tmp_path / "结果.json").read_text(encoding="utf-8"))
    assert [f["rule"] for f in data["files"][0]["findings"]].count("GW102") == 1
    assert "已写入 JSON 结果" in r.output and '"files"' not in r.output


def test_json_report_never_overwrites_the_draft(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "稿.json"
    d.write_text(DRAFT, encoding="utf-8")
    r = runner.invoke(app, ["check", "--force-text", "稿.json", "-f", "json", "-o", "稿.json"])
    assert r.exit_code == 2
    assert d.read_text(encoding="utf-8") == DRAFT


def test_output_without_a_file_format_is_refused_in_chinese(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "稿.txt").write_text(DRAFT, encoding="utf-8")
    r = runner.invoke(app, ["check", "稿.txt", "-o", "结果.txt"])
    assert r.exit_code == 2
    assert "--format json" in r.output and not (tmp_path / "结果.txt").exists()


def test_html_errata_never_overwrites_the_page_it_checks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "页面.html"
    html = "<html><body><article><p>截止2024年9月30日，共排查隐患36处，已整改32处。</p></article></body></html>"
    page.write_text(html, encoding="utf-8")
    r = runner.invoke(app, ["check", "页面.html", "-f", "html", "-o", "页面.html"])
    assert r.exit_code == 2
    assert page.read_text(encoding="utf-8") == html
