"""`gwreport format`: lay an existing .docx draft out to GB/T 9704 without touching its text.

What it does: A4 and the standard margins with the 22 × 28 grid on every portrait section;
the named 公文 styles installed; every body paragraph given the style of its role (title,
主送机关, body, heading levels from their markers, 附件说明, 署名, 成文日期, 版记) with the
direct formatting that fights the style removed (fonts, sizes, spacing, indents, alignment);
page numbers "— N —" odd right / even left as PAGE fields.

What it keeps: every character of every paragraph, tables (cell text, borders, sizes ≤ 3号),
comments and their anchors, images, emphasis inside a paragraph (partial bold, italics,
underline, colour), hyperlinks, headers. The text of every paragraph is compared before and
after; if anything differs nothing is written.
"""
from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from .errors import GwError, InputError
from .profile import Profile, load_profile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W_NS

ROLE_NAMES = {
    "title": "标题", "addressee": "主送机关", "body": "正文", "heading1": "一级标题",
    "heading2": "二级标题", "heading3": "三级标题", "heading4": "四级标题", "doc_number": "发文字号",
    "signer": "签发人", "attachment": "附件说明", "signature": "发文机关署名", "date": "成文日期",
    "cc": "抄送", "printer": "印发机关和日期", "empty": "空行", "letterhead": "发文机关标志",
    "runin1": "段中一级标题", "runin2": "段中二级标题", "runin3": "段中三级标题", "runin4": "段中四级标题",
}

# run properties that fight the styles; emphasis (i, u, color, highlight, …) stays
_RUN_STRIP = ("rFonts", "sz", "szCs", "spacing", "w", "kern", "position", "snapToGrid", "eastAsianLayout")
_PARA_STRIP = ("jc", "ind", "spacing", "snapToGrid", "textAlignment", "adjustRightInd", "wordWrap")


def _w(tag: str) -> str:
    return _W + tag


@dataclass
class FormatReport:
    source: Path
    output: Path | None
    changes: list[str] = field(default_factory=list)
    roles: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    added_tables: int = 0  # the 版记 table built from the draft's 抄送/印发 lines

    def text(self) -> str:
        lines = [f"已按 GB/T 9704 排版：{self.output}" if self.output else "排版预览（未写入文件）："]
        lines += [f"  · {c}" for c in self.changes]
        if self.roles:
            parts = [f"{ROLE_NAMES.get(r, r)} {n} 段" for r, n in sorted(self.roles.items(),
                                                                      key=lambda kv: -kv[1])]
            lines.append("  · 段落角色：" + "，".join(parts))
        if self.notes:
            lines.append("请人工核对：")
            lines += [f"  · {n}" for n in self.notes]
        return "\n".join(lines)


def _texts(document) -> list[str]:
    """Every paragraph as Word shows it, automatic numbers included (a lost 一、 is a change)."""
    from .layout import collect_paragraphs

    return [p.shown for p in collect_paragraphs(document)]


def _pin_numbering(p_el, res, level: int | None) -> None:
    """Copy the numbering a paragraph gets through its style chain onto the paragraph itself."""
    from lxml import etree

    ppr = p_el.get_or_add_pPr()
    if ppr.find(_w("numPr")) is not None:
        return
    num_id, ilvl, src = res.num_pr(p_el)
    if not num_id:
        return
    if ilvl is None:
        ilvl = level or 0  # the level the document model rendered (abstractNum pStyle link)
    np_ = etree.Element(_w("numPr"))
    lv = etree.SubElement(np_, _w("ilvl"))
    lv.set(_w("val"), str(ilvl))
    ni = etree.SubElement(np_, _w("numId"))
    ni.set(_w("val"), num_id)
    _insert_in_order(ppr, [np_])


def _comment_texts(document) -> list[str]:
    try:
        return [c.text for c in document.comments]
    except Exception:  # noqa: BLE001 - python-docx without comments support / no comments part
        return []


def _strip_children(parent, names: tuple[str, ...]) -> int:
    n = 0
    if parent is None:
        return 0
    for child in list(parent):
        if child.tag in {_w(x) for x in names}:
            parent.remove(child)
            n += 1
    return n


def _runs(p_el):
    return [r for r in p_el.iter(_w("r"))]


def _all_bold(p_el) -> bool:
    seen = False
    for r in _runs(p_el):
        t = "".join(x.text or "" for x in r.findall(_w("t"))).strip()
        if not t:
            continue
        seen = True
        rpr = r.find(_w("rPr"))
        b = rpr.find(_w("b")) if rpr is not None else None
        if b is None or b.get(_w("val"), "true") in ("0", "false", "off"):
            return False
    return seen


