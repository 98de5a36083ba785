"""Audit rules for what gwreport's writer and `format` guarantee (GW930–GW935, .docx only).

The 红头 red and 35 mm down, the red line under the 发文字号, the standard's blank lines
around the title, title lines broken between words (the writer's own breaker decides what an
unbreakable piece is), attachments on a new page, and the 版记 at the bottom of the last page
as wide as the type area. They read the document the way docmodel reads it (one model, one
role inference) and are registered through gwreport.rules as their own family, so
`gwreport rules` lists them and select/ignore switch them like any other rule.
"""
from __future__ import annotations

import re

from .findings import Finding, Rule
from .profile import Profile, load_profile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W_NS
GB = "GB/T 9704-2012"
FAMILY = "公文版式（红头、版记）"

RULES: dict[str, Rule] = {r.id: r for r in [
    Rule("GW930", "warning", "发文机关标志（红头）应为红色，上边缘距版心上边缘 35 毫米（仅 .docx）", f"{GB} §7.2.4",
         pack="layout"),
    Rule("GW931", "warning", "发文字号之下应有一条与版心等宽的红色分隔线（仅 .docx）", f"{GB} §7.2.6", pack="layout"),
    Rule("GW932", "warning", "空行：发文字号距发文机关标志二行，标题距红色分隔线二行，标题与主送机关之间空一行（仅 .docx）",
         f"{GB} §7.2.4、§7.3.1、§7.3.2", pack="layout"),
    Rule("GW933", "warning", "标题回行应词意完整，末行不宜只剩一两个字（仅 .docx）", f"{GB} §7.3.1", pack="layout"),
    Rule("GW934", "warning", "附件应另起一页，“附件N”顶格排在版心左上角第一行（仅 .docx）", f"{GB} §8", pack="layout"),
    Rule("GW935", "warning", "版记应位于最后一页，末条分隔线与版心下边缘重合，分隔线与版心等宽（仅 .docx）",
         f"{GB} §7.4.1", pack="layout"),
]}


def _w(tag: str) -> str:
    return _W + tag


def registry_rules(config=None) -> list[Rule]:
    return list(RULES.values())


def _finding(rid: str, p, message: str) -> Finding:
    r = RULES[rid]
    if p is None:
        return Finding(rid, r.severity, 1, 1, 1, 1, "", message)
    return Finding(rid, r.severity, p.index, 1, p.index, len(p.text) + 1, p.text, message)


def _red(val: str | None) -> bool:
    if not val or val in ("auto",):
        return False
    if val.lower() == "red":
        return True
    try:
        r, g, b = int(val[0:2], 16), int(val[2:4], 16), int(val[4:6], 16)
    except (ValueError, IndexError):
        return False
    return r >= 0xB0 and g <= 0x60 and b <= 0x60


def _has_red_border(ppr_layers) -> bool:
    for ppr in ppr_layers:
        if ppr is None:
            continue
        bdr = ppr.find(_w("pBdr"))
        if bdr is None:
            continue
        for side in ("top", "bottom"):
            e = bdr.find(_w(side))
            if e is not None and e.get(_w("val")) not in (None, "nil", "none") and _red(e.get(_w("color"))):
                return True
    return False


_RED_SHAPE_RE = re.compile(r'(strokecolor="(#?[Ff][Ff]0000|red)"|srgbClr val="(FF0000|E60000|C00000|FF0101)")')


def _has_red_shape(p_el) -> bool:
    from lxml import etree

    if not any(True for _ in p_el.iter(_w("drawing"), _w("pict"))):
        return False
    return bool(_RED_SHAPE_RE.search(etree.tostring(p_el, encoding="unicode")))


def _space_before_pt(res, el) -> float:
    """Effective w:spacing/@w:before in points (the last layer that sets it wins)."""
    before = 0.0
    for layer in res.ppr_layers(el):
        if layer is None:
            continue
        sp = layer.find(_w("spacing"))
        if sp is not None and sp.get(_w("before")) is not None:
            try:
                before = int(sp.get(_w("before"))) / 20
            except ValueError:
                pass
    return before


def _line_height_pt(res, p, pitch_pt: float) -> float:
    pp = res.para_props(p.el)
    line = pp.get("line")
    before = _space_before_pt(res, p.el)
    if line and pp.get("lineRule") == "exact":
        return before + line / 20
    return before + pitch_pt


def _mark_top_mm(res, paras, mark, prof: Profile) -> float | None:
    """Top edge of the mark's ideographs below the type area's top, for a mark in the body's
    flow from the top of the first page (None when it sits in a frame or text box)."""
    if mark.frame or mark.in_table or mark.in_textbox:
        return None
    pitch = prof.line_pitch_pt
    top = 0.0
    for p in paras:
        if p is mark:
            break
        if p.in_table:
            return None
        top += _line_height_pt(res, p, pitch)
    before = _space_before_pt(res, mark.el)
    size = max((res.run_props(mark.el, r)["size"] for _, _, r in mark.pieces), default=prof.mark_size)
    from .docx_writer import MARK_INK_TOP
    return (top + before + MARK_INK_TOP * size) / 72 * 25.4


