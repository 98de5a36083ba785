"""Write a Document as a GB/T 9704-2012 .docx (python-docx for the styled base, lxml for the body).

The styled base document (page, margins, line grid, named 公文 styles, odd/even page-number
footers with PAGE fields) is built once per process and profile with python-docx and kept as
its zip parts; each document then only needs its body XML built and the zip written, which
keeps a write in the low milliseconds.

Exactly one paragraph is emitted per `Line` of `Document.layout()` (empty spacer lines too)
and each table in place with one paragraph per cell, so a finding's line number is the
paragraph number in the .docx.

Named styles (a user restyles the document in Word through them):
公文正文, 公文标题, 主送机关, 公文一级标题 … 公文四级标题, 发文字号, 签发人, 附件说明,
发文机关署名, 成文日期, 版记, 公文表格, 公文页码. In an upward document the 发文字号 paragraph
carries the 签发人 too (one line, GB/T 9704 §7.2.4: a tab to a right tab stop, the name in 楷体);
the 签发人 style is for drafts that put it on a line of its own.
"""
from __future__ import annotations

import copy
import io
import math
import os
import re
import tempfile
import threading
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from lxml import etree

from .errors import InputError
from .profile import Profile, load_profile

if TYPE_CHECKING:  # pragma: no cover
    from .model import Document

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W_NS
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

MM_TWIPS = 1440 / 25.4

# role -> (style id, style name)
STYLES: dict[str, tuple[str, str]] = {
    "body": ("GwBody", "公文正文"),
    "title": ("GwTitle", "公文标题"),
    "addressee": ("GwAddressee", "主送机关"),
    "heading1": ("GwHeading1", "公文一级标题"),
    "heading2": ("GwHeading2", "公文二级标题"),
    "heading3": ("GwHeading3", "公文三级标题"),
    "heading4": ("GwHeading4", "公文四级标题"),
    "doc_number": ("GwDocNumber", "发文字号"),
    "signer": ("GwSigner", "签发人"),
    "attachment": ("GwAttachment", "附件说明"),
    "signature": ("GwSignature", "发文机关署名"),
    "date": ("GwDate", "成文日期"),
    "colophon": ("GwColophon", "版记"),
    "table_cell": ("GwTableText", "公文表格"),
    "page_number": ("GwPageNumber", "公文页码"),
    # 版头 (GB/T 9704 §7.2)
    "copy_number": ("GwCopyNumber", "份号"),
    "secrecy": ("GwSecrecy", "密级和保密期限"),
    "urgency": ("GwUrgency", "紧急程度"),
    "letterhead": ("GwMark", "发文机关标志"),
    "red_line": ("GwRedLine", "版头分隔线"),
    # 附注 and the 附件 pages (§7.3.6, §8)
    "note": ("GwNote", "附注"),
    "attachment_label": ("GwAttachmentLabel", "附件标识"),
    "attachment_title": ("GwAttachmentTitle", "附件标题"),
}
# Line roles that share a style
ROLE_ALIASES = {"cc": "colophon", "printer": "colophon", "empty": "body"}

# 署名/日期/签发人 distances from the right edge, in characters
DATE_RIGHT_CHARS = 4
SIGNER_RIGHT_CHARS = 1
COLOPHON_SIDE_CHARS = 1
FOOTER_GAP_MM = 7.0  # page number line 7 mm below the type area
MARK_TOP_MM = 35.0  # 发文机关标志's top edge below the top of the type area (§7.2.4)
RED_LINE_SZ = 12  # 1.5 pt: the standard gives the red line's position, not its weight
MARK_INK_TOP = 0.118  # ideographs' top below their paragraph's top, in sizes (line 1.2 sizes; measured)
# 信函格式 (GB/T 9704 §10.1)
LETTER_MARK_TOP_MM = 30.0  # the mark's top edge below the top of the page
LETTER_LINE_GAP_MM = 4.0  # the upper red double line under the mark
LETTER_BOTTOM_MM = 20.0  # the lower red double line above the bottom edge of the page
LETTER_LINE_MM = 170.0  # both double lines 170 mm long, centred on the page
MARK_INK_HEIGHT = 0.88  # ideographs' ink height, in sizes (measured)
BODY_INK_TOP_PT = 8.0  # a 3号 character's ink top below its exact 28.9 pt line's top (measured)
RED_LINE_BEFORE = 85  # twips above the red line: 4 mm under the 发文字号's ink (measured in LibreOffice)


def _w(tag: str) -> str:
    return _W + tag


def text_width(text: str) -> float:
    """Width in character cells: CJK and full-width = 1, ASCII/half-width = 0.5."""
    total = 0.0
    for ch in text:
        total += 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.5
    return total


def twips(mm: float) -> int:
    return round(mm * MM_TWIPS)


def char_spacing(profile: Profile) -> int:
    """Character spacing (w:spacing, 1/20 pt) of body text so that chars_per_line full-width
    characters fill the type area's width: 156 mm = 442.2 pt, 28 × 16 pt = 448 pt, so each
    character gives up 0.207 pt, rounded down to −0.25 pt (28 × 15.75 = 441 pt, 29 do not fit).
    A docGrid with a character pitch would do this in Word only (LibreOffice cannot squeeze
    characters into grid cells and sets 14 a line), so the grid holds lines only."""
    pitch_pt = profile.text_width_mm / 25.4 * 72 / profile.chars_per_line
    return math.floor((pitch_pt - profile.body_size) * 20)


def mark_line_twips(profile: Profile) -> int:
    """Exact line height of the 发文机关标志: its size plus a little air."""
    return round(profile.mark_size * 1.2 * 20)


def mark_scale(text: str, profile: Profile) -> int:
    """Character width (w:w, percent) that keeps the mark inside the type area: a long organ
    name in 初号 is narrowed rather than made smaller (how offices set their 红头)."""
    width_pt = profile.text_width_mm / 25.4 * 72 * 0.96
    need = text_width(text) * profile.mark_size
    return 100 if need <= width_pt else max(50, int(100 * width_pt / need))


def footer_distance_mm(profile: Profile) -> float:
    line_mm = profile.page_number_size * 1.2 / 72 * 25.4
    return max(5.0, profile.margin_bottom - FOOTER_GAP_MM - line_mm)


# ---------------------------------------------------------------------------------------
# styles
# ---------------------------------------------------------------------------------------
def _rpr(font: str | None, size: float | None, bold: bool | None = None,
         latin: str | None = None, spacing: int | None = None, color: str | None = None) -> str:
    parts = []
    if font:
        lf = escape(latin or font, {'"': "&quot;"})
        ef = escape(font, {'"': "&quot;"})
        parts.append(f'<w:rFonts w:ascii="{lf}" w:hAnsi="{lf}" w:eastAsia="{ef}" w:cs="{lf}"/>')
    if bold is True:
        parts.append("<w:b/><w:bCs/>")
    elif bold is False:
        parts.append('<w:b w:val="0"/><w:bCs w:val="0"/>')
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if spacing is not None:
        parts.append(f'<w:spacing w:val="{spacing}"/>')
    if size:
        hp = round(size * 2)
        parts.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def _ind(first_chars: float = 0, unit_pt: float = 16, left_chars: float = 0,
         right_chars: float = 0, hanging_chars: float = 0) -> str:
    a = []
    if left_chars:
        a.append(f'w:leftChars="{round(left_chars * 100)}" w:left="{round(left_chars * unit_pt * 20)}"')
    else:
        a.append('w:leftChars="0" w:left="0"')
    if right_chars:
        a.append(f'w:rightChars="{round(right_chars * 100)}" w:right="{round(right_chars * unit_pt * 20)}"')
    else:
        a.append('w:rightChars="0" w:right="0"')
    if hanging_chars:
        a.append(f'w:hangingChars="{round(hanging_chars * 100)}" w:hanging="{round(hanging_chars * unit_pt * 20)}"')
    else:
        a.append(f'w:firstLineChars="{round(first_chars * 100)}" w:firstLine="{round(first_chars * unit_pt * 20)}"')
    return "<w:ind " + " ".join(a) + "/>"


def _style(sid: str, name: str, based_on: str | None, ppr: str, rpr: str, *,
           outline: int | None = None, qformat: bool = True, priority: int = 1) -> str:
    b = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    nxt = '<w:next w:val="GwBody"/>' if sid != "GwBody" else ""
    q = "<w:qFormat/>" if qformat else ""
    if outline is not None:
        ppr = ppr.replace("</w:pPr>", f'<w:outlineLvl w:val="{outline}"/></w:pPr>')
    return (f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:customStyle="1" w:styleId="{sid}">'
            f'<w:name w:val="{name}"/>{b}{nxt}<w:uiPriority w:val="{priority}"/>{q}{ppr}{rpr}</w:style>')


