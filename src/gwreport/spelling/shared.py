"""What the spelling stages share (detect.py, de.py, guards.py, gaps.py): the Correction they
return, the window and word look-ups in the counts, the confidence curve. Kept below them so the
stages import it rather than each other."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .hashing import hash_rows, text_codes
from .model import Stats

PAD = 4
_SENTINEL = 10  # '\n' never occurs inside a counted n-gram


@dataclass
class Correction:
    pos: int
    orig: str
    cand: str
    margin: float
    kind: int
    confidence: float = 0.0
    high: bool = False  # high confidence → error (GW401), else warning (GW402)


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def confidence(margin: float) -> float:
    return min(0.99, 1.0 / (1.0 + math.exp(-margin)))


def _window_values(st: Stats, ext: np.ndarray, pos: np.ndarray, cand: np.ndarray,
                   orders=(2, 3, 4, 5), words: dict | None = None) -> dict[tuple[int, int], np.ndarray]:
    """Quantised counts of every window (n, offset) covering pos with cand put at pos.

    ext is the padded code array (PAD sentinels each side); pos index the unpadded text.
    When words is a dict, it receives the dictionary frequencies of the windows of n <= 4.
    """
    base = pos + PAD
    hashes = []
    keys = []
    for n in orders:
        ar = np.arange(n)
        for o in range(n):
            rows = ext[(base - o)[:, None] + ar[None, :]]
            rows[:, o] = cand
            hashes.append(hash_rows(rows))
            keys.append((n, o))
    allh = np.concatenate(hashes)
    vals = st.lookup(allh).reshape(len(keys), -1)
    if words is not None:
        nw = sum(1 for n, _ in keys if n <= 4)
        wv = st.word_lookup(allh[: nw * pos.shape[0]]).reshape(nw, -1)
        for i, k in enumerate(keys[:nw]):
            words[k] = wv[i]
    return {k: vals[i] for i, k in enumerate(keys)}


def _word_q(st: Stats, w: str) -> int:
    """Quantised dictionary frequency of the word w (0: not a word)."""
    if not all(is_han(c) for c in w):
        return 0
    return int(st.word_lookup(hash_rows(text_codes(w)[None, :]))[0])
