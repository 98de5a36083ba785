"""Edit .docx paragraphs at character offsets without losing run formatting.

replace_span(): a safe fix inside runs (the first touched run gets the new text, the others
lose the covered characters). add_comments(): split runs at the span and anchor a Word
comment there (python-docx 1.2 Document.add_comment).
"""
from __future__ import annotations

import copy

from ..readers import paragraph_runs

AUTHOR = "gwreport 校对"
SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _run_spans(para):
    runs = paragraph_runs(para)
    spans, pos = [], 0
    for r in runs:
        t = r.text
        spans.append((r, pos, pos + len(t)))
        pos += len(t)
    return spans


_PLAIN_TAGS = {"rPr", "t", "tab", "br", "cr", "noBreakHyphen", "softHyphen"}


def plain(run) -> bool:
    """True when the run holds only text (editing it cannot drop an image or a field)."""
    return all(child.tag.rsplit("}", 1)[-1] in _PLAIN_TAGS for child in run._r)


def replace_span(para, s: int, e: int, new: str) -> bool:
    """Replace characters [s, e) of the paragraph; False (nothing changed) if unsafe."""
    spans = _run_spans(para)
    touched = []
    for r, a, b in spans:
        if b < s or a > e:
            continue
        if e > s and (b == s or a == e):
            continue
        if a == b:
            continue
        touched.append((r, a, b))
    if not touched:
        if s == e == sum(b - a for _, a, b in spans):
            para.add_run(new)
            return True
        return False
    if not all(plain(r) for r, _, _ in touched):
        return False
    for i, (r, a, b) in enumerate(touched):
        t = r.text
        lo, hi = max(s, a) - a, min(e, b) - a
        r.text = t[:lo] + (new if i == 0 else "") + t[hi:]
    return True


def _split(run, k: int):
    """Split run at offset k; returns the new right-hand run (formatting copied)."""
    from docx.text.run import Run
    t = run.text
    new_r = copy.deepcopy(run._r)
    run._r.addnext(new_r)
    right = Run(new_r, run._parent)
    run.text = t[:k]
    right.text = t[k:]
    return right


def isolate(para, s: int, e: int) -> list:
    """Make [s, e) an exact sequence of runs; returns them (empty when the span is empty)."""
    if e <= s:
        return []
    for r, a, b in _run_spans(para):
        if a < s < b and plain(r):
            _split(r, s - a)
            break
    for r, a, b in _run_spans(para):
        if a < e < b and plain(r):
            _split(r, e - a)
            break
    return [r for r, a, b in _run_spans(para) if b > s and a < e and b > a]


def add_comments(document, paragraphs, findings) -> int:
    n = 0
    # right to left within a paragraph so earlier offsets stay valid
    for f in sorted(findings, key=lambda f: (f.line, -f.column)):
        if not 1 <= f.line <= len(paragraphs):
            continue
        para = paragraphs[f.line - 1]
        s, e = f.column - 1, f.end_column - 1
        total = sum(b - a for _, a, b in _run_spans(para))
        if e <= s:  # an insertion point: anchor on the character before it
            s, e = max(0, s - 1), max(1, s) if total else 0
        runs = isolate(para, s, min(e, total)) if total else []
        if not runs:
            runs = [para.add_run("")] if not para.runs else [para.runs[-1]]
        text = f"[{f.rule} {SEV_ZH.get(f.severity, f.severity)}] {f.message}"
        sug = [x for x in f.suggestions if x]
        if sug:
            text += f"\n建议：{' / '.join(sug)}"
        document.add_comment(runs, text=text, author=AUTHOR, initials="GW")
        n += 1
    return n
