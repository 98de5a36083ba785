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
# property resolution
# ---------------------------------------------------------------------------------------
def _hp(el) -> float | None:
    if el is None:
        return None
    v = el.get(_w("val"))
    try:
        return int(v) / 2
    except (TypeError, ValueError):
        return None


def _on(el) -> bool | None:
    if el is None:
        return None
    return el.get(_w("val"), "true") not in ("0", "false", "off")


class Resolver:
    """Effective run and paragraph properties through styles, based-on chains and docDefaults."""

    def __init__(self, document) -> None:
        styles_el = document.styles.element
        self.styles = {s.get(_w("styleId")): s for s in styles_el.findall(_w("style"))}
        self.default_para = None
        self.default_char = None
        for sid, s in self.styles.items():
            if s.get(_w("default")) in ("1", "true"):
                if s.get(_w("type")) == "paragraph":
                    self.default_para = sid
                elif s.get(_w("type")) == "character":
                    self.default_char = sid
        dd = styles_el.find(_w("docDefaults"))
        self.def_rpr = dd.find(f"{_w('rPrDefault')}/{_w('rPr')}") if dd is not None else None
        self.def_ppr = dd.find(f"{_w('pPrDefault')}/{_w('pPr')}") if dd is not None else None
        self.theme = self._theme_fonts(document)
        self._cache: dict[tuple, Any] = {}

    @staticmethod
    def _theme_fonts(document) -> dict[str, str]:
        out: dict[str, str] = {}
        try:
            from lxml import etree

            for rel in document.part.rels.values():
                if rel.reltype.endswith("/theme") and not rel.is_external:
                    root = etree.fromstring(rel.target_part.blob)
                    for kind in ("major", "minor"):
                        fnt = root.find(f".//{A_NS}{kind}Font")
                        if fnt is None:
                            continue
                        ea = fnt.find(f"{A_NS}ea")
                        face = ea.get("typeface") if ea is not None else ""
                        if not face:
                            for f in fnt.findall(f"{A_NS}font"):
                                if f.get("script") == "Hans":
                                    face = f.get("typeface")
                        lat = fnt.find(f"{A_NS}latin")
                        out[f"{kind}EastAsia"] = face or ""
                        out[f"{kind}HAnsi"] = lat.get("typeface") if lat is not None else ""
                        out[f"{kind}Ascii"] = out[f"{kind}HAnsi"]
                    break
        except Exception:  # noqa: BLE001 - a broken theme only loses theme fonts
            pass
        return out

    def chain(self, sid: str | None) -> list:
        """Style elements from the root of the based-on chain down to sid."""
        out = []
        seen = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            st = self.styles[sid]
            out.append(st)
            b = st.find(_w("basedOn"))
            sid = b.get(_w("val")) if b is not None else None
        return list(reversed(out))

    def _rpr_layers(self, p_el, r_el) -> list:
        layers = [self.def_rpr]
        ppr = p_el.find(_w("pPr"))
        ps = ppr.find(_w("pStyle")) if ppr is not None else None
        psid = ps.get(_w("val")) if ps is not None else self.default_para
        layers += [s.find(_w("rPr")) for s in self.chain(psid)]
        rpr = r_el.find(_w("rPr")) if r_el is not None else None
        rs = rpr.find(_w("rStyle")) if rpr is not None else None
        if rs is not None:
            layers += [s.find(_w("rPr")) for s in self.chain(rs.get(_w("val")))]
        layers.append(rpr)
        return [x for x in layers if x is not None]

    def run_props(self, p_el, r_el) -> dict:
        east = None
        size = None
        bold = False
        for rpr in self._rpr_layers(p_el, r_el):
            east = _rfont(rpr, "eastAsia", self.theme, east)
            s = _hp(rpr.find(_w("sz")))
            if s:
                size = s
            b = _on(rpr.find(_w("b")))
            if b is not None:
                bold = b
        return {"font": east, "size": size or 10.0, "bold": bold}

    def para_props(self, p_el) -> dict:
        ppr = p_el.find(_w("pPr"))
        ps = ppr.find(_w("pStyle")) if ppr is not None else None
        psid = ps.get(_w("val")) if ps is not None else self.default_para
        layers = [self.def_ppr] + [s.find(_w("pPr")) for s in self.chain(psid)] + [ppr]
        out: dict[str, Any] = {"jc": "left", "line": None, "lineRule": "auto", "snap": True,
                               "first": None, "firstChars": None, "hanging": None, "hangingChars": None,
                               "left": 0, "leftChars": None, "right": 0, "rightChars": None}
        tabs: dict[int, str] = {}  # custom tab stops: position (twips) -> alignment
        out["tabs"] = tabs
        for pp in layers:
            if pp is None:
                continue
            tb = pp.find(_w("tabs"))
            if tb is not None:
                for t in tb.findall(_w("tab")):
                    pos = _int(t.get(_w("pos")))
                    if pos is None:
                        continue
                    if t.get(_w("val")) == "clear":
                        tabs.pop(pos, None)
                    else:
                        tabs[pos] = t.get(_w("val")) or "left"
            jc = pp.find(_w("jc"))
            if jc is not None and jc.get(_w("val")):
                out["jc"] = jc.get(_w("val"))
            sp = pp.find(_w("spacing"))
            if sp is not None and sp.get(_w("line")) is not None:
                try:
                    out["line"] = int(sp.get(_w("line")))
                except ValueError:
                    pass
                out["lineRule"] = sp.get(_w("lineRule"), "auto")
            sg = pp.find(_w("snapToGrid"))
            if sg is not None:
                out["snap"] = _on(sg)
            ind = pp.find(_w("ind"))
            if ind is not None:
                g = {k: ind.get(_w(k)) for k in ("firstLine", "firstLineChars", "hanging", "hangingChars",
                                                  "left", "leftChars", "start", "startChars",
                                                  "right", "rightChars", "end", "endChars")}
                if any(g[k] is not None for k in ("firstLine", "firstLineChars", "hanging", "hangingChars")):
                    out["first"] = _int(g["firstLine"])
                    out["firstChars"] = _int(g["firstLineChars"])
                    out["hanging"] = _int(g["hanging"])
                    out["hangingChars"] = _int(g["hangingChars"])
                lft = g["left"] if g["left"] is not None else g["start"]
                lch = g["leftChars"] if g["leftChars"] is not None else g["startChars"]
                if lft is not None or lch is not None:
                    out["left"], out["leftChars"] = _int(lft) or 0, _int(lch)
                rgt = g["right"] if g["right"] is not None else g["end"]
                rch = g["rightChars"] if g["rightChars"] is not None else g["endChars"]
                if rgt is not None or rch is not None:
                    out["right"], out["rightChars"] = _int(rgt) or 0, _int(rch)
        return out


