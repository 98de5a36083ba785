"""Batch speed: 1,000 townships generated from the sample table, --jobs 1 vs --jobs 2.

Run: .venv/bin/python benchmarks/batch_bench.py [--rows 1000] [--runs 3] [--no-check]
(takes a few minutes; other load on the machine distorts the jobs 1→2 speed-up, so the CPU share
each run got is printed too)
Prints wall time, documents per second and peak memory (the batch process and all its worker
processes together, sampled from /proc every 20 ms) for each --jobs value, and the median time
of one cold `gwreport build` of samples/website-selfcheck.yaml for comparison.
Targets (issue 5): 1,000 rows with proofreading ≤ 30× one cold build; speed-up from 1 to 2 jobs
≥ 1.6×; peak memory ≤ 1 GB.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TABLE = ROOT / "samples" / "batch" / "填报表.xlsx"
BASE = ROOT / "samples" / "batch" / "base.yaml"
SAMPLE = ROOT / "samples" / "website-selfcheck.yaml"

# Invented two-character place names: 40 × 39 = 1,560 distinct townships.
_CHARS = "青白柳桃石龙杏南清凤梅金云东西北安平长新丰和兴华德仁义福宁永泰康明光远山河湖溪岭田"


def township_names(n: int) -> list[str]:
    names = []
    for a, b in itertools.permutations(_CHARS, 2):
        names.append(f"{a}{b}镇人民政府")
        if len(names) == n:
            return names
    raise SystemExit(f"最多可生成 {len(names)} 个乡镇")


def make_table(rows: int, out: Path) -> Path:
    """Copy the sample table's rows (and their list-sheet entries) under new names."""
    from openpyxl import Workbook, load_workbook
    src = load_workbook(SAMPLE_TABLE, read_only=True)
    main = list(src["填报表"].iter_rows(values_only=True))
    lists = {name: list(src[name].iter_rows(values_only=True)) for name in src.sheetnames[1:]}
    head, data = main[0], main[1:]
    uc, sc = head.index("unit.name"), head.index("document.signature")
    dn = head.index("document.doc_number")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("填报表")
    ws.append(head)
    sheets = {name: wb.create_sheet(name) for name in lists}
    for name, rs in lists.items():
        sheets[name].append(rs[0])
    by_unit = {name: {} for name in lists}
    for name, rs in lists.items():
        for r in rs[1:]:
            by_unit[name].setdefault(r[0], []).append(r)
    for i, new in enumerate(township_names(rows)):
        row = list(data[i % len(data)])
        old = row[uc]
        row[uc] = row[sc] = new
        row[dn] = f"{new[0]}政报〔2024〕{i + 1}号"
        ws.append(row)
        for name in lists:
            for r in by_unit[name].get(old, []):
                sheets[name].append([new, *r[1:]])
    src.close()
    wb.save(out)
    return out


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out.extend(int(x) for x in fh.read().split())
    except OSError:
        pass
    return out


def _tree_rss(root: int) -> int:
    """Resident memory of root and all its descendants, in bytes (Linux /proc)."""
    page = os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        stack.extend(_children(p))
    return total


def run_measured(cmd: list[str], cwd: Path) -> tuple[float, int, int, float]:
    """(wall seconds, peak tree RSS bytes, exit code, CPU seconds of the whole tree)."""
    peak = [0]
    err = tempfile.TemporaryFile()
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    th.join()
    if proc.returncode not in (0, 1):
        err.seek(0)
        sys.stderr.write(err.read().decode("utf-8", "replace"))
        raise SystemExit(f"命令失败（{proc.returncode}）：{' '.join(cmd)}")
    # ru_maxrss (KB) is the largest single process; the sampled tree peak sums them all
    return wall, max(peak[0], ru.ru_maxrss * 1024), proc.returncode, ru.ru_utime + ru.ru_stime


