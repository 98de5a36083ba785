"""Edit .docx paragraphs at character offsets without losing run formatting.

replace_span(): a safe fix inside runs (the first touched run gets the new text, the others
lose the covered characters). add_comments(): split runs at the span and anchor a Word
comment there (python-docx 1.2 Document.add_comment).
"""
from __future__ import annotations

import copy


AUTHOR = "gwreport 校对"
SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _run_spans(para):
    """(Run, start, end) of the runs holding the paragraph's text, in the document model's
    offsets (gwreport.docmodel.visible_text: the positions findings carry)."""
    from docx.text.run import Run

    from ..docmodel import visible_text
    return [(Run(r, para), a, b) for a, b, r in visible_text(para._p)[1]]


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
    """One Word comment per finding, anchored on its span. The comment XML is written here
    (python-docx's Document.add_comment rescans every comment id for each new one, which made
    4,000 comments cost minutes); ids continue after any comment the document already has."""
    import datetime as dt

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    comments = document.part._comments_part.element
    next_id = max((int(x) for x in comments.xpath("./w:comment/@w:id")), default=-1) + 1
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    first = parse_xml(  # the first paragraph carries the mark Word shows in the comment pane
        f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="CommentText"/></w:pPr><w:r><w:rPr>'
        '<w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
        '<w:r><w:t xml:space="preserve"></w:t></w:r></w:p>')
    more = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
                     '<w:r><w:t xml:space="preserve"></w:t></w:r></w:p>')
    shell = parse_xml(f'<w:comment {nsdecls("w")} w:id="0" w:author="" w:initials="GW"/>')
    shell.set(w + "author", AUTHOR)
    shell.set(w + "date", stamp)

    def comment_el(cid: int, text: str):
        c = copy.deepcopy(shell)
        c.set(w + "id", str(cid))
        for i, line in enumerate(text.split("\n")):
            p = copy.deepcopy(first if i == 0 else more)
            p[-1][-1].text = line
            c.append(p)
        return c

    by_para: dict[int, list] = {}
    for f in findings:
        if 1 <= f.line <= len(paragraphs):
            by_para.setdefault(f.line, []).append(f)
    n = 0
    for line in sorted(by_para):
        para = paragraphs[line - 1]
        fs = sorted(by_para[line], key=lambda f: (f.column, f.end_column))
        for f, (first_r, last_r) in zip(fs, _anchors(para, [(f.column - 1, f.end_column - 1) for f in fs])):
            text = f"[{f.rule} {SEV_ZH.get(f.severity, f.severity)}] {f.message}"
            sug = [x for x in f.suggestions if x]
            if sug:
                text += f"\n建议：{' / '.join(sug)}"
            comments.append(comment_el(next_id, text))
            _mark(first_r, last_r, next_id)
            next_id += 1
            n += 1
    return n


_WNS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_TAGS = {_WNS + t for t in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen")}


def _child_len(c) -> int:
    tag = c.tag
    if tag == _WNS + "t":
        return len(c.text or "")
    if tag == _WNS + "br":
        return 1 if c.get(_WNS + "type", "textWrapping") == "textWrapping" else 0
    return 1 if tag in _TEXT_TAGS else 0


def _split_el(r, k: int):
    """Split a plain run element at text offset k (k inside it); r keeps [0, k), the returned
    copy placed after it holds the rest (formatting copied)."""
    right = copy.deepcopy(r)
    r.addnext(right)
    for el, keep_left in ((r, True), (right, False)):
        pos = 0
        for c in list(el):
            n = _child_len(c)
            if c.tag not in _TEXT_TAGS:
                continue
            lo, hi = pos, pos + n
            pos = hi
            if keep_left and lo >= k or not keep_left and hi <= k:
                el.remove(c)
            elif lo < k < hi:  # a w:t across the cut
                c.text = c.text[:k - lo] if keep_left else c.text[k - lo:]
    return right


def _anchors(para, spans: list[tuple[int, int]]) -> list[tuple]:
    """(first run element, last run element) covering each [s, e) of the paragraph, after
    splitting plain runs once at every span edge (one pass for all of a paragraph's comments)."""
    from lxml import etree

    from ..docmodel import visible_text
    p = para._p
    pieces = visible_text(p)[1]
    total = pieces[-1][1] if pieces else 0
    if not pieces:
        r = etree.SubElement(p, _WNS + "r")  # an empty paragraph: anchor on an empty run
        return [(r, r)] * len(spans)
    want = []
    for s, e in spans:
        if e <= s:  # an insertion point: anchor on the character before it
            s, e = max(0, s - 1), max(1, s)
        want.append((min(s, total - 1), min(max(e, s + 1), total)))
    cuts = sorted({x for se in want for x in se})
    for a, b, r in pieces:
        inner = [c - a for c in cuts if a < c < b]
        if inner and plain_el(r):
            cur = r
            done = 0
            for k in inner:
                cur = _split_el(cur, k - done)
                done = k
    pieces = visible_text(p)[1]
    out = []
    for s, e in want:
        first = next((r for a, b, r in pieces if b > s), pieces[-1][2])
        last = next((r for a, b, r in reversed(pieces) if a < e), first)
        out.append((first, last))
    return out


def _mark(first_r, last_r, cid: int) -> None:
    from lxml import etree

    start = etree.Element(_WNS + "commentRangeStart")
    start.set(_WNS + "id", str(cid))
    first_r.addprevious(start)
    end = etree.Element(_WNS + "commentRangeEnd")
    end.set(_WNS + "id", str(cid))
    ref = etree.Element(_WNS + "r")
    rpr = etree.SubElement(ref, _WNS + "rPr")
    etree.SubElement(rpr, _WNS + "rStyle").set(_WNS + "val", "CommentReference")
    etree.SubElement(ref, _WNS + "commentReference").set(_WNS + "id", str(cid))
    last_r.addnext(end)
    end.addnext(ref)


def plain_el(r) -> bool:
    return all(child.tag.rsplit("}", 1)[-1] in _PLAIN_TAGS for child in r)
