"""Issue 15's "also found by a new user": -h, Chinese placeholders in help, --template vs
--templates, a self-sufficient `new --table` workbook, summary.xlsx on one page width, unit names
kept whole in generated tables, a progress bar for a long one-file check on a terminal."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from gwreport.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ["build", "check", "rules", "new", "batch", "format", "pdf", "genres"]


def test_dash_h_is_help_everywhere_and_placeholders_are_chinese():
    r = runner.invoke(app, ["-h"])
    assert r.exit_code == 0 and "用法" in r.output
    for cmd in COMMANDS:
        r = runner.invoke(app, [cmd, "-h"])
        assert r.exit_code == 0, (cmd, r.output)
        usage = r.output.splitlines()[0]
        assert usage.startswith(f"用法 gwreport {cmd}")
        assert not any(w in r.output for w in ("FACTS", "GENRE", "FILES", "TABLE", "DRAFT", "FILE.docx", "PATH", "TEXT"))
    assert "事实文件" in runner.invoke(app, ["build", "-h"]).output.splitlines()[0]
    assert runner.invoke(app, ["new", "-h"]).output.splitlines()[0].endswith("体裁")


def test_template_and_templates_say_which_was_meant(tmp_path):
    ref = tmp_path / "参考.docx"
    docx.Document().save(ref)
    sample = ROOT / "samples" / "website-selfcheck.yaml"
    r = runner.invoke(app, ["build", str(sample), "--templates", str(ref), "-o", str(tmp_path / "x.docx")])
    assert r.exit_code != 0 and "--template " in r.output and "单数" in r.output and "不存在" not in r.output
    r = runner.invoke(app, ["build", str(sample), "--template", str(tmp_path), "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 2 and "--templates" in r.output and "文件夹" in r.output
    r = runner.invoke(app, ["genres", "--templates", str(tmp_path / "没有.docx")])
    assert r.exit_code != 0 and "--template" in r.output
    assert not (tmp_path / "x.docx").exists()


def _fill_like_a_clerk(table: Path, units: list[str]) -> None:
    """Each unit's rows copied from the example rows (row 3 on), the example rows then deleted."""
    wb = load_workbook(table)
    for sheet in wb.worksheets:
        if sheet.title == "说明" or sheet.max_row < 3:
            continue
        examples = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)
                    if str(row[0].value or "").startswith("示例")]
        r = 3 + len(examples)
        for unit in units:
            for ex in examples:
                for j, v in enumerate(ex, 1):
                    sheet.cell(r, j, unit if j == 1 else v)
                r += 1
        sheet.delete_rows(3, len(examples))
    wb.save(table)


@pytest.mark.slow
def test_new_table_workbook_is_enough_for_batch(tmp_path):
    os.chdir(tmp_path)
    try:
        r = runner.invoke(app, ["new", "website-selfcheck", "--table", "-o", "填报表.xlsx"])
        assert r.exit_code == 0 and "填报表-公共事实.yaml" in r.output and "gwreport batch 填报表.xlsx -o" in r.output
        info = [c.value for c in load_workbook("填报表.xlsx")["说明"]["A"] if c.value]
        assert any("website-selfcheck" in v for v in info) and any("填报表-公共事实.yaml" in v for v in info)
        assert not any("--base 公共事实.yaml" in v for v in info)
        _fill_like_a_clerk(tmp_path / "填报表.xlsx", ["青石镇人民政府", "白沙镇人民政府"])
        r = runner.invoke(app, ["batch", "填报表.xlsx", "-o", "输出"])  # no --base, no --genre
        assert r.exit_code == 0, r.output
        assert sorted(p.name for p in (tmp_path / "输出").glob("*.docx")) == ["白沙镇人民政府.docx", "青石镇人民政府.docx"]
        assert "填报表-公共事实.yaml" in r.stderr
        # the summary prints on one page width
        ws = load_workbook(tmp_path / "输出" / "summary.xlsx")["汇总"]
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_area and ws.print_title_rows == "$1:$1"
        assert ws.column_dimensions["B"].width >= 2 * len("青石镇人民政府")
        assert sum(ws.column_dimensions[c].width for c in "ABCDEFG") < 180
        # without the shared facts file the genre still comes from the workbook
        (tmp_path / "填报表-公共事实.yaml").unlink()
        r = runner.invoke(app, ["batch", "填报表.xlsx", "-o", "输出2"])
        assert "需要知道体裁" not in r.output and "不存在" in r.stderr
    finally:
        os.chdir(ROOT)


def test_unit_names_are_not_broken_in_generated_tables():
    from gwreport.docx_writer import column_widths, text_width
    head = ["序号", "单位", "网站数", "不合格网站数", "新媒体账号数", "抽查账号数", "不合格账号数", "问题数"]
    rows = [head] + [[str(i), name, "1", "0", "6", "6", "1", "2"] for i, name in
                     enumerate(["青石镇人民政府", "白沙镇人民政府", "东湖街道办事处"], 1)]
    total = 8844  # 156 mm
    w = column_widths(rows, 8, total, 14)
    assert sum(w) == total
    assert w[1] >= text_width("青石镇人民政府") * 280  # the name fits on one line
    assert min(w[2:]) >= 1.5 * 280  # the figure columns' headers take two lines at most
    # long text columns still share the room (the older rule is kept there)
    long_rows = [["序号", "问题", "整改措施", "状态"],
                 ["1", "部分政务新媒体账号转载信息未注明来源", "对各账号近半年转载信息逐条核查，补注来源，并明确转载审核要求", "已完成"]]
    w = column_widths(long_rows, 4, total, 14)
    assert w[3] >= 3 * 280 and w[2] > w[1] > w[0]


@pytest.mark.skipif(sys.platform == "win32", reason="pty")
def test_progress_bar_for_a_one_file_docx_check_on_a_terminal_only(tmp_path):
    import pty
    d = docx.Document()
    for _ in range(30):
        d.add_paragraph("镇党政办负责布署落实整改任务,共发现问题3个。")
    src = tmp_path / "稿.docx"
    d.save(src)
    cmd = [sys.executable, "-c", "from gwreport.cli import main; main()", "check", str(src), "-f", "docx", "-o"]
    master, slave = pty.openpty()
    p = subprocess.Popen(cmd + [str(tmp_path / "a.docx")], stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    out = b""
    while True:
        try:
            b = os.read(master, 4096)
        except OSError:
            break
        if not b:
            break
        out += b
    p.wait(timeout=120)
    os.close(master)
    tty = out.decode("utf-8", "replace")
    assert "处理 [" in tty and "2/2" in tty and "\\x1b" not in tty and "\\r" not in tty
    piped = subprocess.run(cmd + [str(tmp_path / "b.docx")], capture_output=True, text=True, timeout=120)
    assert piped.returncode in (0, 1) and piped.stderr == "" and "已写入带批注的审校稿" in piped.stdout
