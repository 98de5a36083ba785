#!/usr/bin/env python3
"""Build the spelling engine's statistics (corpora/spelling/) from the official-text corpus.

What it writes (derived data only, no corpus text):

- ngrams_lo.npy     uint16: low 16 bits of the sorted 32-bit fingerprints of character n-grams
                    (n = 2..5, gwreport.spelling.hashing) seen at least --min-count times
                    (or with a weighted count of at least --min-weighted)
- ngrams_starts.npy uint32[65537]: where each value of the fingerprints' top 16 bits starts
- ngrams_vals.npy   uint8: weighted counts on a log scale (hashing.quantise), same order
- bigram_bits.npy   uint8[2**21]: bit set of the kept bigrams' fingerprints (low 24 bits)
- words_lo.npy, words_starts.npy, words_vals.npy: the same layout for the 2-4 character
                    Chinese words of jieba's dictionary (--words; MIT) with their frequencies
- idioms_*.npy      four-character idioms and fixed expressions of that dictionary (tags i, l)
                    with one character blanked out → the missing character (uint16)
- gaps_*.npy        every four-character word of that dictionary with an inner character
                    blanked out → the missing character (uint16): 党风廉建设 → 党风廉政建设
- chars.json        {"counts": {char: weighted count}, "total": N, "weights": {...}}
- confusion.json    {"sound": {char: "similar-sounding chars"}, "shape": {char: "look-alikes"}}
                    for the characters frequent enough in the corpus; sound from pypinyin
                    (all readings, tone ignored, fuzzy z/zh c/ch s/sh n/l en/eng in/ing an/ang),
                    shape from the char-similar package's component/stroke/four-corner tables
                    (MIT) and pycorrector's same_stroke.txt groups (Apache-2.0) when given.
- homophone_words.json  {"readings": {char: "toneless readings"}, "words": {"reading reading":
                    "concatenated two-character words"}}: the two-character words of the
                    dictionary made of candidate characters and attested in the corpus (bigram
                    count >= --homophone-min-q on the quantised scale), keyed by their toneless
                    pinyin (pypinyin, all readings), for the homophone-word scorer (树脂→述职)
- cooc_lo.npy, cooc_starts.npy, cooc_vals.npy: the same layout for pairs of two-character
                    dictionary words in one line, the second starting 2 to --cooc-dist
                    characters after the first, seen at least --cooc-min times (fingerprint of
                    the four characters, weighted count): real-word errors judged by the rest
                    of the sentence beyond the 5-gram window (形式/形势, 主题/主体)
- meta.json         sizes, parameters, corpus file names and sizes.

How to run (about 2-3 minutes and ~3 GB of memory on 2 cores for the ~19.5M-character corpus):

    .venv/bin/python scripts/build_spelling_stats.py \\
        --corpus ../shared/data/govcorpus --out corpora/spelling \\
        --shape-dir /tmp/char_similar/data --same-stroke /tmp/pycorrector/data/same_stroke.txt

Only the derived tables again (glyph look-alikes merged into confusion.json, and
homophone_words.json), from the statistics already in --out (seconds):

    .venv/bin/python scripts/build_spelling_stats.py --only-derived --out corpora/spelling \
        [--glyph-sim /tmp/glyph_sim.json]

Only the word co-occurrence table (cooc_*.npy, reads the corpus; about 15 seconds):

    .venv/bin/python scripts/build_spelling_stats.py --corpus ../shared/data/govcorpus \
        --out corpora/spelling --only-cooc

Glyph look-alikes (衣/农, 白/自: no shared component) come from rendered glyphs:
scripts/glyph_similarity.py (needs Pillow and a CJK font, build time only) writes the
--glyph-sim file; pairs with similarity >= --glyph-min, at most --glyph-top a character, are
added to the shape candidates.

The shape sources are optional build-time inputs (never needed at run time). To get them:

    pip download --no-deps -d /tmp/w char-similar==0.0.2 pycorrector==1.1.4
    cd /tmp && unzip -o -q w/char_similar-*.whl && unzip -o -q w/pycorrector-*.whl

Without --shape-dir/--same-stroke the existing shape table in --out is kept (or left empty
when there is none). Corpus files are *.txt or *.txt.xz, one paragraph a line; files whose
name starts with one of --boost (default reports, policy) are weighted --boost-weight times.
"""
from __future__ import annotations

import argparse
import json
import lzma
import os
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gwreport.spelling.hashing import (  # noqa: E402
    BIGRAM_BITS, IDIOM_BLANK, MAX_N, hash_rows, hash_windows, quantise, text_codes,
)
from gwreport.spelling.normalise import normalise  # noqa: E402


