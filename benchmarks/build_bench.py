"""Build speed: cold CLI build vs a bare python-docx save, and in-process render+write per document.

Run: python benchmarks/build_bench.py [--runs 5]
Targets (issue 2): cold CLI build ≤ 4× the bare python-docx baseline; in-process ≤ 50 ms a document
without proofreading.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "website-selfcheck.yaml"


def _median_run(cmd: list[str], runs: int, cwd: Path) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    exe = shutil.which("gwreport") or str(Path(sys.executable).parent / "gwreport")
    # Byte-compile the package as `pip install` does, so a source checkout (or a shell with
    # PYTHONDONTWRITEBYTECODE set) is not timed compiling gwreport's modules on every run.
    import compileall
    import gwreport
    compileall.compile_dir(str(Path(gwreport.__file__).parent), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = _median_run([sys.executable, "-c", "import docx; docx.Document().save('x.docx')"],
                           args.runs, tmp)
        cold_nocheck = _median_run([exe, "build", str(SAMPLE), "-o", "a.docx", "--no-check"], args.runs, tmp)
        cold = _median_run([exe, "build", str(SAMPLE), "-o", "b.docx"], args.runs, tmp)
        helptime = _median_run([exe, "--help"], args.runs, tmp)

        from gwreport.docx_writer import write_docx
        from gwreport.genre import GenreRegistry
        from gwreport.pipeline import build_file
        reg = GenreRegistry()
        write_docx(build_file(SAMPLE, reg).document, tmp / "warm.docx")  # warm caches
        n = 50
        t = time.perf_counter()
        for i in range(n):
            write_docx(build_file(SAMPLE, reg).document, tmp / f"d{i}.docx")
        per_doc = (time.perf_counter() - t) / n

    print(f"python-docx bare save (baseline)     {base * 1000:8.1f} ms")
    print(f"gwreport --help (cold)               {helptime * 1000:8.1f} ms")
    print(f"gwreport build --no-check (cold)     {cold_nocheck * 1000:8.1f} ms  = {cold_nocheck / base:.2f}× baseline (target ≤ 4×)")
    print(f"gwreport build with proofreading     {cold * 1000:8.1f} ms  = {cold / base:.2f}× baseline")
    print(f"in-process load+validate+render+write {per_doc * 1000:7.1f} ms a document (target ≤ 50 ms)")


if __name__ == "__main__":
    main()
