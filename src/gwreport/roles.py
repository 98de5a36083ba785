"""One role inference for every consumer (proofreader, layout audit, `format`, the writer).

A role says what a paragraph is in a GB/T 9704 document: letterhead (发文机关标志, 红头),
doc_number (发文字号), signer (签发人), title, subtitle, addressee (主送机关), heading1-4,
runin1-4 (a numbered heading followed by body text in the same paragraph), body, attachment
(附件说明), signature (发文机关署名), date (成文日期), note (附注), attachment_label (附件 label on
the 附件 page), attachment_title, cc (抄送), printer (印发机关和印发日期), table_cell, empty, and the
版头 parts red_line, copy_number, secrecy, urgency.

Evidence, strongest first: gwreport's own styles (STYLE_ROLES, the table the writer also uses,
both ways); Word's built-in styles by id or localized name (Title/标题, Heading 1-4/标题 1-4,
Subtitle/副标题, List Paragraph with numbering); the automatic numbering label Word draws
("一、" from numbering.xml); then position and text (红头: large red text or a "…文件" line at the
top; dates also written 2024.9.30, 2024-9-30, 二〇二四年九月三十日).

`infer_roles(items)` works on anything with .text (plain lines: .txt/.md); Word paragraphs
from gwreport.docmodel add .style_name, .number and effective properties.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from .numbering import parse_marker

# gwreport's style names (docx_writer.STYLES) ↔ roles; the writer maps roles to these names
STYLE_ROLES = {
    "公文标题": "title", "主送机关": "addressee", "公文正文": "body",
    "公文一级标题": "heading1", "公文二级标题": "heading2", "公文三级标题": "heading3",
    "公文四级标题": "heading4", "发文字号": "doc_number", "签发人": "signer", "附件说明": "attachment",
    "发文机关署名": "signature", "成文日期": "date", "版记": "colophon", "公文表格": "table_cell",
    "发文机关标志": "letterhead", "份号": "copy_number", "密级和保密期限": "secrecy", "紧急程度": "urgency",
    "版头分隔线": "red_line", "附注": "note", "附件标识": "attachment_label", "附件标题": "attachment_title",
    "公文页码": "page_number",
}
ROLE_STYLES = {v: k for k, v in STYLE_ROLES.items() if v != "colophon"}
ROLE_STYLES.update({"cc": "版记", "printer": "版记"})

# Word's built-in styles (canonical English names from docmodel.canonical_style_name)
BUILTIN_STYLE_ROLES = {"Title": "title", "Subtitle": "subtitle", "Heading 1": "heading1",
                       "Heading 2": "heading2", "Heading 3": "heading3", "Heading 4": "heading4"}

HEADING_ROLES = ("heading1", "heading2", "heading3", "heading4")

DATE_LINE_RE = re.compile(
    r"^[\s\u3000]*(?:"
    r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,3}\s*月"
    r"\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日"
    r"|\d{4}\s*([.\-/．])\s*\d{1,2}\s*\1\s*\d{1,2}"
    r")[\s\u3000]*$")
# 机关代字 + 〔年份〕 + 序号 + 号, alone on its line or followed by the 签发人
DOC_NUMBER_RE = re.compile(r"^[\s\u3000]*[\u4e00-\u9fff]{1,15}[\[\(（〔【［]\s*\d{2,4}\s*[\]\)）〕】］]\s*第?\s*\d+\s*号"
                           r"(?=[\s\u3000]*$|[\s\u3000\t]+\S*签发人|[\s\u3000\t]*签发人)")
NOTE_RE = re.compile(r"^[\s\u3000]*[（(](?:此件|本件|联系人|联系电话|此页无正文)[^）)]*[）)]\s*$")
ANNEX_RE = re.compile(r"^[\s\u3000]*附\s*件\s*[\d０-９]{0,2}\s*$")
_TITLE_END = ("报告", "通知", "通报", "总结", "方案", "请示", "意见", "函", "纪要", "决定", "办法",
              "规定", "计划", "说明", "要点", "批复", "公告", "通告", "决议", "命令", "议案", "细则")
_RED = re.compile(r"^(?:FF0000|C00000|E60012|FF0000|D00000|CC0000|E00000|F00000|FF3333|C0000[0-9A-F])$", re.I)


@dataclass
class Item:
    """What inference looks at for one paragraph."""

    text: str  # shown text (numbering label included)
    style_name: str = ""
    in_table: bool = False
    numbered: bool = False  # the marker comes from Word's automatic numbering
    props: Callable[[], dict] | None = None  # lazily: {"size": pt, "red": bool, "jc": …}


def _is_title_text(t: str) -> bool:
    if not 0 < len(t) <= 80 or parse_marker(t) is not None:
        return False
    if any(p in t[:-1] for p in "。！？；，,") or t.endswith(("：", ":")):
        return False
    if t.startswith(("特此", "以上", "妥否", "附件", "请", "各")):
        return False
    bare = re.sub(r"《[^》]*》", "", t)
    return "关于" in bare or bare.rstrip("。").endswith(_TITLE_END)


def _heading_or_runin(t: str) -> str | None:
    m = parse_marker(t)
    if m is None:
        return None
    rest = t[m.end:].strip()
    first = re.split(r"[。！？；]", rest, maxsplit=1)[0]
    if rest and len(first) <= 40:
        # a run-in heading ("1.标题。正文……") keeps the body font for its body part
        return f"heading{m.level}" if len(rest) - len(first) <= 1 else f"runin{m.level}"
    return None


def guess_line(t: str) -> str:
    """The role of one line from its text alone (no position)."""
    t = t.strip()
    if DATE_LINE_RE.match(t):
        return "date"
    if re.match(r"^附\s*件\s*[:：]", t):
        return "attachment"
    if re.match(r"^\d{1,2}[.．]\S", t) and len(t) <= 60 and "。" not in t:
        m = parse_marker(t)
        if m is None or m.level == 3:
            return "attachment_more"
    if t.startswith(("抄送", "抄报")):
        return "cc"
    if t.endswith("印发") and len(t) <= 60:
        return "printer"
    if t.startswith("签发人"):
        return "signer"
    if NOTE_RE.match(t):
        return "note"
    return _heading_or_runin(t) or "body"


def _looks_letterhead(it: Item, t: str) -> bool:
    if t.endswith("文件") and len(t) <= 30 and "关于" not in t:
        return True
    if it.props is None or len(t) > 30:
        return False
    p = it.props()
    return bool(p.get("red")) and (p.get("size") or 0) >= 26


def infer_roles(items: list[Item]) -> list[str]:
    """Roles of a document's paragraphs in order (table cells are table_cell)."""
    roles = ["empty"] * len(items)
    styled = [STYLE_ROLES.get(it.style_name) for it in items]
    own = any(r is not None for r, it in zip(styled, items) if not it.in_table)
    stage = "head"  # head → title → after_title → body
    title_seen = False
    last = None  # index of the last non-empty paragraph
    after_date = False
    annex = False
    for i, it in enumerate(items):
        t = it.text.strip()
        if it.in_table:
            # the 版记 table gwreport writes: its cells are 版记 lines
            roles[i] = (("printer" if t.endswith("印发") else "cc") if styled[i] == "colophon" and t
                        else "table_cell")
            continue
        if not t:
            roles[i] = "red_line" if styled[i] == "red_line" else "empty"
            if stage == "title":
                stage = "after_title"
            continue
        role = styled[i]
        if role == "colophon":
            role = "printer" if t.endswith("印发") else "cc"
        if role is None and own:
            # a gwreport (or `format`ted) document: unstyled lines by their text; a 红头 or
            # 发文字号 above the title stays what it is
            if stage == "head" and _looks_letterhead(it, t):
                role = "letterhead"
            elif stage == "head" and DOC_NUMBER_RE.match(t):
                role = "doc_number"
            else:
                role = guess_line(t)
            if role == "attachment_more":
                role = "attachment" if last is not None and roles[last] == "attachment" else "body"
        if role is None:
            builtin = BUILTIN_STYLE_ROLES.get(it.style_name)
            if builtin is not None and builtin.startswith("heading"):
                # the rendered marker decides the level (一、 is level 1 whatever the style)
                role = _heading_or_runin(t)
                if role is None and stage in ("head", "title") and not it.numbered and _is_title_text(t):
                    role = "title"  # the document title set in Heading 1 / 标题 1 (no number)
                role = role or builtin
            elif builtin is not None:
                role = "title" if builtin == "title" else "subtitle"
                if builtin == "title":
                    title_seen = True
                    stage = "title"
            elif it.numbered:
                role = _heading_or_runin(t) or "body"
        if role is not None:
            if role == "title":
                title_seen = True
                stage = "title" if stage in ("head", "title") else stage
            elif role not in ("letterhead", "doc_number", "signer", "copy_number", "secrecy", "urgency",
                              "red_line", "subtitle"):
                stage = "body"
            roles[i] = role
            last = i
            continue
        # position and text
        if stage == "head":
            if DOC_NUMBER_RE.match(t):
                role = "doc_number"
            elif t.startswith("签发人"):
                role = "signer"
            elif _looks_letterhead(it, t):
                role = "letterhead"
            elif _is_title_text(t):
                role = "title"
                title_seen = True
                stage = "title"
        elif stage == "title":
            if (len(t) <= 40 and t[-1] not in "。：:；" and parse_marker(t) is None
                    and not DATE_LINE_RE.match(t)):
                role = "title"
            else:
                stage = "after_title"
        if role is None and stage in ("after_title", "title") and title_seen:
            stage = "body"
            if len(t) <= 60 and t[-1] in "：:" and parse_marker(t) is None and "。" not in t:
                role = "addressee"
        if role is None and annex and last is not None and roles[last] == "attachment_label" and _attachment_title(t):
            role = "attachment_title"
        if role is None and after_date and ANNEX_RE.match(t):
            role = "attachment_label"
            annex = True
        if role is None:
            if stage == "head":
                stage = "body"
            role = guess_line(t)
            if role == "attachment_more":
                role = "attachment" if last is not None and roles[last] == "attachment" else "body"
            elif role == "note" and not after_date:
                role = "body"
        if role == "date":
            after_date = True
        roles[i] = role
        last = i
    _mark_signatures(items, roles)
    return roles