def style_definitions(profile: Profile) -> dict[str, str]:
    """style id -> <w:style> XML for every 公文 style, from the profile."""
    p = profile
    pitch = p.line_pitch_twips
    bs = p.body_size
    lat = p.latin_font
    spacing = f'<w:spacing w:before="0" w:after="0" w:line="{pitch}" w:lineRule="exact"/>'
    no_ind = _ind(0, bs)

    def ppr(*inner: str, jc: str | None = None, keep_next: bool = False, grid: bool = True,
            widows: bool | None = None) -> str:
        # element order follows CT_PPr
        s = "<w:pPr>"
        if keep_next:
            s += "<w:keepNext/>"
        if widows is not None:
            s += f'<w:widowControl w:val="{int(widows)}"/>'
        s += "".join(i for i in inner if i.startswith("<w:pBdr"))
        s += "".join(i for i in inner if i.startswith("<w:tabs"))
        if not grid:
            s += '<w:snapToGrid w:val="0"/>'
        s += "".join(i for i in inner if i.startswith("<w:spacing"))
        s += "".join(i for i in inner if i.startswith("<w:ind"))
        if jc:
            s += f'<w:jc w:val="{jc}"/>'
        return s + "</w:pPr>"

    d: dict[str, str] = {}
    # no widow/orphan control: a full page holds 22 lines (LibreOffice and WPS turn it on for
    # a style that does not say, and then leave pages of 21)
    d["GwBody"] = _style("GwBody", "公文正文", "Normal", ppr(spacing, _ind(2, bs), jc="both", widows=False),
                         _rpr(p.body_font, bs, None, lat, char_spacing(p)), priority=1)
    # the title is larger than a body line: keep it off the line grid
    d["GwTitle"] = _style("GwTitle", "公文标题", "GwBody",
                          ppr(no_ind, jc="center", keep_next=True, grid=False),
                          _rpr(p.title_font, p.title_size, p.title_bold, lat, 0))
    d["GwAddressee"] = _style("GwAddressee", "主送机关", "GwBody", ppr(no_ind, jc="left"),
                              _rpr(p.body_font, bs, None, lat))
    for lvl in range(1, 5):
        font = getattr(p, f"heading{lvl}_font")
        bold = p.bold_for(f"heading{lvl}") or None
        d[f"GwHeading{lvl}"] = _style(
            f"GwHeading{lvl}", STYLES[f"heading{lvl}"][1], "GwBody",
            ppr(_ind(2, bs), jc="both", keep_next=True),
            _rpr(font, p.heading_size, bold, lat), outline=lvl - 1)
    d["GwDocNumber"] = _style("GwDocNumber", "发文字号", "GwBody", ppr(no_ind, jc="center"),
                              _rpr(p.body_font, bs, None, lat))
    d["GwSigner"] = _style("GwSigner", "签发人", "GwBody",
                           ppr(_ind(0, bs, right_chars=SIGNER_RIGHT_CHARS), jc="right"),
                           _rpr(p.body_font, bs, None, lat))
    d["GwAttachment"] = _style("GwAttachment", "附件说明", "GwBody",
                               ppr(_ind(0, bs, left_chars=5, hanging_chars=3), jc="left"),
                               _rpr(p.body_font, bs, None, lat))
    d["GwSignature"] = _style("GwSignature", "发文机关署名", "GwBody",
                              ppr(_ind(0, bs, right_chars=DATE_RIGHT_CHARS), jc="right"),
                              _rpr(p.body_font, bs, None, lat))
    d["GwDate"] = _style("GwDate", "成文日期", "GwBody",
                         ppr(_ind(0, bs, right_chars=DATE_RIGHT_CHARS), jc="right"),
                         _rpr(p.body_font, bs, None, lat))
    # 版头: 份号, 密级, 紧急程度 flush left at the top of the type area (份号 in the body font,
    # 密级 and 紧急程度 in 黑体); the red mark and the red line under the 发文字号 (§7.2)
    d["GwCopyNumber"] = _style("GwCopyNumber", "份号", "GwBody", ppr(no_ind, jc="left"),
                               _rpr(p.body_font, bs, None, lat))
    for sid, name in (("GwSecrecy", "密级和保密期限"), ("GwUrgency", "紧急程度")):
        d[sid] = _style(sid, name, "GwBody", ppr(no_ind, jc="left"), _rpr(p.heading1_font, bs, None, lat))
    d["GwMark"] = _style(
        "GwMark", "发文机关标志", "GwBody",
        ppr(f'<w:spacing w:before="0" w:after="0" w:line="{mark_line_twips(p)}" w:lineRule="exact"/>',
            no_ind, jc="center", keep_next=True, grid=False),
        _rpr(p.mark_font, p.mark_size, False, lat, 0, p.mark_color))
    d["GwRedLine"] = _style(
        "GwRedLine", "版头分隔线", "GwBody",
        ppr(f'<w:pBdr><w:top w:val="single" w:sz="{RED_LINE_SZ}" w:space="0" w:color="{p.mark_color}"/></w:pBdr>',
            f'<w:spacing w:before="{RED_LINE_BEFORE}" w:after="0" w:line="{pitch - RED_LINE_BEFORE}" '
            'w:lineRule="exact"/>', no_ind, keep_next=True),
        _rpr(p.body_font, bs, None, lat))
    d["GwNote"] = _style("GwNote", "附注", "GwBody", ppr(_ind(2, bs), jc="left"),
                         _rpr(p.body_font, bs, None, lat))
    # “附件N” in 3号黑体 flush left on the first line of a new page; the title as the document's
    d["GwAttachmentLabel"] = _style(
        "GwAttachmentLabel", "附件标识", "GwBody",
        ppr(no_ind, jc="left", keep_next=True).replace("<w:pPr>", "<w:pPr><w:pageBreakBefore/>", 1)
        .replace("<w:pPr><w:pageBreakBefore/><w:keepNext/>", "<w:pPr><w:keepNext/><w:pageBreakBefore/>"),
        _rpr(p.heading1_font, bs, None, lat))
    d["GwAttachmentTitle"] = _style("GwAttachmentTitle", "附件标题", "GwTitle",
                                    ppr(no_ind, jc="center", keep_next=True, grid=False),
                                    _rpr(p.title_font, p.title_size, p.title_bold, lat, 0))
    cs = p.colophon_size
    d["GwColophon"] = _style("GwColophon", "版记", "GwBody",
                             ppr(spacing, _ind(0, cs, left_chars=COLOPHON_SIDE_CHARS,
                                               right_chars=COLOPHON_SIDE_CHARS), jc="left", grid=False),
                             _rpr(p.body_font, cs, None, lat, 0))
    d["GwTableText"] = _style("GwTableText", "公文表格", "GwBody",
                              ppr('<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
                                  _ind(0, p.table_size), jc="center", grid=False),
                              _rpr(p.body_font, p.table_size, None, lat, 0))
    d["GwPageNumber"] = _style("GwPageNumber", "公文页码", None,
                               ppr('<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
                                   _ind(0, p.page_number_size), grid=False),
                               _rpr(p.page_number_font, p.page_number_size, None,
                                    p.page_number_font, 0), qformat=False)
    return d


def _set_doc_defaults(styles_el, profile: Profile) -> None:
    """East Asian font, size and zh-CN language in docDefaults (no theme fonts: they would win)."""
    dd = styles_el.find(_w("docDefaults"))
    if dd is None:
        dd = etree.SubElement(styles_el, _w("docDefaults"))
        styles_el.insert(0, dd)
    for child in list(dd):
        dd.remove(child)
    lat = profile.latin_font or profile.body_font
    hp = round(profile.body_size * 2)
    xml = (f'<w:docDefaults xmlns:w="{W_NS}"><w:rPrDefault><w:rPr>'
           f'<w:rFonts w:ascii="{escape(lat)}" w:hAnsi="{escape(lat)}" '
           f'w:eastAsia="{escape(profile.body_font)}" w:cs="{escape(lat)}"/>'
           f'<w:kern w:val="2"/><w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>'
           f'<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
           f'<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
           f'</w:pPr></w:pPrDefault></w:docDefaults>')
    new = etree.fromstring(xml)
    for child in new:
        dd.append(child)


def install_styles(document, profile: Profile, *, replace_existing: bool = True) -> dict[str, str]:
    """Add the 公文 styles to a python-docx Document; return role -> style id.

    With replace_existing=False (reference documents) a style the user already has under the
    same name is kept and used as is.
    """
    styles_el = document.styles.element
    by_name = {}
    for st in styles_el.findall(_w("style")):
        n = st.find(_w("name"))
        if n is not None:
            by_name[n.get(_w("val"))] = st
    by_id = {st.get(_w("styleId")): st for st in styles_el.findall(_w("style"))}
    # the default paragraph style: "Normal" in English Word, often "a" in Chinese Word/WPS
    normal_id = next((st.get(_w("styleId")) for st in styles_el.findall(_w("style"))
                      if st.get(_w("type")) == "paragraph" and st.get(_w("default")) in ("1", "true")),
                     "Normal")
    defs = style_definitions(profile)
    ids: dict[str, str] = {}
    for role, (sid, name) in STYLES.items():
        existing = by_name.get(name)
        if existing is not None and not replace_existing:
            ids[role] = existing.get(_w("styleId"))
            continue
        xml = defs[sid]
        if normal_id != "Normal":
            xml = xml.replace('<w:basedOn w:val="Normal"/>', f'<w:basedOn w:val="{escape(normal_id)}"/>')
        new = etree.fromstring(xml)
        old = existing if existing is not None else by_id.get(sid)
        if old is not None:
            old.addprevious(new)
            old.getparent().remove(old)
        else:
            styles_el.append(new)
        ids[role] = sid
    # Normal carries the body font and size itself too: LibreOffice derives the character
    # grid pitch from Normal's own East Asian size (not from docDefaults)
    normal = by_id.get(normal_id)
    if normal is not None and replace_existing:
        rpr = normal.find(_w("rPr"))
        if rpr is not None:
            normal.remove(rpr)
        new_rpr = etree.fromstring(_rpr(profile.body_font, profile.body_size, None, profile.latin_font)
                                   .replace("<w:rPr>", f'<w:rPr xmlns:w="{W_NS}">', 1))
        normal.append(new_rpr)
    return ids


