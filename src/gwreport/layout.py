"""GB/T 9704-2012 layout audit of a .docx: page, margins, fonts, sizes, spacing, page numbers.

`audit_docx(path_or_document, profile)` returns Findings (rule ids GW9xx) in the same shape as
the proofreader's, located by paragraph number (body paragraphs and table cells in document
order, the numbering `gwreport check` uses). Page-level findings sit on line 1, column 1.

Every property is resolved the way Word resolves it: run → character style → paragraph style
→ based-on styles → document defaults (theme fonts included). The role of each paragraph
comes from its style (documents written by gwreport) or from its position and text (drafts).
Fonts are compared by typeface category (仿宋, 楷体, 黑体, 小标宋, 宋体), because GB/T 9704
names categories, not font files; set `strict_font_names` in a profile to compare names.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .findings import Finding, sort_findings
from .numbering import parse_marker
from .profile import Profile, load_profile, size_name

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W_NS
A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
GB = "GB/T 9704-2012"


def _w(tag: str) -> str:
    return _W + tag


@dataclass(frozen=True)
class LayoutRule:
    id: str
    severity: str
    description: str
    source: str


LAYOUT_RULES: dict[str, LayoutRule] = {r.id: r for r in [
    LayoutRule("GW901", "warning", "纸张应为 A4（210×297 毫米）", f"{GB} §5.1"),
    LayoutRule("GW902", "warning", "页边距不符：天头 37 毫米、订口 28 毫米（各±1），版心 156×225 毫米", f"{GB} §5.2.1"),
    LayoutRule("GW903", "warning", "行距不符：每页 22 行，固定行距约 28.9 磅", f"{GB} §5.2.3"),
    LayoutRule("GW904", "warning", "字体不符：正文等要素一般用仿宋", f"{GB} §5.2.2、§7"),
    LayoutRule("GW905", "warning", "字号不符：正文等要素用 3 号字（16 磅）", f"{GB} §5.2.2、§7"),
    LayoutRule("GW906", "warning", "标题应为 2 号小标宋体字（22 磅），居中排布", f"{GB} §7.3.1"),
    LayoutRule("GW907", "warning", "结构层次字体：一级黑体、二级楷体、三级和四级仿宋", f"{GB} §7.3.3"),
    LayoutRule("GW908", "warning", "对齐与缩进：主送机关顶格，正文每段首行缩进 2 字", f"{GB} §7.3.2、§7.3.3"),
    LayoutRule("GW909", "warning", "成文日期右空四字，发文机关署名以成文日期为准居中", f"{GB} §7.3.5"),
    LayoutRule("GW910", "warning", "缺少页码，或页码是手工输入的文字而不是自动页码（域）", f"{GB} §7.5"),
    LayoutRule("GW911", "warning", "页码格式：4 号半角宋体阿拉伯数字，两侧各一条一字线“— 1 —”", f"{GB} §7.5"),
    LayoutRule("GW912", "warning", "页码位置：单页码居右空一字，双页码居左空一字（需设置奇偶页不同）", f"{GB} §7.5"),
    LayoutRule("GW913", "warning", "版记（抄送、印发机关和印发日期）一般用 4 号仿宋（14 磅）", f"{GB} §7.4"),
    LayoutRule("GW914", "info", "正文整段加粗", "公文排版惯例"),
    LayoutRule("GW915", "warning", "发文字号与签发人：下行文发文字号居中；上行文发文字号居左空一字、签发人居右空一字，"
               "两者同处一行，签发人姓名用楷体", f"{GB} §7.2.4、§7.2.5"),
]}

# ---------------------------------------------------------------------------------------
# typeface categories
# ---------------------------------------------------------------------------------------
_CATEGORIES = [
    ("小标宋", ("小标宋", "xiaobiaosong", "xbs")),
    ("仿宋", ("仿宋", "fangsong", "fang song", "stfangsong")),
    ("楷体", ("楷", "kaiti", "kai ", "stkaiti", "ukai", "kaiti_gb2312")),
    ("黑体", ("黑体", "simhei", "heiti", "stheiti", "黑体_gbk")),
    ("宋体", ("宋", "simsun", "nsimsun", "song", "ming", "serif cjk", "serif sc")),
]


def font_category(name: str | None) -> str | None:
    if not name:
        return None
    n = name.casefold()
    for cat, keys in _CATEGORIES:
        if any(k in n for k in keys):
            return cat
    return None


def _same_font(actual: str | None, expected: str, strict: bool) -> bool:
    if actual is None:
        return False
    if strict:
        return actual == expected
    ca, ce = font_category(actual), font_category(expected)
    if ce is None:
        return actual == expected
    return ca == ce


def _font_desc(name: str | None) -> str:
    return name if name else "未设置（按默认字体显示）"


# ---------------------------------------------------------------------------------------
# property resolution: the document model's (run → styles → based-on → docDefaults → theme)
# ---------------------------------------------------------------------------------------
from .docmodel import Resolver, _hp, _int, _on, _rfont  # noqa: E402,F401 - shared helpers


def chars(twips: int | None, chars100: int | None, size_pt: float) -> float:
    """An indent in characters: the *Chars value when present and non-zero, else twips / font size."""
    if chars100:
        return chars100 / 100
    if not twips:
        return 0.0
    return twips / (size_pt * 20)


def first_line_chars(pp: dict, size: float) -> float:
    if pp["hangingChars"] or pp["hanging"]:
        return -chars(pp["hanging"], pp["hangingChars"], size)
    return chars(pp["first"], pp["firstChars"], size)


# ---------------------------------------------------------------------------------------
# paragraphs and roles: the one document model and the one role inference
# ---------------------------------------------------------------------------------------
from .docmodel import Block as Para  # noqa: E402 - a paragraph as the model reads it
from .roles import DATE_LINE_RE, DOC_NUMBER_RE, STYLE_ROLES as _STYLE_NAME_ROLES  # noqa: E402,F401
from .roles import guess_line as _guess_line  # noqa: E402,F401


def paragraph_text(p_el) -> str:
    """The text Word shows for one w:p (gwreport.docmodel.visible_text); for a container
    (a footer, a cell) its paragraphs' texts joined by newlines."""
    from .docmodel import visible_text
    if p_el.tag == _w("p"):
        return visible_text(p_el)[0]
    return "\n".join(visible_text(q)[0] for q in p_el.iter(_w("p")))


