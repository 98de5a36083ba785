"""Heading numbers per GB/T 9704 §7.3.3: 一、 （一） 1. （1）.

Used both ways: the writer assigns numbers to headings in order, the checker parses
markers back out of drafts to find repeated, skipped or malformed numbering.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1..99 as 一 … 九十九 (heading numbers never go higher in practice)."""
    if n <= 0:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    return str(n)


def parse_chinese_numeral(s: str) -> int | None:
    if not s or any(c not in _DIGITS + "十〇" for c in s):
        return None
    if "十" not in s:
        return _DIGITS.index(s) if len(s) == 1 and s in _DIGITS[1:] else None
    tens, _, ones = s.partition("十")
    t = 1 if tens == "" else (_DIGITS.index(tens) if tens in _DIGITS[1:] else None)
    o = 0 if ones == "" else (_DIGITS.index(ones) if ones in _DIGITS[1:] else None)
    if t is None or o is None:
        return None
    return t * 10 + o


def heading_marker(level: int, n: int) -> str:
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading level {level}")


class Numberer:
    """Assigns numbers in document order; a new parent restarts its children."""

    def __init__(self) -> None:
        self.counts = [0, 0, 0, 0]

    def next(self, level: int) -> str:
        if not 1 <= level <= 4:
            raise ValueError(level)
        self.counts[level - 1] += 1
        for i in range(level, 4):
            self.counts[i] = 0
        return heading_marker(level, self.counts[level - 1])


@dataclass(frozen=True)
class Marker:
    level: int
    number: int
    start: int  # offset of the marker in the text
    end: int
    proper: bool  # True when written exactly as the standard wants
    expected: str  # the standard form of this marker


# Correct and common malformed spellings, each mapped to its level.
_MARKER_RES = [
    (1, re.compile(r"^([一二三四五六七八九十]{1,3})([、，,.．])")),
    (2, re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]([、，,.．]?)")),
    (3, re.compile(r"^(\d{1,2})([.．、](?!\d))")),
    (4, re.compile(r"^[（(](\d{1,2})[）)]([、，,.．]?)")),
]


def parse_marker(text: str) -> Marker | None:
    """Recognise a heading number at the start of text (after leading spaces)."""
    stripped = text.lstrip(" \u3000\t")
    offset = len(text) - len(stripped)
    for level, rx in _MARKER_RES:
        m = rx.match(stripped)
        if not m:
            continue
        raw = m.group(1)
        n = parse_chinese_numeral(raw) if level in (1, 2) else int(raw)
        if not n:
            continue
        expected = heading_marker(level, n)
        return Marker(level, n, offset, offset + m.end(), m.group(0) == expected, expected)
    return None
