#!/usr/bin/env python3
"""Sentence-level evaluation of the spelling engine on the development sets, one table.

    nice -n 10 .venv/bin/python benchmarks/csc_eval.py [--data-dir ../shared/data]
        [--sets ecspell_odw_dev,cscdns_dev,...] [--sensitivity normal|strict] [--errors N]
        [--half all|tune|held]

Sets (paths under --data-dir): ecspell_odw_dev.jsonl and eval/{cscdns,de3,clean_xxqg,
clean_rmrb}_dev.jsonl (see ../shared/data/eval/README.md). Each set is split by a fixed hash
of the sentence (md5 of the source, first byte mod 3 == 0: "held", about 1/3) into a part that
is never used for tuning (held) and the rest (tune); the table gives both halves.

Runs gwreport.spelling.correct_many over each set (one check_units call, one line a sentence:
the code path of `gwreport check` on a document) and prints per set and half:
- correction P/R/F1 at sentence level: a changed sentence is right when the output equals the
  target; precision over changed sentences, recall over sentences with slips;
- the share of clean sentences (source == target) changed;
- characters per CPU second on that set (whole set, both halves);
then characters per second overall (warm), load time and peak memory (ru_maxrss, whole process).
Missing and doubled characters (no public set has them) are measured by benchmarks/gap_eval.py.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SETS = {
    "ecspell_odw_dev": "ecspell_odw_dev.jsonl",
    "cscdns_dev": "eval/cscdns_dev.jsonl",
    "de3_dev": "eval/de3_dev.jsonl",
    "clean_xxqg_dev": "eval/clean_xxqg_dev.jsonl",
    "clean_rmrb_dev": "eval/clean_rmrb_dev.jsonl",
}


def is_held(source: str) -> bool:
    """The fixed held-out third of a dev set (never used for tuning)."""
    return hashlib.md5(source.encode("utf-8")).digest()[0] % 3 == 0


def load_rows(path: Path, half: str = "all") -> list[dict]:
    rows = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    if half == "held":
        rows = [r for r in rows if is_held(r["source"])]
    elif half == "tune":
        rows = [r for r in rows if not is_held(r["source"])]
    return rows


def prf(tp: int, changed: int, gold: int) -> tuple[float, float, float]:
    p = tp / changed if changed else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(rows: list[dict], outs: list[str]) -> dict:
    changed = cor_tp = typo = clean = clean_changed = 0
    for r, out in zip(rows, outs):
        src, tgt = r["source"], r["target"]
        if src != tgt:
            typo += 1
        else:
            clean += 1
            clean_changed += out != src
        if out != src:
            changed += 1
            cor_tp += out == tgt
    p, rc, f = prf(cor_tp, changed, typo)
    return {"n": len(rows), "typo": typo, "clean": clean, "changed": changed, "tp": cor_tp,
            "P": p, "R": rc, "F1": f, "clean_changed": clean_changed}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--sensitivity", default="normal", choices=["normal", "strict"])
    ap.add_argument("--half", default="both", choices=["both", "tune", "held"])
    ap.add_argument("--errors", type=int, default=0, help="print up to N wrong outputs a set")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from gwreport.spelling import correct, correct_many
    from gwreport.spelling.model import load_stats

    load_stats()
    correct("统筹推进各项工作。")
    load_s = time.perf_counter() - t0

    total_chars = 0
    total_wall = total_cpu = 0.0
    speed: dict[str, float] = {}  # characters per CPU second, per set
    table = []
    for name in args.sets.split(","):
        path = args.data_dir / SETS.get(name, name)
        if not path.is_file():
            print(f"找不到评测数据：{path}", file=sys.stderr)
            return 2
        rows = load_rows(path)
        t1, c1 = time.perf_counter(), time.process_time()
        outs = correct_many([r["source"] for r in rows], sensitivity=args.sensitivity)
        total_wall += time.perf_counter() - t1
        cpu = time.process_time() - c1
        total_cpu += cpu
        nchars = sum(len(r["source"]) for r in rows)
        total_chars += nchars
        speed[name] = nchars / max(cpu, 1e-9)
        halves = ["tune", "held"] if args.half == "both" else [args.half]
        for h in halves:
            sel = [(r, o) for r, o in zip(rows, outs) if is_held(r["source"]) == (h == "held")]
            table.append((name, h, score([r for r, _ in sel], [o for _, o in sel])))
        shown = 0
        for r, o in zip(rows, outs):
            if shown >= args.errors:
                break
            if o != r["target"] and not is_held(r["source"]):
                shown += 1
                print("\n".join([f"--- {r['id']}", f"src {r['source']}", f"out {o}", f"tgt {r['target']}"]))

    print(f"sensitivity: {args.sensitivity}; held = md5(source)[0] % 3 == 0, never tuned on")
    print(f"{'set':<16} {'half':<4} {'sent':>5} {'slips':>5} {'chg':>5} {'P':>6} {'R':>6} {'F1':>6} "
          f"{'clean chg':>14} {'chars/s':>8}")
    for name, h, s in table:
        cc = f"{s['clean_changed']}/{s['clean']} {s['clean_changed'] / s['clean']:.1%}" if s["clean"] else "-"
        prec = f"{s['P']:.3f}" if s["changed"] else "-"
        rec = f"{s['R']:.3f}" if s["typo"] else "-"
        f1 = f"{s['F1']:.3f}" if s["typo"] else "-"
        print(f"{name:<16} {h:<4} {s['n']:>5} {s['typo']:>5} {s['changed']:>5} {prec:>6} {rec:>6} "
              f"{f1:>6} {cc:>14} {speed[name]:>8,.0f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"speed: {total_chars / total_wall:,.0f} chars/s wall clock ({total_chars} chars in "
          f"{total_wall:.1f}s); {total_chars / total_cpu:,.0f} chars/s of CPU time (one process)")
    try:
        print(f"machine load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    except OSError:
        pass
    print(f"load time (stats + first sentence): {load_s:.3f}s")
    print(f"peak memory (ru_maxrss): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