def format_document(document, profile: Profile) -> FormatReport:
    """Restyle an open python-docx Document in place; returns what changed."""
    from lxml import etree

    from .docx_writer import (STYLES, ROLE_ALIASES, _set_doc_defaults, apply_page_setup,
                              decorate_paragraph, install_page_numbers, install_styles, mark_scale,
                              signature_boxes, split_signer_line)
    from .layout import _signer_name_span, assign_roles, collect_paragraphs

    rep = FormatReport(Path(""), None)
    prof = profile
    grids_before = [_xml(section._sectPr.find(_w("docGrid"))) for section in document.sections]
    # page setup
    for n, section in enumerate(document.sections, 1):
        w, h = section.page_width, section.page_height
        if w is not None and h is not None and w > h:
            rep.notes.append(f"第{n}节为横向页面（宽表格），只统一了纸张大小，未改页边距")
            from docx.shared import Twips

            from .docx_writer import twips
            section.page_width, section.page_height = Twips(twips(prof.page_height)), Twips(twips(prof.page_width))
            continue
        before = (f"{w.mm:.0f}×{h.mm:.0f}" if w is not None and h is not None else "未设置",
                  [round(x.mm, 1) if x is not None else None for x in
                   (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)])
        apply_page_setup(section, prof)
        after = [round(x.mm, 1) for x in (section.top_margin, section.bottom_margin,
                                           section.left_margin, section.right_margin)]
        where = f"第{n}节" if len(document.sections) > 1 else "页面"
        if before[0] != "210×297":
            rep.changes.append(f"{where}纸张 {before[0]} 毫米 → A4（210×297 毫米）")
        if before[1] != after:
            b = before[1]
            rep.changes.append(f"{where}页边距 上{b[0]} 下{b[1]} 左{b[2]} 右{b[3]} 毫米 → "
                               f"上{after[0]} 下{after[1]} 左{after[2]} 右{after[3]} 毫米")
    if grids_before != [_xml(section._sectPr.find(_w("docGrid"))) for section in document.sections]:
        rep.changes.append(f"版心按每页 {prof.lines_per_page} 行、每行 {prof.chars_per_line} 字设置文档网格")
    # styles
    styles_before = _xml(document.styles.element)
    names_before = {st.name for st in document.styles}
    _set_doc_defaults(document.styles.element, prof)
    ids = install_styles(document, prof, replace_existing=True)
    if _xml(document.styles.element) != styles_before:
        added = [name for _, name in STYLES.values() if name not in names_before]
        rep.changes.append("文档默认字体设为" + prof.body_font + f" {prof.body_size:g} 磅"
                           + ("，新增“" + "”“".join(added) + "”样式" if added else "，公文样式已按排版配置更新"))
    # page numbers
    footers_before = _footers_xml(document)
    had_footer_text = False
    for section in document.sections:
        for ft in (section.footer, section.even_page_footer):
            try:
                if not ft.is_linked_to_previous and "".join(p.text for p in ft.paragraphs).strip():
                    had_footer_text = True
            except Exception:  # noqa: BLE001
                pass
    install_page_numbers(document, prof, ids["page_number"])
    if _footers_xml(document) != footers_before:
        rep.changes.append("页脚改为自动页码“— N —”（4号宋体，单页居右、双页居左空一字，奇偶页不同）"
                           + ("，原页脚内容已替换" if had_footer_text else ""))
    # paragraphs
    paras = collect_paragraphs(document)
    assign_roles(paras)
    from .docmodel import Resolver
    model_res = Resolver(document)
    numbered: list = []
    body = [p for p in paras if not p.in_table]
    sig = next((p for p in body if p.role == "signature"), None)
    date = next((p for p in body if p.role == "date"), None)
    boxes = signature_boxes(sig.text.strip(), date.text.strip(), prof) if sig and date else {}
    sig_right = boxes or None
    colophon = [p.index for p in body if p.role in ("cc", "printer")]
    upward = any(p.role == "signer" for p in body)
    before_xml = {id(p.el): _xml(p.el) for p in paras}
    stripped = 0
    spaces_removed: list[tuple[int, int]] = []
    colophon_table_ok = _colophon_movable(body)
    for p in paras:
        el = p.el
        if p.in_table:
            ppr = el.find(_w("pPr"))
            ps = ppr.find(_w("pStyle")) if ppr is not None else None
            if ps is None or ps.get(_w("val")) in ("Normal", "a", None):
                ppr = el.get_or_add_pPr()
                ppr.insert(0, etree.Element(_w("pStyle")))
                ppr[0].set(_w("val"), ids["table_cell"])
                _drop_duplicate_pstyle(ppr)
            continue
        role = p.role
        if role == "letterhead" and not _plain_letterhead(el):
            rep.notes.append(f"第{p.index}段“{p.text.strip()[:20]}”像发文机关标志（红头），含图片或文本框，未改动")
            continue
        rep.roles[role] += 1
        if p.number:
            # Word draws this number from the numbering (often linked to the Heading style the
            # paragraph is about to lose): pin it on the paragraph so the number stays
            _pin_numbering(el, model_res, p.num_level)
            numbered.append(p)
        if role.startswith("runin"):
            if role in ("runin1", "runin2"):
                rep.notes.append(f"第{p.index}段是段中标题（标题与正文在同一段），已按正文排；"
                                 f"如需{'黑体' if role == 'runin1' else '楷体'}请只选中标题部分设置")
            style_role = "body"
        else:
            style_role = ROLE_ALIASES.get(role, role)
        sid = ids.get(style_role, ids["body"])
        ppr = el.get_or_add_pPr()
        n = _strip_children(ppr, _PARA_STRIP + ("pStyle",))
        mark = ppr.find(_w("rPr"))
        n += _strip_children(mark, _RUN_STRIP)
        pstyle = etree.Element(_w("pStyle"))
        pstyle.set(_w("val"), sid)
        ppr.insert(0, pstyle)
        # a paragraph bold from end to end is formatting, not emphasis (short body lines excepted)
        whole_bold = _all_bold(el) and (role != "body" or len(p.text.strip()) > 30)
        for r in _runs(el):
            rpr = r.find(_w("rPr"))
            if rpr is None and role == "letterhead" and mark_scale(p.text.strip(), prof) < 100:
                rpr = etree.Element(_w("rPr"))
                r.insert(0, rpr)
            if rpr is None:
                continue
            n += _strip_children(rpr, _RUN_STRIP)
            if whole_bold or role == "letterhead":
                n += _strip_children(rpr, ("b", "bCs"))
            if role == "letterhead":  # red 小标宋 from the style, narrowed to fit the type area
                n += _strip_children(rpr, ("color", "highlight", "shd", "u"))
                scale = mark_scale(p.text.strip(), prof)
                if scale < 100:
                    _insert_rpr(rpr, "w", scale)
        if role in ("doc_number", "signer"):
            name = _signer_name_span(p.text, role)
            if name is not None:
                _signer_name_font(el, prof, name[0])
            if role == "signer":
                rep.notes.append(f"第{p.index}段签发人单独成行；GB/T 9704 要求与发文字号排在同一行（发文字号"
                                 "居左空一字，签发人居右空一字）：请在 Word 中把这一段与发文字号合并，"
                                 "中间用一个制表符（Tab）分隔，再排版一次")
            elif name is not None and "\t" not in (split_signer_line(p.text) or ("", "\t", ""))[1]:
                rep.notes.append(f"第{p.index}段发文字号与签发人之间用空格隔开，签发人的位置不准；"
                                 "建议把空格换成一个制表符（Tab），签发人即居右空一字")
        if n:
            stripped += 1
        # the extras the writer adds for this role (they go after pStyle, in schema order)
        tmp = etree.Element(_w("pPr"))
        tmp.append(etree.Element(_w("pStyle")))
        pos = None
        if p.index in colophon:
            pos = (p.index == colophon[0], p.index == colophon[-1])
        above = None
        if role == "letterhead" and p is next(q for q in body if q.role == "letterhead"):
            above = sum(1 for q in body[:body.index(p)] if q.role in ("copy_number", "secrecy", "urgency"))
        decorate_paragraph(tmp, role, p.text.strip(), prof, sign_boxes=boxes, upward=upward,
                           colophon=pos if not colophon_table_ok else None, lines_above=above)
        extras = list(tmp)[1:]
        # indented (or pushed right) by hand with spaces: the spaces go, the style indents
        removed = _strip_leading_space(el)
        if removed:
            spaces_removed.append((p.index, removed))
        _insert_in_order(ppr, extras)
    if numbered:
        rep.notes.append(f"{len(numbered)} 段的序号（如第{numbered[0].index}段“{numbered[0].number}”）由 Word 自动编号"
                         "生成、不在文字中：已按编号判断层级并保留编号")
    if spaces_removed:
        total = sum(n for _, n in spaces_removed)
        where = "、".join(f"第{i}段" for i, _ in spaces_removed[:8]) + ("等" if len(spaces_removed) > 8 else "")
        rep.changes.append(f"删除段首空格 {total} 个（{where}），改用样式的首行缩进 2 字或对应位置")
    # the standard's blank lines, the red line under the 发文字号, the 版记 at the bottom
    roles_by_el = _repair_structure(document, body, prof, ids, rep, colophon_table_ok)
    _fit_tables(document, prof, rep)
    # 署名 and 成文日期 never alone on the last page: the body's last paragraph travels with them
    from .docx_writer import _keep_with_signature
    from .model import Line

    flow = [el for el in document.element.body if el.tag == _w("p")]
    keep = _keep_with_signature([Line(roles_by_el.get(el, "empty") if roles_by_el.get(el) != "letterhead"
                                      else "body", "") for el in flow])
    kept = [flow[i] for i in sorted(keep)]
    kept_before = [_xml(el) for el in kept]
    for el in kept:
        ppr = el.find(_w("pPr"))
        if ppr is None:
            ppr = etree.SubElement(el, _w("pPr"))
            el.insert(0, ppr)
        _insert_in_order(ppr, [etree.Element(_w("keepNext"))])

    def changed(ps) -> bool:
        return any(_xml(p.el) != before_xml.get(id(p.el)) for p in ps)

    if keep and kept_before != [_xml(el) for el in kept]:
        rep.changes.append("正文末段与发文机关署名、成文日期设为“与下段同页”，避免署名单独成页")
    restyled = sum(1 for p in paras if _xml(p.el) != before_xml.get(id(p.el)))
    if restyled:
        rep.changes.append(f"{restyled} 段按角色套用公文样式"
                           + ("，清除了与样式冲突的直接格式（字体、字号、行距、缩进、对齐）" if stripped else ""))
    if sig_right is not None and changed([sig, date]):
        rep.changes.append("发文机关署名以成文日期为准居中，成文日期右空四字")
    if colophon and changed([p for p in body if p.index in colophon]):
        rep.changes.append("版记（抄送、印发机关和印发日期）设为 4 号仿宋并加分隔线"
                           + ("，置于最后一页版心下边缘" if colophon_table_ok else ""))
    if not rep.changes:
        rep.changes.append("原稿版式已符合排版配置，未作修改")
    return rep


