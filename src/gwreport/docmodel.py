"""The one .docx reader: a Word document as Word renders it, read once into a document model.

`read_model(document)` walks the package once and returns a `DocModel`:

- `paragraphs`: body paragraphs and table-cell paragraphs in document order, numbered 1, 2, …
  (the paragraph numbers findings carry: DESIGN.md §3). Content controls (w:sdt, block and
  inline) are unwrapped; merged-cell continuations (vMerge) are not repeated.
- each `Block.text` is the text Word shows: runs inside hyperlinks, smart tags, custom XML,
  simple fields and the result part of complex fields, insertions and moves-to; deletions,
  moves-from and field instructions left out. Text boxes inside a paragraph are not part of
  its text: they are blocks of their own (`textboxes`), like `headers` and `footers`.
- `Block.number` is the automatic numbering label Word draws in front of the text ("一、",
  "（一）", "1.", "（1）"), resolved from numPr (direct or through the style chain),
  num → abstractNum with lvlOverride/startOverride, lvlText and numFmt, with counters.
- `Block.pieces` maps text offsets back to the runs (for fixes and comments).
- `DocModel.resolver` gives effective run/paragraph properties through the style chain
  (run → character style → paragraph style → based-on → docDefaults → theme fonts).

The .txt/.md reader yields the same `TextUnit`s from lines (readers.text_units).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W_NS
A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
MC_NS = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
WP_NS = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
V_NS = "{urn:schemas-microsoft-com:vml}"


def _w(tag: str) -> str:
    return _W + tag


_NSMAP = {"w": W_NS}
_PSTYLE_XPATH = None


def _pstyle_of(p_el) -> str:
    global _PSTYLE_XPATH
    if _PSTYLE_XPATH is None:
        from lxml import etree
        _PSTYLE_XPATH = etree.XPath("string(./w:pPr/w:pStyle/@w:val)", namespaces=_NSMAP)
    return _PSTYLE_XPATH(p_el)


# ---------------------------------------------------------------------------------------
# small XML helpers (shared with layout.py)
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


def _int(v) -> int | None:
    if v is None:
        return None
    try:
        return int(float(v))
    except ValueError:
        return None


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


# ---------------------------------------------------------------------------------------
# effective properties
# ---------------------------------------------------------------------------------------
# strict OOXML / LibreOffice write start/end where Word writes left/right
_JC = {"start": "left", "end": "right"}


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
        self._chains: dict[str | None, list] = {}
        self._document = document
        self._numbering: Numbering | None = None

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
        got = self._chains.get(sid)
        if got is not None:
            return got
        out = []
        seen = set()
        s = sid
        while s and s in self.styles and s not in seen:
            seen.add(s)
            st = self.styles[s]
            out.append(st)
            b = st.find(_w("basedOn"))
            s = b.get(_w("val")) if b is not None else None
        out.reverse()
        self._chains[sid] = out
        return out

    def para_style_id(self, p_el) -> str | None:
        # xpath on the raw tree: python-docx's find() builds a proxy object per element found
        got = _pstyle_of(p_el)
        return got or self.default_para

    def _rpr_layers(self, p_el, r_el) -> list:
        layers = [self.def_rpr]
        layers += [s.find(_w("rPr")) for s in self.chain(self.para_style_id(p_el))]
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
        color = None
        for rpr in self._rpr_layers(p_el, r_el):
            east = _rfont(rpr, "eastAsia", self.theme, east)
            s = _hp(rpr.find(_w("sz")))
            if s:
                size = s
            b = _on(rpr.find(_w("b")))
            if b is not None:
                bold = b
            c = rpr.find(_w("color"))
            if c is not None and c.get(_w("val")):
                color = c.get(_w("val"))
        return {"font": east, "size": size or 10.0, "bold": bold, "color": color}

    @property
    def numbering(self) -> "Numbering":
        if self._numbering is None:
            self._numbering = Numbering(self._document)
        return self._numbering

    def ppr_layers(self, p_el) -> list:
        """docDefaults, the style chain, the numbering level's pPr (Word applies it after the
        style and before direct formatting), then the paragraph's own pPr."""
        ppr = p_el.find(_w("pPr"))
        layers = [self.def_ppr] + [s.find(_w("pPr")) for s in self.chain(self.para_style_id(p_el))]
        num_id, ilvl, src = self.num_pr(p_el)
        if num_id and num_id != "0":
            nb = self.numbering
            if ilvl is None and src:
                ilvl = nb.level_for_style(num_id, src)
            lvl = nb.level(num_id, ilvl or 0)
            if lvl is not None and lvl.ppr is not None:
                layers.append(lvl.ppr)
        return layers + [ppr]

    def para_props(self, p_el) -> dict:
        layers = self.ppr_layers(p_el)
        out: dict[str, Any] = {"jc": "left", "line": None, "lineRule": "auto", "snap": True,
                               "first": None, "firstChars": None, "hanging": None, "hangingChars": None,
                               "left": 0, "leftChars": None, "right": 0, "rightChars": None,
                               "outline": None}
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
                v = jc.get(_w("val"))
                out["jc"] = _JC.get(v, v)
            ol = pp.find(_w("outlineLvl"))
            if ol is not None:
                out["outline"] = _int(ol.get(_w("val")))
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

    def num_pr(self, p_el) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, style id that carried it) of a paragraph: direct numPr wins, else the
        nearest style in the chain that has one. numId "0" switches numbering off."""
        ppr = p_el.find(_w("pPr"))
        num_id = ilvl = None
        src = None
        if ppr is not None:
            np_ = ppr.find(_w("numPr"))
            if np_ is not None:
                n = np_.find(_w("numId"))
                lv = np_.find(_w("ilvl"))
                num_id = n.get(_w("val")) if n is not None else None
                ilvl = _int(lv.get(_w("val"))) if lv is not None else None
        if num_id is None:
            for st in reversed(self.chain(self.para_style_id(p_el))):
                sp = st.find(_w("pPr"))
                np_ = sp.find(_w("numPr")) if sp is not None else None
                if np_ is None:
                    continue
                n = np_.find(_w("numId"))
                lv = np_.find(_w("ilvl"))
                if n is not None:
                    num_id = n.get(_w("val"))
                    src = st.get(_w("styleId"))
                if ilvl is None and lv is not None:
                    ilvl = _int(lv.get(_w("val")))
                if num_id is not None:
                    break
        return num_id, ilvl, src


# ---------------------------------------------------------------------------------------
# automatic numbering
# ---------------------------------------------------------------------------------------
_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def chinese_count(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百〇五 (Word's chineseCounting)."""
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    parts = []
    s = str(n)
    zero = False
    for i, ch in enumerate(s):
        d = int(ch)
        pos = len(s) - 1 - i
        if d == 0:
            zero = True
            continue
        if zero and parts:
            parts.append(digits[0])
        zero = False
        if not (d == 1 and pos == 1 and i == 0):  # 十, not 一十
            parts.append(digits[d])
        if pos:
            parts.append(units[pos - 1])
    return "".join(parts)


