"""Stable 32-bit fingerprints of character n-grams, vectorised with numpy.

The same function is used by scripts/build_spelling_stats.py (to build the table) and by the
checker (to look n-grams up), so the two can never drift apart. Python's own hash() is salted
per process and cannot be used.
"""
from __future__ import annotations

import numpy as np

MAX_N = 5
BIGRAM_BITS = 1 << 24  # size of the bigram bit set (bigram_bits.npy)
IDIOM_BLANK = 1  # code point standing for the blanked-out character of an idiom pattern
_MUL = np.uint64(0x100000001B3)
_SEEDS = [np.uint64(0xCBF29CE484222325 ^ (n * 0x9E3779B97F4A7C15 & 0xFFFFFFFFFFFFFFFF))
          for n in range(MAX_N + 1)]
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _finish(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint64(30))
    h = h * _M1
    h = h ^ (h >> np.uint64(27))
    h = h * _M2
    h = h ^ (h >> np.uint64(31))
    return (h >> np.uint64(32)).astype(np.uint32)


def hash_rows(codes: np.ndarray) -> np.ndarray:
    """Fingerprint each row of a 2-D uint64 array of code points (all rows the same length n)."""
    n = codes.shape[1]
    h = np.full(codes.shape[0], _SEEDS[n], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = (h ^ codes[:, k]) * _MUL
        return _finish(h)


def hash_windows(codes: np.ndarray, n: int) -> np.ndarray:
    """Fingerprints of all length-n windows of a 1-D uint64 code-point array (len - n + 1 of them)."""
    m = codes.shape[0] - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint32)
    h = np.full(m, _SEEDS[n], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = (h ^ codes[k:k + m]) * _MUL
        return _finish(h)


def text_codes(text: str) -> np.ndarray:
    # surrogatepass: a lone surrogate (undecodable input kept by a reader) is just another code point
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)


def quantise(counts: np.ndarray) -> np.ndarray:
    """Counts → uint8 on a log scale (step 2**(1/8), about 9 %)."""
    q = np.rint(np.log2(1.0 + counts.astype(np.float64)) * 8.0)
    return np.clip(q, 0, 255).astype(np.uint8)


def dequantise(q: np.ndarray) -> np.ndarray:
    return np.exp2(q.astype(np.float64) / 8.0) - 1.0
