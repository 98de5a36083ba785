"""Infer paragraph roles for plain drafts (units with role None). Cheap heuristics only."""
from __future__ import annotations

import re

from ..findings import TextUnit
from ..numbering import parse_marker
from re import compile as _rc  # plain re (the private _sre program cache is gone)

DATE_LINE_RE = _rc(
    r"^[\s\u3000]*(?:\d{2,4}|[〇零一二三四五六七八九]{2,4})年[\d〇零一二三四五六七八九十]{1,3}月"
    r"[\d〇零一二三四五六七八九十]{1,3}日[\s\u3000]*$")
# Any 机关代字 before the year bracket (青政报〔2024〕18号, not only …发/函/字/办).
DOC_NUMBER_RE = _rc(r"^[\s\u3000]*[\u4e00-\u9fff]{1,12}[\[\(（〔【［]\d{2,4}[\]\)）〕】］]第?\d+号")
SENT_END = "。！？；"


_GENRE_END = ("报告", "通知", "通报", "总结", "方案", "请示", "意见", "函", "纪要", "决定", "办法",
              "规定", "计划", "说明", "要点", "细则")


def _is_title(text: str) -> bool:
    t = text.strip()
    if not 0 < len(t) <= 60 or parse_marker(t) is not None:
        return False
    if any(p in t[:-1] for p in "。！？；，,") or t.startswith(("特此", "以上", "妥否", "附件")):
        return False
    bare = re.sub(r"《[^》]*》", "", t)
    if "关于" in bare:
        return True
    return bare.endswith(_GENRE_END) and not bare.startswith(("请", "要", "各", "按照", "根据", "依据"))


def infer_roles(units: list[TextUnit]) -> list[TextUnit]:
    if all(u.role is not None for u in units):
        return units
    out: list[TextUnit] = []
    seen_title = False
    seen_body = False
    for u in units:
        role = u.role
        t = u.text.strip()
        if role is None:
            if not t:
                role = "empty"
            elif not seen_title and not seen_body and DOC_NUMBER_RE.match(t):
                role = "doc_number"
            elif not seen_title and not seen_body and t.startswith("签发人"):
                role = "signer"
            elif not seen_title and not seen_body and _is_title(t):
                role = "title"
                seen_title = True
            elif seen_title and not seen_body and len(t) <= 40 and t[-1:] in "：:" and parse_marker(t) is None:
                role = "addressee"
                seen_body = True
            elif DATE_LINE_RE.match(t):
                role = "date"
            elif re.match(r"^附\s*件\s*[:：]", t):
                role = "attachment"
            elif out and out[-1].role == "attachment" and re.match(r"^\d+[.．、]", t) and len(t) <= 60:
                role = "attachment"
            elif t.startswith(("抄送", "抄报")):
                role = "cc"
            else:
                m = parse_marker(t)
                if m is not None and _looks_heading(t, m):
                    role = f"heading{m.level}"
                else:
                    role = "body"
                seen_body = True
        elif role not in ("empty", "doc_number", "signer"):
            seen_body = seen_body or role != "title"
        out.append(TextUnit(u.line, u.text, role) if role != u.role else u)
    return out


def _looks_heading(text: str, m) -> bool:
    """A numbered line is a heading when it is short or its first sentence is short."""
    rest = text[m.end:].strip()
    if not rest:
        return False
    first = re.split(r"[。！？；]", rest, maxsplit=1)[0]
    return len(first) <= 40
