"""gwreport check / rules end to end: JSON contract, exit codes, --fix, Word comments, config."""
from __future__ import annotations

import json
import zipfile

import pytest
from typer.testing import CliRunner

from gwreport.cli import app

from .test_check_readers import make_docx

runner = CliRunner()
DRAFT = "关于检查情况的报告\n县政府办公室：\n经检查,共发现问题3个，已按装设备。\n1、完善制度\n"


def invoke(args, cwd=None, **kw):
    import os
    old = os.getcwd()
    if cwd:
        os.chdir(cwd)
    try:
        return runner.invoke(app, args, **kw)
    finally:
        os.chdir(old)


@pytest.fixture
def draft(tmp_path):
    p = tmp_path / "draft.txt"
    p.write_text(DRAFT, encoding="utf-8")
    return p


def test_json_contract(draft, tmp_path):
    r = invoke(["check", str(draft), "--format", "json", "--spelling", "off"], cwd=tmp_path)
    assert r.exit_code == 1, r.output
    data = json.loads(r.stdout)
    assert set(data) == {"files", "summary"}
    f0 = data["files"][0]
    assert f0["path"] == str(draft)
    keys = ["rule", "severity", "line", "column", "end_line", "end_column", "text", "suggestions", "message",
            "category"]
    for f in f0["findings"]:
        assert list(f) == keys
    lex = [f for f in f0["findings"] if f["rule"] == "GW101"][0]
    assert (lex["line"], lex["column"], lex["end_column"], lex["text"], lex["suggestions"]) == \
        (3, 14, 16, "按装", ["安装"])
    assert {k: data["summary"][k] for k in ("files", "errors", "warnings", "infos")} == {"files": 1, "errors": 1, "warnings": 2, "infos": 0}
    assert data["summary"]["severe"] == 0 and data["summary"]["leaders_as_of"]


def test_console_plain_when_piped(draft, tmp_path):
    r = invoke(["check", str(draft), "--spelling", "off"], cwd=tmp_path)
    assert r.exit_code == 1
    assert f"{draft}:3:14:" in r.stdout and "【按装】" in r.stdout and "\x1b[" not in r.stdout
    assert "建议：安装" in r.stdout


def test_clean_exit_zero(tmp_path):
    p = tmp_path / "ok.txt"
    p.write_text("经检查，共发现问题3个。\n", encoding="utf-8")
    r = invoke(["check", str(p), "--spelling", "off"], cwd=tmp_path)
    assert r.exit_code == 0 and "未发现问题" in r.stdout


def test_unreadable_exit_two(tmp_path):
    p = tmp_path / "a.pdf"
    p.write_bytes(b"%PDF-1.4")
    r = invoke(["check", str(p)], cwd=tmp_path)
    assert r.exit_code == 2 and "PDF" in r.output and "Traceback" not in r.output