def apply_page_setup(section, profile: Profile) -> None:
    """A4, GB/T 9704 margins and the 22-line grid on one python-docx section (28 characters a
    line come from the body styles' character spacing, see char_spacing)."""
    from docx.shared import Twips

    p = profile
    section.page_width = Twips(twips(p.page_width))
    section.page_height = Twips(twips(p.page_height))
    section.top_margin = Twips(twips(p.margin_top))
    section.bottom_margin = Twips(twips(p.margin_bottom))
    section.left_margin = Twips(twips(p.margin_left))
    section.right_margin = Twips(twips(p.margin_right))
    section.header_distance = Twips(twips(15))
    section.footer_distance = Twips(twips(footer_distance_mm(p)))
    section.gutter = Twips(0)
    sect = section._sectPr
    grid = sect.find(_w("docGrid"))
    if grid is None:
        grid = etree.SubElement(sect, _w("docGrid"))
    for k in list(grid.attrib):
        del grid.attrib[k]
    grid.set(_w("type"), "lines")
    grid.set(_w("linePitch"), str(p.line_pitch_twips))


def page_number_paragraph(style_id: str, odd: bool, profile: Profile):
    """<w:p> with "— PAGE —": odd pages right one character in, even pages left one character in."""
    u = profile.page_number_size
    ind = _ind(0, u, right_chars=1) if odd else _ind(0, u, left_chars=1)
    jc = "right" if odd else "left"
    xml = (f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{style_id}"/>{ind}<w:jc w:val="{jc}"/></w:pPr>'
           '<w:r><w:t xml:space="preserve">— </w:t></w:r>'
           '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
           '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
           '<w:r><w:t>1</w:t></w:r>'
           '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
           '<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p>')
    return etree.fromstring(xml)


def install_page_numbers(document, profile: Profile, style_id: str = "GwPageNumber") -> None:
    """Odd and even footers with PAGE fields on every section, and evenAndOddHeaders on."""
    from docx.oxml import parse_xml

    import copy as _copy

    for section in document.sections:
        # GB/T 9704 numbers every page, the first one too; a first-page header that carries
        # the 版头 (a unit's 红头 template) keeps "different first page", its first page then
        # gets the odd-page number footer too
        footers = [(section.footer, True), (section.even_page_footer, False)]
        if section.different_first_page_header_footer:
            hdr = section.first_page_header
            keep = not hdr.is_linked_to_previous and (
                "".join(p.text for p in hdr.paragraphs).strip()
                or any(True for _ in hdr._element.iter(_w("drawing"), _w("pict"))))
            if keep:
                footers.append((section.first_page_footer, True))
            else:
                section.different_first_page_header_footer = False
        for footer, odd in footers:
            footer.is_linked_to_previous = False
            el = footer._element
            for child in list(el):
                if child.tag in (_w("p"), _w("tbl"), _w("sdt")):
                    el.remove(child)
            el.append(parse_xml(etree.tostring(page_number_paragraph(style_id, odd, profile))))
        # with odd/even pages on, even pages need their own header: give them a copy of the
        # existing one so nothing disappears from even pages
        hdr = section.even_page_header
        if hdr.is_linked_to_previous:
            hdr.is_linked_to_previous = False
            src = section.header
            if not src.is_linked_to_previous and "".join(p.text for p in src.paragraphs).strip():
                el = hdr._element
                for child in list(el):
                    el.remove(child)
                for child in src._element:
                    el.append(_copy.deepcopy(child))
    document.settings.odd_and_even_pages_header_footer = True


_FONT_ALT = {
    "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体",
    "方正小标宋_GBK": "宋体", "方正仿宋_GBK": "仿宋", "方正楷体_GBK": "楷体", "方正黑体_GBK": "黑体",
}


def _add_fonts_to_table(font_xml: bytes, names: list[str]) -> bytes:
    root = etree.fromstring(font_xml)
    have = {f.get(_w("name")) for f in root.findall(_w("font"))}
    for name in names:
        if name in have:
            continue
        f = etree.SubElement(root, _w("font"))
        f.set(_w("name"), name)
        alt = _FONT_ALT.get(name)
        if alt:
            etree.SubElement(f, _w("altName")).set(_w("val"), alt)
        etree.SubElement(f, _w("charset")).set(_w("val"), "86")
        etree.SubElement(f, _w("family")).set(_w("val"), "modern" if "宋" not in name else "roman")
        etree.SubElement(f, _w("pitch")).set(_w("val"), "variable")
        have.add(name)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------------------------------
# the cached base
# ---------------------------------------------------------------------------------------
@dataclass
class _Base:
    parts: dict[str, bytes]  # every zip member except document.xml / core.xml
    order: list[str]
    doc_root: etree._Element  # document.xml root, empty body + final sectPr
    style_ids: dict[str, str]
    # a reference document's own 版头 (its 发文机关标志 and what is drawn with it), set before
    # the body; and whether it also brings the red line (then the writer adds neither)
    masthead: list = None  # type: ignore[assignment]
    masthead_line: bool = False
    header_masthead: bool = False  # the masthead lives in a first-page header (titlePg kept)


_CACHE: dict[tuple, _Base] = {}
_LOCK = threading.Lock()

_DROP_RELS = ("stylesWithEffects", "/customXml", "/thumbnail")


_TEMPLATE_TYPES = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    b"application/vnd.ms-word.document.macroEnabled.main+xml",
)
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def open_word_lenient(path: Path):
    """python-docx Document for a .docx, and also for a unit's Word template (.dotx/.dotm) or a
    macro-enabled .docm: the main part is read as a document, macros are left out."""
    import docx

    if isinstance(path, io.BytesIO):
        raw = path.getvalue()
    else:
        from .safeio import package_bytes
        raw = package_bytes(path, "Word 文档")
    try:
        return docx.Document(io.BytesIO(raw))
    except ValueError:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            types = z.read("[Content_Types].xml")
            if not any(t in types for t in _TEMPLATE_TYPES):
                raise
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
                for name in unique_names(z.namelist()):
                    data = z.read(name)
                    if name == "[Content_Types].xml":
                        for t in _TEMPLATE_TYPES:
                            data = data.replace(t, _DOCUMENT_TYPE)
                    out.writestr(name, data)
        document = docx.Document(io.BytesIO(buf.getvalue()))
        for rid, rel in list(document.part.rels.items()):
            if rel.reltype.endswith("/vbaProject"):
                document.part.drop_rel(rid)
        return document


def unique_names(names) -> list[str]:
    """Zip member names without repeats (first occurrence kept, compared case-insensitively as
    OPC part names are): a damaged input may hold a name twice, the output never does."""
    seen: set[str] = set()
    out = []
    for n in names:
        key = n.lower()
        if key not in seen:
            seen.add(key)
            out.append(n)
    return out


def dedupe_partnames(document) -> int:
    """Give every part of a python-docx package its own part name; returns how many were renamed.

    A package whose relationships are damaged (e.g. the styles relationship with a wrong type)
    keeps the old word/styles.xml as a stray part while python-docx adds a fresh styles part
    under the same name, and saving would write two zip entries called word/styles.xml. The
    stray copies get a free name (word/styles2.xml …); relationships follow the new names."""
    import posixpath

    from docx.opc.packuri import PackURI

    parts = list(document.part.package.iter_parts())
    taken = {str(pt.partname).lower() for pt in parts}
    seen: set[str] = set()
    renamed = 0
    for part in parts:
        name = str(part.partname)
        if name.lower() not in seen:
            seen.add(name.lower())
            continue
        base, ext = posixpath.splitext(name)
        i = 2
        while f"{base}{i}{ext}".lower() in taken:
            i += 1
        new = f"{base}{i}{ext}"
        part.partname = PackURI(new)
        taken.add(new.lower())
        seen.add(new.lower())
        renamed += 1
    return renamed


def save_docx_bytes(document) -> bytes:
    """document.save() into bytes, with part names made unique first and the result checked:
    never a package with two entries of the same name."""
    from .errors import GwError

    dedupe_partnames(document)
    buf = io.BytesIO()
    document.save(buf)
    data = buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
    if len(unique_names(names)) != len(names):
        raise GwError("内部错误：生成的 Word 文件中有重复的部件，未写入任何文件。请把原稿发给维护者。",
                      exit_code=2)
    return data


def _chinese_theme_lang(document) -> None:
    """python-docx's default template declares Japanese (ja-JP) as the East Asian theme language,
    so Word resolves East Asian theme fonts to Japanese ones; a 公文 is zh-CN."""
    el = document.settings.element.find(_w("themeFontLang"))
    if el is not None and el.get(_w("eastAsia")) not in (None, "zh-CN"):
        el.set(_w("eastAsia"), "zh-CN")