def _spin(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i
    return s


def control_speedup(tasks: int = 24, n: int = 2_000_000) -> tuple[float, float, float]:
    """The same pure-Python CPU work in 1 and 2 worker processes: what the machine offers right now
    (other processes on a 2-core machine take one core from a 2-process job first)."""
    from concurrent.futures import ProcessPoolExecutor
    walls = []
    for jobs in (1, 2):
        t = time.perf_counter()
        with ProcessPoolExecutor(jobs) as ex:
            list(ex.map(_spin, [n] * tasks))
        walls.append(time.perf_counter() - t)
    return walls[0], walls[1], walls[0] / walls[1]


def main() -> None:
    ap = argparse.ArgumentParser(description="gwreport batch benchmark")
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3, help="cold builds to take the median of")
    ap.add_argument("--no-check", action="store_true", help="measure without proofreading")
    ap.add_argument("--repeat", type=int, default=2, help="runs per --jobs value, alternating; the best counts")
    a = ap.parse_args()
    exe = shutil.which("gwreport", path=str(Path(sys.executable).parent)) or shutil.which("gwreport")
    if exe is None:
        raise SystemExit("找不到 gwreport 命令")
    git = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"], capture_output=True, text=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"gwreport batch benchmark — {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"main at {git.stdout.strip()[:80] or '?'}; load average at start {load:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        table = make_table(a.rows, tmp / "填报表.xlsx")
        print(f"table: {a.rows} townships generated from {SAMPLE_TABLE.name} in {time.perf_counter() - t:.2f} s")
        colds = []
        for i in range(a.runs):
            t = time.perf_counter()
            subprocess.run([exe, "build", str(SAMPLE), "-o", str(tmp / f"cold{i}.docx")], check=True,
                           capture_output=True)
            colds.append(time.perf_counter() - t)
        cold = statistics.median(colds)
        print(f"cold `gwreport build` (proofreading on), median of {a.runs}: {cold:.3f} s")
        flags = ["--no-check"] if a.no_check else []
        walls = {}
        peaks: list[int] = []
        for rep in range(a.repeat):
            for jobs in (1, 2):
                out = tmp / f"out{jobs}-{rep}"
                wall, peak, code, cpu = run_measured([exe, "batch", str(table), "--base", str(BASE), "-o",
                                                      str(out), "--jobs", str(jobs), *flags], tmp)
                summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
                ok = sum(1 for s in summary if s["status"] == "ok")
                walls[jobs] = min(walls.get(jobs, wall), wall)
                peaks.append(peak)
                print(f"--jobs {jobs}: {wall:7.2f} s  {len(summary) / wall:7.1f} docs/s  "
                      f"peak memory {peak / 2**20:6.0f} MB  ({ok}/{len(summary)} ok, exit {code}, "
                      f"{wall / cold:.1f}× cold build; CPU {cpu:.1f} s = {cpu / wall / jobs:.0%} of {jobs} core(s))")
                shutil.rmtree(out, ignore_errors=True)
        if not a.no_check:
            out = tmp / "out-nocheck"
            wall, peak, code, cpu = run_measured([exe, "batch", str(table), "--base", str(BASE), "-o", str(out),
                                                  "--jobs", "2", "--no-check"], tmp)
            print(f"--jobs 2 --no-check (the batch pipeline without the proofreader): {wall:.2f} s  "
                  f"{a.rows / wall:.1f} docs/s  peak memory {peak / 2**20:.0f} MB  CPU {cpu:.1f} s")
        c1, c2, cs = control_speedup()
        print(f"control (pure-Python CPU work, same machine, right after): 1 process {c1:.2f} s, "
              f"2 processes {c2:.2f} s = {cs:.2f}× — the speed-up the machine offered")
        speedup = walls[1] / walls[2]
        best = min(walls.values())
        check = "with" if not a.no_check else "WITHOUT"
        print(f"speed-up 1→2 jobs (best of {a.repeat} each): {walls[1]:.2f} s → {walls[2]:.2f} s = {speedup:.2f}×")
        print(f"targets: {a.rows} rows {check} proofreading ≤ 30× cold build: best {best / cold:.1f}× "
              f"[{'ok' if best <= 30 * cold else 'MISSED'}]; speed-up ≥ 1.6×: "
              f"[{'ok' if speedup >= 1.6 else 'MISSED'}]; peak memory ≤ 1 GB: {max(peaks) / 2**20:.0f} MB "
              f"[{'ok' if max(peaks) <= 2**30 else 'MISSED'}]")


if __name__ == "__main__":
    main()
