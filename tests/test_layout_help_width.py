"""`--help` measured in terminal columns (cli_zh's patch of click): a Chinese character is two
columns wide, so descriptions line up and no line runs past the terminal width."""
from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from gwreport.cli import app
from gwreport.cli_zh import _cjk_chunks, _short_help, display_width

COMMANDS = ["", "build", "check", "rules", "genres", "new", "schema", "batch", "format", "pdf", "serve"]


def _help(cmd: str, monkeypatch) -> str:
    monkeypatch.setenv("COLUMNS", "80")
    r = CliRunner().invoke(app, ([cmd] if cmd else []) + ["--help"])
    assert r.exit_code == 0, r.output
    return r.output


def test_display_width():
    assert display_width("abc") == 3
    assert display_width("仿宋_GB2312") == 11
    assert display_width("（，）") == 6
    assert display_width("\x1b[1m粗\x1b[0m") == 2


@pytest.mark.parametrize("cmd", COMMANDS)
def test_no_help_line_is_wider_than_the_terminal(cmd, monkeypatch):
    lines = _help(cmd, monkeypatch).splitlines()
    too_wide = [line for line in lines if display_width(line) > 80]
    assert not too_wide
    # no line starts with closing punctuation (Chinese line-breaking rule)
    assert not [line for line in lines if re.match(r"\s*[，。、；：）》”]", line)]


def test_option_descriptions_start_in_one_column(monkeypatch):
    out = _help("build", monkeypatch)
    cols = set()
    for line in out.split("选项:")[1].splitlines():
        m = re.match(r"^(  -\S.*?\S)(\s{2,})(\S)", line)
        if m:
            cols.add(display_width(m.group(1) + m.group(2)))
    assert len(cols) == 1, cols  # "-o, --output 路径" and "--force" descriptions line up


def test_command_summaries_fit_and_end_cleanly(monkeypatch):
    out = _help("", monkeypatch)
    rows = [line for line in out.split("命令:")[1].splitlines() if line.strip()]
    assert len(rows) == len(COMMANDS) - 1
    for line in rows:
        assert display_width(line) <= 80
        assert not line.rstrip().endswith(("，...", "、..."))


def test_short_help_and_chunks():
    text = "把 Word 草稿（.docx）按 GB/T 9704 排版：页面、页边距、字体字号、页码，文字一字不改。"
    short = _short_help(text, 40)
    assert short.endswith("...") and display_width(short) <= 40
    assert _short_help("列出可用的体裁。第二句。", 40) == "列出可用的体裁。"
    assert _cjk_chunks(["仿宋_GB2312，黑体（宋）"]) == ["仿", "宋", "_GB2312，", "黑", "体", "（宋）"]
