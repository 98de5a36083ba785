"""The shipped statistics (corpora/spelling/), loaded lazily and once per process."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

from .hashing import BIGRAM_BITS, hash_rows

_LOCK = threading.Lock()

# Characters that stand for a choice the statistics cannot judge: swapping one for another of
# the same class (县委 → 省委, 三 → 五, 6月 → 6日) is never proposed. The corpus is dominated by
# national and provincial text, so without this every 县/镇/乡 would look like a slip for 省.
NO_SWAP_CLASSES = (
    "省市县区镇乡村州盟旗街社组户",
    "〇一二三四五六七八九十百千万亿两",
    "年月日时分秒周",
    "东南西北中",
    # measure words after a number (5000余份 / 5000余人): a choice, not a slip
    "个份人次项家名件条篇元户处所座台辆套批场期届轮倍位",
    # conjunctions and degree adverbs: 中央或地方 / 中央和地方, 太强 / 不强 are both right
    "和或与及并且而",
    "不太很更最较越",
    # one-character country names in 中美、中俄、中阿关系, 对俄、赴日: which country is meant is a
    # choice the statistics cannot judge (measured: most clean-text false alarms of this kind)
    "美俄日韩朝印阿墨白伊菲英法德越巴蒙泰澳",
)
_CLASS_OF = {ch: i for i, cls in enumerate(NO_SWAP_CLASSES) for ch in cls}
_CACHE: dict[str, "Stats"] = {}


def _same_class(a: str, b: str) -> bool:
    """True when a and b are different members of one NO_SWAP_CLASSES class."""
    ca = _CLASS_OF.get(a)
    return a != b and ca is not None and ca == _CLASS_OF.get(b)


class HashTable:
    """Sorted 32-bit fingerprints stored as 65,536 buckets (top 16 bits) of uint16 residues
    (low 16 bits) with a uint8 value each: 3 bytes an entry, memory-mapped."""

    def __init__(self, folder: Path, prefix: str):
        path = folder / f"{prefix}_lo.npy"
        if path.is_file():
            # memory-mapped (shared page cache, no load cost); plain ndarray views avoid the
            # np.memmap subclass overhead on every index operation
            self.lo = np.asarray(np.load(path, mmap_mode="r"))
            self.vals = np.asarray(np.load(folder / f"{prefix}_vals.npy", mmap_mode="r"))
            self.starts = np.load(folder / f"{prefix}_starts.npy").astype(np.int64)
        else:
            self.lo = np.zeros(0, dtype=np.uint16)
            self.vals = np.zeros(0, dtype=np.uint8)
            self.starts = np.zeros(65537, dtype=np.int64)
        self.n = int(self.lo.shape[0])
        self.steps = max(1, int(np.diff(self.starts).max()).bit_length()) if self.n else 1

    def lookup(self, hashes: np.ndarray) -> np.ndarray:
        """Values (int32) of fingerprints; 0 when absent. The top 16 bits select a bucket; a
        vectorised binary search on the low 16 bits inside the bucket finds the entry."""
        if self.n == 0 or hashes.size == 0:
            return np.zeros(hashes.shape, dtype=np.int32)
        q = hashes.ravel()
        b = (q >> np.uint32(16)).astype(np.int64)
        want = (q & np.uint32(0xFFFF)).astype(np.uint16)
        lo = self.starts[b]
        end = self.starts[b + 1]
        hi = end
        keys = self.lo
        last = self.n - 1
        for _ in range(self.steps):
            mid = (lo + hi) >> 1
            go = (keys[np.minimum(mid, last)] < want) & (lo < hi)
            lo = np.where(go, mid + 1, lo)
            hi = np.where(go, hi, mid)
        idx = np.minimum(lo, last)
        found = (keys[idx] == want) & (lo < end)
        return np.where(found, self.vals[idx], 0).astype(np.int32).reshape(hashes.shape)


class Stats:
    """Character n-gram counts and word frequencies (hashed, quantised, memory-mapped) and
    the confusion sets."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.ngrams = HashTable(folder, "ngrams")
        self.words = HashTable(folder, "words")
        self.idioms = HashTable(folder, "idioms")
        # four-character words with an inner character blanked → that character (absent: empty),
        # read by the missing-character corrector (gaps.py)
        self.gaps = HashTable(folder, "gaps")
        self.cooc = HashTable(folder, "cooc")  # two-character words seen together (absent: empty)
        # class bits of 2-4 character words (1 adjective/adverb, 2 verb, 4 idiom; absent: empty),
        # read by the 的/地/得 model (de.py)
        self.wclass = HashTable(folder, "wclass")
        self._bits = np.asarray(np.load(folder / "bigram_bits.npy", mmap_mode="r"))
        chars = json.loads((folder / "chars.json").read_text(encoding="utf-8"))
        self.char_counts: dict[str, float] = chars["counts"]
        self.total_chars = float(chars["total"]) or 1.0
        sound, shape = _cached_json(folder / "confusion.json", _derive_confusion)
        self._sound = PackedMap(sound)  # char -> same-sound chars "|" fuzzy-sound chars
        self._shape = PackedMap(shape)  # char -> look-alike chars
        self._cand_cache: dict[str, tuple[str, list[int]]] = {}
        self._nf_cache: dict[tuple[str, int], tuple[np.ndarray, np.ndarray]] = {}
        self._homophone_data: tuple[dict[str, list[str]], dict[str, str]] | None = None
        self._wh_cache: dict[str, list[tuple[str, int]]] = {}
        self._word_set: set[str] | None = None
        # one-character adverbs, conjunctions and prepositions of jieba's dictionary (均、都、已、并…;
        # function_chars.json, absent: none): see detect.word_steal
        fpath = folder / "function_chars.json"
        self.function_chars: frozenset[str] = frozenset(
            json.loads(fpath.read_text(encoding="utf-8")).get("chars", "") if fpath.is_file() else "")
        # kinds of one-character variants the homophone-word scorer also proposes (1 fuzzy, 2 shape)
        self.variant_kinds: tuple[int, ...] = (1, 2)

    def lookup(self, hashes: np.ndarray) -> np.ndarray:
        """Quantised corpus counts (int32) of n-gram fingerprints; 0 when unseen."""
        return self.ngrams.lookup(hashes)

    def word_lookup(self, hashes: np.ndarray) -> np.ndarray:
        """Quantised dictionary frequency (int32) of 2-4 character words; 0 when not a word."""
        return self.words.lookup(hashes)

    def maybe_bigram(self, hashes: np.ndarray) -> np.ndarray:
        """False when the bigram fingerprint is certainly not in the table (bit set test)."""
        b = hashes & np.uint32(BIGRAM_BITS - 1)
        return (self._bits[(b >> np.uint32(3)).astype(np.int64)] >> (b & np.uint32(7)).astype(np.uint8)) & 1 == 1

    def lookup_rows(self, codes2d: np.ndarray) -> np.ndarray:
        return self.lookup(hash_rows(codes2d))

    def candidates(self, ch: str) -> tuple[str, list[int]]:
        """Candidate replacements for ch and their kind: 0 same sound, 1 fuzzy sound, 2 shape."""
        hit = self._cand_cache.get(ch)
        if hit is not None:
            return hit
        snd = self._sound.get(ch, "|")
        same, _, near = snd.partition("|")
        shape = self._shape.get(ch, "")
        seen: dict[str, int] = {}
        for c in same:
            seen.setdefault(c, 0)
        for c in shape:
            seen.setdefault(c, 2)
        for c in near:
            seen.setdefault(c, 1)
        seen.pop(ch, None)
        cls = _CLASS_OF.get(ch)
        if cls is not None:
            for c in [c for c in seen if _CLASS_OF.get(c) == cls]:
                del seen[c]
        res = ("".join(seen), list(seen.values()))
        self._cand_cache[ch] = res
        return res

    def candidates_no_fuzzy(self, ch: str, limit: int) -> tuple[np.ndarray, np.ndarray]:
        """Same-sound and look-alike candidates as code-point and kind arrays (at most limit)."""
        key = (ch, limit)
        hit = self._nf_cache.get(key)
        if hit is None:
            cands, kinds = self.candidates(ch)
            sel = [(ord(c), k) for c, k in zip(cands, kinds) if k != 1][:limit]
            hit = (np.array([c for c, _ in sel], dtype=np.uint64), np.array([k for _, k in sel], dtype=np.int64))
            self._nf_cache[key] = hit
        return hit

    def char_count(self, ch: str) -> float:
        return self.char_counts.get(ch, 0.0)


    def homophones(self) -> tuple[dict[str, list[str]], dict[str, str]]:
        """(char → toneless readings, "reading reading" → concatenated two-character words) from
        homophone_words.json; empty when the file is missing. Loaded on first use."""
        hit = self._homophone_data
        if hit is None:
            path = self.folder / "homophone_words.json"
            if path.is_file():
                readings, words, pairs = _cached_json(path, _derive_homophones)
                hit = (PackedMap(readings, split=True), PackedMap(words))
                if self._word_set is None:
                    self._word_set = PairSet(pairs)
            else:
                hit = ({}, {})
            self._homophone_data = hit
        return hit


    def word_set(self) -> set[str] | PairSet:
        """The two-character words of homophone_words.json (a set, or a PairSet answering
        `w in` the same way)."""
        ws = self._word_set
        if ws is None:
            words = self.homophones()[1]
            ws = self._word_set  # set by homophones() from the cached derived data
            if ws is None:
                ws = _word_set(words)
                self._word_set = ws
        return ws

    def word_homophones(self, a: str, b: str) -> list[str]:
        """Two-character words that sound like ab (tone ignored), ab itself excluded."""
        return [w for w, k in self.word_variants(a, b) if k == 0]

    def word_variants(self, a: str, b: str) -> list[tuple[str, int]]:
        """Two-character words that ab may be a slip of, with their kind: 0 sounds like ab
        (tone ignored; one or both characters differ), 1 one character replaced by a
        fuzzy-sound candidate, 2 by a look-alike. ab itself and no-swap class changes excluded."""
        key = a + b
        cache = self._wh_cache
        hit = cache.get(key)
        if hit is None:
            readings, words = self.homophones()
            ra, rb = readings.get(a), readings.get(b)
            found: dict[str, int] = {}
            if ra and rb:
                for x in ra:
                    for y in rb:
                        ws = words.get(x + " " + y)
                        if ws:
                            for k in range(0, len(ws), 2):
                                found[ws[k:k + 2]] = 0
            if self.variant_kinds:
                wset = self.word_set()
                # PairSet fast path: the second characters of a first character (a str)
                sec = wset.seconds if isinstance(wset, PairSet) and len(a) == len(b) == 1 else None
                for pos, ch in ((0, a), (1, b)):
                    cands, kinds = self.candidates(ch)
                    for c, kd in zip(cands, kinds):
                        if kd in self.variant_kinds:
                            w = c + b if pos == 0 else a + c
                            if sec is None:
                                known = w in wset
                            else:
                                known = b in sec[c] if pos == 0 else c in sec[a]
                            if known and w not in found:
                                found[w] = kd
            found.pop(key, None)
            hit = sorted((w, k) for w, k in found.items()
                         if not (_same_class(a, w[0]) or _same_class(b, w[1])))
            if len(cache) > 200000:
                cache.clear()
            cache[key] = hit
        return hit


