"""check on .docx: linear growth (8,000 paragraphs <= 4.5x 2,000), --format docx <= 1.3x plain
check, and cold `gwreport build` against the python-docx floor (import + one document saved).

    python benchmarks/check_scaling.py            # prints the figures and PASS/FAIL per target

Each timing is a fresh interpreter (cold: no warm caches in the process), best of --repeat.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = ["根据县委县政府工作部署，我镇认真开展安全生产大检查。",
             "一、总体情况", "（一）组织领导", "全镇共排查企业 36 家，发现隐患 12 处，已整改 10 处。",
             "下一步，我们将进一步压实责任，确保各项措施落到实处。"]


def make_docx(path: Path, n: int) -> None:
    import docx
    d = docx.Document()
    for i in range(n):
        d.add_paragraph(SENTENCES[i % len(SENTENCES)])
    d.save(str(path))


def timed(args: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=2)
    a = ap.parse_args()
    py = sys.executable
    gw = [py, "-c", "from gwreport.cli import main; main()"]
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        small, big = tmp / "p2000.docx", tmp / "p8000.docx"
        make_docx(small, 2000)
        make_docx(big, 8000)
        t2 = timed(gw + ["check", str(small), "-f", "json"], a.repeat)
        t8 = timed(gw + ["check", str(big), "-f", "json"], a.repeat)
        r = t8 / t2
        ok &= r <= 4.5
        print(f"check 2000 paragraphs {t2:.2f}s, 8000 {t8:.2f}s: ratio {r:.2f} (target <= 4.5) {'PASS' if r <= 4.5 else 'FAIL'}")
        td = timed(gw + ["check", str(small), "-f", "docx", "-o", str(tmp / "c.docx")], a.repeat)
        r = td / t2
        ok &= r <= 1.3
        print(f"check --format docx 2000 paragraphs {td:.2f}s vs check {t2:.2f}s: ratio {r:.2f} (target <= 1.3) {'PASS' if r <= 1.3 else 'FAIL'}")
        sample = sorted((ROOT / "samples").glob("*.yaml"))[0]
        tb = timed(gw + ["build", str(sample), "-o", str(tmp / "b.docx"), "--force", "--no-check"], a.repeat)
        floor = timed([py, "-c", "import docx,sys; d=docx.Document(); d.add_paragraph('x'); d.save(sys.argv[1])",
                       str(tmp / "f.docx")], a.repeat)
        r = tb / floor
        ok &= r <= 4
        print(f"cold build {tb:.2f}s vs python-docx floor {floor:.2f}s: ratio {r:.2f} (target <= 4) {'PASS' if r <= 4 else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