def _int(v) -> int | None:
    if v is None:
        return None
    try:
        return int(float(v))
    except ValueError:
        return None


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
# paragraphs and roles
# ---------------------------------------------------------------------------------------
_STYLE_NAME_ROLES = {
    "公文标题": "title", "主送机关": "addressee", "公文正文": "body",
    "公文一级标题": "heading1", "公文二级标题": "heading2", "公文三级标题": "heading3",
    "公文四级标题": "heading4", "发文字号": "doc_number", "签发人": "signer", "附件说明": "attachment",
    "发文机关署名": "signature", "成文日期": "date", "版记": "colophon", "公文表格": "table_cell",
    "发文机关标志": "letterhead", "份号": "copy_number", "密级和保密期限": "secrecy", "紧急程度": "urgency",
    "版头分隔线": "red_line",
}
DATE_LINE_RE = re.compile(
    r"^[\s\u3000]*(?:\d{2,4}|[〇○零一二三四五六七八九]{2,4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,3}\s*月"
    r"\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日[\s\u3000]*$")
DOC_NUMBER_RE = re.compile(r"^[\s\u3000]*\S{1,15}[\[\(（〔【［]\s*\d{2,4}\s*[\]\)）〕】］]\s*第?\s*\d+\s*号")
_TITLE_END = ("报告", "通知", "通报", "总结", "方案", "请示", "意见", "函", "纪要", "决定", "办法",
              "规定", "计划", "说明", "要点", "批复", "公告", "通告", "决议", "命令", "议案", "细则")


