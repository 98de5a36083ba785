"""One missing or one doubled character (党风廉建设 → 党风廉政建设, 进一步步加强 → 进一步加强).

The other stages replace characters one for one; these slips change the length. Scored by the
same corpus statistics:

- missing: every three characters of the text are looked up as a four-character dictionary word
  with an inner character left out (st.gaps: 廉_建设 → 政, built from jieba's dictionary by
  scripts/build_spelling_stats.py --only-gaps). Proposed only where the two characters around
  the gap form no dictionary word, one of them belongs to no dictionary word of the written text
  (党风廉建设: 廉 is stranded; 党内监督 and 技术员 are whole words as written), and
  the windows of 3 to 5 characters covering the inserted character are attested far better
  than the written windows across the gap (GAPS["insert_min_gain"]).
- doubled: two equal adjacent characters (not a dictionary word, not a function character of
  GW701) whose written windows are unattested while the text with one of them deleted is
  attested (GAPS["delete_min_gain"]).
"""
from __future__ import annotations

import numpy as np

from .detect import PAD, Correction, _orig_windows, _word_q, confidence, is_han
from .hashing import IDIOM_BLANK, hash_rows, text_codes
from .model import Stats

KIND_DELETE = 6
KIND_INSERT = 7

# GW701 (repetition pack) reports these doubled; not judged here twice
_GW701_CHARS = "的了在是和与对把被将为从向于就也都还并而及其该以要我各有"

GAPS = {
    # sum of the quantised counts of the 3-5 character windows covering the change, new text
    # minus written text; measured on clean prose (false alarms) and on slips made by deleting
    # or doubling a character in clean official sentences (benchmarks/gap_eval.py, tuning
    # part, insert 150: 3 of 3,611 clean sentences changed, 38 % of missing and 33 % of doubled
    # characters restored; insert 100 / delete 40: 12 changed, 42 % / 38 %). Raised to 250
    # after the whole pipeline's clean false alarms (违规为其 → 违规行为其, 不深入 → 不断深入)
    "insert_min_gain": 250.0,
    "delete_min_gain": 60.0,
    "max_gap_bigram_q": 40,  # the written pair across the gap is attested at most this (~30 times)
    "error_gain": 300.0,  # gain at and above which the finding is an error (GW401)
}


def _q(st: Stats, s: str) -> int:
    if not s or "\n" in s:
        return 0
    return int(st.lookup(hash_rows(text_codes(s)[None, :]))[0])


def _span_sum(st: Stats, text: str, lo: int, hi: int) -> float:
    """Sum of the quantised corpus counts of the windows of 3 to 5 characters of text that
    contain both positions lo and hi (lo <= hi)."""
    tot = 0.0
    for n in (3, 4, 5):
        for a in range(hi - n + 1, lo + 1):
            if a >= 0 and a + n <= len(text):
                tot += _q(st, text[a:a + n])
    return tot


def _confidence(gain: float, bar: float, high: float) -> float:
    """0.62 at the bar, about 0.92 where the finding becomes an error."""
    return confidence(0.5 + 2.0 * (gain - bar) / max(1.0, high - bar))


def gap_corrections(norm: str, st: Stats, protected: np.ndarray | None = None,
                    params: dict | None = None) -> list[Correction]:
    p = GAPS if params is None else params
    L = len(norm)
    if L < 3 or st.gaps.n == 0:
        return []
    prot = np.zeros(L, dtype=bool) if protected is None else protected
    codes = text_codes(norm)
    ow = _orig_windows(st, norm, codes)
    han = np.array([is_han(c) for c in norm], dtype=bool)
    # positions inside some 2-4 character dictionary word of the written text
    in_word = np.zeros(L, dtype=bool)
    for n in (2, 3, 4):
        for st_ in np.flatnonzero(ow[10 + n][PAD:PAD + L] > 0).tolist():
            in_word[st_:st_ + n] = True
    out: dict[int, Correction] = {}

    # missing character: three written characters t0 t1 t2 read as a four-character word
    m = L - 2
    ok3 = han[:m] & han[1:m + 1] & han[2:m + 2]
    starts = np.flatnonzero(ok3)
    if starts.size:
        base = codes[starts[:, None] + np.arange(3)[None, :]]
        blank = np.full((starts.size, 1), IDIOM_BLANK, dtype=base.dtype)
        # the missing character at inner position k = 1, 2 of the four-character word
        pats = [np.hstack([base[:, :k], blank, base[:, k:]]) for k in (1, 2)]
        found = st.gaps.lookup(np.concatenate([hash_rows(x) for x in pats])).reshape(2, -1)
        for k, j in zip(*np.nonzero(found)):
            s = int(starts[j])
            a = s + int(k)  # the gap lies between a and a + 1
            if a < 0 or a + 1 >= L or not (han[a] and han[a + 1]):
                continue
            if prot[a] or prot[a + 1]:
                continue
            if ow[12][a + PAD] > 0 or ow[2][a + PAD] > p["max_gap_bigram_q"]:
                continue  # the written pair is a word, or attested: no gap there
            if in_word[a] and in_word[a + 1]:
                continue  # both sides belong to words as written (党内监督, 技术员): no gap
            c = chr(int(found[k, j]))
            lo, hi = max(0, a - 4), min(L, a + 5)
            new = norm[lo:a + 1] + c + norm[a + 1:hi]
            gain = _span_sum(st, new, a + 1 - lo, a + 1 - lo) - _span_sum(st, norm[lo:hi], a - lo, a + 1 - lo)
            if gain < p["insert_min_gain"] or (a in out and out[a].margin >= gain):
                continue
            out[a] = Correction(a, norm[a:a + 2], norm[a] + c + norm[a + 1], gain, KIND_INSERT,
                                _confidence(gain, p["insert_min_gain"], p["error_gain"]),
                                gain >= p["error_gain"])

    # doubled character
    for i in np.flatnonzero((codes[:-1] == codes[1:]) & han[:-1]).tolist():
        ch = norm[i]
        if ch in _GW701_CHARS or prot[i] or prot[i + 1] or i in out or i - 1 in out:
            continue
        if p.get("delete_skip_words", False) and _word_q(st, ch + ch) > 0:
            continue
        lo, hi = max(0, i - 4), min(L, i + 6)
        new = norm[lo:i + 1] + norm[i + 2:hi]
        j = i - lo  # the kept character in new
        if j < 1 or j + 1 >= len(new):
            continue
        gain = _span_sum(st, new, j - 1, j + 1) - _span_sum(st, norm[lo:hi], j, j + 1)
        if gain < p["delete_min_gain"]:
            continue
        out[i] = Correction(i, ch + ch, ch, gain, KIND_DELETE,
                            _confidence(gain, p["delete_min_gain"], p["error_gain"]),
                            gain >= p["error_gain"])
    return [out[k] for k in sorted(out)]
