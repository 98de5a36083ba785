#!/usr/bin/env python3
"""Fit the spelling scorer's logistic weights (gwreport.spelling.detect.WEIGHTS) on the dev set.

    .venv/bin/python benchmarks/csc_tune.py [--data ../shared/data/ecspell_odw_dev.jsonl]

Every candidate pair that passes stage 1 in gwreport.spelling.detect.score_pairs is a training
example, labelled 1 when the candidate is the gold correction of a gold typo. Only the ~30
weights of a linear model over general context features are fitted (no sentence, character
or error pair is stored). The script prints 2-fold cross-validated pair-level precision/recall
at several thresholds (folds by sentence) and the weights fitted on all data, to paste into
detect.py. The held-out set is never used here.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def fit(X: np.ndarray, y: np.ndarray, l2: float = 1e-3, iters: int = 25) -> np.ndarray:
    w = np.zeros(X.shape[1])
    for _ in range(iters):  # Newton's method for L2-regularised logistic regression
        p = 1 / (1 + np.exp(-(X @ w)))
        grad = X.T @ (p - y) / len(y) + l2 * w
        H = (X * (p * (1 - p))[:, None]).T @ X / len(y) + l2 * np.eye(len(w))
        w -= np.linalg.solve(H, grad)
    return w


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ecspell_odw_dev.jsonl")
    args = ap.parse_args()
    from gwreport.spelling import detect as D
    from gwreport.spelling.model import load_stats
    from gwreport.spelling.normalise import normalise

    st = load_stats()
    rows = [json.loads(ln) for ln in args.data.read_text(encoding="utf-8").splitlines() if ln.strip()]
    Xs, ys, gs = [], [], []
    nerr = np.zeros(2)
    for si, r in enumerate(rows):
        s, t = r["source"], r["target"]
        nerr[si % 2] += sum(a != b for a, b in zip(s, t))
        sc = D.score_pairs(normalise(s), st, None)
        if sc is None:
            continue
        Xs.append(sc.features)
        ys.append(np.array([t[p] == c and s[p] != t[p] for p, c in zip(sc.pos.tolist(), sc.cand)]))
        gs.append(si * 10000 + sc.pos)
    X, y, g = np.vstack(Xs), np.concatenate(ys).astype(float), np.concatenate(gs)
    print(f"pairs: {len(y)}  positives: {int(y.sum())}  gold typos: {int(nerr.sum())}")
    fold = (g // 10000) % 2
    for f in (0, 1):
        w = fit(X[fold != f], y[fold != f])
        score = X @ w
        m = fold == f
        order = np.lexsort((-score, g))
        order = order[m[order]]
        first = np.concatenate([[True], g[order][1:] != g[order][:-1]])
        best = order[first]
        for thr in (-2, -1.5, -1, -0.5, 0, 0.5):
            sel = best[score[best] >= thr]
            tp = int(y[sel].sum())
            print(f"fold {f} thr {thr:+.1f}: P={tp / max(1, len(sel)):.3f} R={tp / nerr[f]:.3f} "
                  f"({tp} right, {len(sel) - tp} wrong)")
    w = fit(X, y)
    print("WEIGHTS = np.array([")
    for i in range(0, len(w), 10):
        print("    " + ", ".join(f"{x:.3f}" for x in w[i:i + 10]) + ",")
    print("])")
    return 0


if __name__ == "__main__":
    sys.exit(main())
