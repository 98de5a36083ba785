"""Proofreader speed: warm throughput on a 20,000-character draft, and cold CLI start-up.

    .venv/bin/python benchmarks/check_speed.py

Prints characters/second with every rule on (opt-in rules included), without and with the
statistical spelling engine, and the cold `gwreport check` time relative to `gwreport --help`.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gwreport.config import Config  # noqa: E402
from gwreport.findings import TextUnit  # noqa: E402
from gwreport.proofread import proofread  # noqa: E402

TARGET = 20_000


def make_draft() -> list[str]:
    data = ROOT / "tests" / "data"
    lines = (data / "check_township_draft.txt").read_text(encoding="utf-8").splitlines()
    lines += (data / "clean_sentences.txt").read_text(encoding="utf-8").splitlines()
    out, n = [], 0
    while n < TARGET:
        for ln in lines:
            out.append(ln)
            n += len(ln)
            if n >= TARGET:
                break
    return out


def warm(lines, cfg, reps=5):
    units = [TextUnit(i + 1, t) for i, t in enumerate(lines)]
    proofread(units, cfg)  # load packs once
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        found = proofread(units, cfg)
        times.append(time.perf_counter() - t0)
    chars = sum(len(t) for t in lines)
    best = min(times)
    return chars, best, chars / best, len(found)


def cold(args, reps=5):
    exe = shutil.which("gwreport", path=str(Path(sys.executable).parent)) or "gwreport"
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        subprocess.run([exe, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    lines = make_draft()
    all_on = Config(spelling="off", select={"GW"})
    chars, best, rate, n = warm(lines, all_on)
    print(f"draft: {chars} characters, {len(lines)} lines")
    print(f"warm, all rules on (incl. opt-in), spelling off: {best * 1000:.1f} ms, "
          f"{rate:,.0f} chars/s, {n} findings")
    default = Config(spelling="off")
    chars, best, rate, n = warm(lines, default)
    print(f"warm, default rules, spelling off:             {best * 1000:.1f} ms, "
          f"{rate:,.0f} chars/s, {n} findings")
    try:
        from gwreport.spelling import check_units  # noqa: F401
        has_spelling = True
    except ImportError:
        has_spelling = False
    if has_spelling:
        for level in ("normal", "strict"):
            cfg = Config(spelling=level, select={"GW"})
            chars, best, rate, n = warm(lines, cfg, reps=3)
            print(f"warm, all rules on, spelling {level}:{' ' * (7 - len(level))}          "
                  f"{best * 1000:.1f} ms, {rate:,.0f} chars/s, {n} findings")
    else:
        print("spelling engine: not available (gwreport.spelling.check_units missing)")
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "draft.txt"
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.chdir(d)
        h = cold(["--help"])
        c_off = cold(["check", str(p), "--spelling", "off", "--format", "json"])
        print(f"cold `gwreport --help`:                        {h * 1000:.0f} ms (median of 5)")
        print(f"cold `gwreport check` 20k draft, spelling off:  {c_off * 1000:.0f} ms = {c_off / h:.2f}x --help")
        if has_spelling:
            c_on = cold(["check", str(p), "--format", "json"])
            print(f"cold `gwreport check` 20k draft, spelling on:   {c_on * 1000:.0f} ms = {c_on / h:.2f}x --help")


if __name__ == "__main__":
    main()