def _build_base(profile: Profile, reference: Path | None) -> _Base:
    import docx

    if reference is None:
        document = docx.Document()
        for rid, rel in list(document.part.rels.items()):
            if any(rel.reltype.endswith(x) for x in _DROP_RELS):
                document.part.drop_rel(rid)
        pkg_rels = document.part.package.rels
        for rid, rel in list(pkg_rels.items()):
            if rel.reltype.endswith("/thumbnail"):
                del pkg_rels[rid]
        _set_doc_defaults(document.styles.element, profile)
        _chinese_theme_lang(document)
        style_ids = install_styles(document, profile, replace_existing=True)
        apply_page_setup(document.sections[0], profile)
        install_page_numbers(document, profile, style_ids["page_number"])
    else:
        try:
            document = open_word_lenient(Path(reference))
        except InputError:
            raise  # the safe reader's own reason (FIFO, zip bomb, too big) names the file
        except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds
            raise InputError(f"{reference}：无法作为 Word 文档（.docx）读取参考模板，"
                             "请在 Word 或 WPS 中另存为 .docx 后重试") from None
        style_ids = install_styles(document, profile, replace_existing=False)
        _chinese_theme_lang(document)
        sect = document.sections[-1]._sectPr
        if sect.find(_w("footerReference")) is None:
            install_page_numbers(document, profile, style_ids["page_number"])
    buf = io.BytesIO(save_docx_bytes(document))
    parts: dict[str, bytes] = {}
    order: list[str] = []
    with zipfile.ZipFile(buf) as z:
        for name in unique_names(z.namelist()):
            order.append(name)
            parts[name] = z.read(name)
    fonts = sorted({profile.title_font, profile.mark_font, profile.body_font, profile.heading1_font,
                    profile.heading2_font, profile.heading3_font, profile.heading4_font,
                    profile.signer_name_font, profile.page_number_font})
    if "word/fontTable.xml" in parts:
        parts["word/fontTable.xml"] = _add_fonts_to_table(parts["word/fontTable.xml"], fonts)
    root = etree.fromstring(parts.pop("word/document.xml"))
    body = root.find(_w("body"))
    masthead = reference_masthead(body) if reference is not None else []
    sect = None
    for child in list(body):
        if child.tag == _w("sectPr"):
            sect = child
        body.remove(child)
    if sect is not None:
        body.append(sect)
    parts.pop("docProps/core.xml", None)
    if "docProps/core.xml" not in order:
        order.append("docProps/core.xml")
    header = reference is not None and _first_page_header_masthead(document)
    header_line = header and any(_red_rule(s.first_page_header._element) for s in document.sections
                                 if s.different_first_page_header_footer)
    return _Base(parts, order, root, style_ids, masthead,
                 any(_red_rule(el) for el in masthead) or header_line, header)


_MASTHEAD_RE = re.compile(r"(文件|委员会|人民政府|办公室|[局厅委办])$")
_RED_RE = re.compile(r'(w:color="(FF0000|E60000|C00000|ff0000)"|strokecolor="(#?[Ff][Ff]0000|red)"'
                     r'|srgbClr val="(FF0000|E60000|C00000)")')


def _red_rule(el) -> bool:
    """A red line: a paragraph border or a drawn line in red."""
    xml = etree.tostring(el, encoding="unicode")
    if not _RED_RE.search(xml):
        return False
    return "<w:pBdr" in xml or "<w:drawing" in xml or "<w:pict" in xml


def _el_text(el) -> str:
    return "".join(t.text or "" for t in el.iter(_w("t")))


def reference_masthead(body) -> list:
    """Copies of the leading body elements of a reference document that make up its 版头: the
    发文机关标志 (a short line ending 文件/人民政府/委员会…, red or in a large size, or drawn as a
    picture or text box), empty lines, and red lines drawn with it. Empty when the document
    does not start with a 发文机关标志 (a style-only reference)."""
    out = []
    mark = False
    for el in body:
        if el.tag != _w("p"):
            break
        text = _el_text(el).strip()
        if text:
            xml = etree.tostring(el, encoding="unicode")
            big = any(int(sz.get(_w("val"), "0") or 0) >= 48 for sz in el.iter(_w("sz"))
                      if (sz.get(_w("val")) or "").isdigit())
            if len(text) <= 30 and _MASTHEAD_RE.search(text) and (big or _RED_RE.search(xml)):
                mark = True
                out.append(copy.deepcopy(el))
                continue
            break
        out.append(copy.deepcopy(el))  # empty lines, drawn lines and pictures around the mark
    if not mark and not any(any(True for _ in e.iter(_w("drawing"), _w("pict"))) for e in out):
        return []
    while out and not _el_text(out[-1]).strip() and not _red_rule(out[-1]) and \
            not any(True for _ in out[-1].iter(_w("drawing"), _w("pict"))):
        out.pop()  # trailing empty lines: the writer sets its own spacing under the mark
    return out


def _first_page_header_masthead(document) -> bool:
    """The reference keeps its 版头 in a first-page header ("different first page")."""
    for section in document.sections:
        try:
            if section.different_first_page_header_footer:
                hdr = section.first_page_header
                if not hdr.is_linked_to_previous and (
                        "".join(p.text for p in hdr.paragraphs).strip()
                        or any(True for _ in hdr._element.iter(_w("drawing"), _w("pict")))):
                    return True
        except Exception:  # noqa: BLE001 - odd packages: no masthead found
            continue
    return False


def _pack_base(base: _Base) -> bytes:
    """A _Base as a zip: its parts, document.xml, and the order and style ids as JSON."""
    import json
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("_meta.json", json.dumps({"order": base.order, "style_ids": base.style_ids}))
        z.writestr("_document.xml", etree.tostring(base.doc_root))
        for name, data in base.parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def _unpack_base(data: bytes) -> _Base:
    import json
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        meta = json.loads(z.read("_meta.json"))
        root = etree.fromstring(z.read("_document.xml"))
        parts = {n: z.read(n) for n in z.namelist() if n not in ("_meta.json", "_document.xml")}
    return _Base(parts, meta["order"], root, meta["style_ids"])


def _cached_base(profile: Profile) -> _Base:
    """The styled base for a profile, from the on-disk cache when possible: building it
    needs python-docx (import + build ≈ 80 ms), which a cold `gwreport build` need not pay."""
    from importlib.metadata import version

    from . import __version__
    from .cache import cached_bytes, key_of
    try:
        docx_version = version("python-docx")
    except Exception:  # noqa: BLE001 - metadata missing in odd installs
        docx_version = "?"
    key = key_of(profile, Path(__file__).read_bytes(), docx_version, __version__)
    built: list[_Base] = []

    def build() -> bytes:
        built.append(_build_base(profile, None))
        return _pack_base(built[0])

    data = cached_bytes("docx-base", key, ".zip", build)
    if built:
        return built[0]
    try:
        return _unpack_base(data)
    except (KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return _build_base(profile, None)  # a damaged cache entry is simply rebuilt


def _get_base(profile: Profile, reference: Path | None) -> _Base:
    if reference is not None:
        st = reference.stat()
        key = (profile, str(reference.resolve()), st.st_mtime_ns, st.st_size)
    else:
        key = (profile, None)
    base = _CACHE.get(key)
    if base is None:
        with _LOCK:
            base = _CACHE.get(key)
            if base is None:
                base = _build_base(profile, reference) if reference is not None \
                    else _cached_base(profile)
                if len(_CACHE) > 16:
                    _CACHE.clear()
                _CACHE[key] = base
    return base


# ---------------------------------------------------------------------------------------
# body
# ---------------------------------------------------------------------------------------
_CTRL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _add_text_runs(p, text: str, rpr: etree._Element | None = None) -> None:
    """Append runs for text; tabs become <w:tab/>, newlines <w:br/>; XML-illegal controls dropped."""
    text = _CTRL_RE.sub("", text)
    if not text:
        return
    r = etree.SubElement(p, _w("r"))
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    for i, piece in enumerate(re.split(r"(\t|\r\n|\n|\r)", text)):
        if i % 2 == 1:
            etree.SubElement(r, _w("tab") if piece == "\t" else _w("br"))
        elif piece:
            t = etree.SubElement(r, _w("t"))
            t.text = piece
            if piece[0] in " \u3000" or piece[-1] in " \u3000" or "  " in piece:
                t.set(XML_SPACE, "preserve")


def _ppr(p, style_id: str) -> etree._Element:
    ppr = etree.SubElement(p, _w("pPr"))
    etree.SubElement(ppr, _w("pStyle")).set(_w("val"), style_id)
    return ppr


def _ind_el(ppr, unit_pt: float, *, left: float = 0, right: float = 0, hanging: float = 0,
            first: float = 0) -> None:
    ppr.append(etree.fromstring(_ind(first, unit_pt, left_chars=left, right_chars=right,
                                     hanging_chars=hanging).replace("<w:ind ", f'<w:ind xmlns:w="{W_NS}" ')))


def _border(ppr, sides: dict[str, int], side_space_pt: float = 0) -> None:
    """Paragraph rules for the 版记 (sz in eighths of a point). A rule spans the paragraph
    between its indents; the 版记's text is one character in from both edges (§7.4) while its
    rules span the whole type area, so the indent is filled by an invisible (white) left and
    right border side_space_pt away from the text: the rules then reach both edges, in Word
    and in LibreOffice alike (measured 27.8–184.2 mm)."""
    bdr = etree.Element(_w("pBdr"))
    for side in ("top", "left", "bottom", "right"):
        e = None
        if side in sides:
            e = etree.SubElement(bdr, _w(side))
            e.set(_w("val"), "single")
            e.set(_w("sz"), str(sides[side]))
            e.set(_w("space"), "1")
            e.set(_w("color"), "000000")
        elif side in ("left", "right") and side_space_pt:
            e = etree.SubElement(bdr, _w(side))
            e.set(_w("val"), "single")
            e.set(_w("sz"), "4")
            e.set(_w("space"), str(min(31, round(side_space_pt))))
            e.set(_w("color"), "FFFFFF")
    # pBdr comes right after pStyle/keepNext in CT_PPr
    ppr.insert(1, bdr)


_THICK = 8  # 1 pt ≈ 0.35 mm (首末条分隔线)
_THIN = 6  # 0.75 pt ≈ 0.25 mm (中间分隔线)


_CELL_PAD = 2 * 85 + 40  # twips: left/right cell margins plus a little air


def column_widths(rows: list[list[str]], ncols: int, total: int, size_pt: float) -> list[int]:
    """Column widths (twips): each column gets a share proportional to the square root of its
    longest cell, no more than it needs; so short columns (序号, 状态) stay on one line and the
    columns with long text share the rest, much as a person would set them."""
    unit = size_pt * 20
    need = []
    for c in range(ncols):
        widths = [text_width(r[c]) for r in rows if c < len(r)] or [1.0]
        need.append(max(widths + [1.0]) * unit + _CELL_PAD)
    weights = [n ** 0.5 for n in need]
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(ncols) if i not in fixed]
        room = total - sum(fixed.values())
        if not free:
            break
        wsum = sum(weights[i] for i in free)
        alloc = {i: room * weights[i] / wsum for i in free}
        over = [i for i in free if alloc[i] >= need[i]]
        if not over:
            fixed.update(alloc)
            break
        for i in over:
            fixed[i] = need[i]
    out = [int(fixed[i]) for i in range(ncols)]
    if sum(out) < total:  # everything fits: spread the spare width evenly
        spare = total - sum(out)
        out = [int(w + spare / ncols) for w in out]
    out = _keep_short_cells_whole(rows, ncols, out, unit)
    out[-1] += total - sum(out)
    return out


