"""Paragraphs rebuilt from the text lines of a fixed-layout page (PDF, OFD).

Both readers hand over positioned lines; this module drops page numbers and running
headers/footers and joins lines into paragraphs the way a reader sees them: a paragraph
starts at a first-line indent, after a line that stops short of the right margin, or after
a wider gap than the line pitch. Each paragraph keeps where its pieces came from, so a
finding can be reported as page/line of the printed page.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from ..findings import TextUnit


@dataclass
class PageLine:
    page: int  # 1-based
    x0: float
    x1: float
    top: float  # distance from the top of the page (grows downwards)
    bottom: float
    text: str


@dataclass
class Para:
    text: str = ""
    # (offset in text, page, line on that page) for each joined line
    pieces: list[tuple[int, int, int]] = field(default_factory=list)


# "— 3 —", "- 3 -", "3", "第3页", "第 3 页 共 9 页", "3/9", "Page 3"
_PAGE_NO = re.compile(r"^\s*(?:[—\-–－一─]+\s*\d{1,4}\s*[—\-–－一─]+|\d{1,4}|第\s*\d{1,4}\s*页"
                      r"(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4})\s*$",
                      re.I)
_DIGITS = re.compile(r"\d+")
_SENT_END = "。！？；：」』”）)"


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NO.match(text))


def _running_keys(pages: dict[int, list[PageLine]]) -> set[str]:
    """Texts (digits folded) that open or close at least half of the pages: running headers/footers."""
    if len(pages) < 2:
        return set()
    count: Counter[str] = Counter()
    for lines in pages.values():
        edge = {(_DIGITS.sub("#", ln.text.strip())) for ln in lines[:2] + lines[-2:]}
        count.update(edge)
    need = max(2, (len(pages) + 1) // 2)
    return {k for k, n in count.items() if n >= need and k}


def body_lines(lines: list[PageLine]) -> dict[int, list[PageLine]]:
    """Lines per page, top to bottom, without page numbers and running headers/footers."""
    pages: dict[int, list[PageLine]] = {}
    for ln in lines:
        if ln.text.strip():
            pages.setdefault(ln.page, []).append(ln)
    for p in pages:
        pages[p].sort(key=lambda ln: (round(ln.top, 0), ln.x0))
    running = _running_keys(pages)
    out: dict[int, list[PageLine]] = {}
    for p, lns in pages.items():
        n = len(lns)
        kept = []
        for i, ln in enumerate(lns):
            at_edge = i < 2 or i >= n - 2
            key = _DIGITS.sub("#", ln.text.strip())
            if at_edge and (is_page_number(ln.text) or key in running):
                continue
            kept.append(ln)
        out[p] = kept
    return out


def _join(a: str, b: str) -> str:
    # Chinese lines join without a space; Latin words broken over a line keep one
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


def paragraphs(lines: list[PageLine]) -> list[Para]:
    pages = body_lines(lines)
    allb = [ln for p in sorted(pages) for ln in pages[p]]
    if not allb:
        return []
    heights = [ln.bottom - ln.top for ln in allb if ln.bottom > ln.top]
    char = median(heights) if heights else 12.0
    left = Counter(round(ln.x0) for ln in allb).most_common(1)[0][0]
    right = max(ln.x1 for ln in allb)
    # typical right edge of full lines: the 90th percentile of line ends
    ends = sorted(ln.x1 for ln in allb)
    right = ends[int(0.9 * (len(ends) - 1))] if len(ends) > 4 else right

    gaps = sorted(b.top - a.bottom for p in pages for a, b in zip(pages[p], pages[p][1:])
                  if b.top > a.bottom)
    pitch = gaps[len(gaps) // 2] if gaps else 0.0  # the usual gap between lines of a paragraph

    def is_centred(ln: PageLine) -> bool:
        return (abs((ln.x0 + ln.x1) / 2 - (left + right) / 2) < char and ln.x0 > left + 1.5 * char
                and ln.x1 < right - 1.5 * char)

    out: list[Para] = []
    cur: Para | None = None
    prev: PageLine | None = None
    for p in sorted(pages):
        for no, ln in enumerate(pages[p], 1):
            text = ln.text.strip()
            start = cur is None
            if not start and prev is not None:
                gap = ln.top - prev.bottom if prev.page == ln.page else 0.0
                indented = ln.x0 > left + 1.2 * char
                # ragged (left-aligned) lines may stop two characters short (a comma cannot open a line)
                short_before = prev.x1 < right - 3 * char
                # a title stands on its own; its lines (centred, at the line pitch) stay together
                c_now, c_prev = is_centred(ln), is_centred(prev)
                # (an indented ragged first line can look centred: its continuation sits close below)
                big = gap > pitch + 0.5 * char  # paragraph spacing or a blank line
                if c_now or c_prev:
                    start = (c_now and not c_prev) or big or (c_prev and not c_now and short_before)
                else:
                    start = indented or short_before or big
            if start:
                cur = Para()
                out.append(cur)
                cur.pieces.append((0, p, no))
                cur.text = text
            else:
                joined = _join(cur.text, text)
                cur.pieces.append((len(joined) - len(text), p, no))
                cur.text = joined
            prev = ln
    return out


def units_and_places(paras: list[Para]) -> tuple[list[TextUnit], list[list[tuple[int, int, int]]]]:
    units = [TextUnit(i, p.text, None) for i, p in enumerate(paras, 1)]
    return units, [p.pieces for p in paras]


def place(pieces: list[tuple[int, int, int]], column: int) -> tuple[int, int]:
    """(page, line) of a 1-based column in a rebuilt paragraph."""
    page, line = pieces[0][1], pieces[0][2]
    for off, pg, ln in pieces:
        if off <= column - 1:
            page, line = pg, ln
    return page, line