_WS = " \u3000\t\xa0"


def _live_children(p_el):
    """(run, child) for the children of the paragraph's runs, deleted/moved-away text skipped."""
    for r in p_el.iter(_w("r")):
        parent = r.getparent()
        if parent is not None and parent.tag in (_w("del"), _w("moveFrom")):
            continue
        for c in r:
            if c.tag != _w("rPr"):
                yield r, c


def _el_text(p_el) -> str:
    return "".join((c.text or "") if c.tag == _w("t") else ("\t" if c.tag == _w("tab") else "")
                   for _, c in _live_children(p_el))


def _strip_leading_space(p_el) -> int:
    """Delete the spaces (half/full width, tabs) a paragraph starts with; returns how many."""
    removed = 0
    for _r, c in list(_live_children(p_el)):
        if c.tag == _w("tab"):
            c.getparent().remove(c)
            removed += 1
            continue
        if c.tag != _w("t"):
            if c.tag in (_w("br"), _w("cr"), _w("drawing"), _w("pict"), _w("object"), _w("sym")):
                break
            continue
        t = c.text or ""
        kept = t.lstrip(_WS)
        removed += len(t) - len(kept)
        c.text = kept
        if kept:
            break
    if removed and not _el_text(p_el).strip():
        return 0  # nothing but spaces: not an indent (cannot happen for a paragraph with a role)
    return removed