SHORT_CELL = 10  # character cells: names of units, figures, 状态 — text that reads badly when broken


def _keep_short_cells_whole(rows, ncols, out, unit) -> list[int]:
    """Widen columns whose body cells are short (青石镇人民政府, 87.5%) so none of them wraps,
    with width taken from columns that can wrap (long text, or a header that can take two
    lines); unchanged when the floors do not fit."""
    import math
    body = rows[1:] if len(rows) > 1 else rows
    total = sum(out)
    for whole_head in (4, 2, 0):  # keep headers of up to 4 (else 2) characters whole; longer ones may take two lines
        floors = []
        for c in range(ncols):
            bw = max([text_width(r[c]) for r in body if c < len(r)] + [0.5])
            hw = text_width(rows[0][c]) if rows and c < len(rows[0]) else 0.5
            head = hw if hw <= whole_head else math.ceil(hw / 2)
            if bw <= SHORT_CELL:
                floors.append(max(bw, head) * unit + _CELL_PAD)
            else:
                floors.append(min(max(bw, hw), 4) * unit + _CELL_PAD)
        if sum(floors) <= total:
            break
    else:
        return out
    deficit = sum(max(0.0, f - w) for f, w in zip(floors, out))
    if deficit <= 0:
        return out
    donors = {i: out[i] - floors[i] for i in range(ncols) if out[i] > floors[i]}
    room = sum(donors.values())
    res = [max(float(w), f) for w, f in zip(out, floors)]
    for i, d in donors.items():
        res[i] = out[i] - deficit * d / room
    return [int(w) for w in res]


def _table(tbl_data, style_id: str, profile: Profile) -> etree._Element:
    rows = [list(r) for r in tbl_data.rows if r is not None]
    ncols = max((len(r) for r in rows), default=1) or 1
    total = twips(profile.text_width_mm)
    widths = column_widths(rows, ncols, total, profile.table_size)
    tbl = etree.Element(_w("tbl"))
    tpr = etree.SubElement(tbl, _w("tblPr"))
    tw = etree.SubElement(tpr, _w("tblW"))
    tw.set(_w("w"), str(total))
    tw.set(_w("type"), "dxa")
    etree.SubElement(tpr, _w("jc")).set(_w("val"), "center")
    borders = etree.SubElement(tpr, _w("tblBorders"))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = etree.SubElement(borders, _w(side))
        e.set(_w("val"), "single")
        e.set(_w("sz"), "4")
        e.set(_w("space"), "0")
        e.set(_w("color"), "auto")
    etree.SubElement(tpr, _w("tblLayout")).set(_w("type"), "fixed")
    mar = etree.SubElement(tpr, _w("tblCellMar"))
    for side in ("left", "right"):
        e = etree.SubElement(mar, _w(side))
        e.set(_w("w"), "85")
        e.set(_w("type"), "dxa")
    grid = etree.SubElement(tbl, _w("tblGrid"))
    for w in widths:
        etree.SubElement(grid, _w("gridCol")).set(_w("w"), str(w))
    bold = etree.fromstring(f'<w:rPr xmlns:w="{W_NS}"><w:b/><w:bCs/></w:rPr>')
    for ri, row in enumerate(rows):
        tr = etree.SubElement(tbl, _w("tr"))
        trpr = etree.SubElement(tr, _w("trPr"))
        etree.SubElement(trpr, _w("cantSplit"))
        if ri == 0:
            etree.SubElement(trpr, _w("tblHeader"))
        if not row:
            row = [""]
        for ci, cell in enumerate(row):
            tc = etree.SubElement(tr, _w("tc"))
            tcpr = etree.SubElement(tc, _w("tcPr"))
            span = ncols - ci if ci == len(row) - 1 else 1
            width = sum(widths[ci:ci + span])
            tcw = etree.SubElement(tcpr, _w("tcW"))
            tcw.set(_w("w"), str(width))
            tcw.set(_w("type"), "dxa")
            if span > 1:
                etree.SubElement(tcpr, _w("gridSpan")).set(_w("val"), str(span))
            etree.SubElement(tcpr, _w("vAlign")).set(_w("val"), "center")
            p = etree.SubElement(tc, _w("p"))
            ppr = _ppr(p, style_id)
            if ri > 0 and text_width(cell) > 8 and not _NUMERIC_RE.match(cell):
                etree.SubElement(ppr, _w("jc")).set(_w("val"), "both")
            _add_text_runs(p, cell, bold if ri == 0 else None)
    return tbl


_NUMERIC_RE = re.compile(r"^[\s\d.,%％‰+\-—/：:年月日个条次项人家]*$")


def ink_width(text: str) -> float:
    """Width of a 署名 or date on the page, in character cells: digits and Latin letters of a
    CJK font are a little over half a cell, plus a little space where they meet CJK text
    (2024年10月25日: 8.4 cells measured with LibreOffice's Noto Serif CJK, about 8.2 in Word
    with 仿宋_GB2312 and its Asian/Latin spacing)."""
    text = text.strip()
    total = 0.0
    for i, ch in enumerate(text):
        wide = unicodedata.east_asian_width(ch) in ("W", "F", "A")
        total += 1.0 if wide else (0.3 if ch == " " else 0.35 if ch in ".,:;-/'" else 0.6)
        if i and wide != (unicodedata.east_asian_width(text[i - 1]) in ("W", "F", "A")):
            total += 0.1
    return total


def signature_boxes(signature: str | None, date: str | None, profile: Profile,
                    sealed: bool = True) -> dict[str, tuple[int, int, str]]:
    """role -> (left, right indent in twips, alignment) for the 发文机关署名 and 成文日期.

    Sealed (§7.3.5.1): the date right four characters, the 署名 centred over it. Unsealed
    (§7.3.5.2): the 署名 right two characters and the date on the next line, its first
    character two cells right of the 署名's first; a date longer than that is set right two
    characters and the 署名 moves left with it. Widths are ink_width estimates: the centre is
    off by half the error of the date's digits (LibreOffice measured < 1 mm)."""
    if not signature or not date:
        return {}
    wpt = profile.text_width_mm / 25.4 * 72
    cell = wpt / profile.chars_per_line
    ws, wd = ink_width(signature), ink_width(date)

    def tw(cells: float) -> int:
        return max(0, round(cells * cell * 20))

    if sealed:
        sig, dat = DATE_RIGHT_CHARS + (wd - ws) / 2, DATE_RIGHT_CHARS
    elif wd + 2 <= ws:
        sig, dat = 2, ws - wd
    else:
        sig, dat = 4 + wd - ws, 2
    return {"signature": (0, tw(sig), "right"), "date": (0, tw(dat), "right")}


def signature_right_chars(signature: str, date: str) -> float:
    """Right indent (characters) that centres the 署名 over a date set 4 characters from the right."""
    return max(0.0, DATE_RIGHT_CHARS + (text_width(date) - text_width(signature)) / 2)


_NO_LINE_START = set("，。、；：？！）》」』”’〕】…—·%％,.;:?!)]}")
_NO_LINE_END = set("（《「『“‘〔【([{")


def _tokens(text: str) -> list[tuple[str, float]]:
    """Unbreakable pieces with their widths (characters): Latin/digit runs stay together,
    punctuation sticks to its neighbour as Word's line-breaking rules (kinsoku) require, and
    the words and fixed phrases of 公文 titles (季度, 人民政府, organ names, 2024年) are never
    split across lines (§7.3.1 词意完整)."""
    toks: list[tuple[str, float]] = []
    ends: list[int] = []  # text offset where each piece ends
    for m in re.finditer(r"[A-Za-z0-9.%+\-/]+|.", text, re.S):
        piece = m.group(0)
        if piece.isascii() and piece.strip():
            # Latin letters and digits in a CJK font are a little over half a character wide,
            # and Word and LibreOffice add about a quarter character between them and CJK text
            w = 0.56 * len(piece) + 0.5
        else:
            w = text_width(piece)
        if toks and (piece[0] in _NO_LINE_START or toks[-1][0][-1] in _NO_LINE_END):
            prev, pw = toks[-1]
            toks[-1] = (prev + piece, pw + w)
            ends[-1] = m.end()
        else:
            toks.append((piece, w))
            ends.append(m.end())
    inside = set()
    for m in _TITLE_PHRASE_RE.finditer(text):
        inside.update(range(m.start() + 1, m.end()))
    for w in _TITLE_WORDS:
        for m in re.finditer(re.escape(w), text):
            inside.update(range(m.start() + 1, m.end()))
    out: list[tuple[str, float]] = []
    for i, (piece, w) in enumerate(toks):
        if out and ends[i] - len(piece) in inside:  # this piece starts inside a word: glue it on
            prev, pw = out[-1]
            out[-1] = (prev + piece, pw + w)
        else:
            out.append((piece, w))
    return out