def read_corpus(path: Path) -> list[str]:
    opener = lzma.open if path.name.endswith(".xz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [normalise(unicodedata.normalize("NFC", ln.rstrip("\n"))) for ln in fh if ln.strip()]


def count_ngrams(lines_by_weight: list[tuple[float, list[str]]], min_count: int,
                 min_weighted: float = float("inf"), all_orders: tuple[int, ...] = ()):
    """Return (keys, weighted counts) of n-grams n=2..MAX_N with raw count >= min_count,
    and the weighted unigram counts."""
    all_keys, all_w, all_n = [], [], []
    chars: dict[str, float] = {}
    for weight, lines in lines_by_weight:
        text = "\n".join(lines) + "\n"
        codes = text_codes(text)
        nl = (codes == 10).astype(np.int32)
        cum = np.concatenate([[0], np.cumsum(nl)])
        # unigrams
        u, c = np.unique(codes, return_counts=True)
        for cp, cnt in zip(u.tolist(), c.tolist()):
            if cp != 10:
                ch = chr(cp)
                chars[ch] = chars.get(ch, 0.0) + cnt * weight
        for n in range(2, MAX_N + 1):
            h = hash_windows(codes, n)
            ok = (cum[n:] - cum[:-n]) == 0  # no line break inside the window
            h = h[ok[: h.shape[0]]]
            all_keys.append(h)
            all_w.append(np.full(h.shape[0], weight, dtype=np.float32))
            all_n.append(np.full(h.shape[0], n, dtype=np.uint8))
            del h, ok
    keys = np.concatenate(all_keys)
    weights = np.concatenate(all_w)
    orders = np.concatenate(all_n)
    del all_keys, all_w, all_n
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    weights = weights[order]
    orders = orders[order]
    del order
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    raw = np.diff(np.concatenate([starts, [keys.shape[0]]]))
    wsum = np.add.reduceat(weights, starts)
    ukeys = keys[starts]
    kept_orders = orders[starts]
    keep = (raw >= min_count) | (wsum >= min_weighted) | np.isin(kept_orders, list(all_orders))
    return ukeys[keep], wsum[keep], kept_orders[keep], chars


def save_table(out: Path, prefix: str, keys: np.ndarray, vals: np.ndarray) -> None:
    """Compact layout (gwreport.spelling.model.HashTable): 65,536 buckets by the sorted
    fingerprints' top 16 bits; per entry the low 16 bits (uint16) and the value (uint8)."""
    order = np.argsort(keys, kind="stable")
    keys, vals = keys[order].astype(np.uint32), vals[order]
    starts = np.searchsorted(keys, np.arange(65537, dtype=np.uint64) << np.uint64(16)).astype(np.uint32)
    for name, arr in ((f"{prefix}_lo.npy", (keys & np.uint32(0xFFFF)).astype(np.uint16)),
                      (f"{prefix}_starts.npy", starts), (f"{prefix}_vals.npy", vals)):
        tmp = out / (name + ".tmp.npy")
        np.save(tmp, arr)
        os.replace(tmp, out / name)


def cooc_table(lines_by_weight: list[tuple[float, list[str]]], best: dict[str, int],
               max_dist: int, min_count: int) -> tuple[np.ndarray, np.ndarray]:
    """Co-occurrence of two-character dictionary words in one line, the second starting 2 to
    max_dist characters after the first (they do not overlap): fingerprints of the four
    characters (hashing.hash_rows, first word then second) and weighted counts, kept when
    seen at least min_count times. Read around a position, they tell which of two
    real words (形式/形势, 主题/主体) fits the rest of the sentence beyond the 5-gram window."""
    w2 = [w for w in best if len(w) == 2]
    wkeys = np.unique(hash_rows(text_codes("".join(w2)).reshape(-1, 2)))
    all_keys, all_w = [], []
    for weight, lines in lines_by_weight:
        codes = text_codes("\n".join(lines) + "\n")
        line = np.cumsum(codes == 10)
        h2 = hash_windows(codes, 2)
        isw = np.isin(h2, wkeys)
        idx = np.flatnonzero(isw)
        for d in range(2, max_dist + 1):
            a = idx[idx + d < h2.shape[0]]
            b = a + d
            ok = isw[b] & (line[a] == line[b + 1])
            a, b = a[ok], b[ok]
            rows = np.stack([codes[a], codes[a + 1], codes[b], codes[b + 1]], axis=1)
            all_keys.append(hash_rows(rows))
            all_w.append(np.full(a.shape[0], weight, dtype=np.float32))
    keys = np.concatenate(all_keys)
    weights = np.concatenate(all_w)
    del all_keys, all_w
    order = np.argsort(keys, kind="stable")
    keys, weights = keys[order], weights[order]
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    raw = np.diff(np.concatenate([starts, [keys.shape[0]]]))
    wsum = np.add.reduceat(weights, starts)
    keep = raw >= min_count
    return keys[starts][keep].astype(np.uint32), quantise(wsum[keep])


def read_words(source: str) -> tuple[dict[str, int], dict[str, str]]:
    """Chinese words of a jieba-format dictionary ("word freq [tag]" a line) with their
    frequency and tag; "jieba" = the installed jieba's own dict.txt (MIT)."""
    if source == "jieba":
        import jieba

        path = Path(jieba.__file__).resolve().parent / "dict.txt"
    else:
        path = Path(source)
    best: dict[str, int] = {}
    tags: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for ln in fh:
            parts = ln.split()
            if len(parts) < 2 or not 2 <= len(parts[0]) <= 4 or not all(map(is_han, parts[0])):
                continue
            try:
                freq = int(parts[1])
            except ValueError:
                continue
            if freq > best.get(parts[0], 0):
                best[parts[0]] = freq
                tags[parts[0]] = parts[2] if len(parts) > 2 else ""
    return best, tags


FUNCTION_TAGS = ("d", "c", "p")


def function_chars(source: str, min_freq: int) -> str:
    """One-character adverbs, conjunctions and prepositions (jieba tags d, c, p) of a
    jieba-format dictionary seen at least min_freq times there (均、都、已、并、将…): the
    spelling engine does not let a candidate take such a character's place just by forming a
    word with a neighbour that already starts or ends a word of the text (均通过 → 沟通过)."""
    if source == "jieba":
        import jieba

        path = Path(jieba.__file__).resolve().parent / "dict.txt"
    else:
        path = Path(source)
    out = set()
    with open(path, encoding="utf-8") as fh:
        for ln in fh:
            parts = ln.split()
            if len(parts) < 3 or len(parts[0]) != 1 or not is_han(parts[0]):
                continue
            try:
                freq = int(parts[1])
            except ValueError:
                continue
            if parts[2] in FUNCTION_TAGS and freq >= min_freq:
                out.add(parts[0])
    return "".join(sorted(out))


def write_function_chars(out: Path, source: str, min_freq: int) -> int:
    chars = function_chars(source, min_freq) if source != "none" else ""
    _write_json(out / "function_chars.json", {"source": source, "tags": list(FUNCTION_TAGS),
                                              "min_freq": min_freq, "chars": chars})
    return len(chars)


# word classes for the 的/地/得 model (gwreport.spelling.de): bit 1 = adjective, adverb or
# descriptive word (jieba tags a, ad, d, z), bit 2 = verb (v, vd, vi), bit 4 = idiom or fixed
# expression (i, l: often adverbial, 与时俱进地), bit 8 = noun (n, vn, nz, ng, ns, nt, j: 的 heads
# a noun phrase, 的工作 / 的问题; person names left out; vn, verbal nouns, count as verbs: 广泛地应用),
# bit 16 = verb that is not also a noun (v, vd, vi: 落实, 推进), bit 32 = adverb (d, ad: 切实, 不断)
WORD_CLASS_TAGS = {"a": 1, "ad": 1 | 32, "d": 1 | 32, "z": 1, "v": 2 | 16, "vd": 2 | 16, "vi": 2 | 16,
                   "i": 4, "l": 4, "n": 8, "vn": 2, "nz": 8, "ng": 8, "ns": 8, "nt": 8, "j": 8}



def word_class_table(best: dict[str, int], tags: dict[str, str]) -> tuple[np.ndarray, np.ndarray, int]:
    """Fingerprints of the 2-4 character words of a class of WORD_CLASS_TAGS and their class bits."""
    words = sorted(w for w in best if tags.get(w) in WORD_CLASS_TAGS)
    keys = np.zeros(len(words), dtype=np.uint32)
    for n in (2, 3, 4):
        idx = [i for i, w in enumerate(words) if len(w) == n]
        if idx:
            codes = text_codes("".join(words[i] for i in idx)).reshape(-1, n)
            keys[idx] = hash_rows(codes)
    vals = np.array([WORD_CLASS_TAGS[tags[w]] for w in words], dtype=np.uint8)
    order = np.argsort(keys, kind="stable")
    keys, vals = keys[order], vals[order]
    # two words with one fingerprint: keep the union of their bits, once
    uk, inv = np.unique(keys, return_inverse=True)
    uv = np.zeros(uk.shape[0], dtype=np.uint8)
    np.bitwise_or.at(uv, inv, vals)
    return uk, uv, len(words)


def word_table(best: dict[str, int]) -> tuple[np.ndarray, np.ndarray, int]:
    """Fingerprints and quantised frequencies of the 2-4 character words."""
    words = sorted(best)
    keys = np.zeros(len(words), dtype=np.uint32)
    for n in (2, 3, 4):
        idx = [i for i, w in enumerate(words) if len(w) == n]
        if idx:
            codes = text_codes("".join(words[i] for i in idx)).reshape(-1, n)
            keys[idx] = hash_rows(codes)
    vals = quantise(np.array([best[w] for w in words], dtype=np.float64))
    vals = np.maximum(vals, 1).astype(np.uint8)
    return keys, vals, len(words)


def idiom_table(best: dict[str, int], tags: dict[str, str]) -> tuple[np.ndarray, np.ndarray, int]:
    """For every four-character idiom (成语, tag i) or fixed expression (习用语, tag l): the
    four patterns with one character blanked out (IDIOM_BLANK) → the missing character.
    Where patterns collide, the more frequent idiom wins."""
    idioms = sorted((w for w in best if len(w) == 4 and tags.get(w) in ("i", "l")),
                    key=lambda w: (best[w], w))
    table: dict[tuple[int, str], int] = {}
    for w in idioms:  # ascending frequency: the most frequent written last
        for k in range(4):
            table[(k, w[:k] + chr(IDIOM_BLANK) + w[k + 1:])] = ord(w[k])
    items = sorted(table.items())
    if not items:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint16), 0
    codes = text_codes("".join(pat for (_, pat), _ in items)).reshape(-1, 4)
    keys = hash_rows(codes)
    vals = np.array([v for _, v in items], dtype=np.uint16)
    return keys, vals, len(idioms)


