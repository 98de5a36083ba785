"""Context-aware typo detection from statistics of official Chinese text (issue 4).

Public API:

- check_units(units, known_words=(), sensitivity="normal") -> list[Finding]
  GW401 (error, high confidence) / GW402 (warning, lower confidence); fix is always None,
  because a statistical correction is never "safe".
- correct(text, ...) -> str and correct_many(texts, ...) -> list[str]: the same code path,
  suggestions applied (benchmarks/csc_eval.py).

Known words (allow list, names from the facts), two-character dictionary words the document
itself writes on two or more lines, person names in name positions and personal pronouns
(guards.py) are never touched; the line roles empty, date,
doc_number, printer and signer are skipped.

The statistics (corpora/spelling/) are loaded lazily, once per process, on first use.
"""
from __future__ import annotations

import bisect
import re
from typing import Iterable

import numpy as np

from ..findings import Finding, TextUnit

RULE_HIGH = "GW401"
RULE_LOW = "GW402"
SENSITIVITIES = ("strict", "normal", "off")

RULE_DESCRIPTIONS = {
    RULE_HIGH: "统计拼写检查：疑似错别字（高置信度，同音/近音/形近字替换后上下文明显更通顺）",
    RULE_LOW: "统计拼写检查：疑似错别字（较低置信度，请人工核对）",
}
_SOURCE = "corpora/spelling（政务语料字符 n 元统计，scripts/build_spelling_stats.py）"


def _rules():
    from ..findings import Rule

    return (Rule(RULE_HIGH, "error", RULE_DESCRIPTIONS[RULE_HIGH], _SOURCE, False, True, "spelling", "code"),
            Rule(RULE_LOW, "warning", RULE_DESCRIPTIONS[RULE_LOW], _SOURCE, False, True, "spelling", "code"))


def __getattr__(name: str):
    # RULES (registry Rule objects for `gwreport rules`) is built on first access
    if name == "RULES":
        return _rules()
    raise AttributeError(name)


# Only text of these roles is checked; numbers, names in signatures etc. are left alone.
_SKIP_ROLES = {"empty", "date", "doc_number", "printer", "signer"}
_MAX_UNIT_CHARS = 20000
_BATCH_CHARS = 4000


def _protected_mask(text: str, pattern: re.Pattern | None) -> np.ndarray:
    mask = np.zeros(len(text), dtype=bool)
    if pattern is not None:
        for m in pattern.finditer(text):
            mask[m.start():m.end()] = True
    return mask


def _known_pattern(known_words: Iterable[str]) -> re.Pattern | None:
    words = sorted({w.strip() for w in known_words if w and w.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words))


def _excerpt(text: str, pos: int, width: int = 2) -> tuple[int, int]:
    """A short span around pos for the message: the nearest run of Chinese characters."""
    from .detect import is_han

    a = pos
    while a > 0 and pos - a < width and is_han(text[a - 1]):
        a -= 1
    b = pos + 1
    while b < len(text) and b - pos <= width and is_han(text[b]):
        b += 1
    return a, b


