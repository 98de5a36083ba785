"""A .docx copy with every safe fix as a Word tracked change (修订) and the other findings as
comments (`check --format docx --track-changes -o 修订稿.docx`).

    res = write(draft, findings, "修订稿.docx", checker.analyse)     # TrackedResult

Each safe fix becomes a `w:del` around the original runs (their `w:t` turned into `w:delText`,
formatting kept) followed by a `w:ins` holding a run with the same formatting, author "gwreport"
and the time of the run, so Word and WPS show it in review mode and 接受/拒绝 works. Fixes are
planned by gwreport.fixes exactly as for `--fix` (passes until nothing safe is left), so
accepting every change gives the `--fix` text. The input file is never written.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from docx.oxml.ns import qn

AUTHOR = "gwreport"


@dataclass
class TrackedResult:
    changes: list = field(default_factory=list)  # the safe fixes, now tracked changes
    comments: int = 0  # findings left as comments
    remaining: list = field(default_factory=list)


class _Revisions:
    """Allocates w:id values above every id already used by revisions in the document."""

    def __init__(self, document, author: str, date: str) -> None:
        self.author, self.date = author, date
        used = [int(x) for x in document.element.body.xpath(".//w:ins/@w:id | .//w:del/@w:id")
                if str(x).lstrip("-").isdigit()]
        self.next_id = max(used, default=0) + 1

    def element(self, tag: str):
        from docx.oxml import OxmlElement
        el = OxmlElement(tag)
        el.set(qn("w:id"), str(self.next_id))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.date)
        self.next_id += 1
        return el


def _ours(el, rev: _Revisions) -> bool:
    return el.tag == qn("w:ins") and el.get(qn("w:author")) == rev.author


def _text_run(template, text: str):
    """A run with template's formatting (w:rPr) holding text."""
    from docx.oxml import OxmlElement
    r = OxmlElement("w:r")
    rpr = template.find(qn("w:rPr")) if template is not None else None
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    t = OxmlElement("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    r.append(t)
    return r


def tracked_replace(para, s: int, e: int, new: str, rev: _Revisions) -> bool:
    """Replace characters [s, e) of the paragraph as a tracked deletion + insertion.
    False (nothing changed) when the span touches anything but plain text runs directly in
    the paragraph (fields, images, hyperlinks, other people's revisions)."""
    from ..proofread.docx_edit import _run_spans, isolate, plain

    p = para._p

    def movable(r) -> bool:
        parent = r._r.getparent()
        return plain(r) and (parent is p or (_ours(parent, rev) and parent.getparent() is p))

    spans = _run_spans(para)
    total = spans[-1][2] if spans else 0
    if e > s:
        touched = [r for r, a, b in spans if b > s and a < e and b > a]
        if not touched or not all(movable(r) for r in touched):
            return False
        runs = isolate(para, s, e)
        if sum(len(r.text) for r in runs) != e - s or not all(movable(r) for r in runs):
            return False
        direct = [r._r.getparent() is p for r in runs]
        if all(direct):
            last = None
            for r in runs:
                d = rev.element("w:del")
                r._r.addprevious(d)
                d.append(r._r)
                for t in d.iter(qn("w:t")):
                    t.tag = qn("w:delText")
                last = d
            if new:
                ins = rev.element("w:ins")
                ins.append(_text_run(runs[0]._r, new))
                last.addnext(ins)
            return True
        if any(direct):
            return False  # straddles our earlier insertion and the original text: left as a comment
        # only inside our own earlier insertions: edit them, no revision of a revision
        runs[0].text = new
        for r in runs[1:] if new else runs:
            ins = r._r.getparent()
            ins.remove(r._r)
            if not len(ins):
                p.remove(ins)
        return True
    # a pure insertion at s
    if not new:
        return False
    before = [r for r, a, b in spans if b == s and b > a]
    after = [r for r, a, b in spans if a == s and b > a]
    for cands, side in ((before[-1:], "after"), (after[:1], "before")):
        if cands and movable(cands[0]):
            r = cands[0]._r
            if r.getparent() is p:
                item = rev.element("w:ins")
                item.append(_text_run(r, new))
            else:
                item = _text_run(r, new)  # extends our own insertion
            (r.addnext if side == "after" else r.addprevious)(item)
            return True
    if not spans and s == 0:
        ins = rev.element("w:ins")
        ins.append(_text_run(None, new))
        p.append(ins)
        return True
    return False


def apply(draft, findings, analyse: Callable, *, author: str = AUTHOR,
          date: datetime | None = None) -> TrackedResult:
    """Turn the draft's Word document (in memory) into the 修订稿: safe fixes tracked, the rest
    commented. The caller saves draft.document (see write() and render())."""
    from ..errors import GwError
    from ..fixes import fix_draft
    from ..proofread.docx_edit import add_comments

    if draft.kind != "docx":
        raise GwError("--track-changes 只适用于 Word 文档（.docx，或可由 LibreOffice 转换的 .doc/.wps/.rtf/.odt）；"
                      "文本文件请用 --fix -o 新文件", exit_code=2)
    when = (date or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    rev = _Revisions(draft.document, author, when)
    res = fix_draft(draft, analyse, findings,
                    edit=lambda para, s, e, new: tracked_replace(para, s, e, new, rev))
    n = add_comments(draft.document, draft.paragraphs, res.remaining)
    _lift_comment_marks(draft.document, rev)
    return TrackedResult(res.changes, n, res.remaining)


def render(draft, findings, analyse: Callable, **kw) -> tuple[bytes, TrackedResult]:
    """The 修订稿 as .docx bytes (for the web UI) and what was done."""
    import io
    res = apply(draft, findings, analyse, **kw)
    buf = io.BytesIO()
    draft.document.save(buf)
    return buf.getvalue(), res


def write(draft, findings, output: str | Path, analyse: Callable, *, author: str = AUTHOR,
          date: datetime | None = None, config_path=None) -> TrackedResult:
    """Track every safe fix, comment the rest, save atomically to output (never the input)."""
    from ..safeio import atomic_path, guard_output

    if draft.kind == "docx":
        target = guard_output(output, "docx", (draft.path, config_path))
    res = apply(draft, findings, analyse, author=author, date=date)
    with atomic_path(Path(target)) as tmp:
        draft.document.save(str(tmp))
    return res


def _is_mark(el) -> bool:
    if el.tag in (qn("w:commentRangeStart"), qn("w:commentRangeEnd")):
        return True
    return el.tag == qn("w:r") and el.find(qn("w:commentReference")) is not None


def _lift_comment_marks(document, rev: _Revisions) -> None:
    """Comment anchors at the edges of our insertions go outside them, so rejecting an
    insertion never takes a comment's reference mark with it."""
    for ins in list(document.element.body.iter(qn("w:ins"))):
        if not _ours(ins, rev):
            continue
        while len(ins) and _is_mark(ins[-1]):
            ins.addnext(ins[-1])
        while len(ins) and _is_mark(ins[0]):
            ins.addprevious(ins[0])
        if not len(ins):
            ins.getparent().remove(ins)


def accepted_text(paragraph_element) -> str:
    """The text of a w:p with every revision accepted (insertions kept, deletions dropped)."""
    out = []
    for el in paragraph_element.iter(qn("w:t"), qn("w:tab"), qn("w:delText")):
        if el.tag == qn("w:delText"):
            continue
        anc = el.getparent()
        while anc is not None and anc is not paragraph_element:
            if anc.tag == qn("w:del"):
                break
            anc = anc.getparent()
        else:
            out.append("\t" if el.tag == qn("w:tab") else (el.text or ""))
    return "".join(out)