class PackedMap:
    """A read-only str -> str mapping stored as sorted keys (one string when every key is one
    character, else a list), the values concatenated in one string and their end offsets
    (cold start: no per-entry objects are built when loading; lookups bisect the keys).
    With split=True, get() returns the value split on whitespace (a list)."""

    __slots__ = ("keys", "ends", "vals", "split")

    def __init__(self, packed: tuple, split: bool = False):
        from array import array

        keys, ends, vals = packed
        self.keys = keys
        self.ends = array("I")
        self.ends.frombytes(ends)
        self.vals = vals
        self.split = split

    @classmethod
    def pack(cls, mapping: dict[str, str]) -> tuple:
        from array import array

        items = sorted((str(k), str(v)) for k, v in mapping.items())
        keys = [k for k, _ in items]
        ends = array("I")
        n = 0
        for _, v in items:
            n += len(v)
            ends.append(n)
        one = all(len(k) == 1 for k in keys)
        return ("".join(keys) if one else keys, ends.tobytes(), "".join(v for _, v in items))

    def __len__(self) -> int:
        return len(self.keys)

    def _value(self, i: int):
        v = self.vals[self.ends[i - 1] if i else 0:self.ends[i]]
        return v.split() if self.split else v

    def get(self, key: str, default=None):
        import bisect

        keys = self.keys
        i = bisect.bisect_left(keys, key)
        if i < len(keys) and keys[i] == key:
            return self._value(i)
        return default

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def __getitem__(self, key: str):
        v = self.get(key)
        if v is None:
            raise KeyError(key)
        return v

    def values(self):
        return (self._value(i) for i in range(len(self.keys)))

    def items(self):
        return ((k, self._value(i)) for i, k in enumerate(self.keys))


