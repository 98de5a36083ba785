"""Ctrl-C during a parallel batch: workers stop, the finished rows are summarised, nothing is
half-written, the folder lock is released (a real SIGINT to the process group, as a terminal sends)."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from .material import SAMPLES


def _table(folder, n):
    with open(SAMPLES / "batch" / "填报表.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(head)
    for i in range(n):
        r = list(body[i % len(body)])
        r[0] = f"第{i + 1}测试镇人民政府"
        w.writerow(r)
    (folder / "t.csv").write_text(buf.getvalue(), encoding="utf-8")
    (folder / "base.yaml").write_bytes((SAMPLES / "batch" / "base.yaml").read_bytes())


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX process groups")
def test_sigint_keeps_finished_rows(tmp_path):
    _table(tmp_path, 120)
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    p = subprocess.Popen([sys.executable, "-c", "from gwreport.cli import main; main()", "batch", "t.csv",
                          "--base", "base.yaml", "-o", "out", "-j", "2", "--no-check"],
                         cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                         start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.glob("*.docx")) and p.poll() is None:
        time.sleep(0.05)
    assert p.poll() is None, "batch finished before it could be interrupted"
    os.killpg(p.pid, signal.SIGINT)
    try:
        stdout, stderr = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        raise AssertionError("batch did not stop after Ctrl-C")
    err = stderr.decode("utf-8")
    assert p.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "已中断" in err and "个单位未生成" in err, err
    rows = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert 0 < len(rows) < 120
    for r in rows:  # every row the summary lists is complete on disk
        assert r["status"] == "ok", r
        with zipfile.ZipFile(out / r["output"]) as z:
            assert "word/document.xml" in z.namelist()
    docs = {p.name for p in out.glob("*.docx")}
    assert docs == {r["output"] for r in rows}
    assert not list(out.glob(".~*")) and not (out / ".gwreport-batch.lock").exists()