@dataclass
class Para:
    index: int  # 1-based paragraph number (body paragraphs and table cells in order)
    el: Any
    text: str
    in_table: bool
    style_name: str = ""
    role: str = "body"


def _live_run_children(p_el):
    """(run, child) for every child of the paragraph's runs, skipping deleted and moved-away text."""
    for r in p_el.iter(_w("r")):
        parent = r.getparent()
        if parent is not None and parent.tag in (_w("del"), _w("moveFrom")):
            continue
        for child in r:
            yield r, child


def paragraph_text(p_el) -> str:
    out = []
    for _r, child in _live_run_children(p_el):
        tag = child.tag
        if tag == _w("t"):
            out.append(child.text or "")
        elif tag == _w("tab"):
            out.append("\t")
        elif tag in (_w("br"), _w("cr")):
            out.append("\n")
    return "".join(out)


def text_pieces(p_el) -> list[tuple[int, int, Any]]:
    """(start, end, run element) of every w:t piece, in paragraph_text() offsets."""
    out = []
    pos = 0
    for r, child in _live_run_children(p_el):
        tag = child.tag
        if tag == _w("t"):
            n = len(child.text or "")
            if n:
                out.append((pos, pos + n, r))
            pos += n
        elif tag in (_w("tab"), _w("br"), _w("cr")):
            pos += 1
    return out