def _roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
            (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


def format_number(n: int, fmt: str) -> str:
    fmt = fmt or "decimal"
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting", "koreanCounting", "ideographDigital"):
        if fmt == "ideographDigital":
            return "".join(_CN_DIGITS[int(c)] for c in str(n))
        return chinese_count(n)
    if fmt == "chineseLegalSimplified":
        return chinese_count(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10]
    if fmt in ("ideographZodiac",):
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(c)) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        s = _roman(n)
        return s if fmt == "upperRoman" else s.lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart
    legal: bool = False
    pstyle: str | None = None
    ppr: Any = None  # the level's w:pPr (indents Word applies to numbered paragraphs)


def _read_level(lvl) -> _Level:
    def val(tag):
        el = lvl.find(_w(tag))
        return el.get(_w("val")) if el is not None else None
    out = _Level()
    if val("start") is not None:
        out.start = _int(val("start")) or 0
    out.fmt = val("numFmt") or "decimal"
    lt = lvl.find(_w("lvlText"))
    out.text = lt.get(_w("val"), "") if lt is not None else ""
    if val("lvlRestart") is not None:
        out.restart = _int(val("lvlRestart"))
    out.legal = _on(lvl.find(_w("isLgl"))) or False
    out.pstyle = val("pStyle")
    out.ppr = lvl.find(_w("pPr"))
    return out