def test_select_ignore(draft, tmp_path):
    r = invoke(["check", str(draft), "-f", "json", "--spelling", "off", "--select", "GW3"], cwd=tmp_path)
    rules = {f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"]}
    assert rules == {"GW301"}
    r = invoke(["check", str(draft), "-f", "json", "--spelling", "off", "--ignore", "GW101,GW5"], cwd=tmp_path)
    rules = {f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"]}
    assert "GW101" not in rules and "GW501" not in rules and r.exit_code == 0


def test_fix_text(draft, tmp_path):
    out = tmp_path / "fixed.txt"
    r = invoke(["check", str(draft), "--fix", "-o", str(out), "--spelling", "off"], cwd=tmp_path)
    assert out.read_text(encoding="utf-8").splitlines()[2:4] == ["经检查，共发现问题3个，已按装设备。", "1.完善制度"]
    assert draft.read_text(encoding="utf-8") == DRAFT  # input untouched
    assert "GW301" in r.stdout and r.exit_code == 1  # the typo still needs a human


def test_fix_refuses_to_overwrite_input(draft, tmp_path):
    r = invoke(["check", str(draft), "--fix", "-o", str(draft)], cwd=tmp_path)
    assert r.exit_code != 0 and draft.read_text(encoding="utf-8") == DRAFT


def test_fix_gbk_keeps_encoding(tmp_path):
    p = tmp_path / "g.txt"
    p.write_bytes("经检查,共发现问题。\n".encode("gbk"))
    out = tmp_path / "o.txt"
    invoke(["check", str(p), "--fix", "-o", str(out), "--spelling", "off"], cwd=tmp_path)
    assert out.read_bytes().decode("gbk") == "经检查，共发现问题。\n"


def test_fix_docx_preserves_formatting(tmp_path):
    import docx
    src = make_docx(tmp_path / "d.docx")
    before = src.read_bytes()
    out = tmp_path / "fixed.docx"
    r = invoke(["check", str(src), "--fix", "-o", str(out), "--spelling", "off"], cwd=tmp_path)
    assert r.exit_code == 0, r.output
    assert src.read_bytes() == before
    p = docx.Document(str(out)).paragraphs[2]
    assert p.text == "经检查，共发现问题3个。"
    assert [run.bold for run in p.runs] == [None, True, None]  # the bold run kept its format
    assert p.runs[1].text == "，共发现"


def test_docx_comments(tmp_path):
    import docx
    src = make_docx(tmp_path / "d.docx")
    d0 = docx.Document(str(src))
    d0.add_paragraph("2021-2025年").add_run("规划")
    d0.save(str(src))
    out = tmp_path / "审校稿.docx"
    r = invoke(["check", str(src), "--format", "docx", "-o", str(out), "--spelling", "off"], cwd=tmp_path)
    assert r.exit_code == 0, r.output  # warnings only
    d = docx.Document(str(out))
    comments = list(d.comments)
    assert len(comments) >= 2
    assert any("GW301" in c.text for c in comments) and any("GW307" in c.text for c in comments)
    last = d.paragraphs[-1]
    assert last.text == "2021-2025年规划"
    assert d.paragraphs[2].text == "经检查,共发现问题3个。"  # text unchanged, only annotated
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode()
    assert "commentRangeStart" in xml
    assert not (tmp_path / "d.docx").read_bytes() == out.read_bytes()


def test_docx_format_needs_docx_input(draft, tmp_path):
    r = invoke(["check", str(draft), "--format", "docx", "-o", str(tmp_path / "x.docx")], cwd=tmp_path)
    assert r.exit_code == 2 and ".docx" in r.output


def test_config_file_upward(draft, tmp_path):
    (tmp_path / ".gwreport.yaml").write_text("rules:\n  GW301: off\nallow: [按装]\n", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    r = invoke(["check", str(draft), "-f", "json", "--spelling", "off"], cwd=sub)
    rules = {f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"]}
    assert "GW301" not in rules and "GW101" not in rules and "GW501" in rules


def test_user_pack(draft, tmp_path):
    (tmp_path / "my.yaml").write_text(
        "rules:\n- id: USR001\n  type: existence\n  severity: error\n  message: 本单位禁用“{match}”\n"
        "  tokens: [完善制度]\n", encoding="utf-8")
    (tmp_path / ".gwreport.yaml").write_text("extra_packs: [my.yaml]\n", encoding="utf-8")
    r = invoke(["check", str(draft), "-f", "json", "--spelling", "off"], cwd=tmp_path)
    f = [x for x in json.loads(r.stdout)["files"][0]["findings"] if x["rule"] == "USR001"]
    assert f and f[0]["message"] == "本单位禁用“完善制度”"


@pytest.mark.parametrize("body,word", [
    ("rules:\n- id: U1\n  type: existence\n  regex: true\n  tokens: ['[未闭合']\n", "正则"),
    ("rules:\n- id: U1\n  type: magic\n  tokens: [x]\n", "magic"),
    ("rules: [\n", "YAML"),
])
def test_bad_user_pack(draft, tmp_path, body, word):
    (tmp_path / "bad.yaml").write_text(body, encoding="utf-8")
    (tmp_path / ".gwreport.yaml").write_text("extra_packs: [bad.yaml]\n", encoding="utf-8")
    r = invoke(["check", str(draft)], cwd=tmp_path)
    assert r.exit_code == 2 and word in r.output and "bad.yaml" in r.output and "Traceback" not in r.output


def test_bad_config(draft, tmp_path):
    (tmp_path / ".gwreport.yaml").write_text("severity:\n  GW101: fatal\n", encoding="utf-8")
    r = invoke(["check", str(draft)], cwd=tmp_path)
    assert r.exit_code == 2 and "severity" in r.output and ".gwreport.yaml" in r.output


def test_severity_override(draft, tmp_path):
    (tmp_path / ".gwreport.yaml").write_text("severity:\n  GW101: info\n", encoding="utf-8")
    r = invoke(["check", str(draft), "-f", "json", "--spelling", "off"], cwd=tmp_path)
    assert r.exit_code == 0
    assert json.loads(r.stdout)["summary"]["errors"] == 0


def test_rules_command(tmp_path):
    r = invoke(["rules"], cwd=tmp_path)
    assert r.exit_code == 0 and "GW101" in r.stdout and "GB/T 15834" in r.stdout
    data = json.loads(invoke(["rules", "--format", "json"], cwd=tmp_path).stdout)
    ids = {d["id"] for d in data}
    assert {"GW101", "GW301", "GW502", "GW601", "GW701", "GW801"} <= ids
    gw103 = [d for d in data if d["id"] == "GW103"][0]
    assert gw103["enabled"] is False and gw103["source"]


def test_several_files_and_stdin(draft, tmp_path):
    r = invoke(["check", str(draft), "-", "-f", "json", "--spelling", "off"], cwd=tmp_path,
               input="经检查,共发现问题。\n".encode())
    data = json.loads(r.stdout)
    assert [f["path"] for f in data["files"]] == [str(draft), "-"]
    assert data["summary"]["files"] == 2


def test_mixed_readable_and_unreadable_exit_two(draft, tmp_path):
    bad = tmp_path / "old.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    r = invoke(["check", str(draft), str(bad), "-f", "json", "--spelling", "off"], cwd=tmp_path)
    assert r.exit_code == 2
    assert [f["path"] for f in json.loads(r.stdout)["files"]] == [str(draft)]


def test_colours_only_on_a_terminal(monkeypatch, capsys):
    import sys

    from gwreport.output import console

    from gwreport.findings import Finding, TextUnit

    class D:
        path = "d.txt"
        units = [TextUnit(1, "已按装设备。")]

    results = [(D(), [Finding("GW101", "error", 1, 2, 1, 4, "按装", "疑似错别字", ["安装"])])]
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    console.render(results)
    assert "\x1b[" in capsys.readouterr().out
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    console.render(results)
    out = capsys.readouterr().out
    assert "\x1b[" not in out and "d.txt:1:2:" in out and "【按装】" in out