# fixed phrases of 公文 titles beyond the word list: 第三季度, 2024年度, 上半年, organ names
_TITLE_PHRASE_RE = re.compile(
    r"第[一二三四1-4]季度|\d{4}年度?|[上下]半年|[一-鿿]{0,6}(?:人民政府|办公室|委员会|管理局|服务中心)"
    r"|[一-鿿]{2,4}[县镇乡市区](?=人民|党委|政府|办公室|关于|[一-鿿]{0,3}局)")


def _fill(toks: list[tuple[str, float]], width: float) -> list[list[str]]:
    lines: list[list[str]] = [[]]
    used = 0.0
    for piece, w in toks:
        if lines[-1] and used + w > width + 1e-6:
            lines.append([])
            used = 0.0
        lines[-1].append(piece)
        used += w
    return lines


_GOOD_LINE_END = {"关于": 3.0, "人民政府": 2.0, "办公室": 2.0, "委员会": 2.0, "年度": 1.5, "季度": 1.5,
                  "的": -2.0}
# words common in 公文 titles that a line break should not split
_TITLE_WORDS = ("人民政府", "办公室", "委员会", "新媒体", "政府", "网站", "政务", "工作", "情况", "报告",
                "通知", "通报", "自查", "整改", "检查", "管理", "办法", "落实", "措施", "年度", "季度",
                "开展", "关于", "印发", "人民", "公开", "总结", "方案", "意见", "实施", "推进", "建设",
                "专项", "治理", "问题", "进一步", "加强", "做好", "全面", "下一步", "服务", "平台",
                "信息", "安全", "考核", "评估", "监管", "规范", "深化", "改革", "发展")


def title_side_indent(text: str, profile: Profile) -> float | None:
    """Equal left/right indent (characters of the title size) that breaks a long title into
    lines of about the same length (梯形或菱形, GB/T 9704 §7.3.1) instead of a full line followed
    by a stub; among such breaks, one after “关于” or an organisation name is preferred and one
    after “的” avoided (词意完整). None when the title fits on one line."""
    cap = profile.text_width_mm / 25.4 * 72 / profile.title_size
    toks = _tokens(text.strip())
    total = sum(w for _, w in toks)
    if total <= cap or not toks:
        return None
    n = len(_fill(toks, cap))
    best: tuple[float, float] | None = None
    width = total / (n + 1)
    while width <= cap:
        lines = _fill(toks, width)
        tw = dict(toks)
        widths = [sum(tw[piece] for piece in x) for x in lines]
        # every line but the last must stay full at the indented width (max + 0.5): else the
        # word processor pulls the next line's first character up and splits a word again
        full = all(w > max(widths) - 0.45 for w in widths[:-1])
        # one line more than the fewest possible, if that is what keeps the words whole
        if len(lines) in (n, n + 1) and full and min(widths) >= max(3.0, 0.4 * max(widths)):
            score = -(max(widths) - min(widths)) * 0.5 - 4.0 * (len(lines) - n)
            for x, nxt in zip(lines, lines[1:]):
                end, start = "".join(x), "".join(nxt)
                score += max((v for k, v in _GOOD_LINE_END.items() if end.endswith(k)), default=0.0)
                joint = end[-3:] + start[:3]
                cut = len(end[-3:])
                if any(0 < joint.find(w) < cut < joint.find(w) + len(w) for w in _TITLE_WORDS
                       if w in joint):
                    score -= 3.0
            if best is None or score > best[0] + 1e-9:
                best = (score, max(widths))
        width += 0.5
    if best is None:
        return None
    # half a character of slack so the word processor's own line breaking gives the same lines
    return max(0.0, (cap - best[1] - 0.5) / 2)


def title_lines(text: str, profile: Profile) -> list[str] | None:
    """Explicit lines for a long title no indent can break between words (a Shift+Enter line
    break between them, as clerks set such titles): lines of about equal length, each break
    between two unbreakable pieces (_tokens), no line over the type area, the last at least
    three characters. None when the title fits on one line or title_side_indent() finds a break."""
    text = text.strip()
    cap = profile.text_width_mm / 25.4 * 72 / profile.title_size - 0.5
    toks = _tokens(text)
    total = sum(w for _, w in toks)
    if total <= cap + 0.5 or not toks or title_side_indent(text, profile) is not None:
        return None
    n = len(_fill(toks, cap))
    best = None
    width = total / n
    tw = dict(toks)
    while width <= cap + 1e-6:
        lines = _fill(toks, width)
        widths = [sum(tw[piece] for piece in x) for x in lines]
        if len(lines) in (n, n + 1) and max(widths) <= cap and len("".join(lines[-1])) >= 3:
            score = -(max(widths) - min(widths)) - 4.0 * (len(lines) - n)
            for x in lines[:-1]:
                end = "".join(x)
                score += max((v for k, v in _GOOD_LINE_END.items() if end.endswith(k)), default=0.0)
            if best is None or score > best[0]:
                best = (score, ["".join(x) for x in lines])
        width += 0.5
    return best[1] if best else None


_SIGNER_LINE_RE = re.compile(r"^(.*?\S)([\t \u3000]+)(签[ \u3000]*发[ \u3000]*人[ \u3000]*[：:].*)$", re.S)


def split_signer_line(text: str) -> tuple[str, str, str] | None:
    """(发文字号, separator, “签发人：姓名”) for a 发文字号 line that carries the 签发人 too
    (GB/T 9704 §7.2.4, 上行文), else None. The separator is a tab in documents gwreport
    writes; hand-made drafts may use spaces."""
    m = _SIGNER_LINE_RE.match(text.strip(" \u3000"))
    if m is None:
        return None
    return m.group(1), m.group(2), m.group(3)


def signer_label_end(part: str) -> int:
    """Length of the “签发人：” label at the start of a 签发人 part (the name starts there)."""
    m = re.match(r"签[ \u3000]*发[ \u3000]*人[ \u3000]*[：:][ \u3000]*", part)
    return m.end() if m else 0


def signer_tab_pos(profile: Profile) -> int:
    """Right tab stop (twips from the left margin) for the 签发人: one character (grid cell)
    in from the right edge of the type area."""
    width = twips(profile.text_width_mm)
    return width - round(width / profile.chars_per_line * SIGNER_RIGHT_CHARS)


def decorate_paragraph(ppr, role: str, text: str, profile: Profile, *, sig_right: float | None = None,
                       upward: bool = False, colophon: tuple[bool, bool] | None = None,
                       lines_above: int | None = None,
                       sign_boxes: dict[str, tuple[int, int, str]] | None = None) -> None:
    """Direct paragraph formatting a role needs beyond its style (indents that depend on the
    text, the 版记 rules, the 发文机关标志's place). ppr holds only pStyle when called.
    colophon = (is first, is last); lines_above: body lines above the first 发文机关标志."""
    bs = profile.body_size
    if role == "letterhead" and lines_above is not None:
        _mark_position(ppr, lines_above, profile)
    if role in ("title", "attachment_title") and "\n" not in text:
        side = title_side_indent(text, profile)
        if side:
            ind = etree.SubElement(ppr, _w("ind"))
            tw = str(round(side * profile.title_size * 20))
            ind.set(_w("left"), tw)
            ind.set(_w("right"), tw)
    elif role == "attachment":
        if text.startswith("附件："):
            m = re.match(r"\d+[.．]", text[3:])
            if m:  # 附件：1.名称 — wrap under the name
                w = 3 + text_width(m.group(0))
                _ind_el(ppr, bs, left=2 + w, hanging=w)
            # single attachment: style default (left 5, hanging 3)
        else:  # 2.名称 aligned with 1.
            m = re.match(r"\d+[.．]", text)
            w = text_width(m.group(0)) if m else 1
            _ind_el(ppr, bs, left=5 + w, hanging=w)
    elif role in ("signature", "date") and sign_boxes and role in sign_boxes:
        left, right, jc = sign_boxes[role]
        ind = etree.SubElement(ppr, _w("ind"))
        for k, v in (("leftChars", 0), ("left", left), ("rightChars", 0), ("right", right),
                     ("firstLineChars", 0), ("firstLine", 0)):
            ind.set(_w(k), str(v))
        etree.SubElement(ppr, _w("jc")).set(_w("val"), jc)
    elif role == "signature" and sig_right is not None:
        _ind_el(ppr, bs, right=sig_right)
    elif role == "attachment_label":
        # a new page whatever the style says (a reference document's own 附件标识 style)
        ppr.append(etree.Element(_w("pageBreakBefore")))
    elif role == "cc":
        cs = profile.colophon_size
        # 抄送：回行时与冒号后的首字对齐
        _ind_el(ppr, cs, left=COLOPHON_SIDE_CHARS + 3, right=COLOPHON_SIDE_CHARS, hanging=3)
    elif role == "printer" and "\t" in text:
        # 印发机关左空一字, 印发日期右空一字: a right tab stop one character in from the right
        tabs = etree.SubElement(ppr, _w("tabs"))
        tab = etree.SubElement(tabs, _w("tab"))
        tab.set(_w("val"), "right")
        tab.set(_w("pos"), str(twips(profile.text_width_mm)
                               - round(COLOPHON_SIDE_CHARS * profile.colophon_size * 20)))
    elif role == "doc_number" and (upward or split_signer_line(text) is not None):
        # 上行文：发文字号居左空一字，签发人居右空一字 (GB/T 9704 §7.2.4). On a shared line
        # the 签发人 is pushed right by a right-aligned tab stop one character in from the
        # right edge of the type area.
        if split_signer_line(text) is not None:
            tabs = etree.SubElement(ppr, _w("tabs"))
            tab = etree.SubElement(tabs, _w("tab"))
            tab.set(_w("val"), "right")
            tab.set(_w("pos"), str(signer_tab_pos(profile)))
        _ind_el(ppr, bs, left=1)
        etree.SubElement(ppr, _w("jc")).set(_w("val"), "left")
    if colophon is not None:
        first, last = colophon
        sides: dict[str, int] = {}
        if first:
            sides["top"] = _THICK
        sides["bottom"] = _THICK if last else _THIN
        _border(ppr, sides, COLOPHON_SIDE_CHARS * profile.colophon_size)