def collect_paragraphs(document) -> list[Para]:
    """Body paragraphs and table-cell paragraphs in document order, numbered like `check`."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    paras: list[Para] = []
    # style names straight from styles.xml: python-docx's Paragraph.style scans every style
    # for the default on each call, which made 200 paragraphs cost a second
    names: dict[str, str] = {}
    default = ""
    for st in document.styles.element.findall(_w("style")):
        if st.get(_w("type")) != "paragraph":
            continue
        n = st.find(_w("name"))
        names[st.get(_w("styleId"))] = n.get(_w("val")) if n is not None else ""
        if st.get(_w("default")) in ("1", "true"):
            default = names[st.get(_w("styleId"))]
    builtin = {"normal": "Normal", "heading 1": "Heading 1", "heading 2": "Heading 2",
               "heading 3": "Heading 3", "heading 4": "Heading 4", "title": "Title"}

    def style_name(p) -> str:
        ppr = p._p.pPr
        ps = ppr.find(_w("pStyle")) if ppr is not None else None
        if ps is None:
            name = default
        else:
            name = names.get(ps.get(_w("val")), default)
        return builtin.get(name.lower(), name) if name else ""

    def walk_table(tbl):
        seen: list = []  # merged cells repeat; keep the elements (an id() could be reused)
        for row in tbl.rows:
            for cell in row.cells:
                if any(cell._tc is s for s in seen):
                    continue
                seen.append(cell._tc)
                for item in cell.iter_inner_content():
                    if isinstance(item, Paragraph):
                        paras.append(Para(len(paras) + 1, item._p, paragraph_text(item._p), True,
                                          style_name(item), "table_cell"))
                    else:
                        walk_table(item)

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            paras.append(Para(len(paras) + 1, item._p, paragraph_text(item._p), False, style_name(item)))
        elif isinstance(item, Table):
            walk_table(item)
    return paras


def _is_title_text(t: str) -> bool:
    return (0 < len(t) <= 80 and parse_marker(t) is None and not any(p in t[:-1] for p in "。！？；")
            and not t.endswith(("：", ":")) and ("关于" in t or t.rstrip("。").endswith(_TITLE_END)))


def assign_roles(paras: list[Para]) -> None:
    """Role of each paragraph from its style (gwreport documents) or its position and text."""
    body = [p for p in paras if not p.in_table]
    for p in paras:  # the 版记 table gwreport writes: its cells are 版记 lines
        if p.in_table and _STYLE_NAME_ROLES.get(p.style_name) == "colophon" and p.text.strip():
            p.role = "printer" if p.text.strip().endswith("印发") else "cc"
    if any(p.style_name in _STYLE_NAME_ROLES for p in body):
        for p in body:
            role = _STYLE_NAME_ROLES.get(p.style_name)
            if role is None or (not p.text.strip() and role != "red_line"):
                role = "empty" if not p.text.strip() else _guess_line(p.text)
            if role == "colophon":
                role = "printer" if p.text.strip().endswith("印发") else "cc"
            p.role = role
        return
    stage = "head"  # head → title → after_title → body
    title_seen = False
    last_nonempty: Para | None = None
    for i, p in enumerate(body):
        t = p.text.strip()
        if not t:
            p.role = "empty"
            if stage == "title":
                stage = "after_title"
            continue
        role = None
        if stage == "head":
            if DOC_NUMBER_RE.match(t):
                role = "doc_number"
            elif t.startswith("签发人"):
                role = "signer"
            elif t.endswith("文件") and len(t) <= 30:
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
        if role is None:
            if stage == "head":
                stage = "body"
            role = _guess_line(t)
            if role == "attachment_more" and last_nonempty is not None and \
                    last_nonempty.role == "attachment":
                role = "attachment"
            elif role == "attachment_more":
                role = "body"
        p.role = role
        last_nonempty = p
    # signature: the non-empty line right above a date line
    for i, p in enumerate(body):
        if p.role == "date":
            j = i - 1
            while j >= 0 and body[j].role == "empty" and i - j <= 1:
                j -= 1
            if j >= 0 and body[j].role == "body":
                t = body[j].text.strip()
                if len(t) <= 40 and not any(c in t for c in "。；：，"):
                    body[j].role = "signature"


def _guess_line(t: str) -> str:
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
    m = parse_marker(t)
    if m is not None:
        rest = t[m.end:].strip()
        first = re.split(r"[。！？；]", rest, maxsplit=1)[0]
        if rest and len(first) <= 40:
            # a run-in heading ("1.标题。正文……") keeps the body font for its body part
            return f"heading{m.level}" if len(rest) - len(first) <= 1 else f"runin{m.level}"
    return "body"


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
        for label, val, want in (("上（天头）", section.top_margin, prof.margin_top),
                                 ("下", section.bottom_margin, prof.margin_bottom),
                                 ("左（订口）", section.left_margin, prof.margin_left),
                                 ("右", section.right_margin, prof.margin_right)):
            if val is None:
                continue
            if abs(val.mm - want) > tol:
                wrong.append(f"{label} {val.mm:.1f} 毫米（应为 {want:g}）")
        gutter = section.gutter.mm if section.gutter is not None else 0
        if gutter > 0.5:
            wrong.append(f"装订线 {gutter:.1f} 毫米（应为 0）")
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
    for a, b, r in text_pieces(p.el):
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
    pieces = text_pieces(p.el) if skip else None
    for r in p.el.iter(_w("r")):
        if pieces is not None:
            # the characters of this run outside the skipped span
            t = "".join(p.text[a:max(a, min(b, skip[0]))] + p.text[max(a, skip[1]):b]
                        for a, b, rr in pieces if rr is r)
        else:
            t = "".join(x.text or "" for x in r.findall(_w("t")))
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


def _spacing_ok(pp: dict, grid_pitch: float | None, prof: Profile) -> bool:
    lo, hi = prof.line_pitch_pt - 1.5, prof.line_pitch_pt + 1.2
    line, rule = pp["line"], pp["lineRule"]
    if line is not None and rule in ("exact", "atLeast"):
        return lo <= line / 20 <= hi
    mult = (line or 240) / 240
    if grid_pitch and pp["snap"] and lo <= grid_pitch <= hi and abs(mult - 1) < 0.01:
        return True  # single spacing snapped to a 22-line document grid
    return False


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
            ctx.para("GW903", p, f"行距为{_spacing_desc(pp, size)}，应为固定值约 "
                                 f"{prof.line_pitch_pt:g} 磅（每页 22 行）")
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
            right = chars(pp["right"], pp["rightChars"], size)
            if pp["jc"] != "right":
                if manual < 8:  # not pushed right by hand either
                    ctx.para("GW909", p, "成文日期应居右，右空四字")
            elif not 3 <= right <= 5.2:
                ctx.para("GW909", p, f"成文日期右空 {right:.1f} 字，应右空四字")
        elif role == "signature" and date_para is not None:
            dpp = res.para_props(date_para.el)
            if pp["jc"] == "right" and dpp["jc"] == "right":
                from .docx_writer import text_width

                sr = chars(pp["right"], pp["rightChars"], size)
                dr = chars(dpp["right"], dpp["rightChars"], size)
                sc = sr + text_width(text.strip()) / 2
                dc = dr + text_width(date_para.text.strip()) / 2
                if abs(sc - dc) > 1.6:
                    ctx.para("GW909", p, "发文机关署名应以成文日期为准居中编排")
            elif pp["jc"] in ("left", "both") and manual < 8 and first < 8 and left < 8:
                ctx.para("GW909", p, "发文机关署名应位于成文日期之上、以成文日期为准居中")
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


def _footer_parts(document) -> list[tuple[str, Any]]:
    """(kind, footer element) for the footers the last section uses."""
    out = []
    try:
        section = document.sections[-1]
    except IndexError:
        return out
    for kind, ft in (("default", section.footer), ("even", section.even_page_footer),
                     ("first", section.first_page_footer)):
        if kind == "first" and not section.different_first_page_header_footer:
            continue
        try:
            if ft.is_linked_to_previous and len(document.sections) == 1:
                continue
            out.append((kind, ft._element))
        except Exception:  # noqa: BLE001
            continue
    return out


def _has_page_field(el) -> bool:
    for instr in el.iter(_w("instrText")):
        if re.search(r"\bPAGE\b", (instr.text or "").upper()):
            return True
    for fs in el.iter(_w("fldSimple")):
        if re.search(r"\bPAGE\b", (fs.get(_w("instr")) or "").upper()):
            return True
    return False


def _page_number_paragraph(el):
    for p in el.iter(_w("p")):
        if _has_page_field(p):
            return p
    return None


def _check_page_numbers(document, ctx: _Ctx) -> None:
    prof = ctx.profile
    footers = _footer_parts(document)
    with_field = [(k, f) for k, f in footers if _has_page_field(f)]
    if not with_field:
        static = [k for k, f in footers if re.search(r"\d", paragraph_text(f))]
        if static:
            ctx.page("GW910", "页脚中的页码是手工输入的数字，不会随页变化；应插入自动页码（PAGE 域）")
        else:
            ctx.page("GW910", "文档没有页码；应在页脚插入“— 1 —”式自动页码，单页居右、双页居左")
        return
    res = Resolver(document)
    even_odd = bool(document.settings.odd_and_even_pages_header_footer)
    kinds = {k for k, _ in with_field}
    if not even_odd or "even" not in kinds:
        ctx.page("GW912", "未设置“奇偶页不同”页码，无法做到单页码居右、双页码居左")
    for kind, f in with_field:
        p = _page_number_paragraph(f)
        if p is None:
            continue
        label = {"default": "单页" if even_odd else "", "even": "双页", "first": "首页"}[kind]
        # the visible text around the field: field results are the digits
        text = paragraph_text(p)
        if not re.search(r"[—－―]\s*\S*\s*[—－―]", text) and "—" not in text:
            ctx.page("GW911", f"{label}页码两侧缺少一字线，应为“— 1 —”")
        # font and size of the field result runs
        sizes, fonts = [], []
        for r in p.iter(_w("r")):
            t = "".join(x.text or "" for x in r.findall(_w("t"))).strip()
            if not t:
                continue
            props = res.run_props(p, r)
            sizes.append((props["size"], len(t)))
            fonts.append((props["font"], len(t)))
            # digits use the Latin (ascii) font; look it up on the same layers
        size = _majority(sizes)
        if size is not None and abs(size - prof.page_number_size) > 0.3:
            ctx.page("GW911", f"{label}页码字号为{size_name(size)}，应为{size_name(prof.page_number_size)}")
        latin = _latin_font(res, p)
        if latin and font_category(latin) not in ("宋体", None) and font_category(latin) != \
                font_category(prof.page_number_font):
            ctx.page("GW911", f"{label}页码字体为{latin}，应为{prof.page_number_font}")
        pp = res.para_props(p)
        want = {"default": "right", "even": "left", "first": "right"}[kind] if even_odd else "right"
        jc = pp["jc"]
        if jc == "both":
            jc = "left"
        if even_odd and jc != want:
            ctx.page("GW912", f"{label}页码应{'居右' if want == 'right' else '居左'}，实际"
                              f"{ {'center': '居中', 'right': '居右', 'left': '居左'}.get(jc, jc)}")
        elif not even_odd and jc == "center":
            pass  # already reported: no odd/even setting


def _rfont(rpr, kind: str, theme: dict, current: str | None) -> str | None:
    """The font a w:rFonts in rpr sets for kind ("eastAsia" or "ascii"), through the theme if
    it names a theme font; current when this layer says nothing."""
    f = rpr.find(_w("rFonts"))
    if f is None:
        return current
    name = f.get(_w(kind + "Theme"))
    if name:
        return theme.get(name) or current
    return f.get(_w(kind)) or current


def _latin_font(res: Resolver, p) -> str | None:
    font = None
    for r in p.iter(_w("r")):
        if not "".join(x.text or "" for x in r.findall(_w("t"))).strip():
            continue
        for rpr in res._rpr_layers(p, r):
            font = _rfont(rpr, "ascii", res.theme, font)
        break
    return font


def _merge(findings: list[Finding], paras: list[Para]) -> list[Finding]:
    """Consecutive paragraphs with the same rule and message become one finding over the range."""
    page = [f for f in findings if f.line == 1 and f.column == 1 and f.end_column == 1 and not f.text]
    rest = sorted((f for f in findings if f not in page), key=lambda f: (f.rule, f.message, f.line))
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
    _check_page_numbers(document, ctx)
    paras = collect_paragraphs(document)
    assign_roles(paras)
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


def findings_for_check(document, config=None) -> list[Finding]:
    """Layout findings for `gwreport check` on a .docx under the configuration's rule
    selection (gwreport.rules: select / ignore / rules: / severity). The profile is
    `layout_profile` in the configuration when present, else $GWREPORT_LAYOUT_PROFILE, else
    the GB/T 9704 default."""
    import os

    from .rules import is_on

    rules = {r.id: r for r in layout_registry_rules()}
    on = {rid for rid, r in rules.items() if is_on(r, config)}
    if not on:
        return []
    severity = getattr(config, "severity", None) or {}
    extra = getattr(config, "extra", None) or {}
    profile = (getattr(config, "layout_profile", None) or extra.get("layout_profile")
               or os.environ.get("GWREPORT_LAYOUT_PROFILE"))
    out = []
    for f in audit_docx(document, profile):
        if f.rule not in on:
            continue
        if f.rule in severity:
            f.severity = severity[f.rule]
        out.append(f)
    return out


def layout_registry_rules() -> list:
    """The GW9xx rules as registry entries (gwreport.rules lists and selects them)."""
    from .proofread.registry import Rule

    return [Rule(r.id, r.severity, r.description + "（仅 .docx）", r.source, False, True, "layout", "code")
            for r in LAYOUT_RULES.values()]