GAP_MIN_FREQ = 3  # jieba frequency of a four-character word taken into the gap table


def gap_table(best: dict[str, int]) -> tuple[np.ndarray, np.ndarray, int]:
    """For every four-character word of the dictionary: the two patterns with an inner
    character blanked out (IDIOM_BLANK at position 1 or 2) → that character (uint16), read by
    the missing-character corrector (gwreport.spelling.gaps: 党风廉建设 → 党风廉政建设). Where
    patterns collide, the more frequent word wins."""
    words = sorted((w for w in best if len(w) == 4 and best[w] >= GAP_MIN_FREQ),
                   key=lambda w: (best[w], w))
    table: dict[str, int] = {}
    for w in words:  # ascending frequency: the most frequent written last
        for k in (1, 2):  # a first or last character left out: measured, 5x the false alarms
            table[w[:k] + chr(IDIOM_BLANK) + w[k + 1:]] = ord(w[k])
    items = sorted(table.items())
    if not items:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint16), 0
    keys = hash_rows(text_codes("".join(p for p, _ in items)).reshape(-1, 4))
    vals = np.array([v for _, v in items], dtype=np.uint16)
    return keys, vals, len(words)


def fuzzy_keys(py: str) -> set[str]:
    """Toneless pinyin → the set of fuzzy keys it matches (z/zh, c/ch, s/sh, n/l, en/eng, in/ing, an/ang)."""
    out = {py}
    base = set(out)
    for p in list(base):
        for a, b in (("zh", "z"), ("ch", "c"), ("sh", "s")):
            if p.startswith(a):
                out.add(b + p[len(a):])
            elif p.startswith(b) and not p.startswith(a):
                out.add(a + p[len(b):])
    for p in list(out):
        if p.startswith("n"):
            out.add("l" + p[1:])
        elif p.startswith("l"):
            out.add("n" + p[1:])
    for p in list(out):
        for a, b in (("eng", "en"), ("ing", "in"), ("ang", "an")):
            if p.endswith(a):
                out.add(p[: -len(a)] + b)
            elif p.endswith(b):
                out.add(p + "g")
    return out