def _letter_mark_top_mm(res, mark, prof: Profile) -> float | None:
    """The top edge of a mark set in a frame placed from the top of the page (信函格式), in mm
    from the page top; None for any other mark."""
    fr = mark.frame or {}
    if fr.get("vAnchor") != "page" or fr.get("y") is None or mark.in_table or mark.in_textbox:
        return None
    try:
        y = int(fr["y"]) / 20
    except ValueError:
        return None
    size = max((res.run_props(mark.el, r)["size"] for _, _, r in mark.pieces), default=prof.mark_size)
    from .docx_writer import MARK_INK_TOP
    return (y + MARK_INK_TOP * size) / 72 * 25.4


def _empties_between(paras, a, b) -> int:
    i, j = paras.index(a), paras.index(b)
    return sum(1 for p in paras[i + 1:j] if not p.text.strip() and p.role in ("empty", "body"))


def _page_break_before(res, p, prev) -> bool:
    for layer in res.ppr_layers(p.el):
        if layer is not None and layer.find(_w("pageBreakBefore")) is not None:
            v = layer.find(_w("pageBreakBefore")).get(_w("val"))
            if v not in ("0", "false", "off"):
                return True
    if prev is not None:
        if any(br.get(_w("type")) == "page" for br in prev.el.iter(_w("br"))):
            return True
        ppr = prev.el.find(_w("pPr"))
        if ppr is not None and ppr.find(_w("sectPr")) is not None:
            return True
    return any(br.get(_w("type")) == "page" for br in p.el.iter(_w("br")))


def _title_breaks_ok(text: str, width_chars: float) -> str | None:
    """None when the title's lines (explicit breaks, or as a word processor fills width_chars)
    break between unbreakable pieces and the last line keeps three characters; else why not."""
    from .docx_writer import _tokens

    def bounds(t: str) -> set[int]:
        out, pos = set(), 0
        for piece, _w_ in _tokens(t):
            pos += len(piece)
            out.add(pos)
        return out

    if "\n" in text:
        lines = [x for x in text.split("\n")]
    else:
        lines, cur, used = [], "", 0.0
        for m in re.finditer(r"[A-Za-z0-9.%+\-/]+|.", text, re.S):
            piece = m.group(0)
            w = (0.56 * len(piece) + 0.5) if piece.isascii() and piece.strip() else \
                sum(1.0 if ord(c) > 0x2E7F else 0.5 for c in piece)
            if cur and used + w > width_chars + 1e-6:
                lines.append(cur)
                cur, used = "", 0.0
            cur += piece
            used += w
        lines.append(cur)
    if len(lines) < 2:
        return None
    flat = "".join(lines)
    ok = bounds(flat)
    pos = 0
    for line in lines[:-1]:
        pos += len(line)
        if pos not in ok:
            return f"标题在“{flat[max(0, pos - 2):pos]}/{flat[pos:pos + 2]}”处回行，拆开了词语"
    if len(lines[-1].strip()) < 3:
        return f"标题末行只有“{lines[-1].strip()}”，回行后不宜只剩一两个字"
    return None