def check_units(units: list[TextUnit], known_words: Iterable[str] = (),
                sensitivity: str = "normal", document: bool = True) -> list[Finding]:
    """Findings for likely character slips in the given text units. The units are one
    document (document=True): words it writes on several lines are protected."""
    if sensitivity not in SENSITIVITIES:
        raise ValueError(f"未知的错别字检查灵敏度：{sensitivity}（可选 strict、normal、off）")
    if sensitivity == "off":
        return []
    from .detect import detect
    from .model import load_stats
    from .normalise import normalise

    st = load_stats()
    pattern = _known_pattern(known_words)
    todo = [u for u in units
            if u.text and u.role not in _SKIP_ROLES and len(u.text) <= _MAX_UNIT_CHARS]
    # two-character dictionary words the document writes on two or more lines are its own terms
    # (guards.document_words): protected like known words
    from .guards import document_words, words_mask

    doc_words = document_words([u.text for u in todo], st) if document and len(todo) > 1 else set()
    findings: list[Finding] = []
    # Lines are scored in batches joined by "\n": no counted n-gram contains a line break, so
    # the lines cannot influence each other, and numpy works on a few large arrays instead of
    # many small ones.
    for chunk in _chunks(todo, _BATCH_CHARS):
        texts = [u.text for u in chunk]
        joined = "\n".join(texts)
        mask = np.ones(len(joined), dtype=bool)
        starts = []
        off = 0
        for t in texts:
            starts.append(off)
            mask[off:off + len(t)] = _protected_mask(t, pattern)
            if doc_words:
                mask[off:off + len(t)] |= words_mask(t, doc_words)
            off += len(t) + 1
        found = detect(joined, st, mask, sensitivity)
        # one missing or doubled character (gaps.py), away from the substitutions
        from .gaps import gap_corrections

        gmask = mask.copy()
        for c in found:
            gmask[max(0, c.pos - 1):c.pos + len(c.cand) + 1] = True
        found += gap_corrections(normalise(joined), st, gmask)
        for c in found:
            k = bisect.bisect_right(starts, c.pos) - 1
            unit, text, pos = chunk[k], texts[k], c.pos - starts[k]
            findings.append(_finding(unit, text, pos, c))
    return findings


def _chunks(units: list[TextUnit], limit: int):
    chunk: list[TextUnit] = []
    size = 0
    for u in units:
        if chunk and size + len(u.text) > limit:
            yield chunk
            chunk, size = [], 0
        chunk.append(u)
        size += len(u.text) + 1
    if chunk:
        yield chunk


def _finding(unit: TextUnit, text: str, pos: int, c) -> Finding:
    from .gaps import KIND_DELETE, KIND_INSERT

    n = len(c.orig)
    a, b = _excerpt(text, pos)
    b = max(b, pos + n)
    if c.kind in (KIND_DELETE, KIND_INSERT):
        a, b = _excerpt(text, pos, 3)
        b = max(_excerpt(text, pos + n - 1, 3)[1], pos + n)
    ctx = text[a:b]
    high = c.high
    orig = text[pos:pos + n]
    if c.kind == KIND_DELETE:
        what = f"疑似多字：“{ctx}”中重复的“{orig[0]}”应删去一个"
    elif c.kind == KIND_INSERT:
        fixed = text[a:pos] + c.cand + text[pos + n:b]
        what = f"疑似漏字：“{ctx}”中“{orig[0]}”与“{orig[1]}”之间可能漏了“{c.cand[1]}”（{fixed}）"
    else:
        where = f"“{ctx}”中的“{orig}”" if ctx != orig else f"“{orig}”"
        what = f"疑似错别字：{where}应为“{c.cand}”" if high else f"疑似错别字：{where}可能应为“{c.cand}”"
    msg = f"{what}（置信度 {c.confidence:.2f}）" if high else f"{what}，请核对（置信度 {c.confidence:.2f}）"
    return Finding(
        rule=RULE_HIGH if high else RULE_LOW, severity="error" if high else "warning",
        line=unit.line, column=pos + 1, end_line=unit.line, end_column=pos + 1 + n,
        text=orig, message=msg, suggestions=[c.cand], fix=None,
    )


def correct(text: str, known_words: Iterable[str] = (), sensitivity: str = "normal") -> str:
    """Apply check_units' suggestions to one sentence."""
    return correct_many([text], known_words, sensitivity)[0]


def correct_many(texts: list[str], known_words: Iterable[str] = (), sensitivity: str = "normal"
                 ) -> list[str]:
    """Apply check_units' suggestions to many sentences, each its own line (one check_units
    call, as `gwreport check` does for a document; used by benchmarks/csc_eval.py). The
    sentences are independent: no document-level protection of words repeated across them."""
    out = [list(t) for t in texts]
    units = [TextUnit(i + 1, t, None) for i, t in enumerate(texts)]
    # right to left within a line: a deletion or insertion shifts what follows it
    found = sorted(check_units(units, known_words, sensitivity, document=False),
                   key=lambda f: (f.line, -f.column))
    for f in found:
        out[f.line - 1][f.column - 1:f.end_column - 1] = list(f.suggestions[0])
    return ["".join(c) for c in out]
