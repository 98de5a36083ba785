"""Regressions for the QA findings on `gwreport batch` (one test per finding)."""
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from gwreport.batch import run_batch
from gwreport.cli import app

ROOT = Path(__file__).resolve().parents[1]
BATCH = ROOT / "samples" / "batch"
BASE = BATCH / "base.yaml"


def _run(*args):
    return CliRunner().invoke(app, ["batch", *map(str, args)])


def test_render_string_compiles_each_template_text_once(monkeypatch):
    from gwreport import render
    env = render.env_for(None)
    calls = []
    real = env.from_string

    def counting(text, *a, **k):
        calls.append(text)
        return real(text, *a, **k)

    monkeypatch.setattr(env, "from_string", counting)
    if hasattr(render, "_string_template"):
        render._string_template.cache_clear()
    text = "关于{{ unit.name }}自查情况的报告（QA缓存测试）"
    for name in ("甲镇", "乙镇", "丙镇"):
        assert render.render_string(text, {"unit": {"name": name}}) == f"关于{name}自查情况的报告（QA缓存测试）"
    assert calls.count(text) == 1