def all_han() -> list[str]:
    """Every CJK Unified Ideograph (basic block) that pypinyin knows a reading for."""
    from pypinyin.pinyin_dict import pinyin_dict

    return [chr(cp) for cp in sorted(pinyin_dict) if 0x4E00 <= cp <= 0x9FFF]


def sound_table(vocab: list[str], keys: list[str]) -> dict[str, str]:
    from pypinyin import Style, pinyin

    readings: dict[str, set[str]] = {}
    exact: dict[str, set[str]] = {}
    fuzzy: dict[str, set[str]] = {}
    vset = set(vocab)
    for ch in set(keys) | vset:
        r = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
        rs = {x for x in (r[0] if r else []) if x and x.isalpha()}
        readings[ch] = rs
        if ch not in vset:
            continue
        for p in rs:
            exact.setdefault(p, set()).add(ch)
            for k in fuzzy_keys(p):
                fuzzy.setdefault(k, set()).add(ch)
    table = {}
    rank = {c: i for i, c in enumerate(vocab)}
    for ch in keys:
        same, near = set(), set()
        for p in readings[ch]:
            same |= exact.get(p, set())
            for k in fuzzy_keys(p):
                near |= fuzzy.get(k, set())
        same.discard(ch)
        near -= same
        near.discard(ch)
        # exact-sound first, then fuzzy; order within each by frequency rank (vocab order)
        s = "".join(sorted(same, key=rank.get)) + "|" + "".join(sorted(near, key=rank.get))
        if s != "|":
            table[ch] = s
    return table