def _plain_letterhead(p_el) -> bool:
    """A letterhead typed as text (not a picture or a text box), so it can be restyled."""
    return not any(p_el.iter(_w("drawing"), _w("pict"), _w("object"), _w("txbxContent")))


def _insert_rpr(rpr, tag: str, val) -> None:
    from lxml import etree

    old = rpr.find(_w(tag))
    if old is not None:
        rpr.remove(old)
    el = etree.SubElement(rpr, _w(tag))
    el.set(_w("val"), str(val))


def _plain_empty(el) -> bool:
    """An empty paragraph that can go: no text, drawings, comment anchors, bookmarks, section."""
    if el.tag != _w("p") or _el_text(el).strip():
        return False
    bad = (_w("drawing"), _w("pict"), _w("object"), _w("commentRangeStart"), _w("commentRangeEnd"),
           _w("commentReference"), _w("bookmarkStart"), _w("sectPr"), _w("fldChar"), _w("fldSimple"))
    return not any(True for _ in el.iter(*bad))


def _colophon_movable(body) -> bool:
    """The 版记 lines (抄送, 印发) are the last text of the body, one after another (empty lines
    between them allowed): then they can become the floating 版记 table at the page bottom."""
    idx = [i for i, p in enumerate(body) if p.role in ("cc", "printer")]
    if not idx:
        return False
    after = [p for p in body[idx[0]:] if p.text.strip()]
    if any(p.role not in ("cc", "printer") for p in after):
        return False
    last = body[idx[-1]].el
    for el in last.itersiblings():
        if el.tag == _w("sectPr"):
            continue
        if el.tag != _w("p") or _el_text(el).strip() or el.find(_w("pPr") + "/" + _w("sectPr")) is not None:
            return False
    return all(p.el.getparent() is last.getparent() for p in body if p.role in ("cc", "printer"))


_PRINTER_GAP_RE = None


