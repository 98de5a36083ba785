#!/usr/bin/env python3
"""Missing and doubled characters (gwreport.spelling.gaps): false alarms and recall.

    nice -n 10 .venv/bin/python benchmarks/gap_eval.py [--data-dir ../shared/data] [--half tune|held]

No public set has length-changing slips, so they are made the way typing makes them, from the
clean sentences of the dev sets (学习强国, People's Daily, the clean sentences of ECSpell and
CSCD-NS): for each sentence, one inner character of a four-character dictionary word it
contains is deleted (党风廉政建设 → 党风廉建设), and, separately, one Chinese character
is typed twice (not where the doubled pair is a word: 天天). Reported per threshold: the share of
clean sentences given any gap finding (false alarms), and of the slips the share corrected
exactly (the output equals the clean sentence). Sentences are split by the hash of
benchmarks/csc_eval.py (held third never used for choosing the thresholds).
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

SETS = ("eval/clean_xxqg_dev.jsonl", "eval/clean_rmrb_dev.jsonl", "ecspell_odw_dev.jsonl",
        "eval/cscdns_dev.jsonl")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--half", default="tune", choices=["tune", "held"])
    ap.add_argument("--insert", default="30,60,90,120", help="insert_min_gain values")
    ap.add_argument("--delete", default="20,40,60,90", help="delete_min_gain values")
    args = ap.parse_args()
    from csc_eval import load_rows
    from gwreport.spelling.detect import _word_q, is_han
    from gwreport.spelling.gaps import GAPS, KIND_DELETE, KIND_INSERT, gap_corrections
    from gwreport.spelling.model import load_stats
    from gwreport.spelling.normalise import normalise

    st = load_stats()
    rng = random.Random(14)
    clean: list[str] = []
    for name in SETS:
        path = args.data_dir / name
        if not path.is_file():
            print(f"找不到评测数据：{path}", file=sys.stderr)
            return 2
        clean += [r["source"] for r in load_rows(path, args.half) if r["source"] == r["target"]]
    clean = list(dict.fromkeys(clean))
    missing, doubled = [], []
    for s in clean:
        spots = [i for i in range(len(s) - 3) if all(is_han(c) for c in s[i:i + 4])
                 and _word_q(st, s[i:i + 4]) > 0]
        if spots:
            i = rng.choice(spots) + rng.choice((1, 2))
            missing.append((s[:i] + s[i + 1:], s))
        han = [i for i, c in enumerate(s) if is_han(c) and 0 < i < len(s) - 1]
        if han:
            i = rng.choice(han)
            if s[i - 1] != s[i] != s[i + 1] and not _word_q(st, s[i] * 2):
                doubled.append((s[:i + 1] + s[i:], s))

    def run(texts, params):
        outs, kinds = [], []
        for t in texts:
            cs = gap_corrections(normalise(t), st, None, params)
            chars = list(t)
            for c in sorted(cs, key=lambda c: -c.pos):
                chars[c.pos:c.pos + len(c.orig)] = list(c.cand)
            outs.append("".join(chars))
            kinds.append({c.kind for c in cs})
        return outs, kinds

    print(f"half {args.half}: {len(clean)} clean sentences, {len(missing)} with a missing and "
          f"{len(doubled)} with a doubled character")
    for gi in (float(x) for x in args.insert.split(",")):
        for gd in (float(x) for x in args.delete.split(",")):
            p = dict(GAPS, insert_min_gain=gi, delete_min_gain=gd)
            outs, kinds = run(clean, p)
            fa_i = sum(KIND_INSERT in k for k in kinds)
            fa_d = sum(KIND_DELETE in k for k in kinds)
            mo, _ = run([a for a, _ in missing], p)
            do, _ = run([a for a, _ in doubled], p)
            rm = np.mean([o == b for o, (_, b) in zip(mo, missing)])
            rd = np.mean([o == b for o, (_, b) in zip(do, doubled)])
            print(f"insert>={gi:>5.0f} delete>={gd:>5.0f}: clean changed {fa_i + fa_d}/{len(clean)} "
                  f"({(fa_i + fa_d) / len(clean):.2%}; insert {fa_i}, delete {fa_d}); "
                  f"missing fixed {rm:.3f}, doubled fixed {rd:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