class _Seconds(dict):
    def __init__(self, owner: "PairSet"):
        super().__init__()
        self.owner = owner

    def __missing__(self, a: str) -> str:
        s = self[a] = self.owner._slice(a)
        return s


class PairSet:
    """Membership of two-character strings in a sorted string of concatenated pairs, without
    building a set of them (cold start): the second characters of each first character are
    sliced out on first use and searched."""

    __slots__ = ("pairs", "firsts", "seconds")

    def __init__(self, pairs: str):
        self.pairs = pairs
        self.firsts = pairs[0::2]  # sorted, as the pairs are
        # seconds[a]: the second characters of the pairs starting with a (a str), on first use
        self.seconds = _Seconds(self)

    def _slice(self, a: str) -> str:
        import bisect

        i = bisect.bisect_left(self.firsts, a)
        j = bisect.bisect_right(self.firsts, a, i)
        return self.pairs[2 * i + 1:2 * j:2]

    def __contains__(self, w: object) -> bool:
        if not isinstance(w, str) or len(w) != 2:
            return False
        return w[1] in self.seconds[w[0]]

    def __len__(self) -> int:
        return len(self.firsts)

    def __iter__(self):
        p = self.pairs
        return (p[k:k + 2] for k in range(0, len(p), 2))


def _word_set(words) -> set[str]:
    ws: set[str] = set()
    for v in words.values():
        ws.update(v[k:k + 2] for k in range(0, len(v), 2))
    return ws