def _printer_gap_to_tab(p_el) -> bool:
    """“印发机关    2024年9月30日印发” typed with spaces: the spaces become one tab so the date
    sits on the right tab stop (右空一字). Only whitespace changes."""
    import re

    from lxml import etree

    text = _el_text(p_el)
    m = re.match(r"^(.*?\S)([ \u3000]{2,}|[ \u3000]*\t[ \u3000\t]*)(\S.*印发)\s*$", text)
    if m is None or m.group(2) == "\t":
        return False
    a, b = m.start(2), m.end(2)
    pos = 0
    placed = False
    for r, c in list(_live_children(p_el)):
        n = len(c.text or "") if c.tag == _w("t") else (1 if c.tag == _w("tab") else 0)
        start, end = pos, pos + n
        pos = end
        if n == 0 or end <= a or start >= b:
            continue
        if c.tag == _w("tab"):
            if placed:
                r.remove(c)
            placed = True
            continue
        t = c.text or ""
        head, tail = t[:max(0, a - start)], t[max(0, b - start):] if b < end else ""
        if not placed:
            c.text = head
            c.set(_XML_SPACE, "preserve")
            tab = etree.Element(_w("tab"))
            c.addnext(tab)
            if tail:
                nt = etree.Element(_w("t"))
                nt.text = tail
                nt.set(_XML_SPACE, "preserve")
                tab.addnext(nt)
            placed = True
        else:
            c.text = tail
            c.set(_XML_SPACE, "preserve")
    return placed


def _repair_structure(document, body, prof: Profile, ids: dict, rep: FormatReport,
                      colophon_ok: bool) -> dict:
    """Blank lines where GB/T 9704 puts them (发文字号 two lines under the 发文机关标志, the red
    line 4 mm under the 发文字号, the title two lines under it, one line between the title and
    the 主送机关, one before the 附件说明, two before a sealed 署名), the 版记 as the floating
    table at the bottom of the last page. Only empty paragraphs are added or removed.
    Returns paragraph element -> role for the body's paragraphs afterwards."""
    from lxml import etree

    from .docx_writer import _colophon_row, colophon_anchor, colophon_table

    roles = {p.el: p.role for p in body}
    root = document.element.body
    added = removed = 0

    def new_para(style: str):
        el = etree.Element(_w("p"))
        ppr = etree.SubElement(el, _w("pPr"))
        etree.SubElement(ppr, _w("pStyle")).set(_w("val"), style)
        return el

    def ensure_gap(target, n: int) -> None:
        nonlocal added, removed
        prev = []
        e = target.getprevious()
        while e is not None and e.tag == _w("p") and not _el_text(e).strip() and \
                roles.get(e, "empty") == "empty":
            prev.append(e)
            e = e.getprevious()
        if e is None and not prev:
            return
        have = len(prev)
        removable = [x for x in prev if _plain_empty(x)]
        while have > n and removable:
            root.remove(removable.pop(0))
            have -= 1
            removed += 1
        while have < n:
            el = new_para(ids["body"])
            target.addprevious(el)
            roles[el] = "empty"
            have += 1
            added += 1

    def first(role):
        return next((p.el for p in body if p.role == role and p.el.getparent() is root), None)

    def before(a, b) -> bool:
        kids = list(root)
        return kids.index(a) < kids.index(b)

    marks = [p.el for p in body if p.role == "letterhead" and p.el.getparent() is root]
    number = first("doc_number")
    titles = [p.el for p in body if p.role == "title" and p.el.getparent() is root]
    changes = []
    if marks and number is not None and before(marks[-1], number):
        ensure_gap(number, 2)
    if number is not None and titles and before(number, titles[0]):
        if marks:
            nxt = number.getnext()
            if not (nxt is not None and roles.get(nxt) == "red_line"):
                red = new_para(ids["red_line"])
                number.addnext(red)
                roles[red] = "red_line"
                changes.append("发文字号下 4 毫米加红色分隔线（与版心等宽）")
            ensure_gap(titles[0], 2)
        else:
            ensure_gap(titles[0], 1)
    if titles:
        e = titles[-1].getnext()
        while e is not None and e.tag == _w("p") and not _el_text(e).strip():
            e = e.getnext()
        if e is not None and e.tag == _w("p") and roles.get(e) not in (None, "title"):
            ensure_gap(e, 1)
    att = first("attachment")
    if att is not None:
        e = att.getprevious()
        while e is not None and e.tag == _w("p") and not _el_text(e).strip():
            e = e.getprevious()
        if e is not None and (e.tag == _w("tbl") or roles.get(e) in ("body", "heading1", "heading2",
                                                                     "heading3", "heading4")):
            ensure_gap(att, 1)
    sig = first("signature")
    if sig is None:
        sig = first("date")
    if sig is not None:
        e = sig.getprevious()
        while e is not None and e.tag == _w("p") and not _el_text(e).strip():
            e = e.getprevious()
        if e is not None and (e.tag == _w("tbl") or roles.get(e) in ("body", "attachment", "heading1",
                                                                     "heading2", "heading3", "heading4")):
            ensure_gap(sig, 2)
    rep.added_tables = 0
    if colophon_ok:
        lines = [p for p in body if p.role in ("cc", "printer")]
        e = lines[0].el.getprevious()
        while e is not None and _plain_empty(e) and roles.get(e, "empty") == "empty":
            prev = e.getprevious()
            root.remove(e)
            removed += 1
            e = prev
        tbl = colophon_table(prof)
        lines[0].el.addprevious(tbl)
        sid = ids["colophon"]
        for p in lines:
            if p.role == "printer" and _printer_gap_to_tab(p.el):
                changes.append("印发机关与印发日期之间的空格改为一个制表符（印发日期右空一字）")
            row = _colophon_row(_el_text(p.el).strip(), p.role, sid, prof)
            gen = row.find(".//" + _w("p"))
            ppr = p.el.find(_w("pPr"))
            if ppr is not None:
                p.el.remove(ppr)
            p.el.insert(0, gen.find(_w("pPr")))
            gen.addprevious(p.el)
            gen.getparent().remove(gen)
            tbl.append(row)
        # empty lines between the 版记 lines went into the table's rows' place: drop them
        for el in list(root):
            if el is not tbl and el.tag == _w("p") and roles.get(el, "empty") == "empty" and \
                    _plain_empty(el) and el.getprevious() is tbl:
                root.remove(el)
                removed += 1
        nxt = tbl.getnext()
        anchor = colophon_anchor(ids["body"])
        tbl.addnext(anchor)
        roles[anchor] = "empty"
        added += 1
        rep.added_tables = 1
        _ = nxt
    if added or removed:
        changes.insert(0, f"按 GB/T 9704 调整空行（增加 {added} 个、删除 {removed} 个空段落）："
                          "发文字号距发文机关标志二行，标题距分隔线二行、标题下空一行接主送机关，"
                          "附件说明前空一行，署名前空二行")
    rep.changes.extend(changes)
    return roles