def text_pieces(p_el) -> list[tuple[int, int, Any]]:
    """(start, end, run element) of every run holding text, in paragraph_text() offsets."""
    from .docmodel import visible_text
    return visible_text(p_el)[1]


def collect_paragraphs(document) -> list[Para]:
    """Body paragraphs and table-cell paragraphs in document order, numbered like `check`,
    with their roles (gwreport.roles) already set."""
    from .docmodel import read_model
    from .roles import assign_model_roles

    model = read_model(document)
    assign_model_roles(model)
    return model.paragraphs


def assign_roles(paras: list[Para]) -> None:
    """Roles for paragraphs from collect_paragraphs (already set there: kept for callers)."""
    from .roles import Item, infer_roles

    if all(getattr(p, "role", None) for p in paras) and any(p.role != "body" for p in paras):
        return
    for p, r in zip(paras, infer_roles([Item(p.shown, p.style_name, p.in_table, bool(p.number))
                                        for p in paras])):
        p.role = r


# ---------------------------------------------------------------------------------------
# audit
# ---------------------------------------------------------------------------------------
@dataclass
class _Ctx:
    profile: Profile
    findings: list[Finding] = field(default_factory=list)

    def page(self, rid: str, message: str) -> None:
        r = LAYOUT_RULES[rid]
        self.findings.append(Finding(rid, r.severity, 1, 1, 1, 1, "", message))

    def para(self, rid: str, p: Para, message: str) -> None:
        r = LAYOUT_RULES[rid]
        self.findings.append(Finding(rid, r.severity, p.index, 1, p.index, len(p.text) + 1, p.text, message))


def _mm(twips: int | None) -> float:
    return (twips or 0) / 1440 * 25.4