def _attachment_title(t: str) -> bool:
    return len(t) <= 60 and parse_marker(t) is None and not any(c in t for c in "。；：")


def _mark_signatures(items: list[Item], roles: list[str]) -> None:
    """署名: the short non-empty line(s) right above a 成文日期 line (one empty line may sit
    between them in a sealed layout)."""
    for i, r in enumerate(roles):
        if r != "date" or items[i].in_table:
            continue
        j = i - 1
        while j >= 0 and roles[j] == "empty" and i - j <= 1:
            j -= 1
        if j >= 0 and roles[j] == "body":
            t = items[j].text.strip()
            if len(t) <= 40 and not any(c in t for c in "。；：，"):
                roles[j] = "signature"
                # a joint signature: several 署名 lines stacked
                k = j - 1
                while k >= 0 and roles[k] == "body" and len(items[k].text.strip()) <= 30 and \
                        not any(c in items[k].text for c in "。；：，") and i - k <= 3:
                    roles[k] = "signature"
                    k -= 1


# ---------------------------------------------------------------------------------------
# entry points
# ---------------------------------------------------------------------------------------
def _is_red(color: str | None) -> bool:
    if not color or color.lower() == "auto" or len(color) != 6:
        return False
    try:
        r, g, b = int(color[:2], 16), int(color[2:4], 16), int(color[4:], 16)
    except ValueError:
        return False
    return r >= 0xB0 and g <= 0x50 and b <= 0x50


def model_items(model) -> list[Item]:
    res = model.resolver
    out = []
    for b in model.paragraphs:
        def props(b=b):
            runs = [r for _a, _z, r in b.pieces]
            if not runs:
                return {}
            rp = res.run_props(b.el, runs[0])
            return {"size": rp["size"], "red": _is_red(rp.get("color"))}
        out.append(Item(b.shown, b.style_name, b.in_table, bool(b.number), props))
    return out


def assign_model_roles(model) -> list[str]:
    """Set .role on every paragraph of a gwreport.docmodel.DocModel; returns the roles."""
    roles = infer_roles(model_items(model))
    for b, r in zip(model.paragraphs, roles):
        b.role = r
    return roles


def infer_unit_roles(units: Iterable[Any]) -> list:
    """TextUnits with every unknown role (None) inferred from the text; known roles kept."""
    from .findings import TextUnit

    units = list(units)
    if all(u.role is not None for u in units):
        return units
    items = [Item(u.text, in_table=u.role == "table_cell") for u in units]
    roles = infer_roles(items)
    return [u if u.role is not None else TextUnit(u.line, u.text, r) for u, r in zip(units, roles)]