def _fit_tables(document, prof: Profile, rep: FormatReport) -> None:
    """Tables wider than the type area (or pushed out of it) are scaled into its 156 mm, their
    left edge on the type area's left edge."""
    from .docx_writer import twips

    width = twips(prof.text_width_mm)
    settings = document.settings.element
    mode = 15
    for cs in settings.iter(_w("compatSetting")):
        if cs.get(_w("name")) == "compatibilityMode":
            try:
                mode = int(cs.get(_w("val")))
            except (TypeError, ValueError):
                pass
    fitted = []
    whole = 0
    from lxml import etree
    for n, tbl in enumerate(document.element.body.findall(_w("tbl")), 1):
        tpr = tbl.find(_w("tblPr"))
        if tpr is None or tpr.find(_w("tblpPr")) is not None:
            continue  # floating (the 版记) tables are placed, not fitted
        rows = tbl.findall(_w("tr"))
        for k, tr in enumerate(rows):  # a row is never split across pages
            trpr = tr.find(_w("trPr"))
            if trpr is None:
                trpr = etree.Element(_w("trPr"))
                tr.insert(1 if tr.find(_w("tblPrEx")) is not None else 0, trpr)
            if trpr.find(_w("cantSplit")) is None:
                trpr.insert(0, etree.Element(_w("cantSplit")))
                whole += 1
            if k == 0 and len(rows) > 1:
                # the header row never ends a page alone: it stays with the first data row
                # and repeats on the pages the table runs over
                if trpr.find(_w("tblHeader")) is None:
                    trpr.append(etree.Element(_w("tblHeader")))
                for p in tr.iter(_w("p")):
                    ppr = p.find(_w("pPr"))
                    if ppr is None:
                        ppr = etree.Element(_w("pPr"))
                        p.insert(0, ppr)
                    if ppr.find(_w("keepNext")) is None:
                        _insert_in_order(ppr, [etree.Element(_w("keepNext"))])
        cols = tbl.findall(_w("tblGrid") + "/" + _w("gridCol"))
        try:
            widths = [int(c.get(_w("w"), "0")) for c in cols]
        except ValueError:
            continue
        total = sum(widths)
        rows_w = []
        for tr in tbl.findall(_w("tr")):
            try:
                rows_w.append(sum(int(c.get(_w("w"), "0")) for c in tr.iter(_w("tcW"))
                                  if c.get(_w("type"), "dxa") == "dxa"))
            except ValueError:
                pass
        row_total = max(rows_w, default=0)
        ind_el = tpr.find(_w("tblInd"))
        try:
            ind = int(ind_el.get(_w("w"), "0")) if ind_el is not None and \
                ind_el.get(_w("type"), "dxa") == "dxa" else 0
        except ValueError:
            ind = 0
        mar = 108
        cm = tpr.find(_w("tblCellMar") + "/" + _w("left"))
        if cm is None:
            cm = tpr.find(_w("tblCellMar") + "/" + _w("start"))
        if cm is not None:
            try:
                mar = int(cm.get(_w("w"), "108"))
            except ValueError:
                pass
        shift = mar if mode < 15 else 0  # Word before 2013 hangs the border a cell margin out
        left = ind - shift
        widest = max(total, row_total)
        if total <= 0 or (widest <= width + 20 and -20 <= left and left + widest <= width + 20):
            continue
        scale = min(1.0, width / total)
        for c, w in zip(cols, widths):
            c.set(_w("w"), str(int(w * scale)))
        cell_scale = min(1.0, width / row_total) if row_total else 1.0
        for tcw in tbl.iter(_w("tcW")):
            if tcw.get(_w("type"), "dxa") == "dxa":
                try:
                    tcw.set(_w("w"), str(int(int(tcw.get(_w("w"), "0")) * cell_scale)))
                except ValueError:
                    pass
        total = widest
        tw = tpr.find(_w("tblW"))
        from lxml import etree
        if tw is None:
            tw = etree.SubElement(tpr, _w("tblW"))
        tw.set(_w("w"), str(min(width, int(total))))
        tw.set(_w("type"), "dxa")
        if ind_el is None:
            ind_el = etree.Element(_w("tblInd"))
            tpr.append(ind_el)  # put in schema order by _order_tblpr
        ind_el.set(_w("w"), str(shift))
        ind_el.set(_w("type"), "dxa")
        jc = tpr.find(_w("jc"))
        if jc is not None:
            tpr.remove(jc)
        layout = tpr.find(_w("tblLayout"))
        if layout is None:
            layout = etree.SubElement(tpr, _w("tblLayout"))
        layout.set(_w("type"), "fixed")
        _order_tblpr(tpr)
        fitted.append((n, total))
    if whole:
        rep.changes.append(f"表格的 {whole} 行设为“不允许跨页断行”，首行（表头）与下一行同页并在续页重复")
    if fitted:
        rep.changes.append("表格缩放到版心宽度 156 毫米以内：" + "、".join(
            f"第{n}个表格（原宽 {w / 1440 * 25.4:.0f} 毫米）" for n, w in fitted))


_TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
                "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange"]


def _order_tblpr(tpr) -> None:
    rank = {_W + n: i for i, n in enumerate(_TBLPR_ORDER)}
    kids = sorted(list(tpr), key=lambda e: rank.get(e.tag, 99))
    for k in kids:
        tpr.remove(k)
        tpr.append(k)


def _signer_name_font(p_el, prof: Profile, start: int) -> None:
    """GB/T 9704 7.2.4: the 签发人's name is 楷体 (the rest of the line 仿宋). Stripping direct fonts
    took the writer's 楷体 away; put it on the runs from text offset `start` (paragraph text,
    tabs and breaks counting one) to the end, splitting the run that straddles it."""
    import copy

    from lxml import etree

    from .docx_writer import _rpr

    font = getattr(prof, "signer_name_font", None)
    if not font:
        return
    rfonts = etree.fromstring(_rpr(font, None, None, prof.latin_font)
                              .replace("<w:rPr>", f'<w:rPr xmlns:w="{W_NS}">', 1))[0]
    for r in _runs_from(p_el, start):
        rpr = r.find(_w("rPr"))
        if rpr is None:
            rpr = etree.Element(_w("rPr"))
            r.insert(0, rpr)
        old = rpr.find(_w("rFonts"))
        if old is not None:
            rpr.remove(old)
        rpr.insert(0, copy.deepcopy(rfonts))


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _child_len(c) -> int:
    if c.tag == _w("t"):
        return len(c.text or "")
    return 1 if c.tag in (_w("tab"), _w("br"), _w("cr")) else 0


def _runs_from(p_el, start: int) -> list:
    """The text runs of p_el at or after text offset start (offsets as layout.paragraph_text
    counts them); a run that straddles start is split in two (text unchanged)."""
    import copy

    from lxml import etree

    from .docmodel import visible_text

    out = []
    for r_start, pos, r in visible_text(p_el)[1]:  # the runs the document model reads
        children = [c for c in r if c.tag != _w("rPr")]
        n = pos - r_start
        if n == 0 or pos <= start:
            continue
        if r_start >= start:
            out.append(r)
            continue
        k = start - r_start
        head = etree.Element(r.tag, attrib=dict(r.attrib))
        rpr = r.find(_w("rPr"))
        if rpr is not None:
            head.append(copy.deepcopy(rpr))
        acc = 0
        for c in children:
            if acc >= k:
                break
            cl = _child_len(c)
            if acc + cl <= k:
                r.remove(c)
                head.append(c)
                acc += cl
            else:  # a w:t across the split
                cut = k - acc
                t = copy.deepcopy(c)
                t.text = (c.text or "")[:cut]
                c.text = (c.text or "")[cut:]
                for x in (t, c):
                    x.set(_XML_SPACE, "preserve")
                head.append(t)
                acc = k
        r.addprevious(head)
        out.append(r)
    return out