def _check_sections(document, ctx: _Ctx) -> None:
    prof = ctx.profile
    try:
        settings = document.settings.element
    except Exception:  # noqa: BLE001 - no settings part
        settings = None
    mirrored = settings is not None and settings.find(_w("mirrorMargins")) is not None
    for n, section in enumerate(document.sections, 1):
        where = f"第{n}节" if len(document.sections) > 1 else "页面设置"
        w, h = section.page_width, section.page_height
        if w is None or h is None:
            continue
        wmm, hmm = w.mm, h.mm
        landscape = wmm > hmm
        if landscape:
            wmm, hmm = hmm, wmm
        if abs(wmm - prof.page_width) > 1.5 or abs(hmm - prof.page_height) > 1.5:
            ctx.page("GW901", f"{where}：纸张为 {wmm:.0f}×{hmm:.0f} 毫米，应为 A4（210×297 毫米）")
        if landscape:
            continue  # a landscape section for a wide table: margins are its own business
        tol = prof.margin_tolerance + 0.05
        wrong = []
        # Word adds the gutter to the binding edge: the left (inside, with mirrored margins)
        # margin, or the top one (gutterAtTop); 订口 is margin + gutter
        gutter = section.gutter.mm if section.gutter is not None else 0.0
        at_top = settings is not None and settings.find(_w("gutterAtTop")) is not None
        inner = "内侧（订口）" if mirrored else "左（订口）"
        outer = "外侧" if mirrored else "右"
        for label, val, want, extra in (("上（天头）", section.top_margin, prof.margin_top, gutter if at_top else 0),
                                        ("下", section.bottom_margin, prof.margin_bottom, 0),
                                        (inner, section.left_margin, prof.margin_left, 0 if at_top else gutter),
                                        (outer, section.right_margin, prof.margin_right, 0)):
            if val is None:
                continue
            got = val.mm + extra
            if abs(got - want) > tol:
                how = f"{val.mm:.1f} + 装订线 {extra:.1f} = {got:.1f}" if extra > 0.05 else f"{got:.1f}"
                wrong.append(f"{label} {how} 毫米（应为 {want:g}）")
        if wrong:
            ctx.page("GW902", f"{where}：页边距不符：" + "；".join(wrong)
                     + f"。版心应为 {prof.text_width_mm:g}×{prof.text_height_mm:g} 毫米")


def _grid_pitch(document) -> float | None:
    try:
        sect = document.sections[-1]._sectPr
    except IndexError:
        return None
    g = sect.find(_w("docGrid"))
    if g is None or g.get(_w("type")) not in ("lines", "linesAndChars", "snapToChars"):
        return None
    lp = _int(g.get(_w("linePitch")))
    return lp / 20 if lp else None


def _majority(values: list[tuple[Any, int]]) -> Any:
    weights: dict[Any, int] = {}
    for v, n in values:
        weights[v] = weights.get(v, 0) + n
    return max(weights.items(), key=lambda kv: kv[1])[0] if weights else None


def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _span_font(res: Resolver, p: Para, start: int, end: int) -> tuple[str | None, bool]:
    """Majority East Asian font of the CJK characters in text[start:end], and whether any."""
    fonts: list[tuple[Any, int]] = []
    for a, b, r in (p.pieces or text_pieces(p.el)):
        lo, hi = max(a, start), min(b, end)
        if lo >= hi:
            continue
        n = sum(1 for c in p.text[lo:hi] if _is_cjk(c))
        if n:
            fonts.append((res.run_props(p.el, r)["font"], n))
    return _majority(fonts), bool(fonts)


def _run_stats(res: Resolver, p: Para, skip: tuple[int, int] | None = None) -> dict:
    """Majority font and size of a paragraph; skip = a (start, end) span whose font is judged
    apart (the 签发人's name in 楷体)."""
    fonts: list[tuple[Any, int]] = []
    sizes: list[tuple[Any, int]] = []
    bold_chars = 0
    total = 0
    pieces = p.pieces if p.pieces or not p.text else text_pieces(p.el)
    for a, b, r in pieces:
        if skip is not None:
            # the characters of this run outside the skipped span
            t = p.text[a:max(a, min(b, skip[0]))] + p.text[max(a, skip[1]):b]
        else:
            t = p.text[a:b]
        t = t.replace("\t", "").replace("\n", "")
        t = t.replace(" ", "").replace("\u3000", "")
        if not t:
            continue
        props = res.run_props(p.el, r)
        n_cjk = sum(1 for c in t if _is_cjk(c))
        if n_cjk:
            fonts.append((props["font"], n_cjk))
        sizes.append((props["size"], len(t)))
        total += len(t)
        if props["bold"]:
            bold_chars += len(t)
    return {"font": _majority(fonts), "has_cjk": bool(fonts), "size": _majority(sizes),
            "bold": total > 0 and bold_chars == total}


_EXPECTED_FONT = {"title": "title", "heading1": "heading1", "heading2": "heading2",
                  "heading3": "heading3", "heading4": "heading4"}