def shape_table(vocab: list[str], keys: list[str], shape_dir: Path | None,
                same_stroke: Path | None, max_per_char: int = 24) -> dict[str, str]:
    vset = set(vocab)
    rank = {c: i for i, c in enumerate(vocab)}
    rank.update({c: len(vocab) + i for i, c in enumerate(keys) if c not in rank})
    sim: dict[str, dict[str, float]] = {c: {} for c in keys}

    def add(a: str, b: str, s: float) -> None:
        if a != b and a in sim and b in vset:
            if s > sim[a].get(b, 0.0):
                sim[a][b] = s

    if same_stroke and same_stroke.is_file():
        for ln in same_stroke.read_text(encoding="utf-8").splitlines():
            if ln.startswith("#"):
                continue
            grp = [x for x in ln.split() if len(x) == 1]
            for a in grp:
                for b in grp:
                    add(a, b, 1.0)
    if shape_dir and shape_dir.is_dir():
        comp = json.loads((shape_dir / "char_stroke.dict").read_text(encoding="utf-8"))
        four = json.loads((shape_dir / "char_fourangle.dict").read_text(encoding="utf-8"))
        struct = json.loads((shape_dir / "char_struct.dict").read_text(encoding="utf-8"))
        order = json.loads((shape_dir / "char_order.dict").read_text(encoding="utf-8"))
        # index by components: characters sharing a component and structure are look-alike
        # candidates when the rest of the character is close (stroke count, four-corner code)
        by_comp: dict[str, list[str]] = {}
        for ch in vocab:
            for part in set(comp.get(ch, [])):
                by_comp.setdefault(part, []).append(ch)
        for ch in keys:
            parts = comp.get(ch)
            if not parts:
                continue
            f1, o1 = four.get(ch, ""), order.get(ch, "")
            for part in set(parts):
                group = by_comp.get(part, [])
                if len(group) > 400:  # a ubiquitous component (口, 氵 ...) alone says little
                    continue
                for other in group:
                    if other == ch:
                        continue
                    p2 = comp.get(other, [])
                    shared = len(set(parts) & set(p2))
                    union = len(set(parts) | set(p2))
                    f2, o2 = four.get(other, ""), order.get(other, "")
                    fc = sum(1 for x, y in zip(f1, f2) if x == y) / 5.0 if f1 and f2 else 0.0
                    ds = abs(len(o1) - len(o2))
                    st = 1.0 if struct.get(ch) == struct.get(other) else 0.0
                    s = 0.45 * shared / union + 0.3 * fc + 0.15 * st + 0.1 * max(0.0, 1 - ds / 5)
                    if s >= 0.62:
                        add(ch, other, s)
                        add(other, ch, s)
        # one character is the other plus a radical (完/院, 害/辖, 责/债, 主/炷)
        for ch in keys:
            for part in comp.get(ch, []):
                if len(part) == 1 and part != ch:
                    add(ch, part, 0.75)
                    add(part, ch, 0.75)
        # characters whose stroke sequences differ by one stroke (人/入, 木/本, 白/日, 十/干)
        by_len: dict[int, list[str]] = {}
        for ch in vocab[:4000]:
            if ch in order and len(order[ch]) <= 9:
                by_len.setdefault(len(order[ch]), []).append(ch)
        for ch in keys:
            o1 = order.get(ch)
            if not o1 or len(o1) > 8:
                continue
            for n in (len(o1) - 1, len(o1), len(o1) + 1):
                for other in by_len.get(n, []):
                    if other != ch and _edit1(o1, order[other]):
                        add(ch, other, 0.7)
    table = {}
    for ch, d in sim.items():
        if d:
            best = sorted(d, key=lambda c: (-d[c], rank[c]))[:max_per_char]
            table[ch] = "".join(best)
    return table