def _xml(el) -> bytes:
    from lxml import etree

    return b"" if el is None else etree.tostring(el)


def _footers_xml(document) -> list[bytes]:
    out = [_xml(section._sectPr) for section in document.sections]
    for section in document.sections:
        for ft in (section.footer, section.even_page_footer, section.first_page_footer):
            try:
                out.append(b"linked" if ft.is_linked_to_previous else _xml(ft._element))
            except Exception:  # noqa: BLE001 - odd packages: compare what can be read
                out.append(b"?")
    return out


# CT_PPr child order (the part we touch)
_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
              "rPr", "sectPr", "pPrChange"]
_RANK = {f"{_W}{n}": i for i, n in enumerate(_PPR_ORDER)}


def _insert_in_order(ppr, new_children) -> None:
    for child in new_children:
        old = ppr.find(child.tag)
        if old is not None:
            ppr.remove(old)
        rank = _RANK.get(child.tag, 999)
        for i, existing in enumerate(ppr):
            if _RANK.get(existing.tag, 999) > rank:
                existing.addprevious(child)
                break
        else:
            ppr.append(child)


def _drop_duplicate_pstyle(ppr) -> None:
    found = ppr.findall(_w("pStyle"))
    for extra in found[1:]:
        ppr.remove(extra)


def format_docx(src: Path, out: Path, profile: Profile | str | None = None, *,
                dry_run: bool = False) -> FormatReport:
    """Read src, lay it out to GB/T 9704, write out (never over src). Text is verified unchanged."""
    from .docx_writer import atomic_write_bytes, check_output_path

    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    src = Path(src)
    out = Path(out)
    from .safeio import regular_file
    regular_file(src, "Word 文档")
    if src.suffix.lower() != ".docx":
        raise InputError(f"{src}：只能排版 Word 文档（.docx）；.doc/.wps 请先另存为 .docx")
    if not dry_run:
        check_output_path(out, (src,))
    document = _open_draft(src)
    before = _texts(document)
    comments_before = _comment_texts(document)
    tables_before = len(document.tables)
    rep = format_document(document, prof)
    rep.source = src
    from .docx_writer import save_docx_bytes

    buf = io.BytesIO(save_docx_bytes(document))
    import docx

    check = docx.Document(io.BytesIO(buf.getvalue()))
    after = _texts(check)
    problem = None
    # the text is untouched: the same non-empty paragraphs in the same order, only spaces (段首
    # 空格, the 印发 gap) changed; empty paragraphs may have been added or removed
    squeeze = str.maketrans("", "", _WS)
    b_text = [t.translate(squeeze) for t in before if t.strip()]
    a_text = [t.translate(squeeze) for t in after if t.strip()]
    if a_text != b_text:
        diff = next((i for i, (a, b) in enumerate(zip(b_text, a_text), 1) if a != b),
                    min(len(b_text), len(a_text)) + 1)
        problem = f"第{diff}个非空段落"
    elif _comment_texts(check) != comments_before:
        problem = "批注"
    elif len(check.tables) != tables_before + rep.added_tables:
        problem = "表格"
    if problem:
        raise GwError(f"{src}：排版后{problem}与原稿不一致（内部错误），未写入任何文件。请把原稿发给维护者。",
                      exit_code=2)
    if not dry_run:
        try:
            atomic_write_bytes(out, buf.getvalue())
        except PermissionError:
            raise InputError(f"{out}：没有写入权限（文件是否正在 Word/WPS 中打开？）") from None
        rep.output = out
    return rep


def _open_draft(src: Path):
    import io

    import docx

    from .safeio import package_bytes
    raw = package_bytes(src, "Word 文档")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{src}：设置了打开密码（已加密）或实际是旧版 .doc 文件，无法排版。"
                         "请取消密码或在 Word/WPS 中另存为 .docx 后重试")
    try:
        return docx.Document(io.BytesIO(raw))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds on broken packages
        raise InputError(f"{src}：已损坏或不是 Word 文档（.docx），无法打开；请在 Word 或 WPS 中另存为 .docx 后重试") from None


def default_output(src: Path) -> Path:
    return src.with_name(f"{src.stem}-排版稿.docx")


__all__ = ["format_docx", "format_document", "FormatReport", "default_output"]
