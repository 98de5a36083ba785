#!/usr/bin/env python3
"""Sentence-level evaluation of the spelling engine on the ECSpell official-document dev set.

    .venv/bin/python benchmarks/csc_eval.py [--data ../shared/data/ecspell_odw_dev.jsonl]
                                            [--sensitivity normal|strict] [--errors N]

Runs gwreport.spelling.correct_many (one check_units call over all source sentences, one line
each, the same code path as `gwreport check` on a document) and prints:
- detection P/R/F1: a changed sentence counts as detected when its changed positions equal the
  gold ones; precision over changed sentences, recall over sentences with typos;
- correction P/R/F1: the output equals the target;
- the share of clean sentences changed, characters per second (warm), load time, peak memory
  (resource.getrusage, whole process).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def prf(tp: int, changed: int, gold: int) -> tuple[float, float, float]:
    p = tp / changed if changed else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ecspell_odw_dev.jsonl")
    ap.add_argument("--sensitivity", default="normal", choices=["normal", "strict"])
    ap.add_argument("--errors", type=int, default=0, help="print up to N wrong outputs")
    args = ap.parse_args()
    if not args.data.is_file():
        print(f"找不到评测数据：{args.data}", file=sys.stderr)
        return 2
    rows = [json.loads(ln) for ln in args.data.read_text(encoding="utf-8").splitlines() if ln.strip()]

    t0 = time.perf_counter()
    from gwreport.spelling import correct, correct_many
    from gwreport.spelling.model import load_stats

    load_stats()
    correct("统筹推进各项工作。")
    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    c1 = time.process_time()
    outs = correct_many([r["source"] for r in rows], sensitivity=args.sensitivity)
    elapsed = time.perf_counter() - t1
    cpu = time.process_time() - c1
    nchars = sum(len(r["source"]) for r in rows)

    changed = det_tp = cor_tp = typo = clean = clean_changed = 0
    wrong = []
    for r, out in zip(rows, outs):
        src, tgt = r["source"], r["target"]
        gold = {i for i, (a, b) in enumerate(zip(src, tgt)) if a != b}
        pred = {i for i, (a, b) in enumerate(zip(src, out)) if a != b}
        if gold:
            typo += 1
        else:
            clean += 1
            clean_changed += bool(pred)
        if pred:
            changed += 1
            det_tp += pred == gold
            cor_tp += out == tgt
        if out != tgt and (pred or gold):
            wrong.append((r["id"], src, out, tgt))
    dp, dr, df = prf(det_tp, changed, typo)
    cp, cr, cf = prf(cor_tp, changed, typo)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"data: {args.data.name}  sentences: {len(rows)}  with typos: {typo}  clean: {clean}  "
          f"sensitivity: {args.sensitivity}")
    print(f"changed sentences: {changed}")
    print(f"detection   P={dp:.3f} R={dr:.3f} F1={df:.3f}")
    print(f"correction  P={cp:.3f} R={cr:.3f} F1={cf:.3f}")
    print(f"clean sentences changed: {clean_changed}/{clean} = {clean_changed / max(1, clean):.3%}")
    print(f"speed: {nchars / elapsed:,.0f} chars/s warm, wall clock ({nchars} chars in {elapsed:.2f}s); "
          f"{nchars / cpu:,.0f} chars/s of CPU time (one process)")
    try:
        load = os.getloadavg()[0]
        print(f"machine load average while measuring: {load:.2f} on {os.cpu_count()} cores")
    except OSError:
        pass
    print(f"load time (stats + first sentence): {load_s:.3f}s")
    print(f"peak memory (ru_maxrss): {peak_mb:.0f} MB")
    for w in wrong[: args.errors]:
        print("\n".join(["---", f"{w[0]}", f"src {w[1]}", f"out {w[2]}", f"tgt {w[3]}"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