class Numbering:
    """Word's list numbering: definitions from numbering.xml and the running counters."""

    def __init__(self, document) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.links: dict[str, str] = {}  # abstractNum numStyleLink → style name
        self.nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        root = None
        try:
            root = document.part.numbering_part.element
        except Exception:  # noqa: BLE001 - no numbering part
            root = None
        if root is None:
            return
        for an in root.findall(_w("abstractNum")):
            aid = an.get(_w("abstractNumId"))
            self.abstract[aid] = {(_int(lv.get(_w("ilvl"))) or 0): _read_level(lv) for lv in an.findall(_w("lvl"))}
            link = an.find(_w("numStyleLink"))
            if link is not None:
                self.links[aid] = link.get(_w("val"))
        style_links = {}
        for an in root.findall(_w("abstractNum")):
            sl = an.find(_w("styleLink"))
            if sl is not None:
                style_links[sl.get(_w("val"))] = an.get(_w("abstractNumId"))
        for num in root.findall(_w("num")):
            nid = num.get(_w("numId"))
            a = num.find(_w("abstractNumId"))
            aid = a.get(_w("val")) if a is not None else None
            if aid in self.links and self.links[aid] in style_links:
                aid = style_links[self.links[aid]]  # numStyleLink → the abstractNum defining it
            over: dict[int, _Level] = {}
            starts: dict[int, int] = {}
            for lo in num.findall(_w("lvlOverride")):
                il = _int(lo.get(_w("ilvl"))) or 0
                so = lo.find(_w("startOverride"))
                if so is not None:
                    starts[il] = _int(so.get(_w("val"))) or 0
                lv = lo.find(_w("lvl"))
                if lv is not None:
                    over[il] = _read_level(lv)
            self.nums[nid] = (aid, over, starts)

    def level(self, num_id: str, ilvl: int) -> _Level | None:
        got = self.nums.get(num_id)
        if got is None:
            return None
        aid, over, _ = got
        if ilvl in over:
            return over[ilvl]
        return self.abstract.get(aid, {}).get(ilvl)

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        got = self.nums.get(num_id)
        if got is None or not style_id:
            return None
        for il, lv in self.abstract.get(got[0], {}).items():
            if lv.pstyle == style_id:
                return il
        return None

    def next_label(self, num_id: str | None, ilvl: int | None) -> tuple[str, int | None]:
        """Advance the counters for one numbered paragraph; (label, level) Word draws."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return "", None
        ilvl = ilvl or 0
        aid, over, starts = self.nums[num_id]
        lvl = self.level(num_id, ilvl)
        if lvl is None:
            return "", None
        key = aid if aid is not None else f"num:{num_id}"
        counts = self.counters.setdefault(key, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for il, s in starts.items():  # startOverride: this list instance restarts there
                counts[il] = s - 1
        counts[ilvl] = counts.get(ilvl, lvl.start - 1) + 1
        for il in list(counts):
            if il > ilvl:
                sub = self.level(num_id, il)
                if sub is None or sub.restart != 0:
                    del counts[il]
        if lvl.fmt == "none" and "%" not in lvl.text:
            return lvl.text, ilvl

        def sub(m):
            il = int(m.group(1)) - 1
            lv = self.level(num_id, il) or _Level()
            n = counts.get(il, lv.start)
            fmt = "decimal" if (lvl.legal and il < ilvl) else lv.fmt
            return format_number(n, fmt)
        return re.sub(r"%([1-9])", sub, lvl.text), ilvl


# ---------------------------------------------------------------------------------------
# blocks
# ---------------------------------------------------------------------------------------
@dataclass
class Block:
    """One paragraph as Word shows it."""

    index: int  # paragraph number (body and table cells, from 1); 0 for header/footer/textbox
    el: Any  # the w:p element
    text: str  # visible text, without the numbering label
    pieces: list = field(default_factory=list)  # (start, end, w:r) per run holding text
    part: str = "body"  # body | header | footer
    in_table: bool = False
    in_textbox: bool = False
    style_id: str | None = None
    style_name: str = ""  # the style's name, built-ins in Word's English spelling ("Heading 1")
    number: str = ""  # the automatic numbering label ("一、"), "" when none
    num_level: int | None = None  # 0-based list level when numbered
    kind: str = ""  # header/footer: default | even | first
    section: int = 0  # 1-based section of a header/footer
    frame: dict = field(default_factory=dict)  # framePr / text box position (xAlign, …)
    role: str = "body"

    @property
    def shown(self) -> str:
        """Numbering label and text, the line a reader sees."""
        return self.number + self.text if self.number else self.text


@dataclass
class DocModel:
    document: Any
    paragraphs: list[Block]
    headers: list[Block]
    footers: list[Block]
    textboxes: list[Block]
    resolver: Resolver
    numbering: Numbering

    def roles(self) -> list[str]:
        return [b.role for b in self.paragraphs]


# tags whose children are read as if they were the paragraph's own (wrappers Word renders through)
_WRAPPERS = {_w(t) for t in ("hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "customXml",
                             "dir", "bdo")}
_SKIPPED = {_w("del"), _w("moveFrom")}


def _textbox_contents(run) -> list:
    """w:txbxContent elements of drawings/VML shapes in a run, once each (mc:Choice over
    mc:Fallback, which repeats the same text box)."""
    out = []

    def visit(el):
        for ch in el:
            tag = ch.tag
            if tag == MC_NS + "AlternateContent":
                choice = ch.find(MC_NS + "Choice")
                visit(choice if choice is not None else ch)
                continue
            if tag == _w("txbxContent"):
                out.append(ch)
                continue
            if isinstance(tag, str):
                visit(ch)
    visit(run)
    return out


def _shape_position(run) -> dict:
    """Horizontal position of a drawing or VML shape: align (outside/inside/left/…) and what it
    is relative to."""
    out: dict[str, str] = {}
    for ph in run.iter(WP_NS + "positionH"):
        al = ph.find(WP_NS + "align")
        if al is not None and al.text:
            out["xAlign"] = al.text.strip()
        out["relative"] = ph.get("relativeFrom", "")
        break
    if "xAlign" not in out:
        for el in run.iter():
            style = el.get("style") if isinstance(el.tag, str) and el.tag.startswith(V_NS) else None
            if style and "mso-position-horizontal" in style:
                m = re.search(r"mso-position-horizontal\s*:\s*([\w-]+)", style)
                if m:
                    out["xAlign"] = m.group(1)
                m = re.search(r"mso-position-horizontal-relative\s*:\s*([\w-]+)", style)
                if m:
                    out["relative"] = m.group(1)
                break
    return out


_R, _T, _TAB, _PTAB, _BR, _CR, _NBH, _FLD, _SDT, _SDTC = (
    _w(t) for t in ("r", "t", "tab", "ptab", "br", "cr", "noBreakHyphen", "fldChar", "sdt", "sdtContent"))
_BR_TYPE, _FLD_TYPE = _w("type"), _w("fldCharType")
_MC_ALT, _MC_CHOICE = MC_NS + "AlternateContent", MC_NS + "Choice"
_OBJECTS = {_w("drawing"), _w("pict"), _w("object"), _MC_ALT}


def visible_text(p_el) -> tuple[str, list, list]:
    """(text Word shows, (start, end, w:r) per run holding text, runs holding drawings/shapes)
    of one w:p. Field instructions, deletions and moves-from are left out; text boxes are not
    part of the paragraph's text."""
    out: list[str] = []
    pieces: list = []
    boxes: list = []
    fields: list[str] = []  # complex-field states: "instr" until separate, then "result"
    pos = 0

    def run(r):
        nonlocal pos
        start = pos
        for ch in r:
            tag = ch.tag
            if tag == _T:
                if "instr" in fields:
                    continue
                s = ch.text or ""
            elif tag == _FLD:
                t = ch.get(_FLD_TYPE)
                if t == "begin":
                    fields.append("instr")
                elif t == "separate" and fields:
                    fields[-1] = "result"
                elif t == "end" and fields:
                    fields.pop()
                continue
            elif "instr" in fields:
                continue
            elif tag == _TAB or tag == _PTAB:
                s = "\t"
            elif tag == _BR:
                s = "\n" if ch.get(_BR_TYPE, "textWrapping") == "textWrapping" else ""
            elif tag == _CR:
                s = "\n"
            elif tag == _NBH:
                s = "-"
            else:
                if tag in _OBJECTS:
                    boxes.append(r)
                continue
            out.append(s)
            pos += len(s)
        if pos > start:
            pieces.append((start, pos, r))

    def walk(el):
        for ch in el:
            tag = ch.tag
            if tag == _R:
                run(ch)
            elif tag in _WRAPPERS:
                walk(ch)
            elif tag == _SDT:
                c = ch.find(_SDTC)
                if c is not None:
                    walk(c)
            elif tag == _MC_ALT:
                c = ch.find(_MC_CHOICE)
                if c is not None:
                    walk(c)
            # pPr, del, moveFrom, bookmarks, proofErr, comment ranges, math: no visible text here

    walk(p_el)
    return "".join(out), pieces, boxes