def audit(document, profile: Profile | str | None = None) -> list[Finding]:
    """GW930–GW935 for an open python-docx Document (or a path)."""
    from .docmodel import read_model
    from .layout import _open
    from .roles import assign_model_roles

    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    document = _open(document)
    model = read_model(document)
    assign_model_roles(model)
    res = model.resolver
    paras = [p for p in model.paragraphs if p.part == "body"]
    flow = [p for p in paras if not p.in_table]
    out: list[Finding] = []

    def first(role):
        return next((p for p in flow if p.role == role), None)

    marks = [p for p in flow if p.role == "letterhead"]
    number = first("doc_number")
    titles = [p for p in flow if p.role == "title"]
    letter = False
    # GW930: the 红头 is red and 35 mm down (信函格式: 30 mm from the page top, not checked here)
    if marks:
        mark = marks[0]
        colours = [res.run_props(mark.el, r)["color"] for _, _, r in mark.pieces]
        if colours and not all(_red(c) for c in colours):
            out.append(_finding("GW930", mark, "发文机关标志应为红色（GB/T 9704 §7.2.4）"))
        top = _mark_top_mm(res, flow, mark, prof)
        page_top = _letter_mark_top_mm(res, mark, prof)
        if page_top is not None and page_top < 55:  # a 文件格式 mark in a frame sits at 72 mm
            letter = True  # 信函格式 (§10.1): a frame 30 mm from the top of the page
            if abs(page_top - 30) > 3:
                out.append(_finding("GW930", mark, f"信函格式的发文机关标志上边缘距页面上边约 {page_top:.0f} 毫米，"
                                                   "应为 30 毫米（GB/T 9704 §10.1）"))
        elif top is not None and top < 25:
            letter = True  # 信函格式 (§10.1): the mark near the top of the page
        elif top is not None and abs(top - 35) > 3:
            out.append(_finding("GW930", mark, f"发文机关标志上边缘距版心上边缘约 {top:.0f} 毫米，应为 35 毫米"))
    # GW931: the red line under the 发文字号 (or under the mark without one)
    if marks:
        # 信函格式: the red double line is under the mark, above the 发文字号 (§10.1)
        anchor = number or marks[-1]
        i = flow.index(anchor)
        near = flow[i:i + 3]
        if letter:
            j = flow.index(marks[-1])
            near = flow[j:j + 3] + near
        if not any(_has_red_border(res.ppr_layers(p.el)) or _has_red_shape(p.el) for p in near) and \
                not any(_has_red_shape(p.el) for p in flow[:i + 3]):
            out.append(_finding("GW931", anchor, "发文字号之下缺少红色分隔线（与版心等宽，距发文字号 4 毫米）"))
    # GW932: blank lines around the 发文字号, the red line and the title
    if marks and number is not None and not letter and flow.index(marks[-1]) < flow.index(number):
        if _empties_between(flow, marks[-1], number) == 0:
            out.append(_finding("GW932", number, "发文字号应在发文机关标志下空二行编排"))
    if titles:
        red = next((p for p in flow[:flow.index(titles[0])] if p.role == "red_line"
                    or (not p.text.strip() and _has_red_border(res.ppr_layers(p.el)))), None)
        if red is not None and _empties_between(flow, red, titles[0]) == 0:
            out.append(_finding("GW932", titles[0], "标题应在红色分隔线下空二行编排"))
        j = flow.index(titles[-1])
        nxt = next((p for p in flow[j + 1:] if p.text.strip()), None)
        if nxt is not None and nxt.role == "addressee":
            gap = _empties_between(flow, titles[-1], nxt)
            if gap == 0:
                out.append(_finding("GW932", nxt, "标题与主送机关之间应空一行（GB/T 9704 §7.3.2）"))
            elif gap > 1:
                out.append(_finding("GW932", nxt, f"标题与主送机关之间空了 {gap} 行，应空一行"))
    # GW933: title line breaks
    cap = prof.text_width_mm / 25.4 * 72
    for t in titles[:1] if len(titles) == 1 else []:
        pp = res.para_props(t.el)
        size = max((res.run_props(t.el, r)["size"] for _, _, r in t.pieces), default=prof.title_size)
        width = (cap - (pp.get("left") or 0) / 20 - (pp.get("right") or 0) / 20) / size
        why = _title_breaks_ok(t.text.strip(), width)
        if why:
            out.append(_finding("GW933", t, why))
    if len(titles) > 1:  # a title typed over several paragraphs: each paragraph is a line
        why = _title_breaks_ok("\n".join(p.text.strip() for p in titles), 1e9)
        if why:
            out.append(_finding("GW933", titles[0], why))
    # GW934: attachments on a new page
    date = first("date")
    after = flow[flow.index(date) + 1:] if date is not None else []
    for k, p in enumerate(after):
        t = p.text.strip()
        if p.role == "attachment_label" or re.fullmatch(r"附\s*件\s*\d{0,2}", t):
            prev = after[k - 1] if k else (date if date is not None else None)
            if not _page_break_before(res, p, prev):
                out.append(_finding("GW934", p, f"“{t}”应另起一页，顶格排在版心左上角第一行"))
    # GW935: 版记 at the bottom of the last page, as wide as the type area
    colophon = [p for p in paras if p.role in ("cc", "printer")]
    if colophon:
        width = round(prof.text_width_mm / 25.4 * 1440)
        tbl = colophon[0].el.getparent()
        while tbl is not None and tbl.tag != _w("tbl"):
            tbl = tbl.getparent()
        if tbl is None:
            out.append(_finding("GW935", colophon[0], "版记应置于最后一页版心下边缘（末条分隔线与版心下边缘重合）："
                                                        "可用 gwreport format 排版"))
        else:
            tpr = tbl.find(_w("tblPr"))
            pos = tpr.find(_w("tblpPr")) if tpr is not None else None
            if pos is None or pos.get(_w("tblpYSpec")) != "bottom" or \
                    pos.get(_w("vertAnchor")) not in ("margin", None):
                out.append(_finding("GW935", colophon[0], "版记表格应定位在版心下边缘（垂直：底端，相对于页边距）"))
            cols = tbl.findall(_w("tblGrid") + "/" + _w("gridCol"))
            try:
                total = sum(int(c.get(_w("w"), "0")) for c in cols)
            except ValueError:
                total = width
            if abs(total - width) > 60:
                out.append(_finding("GW935", colophon[0],
                                    f"版记分隔线宽 {total / 1440 * 25.4:.0f} 毫米，应与版心等宽（{prof.text_width_mm:.0f} 毫米）"))
    return out


def run(units, config, selection, document=None) -> list[Finding]:
    """The family runner (gwreport.check): the document as read for `check`."""
    if document is None:
        return []
    import os
    extra = getattr(config, "extra", None) or {}
    profile = (getattr(config, "layout_profile", None) or extra.get("layout_profile")
               or os.environ.get("GWREPORT_LAYOUT_PROFILE"))
    return audit(document, profile)


def register() -> None:
    from .rule_families import register_family
    register_family(FAMILY, prefixes=("GW93",), rules=registry_rules, run=run, docx_only=True)
