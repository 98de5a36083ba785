"""Context scoring of candidate characters with character n-gram statistics.

For every Chinese character that is not protected (known words), the candidates from the
confusion sets (same sound, fuzzy sound, look-alike) are put in its place and compared with the
original in context:

1. stage 1 (cheap): a bit set drops candidates that form no known bigram with either
   neighbour; the rest must form better-attested bigrams than the original;
2. stage 2: all windows of length 2..5 covering the position (corpus counts), the 2-4
   character dictionary words they form, a character 5-gram language model (stupid
   backoff) read forwards and backwards over the span the change touches, and - beyond the
   5-gram window - how often the two-character words the candidate forms with a neighbour
   occur in the corpus together with the other two-character words of the line within 8
   characters (word co-occurrence, cooc_*.npy: real-word errors such as 主题/主体 in
   放开市场、放活主体) give ~45 features;
   a linear ranker (WEIGHTS, a conditional logit: softmax over each position's candidates)
   orders each position's candidates, and a logistic model
   (DECISION_WEIGHTS, over the best candidate's features, its margin over the runner-up and
   the number of competitors) gives the log-odds that applying it is right. Both are fitted
   on the development set by benchmarks/csc_tune.py; the thresholds in PARAMS are tuned there.
3. before the single-character scorer: idiom near-misses (idiom_corrections), then the
   homophone-word scorer (score_words / word_corrections): every two-character dictionary
   word that sounds like two adjacent characters (树脂→述职, both characters wrong) or
   differs from them by one fuzzy-sound or look-alike character is put in their place;
   windows of 3-5 characters, outer bigrams and dictionary words give the features of a
   logistic model (WORD_WEIGHTS, benchmarks/csc_tune.py --words);
4. a line far from the official corpus (few of its trigrams attested: news, literary or
   colloquial prose) needs more evidence (coverage_penalty, PARAMS["coverage"]); person names
   in name positions and personal pronouns are protected (guards.py);
5. later passes re-score, in corrected context, the neighbourhood of the changes and the rest
   of a line that already has a change, with a slightly lower bar there (PARAMS["hot"]).
   The older character-pair scorer (score_joint, 坐拥→作用) is kept but off: the
   homophone-word scorer finds what it found.

One-character function words (st.function_chars: 均、都、已、并…, a word of their own, so the
statistics of the boundary bigrams around them are thin) are only replaced by a candidate that
forms a dictionary word there and does not take a neighbour away from a word of the text at
least as frequent as the one it forms (word_steal: 信息均通过 is not 信息沟通过).

Among a position's candidates, one that forms a 3-4 character dictionary word with both its
neighbours (技木员 → 技术员) is ranked before those that form none (技人员: 人员 takes 员 and
leaves 技 stranded), and a homophone-word variant changing that character to one that does
not bridge is left to the single-character scorer (long_word_rank, bridging_candidates).

Counts are stored as q = round(8 * log2(1 + count)), so sums of q are sums of log counts.
Several lines can be scored at once joined by "\n": no stored n-gram contains a line break.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .hashing import IDIOM_BLANK, hash_rows, hash_windows, text_codes
from .model import Stats
from .normalise import normalise
from .shared import PAD, _SENTINEL, Correction, _window_values, _word_q, confidence, is_han  # noqa: F401

_LOG_BACKOFF = math.log(0.4)

FEATURES = (
    "kind_fuzzy", "kind_shape", "sum_cand", "sum_orig", "best_orig_3to5", "log_count_cand",
    "log_count_orig", "lm_fwd", "lm_bwd", "lm_min", "c2", "c3", "c4", "c5", "o2", "o3", "o4", "o5",
    "orig_no_bigram", "orig_no_trigram", "gain3", "gain4", "gain_bigram",
    "wins3", "wins4", "wins5", "losses3", "losses4", "losses5",
    "lm_sq", "lm_x_sum_orig", "lm_x_shape", "lm_x_fuzzy", "lm_tanh",
    "word_cand", "word_orig", "words_cand", "words_orig", "word3_cand", "word3_orig",
    "cooc_cand", "cooc_orig", "cooc_wins", "bias",
)

# Ranker weights over FEATURES: conditional logit over each position's candidates
# (benchmarks/csc_tune.py --ranker clogit prints them; 2-fold cross-validated).
WEIGHTS = np.array([
    -2.205, -2.308, 0.030, -0.000, 0.000, -0.399, -0.000, 1.313, 1.256, 1.444,
    -0.272, 0.529, -0.029, -0.197, -0.000, 0.000, -0.000, -0.000, -0.000, 0.000,
    0.529, -0.029, -0.272, -0.072, 0.600, 0.218, 0.069, -0.130, -0.000, 0.283,
    0.145, 0.003, 0.482, 0.864, 0.150, -0.000, 0.823, -0.000, 3.183, 0.000,
    0.093, 0.000, 0.134, -0.000,
])

# Logistic weights of the decision to apply a position's best candidate (features: the
# candidate's FEATURES without bias, its ranking margin, the gap to the runner-up, log of the
# number of candidates, bias). Printed by benchmarks/csc_tune.py.
DECISION_WEIGHTS = np.array([
    -0.305, -0.241, 0.347, -1.029, -0.408, -1.038, 0.108, -0.319, -0.395, -0.344,
    -0.182, 0.036, 0.400, 0.092, -0.431, -0.453, -0.075, -0.069, -0.425, -0.153,
    0.489, 0.476, 0.250, 0.141, 0.134, 0.171, 0.187, 0.248, -0.079, -0.158,
    -0.297, 0.086, -0.103, -0.339, 0.026, 0.316, -0.171, -0.263, 0.174, -0.944,
    -0.154, -0.316, 0.243, 0.673, -0.007, -0.246, -0.993,
])

PARAMS = {
    "stage1_margin": 1,
    # normal 1.1 -> 1.5 with the coverage bar on was measured (tuning parts): 学习强国 clean
    # changed 7 -> 5 of 1,642, People's Daily 20 -> 16 of 1,478, CSCD-NS clean 14 -> 12 of 900,
    # but ECSpell R .548 -> .526 (real official slips such as 技木员 lost); 2.0: 3 / 10 / 10, R .508.
    # Kept at 1.1: the coverage bar does the raising where the statistics are thin.
    "threshold": {"strict": -0.5, "normal": 1.1},
    "min_cand_count": 8.0,
    "error_margin": 2.0,  # decision score at and above which a finding is an error (GW401)
    "number_neighbour_penalty": 3.0,
    "number_word_exempt": True,  # no such penalty where the candidate forms a word with its Han neighbour
    # extra bar where the written character forms a dictionary word with a neighbour; tuned on
    # the tuning parts of ECSpell, CSCD-NS and the clean 学习强国 / People's Daily sets
    # (benchmarks/csc_eval.py): clean sentences changed 2.0% → 0.5% / 4.6% → 2.6%
    "orig_word_penalty": 1.5,
    "passes": 3,  # single-character passes (the third scores the hot lines' rest in corrected context)
    # homophone words replacing two adjacent characters (score_words / WORD_WEIGHTS)
    "words": {"threshold": {"strict": 0.0, "normal": 1.5}, "error_margin": 1.0, "veto_min": 0.0,
              "number_neighbour_penalty": 3.0, "orig_word_penalty": 2.0},
    # a lower bar on the rest of a line that already has a change (slips cluster): measured
    # +3 sentences corrected, no extra clean sentence changed; larger deltas lose precision
    "hot": {"delta": 0.5, "word_delta": 0.5},
    "joint_chars": False,  # also the older character-pair scorer (score_joint)
    # a candidate forming a 3-4 character dictionary word with both neighbours is preferred to
    # those forming none when its ranking margin reaches this (None: off); see long_word_rank
    # and the one-character variant words left to it in word_corrections
    "long_word_min_margin": 2.0,
    # a higher bar on lines far from the official corpus (coverage_penalty); None: off. Tuning
    # parts (csc_eval): clean People's Daily sentences changed 36 -> 12 of 1,478, 学习强国 9 -> 6 of
    # 1,642, CSCD-NS clean 20 -> 14 of 900; ECSpell R .553 -> .529 (P .871 -> .873); floor .75
    # weight 6: 8 / 4 / 10 but ECSpell R .500
    "coverage": {"weight": 8.0, "floor": 0.6, "min_trigrams": 5, "forgive": 3},
}


def _deq(q: np.ndarray) -> np.ndarray:
    return np.exp2(q / 8.0) - 1.0


def _lm(P: np.ndarray, L: int, win: dict, uni_pos: np.ndarray, opad: dict,
        uni_text: np.ndarray, total: float, backward: bool = False) -> np.ndarray:
    """Sum of log P(x_j | 4 neighbouring chars) over the 5 predictions the change touches.

    Forward: j = pos..pos+4 predicted from the chars before; backward: j = pos..pos-4 from the
    chars after. win[(n, o)] holds this version's counts of windows covering pos; windows not
    covering pos are the original's (opad). Stupid backoff (factor 0.4).
    """
    K = P.shape[0]

    def count(a: int, b: int) -> np.ndarray:
        """Count of the span [pos+a, pos+b] (inclusive offsets)."""
        n = b - a + 1
        if a <= 0 <= b:
            if n == 1:
                return uni_pos
            return win[(n, -a)]
        if n == 1:
            return uni_text[P + a + PAD]
        return opad[n][P + a + PAD]

    total_lp = np.zeros(K)
    floor = math.log(0.5) - math.log(total) + 4 * _LOG_BACKOFF
    full = np.full(K, total)
    boff = (np.arange(5) * _LOG_BACKOFF)[:, None]  # index i ↔ m = 5 - i: (5 - m) * log 0.4
    for d in range(5):
        inside = ((P + d) < L) if not backward else ((P - d) >= 0)
        ng, hist = [], []
        for m in range(5, 0, -1):
            if backward:
                a, b = -d, -d + m - 1
                ng.append(count(a, b))
                hist.append(count(a + 1, b) if m > 1 else full)
            else:
                a = d - m + 1
                ng.append(count(a, d))
                hist.append(count(a, d - 1) if m > 1 else full)
        CN = np.stack(ng)
        CH = np.stack(hist)
        ok = (CN > 0.5) & (CH > 0.5)
        first = ok.argmax(axis=0)  # the longest context with counts (stupid backoff)
        cols = np.arange(K)
        with np.errstate(divide="ignore", invalid="ignore"):
            val = np.log(np.minimum(CN[first, cols] / CH[first, cols], 1.0)) + boff[first, 0]
        lp = np.where(ok[first, cols], val, floor)
        total_lp += np.where(inside, lp, 0.0)
    return total_lp


_OW_CACHE: dict[str, tuple[Stats, dict[int, np.ndarray]]] = {}


def _orig_windows(st: Stats, norm: str, codes: np.ndarray) -> dict[int, np.ndarray]:
    """Quantised counts of the text's own windows, n = 2..5, indexed by start + PAD (cached
    for the last few texts: the joint and single passes score the same line)."""
    hit = _OW_CACHE.get(norm)
    if hit is not None and hit[0] is st:
        return hit[1]
    L = len(norm)
    hs = [hash_windows(codes, n) for n in (2, 3, 4, 5)]
    allh = np.concatenate(hs)
    allq = st.lookup(allh)
    nw = sum(h.shape[0] for h in hs[:3])
    allw = st.word_lookup(allh[:nw])
    out: dict[int, np.ndarray] = {}  # n → corpus counts; 10 + n → dictionary frequencies
    off = 0
    for n, h in zip((2, 3, 4, 5), hs):
        arr = np.zeros(L + 2 * PAD, dtype=np.int32)
        arr[PAD:PAD + h.shape[0]] = allq[off:off + h.shape[0]]
        out[n] = arr
        if n <= 4:
            warr = np.zeros(L + 2 * PAD, dtype=np.int32)
            warr[PAD:PAD + h.shape[0]] = allw[off:off + h.shape[0]]
            out[10 + n] = warr
        off += h.shape[0]
    if len(_OW_CACHE) > 8:
        _OW_CACHE.clear()
    _OW_CACHE[norm] = (st, out)
    return out


def coverage_penalty(norm: str, codes: np.ndarray, ow: dict[int, np.ndarray], p: dict) -> np.ndarray:
    """Extra bar for every position of a line whose own trigrams the corpus attests poorly
    (news, literary or colloquial prose far from the official corpus: there a candidate's
    better counts say little): weight * max(0, floor - share of the line's all-Chinese
    trigrams seen in the corpus). Lines are the parts of norm between line breaks."""
    cp = p.get("coverage")
    L = len(norm)
    if not cp or L < 3:
        return np.zeros(L)
    han = (codes >= 0x4E00) & (codes <= 0x9FFF)
    h3 = han[:-2] & han[1:-1] & han[2:]
    seen = ow[3][PAD:PAD + L - 2] > 0
    line = np.cumsum(codes == _SENTINEL)
    nl = int(line[-1]) + 1
    tot = np.bincount(line[:-2], weights=h3, minlength=nl)
    hit = np.bincount(line[:-2], weights=h3 & seen, minlength=nl)
    # the slip itself breaks up to three trigrams: that many unseen ones are forgiven
    hit = np.minimum(tot, hit + cp.get("forgive", 0))
    share = np.where(tot >= cp["min_trigrams"], hit / np.maximum(tot, 1), 1.0)
    pen = cp["weight"] * np.maximum(0.0, cp["floor"] - share)
    return pen[line]


@dataclass
class Scored:
    pos: np.ndarray
    cand: list[str]
    kind: np.ndarray
    features: np.ndarray
    margin: np.ndarray  # ranking score of each candidate (logistic, pair level)
    penalty: np.ndarray  # extra bar next to numbers, included in margin
    bridge: np.ndarray | None = None  # dictionary frequency of a 3-4 char word with both neighbours


def score_pairs(norm: str, st: Stats, protected: np.ndarray | None = None,
                params: dict | None = None) -> Scored | None:
    """Features and margins of all candidate pairs of one (normalised) line that pass stage 1."""
    p = PARAMS if params is None else params
    L = len(norm)
    if L < 2:
        return None
    codes = text_codes(norm)
    sent = np.uint64(_SENTINEL)
    ext = np.concatenate([np.full(PAD, sent), codes, np.full(PAD, sent)])
    opad = _orig_windows(st, norm, codes)

    pair_pos: list[int] = []
    pair_cand: list[str] = []
    pair_kind: list[int] = []
    for i, ch in enumerate(norm):
        if not is_han(ch) or (protected is not None and protected[i]):
            continue
        cands, kinds = st.candidates(ch)
        if not cands:
            continue
        pair_pos.extend([i] * len(cands))
        pair_cand.append(cands)
        pair_kind.extend(kinds)
    if not pair_pos:
        return None
    P = np.array(pair_pos, dtype=np.int64)
    C = text_codes("".join(pair_cand))
    K = np.array(pair_kind, dtype=np.int64)
    # stage 1: bigrams with the left and right neighbour; the bit set first drops candidates
    # that form no known bigram at all (about two thirds), then exact counts for the rest
    left = np.stack([ext[P + PAD - 1], C], axis=1)
    right = np.stack([C, ext[P + PAD + 1]], axis=1)
    hl, hr = hash_rows(left), hash_rows(right)
    maybe = st.maybe_bigram(hl) | st.maybe_bigram(hr)
    if p["stage1_margin"] > 0:
        if not maybe.any():
            return None
        P, C, K, hl, hr = P[maybe], C[maybe], K[maybe], hl[maybe], hr[maybe]
    qq = st.lookup(np.concatenate([hl, hr])).reshape(2, -1)
    gain = (qq[0] - opad[2][P - 1 + PAD]) + (qq[1] - opad[2][P + PAD])
    keep = gain >= p["stage1_margin"]
    if not keep.any():
        return None
    P, C, K, gain = P[keep], C[keep], K[keep], gain[keep]
    cand_chars = [chr(int(c)) for c in C]
    uc = np.array([st.char_count(c) for c in cand_chars])
    ok = uc >= p["min_cand_count"]
    if not ok.any():
        return None
    P, C, K, gain, uc = P[ok], C[ok], K[ok], gain[ok], uc[ok]
    cand_chars = [c for c, k in zip(cand_chars, ok) if k]
    # stage 2
    wwc: dict = {}
    wc = _window_values(st, ext, P, C, words=wwc)
    wo = {(n, o): opad[n][P - o + PAD] for n in (2, 3, 4, 5) for o in range(n)}
    # dictionary words (2-4 chars) the position is part of, candidate vs original
    w_c_best = np.zeros(P.shape[0])
    w_o_best = np.zeros(P.shape[0])
    w_c_cnt = np.zeros(P.shape[0])
    w_o_cnt = np.zeros(P.shape[0])
    w_c_long = np.zeros(P.shape[0])
    w_o_long = np.zeros(P.shape[0])
    for (n, o), v in wwc.items():
        ov = opad[10 + n][P - o + PAD]
        w_c_best = np.maximum(w_c_best, v)
        w_o_best = np.maximum(w_o_best, ov)
        w_c_cnt += v > 0
        w_o_cnt += ov > 0
        if n >= 3:
            w_c_long = np.maximum(w_c_long, v)
            w_o_long = np.maximum(w_o_long, ov)
    uni_text = np.zeros(L + 2 * PAD)
    uni_text[PAD:PAD + L] = [st.char_count(ch) for ch in norm]
    uo = uni_text[P + PAD]
    tot = st.total_chars
    dwc = {k: _deq(v) for k, v in wc.items()}
    dop = {k: _deq(v) for k, v in opad.items()}
    # the original's language-model terms depend on the position only
    Pu, inv = np.unique(P, return_inverse=True)
    dwu = {(n, o): dop[n][Pu - o + PAD] for n in (2, 3, 4, 5) for o in range(n)}
    uu = uni_text[Pu + PAD]
    lm_f = _lm(P, L, dwc, uc, dop, uni_text, tot) - _lm(Pu, L, dwu, uu, dop, uni_text, tot)[inv]
    lm_b = (_lm(P, L, dwc, uc, dop, uni_text, tot, backward=True)
            - _lm(Pu, L, dwu, uu, dop, uni_text, tot, backward=True)[inv])
    lm_min = np.minimum(lm_f, lm_b)
    pc = {n: np.zeros(P.shape[0]) for n in (2, 3, 4, 5)}
    po = {n: np.zeros(P.shape[0]) for n in (2, 3, 4, 5)}
    o_best = np.zeros(P.shape[0])
    wins = {n: np.zeros(P.shape[0]) for n in (3, 4, 5)}
    losses = {n: np.zeros(P.shape[0]) for n in (3, 4, 5)}
    for (n, o), q in wc.items():
        oq = wo[(n, o)]
        pc[n] += q
        po[n] += oq
        if n >= 3:
            o_best = np.maximum(o_best, oq)
            wins[n] += (q > 0) & (oq == 0)
            losses[n] += (q == 0) & (oq > 0)
    cq_c, cn_c = _cooc(st, codes, P, C)
    cq_o, cn_o = _cooc(st, codes, Pu, codes[Pu])
    cq_o, cn_o = cq_o[inv], cn_o[inv]
    s_c = pc[2] + pc[3] + pc[4] + pc[5]
    s_o = po[2] + po[3] + po[4] + po[5]
    X = np.column_stack([
        K == 1, K == 2, s_c / 100, s_o / 100, o_best / 100, np.log2(uc + 1) / 10,
        np.log2(uo + 1) / 10, lm_f / 10, lm_b / 10, lm_min / 10,
        pc[2] / 100, pc[3] / 100, pc[4] / 100, pc[5] / 100,
        po[2] / 100, po[3] / 100, po[4] / 100, po[5] / 100,
        po[2] == 0, po[3] == 0, (pc[3] - po[3]) / 100, (pc[4] - po[4]) / 100, gain / 100,
        wins[3], wins[4], wins[5], losses[3], losses[4], losses[5],
        # a few interactions: how strong the language-model evidence is, by candidate kind
        # and by how well attested the original already is
        (lm_min / 10) ** 2, (lm_min / 10) * (s_o / 100), (lm_min / 10) * (K == 2),
        (lm_min / 10) * (K == 1), np.tanh(lm_min / 10),
        w_c_best / 100, w_o_best / 100, w_c_cnt, w_o_cnt, w_c_long / 100, w_o_long / 100,
        cq_c / 100, cq_o / 100, cn_c - cn_o,
        np.ones(P.shape[0]),
    ]).astype(np.float64)
    margin = X @ WEIGHTS
    # next to a number or Latin text the statistics are thin (all numbers look alike): demand more
    near_num = np.zeros(L + 2, dtype=bool)
    near_num[1:L + 1] = [ch in "0a" for ch in norm]
    # ... unless the candidate forms a dictionary word with its Chinese neighbour on the other
    # side (截至 in 载至9月底, 第 in 弟3项): that word is evidence the number does not dilute
    num_l, num_r = near_num[P], near_num[P + 2]
    if p.get("number_word_exempt", True):
        thin = (num_l & (wwc[(2, 0)] == 0)) | (num_r & (wwc[(2, 1)] == 0))
    else:
        thin = num_l | num_r
    penalty = p["number_neighbour_penalty"] * thin
    # the written character forms a dictionary word with a neighbour (契合, 企盼, 视角): a
    # rare-but-real word loses to a frequent one in the corpus counts, so demand more
    if p.get("orig_word_penalty"):
        ow12 = opad[12]
        penalty = penalty + p["orig_word_penalty"] * ((ow12[P - 1 + PAD] > 0) | (ow12[P + PAD] > 0))
    if p.get("coverage"):
        penalty = penalty + coverage_penalty(norm, codes, opad, p)[P]
    bridge = np.maximum(np.maximum(wwc[(3, 1)], wwc[(4, 1)]), wwc[(4, 2)])
    if st.function_chars:
        fn = np.array([norm[i] in st.function_chars for i in P.tolist()], dtype=bool)
        if p.get("word_steal", True) and fn.any():
            ow12 = opad[12]
            steal_r = ((wwc[(2, 0)] > 0) & (wwc[(2, 1)] == 0) & (ow12[P + PAD] == 0)
                       & (ow12[P + 1 + PAD] >= wwc[(2, 0)]))
            steal_l = ((wwc[(2, 1)] > 0) & (wwc[(2, 0)] == 0) & (ow12[P - 1 + PAD] == 0)
                       & (ow12[P - 2 + PAD] >= wwc[(2, 1)]))
            bad = steal_r | steal_l
            if p.get("function_char_needs_word", True):
                # a one-character function word replaced by a character that forms no word
                # there: two free-standing characters, the boundary bigrams cannot tell them apart
                bad = bad | (w_c_best == 0)
            keep = ~(fn & bad)
            if not keep.all():
                if not keep.any():
                    return None
                idx = np.flatnonzero(keep)
                P, K, X, margin, penalty, bridge = (P[idx], K[idx], X[idx], margin[idx], penalty[idx],
                                                    bridge[idx])
                cand_chars = [cand_chars[k] for k in idx.tolist()]
    return Scored(P, cand_chars, K, X, margin - penalty, penalty, bridge)


COOC_DIST = 8  # as built: the second word starts 2..8 characters after the first


def _cooc(st: Stats, codes: np.ndarray, P: np.ndarray, C: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How well the two-character words C forms with its neighbours at P (left: x[P-1] C,
    right: C x[P+1]) go with the other two-character words of the same line starting 2 to
    COOC_DIST characters before or after them (corpus co-occurrence counts, st.cooc): the sum
    of the quantised counts and how many such pairs are attested."""
    K = P.shape[0]
    if st.cooc.n == 0 or K == 0:
        return np.zeros(K), np.zeros(K)
    x, line, pad = _cooc_text(codes)
    p = P + pad
    left = np.stack([x[p - 1], C], axis=1)
    right = np.stack([C, x[p + 1]], axis=1)
    ql, nl = _cooc_words(st, x, line, p - 1, left, line[p])
    qr, nr = _cooc_words(st, x, line, p, right, line[p])
    return ql + qr, nl + nr


