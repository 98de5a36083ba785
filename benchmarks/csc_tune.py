#!/usr/bin/env python3
"""Fit the spelling scorer's logistic weights (gwreport.spelling.detect.WEIGHTS) on the dev set.

    .venv/bin/python benchmarks/csc_tune.py [--data ../shared/data/ecspell_odw_dev.jsonl]
    .venv/bin/python benchmarks/csc_tune.py --words   # the homophone-word scorer (WORD_WEIGHTS)
    .venv/bin/python benchmarks/csc_tune.py --sentence-cv [--ranker clogit|logistic]

Stage 1 (ranker): every candidate pair that passes the bigram filter in
gwreport.spelling.detect.score_pairs is an example, labelled 1 when the candidate is the gold
correction of a gold typo; the ranker is a conditional logit (softmax over each position's
candidates, fitted on the positions whose gold correction is among them; --ranker logistic:
the older pairwise logistic model). Stage 2 (decision): for every position, its best-ranked candidate,
labelled the same way, with the ranking margin, the gap to the runner-up and the number of
candidates as extra features. Only the weights of two linear models over general context
features are fitted (no sentence, character or error pair is stored). The script prints 2-fold cross-validated pair-level precision/recall
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
sys.path.insert(0, str(ROOT / "benchmarks"))


def fit(X: np.ndarray, y: np.ndarray, l2: float = 1e-3, iters: int = 25) -> np.ndarray:
    w = np.zeros(X.shape[1])
    for _ in range(iters):  # Newton's method for L2-regularised logistic regression
        p = 1 / (1 + np.exp(-(X @ w)))
        grad = X.T @ (p - y) / len(y) + l2 * w
        H = (X * (p * (1 - p))[:, None]).T @ X / len(y) + l2 * np.eye(len(w))
        w -= np.linalg.solve(H, grad)
    return w


def fit_clogit(X: np.ndarray, y: np.ndarray, g: np.ndarray, l2: float = 1e-3, iters: int = 30,
               mix: float = 0.0) -> np.ndarray:
    """Conditional logit ranker: softmax over each position's candidates, fitted on the
    positions whose gold correction is among them (Newton's method, L2). With mix > 0 the
    pairwise logistic loss is added with that weight (it fixes the otherwise free bias)."""
    _, inv = np.unique(g, return_inverse=True)
    haspos = np.bincount(inv, weights=y) > 0
    m = haspos[inv]
    Xm, ym = X[m], y[m]
    _, im = np.unique(inv[m], return_inverse=True)
    G = int(im.max()) + 1
    w = np.zeros(X.shape[1])
    for _ in range(iters):
        s = Xm @ w
        mx = np.full(G, -np.inf)
        np.maximum.at(mx, im, s)
        e = np.exp(s - mx[im])
        p = e / np.bincount(im, weights=e, minlength=G)[im]
        Ex = np.zeros((G, X.shape[1]))
        np.add.at(Ex, im, p[:, None] * Xm)
        grad = (Ex.sum(0) - (Xm * ym[:, None]).sum(0)) / G + l2 * w
        H = ((Xm * p[:, None]).T @ Xm - Ex.T @ Ex) / G + l2 * np.eye(len(w))
        if mix > 0:
            q = 1 / (1 + np.exp(-(X @ w)))
            grad += mix * X.T @ (q - y) / len(y)
            H += mix * (X * (q * (1 - q))[:, None]).T @ X / len(y)
        w -= np.linalg.solve(H, grad)
    return w


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, action="append",
                    help="a dev set (repeatable; default: ECSpell odw dev); only its tuning part is "
                         "read (benchmarks/csc_eval.py: the hash-held third is never used here)")
    ap.add_argument("--sentence-cv", action="store_true",
                    help="also report sentence-level correction P/R on each half with weights fitted on the other")
    ap.add_argument("--pipeline-context", action="store_true",
                    help="score each sentence after the idiom and homophone-word corrections, as detect() does")
    ap.add_argument("--words", action="store_true",
                    help="fit WORD_WEIGHTS (homophone words over two adjacent characters) instead")
    ap.add_argument("--ranker", default="clogit", choices=["logistic", "clogit"],
                    help="ranker loss: conditional logit per position (shipped), or pairwise logistic")
    ap.add_argument("--mix", type=float, default=0.0, help="with --ranker clogit: weight of the logistic loss")
    args = ap.parse_args()

    def rank_fit(X, y, g):
        if args.ranker == "clogit":
            return fit_clogit(X, y, g, mix=args.mix)
        return fit(X, y)

    if not args.data:
        args.data = [ROOT.parent / "shared" / "data" / "ecspell_odw_dev.jsonl"]
    if args.words:
        return tune_words(args.data)
    from gwreport.spelling import detect as D
    from gwreport.spelling.model import load_stats
    from gwreport.spelling.normalise import normalise

    st = load_stats()
    rows = tune_rows(args.data)
    Xs, ys, gs, pens = [], [], [], []
    nerr = np.zeros(2)
    for si, r in enumerate(rows):
        s, t = r["source"], r["target"]
        nerr[si % 2] += sum(a != b for a, b in zip(s, t))
        norm, prot = normalise(s), None
        if args.pipeline_context:
            # as detect() does: idiom and homophone-word corrections first, then the
            # single-character scorer in that context (their positions protected)
            params = dict(D.PARAMS, passes=0)
            pre = D.detect(s, st, None, "normal", params)
            if pre:
                chars = list(norm)
                prot = np.zeros(len(norm), dtype=bool)
                for c in pre:
                    chars[c.pos:c.pos + len(c.cand)] = list(c.cand)
                    prot[c.pos:c.pos + len(c.cand)] = True
                norm = "".join(chars)
        sc = D.score_pairs(norm, st, prot)
        if sc is None:
            continue
        Xs.append(sc.features)
        ys.append(np.array([t[p] == c and s[p] != t[p] for p, c in zip(sc.pos.tolist(), sc.cand)]))
        gs.append(si * 10000 + sc.pos)
        pens.append(sc.penalty)
    X, y, g = np.vstack(Xs), np.concatenate(ys).astype(float), np.concatenate(gs)
    pen = np.concatenate(pens)
    print(f"pairs: {len(y)}  positives: {int(y.sum())}  gold typos: {int(nerr.sum())}")
    fold = (g // 10000) % 2
    print("two stages: a pair-level ranker, then a position-level decision on the best candidate")
    for f in (0, 1):
        tr, te = fold != f, fold == f
        w = rank_fit(X[tr], y[tr], g[tr])
        margin = X @ w - pen
        btr, Ftr = D.decision_features(g[tr], margin[tr], X[tr])
        bte, Fte = D.decision_features(g[te], margin[te], X[te])
        wd = fit(Ftr, y[tr][btr])
        z = Fte @ wd - pen[te][bte]
        yt = y[te][bte]
        for thr in (-1.5, -1, -0.5, 0, 0.5, 1):
            sel = z >= thr
            tp = int(yt[sel].sum())
            print(f"fold {f} thr {thr:+.1f}: P={tp / max(1, sel.sum()):.3f} R={tp / nerr[f]:.3f} "
                  f"({tp} right, {int(sel.sum()) - tp} wrong)")
    if args.sentence_cv:
        # sentence level, the benchmark's definitions: weights fitted on one half of the
        # sentences, the other half corrected with them (thresholds as set in detect.PARAMS)
        from gwreport.spelling import correct_many

        saved = D.WEIGHTS.copy(), D.DECISION_WEIGHTS.copy()
        for f in (0, 1):
            tr = fold != f
            w = rank_fit(X[tr], y[tr], g[tr])
            b, F = D.decision_features(g[tr], X[tr] @ w - pen[tr], X[tr])
            D.WEIGHTS = w
            D.DECISION_WEIGHTS = fit(F, y[tr][b])
            part = [r for i, r in enumerate(rows) if i % 2 == f]
            outs = correct_many([r["source"] for r in part])
            for name in sorted({set_name(r) for r in part}):
                sel = [(r, o) for r, o in zip(part, outs) if set_name(r) == name]
                changed = sum(o != r["source"] for r, o in sel)
                right = sum(o != r["source"] and o == r["target"] for r, o in sel)
                typos = sum(r["source"] != r["target"] for r, _ in sel)
                clean_changed = sum(o != r["source"] and r["source"] == r["target"] for r, o in sel)
                clean = sum(r["source"] == r["target"] for r, _ in sel)
                print(f"sentence-level, other half {f}, {name}: correction P={right / max(1, changed):.3f} "
                      f"R={right / max(1, typos):.3f}, clean changed {clean_changed}/{clean}")
        D.WEIGHTS, D.DECISION_WEIGHTS = saved
    w = rank_fit(X, y, g)
    margin = X @ w - pen
    b, F = D.decision_features(g, margin, X)
    wd = fit(F, y[b])
    for name, vec in (("WEIGHTS", w), ("DECISION_WEIGHTS", wd)):
        print(f"{name} = np.array([")
        for i in range(0, len(vec), 10):
            print("    " + ", ".join(f"{x:.3f}" for x in vec[i:i + 10]) + ",")
        print("])")
    return 0


def set_name(row: dict) -> str:
    return row["id"].rsplit("_", 1)[0] if "_" in str(row["id"]) else "ecspell"


def tune_rows(paths: list[Path]) -> list[dict]:
    """The tuning parts of the given dev sets (the hash-held third left out), interleaved so that
    the two folds (sentence index mod 2) mix the sets."""
    from csc_eval import load_rows

    rows = []
    for p in paths:
        rows.extend(load_rows(p, "tune"))
    return rows


def tune_words(data: list[Path]) -> int:
    """Fit WORD_WEIGHTS: every homophone word proposed by detect.score_words on a dev sentence
    is an example, labelled 1 when the target has that word there. 2-fold cross-validated
    position-level precision (best word per position) at several thresholds."""
    from gwreport.spelling import detect as D
    from gwreport.spelling.model import load_stats
    from gwreport.spelling.normalise import normalise

    st = load_stats()
    rows = tune_rows(data)
    Xs, ys, gs, pens = [], [], [], []
    for si, r in enumerate(rows):
        s, t = r["source"], r["target"]
        sc = D.score_words(normalise(s), st, None)
        if sc is None:
            continue
        Xs.append(sc.features)
        ys.append(np.array([t[p:p + 2] == c for p, c in zip(sc.pos.tolist(), sc.cand)]))
        gs.append(si * 10000 + sc.pos)
        pens.append(sc.near_num * D.PARAMS["words"]["number_neighbour_penalty"])
    X, y, g = np.vstack(Xs), np.concatenate(ys).astype(float), np.concatenate(gs)
    pen = np.concatenate(pens)
    print(f"homophone words proposed: {len(y)}  right: {int(y.sum())}")
    fold = (g // 10000) % 2
    for f in (0, 1):
        tr, te = fold != f, fold == f
        w = fit(X[tr], y[tr])
        z = X[te] @ w - pen[te]
        order = np.lexsort((-z, g[te]))
        gg = g[te][order]
        best = order[np.concatenate([[True], gg[1:] != gg[:-1]])]
        for thr in (-1, -0.5, 0, 0.5, 1, 1.5, 2):
            sel = z[best] >= thr
            tp = int(y[te][best][sel].sum())
            print(f"fold {f} thr {thr:+.1f}: P={tp / max(1, sel.sum()):.3f} "
                  f"({tp} right, {int(sel.sum()) - tp} wrong)")
    w = fit(X, y)
    print("WORD_WEIGHTS = np.array([")
    for i in range(0, len(w), 10):
        print("    " + ", ".join(f"{x:.3f}" for x in w[i:i + 10]) + ",")
    print("])")
    return 0


if __name__ == "__main__":
    sys.exit(main())