def _derive_confusion(conf: dict) -> tuple:
    return PackedMap.pack(conf.get("sound", {})), PackedMap.pack(conf.get("shape", {}))


def _derive_homophones(data: dict) -> tuple:
    words = data.get("words", {})
    # the word set as one string of two-character words (see Stats.word_set)
    return (PackedMap.pack(data.get("readings", {})), PackedMap.pack(words),
            "".join(sorted(_word_set(words))))


# bump when a _derive_* function changes: old cache files are then simply not used
_DERIVED_VERSION = 3


def _derived_cache_dir() -> Path | None:
    from ..safeio import cache_dir
    return cache_dir("spelling")


def _cached_json(path: Path, derive):
    """derive(json.loads(path)), cached with marshal in ~/.cache/gwreport/spelling keyed by the
    file's content hash, the derive function and the Python version (cold start: parsing the
    large JSON files and building the derived dicts and sets costs tens of milliseconds,
    loading the marshalled result a fraction of it). Any cache problem falls back silently."""
    import hashlib
    import marshal
    import sys

    raw = path.read_bytes()
    cache = None
    d = _derived_cache_dir()
    if d is not None:
        tag = (f"{derive.__name__}-{hashlib.sha1(raw).hexdigest()}-py{sys.version_info[0]}"
               f"{sys.version_info[1]}-m{marshal.version}-v{_DERIVED_VERSION}")
        cache = d / f"{path.stem}-{tag}.marshal"
        try:
            data = marshal.loads(cache.read_bytes())
            if isinstance(data, tuple):
                return data
        except (OSError, ValueError, EOFError, TypeError):
            pass
    data = derive(json.loads(raw.decode("utf-8")))
    if cache is not None:
        from ..safeio import write_cache_file
        try:
            write_cache_file(cache, marshal.dumps(data))
        except ValueError:
            pass
    return data


def stats_dir() -> Path:
    """corpora/spelling, or the folder named by GWREPORT_SPELLING_STATS (for experiments)."""
    import os

    override = os.environ.get("GWREPORT_SPELLING_STATS")
    if override:
        return Path(override)
    from ..resources import corpora_dir

    return corpora_dir() / "spelling"


def load_stats(folder: Path | None = None) -> Stats:
    folder = Path(folder) if folder is not None else stats_dir()
    key = str(folder)
    st = _CACHE.get(key)
    if st is None:
        with _LOCK:
            st = _CACHE.get(key)
            if st is None:
                if not (folder / "ngrams_lo.npy").is_file():
                    from ..errors import GwError

                    raise GwError(f"找不到错别字统计数据 {folder}，安装可能不完整，请重新安装 gwreport")
                st = Stats(folder)
                _CACHE[key] = st
    return st