_BODY_LIKE = ("body", "addressee", "signature", "date", "attachment", "doc_number", "signer",
              "runin1", "runin2", "runin3", "runin4")


def _spacing_desc(pp: dict, size: float) -> str:
    line, rule = pp["line"], pp["lineRule"]
    if line is None:
        return "单倍行距"
    if rule in ("exact", "atLeast"):
        return f"{'固定值' if rule == 'exact' else '最小值'} {line / 20:g} 磅"
    mult = line / 240
    return "单倍行距" if abs(mult - 1) < 0.01 else f"{mult:g} 倍行距"


def _pitch(pp: dict, grid_pitch: float | None) -> float | None:
    """The line pitch in points Word lays the paragraph out with, when it is fixed: an exact
    (or at-least) spacing, or single spacing snapped to the document grid."""
    line, rule = pp["line"], pp["lineRule"]
    if line is not None and rule in ("exact", "atLeast"):
        return line / 20
    mult = (line or 240) / 240
    if grid_pitch and pp["snap"] and abs(mult - 1) < 0.01:
        return grid_pitch
    return None


def lines_per_page(pitch: float, prof: Profile) -> int:
    """Lines of that pitch the standard's type area (225 mm) holds; a line may overhang by 1 pt
    (Word's rounding of twips), so 29 pt still gives 22 and 27 pt gives 23."""
    return int((prof.text_height_mm / 25.4 * 72 + 1.0) // pitch)


def _spacing_ok(pp: dict, grid_pitch: float | None, prof: Profile) -> bool:
    pitch = _pitch(pp, grid_pitch)
    return pitch is not None and pitch > 0 and lines_per_page(pitch, prof) == prof.lines_per_page


def _horizontal(document, res: Resolver, p: Para, prof: Profile) -> tuple[float, float, float]:
    """(start, end, type-area width) of a short paragraph's text in characters from the left
    edge of the type area, whatever placed it there (alignment, indents, leading spaces)."""
    from .docx_writer import text_width

    pp = res.para_props(p.el)
    size = _run_stats(res, p)["size"] or prof.body_size
    width = _text_width_twips(document, prof) / (size * 20)
    text = p.text.rstrip(" \u3000\t")
    lead = _lead_chars(text)
    w = text_width(text.strip())
    left = chars(pp["left"], pp["leftChars"], size)
    right = chars(pp["right"], pp["rightChars"], size)
    first = first_line_chars(pp, size)
    jc = pp["jc"]
    if jc == "right":
        end = width - right
        return end - w, end, width
    if jc == "center":
        start = left + first + lead + (width - left - right - first - lead - w) / 2
        return start, start + w, width
    start = left + first + lead
    return start, start + w, width


def _date_signature_problem(document, res: Resolver, date: Para, paras: list, prof: Profile) -> str | None:
    """GB/T 9704 §7.3.5: sealed — 成文日期 right four characters; unsealed (§7.3.5.2) — the date
    one line under the 署名, its first character two characters right of the 署名's first one,
    right two characters when it is the longer line. Either layout is correct."""
    _s, d_end, width = _horizontal(document, res, date, prof)
    d_right = width - d_end
    if 3 <= d_right <= 5.2:
        return None
    sig = _signature_above(paras, date)
    if sig is not None and _unsealed_ok(document, res, sig, date, prof):
        return None
    if res.para_props(date.el)["jc"] != "right" and d_right > 8:
        return "成文日期应居右，右空四字（加盖印章）；不加盖印章时首字比发文机关署名首字右移二字"
    return (f"成文日期右空 {max(d_right, 0):.1f} 字，应右空四字（加盖印章）；不加盖印章时首字比"
            "发文机关署名首字右移二字（GB/T 9704 §7.3.5.2）")


def _signature_above(paras: list, date: Para):
    i = paras.index(date)
    return paras[i - 1] if i > 0 and paras[i - 1].role == "signature" else None


def _unsealed_ok(document, res: Resolver, sig: Para, date: Para, prof: Profile) -> bool:
    s_start, s_end, width = _horizontal(document, res, sig, prof)
    d_start, d_end, _w2 = _horizontal(document, res, date, prof)
    s_right, d_right = width - s_end, width - d_end
    if not 1.4 <= d_start - s_start <= 2.6:
        return False
    # the 署名 right two characters, or the date right two when it is the longer line
    return (1.5 <= s_right <= 2.6 and d_right >= 1.5) or (1.5 <= d_right <= 2.6 and s_right >= 1.5)


def _signature_problem(document, res: Resolver, sig: Para, date: Para, prof: Profile) -> str | None:
    s_start, s_end, width = _horizontal(document, res, sig, prof)
    d_start, d_end, _w2 = _horizontal(document, res, date, prof)
    if abs((s_start + s_end) / 2 - (d_start + d_end) / 2) <= 1.6:
        return None  # sealed: centred over the date
    if _unsealed_ok(document, res, sig, date, prof):
        return None
    if s_end < width / 2:
        return "发文机关署名应位于成文日期之上、以成文日期为准居中（加盖印章），或右空二字（不加盖印章）"
    return ("发文机关署名应以成文日期为准居中编排（加盖印章）；不加盖印章时署名右空二字、"
            "成文日期首字比署名首字右移二字（GB/T 9704 §7.3.5）")


def _check_paragraphs(document, paras: list[Para], ctx: _Ctx) -> None:
    prof = ctx.profile
    strict = getattr(prof, "strict_font_names", False)
    res = Resolver(document)
    grid = _grid_pitch(document)
    date_para = next((p for p in paras if p.role == "date"), None)
    for p in paras:
        role = p.role
        if p.in_table or role in ("empty", "letterhead") or not p.text.strip():
            continue
        name = _signer_name_span(p.text, role)
        st = _run_stats(res, p, name)
        pp = res.para_props(p.el)
        size = st["size"] or prof.body_size
        # fonts
        if st["has_cjk"]:
            if role in _EXPECTED_FONT:
                want = prof.font_for(role)
                if not _same_font(st["font"], want, strict):
                    rid = "GW906" if role == "title" else "GW907"
                    label = {"title": "标题", "heading1": "一级标题", "heading2": "二级标题",
                             "heading3": "三级标题", "heading4": "四级标题"}[role]
                    ctx.para(rid, p, f"{label}字体为{_font_desc(st['font'])}，应为{want}")
            elif role in _BODY_LIKE or role in ("cc", "printer"):
                if role.startswith("runin"):
                    pass  # the heading part may differ; judged by size only
                elif not _same_font(st["font"], prof.body_font, strict):
                    ctx.para("GW904", p, f"字体为{_font_desc(st['font'])}，应为{prof.body_font}")
        # sizes
        if role == "title":
            if abs(size - prof.title_size) > 0.3:
                ctx.para("GW906", p, f"标题字号为{size_name(size)}，应为{size_name(prof.title_size)}")
            if pp["jc"] not in ("center",):
                ctx.para("GW906", p, "标题应居中排布")
        elif role in ("cc", "printer"):
            if abs(size - prof.colophon_size) > 0.3:
                ctx.para("GW913", p, f"版记字号为{size_name(size)}，应为{size_name(prof.colophon_size)}")
        elif role.startswith("heading") or role in _BODY_LIKE:
            if abs(size - prof.body_size) > 0.3:
                ctx.para("GW905", p, f"字号为{size_name(size)}，应为{size_name(prof.body_size)}")
        # line spacing (title may be set differently; 版记 lines have their own rules)
        if (role.startswith("heading") or role in _BODY_LIKE) and not _spacing_ok(pp, grid, prof):
            pitch = _pitch(pp, grid)
            n = f"，每页 {lines_per_page(pitch, prof)} 行" if pitch else ""
            ctx.para("GW903", p, f"行距为{_spacing_desc(pp, size)}{n}，应为固定值约 "
                                 f"{prof.line_pitch_pt:g} 磅（每页 {prof.lines_per_page} 行）")
        # indents and alignment
        text = p.text
        manual = len(text) - len(text.lstrip(" \u3000\t"))
        first = first_line_chars(pp, size)
        left = chars(pp["left"], pp["leftChars"], size)
        if role == "body" and len(text.strip()) >= 4:
            lead = sum(1.0 if c == "\u3000" else 0.5 for c in text[:manual] if c in " \u3000")
            if not 1.5 <= first + left + lead <= 2.6 and "\t" not in text[:manual]:
                ctx.para("GW908", p, f"正文首行缩进 {first + left + lead:.1f} 字，应为 2 字")
        elif role == "addressee":
            if abs(first) + left + manual > 0.4:
                ctx.para("GW908", p, "主送机关应顶格（左侧不缩进）")
            elif pp["jc"] in ("center", "right"):
                ctx.para("GW908", p, "主送机关应居左顶格")
        elif role == "date":
            msg = _date_signature_problem(document, res, p, paras, prof)
            if msg:
                ctx.para("GW909", p, msg)
        elif role == "signature" and date_para is not None:
            msg = _signature_problem(document, res, p, date_para, prof)
            if msg:
                ctx.para("GW909", p, msg)
        if role == "body" and st["bold"] and len(text.strip()) > 30:
            ctx.para("GW914", p, "正文整段加粗；加粗一般只用于个别需要强调的文字")
        if role in ("doc_number", "signer"):
            _check_doc_number_line(document, res, p, pp, size, name, ctx,
                                   separate_signer=any(q.role == "signer" for q in paras))


def _signer_name_span(text: str, role: str) -> tuple[int, int] | None:
    """(start, end) of the 签发人's name in a 发文字号 line that carries it, or in a 签发人 line."""
    from .docx_writer import signer_label_end, split_signer_line

    end = len(text.rstrip(" \u3000\t"))
    if role == "doc_number":
        split = split_signer_line(text)
        if split is None:
            return None
        start = end - len(split[2])
        cut = signer_label_end(split[2])
    elif role == "signer":
        start = len(text) - len(text.lstrip(" \u3000\t"))
        cut = signer_label_end(text[start:end])
    else:
        return None
    if not cut or start + cut >= end:
        return None
    return start + cut, end


def _lead_chars(text: str) -> float:
    lead = text[:len(text) - len(text.lstrip(" \u3000"))]
    return sum(1.0 if c == "\u3000" else 0.5 for c in lead)


def _text_width_twips(document, prof: Profile) -> int:
    try:
        sec = document.sections[-1]
        w = sec.page_width - sec.left_margin - sec.right_margin
        if w > 0:
            return round(w / 635)  # EMU -> twips
    except Exception:  # noqa: BLE001 - odd section settings: fall back to the profile
        pass
    return round(prof.text_width_mm * 1440 / 25.4)


def _check_doc_number_line(document, res: Resolver, p: Para, pp: dict, size: float,
                           name: tuple[int, int] | None, ctx: _Ctx, *, separate_signer: bool = False) -> None:
    """GB/T 9704 §7.2.4/§7.2.5: 下行文 发文字号 centred; 上行文 发文字号 left one character in and
    签发人 right one character in on the same line, the name in 楷体."""
    from .docx_writer import split_signer_line

    prof = ctx.profile
    strict = getattr(prof, "strict_font_names", False)
    text = p.text
    if name is not None:
        font, has = _span_font(res, p, *name)
        want = prof.signer_name_font
        if has and not _same_font(font, want, strict):
            ctx.para("GW915", p, f"签发人姓名字体为{_font_desc(font)}，应为{want}")
    if p.role == "signer":
        ctx.para("GW915", p, "签发人应与发文字号排在同一行：发文字号居左空一字，签发人居右空一字；"
                             "可把两段合并，中间用一个制表符（Tab）分隔")
        return
    split = split_signer_line(text)
    jc = pp["jc"]
    lead = _lead_chars(text)
    if split is None:
        # right-aligned is the 信函格式 (GB/T 9704 §10.1: 发文字号 at the right edge), so left alone;
        # with a separate 签发人 line the finding goes on that line
        if jc not in ("center", "right", "end") and lead < 6 and not separate_signer:
            ctx.para("GW915", p, "发文字号应居中（下行文）；上行文的发文字号与签发人排在同一行，"
                                 "发文字号居左空一字")
        return
    left = chars(pp["left"], pp["leftChars"], size) + first_line_chars(pp, size) + lead
    if jc in ("center", "right", "end", "distribute"):
        ctx.para("GW915", p, "发文字号与签发人同一行时，发文字号应居左空一字（段落左对齐），签发人居右空一字")
        return
    if not 0.5 <= left <= 1.6:
        ctx.para("GW915", p, f"发文字号应居左空一字，实际左空 {left:.1f} 字")
    if "\t" not in split[1]:
        ctx.para("GW915", p, "发文字号与签发人之间用空格隔开，签发人的位置不准；应改用一个制表符（Tab）"
                             "和距版心右边一字的右对齐制表位，使签发人居右空一字")
        return
    rights = [pos for pos, val in pp["tabs"].items() if val in ("right", "end")]
    if not rights:
        ctx.para("GW915", p, "签发人没有用右对齐制表位定位，会停在默认制表位上；应在距版心右边一字处"
                             "设右对齐制表位，使签发人居右空一字")
        return
    off = (_text_width_twips(document, prof) - max(rights)) / (size * 20)
    if not 0.5 <= off <= 1.6:
        ctx.para("GW915", p, f"签发人应居右空一字，实际右空 {off:.1f} 字")


def _has_page_field(el) -> bool:
    for instr in el.iter(_w("instrText")):
        if re.search(r"\bPAGE\b", (instr.text or "").upper()):
            return True
    for fs in el.iter(_w("fldSimple")):
        if re.search(r"\bPAGE\b", (fs.get(_w("instr")) or "").upper()):
            return True
    return False


def _footer_blocks(document, model, part: str = "footer") -> dict[str, list]:
    """kind (default/even/first) -> the footer (or header) paragraphs the last section shows
    on such pages, text boxes and frames in them first (a page number usually sits there)."""
    try:
        titlepg = document.sections[-1].different_first_page_header_footer
    except IndexError:
        return {}
    by: dict[str, dict[int, list]] = {}
    boxes = [t for t in model.textboxes if t.part == part]
    for b in boxes + (model.footers if part == "footer" else model.headers):
        if b.kind == "first" and not titlepg:
            continue
        by.setdefault(b.kind, {}).setdefault(b.section, []).append(b)
    # a section without its own footer of a kind shows the previous section's
    return {k: v[max(v)] for k, v in by.items()}


_JC_ZH = {"center": "居中", "right": "居右", "left": "居左", "inside": "内侧", "outside": "外侧"}


def _check_page_numbers(document, ctx: _Ctx, model=None) -> None:
    from .docmodel import read_model

    prof = ctx.profile
    model = model or read_model(document)
    footers = _footer_blocks(document, model)
    with_field: list[tuple[str, Any]] = []
    for kind, blocks in footers.items():
        b = next((b for b in blocks if _has_page_field(b.el)), None)
        if b is not None:
            with_field.append((kind, b))
    if not with_field:
        # a page number in a frame or text box anchored in the header (Word lets a frame sit
        # anywhere on the page; some templates put the bottom page number there)
        for kind, blocks in _footer_blocks(document, model, "header").items():
            b = next((b for b in blocks if (b.frame or b.in_textbox) and _has_page_field(b.el)), None)
            if b is not None:
                with_field.append((kind, b))
    if not with_field:
        static = [k for k, bs in footers.items() if any(re.search(r"\d", b.text) for b in bs)]
        if static:
            ctx.page("GW910", "页脚中的页码是手工输入的数字，不会随页变化；应插入自动页码（PAGE 域）")
        else:
            ctx.page("GW910", "文档没有页码；应在页脚插入“— 1 —”式自动页码，单页居右、双页居左")
        return
    res = model.resolver
    even_odd = bool(document.settings.odd_and_even_pages_header_footer)
    kinds = {k for k, _ in with_field}
    # a frame or text box aligned "outside" puts odd page numbers right and even ones left by itself
    outside = all(b.frame.get("xAlign") == "outside" for _, b in with_field)
    if not outside and (not even_odd or "even" not in kinds):
        ctx.page("GW912", "未设置“奇偶页不同”页码，无法做到单页码居右、双页码居左"
                          "（或把页码放进对齐方式为“外侧”的图文框）")
    for kind, b in with_field:
        p = b.el
        label = {"default": "单页" if even_odd else "", "even": "双页", "first": "首页"}[kind]
        # the visible text around the field: field results are the digits
        text = b.text
        if not re.search(r"[—－―]\s*\S*\s*[—－―]", text) and "—" not in text:
            ctx.page("GW911", f"{label}页码两侧缺少一字线，应为“— 1 —”")
        sizes = []
        for a, z, r in b.pieces:
            t = text[a:z].strip()
            if t:
                sizes.append((res.run_props(p, r)["size"], len(t)))
        size = _majority(sizes)
        if size is not None and abs(size - prof.page_number_size) > 0.3:
            ctx.page("GW911", f"{label}页码字号为{size_name(size)}，应为{size_name(prof.page_number_size)}")
        latin = _latin_font(res, p)
        if latin and font_category(latin) not in ("宋体", None) and font_category(latin) != \
                font_category(prof.page_number_font):
            ctx.page("GW911", f"{label}页码字体为{latin}，应为{prof.page_number_font}")
        frame = b.frame.get("xAlign")
        if frame == "outside":
            continue
        if frame == "inside":
            ctx.page("GW912", f"{label}页码框对齐方式为“内侧”（单页居左、双页居右），应为“外侧”")
            continue
        jc = frame if frame in ("left", "right", "center") else res.para_props(p)["jc"]
        if jc == "both":
            jc = "left"
        want = {"default": "right", "even": "left", "first": "right"}[kind] if even_odd else "right"
        if even_odd and jc != want:
            ctx.page("GW912", f"{label}页码应{'居右' if want == 'right' else '居左'}，实际{_JC_ZH.get(jc, jc)}")


def _latin_font(res: Resolver, p) -> str | None:
    from .docmodel import visible_text

    text, pieces, _ = visible_text(p)
    font = None
    for a, z, r in pieces:
        if not text[a:z].strip():
            continue
        for rpr in res._rpr_layers(p, r):
            font = _rfont(rpr, "ascii", res.theme, font)
        break
    return font


def _merge(findings: list[Finding], paras: list[Para]) -> list[Finding]:
    """Consecutive paragraphs with the same rule and message become one finding over the range."""
    page = [f for f in findings if f.line == 1 and f.column == 1 and f.end_column == 1 and not f.text]
    page_ids = {id(f) for f in page}
    rest = sorted((f for f in findings if id(f) not in page_ids), key=lambda f: (f.rule, f.message, f.line))
    by_line = {p.index: p for p in paras}
    # paragraphs that do not take part (empty lines) do not break a run
    skip = {p.index for p in paras if p.role == "empty" or not p.text.strip()}
    out: list[Finding] = []
    for f in rest:
        last = out[-1] if out else None
        if last is not None and last.rule == f.rule and last.message.split("（共")[0] == f.message \
                and all(i in skip for i in range(last.end_line + 1, f.line)):
            n = int(re.search(r"（共(\d+)段）", last.message).group(1)) + 1 \
                if "（共" in last.message else 2
            last.message = f.message + f"（共{n}段）"
            last.end_line = f.line
            last.end_column = len(by_line[f.line].text) + 1
            if len(last.text) > 40:
                last.text = last.text[:40] + "…"
            continue
        out.append(Finding(f.rule, f.severity, f.line, f.column, f.end_line, f.end_column, f.text,
                           f.message, list(f.suggestions), f.fix))
    for f in out:
        if f.end_line != f.line and len(f.text) > 40:
            f.text = f.text[:40] + "…"
    return page + out


def audit_docx(source: Path | str | Any, profile: Profile | str | None = None) -> list[Finding]:
    """Layout findings (GW9xx) for a .docx path or an open python-docx Document."""
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    document = _open(source)
    ctx = _Ctx(prof)
    _check_sections(document, ctx)
    from .docmodel import read_model
    from .roles import assign_model_roles

    model = read_model(document)  # read once: paragraphs, footers, text boxes, numbering
    assign_model_roles(model)
    _check_page_numbers(document, ctx, model)
    paras = model.paragraphs
    _check_paragraphs(document, paras, ctx)
    return sort_findings(_merge(ctx.findings, paras))


def _open(source):
    if hasattr(source, "part") and hasattr(source, "sections"):
        return source
    from .errors import InputError

    path = Path(source)
    try:
        import docx

        return docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"{path}：已损坏或不是 Word 文档（.docx），无法打开；请在 Word 或 WPS 中另存为 .docx 后重试") from None


def roles_of(source) -> list[tuple[int, str, str]]:
    """(paragraph number, role, text) for every paragraph — for debugging and `format`."""
    paras = collect_paragraphs(_open(source))
    assign_roles(paras)
    return [(p.index, p.role, p.text) for p in paras]


def layout_rules() -> Iterable[LayoutRule]:
    return LAYOUT_RULES.values()


def layout_registry_rules() -> list:
    """The GW9xx rules as registry entries (gwreport.rules lists and selects them)."""
    from .findings import Rule

    return [Rule(r.id, r.severity, r.description + "（仅 .docx）", r.source, False, True, "layout", "code")
            for r in LAYOUT_RULES.values()]
