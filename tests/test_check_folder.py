"""`gwreport check 文件夹/`: walks supported files (hidden and ~$ temporary files skipped), checks
them in parallel (-j), keeps going past unreadable files, exits by the worst finding, shows a
progress bar on a terminal only."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from gwreport.check import check_files, expand_sources
from gwreport.cli import app

runner = CliRunner()
DATA = Path(__file__).parent / "data"


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "材料"
    (root / "附件").mkdir(parents=True)
    (root / ".svn").mkdir()
    shutil.copy(DATA / "check_township_draft.txt", root / "自查报告.txt")
    (root / "说明.md").write_text("# 说明\n\n全镇共检查网站栏目40个。\n", encoding="utf-8")
    d = docx.Document()
    d.add_paragraph("镇党政办负责布署落实整改任务。")
    d.save(root / "附件" / "整改方案.docx")
    d.save(root / "~$整改方案.docx")  # Word's owner file while the document is open
    shutil.copy(DATA / "formats" / "page.html", root / "附件" / "网页.html")
    (root / ".隐藏.txt").write_text("按装\n", encoding="utf-8")
    (root / ".svn" / "旧稿.txt").write_text("按装\n", encoding="utf-8")
    (root / "事实.yaml").write_text("unit: {name: 青石镇}\n", encoding="utf-8")
    (root / "坏文件.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (root / "表格.xlsx").write_bytes(b"")
    return root


def rel(paths, root):
    return [str(Path(p).relative_to(root)) for p in paths]


def test_walk_keeps_supported_files_and_skips_hidden_and_temporary(folder):
    files, problems = expand_sources([folder])
    assert rel(files, folder) == ["坏文件.docx", "自查报告.txt", "说明.md", "附件/整改方案.docx", "附件/网页.html"]
    assert problems == []
    empty = folder / "空"
    empty.mkdir()
    _, problems = expand_sources([empty])
    assert problems and "没有可校对的文件" in problems[0][1]


def test_folder_check_reports_unreadable_in_chinese_and_goes_on(folder, tmp_path):
    r = runner.invoke(app, ["check", str(folder), "--format", "json", "-j", "2"])
    assert r.exit_code == 2
    data = json.loads(r.stdout)
    paths = rel([f["path"] for f in data["files"]], folder)
    assert sorted(paths) == sorted(["自查报告.txt", "说明.md", "附件/整改方案.docx", "附件/网页.html"])
    assert data["summary"]["unreadable"] == 1 and data["summary"]["files"] == 4
    assert "坏文件.docx" in r.stderr and "损坏" in r.stderr and "Traceback" not in r.output
    # the same findings whether checked one by one or by two workers, in the same order
    r1 = runner.invoke(app, ["check", str(folder), "--format", "json", "-j", "1"])
    assert json.loads(r1.stdout) == data
    # and a 勘误表 of the whole folder, the unreadable file listed on the summary sheet
    out = tmp_path / "勘误表.xlsx"
    r = runner.invoke(app, ["check", str(folder), "-f", "xlsx", "-o", str(out), "-j", "2"])
    assert r.exit_code == 2
    wb = load_workbook(out)
    n = sum(len(f["findings"]) for f in data["files"])
    assert wb["勘误表"].max_row - 1 == n
    assert any("坏文件.docx" in str(c.value) for row in wb["汇总"].iter_rows() for c in row)


def test_exit_status_is_the_worst_finding(tmp_path):
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "a.txt").write_text("全镇共检查网站栏目40个。\n", encoding="utf-8")
    (clean / "b.txt").write_text("我镇高度重视此项工作。\n", encoding="utf-8")
    assert runner.invoke(app, ["check", str(clean), "-j", "2"]).exit_code == 0
    (clean / "c.txt").write_text("镇党政办负责布署落实。\n", encoding="utf-8")
    r = runner.invoke(app, ["check", str(clean), "-j", "2"])
    assert r.exit_code == 1 and "c.txt" in r.output
    assert runner.invoke(app, ["check", str(clean), "-j", "0"]).exit_code == 2
    r = runner.invoke(app, ["check", str(clean), "--fix", "-o", str(tmp_path / "x.txt")])
    assert r.exit_code == 2 and "文件夹" in r.output


def test_library_check_files_runs_in_parallel_and_keeps_order(folder):
    run = check_files([folder], jobs=2)
    seq = check_files([folder], jobs=1)
    assert [c.path for c in run.results] == [c.path for c in seq.results]
    assert [[f.to_json() for f in c.findings] for c in run.results] == \
        [[f.to_json() for f in c.findings] for c in seq.results]
    assert [p for p, _ in run.failed] == [str(folder / "坏文件.docx")]


def _run_on_pty(args, cwd):
    import pty
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", "from gwreport.cli import main; main()", *args],
                            cwd=cwd, stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        try:
            b = os.read(master, 4096)
        except OSError:
            break
        if not b:
            break
        chunks.append(b)
    proc.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pty")
def test_progress_bar_on_a_terminal_only(folder, tmp_path):
    shutil.rmtree(folder / ".svn")
    (folder / "坏文件.docx").unlink()
    tty = _run_on_pty(["check", str(folder), "-j", "2", "--format", "json"], tmp_path)
    assert "校对" in tty and "4/4" in tty
    piped = subprocess.run([sys.executable, "-c", "from gwreport.cli import main; main()", "check", str(folder),
                            "-j", "2", "--format", "json"], capture_output=True, text=True, timeout=120)
    assert "4/4" not in piped.stderr and piped.stderr.strip() == ""
