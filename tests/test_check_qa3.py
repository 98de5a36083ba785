"""Regressions from QA on `gwreport check` (issue 3, second round)."""
from __future__ import annotations

import json

import pytest

from .test_check_cli import invoke


def test_unreadable_file_never_summarised_as_no_problems(tmp_path):
    (tmp_path / "a.doc").write_bytes(b"x")
    r = invoke(["check", "a.doc", "--spelling", "off"], cwd=tmp_path)
    assert r.exit_code == 2
    assert "未发现问题" not in r.output and "1 个文件无法读取" in r.output
    (tmp_path / "ok.txt").write_text("经检查，共发现问题3个。\n", encoding="utf-8")
    r = invoke(["check", "a.doc", "ok.txt", "--spelling", "off"], cwd=tmp_path)
    assert r.exit_code == 2
    assert "未发现问题" not in r.output and "另有 1 个文件无法读取（a.doc）" in r.output
    r = invoke(["check", "a.doc", "ok.txt", "--spelling", "off", "-f", "json"], cwd=tmp_path)
    assert json.loads(r.stdout)["summary"]["unreadable"] == 1


@pytest.mark.parametrize("raw,newline", [
    (b"\xe5\x85\xb3\xe4\xba\x8e\r\r\xe5\xb8\x83\xe7\xbd\xb2\r", "\r"),  # 关于 / 布署, lone CR
    (b"\xe5\x85\xb3\xe4\xba\x8e\r\n\r\n\xe5\xb8\x83\xe7\xbd\xb2\r\n", "\r\n"),
    (b"\xe5\x85\xb3\xe4\xba\x8e\n\n\xe5\xb8\x83\xe7\xbd\xb2", "\n"),
])
def test_line_endings_cr_crlf_lf(tmp_path, raw, newline):
    from gwreport.readers import read_draft
    p = tmp_path / "cr.txt"
    p.write_bytes(raw)
    d = read_draft(p)
    assert [(u.line, u.text) for u in d.units] == [(1, "关于"), (2, ""), (3, "布署")]
    assert d.newline == newline


def test_cr_only_findings_on_their_own_line(tmp_path):
    (tmp_path / "cr.txt").write_bytes("关于工作的报告\r\r我镇及时布署。\r".encode())
    r = invoke(["check", "cr.txt", "-f", "json", "--spelling", "off"], cwd=tmp_path)
    f = [x for x in json.loads(r.stdout)["files"][0]["findings"] if x["rule"] == "GW101"][0]
    assert (f["line"], f["column"], f["text"]) == (3, 5, "布署")