def _keep_with_signature(items) -> set[int]:
    """Indexes to keep with the next paragraph so that the 署名 and 成文日期 never stand on a
    page of their own: the last body paragraph, the 附件说明 and the spacer lines travel with
    them (GB/T 9704 §7.3.5.4 asks for the layout to be adjusted in that case)."""
    from .model import Table

    roles = [None if isinstance(it, Table) else it.role for it in items]
    if "signature" in roles:
        end = roles.index("signature")
    elif "date" in roles:
        end = roles.index("date")
    else:
        return set()
    keep = set()
    i = end - 1
    while i >= 0 and roles[i] in ("empty", "attachment"):
        keep.add(i)
        i -= 1
    if i >= 0 and roles[i] is not None and roles[i] not in ("title", "addressee"):
        keep.add(i)  # the last paragraph of the body
    if roles[end] == "signature" and end + 1 < len(roles) and roles[end + 1] == "date":
        keep.add(end)
        end += 1
    if roles[end] == "date" and end + 1 < len(roles) and roles[end + 1] == "note":
        keep.add(end)  # the 附注 stays on the date's page
    return keep


def build_body(doc: "Document", base_ids: dict[str, str], profile: Profile,
               skip: set[str] | frozenset = frozenset()) -> list[etree._Element]:
    """The body elements (<w:p>/<w:tbl>) for doc, one paragraph per layout Line (lines of the
    roles in skip left out: a reference document brings its own 版头)."""
    from .model import Table

    ids = base_ids
    bs = profile.body_size
    out: list[etree._Element] = []
    items = list(doc.layout())
    colophon_idx = [i for i, it in enumerate(items)
                    if not isinstance(it, Table) and it.role in ("cc", "printer")]
    boxes = signature_boxes(doc.signature, doc.date, profile, doc.sealed)
    signer_rpr = etree.fromstring(_rpr(profile.signer_name_font, None, None,
                                       profile.latin_font).replace("<w:rPr>", f'<w:rPr xmlns:w="{W_NS}">', 1))
    keep = _keep_with_signature(items)
    first_mark = next((it for it in items if not isinstance(it, Table) and it.role == "letterhead"), None)
    colophon_tbl = None
    for i, item in enumerate(items):
        if isinstance(item, Table):
            out.append(_table(item, ids["table_cell"], profile))
            continue
        if item.role in skip:
            continue
        if i in colophon_idx:
            # the 版记 is one floating table at the bottom of the type area (§7.4.1)
            if colophon_tbl is None:
                colophon_tbl = colophon_table(profile, rules=not doc.letter)
                out.append(colophon_tbl)
            colophon_tbl.append(_colophon_row(item.text, item.role, ids["colophon"], profile))
            continue
        if colophon_tbl is not None and i == colophon_idx[-1] + 1 and item.role == "empty":
            out.append(colophon_anchor(ids["body"]))  # the paragraph the table is anchored to
            continue
        role = item.role
        style_role = ROLE_ALIASES.get(role, role)
        sid = ids.get(style_role, ids["body"])
        if doc.letter and role in ("letterhead", "red_line") and item is (first_mark if role == "letterhead" else item):
            els = _letter_paragraphs(role, sid, profile)
            if role == "letterhead":
                scale = mark_scale(item.text, profile)
                _add_text_runs(els[0], item.text, etree.fromstring(
                    f'<w:rPr xmlns:w="{W_NS}"><w:w w:val="{scale}"/></w:rPr>') if scale < 100 else None)
            out.extend(els)
            continue
        p = etree.Element(_w("p"))
        ppr = _ppr(p, sid)
        text = item.text
        pos = None
        if i in colophon_idx:
            pos = (i == colophon_idx[0], i == colophon_idx[-1])
        above = None
        if item is first_mark and not doc.letter:
            above = sum(1 for it in items[:i] if not isinstance(it, Table))
        decorate_paragraph(ppr, role, text, profile, sign_boxes=boxes,
                           upward=bool(doc.signer), colophon=pos, lines_above=above)
        if doc.letter and role == "doc_number" and not doc.signer:
            # 信函格式: 发文字号顶格居版心右边缘 (§10.1)
            _ind_el(ppr, bs)
            etree.SubElement(ppr, _w("jc")).set(_w("val"), "right")
        if i in keep:
            ppr.insert(1, etree.Element(_w("keepNext")))
        # the 签发人's name in 楷体, the rest of the line (发文字号, “签发人：”) in the body font
        split = split_signer_line(text) if role == "doc_number" else None
        if split is not None:
            number, sep, part = split
            cut = signer_label_end(part)
            _add_text_runs(p, number + sep + part[:cut])
            _add_text_runs(p, part[cut:], signer_rpr)
        elif role == "signer" and signer_label_end(text):
            cut = signer_label_end(text)
            _add_text_runs(p, text[:cut])
            _add_text_runs(p, text[cut:], signer_rpr)
        elif role in ("title", "attachment_title") and title_lines(text, profile):
            _add_text_runs(p, "\n".join(title_lines(text, profile)))
        elif role == "letterhead":
            scale = mark_scale(text, profile)
            rpr = None
            if scale < 100:
                rpr = etree.fromstring(f'<w:rPr xmlns:w="{W_NS}"><w:w w:val="{scale}"/></w:rPr>')
            _add_text_runs(p, text, rpr)
        else:
            _add_text_runs(p, text)
        out.append(p)
    return out