def _edit1(a: str, b: str) -> bool:
    if a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    for i in range(len(b)):
        if b[:i] + b[i + 1:] == a:
            return True
    return False


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def merge_glyphs(shape: dict[str, str], path: Path, top: int, min_sim: float,
                 vocab: set[str] | None = None) -> dict[str, str]:
    """Add the glyph look-alikes of path (scripts/glyph_similarity.py) to the shape table:
    per character at most top, similarity >= min_sim, after the existing ones, no repeats."""
    sims = json.loads(Path(path).read_text(encoding="utf-8"))
    out = dict(shape)
    for ch, lst in sims.items():
        add = [c for c, s in lst[:top] if s >= min_sim and c != ch and (vocab is None or c in vocab)]
        if add:
            cur = out.get(ch, "")
            extra = "".join(c for c in dict.fromkeys(add) if c not in cur)
            if extra:
                out[ch] = cur + extra
    return out


def homophone_words(out: Path, best: dict[str, int], vocab_min: float, min_q: int) -> dict:
    """Two-character dictionary words keyed by toneless pinyin (see the module docstring)."""
    from pypinyin import Style, pinyin

    from gwreport.spelling.model import Stats

    st = Stats(out)
    vocab = {c for c, v in st.char_counts.items() if is_han(c) and v >= vocab_min}
    w2 = sorted(w for w in best if len(w) == 2 and w[0] in vocab and w[1] in vocab)
    if not w2:
        return {"readings": {}, "words": {}}
    q = st.lookup(hash_rows(text_codes("".join(w2)).reshape(-1, 2)))
    w2 = [w for w, x in zip(w2, q.tolist()) if x >= min_q]

    def readings(ch: str) -> list[str]:
        r = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
        return sorted({x for x in (r[0] if r else []) if x and x.isalpha()})

    # readings of every character that may be written (a slip can be a rare character)
    chars = sorted(set(all_han()) | {c for c in st.char_counts if is_han(c)} | set("".join(w2)))
    rd = {c: " ".join(readings(c)) for c in chars}
    rd = {c: r for c, r in rd.items() if r}
    index: dict[str, list[str]] = {}
    for w in w2:
        for a in rd.get(w[0], "").split():
            for b in rd.get(w[1], "").split():
                index.setdefault(a + " " + b, []).append(w)
    return {"readings": rd, "words": {k: "".join(sorted(v)) for k, v in sorted(index.items())}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, help="folder of *.txt / *.txt.xz")
    ap.add_argument("--out", type=Path, default=ROOT / "corpora" / "spelling")
    ap.add_argument("--min-count", type=int, default=2, help="minimum raw occurrences of an n-gram")
    ap.add_argument("--min-weighted", type=float, default=4.0,
                    help="also keep n-grams whose weighted count reaches this (e.g. 4: single "
                         "occurrences in the boosted files)")
    ap.add_argument("--all-orders", default="",
                    help="n-gram orders kept even when seen once (comma-separated, e.g. 2,3)")
    ap.add_argument("--boost", default="reports,policy", help="file-name prefixes weighted up")
    ap.add_argument("--boost-weight", type=float, default=4.0)
    ap.add_argument("--vocab-min", type=float, default=8.0,
                    help="minimum weighted count for a character to be a candidate")
    ap.add_argument("--words", default="jieba",
                    help="word list for the word features: jieba (the installed jieba's dict.txt), "
                         "a jieba-format file, or none")
    ap.add_argument("--homophone-min-q", type=int, default=16,
                    help="minimum quantised corpus count of a homophone word (16 = about 3)")
    ap.add_argument("--only-derived", action="store_true",
                    help="only merge --glyph-sim into confusion.json and rebuild homophone_words.json "
                         "from the statistics in --out")
    ap.add_argument("--glyph-sim", type=Path,
                    help="look-alikes by rendered glyph (scripts/glyph_similarity.py), optional")
    ap.add_argument("--glyph-top", type=int, default=5)
    ap.add_argument("--glyph-min", type=float, default=0.7)
    ap.add_argument("--cooc-dist", type=int, default=8,
                    help="word co-occurrence: the second word starts 2..N characters after the first "
                         "(must match gwreport.spelling.detect.COOC_DIST)")
    ap.add_argument("--cooc-min", type=int, default=3, help="word co-occurrence: minimum raw count")
    ap.add_argument("--only-cooc", action="store_true",
                    help="only (re)build the word co-occurrence table cooc_*.npy from --corpus")
    ap.add_argument("--function-min-freq", type=int, default=2000,
                    help="function_chars.json: minimum jieba frequency of a one-character "
                         "adverb/conjunction/preposition")
    ap.add_argument("--only-function-chars", action="store_true",
                    help="only (re)write function_chars.json from the --words dictionary")
    ap.add_argument("--only-gaps", action="store_true",
                    help="only (re)write the missing-character table gaps_*.npy from the --words dictionary")
    ap.add_argument("--only-word-classes", action="store_true",
                    help="only (re)write the word-class table wclass_*.npy from the --words dictionary")
    ap.add_argument("--shape-dir", type=Path, help="char_similar/data folder (optional)")
    ap.add_argument("--same-stroke", type=Path, help="pycorrector same_stroke.txt (optional)")
    args = ap.parse_args(argv)

    t0 = time.time()
    if args.only_gaps:
        args.out.mkdir(parents=True, exist_ok=True)
        best, _ = read_words(args.words)
        gk, gv, n = gap_table(best)
        save_table(args.out, "gaps", gk, gv)
        print(f"{n} four-character words in the gap table", file=sys.stderr)
        return 0
    if args.only_word_classes:
        args.out.mkdir(parents=True, exist_ok=True)
        best, tags = read_words(args.words)
        ck, cv, n = word_class_table(best, tags)
        save_table(args.out, "wclass", ck, cv)
        print(f"{n} words with a class", file=sys.stderr)
        return 0
    if args.only_function_chars:
        args.out.mkdir(parents=True, exist_ok=True)
        n = write_function_chars(args.out, args.words, args.function_min_freq)
        print(f"{n} function characters", file=sys.stderr)
        return 0
    if args.only_derived or args.corpus is None:
        if not args.only_derived:
            ap.error("--corpus is required")
        if args.glyph_sim:
            conf_path = args.out / "confusion.json"
            conf = json.loads(conf_path.read_text(encoding="utf-8"))
            conf["shape"] = merge_glyphs(conf.get("shape", {}), args.glyph_sim, args.glyph_top,
                                         args.glyph_min)
            _write_json(conf_path, conf)
        best, _ = read_words(args.words)
        hw = homophone_words(args.out, best, args.vocab_min, args.homophone_min_q)
        _write_json(args.out / "homophone_words.json", hw)
        write_function_chars(args.out, args.words, args.function_min_freq)
        meta_path = args.out / "meta.json"
        if meta_path.is_file():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            meta["homophone_words"] = len({w for v in hw["words"].values()
                                           for w in (v[k:k + 2] for k in range(0, len(v), 2))})
            meta["homophone_min_q"] = args.homophone_min_q
            if args.glyph_sim:
                meta["glyph_lookalikes"] = {"top": args.glyph_top, "min_similarity": args.glyph_min}
            _write_json(meta_path, meta)
        print(f"{sum(len(v) // 2 for v in hw['words'].values())} homophone word entries, "
              f"{time.time() - t0:.1f}s", file=sys.stderr)
        return 0
    files = sorted(p for p in args.corpus.iterdir()
                   if p.name.endswith(".txt") or p.name.endswith(".txt.xz"))
    if not files:
        print(f"语料目录 {args.corpus} 中没有 .txt 或 .txt.xz 文件", file=sys.stderr)
        return 2
    boost = tuple(x for x in args.boost.split(",") if x)
    groups = []
    weights = {}
    for f in files:
        w = args.boost_weight if f.name.startswith(boost) else 1.0
        weights[f.name] = w
        groups.append((w, read_corpus(f)))
        print(f"read {f.name}: {sum(len(x) for x in groups[-1][1])} chars, weight {w}", file=sys.stderr)
    if args.words != "none":
        ckeys, cvals = cooc_table(groups, read_words(args.words)[0], args.cooc_dist, args.cooc_min)
        args.out.mkdir(parents=True, exist_ok=True)
        save_table(args.out, "cooc", ckeys, cvals)
        cooc_meta = {"entries": int(ckeys.shape[0]), "max_dist": args.cooc_dist, "min_count": args.cooc_min}
        print(f"{ckeys.shape[0]} word co-occurrence pairs", file=sys.stderr)
        del ckeys, cvals
    else:
        cooc_meta = {}
    if args.only_cooc:
        meta_path = args.out / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        meta["cooc"] = cooc_meta
        _write_json(meta_path, meta)
        return 0
    all_orders = tuple(int(x) for x in args.all_orders.split(",") if x.strip())
    keys, wcounts, key_orders, chars = count_ngrams(groups, args.min_count, args.min_weighted, all_orders)
    del groups
    vals = quantise(wcounts)
    args.out.mkdir(parents=True, exist_ok=True)

    def save_npy(name: str, arr: np.ndarray) -> None:
        tmp = args.out / (name + ".tmp.npy")
        np.save(tmp, arr)
        os.replace(tmp, args.out / name)

    keys = keys.astype(np.uint32)
    save_table(args.out, "ngrams", keys, vals)
    nwords = nidioms = 0
    if args.words != "none":
        best, tags = read_words(args.words)
        wkeys, wvals, nwords = word_table(best)
        save_table(args.out, "words", wkeys, wvals)
        ikeys, ivals, nidioms = idiom_table(best, tags)
        save_table(args.out, "idioms", ikeys, ivals)
        gk, gv, _ = gap_table(best)
        save_table(args.out, "gaps", gk, gv)
        ck, cv, _ = word_class_table(best, tags)
        save_table(args.out, "wclass", ck, cv)
        print(f"{nwords} dictionary words, {nidioms} idioms and fixed expressions", file=sys.stderr)
    # a bit set of the kept bigrams (2**24 bits by the fingerprint's low 24 bits): a cheap
    # first filter for candidates that form no known bigram with either neighbour
    bits = np.zeros(BIGRAM_BITS // 8, dtype=np.uint8)
    b = keys[key_orders == 2] & np.uint32(BIGRAM_BITS - 1)
    np.bitwise_or.at(bits, (b >> np.uint32(3)).astype(np.int64), (np.uint8(1) << (b & np.uint32(7)).astype(np.uint8)))
    save_npy("bigram_bits.npy", bits)
    for old in ("ngrams_keys.npy",):
        if (args.out / old).exists():
            (args.out / old).unlink()
    total = float(sum(chars.values()))
    chars_kept = {c: round(v, 1) for c, v in sorted(chars.items(), key=lambda kv: -kv[1]) if v >= 2}
    _write_json(args.out / "chars.json", {"total": round(total, 1), "counts": chars_kept})
    vocab = [c for c, v in chars_kept.items() if is_han(c) and v >= args.vocab_min]
    keys_all = all_han()
    sound = sound_table(vocab, keys_all)
    conf_path = args.out / "confusion.json"
    if args.shape_dir or args.same_stroke:
        shape = shape_table(vocab, keys_all, args.shape_dir, args.same_stroke)
    elif conf_path.is_file():
        shape = json.loads(conf_path.read_text(encoding="utf-8")).get("shape", {})
        vset = set(vocab)
        shape = {k: "".join(c for c in v if c in vset) for k, v in shape.items()}
        shape = {k: v for k, v in shape.items() if v}
    else:
        shape = {}
    if args.glyph_sim:
        shape = merge_glyphs(shape, args.glyph_sim, args.glyph_top, args.glyph_min, set(vocab))
    _write_json(conf_path, {"sound": sound, "shape": shape})
    nhomophones = 0
    if args.words != "none":
        hw = homophone_words(args.out, best, args.vocab_min, args.homophone_min_q)
        _write_json(args.out / "homophone_words.json", hw)
        write_function_chars(args.out, args.words, args.function_min_freq)
        nhomophones = len({w for v in hw["words"].values() for w in (v[k:k + 2] for k in range(0, len(v), 2))})
    old_meta = {}
    if (args.out / "meta.json").is_file():
        old_meta = json.loads((args.out / "meta.json").read_text(encoding="utf-8"))
    meta = {
        "ngram_orders": [2, MAX_N], "entries": int(keys.shape[0]), "min_count": args.min_count,
        "min_weighted": args.min_weighted, "words": nwords, "idioms": nidioms,
        "homophone_words": nhomophones, "homophone_min_q": args.homophone_min_q,
        **({"glyph_lookalikes": {"top": args.glyph_top, "min_similarity": args.glyph_min}}
           if args.glyph_sim else {k: v for k, v in old_meta.items() if k == "glyph_lookalikes"}),
        "words_source": args.words, "cooc": cooc_meta,
        "weights": weights, "vocab_min": args.vocab_min, "vocab_size": len(vocab),
        "corpus_chars_weighted": int(sum(v for v in chars.values())),
        "shape_sources": [s for s, p in (("char-similar 0.0.2 (MIT)", args.shape_dir),
                                          ("pycorrector 1.1.4 same_stroke.txt (Apache-2.0)", args.same_stroke)) if p]
                         or old_meta.get("shape_sources", []),
    }
    _write_json(args.out / "meta.json", meta)
    print(f"{keys.shape[0]} n-grams, {len(vocab)} candidate characters, "
          f"{len(shape)} with look-alikes, {time.time() - t0:.1f}s", file=sys.stderr)
    return 0


def _write_json(path: Path, obj) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=False),
                   encoding="utf-8")
    os.replace(tmp, path)


if __name__ == "__main__":
    sys.exit(main())