class _Reader:
    def __init__(self, document) -> None:
        self.document = document
        self.resolver = Resolver(document)
        self.numbering = Numbering(document)  # counters advance in document order

        names: dict[str, str] = {}
        for st in document.styles.element.findall(_w("style")):
            n = st.find(_w("name"))
            names[st.get(_w("styleId"))] = n.get(_w("val")) if n is not None else ""
        self.names = names
        self.textboxes: list[Block] = []

    # paragraph text
    def paragraph(self, p_el, index: int, part: str, in_table: bool, in_textbox: bool = False,
                  count: bool = True) -> Block:
        text, pieces, boxes = visible_text(p_el)
        res = self.resolver
        sid = res.para_style_id(p_el)
        name = self.names.get(sid, "") if sid else ""
        b = Block(index, p_el, text, pieces, part, in_table, in_textbox, sid, canonical_style_name(name))
        ppr = p_el.find(_w("pPr"))
        fp = ppr.find(_w("framePr")) if ppr is not None else None
        if fp is not None:
            b.frame = {k.split("}")[-1]: v for k, v in fp.attrib.items()}
        if count:
            num_id, ilvl, src = res.num_pr(p_el)
            if num_id and ilvl is None and src:
                ilvl = self.numbering.level_for_style(num_id, src)
            b.number, b.num_level = self.numbering.next_label(num_id, ilvl)
        for r in boxes:
            pos_info = _shape_position(r)
            for tx in _textbox_contents(r):
                for q in tx.iter(_w("p")):
                    if q.getparent() is tx or q.getparent().tag in (_w("sdtContent"),):
                        tb = self.paragraph(q, 0, part, in_table, True, count=False)
                        tb.frame = dict(pos_info)
                        self.textboxes.append(tb)
        return b

    def blocks(self, container, part: str, in_table: bool, out: list[Block], count_index: bool) -> None:
        for ch in container:
            tag = ch.tag
            if tag == _w("p"):
                idx = len(out) + 1 if count_index else 0
                out.append(self.paragraph(ch, idx, part, in_table, count=count_index))
            elif tag == _w("tbl"):
                for tr in ch.findall(_w("tr")):
                    for tc in _row_cells(tr):
                        tcpr = tc.find(_w("tcPr"))
                        vm = tcpr.find(_w("vMerge")) if tcpr is not None else None
                        if vm is not None and vm.get(_w("val"), "continue") != "restart":
                            continue  # the merged cell shows once, from its first row
                        self.blocks(tc, part, True, out, count_index)
            elif tag == _w("sdt"):
                c = ch.find(_w("sdtContent"))
                if c is not None:
                    self.blocks(c, part, in_table, out, count_index)
            elif tag in (_w("customXml"),):
                self.blocks(ch, part, in_table, out, count_index)
            elif tag == MC_NS + "AlternateContent":
                c = ch.find(MC_NS + "Choice")
                if c is not None:
                    self.blocks(c, part, in_table, out, count_index)