def colophon_table(profile: Profile, rules: bool = True) -> etree._Element:
    """An empty 版记 table (rows added by _colophon_row): one column as wide as the type area,
    floating with its bottom on the bottom edge of the type area of the page it lands on
    (w:tblpPr vertAnchor=margin, tblpYSpec=bottom — Word, WPS and LibreOffice position it so;
    measured in LibreOffice 261.8 mm for 262.0 whatever the body length), so the last rule
    coincides with the type area's bottom edge on the last page (GB/T 9704 §7.4.1). Body text
    that would run into it pushes the table, with its anchor paragraph, to a new page.
    Rules: first and last 0.35 mm, between 0.25 mm; no cell margins (the one-character side
    space is the paragraphs' own indent, so no renderer shifts the table by a cell margin).
    The table is placed from the page's left edge: LibreOffice keeps a table as wide as the
    text area inline (not floating) when it is positioned relative to the margin."""
    width = twips(profile.text_width_mm)
    xml = (f'<w:tbl xmlns:w="{W_NS}"><w:tblPr>'
           '<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0" '
           f'w:vertAnchor="margin" w:horzAnchor="page" w:tblpX="{twips(profile.margin_left)}" '
           'w:tblpYSpec="bottom"/><w:tblOverlap w:val="never"/>'
           f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblBorders>'
           f'<w:top w:val="single" w:sz="{_THICK}" w:space="0" w:color="000000"/>'
           '<w:left w:val="nil"/>'
           f'<w:bottom w:val="single" w:sz="{_THICK}" w:space="0" w:color="000000"/>'
           '<w:right w:val="nil"/>'
           f'<w:insideH w:val="single" w:sz="{_THIN}" w:space="0" w:color="000000"/>'
           '<w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/>'
           '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
           '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
           '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
           'w:noHBand="1" w:noVBand="1"/></w:tblPr>'
           f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid></w:tbl>')
    tbl = etree.fromstring(xml)
    if not rules:  # 信函格式: 版记不加分隔线 (§10.1)
        for b in tbl.find(_w("tblPr")).find(_w("tblBorders")):
            for k in list(b.attrib):
                del b.attrib[k]
            b.set(_w("val"), "nil")
    return tbl


def _colophon_row(text: str, role: str, style_id: str, profile: Profile) -> etree._Element:
    """One 版记 line as a table row: 抄送 one character in with continuation lines after the
    colon; 印发机关 one character in, 印发日期 one character from the right on a tab stop."""
    width = twips(profile.text_width_mm)
    cs = profile.colophon_size
    tr = etree.Element(_w("tr"))
    trpr = etree.SubElement(tr, _w("trPr"))
    etree.SubElement(trpr, _w("cantSplit"))
    tc = etree.SubElement(tr, _w("tc"))
    tcpr = etree.SubElement(tc, _w("tcPr"))
    tcw = etree.SubElement(tcpr, _w("tcW"))
    tcw.set(_w("w"), str(width))
    tcw.set(_w("type"), "dxa")
    p = etree.SubElement(tc, _w("p"))
    ppr = _ppr(p, style_id)
    if role == "cc":
        label = re.match(r"(抄\s*送|抄\s*报)\s*[：:]", text)
        hang = text_width(label.group(0)) if label else 3
        _ind_el(ppr, cs, left=COLOPHON_SIDE_CHARS + hang, right=COLOPHON_SIDE_CHARS, hanging=hang)
    else:
        if "\t" in text:
            tabs = etree.SubElement(ppr, _w("tabs"))
            tab = etree.SubElement(tabs, _w("tab"))
            tab.set(_w("val"), "right")
            tab.set(_w("pos"), str(width - round(COLOPHON_SIDE_CHARS * cs * 20)))
            # tabs precede ind in CT_PPr
        _ind_el(ppr, cs, left=COLOPHON_SIDE_CHARS, right=COLOPHON_SIDE_CHARS)
    _add_text_runs(p, text)
    return tr


def colophon_anchor(style_id: str) -> etree._Element:
    """The paragraph after the 版记 table (a floating table is anchored to the next paragraph):
    one point high, so it never needs a line of its own on the last page."""
    return etree.fromstring(
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{style_id}"/><w:snapToGrid w:val="0"/>'
        '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
        '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>')


def _mark_position(ppr, lines_above: int, profile: Profile) -> None:
    """Space above the 发文机关标志 so that its top edge lies MARK_TOP_MM below the top of the
    type area, under the 份号/密级/紧急程度 lines above it (each one body line)."""
    top_pt = MARK_TOP_MM / 25.4 * 72 - lines_above * profile.line_pitch_pt
    before = top_pt - MARK_INK_TOP * profile.mark_size
    sp = etree.Element(_w("spacing"))
    sp.set(_w("before"), str(max(0, round(before * 20))))
    ppr.append(sp)


def _letter_frame(ppr, y_mm: float, h_twips: int, profile: Profile) -> None:
    """A frame (w:framePr) 170 mm wide, centred on the type area, its top y_mm below the page top;
    the body flows through it (the paragraphs under it are placed by their own spacing)."""
    fr = etree.SubElement(ppr, _w("framePr"))
    for k, v in (("w", twips(LETTER_LINE_MM)), ("h", h_twips), ("hRule", "exact"), ("wrap", "through"),
                 ("vAnchor", "page"), ("hAnchor", "page"),
                 ("x", twips(profile.margin_left - (LETTER_LINE_MM - profile.text_width_mm) / 2)),
                 ("y", twips(y_mm))):
        fr.set(_w(k), str(v))


def letter_mark_bottom_mm(profile: Profile) -> float:
    return LETTER_MARK_TOP_MM + MARK_INK_HEIGHT * profile.mark_size / 72 * 25.4


def _letter_paragraphs(role: str, sid: str, profile: Profile) -> list[etree._Element]:
    """信函格式's mark frame (its ink top 30 mm from the page top), the upper red double line
    (上粗下细) 4 mm under the mark across 170 mm, and the lower one (上细下粗) 20 mm above the
    bottom edge of the page in a frame. The upper line is a body paragraph's top border, its
    line height setting the next line's ink 7/8 of a 3号 character under it (§10.1)."""
    color = profile.mark_color
    out = []
    if role == "letterhead":
        p = etree.Element(_w("p"))
        ppr = _ppr(p, sid)
        top_pt = MARK_INK_TOP * profile.mark_size
        _letter_frame(ppr, LETTER_MARK_TOP_MM - top_pt / 72 * 25.4, mark_line_twips(profile), profile)
        sp = etree.SubElement(ppr, _w("spacing"))
        sp.set(_w("before"), "0")
        return [p]
    side = twips((LETTER_LINE_MM - profile.text_width_mm) / 2)
    line_mm = letter_mark_bottom_mm(profile) + LETTER_LINE_GAP_MM
    # upper line: a paragraph at the top of the type area, its top border on line_mm
    p = etree.Element(_w("p"))
    ppr = _ppr(p, sid)
    bdr = etree.SubElement(ppr, _w("pBdr"))
    top = etree.SubElement(bdr, _w("top"))
    # LibreOffice draws a top border thinThick as the thick line over the thin one (measured)
    for k, v in (("val", "thinThickSmallGap"), ("sz", "18"), ("space", "0"), ("color", color)):
        top.set(_w(k), v)
    etree.SubElement(ppr, _w("snapToGrid")).set(_w("val"), "0")
    sp = etree.SubElement(ppr, _w("spacing"))
    gap_pt = 0.875 * profile.body_size - BODY_INK_TOP_PT
    sp.set(_w("before"), str(max(0, twips(line_mm - profile.margin_top))))
    sp.set(_w("after"), "0")
    sp.set(_w("line"), str(max(20, round(gap_pt * 20))))
    sp.set(_w("lineRule"), "exact")
    ind = etree.SubElement(ppr, _w("ind"))
    for k, v in (("left", -side), ("right", -side), ("firstLine", 0), ("firstLineChars", 0),
                 ("leftChars", 0), ("rightChars", 0)):
        ind.set(_w(k), str(v))
    out.append(p)
    # lower line: an empty frame whose top border lies 20 mm above the bottom edge
    p = etree.Element(_w("p"))
    ppr = _ppr(p, sid)
    # the pair (1.3 mm with its gap, measured) centred on 20 mm above the bottom edge
    _letter_frame(ppr, profile.page_height - LETTER_BOTTOM_MM - 0.75, 40, profile)
    bdr = etree.SubElement(ppr, _w("pBdr"))
    top = etree.SubElement(bdr, _w("top"))
    for k, v in (("val", "thickThinSmallGap"), ("sz", "18"), ("space", "0"), ("color", color)):
        top.set(_w(k), v)
    etree.SubElement(ppr, _w("snapToGrid")).set(_w("val"), "0")
    sp = etree.SubElement(ppr, _w("spacing"))
    for k, v in (("before", "0"), ("after", "0"), ("line", "40"), ("lineRule", "exact")):
        sp.set(_w(k), v)
    ind = etree.SubElement(ppr, _w("ind"))
    for k in ("left", "right", "firstLine", "firstLineChars", "leftChars", "rightChars"):
        ind.set(_w(k), "0")
    out.insert(0, p)  # the frame first, anchored to the line paragraph on the first page
    return out


def _first_page_unnumbered(sect) -> None:
    """信函格式: 首页不显示页码 — "different first page" with no first-page footer."""
    if sect.find(_w("titlePg")) is not None:
        return
    el = etree.Element(_w("titlePg"))
    after = next((sect.find(_w(t)) for t in ("textDirection", "bidi", "rtlGutter", "docGrid",
                                              "printerSettings", "sectPrChange") if sect.find(_w(t)) is not None), None)
    if after is not None:
        after.addprevious(el)
    else:
        sect.append(el)


def _core_xml(title: str) -> bytes:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<dc:title>{escape(_CTRL_RE.sub("", title))}</dc:title><dc:creator>gwreport</dc:creator>'
        '<cp:lastModifiedBy>gwreport</cp:lastModifiedBy>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        '</cp:coreProperties>'
    ).encode("utf-8")


def render_docx_bytes(doc: "Document", profile: Profile | str | None = None,
                      reference: Path | None = None) -> bytes:
    """The .docx file content for doc (no file is touched)."""
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    base = _get_base(prof, Path(reference) if reference else None)
    root = copy.deepcopy(base.doc_root)
    body = root.find(_w("body"))
    sect = body.find(_w("sectPr"))
    own = list(base.masthead or [])
    skip: set[str] = set()
    if own or base.header_masthead:
        skip.add("letterhead")  # the reference's 发文机关标志 stands in for the writer's
        if base.masthead_line:
            skip.add("red_line")
    # the template's red line goes under the 发文字号 (GB/T 9704 §7.2.6), wherever it was drawn
    rules = []
    while own and _red_rule(own[-1]) and not _el_text(own[-1]).strip():
        rules.insert(0, own.pop())
    new = build_body(doc, base.style_ids, prof, skip)
    number = next((i for i, el in enumerate(new) if el.tag == _w("p") and
                   el.find(f"{_w('pPr')}/{_w('pStyle')}") is not None and
                   el.find(f"{_w('pPr')}/{_w('pStyle')}").get(_w("val")) == base.style_ids.get("doc_number")),
                  None)
    if rules and number is not None:
        new[number + 1:number + 1] = [copy.deepcopy(e) for e in rules]
    else:
        own += rules
    for el in [copy.deepcopy(e) for e in own] + new:
        if sect is not None:
            sect.addprevious(el)
        else:
            body.append(el)
    if doc.letter and sect is not None:
        _first_page_unnumbered(sect)
    doc_xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in unique_names(base.order):
            if name == "word/document.xml":
                data = doc_xml
            elif name == "docProps/core.xml":
                data = _core_xml(doc.title or "")
            else:
                data = base.parts[name]
            z.writestr(name, data)
    return buf.getvalue()


def check_output_path(out_path: Path, inputs: tuple[Path, ...] = ()) -> Path:
    """The output guard for a .docx (safeio.guard_output)."""
    from .safeio import guard_output
    return guard_output(out_path, "docx", inputs)


def atomic_write_bytes(out_path: Path, data: bytes) -> None:
    """The one atomic writer (safeio.atomic_write_bytes)."""
    from .safeio import atomic_write_bytes as write
    write(out_path, data)


def write_docx(doc: "Document", out_path: Path, profile: Profile | str | None = None,
               reference: Path | None = None) -> None:
    """Write doc to out_path as a GB/T 9704 .docx (atomically; only over .docx paths).

    reference: a user's .docx whose styles and page settings are used instead of the built-in
    ones (like pandoc's --reference-doc); 公文 styles it lacks are added.
    """
    inputs = (Path(reference),) if reference else ()
    out_path = check_output_path(Path(out_path), inputs)
    if reference is not None:
        from .safeio import regular_file
        regular_file(reference, "参考模板文件")  # missing, folder, FIFO, device: named in Chinese
    data = render_docx_bytes(doc, profile, Path(reference) if reference else None)
    atomic_write_bytes(out_path, data)
