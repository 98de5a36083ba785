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
                              decorate_paragraph, install_page_numbers, install_styles,
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
        if role == "letterhead":
            rep.notes.append(f"第{p.index}段“{p.text.strip()[:20]}”像发文机关标志（红头），未改动")
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
            if rpr is None:
                continue
            n += _strip_children(rpr, _RUN_STRIP)
            if whole_bold:
                n += _strip_children(rpr, ("b", "bCs"))
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
        decorate_paragraph(tmp, role, p.text.strip(), prof, sign_boxes=boxes, upward=upward,
                           colophon=pos)
        extras = list(tmp)[1:]
        text = p.text
        lead = len(text) - len(text.lstrip(" \u3000"))
        if role in ("body", "heading1", "heading2", "heading3", "heading4") and lead:
            # indented by hand with spaces: keep the spaces (text is untouched), drop the style indent
            ind = etree.Element(_w("ind"))
            ind.set(_w("firstLineChars"), "0")
            ind.set(_w("firstLine"), "0")
            extras.append(ind)
            rep.notes.append(f"第{p.index}段用空格缩进，已保留空格并取消样式缩进；建议删除段首空格")
        _insert_in_order(ppr, extras)
    if numbered:
        rep.notes.append(f"{len(numbered)} 段的序号（如第{numbered[0].index}段“{numbered[0].number}”）由 Word 自动编号"
                         "生成、不在文字中：已按编号判断层级并保留编号")
    # 署名 and 成文日期 never alone on the last page: the body's last paragraph travels with them
    from .docx_writer import _keep_with_signature
    from .model import Line

    keep = _keep_with_signature([Line(p.role if p.role != "letterhead" else "body", p.text) for p in body])
    for i in sorted(keep):
        ppr = body[i].el.get_or_add_pPr()
        _insert_in_order(ppr, [etree.Element(_w("keepNext"))])

    def changed(ps) -> bool:
        return any(_xml(p.el) != before_xml.get(id(p.el)) for p in ps)

    if keep and changed([body[i] for i in keep]):
        rep.changes.append("正文末段与发文机关署名、成文日期设为“与下段同页”，避免署名单独成页")
    restyled = sum(1 for p in paras if _xml(p.el) != before_xml.get(id(p.el)))
    if restyled:
        rep.changes.append(f"{restyled} 段按角色套用公文样式"
                           + ("，清除了与样式冲突的直接格式（字体、字号、行距、缩进、对齐）" if stripped else ""))
    if sig_right is not None and changed([sig, date]):
        rep.changes.append("发文机关署名以成文日期为准居中，成文日期右空四字")
    if colophon and changed([p for p in body if p.index in colophon]):
        rep.changes.append("版记（抄送、印发机关和印发日期）设为 4 号仿宋并加分隔线")
    if not rep.changes:
        rep.changes.append("原稿版式已符合排版配置，未作修改")
    return rep


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
    if after != before:
        diff = next((i for i, (a, b) in enumerate(zip(before, after), 1) if a != b), min(len(before), len(after)) + 1)
        problem = f"第{diff}段"
    elif _comment_texts(check) != comments_before:
        problem = "批注"
    elif len(check.tables) != tables_before:
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