def _cooc_text(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Codes padded for the co-occurrence windows, line numbers (padding: no line), padding."""
    pad = COOC_DIST + 2
    x = np.concatenate([np.full(pad, _SENTINEL, dtype=np.uint64), codes,
                        np.full(pad, _SENTINEL, dtype=np.uint64)])
    line = np.concatenate([np.full(pad, -1), np.cumsum(codes == _SENTINEL), np.full(pad, -2)])
    return x, line, pad


def _cooc_words(st: Stats, x: np.ndarray, line: np.ndarray, s: np.ndarray, w: np.ndarray,
                me: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sum of quantised co-occurrence counts and number of attested pairs of the two-character
    words w (rows) starting at padded index s with the words of line me starting 2..COOC_DIST
    characters before or after."""
    rows, valid = [], []
    for d in range(2, COOC_DIST + 1):
        a = s + d  # partner after
        rows.append(np.column_stack([w, x[a], x[a + 1]]))
        valid.append(line[a + 1] == me)
        b = s - d  # partner before
        rows.append(np.column_stack([x[b], x[b + 1], w]))
        valid.append(line[b] == me)
    q = st.cooc.lookup(hash_rows(np.concatenate(rows))).reshape(len(rows), -1)
    q = np.where(np.stack(valid), q, 0)
    return q.sum(axis=0).astype(np.float64), (q > 0).sum(axis=0).astype(np.float64)


def decision_features(pos: np.ndarray, margin: np.ndarray, features: np.ndarray,
                      rank: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The best-ranked candidate of each position and the features of the decision to apply it:
    its own features, its ranking margin, the gap to the runner-up and how many competed.
    rank (default: margin) orders each position's candidates."""
    order = np.lexsort((-(margin if rank is None else rank), pos))
    ps = pos[order]
    first = np.concatenate([[True], ps[1:] != ps[:-1]])
    heads = np.flatnonzero(first)
    best = order[heads]
    counts = np.diff(np.concatenate([heads, [order.shape[0]]]))
    second = np.full(best.shape[0], -10.0)
    has2 = counts > 1
    second[has2] = margin[order[heads[has2] + 1]]
    F = np.hstack([features[best][:, :-1],
                   np.column_stack([margin[best], margin[best] - second, np.log(counts)]),
                   features[best][:, -1:]])
    return best, F


def long_word_rank(sc: Scored) -> np.ndarray | None:
    """Ranking key of the candidates: the ranker's margin, but a candidate that forms a 3-4
    character dictionary word with both its neighbours (技木员: 技术员) comes before those that
    form none (技人员: 人员 only, 技 left stranded), when its own margin reaches
    PARAMS["long_word_min_margin"]."""
    lw = PARAMS.get("long_word_min_margin")
    if lw is None:
        return None
    if sc.bridge is None:
        return None
    has = (sc.bridge > 0) & (sc.margin >= lw)
    if not has.any():
        return None
    return sc.margin + 1000.0 * has


def best_per_position(sc: Scored, norm: str) -> list[Correction]:
    """One proposal per position: the best-ranked candidate, with the decision score as margin."""
    best, F = decision_features(sc.pos, sc.margin, sc.features, long_word_rank(sc))
    dec = F @ DECISION_WEIGHTS - sc.penalty[best]
    return [Correction(int(sc.pos[j]), norm[int(sc.pos[j])], sc.cand[j], float(d), int(sc.kind[j]))
            for j, d in zip(best.tolist(), dec.tolist())]


def repeated_words(norm: str, st: Stats) -> np.ndarray:
    """Positions of two-character dictionary words that the line itself uses more than once
    (宣传关心青年…青年工作…青年先进典型): a writer's own repeated term is not a slip, so the
    statistics may not overrule it (measured on the development set: one false alarm gone,
    no right correction lost). Lines are the parts of norm between line breaks."""
    L = len(norm)
    mask = np.zeros(L, dtype=bool)
    if L < 4:
        return mask
    codes = text_codes(norm)
    han = (codes >= 0x4E00) & (codes <= 0x9FFF)
    ok = han[:-1] & han[1:]
    if not ok.any():
        return mask
    line = np.cumsum(codes == _SENTINEL)[:-1].astype(np.uint64)
    key = hash_windows(codes, 2).astype(np.uint64) | (line << np.uint64(32))
    idx = np.flatnonzero(ok)
    _, inv, cnt = np.unique(key[idx], return_inverse=True, return_counts=True)
    rep = idx[cnt[inv] >= 2]
    if rep.size:
        rep = rep[st.word_lookup(hash_windows(codes, 2)[rep]) > 0]
        mask[rep] = True
        mask[rep + 1] = True
    return mask


def _apply_words(cur: str, text: str, wc, chosen: dict, prot, near=None) -> str:
    """Put word corrections into the working text, record them and protect their span."""
    chars = list(cur)
    for c in wc:
        n = len(c.cand)
        c.orig = text[c.pos:c.pos + n]
        chosen[c.pos] = c
        chars[c.pos:c.pos + n] = list(c.cand)
        prot[c.pos:c.pos + n] = True
        if near is not None:
            near[max(0, c.pos - 4):c.pos + 6] = True
    return "".join(chars)


def detect(text: str, st: Stats, protected: np.ndarray | None = None,
           sensitivity: str = "normal", params: dict | None = None) -> list[Correction]:
    """Corrections above the sensitivity's threshold; a second pass re-scores in corrected context."""
    p = PARAMS if params is None else params
    thr = p["threshold"][sensitivity]
    chosen: dict[int, Correction] = {}
    cur = normalise(text)
    prot = np.zeros(len(cur), dtype=bool) if protected is None else protected.copy()
    if p.get("guards", True):
        # person names in name positions and personal pronouns (guards.py)
        from .guards import guard_mask

        prot |= guard_mask(cur, st)
    if p.get("repeated_words", True):
        prot |= repeated_words(cur, st)
    if p.get("idioms", True):
        idi = idiom_corrections(cur, st, prot)
        if idi:
            chars = list(cur)
            for c in idi:
                c.orig = text[c.pos]
                chosen[c.pos] = c
                chars[c.pos] = c.cand
                prot[c.pos] = True
            cur = "".join(chars)
    if p.get("particles", True):
        # 的/地/得 have a model of their own (de.py); the other stages leave them alone
        from .de import PARTICLES, de_corrections

        dec = de_corrections(cur, st, prot, sensitivity)
        if dec:
            chars = list(cur)
            for c in dec:
                c.orig = text[c.pos]
                chosen[c.pos] = c
                chars[c.pos] = c.cand
            cur = "".join(chars)
        prot |= np.array([ch in PARTICLES for ch in cur], dtype=bool)
    wp = p.get("words")
    word_best: dict[int, str] = {}  # position → the character the best homophone word puts there
    if wp:
        wc = word_corrections(cur, st, prot, wp, sensitivity, best_out=word_best)
        if wc:
            cur = _apply_words(cur, text, wc, chosen, prot)
    jp = p.get("joint", JOINT)
    joint = [j for j in score_joint(cur, st, prot, p) if j.margin >= jp["margin"][sensitivity]] \
        if p.get("joint_chars", True) else []
    if joint:
        joint.sort(key=lambda j: -j.margin)
        chars = list(cur)
        for j in joint:
            if prot[j.pos] or prot[j.pos + 1]:
                continue
            conf = min(0.99, 1.0 / (1.0 + math.exp(-(j.margin / 50.0 + 2.0))))
            chosen[j.pos] = Correction(j.pos, text[j.pos:j.pos + 2], j.cand, j.margin, 3, conf,
                                       j.margin >= jp["error_margin"])
            chars[j.pos:j.pos + 2] = list(j.cand)
            prot[j.pos:j.pos + 2] = True
        cur = "".join(chars)
    prot_all = prot.copy()
    # Passes: the first scores every position; the next ones re-score, in corrected context,
    # the neighbourhood of the changes and - slips cluster - the rest of a line that already
    # has a change, with a lower bar there (PARAMS["hot"]).
    hp = p.get("hot", {})
    line_of = np.cumsum(text_codes(cur) == 10)
    hot = np.zeros(int(line_of[-1]) + 1 if len(cur) else 1, dtype=bool)
    for k in chosen:
        hot[line_of[k]] = True
    limit = np.full(len(cur), thr)
    for npass in range(p.get("passes", 2)):
        # No early exit on a pass that changes nothing in *some* lines: what a line gets must
        # not depend on the other lines scored with it (a line whose only change came from
        # the homophone-word stage still gets its hot-line passes when checked alone).
        sc = score_pairs(cur, st, prot, p)
        cands = [] if sc is None else [c for c in best_per_position(sc, cur) if c.margin >= limit[c.pos]]
        if word_best:
            # a low-confidence character the best homophone word there disagrees with: left alone
            cands = [c for c in cands
                     if c.margin >= p["error_margin"] or word_best.get(c.pos, c.cand) == c.cand]
        cands.sort(key=lambda c: -c.margin)
        taken: list[int] = []
        for c in cands:
            if any(abs(c.pos - t) <= 1 for t in taken):
                continue
            taken.append(c.pos)
            c.confidence = confidence(c.margin)
            c.high = c.margin >= p["error_margin"]
            c.orig = text[c.pos]
            chosen[c.pos] = c
        chars = list(cur)
        near = np.zeros(len(cur), dtype=bool)
        for t in taken:
            chars[t] = chosen[t].cand
            near[max(0, t - 4):t + 5] = True
            hot[line_of[t]] = True
        near &= hot[line_of]  # the neighbourhood never reaches into another line
        cur = "".join(chars)
        for t in taken:
            prot_all[t] = True
        in_hot = hot[line_of]
        wc = []
        if wp and hp.get("word_delta") is not None:
            # homophone words again on the lines with changes, lower bar, corrected context
            wc = word_corrections(cur, st, prot_all | ~in_hot, wp, sensitivity,
                                  delta=hp["word_delta"])
            if wc:
                cur = _apply_words(cur, text, wc, chosen, prot_all, near)
        # the next pass re-scores the neighbourhood of the changes, and the hot lines
        if hp.get("delta") is not None:
            limit = np.where(in_hot, thr - hp["delta"], thr)
            prot = prot_all | ~(near | in_hot)
        else:
            prot = prot_all | ~near
        # nothing changed anywhere: the next pass would score the same contexts with the same
        # bars (after the first pass, whose bar on hot lines is still the normal one)
        if not taken and not wc and (npass > 0 or not hot.any()):
            break
    return [chosen[k] for k in sorted(chosen)]


@dataclass
class JointCorrection:
    pos: int  # first of two adjacent characters
    cand: str  # two characters
    margin: float
    gain: float
    orig_support: float
    kinds: tuple[int, int]


def score_joint(norm: str, st: Stats, protected: np.ndarray, params: dict | None = None
                ) -> list[JointCorrection]:
    """Two adjacent slips (坐拥→作用, 起夜→企业): replace both characters at once.

    Only where the original pair is itself poorly attested in context (no trigram around it),
    with same-sound and look-alike candidates, and the new pair a frequent corpus bigram.
    """
    p = PARAMS if params is None else params
    jp = p.get("joint", JOINT)
    L = len(norm)
    if L < 3:
        return []
    codes = text_codes(norm)
    sent = np.uint64(_SENTINEL)
    ext = np.concatenate([np.full(PAD, sent), codes, np.full(PAD, sent)])
    ow = _orig_windows(st, norm, codes)
    q2, q3 = ow[2], ow[3]
    parts = []
    for i in range(L - 1):
        a, b = norm[i], norm[i + 1]
        if not (is_han(a) and is_han(b)) or protected[i] or protected[i + 1]:
            continue
        if q2[i + PAD] > jp["max_orig_bigram"] or q3[i - 1 + PAD] or q3[i + PAD]:
            continue
        ca, ka = st.candidates_no_fuzzy(a, jp["per_char"])
        cb, kb = st.candidates_no_fuzzy(b, jp["per_char"])
        if ca.size and cb.size:
            parts.append((i, ca, ka, cb, kb))
    if not parts:
        return []
    P = np.concatenate([np.full(ca.size * cb.size, i, dtype=np.int64) for i, ca, ka, cb, kb in parts])
    A = np.concatenate([np.repeat(ca, cb.size) for i, ca, ka, cb, kb in parts])
    B = np.concatenate([np.tile(cb, ca.size) for i, ca, ka, cb, kb in parts])
    kind_a = np.concatenate([np.repeat(ka, cb.size) for i, ca, ka, cb, kb in parts])
    kind_b = np.concatenate([np.tile(kb, ca.size) for i, ca, ka, cb, kb in parts])
    rows = np.stack([A, B], axis=1)
    qb = st.lookup(hash_rows(rows))
    keep = qb >= jp["min_new_bigram"]
    if not keep.any():
        return []
    P, A, B, qb = P[keep], A[keep], B[keep], qb[keep]
    ka = np.array(kind_a)[keep]
    kb = np.array(kind_b)[keep]
    # windows n=3..5 containing both positions, and the outer bigrams
    hashes, spans = [], []
    for n in (3, 4, 5):
        ar = np.arange(n)
        for o in range(n - 1):  # window starts o chars before pos and covers pos, pos+1
            r = ext[(P + PAD - o)[:, None] + ar[None, :]]
            r[:, o] = A
            r[:, o + 1] = B
            hashes.append(hash_rows(r))
            spans.append((n, o))
    lb = ext[(P + PAD - 1)[:, None] + np.arange(2)[None, :]]
    lb[:, 1] = A
    rb = ext[(P + PAD + 1)[:, None] + np.arange(2)[None, :]]
    rb[:, 0] = B
    hashes += [hash_rows(lb), hash_rows(rb)]
    vals = st.lookup(np.concatenate(hashes)).reshape(len(hashes), -1)
    long_c = vals[:-2].sum(axis=0).astype(np.float64)
    outer_c = vals[-2:].sum(axis=0).astype(np.float64)
    # the original's support: same windows in the original text
    o_long = np.zeros(P.shape[0])
    for n in (3, 4, 5):
        qn = ow[n]
        for o in range(n - 1):
            o_long += qn[P + PAD - o]
    o_outer = q2[P - 1 + PAD] + q2[P + 1 + PAD]
    gain = (long_c - o_long) + jp["outer_weight"] * (outer_c - o_outer) + jp["bigram_weight"] * (qb - q2[P + PAD])
    pen = jp["shape_penalty"] * ((ka == 2).astype(float) + (kb == 2).astype(float))
    margin = gain - pen - jp["threshold"]
    out: dict[int, JointCorrection] = {}
    for j in np.argsort(-margin, kind="stable"):
        i = int(P[j])
        if i in out:
            continue
        out[i] = JointCorrection(i, chr(int(A[j])) + chr(int(B[j])), float(margin[j]), float(gain[j]),
                                 float(o_long[j]), (int(ka[j]), int(kb[j])))
    return list(out.values())


JOINT = {
    "max_orig_bigram": 40,
    "per_char": 12,
    "min_new_bigram": 48,
    "outer_weight": 1.0,
    "bigram_weight": 1.0,
    "shape_penalty": 20.0,
    "threshold": 150.0,
    "margin": {"strict": 150.0, "normal": 240.0},  # accepted when gain - threshold >= this
    "error_margin": 300.0,
}


def idiom_corrections(norm: str, st: Stats, protected: np.ndarray) -> list[Correction]:
    """Near-misses of four-character idioms and fixed expressions (再接再励 → 再接再厉).

    A window of four characters that is neither a dictionary word nor attested in the corpus,
    where one character put back (a same-sound, fuzzy-sound or look-alike candidate of the
    character written, which itself forms no word with its neighbours there) gives a known
    idiom or fixed expression of jieba's dictionary."""
    L = len(norm)
    if L < 4 or st.idioms.n == 0:
        return []
    codes = text_codes(norm)
    ow = _orig_windows(st, norm, codes)
    m = L - 3
    base = codes[np.arange(m)[:, None] + np.arange(4)[None, :]]
    hashes = []
    for k in range(4):
        r = base.copy()
        r[:, k] = IDIOM_BLANK
        hashes.append(hash_rows(r))
    found = st.idioms.lookup(np.concatenate(hashes)).reshape(4, m)
    out: dict[int, Correction] = {}
    for k, s in zip(*np.nonzero(found)):
        s, k = int(s), int(k)
        pos = s + k
        cand = chr(int(found[k, s]))
        ch = norm[pos]
        if cand == ch or not is_han(ch) or protected[pos] or pos in out:
            continue
        if ow[14][s + PAD] or ow[4][s + PAD] >= IDIOM_MAX_ORIG_Q:
            continue  # the window is a word itself, or attested in the corpus
        if not all(is_han(c) for c in norm[s:s + 4]):
            continue
        cands, kinds = st.candidates(ch)
        j = cands.find(cand)
        if j < 0:
            continue
        kind = kinds[j]
        # the written character forms a word with a neighbour (开除党籍处分 is right although
        # 党纪处分 is a fixed expression too): not judged here, the context scorer decides
        # (also with a neighbour outside the window: 人才政治 is not 人在政治)
        if ow[12][pos - 1 + PAD] > 0 or ow[12][pos + PAD] > 0:
            continue
        # two variants of one expression (事实真相 / 事实真象): the candidate of the same kind
        # that the corpus writes most often in this window wins
        same = [c for c, k in zip(cands, kinds) if k == kind]
        if len(same) > 1:
            rows = np.repeat(codes[s:s + 4][None, :], len(same), axis=0)
            rows[:, pos - s] = text_codes("".join(same))
            q = st.lookup(hash_rows(rows))
            jbest = int(np.argmax(q))
            if q[jbest] > q[same.index(cand)]:
                cand = same[jbest]
        high = kind == 0
        out[pos] = Correction(pos, ch, cand, 10.0 if high else 1.0, 4, 0.95 if high else 0.75, high)
    return [out[k] for k in sorted(out)]


IDIOM_MAX_ORIG_Q = 16  # an original 4-gram seen about 3 times or more is left alone


WORD_FEATURES = (
    "c3", "c4", "c5", "o3", "o4", "o5", "wins", "losses", "c_best", "o_best",
    "bigram_c", "bigram_o", "outer_c", "outer_o", "word_c", "word_o", "long_word_c", "long_word_o",
    "uni_c", "uni_o", "n_cands", "o_attested3", "gain", "one_diff", "kind_fuzzy", "kind_shape",
    "cooc_c", "cooc_o", "cooc_wins", "bias",
)

# Logistic weights over WORD_FEATURES (benchmarks/csc_tune.py --words prints them).
WORD_WEIGHTS = np.array([
    0.132, 0.333, 0.060, -0.114, -0.096, -0.027, 0.674, -0.464, 0.126, -0.081,
    -0.410, -0.142, -0.608, -0.973, -0.410, 0.134, 0.392, -0.101, -0.782, -0.385,
    -0.527, -0.188, 0.859, 0.714, -0.278, -0.330, 0.068, -0.070, 0.266, -0.399,
])


@dataclass
class WordScored:
    pos: np.ndarray  # first of the two characters
    cand: list[str]  # two-character words
    features: np.ndarray
    near_num: np.ndarray
    orig_word: np.ndarray | None = None  # the text there is already a dictionary word
    coverage: np.ndarray | None = None  # the line's coverage penalty (coverage_penalty)


def score_words(norm: str, st: Stats, protected: np.ndarray | None = None) -> WordScored | None:
    """Two adjacent slips that together spell a homophone of a word (树脂→述职, 身披→审批): every
    two-character dictionary word that sounds like the pair written (tone ignored) is put in
    its place and compared with the original in context (windows of 3 to 5 characters covering
    both positions, the outer bigrams, dictionary words formed)."""
    L = len(norm)
    if L < 2:
        return None
    pos: list[int] = []
    cands: list[str] = []
    ncand: list[int] = []
    wkind: list[int] = []
    for i in range(L - 1):
        a, b = norm[i], norm[i + 1]
        if not (is_han(a) and is_han(b)):
            continue
        if protected is not None and (protected[i] or protected[i + 1]):
            continue
        ws = st.word_variants(a, b)
        if ws:
            pos.extend([i] * len(ws))
            cands.extend(w for w, _ in ws)
            wkind.extend(k for _, k in ws)
            ncand.extend([len(ws)] * len(ws))
    if not pos:
        return None
    codes = text_codes(norm)
    sent = np.uint64(_SENTINEL)
    ext = np.concatenate([np.full(PAD, sent), codes, np.full(PAD, sent)])
    ow = _orig_windows(st, norm, codes)
    P = np.array(pos, dtype=np.int64)
    W = text_codes("".join(cands)).reshape(-1, 2)
    # cheap filter first: a word that forms no attested trigram with either neighbour is never
    # applied (about 85 % of the proposals; on the development set no right one above the bar)
    tri = []
    for o in range(2):
        r = ext[(P + PAD - o)[:, None] + np.arange(3)[None, :]]
        r[:, o] = W[:, 0]
        r[:, o + 1] = W[:, 1]
        tri.append(hash_rows(r))
    keep = (st.lookup(np.concatenate(tri)).reshape(2, -1) > 0).any(axis=0)
    if not keep.any():
        return None
    if st.function_chars:
        keep &= ~word_steal(norm, st, ow, P, cands)
        if not keep.any():
            return None
    idx = np.flatnonzero(keep)
    P, W = P[idx], W[idx]
    il = idx.tolist()
    pos = [pos[k] for k in il]
    cands = [cands[k] for k in il]
    ncand = [ncand[k] for k in il]
    wkind = [wkind[k] for k in il]
    hashes, keys = [], []
    for n in (3, 4, 5):
        ar = np.arange(n)
        for o in range(n - 1):
            r = ext[(P + PAD - o)[:, None] + ar[None, :]]
            r[:, o] = W[:, 0]
            r[:, o + 1] = W[:, 1]
            hashes.append(hash_rows(r))
            keys.append((n, o))
    lb = ext[(P + PAD - 1)[:, None] + np.arange(2)[None, :]]
    lb[:, 1] = W[:, 0]
    rb = ext[(P + PAD + 1)[:, None] + np.arange(2)[None, :]]
    rb[:, 0] = W[:, 1]
    hw = hash_rows(W)
    hashes += [hash_rows(lb), hash_rows(rb), hw]
    allh = np.concatenate(hashes)
    vals = st.lookup(allh).reshape(len(hashes), -1).astype(np.float64)
    # dictionary words: the pair itself and the 3-4 character windows (first 5 of keys)
    nwk = 5
    wv = st.word_lookup(np.concatenate(hashes[:nwk] + [hw])).reshape(nwk + 1, -1).astype(np.float64)
    K = P.shape[0]
    c = {n: np.zeros(K) for n in (3, 4, 5)}
    o_ = {n: np.zeros(K) for n in (3, 4, 5)}
    wins = np.zeros(K)
    losses = np.zeros(K)
    c_best = np.zeros(K)
    o_best = np.zeros(K)
    for k, (n, o) in enumerate(keys):
        cq = vals[k]
        oq = ow[n][P + PAD - o].astype(np.float64)
        c[n] += cq
        o_[n] += oq
        wins += (cq > 0) & (oq == 0)
        losses += (cq == 0) & (oq > 0)
        c_best = np.maximum(c_best, cq)
        o_best = np.maximum(o_best, oq)
    long_c = wv[:nwk].max(axis=0)
    long_o = np.zeros(K)
    for k, (n, o) in enumerate(keys[:nwk]):
        long_o = np.maximum(long_o, ow[10 + n][P + PAD - o])
    bigram_c = vals[-1]
    bigram_o = ow[2][P + PAD].astype(np.float64)
    outer_c = vals[-3] + vals[-2]
    outer_o = (ow[2][P - 1 + PAD] + ow[2][P + 1 + PAD]).astype(np.float64)
    word_c = wv[-1]
    word_o = ow[12][P + PAD].astype(np.float64)
    uni = np.array([math.log2(1 + st.char_count(w[0])) + math.log2(1 + st.char_count(w[1])) for w in cands])
    uo = np.array([math.log2(1 + st.char_count(norm[i])) + math.log2(1 + st.char_count(norm[i + 1]))
                   for i in pos])
    WK = np.array(wkind, dtype=np.int64)
    one_diff = np.array([(w[0] == norm[i]) or (w[1] == norm[i + 1]) for w, i in zip(cands, pos)],
                        dtype=np.float64)
    o_att3 = ((ow[3][P - 1 + PAD] > 0) | (ow[3][P + PAD] > 0)).astype(np.float64)
    gain = (c[3] + c[4] + c[5] - o_[3] - o_[4] - o_[5]) + (outer_c - outer_o) + (bigram_c - bigram_o)
    if st.cooc.n:
        x, line, pad = _cooc_text(codes)
        cq_c, cn_c = _cooc_words(st, x, line, P + pad, W.astype(np.uint64), line[P + pad])
        cq_o, cn_o = _cooc_words(st, x, line, P + pad, np.stack([codes[P], codes[P + 1]], axis=1),
                                 line[P + pad])
    else:
        cq_c = cn_c = cq_o = cn_o = np.zeros(K)
    X = np.column_stack([
        c[3] / 100, c[4] / 100, c[5] / 100, o_[3] / 100, o_[4] / 100, o_[5] / 100, wins, losses,
        c_best / 100, o_best / 100, bigram_c / 100, bigram_o / 100, outer_c / 100, outer_o / 100,
        word_c / 100, word_o / 100, long_c / 100, long_o / 100, uni / 20, uo / 20,
        np.log(np.array(ncand, dtype=np.float64)), o_att3, gain / 100, one_diff, WK == 1, WK == 2,
        cq_c / 100, cq_o / 100, cn_c - cn_o, np.ones(K),
    ])
    near = np.zeros(L + 3, dtype=bool)
    near[1:L + 1] = [ch in "0a" for ch in norm]
    near_num = near[P] | near[P + 3]
    # the written text is a dictionary word already where the proposal changes it: the pair
    # itself (欣喜 → 信息) or, one character changed, that character with its outer neighbour
    w12 = ow[12]
    first = np.array([w[0] != norm[i] for w, i in zip(cands, pos)], dtype=bool)
    second = np.array([w[1] != norm[i + 1] for w, i in zip(cands, pos)], dtype=bool)
    orig_word = (w12[P + PAD] > 0) | (first & ~second & (w12[P - 1 + PAD] > 0)) \
        | (second & ~first & (w12[P + 1 + PAD] > 0))
    cov = coverage_penalty(norm, codes, ow, PARAMS)[P] if PARAMS.get("coverage") else None
    return WordScored(P, cands, X, near_num, orig_word, cov)


def word_steal(norm: str, st: Stats, ow: dict[int, np.ndarray], P: np.ndarray,
               cands: list[str]) -> np.ndarray:
    """Proposals (two-character words W at P, one character changed) that put a word in the
    place of a one-character adverb, conjunction or preposition (st.function_chars: 均、都、已、
    并…) by taking a neighbour that already forms a dictionary word on its other side with the
    rest of the text at least as frequent as the proposed word (信息均通过 → 沟通 takes the 通
    of 通过), while the changed character forms no word on its other side. The original
    character is a word of its own there; the statistics of a rare adverb-verb pair are just
    thin. The same rule
    holds in score_pairs (the candidate forms a word with that neighbour only)."""
    fs = st.function_chars
    out = np.zeros(P.shape[0], dtype=bool)
    w12 = ow[12]
    for k, (i, w) in enumerate(zip(P.tolist(), cands)):
        if w[0] != norm[i] and w[1] == norm[i + 1]:
            # the first character changed; its right neighbour starts the word x[i+1]x[i+2]
            out[k] = (norm[i] in fs and w12[i + PAD] == 0 and w12[i + 1 + PAD] >= max(1, _word_q(st, w))
                      and (i == 0 or not _word_q(st, norm[i - 1] + w[0])))
        elif w[1] != norm[i + 1] and w[0] == norm[i]:
            # the second character changed; its left neighbour ends the word x[i-1]x[i]
            out[k] = (norm[i + 1] in fs and w12[i + PAD] == 0 and w12[i - 1 + PAD] >= max(1, _word_q(st, w))
                      and (i + 2 >= len(norm) or not _word_q(st, w[1] + norm[i + 2])))
    return out


def bridging_candidates(norm: str, st: Stats, k: int) -> set[str]:
    """The candidates of norm[k] that form a 3-4 character dictionary word with both its
    neighbours (技木员: 术 → 技术员)."""
    if k == 0 or k + 1 >= len(norm):
        return set()
    cands, _ = st.candidates(norm[k])
    if not cands:
        return set()
    codes = text_codes(norm)
    sent = np.uint64(_SENTINEL)
    ext = np.concatenate([np.full(PAD, sent), codes, np.full(PAD, sent)])
    C = text_codes(cands)
    rows = []
    for n, o in ((3, 1), (4, 1), (4, 2)):
        r = np.repeat(ext[k + PAD - o:k + PAD - o + n][None, :], C.shape[0], axis=0)
        r[:, o] = C
        rows.append(hash_rows(r))
    q = st.word_lookup(np.concatenate(rows)).reshape(3, -1).max(axis=0)
    return {c for c, v in zip(cands, q.tolist()) if v > 0}


def word_corrections(norm: str, st: Stats, protected: np.ndarray, wp: dict, sensitivity: str,
                     delta: float = 0.0, best_out: dict[int, str] | None = None) -> list[Correction]:
    """The best homophone word of each position pair whose decision score reaches the
    threshold, greedily by score, never overlapping."""
    sc = score_words(norm, st, protected)
    if sc is None:
        return []
    z = sc.features @ WORD_WEIGHTS - wp["number_neighbour_penalty"] * sc.near_num
    if wp.get("orig_word_penalty") and sc.orig_word is not None:
        z = z - wp["orig_word_penalty"] * sc.orig_word
    if sc.coverage is not None:
        z = z - wp.get("coverage_scale", 1.0) * sc.coverage
    thr = wp["threshold"][sensitivity] - delta
    if PARAMS.get("long_word_min_margin") is not None:
        # a one-character variant word (木员→人员) whose changed character forms no 3-4
        # character word with both its neighbours, where another candidate there does (技术员):
        # left to the single-character scorer, which prefers that one (long_word_rank)
        floor = min(thr, wp.get("veto_min", thr) if best_out is not None else thr)
        memo: dict[int, set[str]] = {}
        for j in np.flatnonzero(z >= floor).tolist():
            i, w = int(sc.pos[j]), sc.cand[j]
            if (w[0] == norm[i]) == (w[1] == norm[i + 1]):
                continue  # both characters (or none) changed
            k = i if w[0] != norm[i] else i + 1
            if k not in memo:
                memo[k] = bridging_candidates(norm, st, k)
            if memo[k] and w[k - i] not in memo[k]:
                z[j] = -np.inf
    if best_out is not None and wp.get("veto_min") is not None:
        # for every position, the character of the best-scoring word variant covering it
        # (scores at least veto_min), for the single-character passes to check against
        vz: dict[int, float] = {}
        for j in np.flatnonzero(z >= wp["veto_min"]).tolist():
            i, w, zj = int(sc.pos[j]), sc.cand[j], float(z[j])
            for k in (0, 1):
                if w[k] != norm[i + k] and zj > vz.get(i + k, -1e9):
                    vz[i + k] = zj
                    best_out[i + k] = w[k]
    out: list[Correction] = []
    taken = np.zeros(len(norm) + 2, dtype=bool)
    for j in np.argsort(-z, kind="stable"):
        if z[j] < thr:
            break
        i = int(sc.pos[j])
        if taken[i] or taken[i + 1]:
            continue
        taken[i:i + 2] = True
        w = sc.cand[j]
        conf = confidence(float(z[j]) + 1.0)
        high = float(z[j]) >= wp["error_margin"]
        if w[0] == norm[i]:  # one character differs: report just that one
            out.append(Correction(i + 1, norm[i + 1], w[1], float(z[j]), 3, conf, high))
        elif w[1] == norm[i + 1]:
            out.append(Correction(i, norm[i], w[0], float(z[j]), 3, conf, high))
        else:
            out.append(Correction(i, norm[i:i + 2], w, float(z[j]), 3, conf, high))
    return out
