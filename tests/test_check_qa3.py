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