def _row_cells(tr):
    for ch in tr:
        if ch.tag == _w("tc"):
            yield ch
        elif ch.tag in (_w("sdt"), _w("customXml")):
            c = ch.find(_w("sdtContent")) if ch.tag == _w("sdt") else ch
            if c is not None:
                yield from _row_cells(c)


# Word's built-in style names as stored (lower case, English) and localized (Chinese UI)
_BUILTIN_NAMES = {
    "normal": "Normal", "正文": "Normal", "title": "Title", "标题": "Title", "subtitle": "Subtitle",
    "副标题": "Subtitle", "list paragraph": "List Paragraph", "列出段落": "List Paragraph",
    "列表段落": "List Paragraph", "header": "Header", "页眉": "Header", "footer": "Footer", "页脚": "Footer",
    "date": "Date", "日期": "Date", "salutation": "Salutation", "称呼": "Salutation",
    "signature": "Signature", "签名": "Signature", "closing": "Closing", "结束语": "Closing",
}
for _n in range(1, 10):
    for _form in (f"heading {_n}", f"heading{_n}", f"标题 {_n}", f"标题{_n}"):
        _BUILTIN_NAMES[_form] = f"Heading {_n}"


def canonical_style_name(name: str) -> str:
    """Word's English name for a built-in style under any spelling ("heading 1", "标题 1");
    other names unchanged."""
    n = (name or "").strip()
    return _BUILTIN_NAMES.get(n.lower(), n)


def read_model(document) -> DocModel:
    """Read an open python-docx Document once into the document model (see module doc)."""
    rd = _Reader(document)
    body: list[Block] = []
    rd.blocks(document.element.body, "body", False, body, True)
    headers: list[Block] = []
    footers: list[Block] = []
    sect_prs = list(document.element.body.iter(_w("sectPr")))
    for n, sp in enumerate(sect_prs, 1):
        for tag, part, dest in (("headerReference", "header", headers), ("footerReference", "footer", footers)):
            for ref in sp.findall(_w(tag)):
                rid = ref.get(R_NS + "id")
                try:
                    hf = document.part.related_parts[rid]
                    root = hf.element
                except Exception:  # noqa: BLE001 - dangling reference
                    continue
                got: list[Block] = []
                nbox = len(rd.textboxes)
                rd.blocks(root, part, False, got, False)
                for b in got + rd.textboxes[nbox:]:
                    b.kind = ref.get(_w("type"), "default")
                    b.section = n
                dest.extend(got)
    return DocModel(document, body, headers, footers, rd.textboxes, rd.resolver, rd.numbering)
