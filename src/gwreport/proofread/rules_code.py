"""Rules that data cannot express: typography needing context, numbering, figures arithmetic."""
from __future__ import annotations

import re

from ..numbering import parse_marker
from .registry import code_rule
from re import compile as _rc  # plain re (the private _sre program cache is gone)

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
HAN = f"[{CJK}]"
GB15834 = "GB/T 15834—2011"
GB15835 = "GB/T 15835—2011"
GB9704 = "GB/T 9704—2012"

# roles whose text is free prose (typography rules apply)
PROSE = {None, "body", "title", "subtitle", "heading1", "heading2", "heading3", "heading4", "addressee",
         "runin1", "runin2", "runin3", "runin4", "attachment_title", "note",
         "attachment", "table_cell", "cc", "signature"}
NO_SPACE_ROLES = {"date", "printer", "signature", "signer", "table_cell", "cc", "doc_number", "empty"}


def _units(ctx, roles=PROSE):
    for u in ctx.units:
        if u.text and u.role in roles:
            yield u


def _protected(text: str):
    from .common import protected_spans
    return protected_spans(text)


def _inside(spans, s, e):
    """True when [s, e) overlaps one of spans (sorted, non-overlapping, as finditer yields them)."""
    if not spans:
        return False
    from bisect import bisect_left
    i = bisect_left(spans, (e, e)) - 1
    while i >= 0:
        a, b = spans[i]
        if b > s and a < max(e, s + 1):
            return True
        if b <= s:
            return False
        i -= 1
    return False


# ---------------- GW3xx typography and numbers ----------------

_HALF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}
_HALF_RE = _rc(
    rf"(?<={HAN}) *[,;:?!] *|(?<=[{CJK}）”》】])\.(?![\d.A-Za-z])(?: *)|(?<![\d\sA-Za-z])[,;?!] *(?={HAN})"
    rf"|(?<=[\d%）”》])[,;] *(?={HAN})")


@code_rule("GW301", "warning", "中文语句中使用了半角标点（, . ; : ? !）", GB15834, safe_fix=True)
def half_width_punct(ctx):
    for u in _units(ctx):
        t = u.text
        if not any(c in t for c in ",.;:?!"):
            continue
        prot = _protected(t)
        for m in _HALF_RE.finditer(t):
            s, e = m.span()
            ch = t[s:e].strip(" ")[:1]
            if ch not in _HALF or _inside(prot, s, e):
                continue
            if ch == ":" and re.match(r"\d", t[e:e + 1]) and re.search(r"\d$", t[:s]):
                continue  # 15:30
            if ch == "," and re.match(r"\d{3}", t[e:e + 3]) and t[s - 1:s].isdigit():
                continue  # 1,000
            full = _HALF[ch]
            ctx.add("GW301", u, s, e, f"中文语句中应使用全角标点“{full}”，不用半角“{ch}”",
                    [full], full)


_PAREN_RE = _rc(rf"\(([^()\n]*{HAN}[^()\n]*)\)")
_QUOTE_RE = _rc(rf'"([^"\n]*{HAN}[^"\n]*)"')
_SQUOTE_RE = _rc(rf"(?<![A-Za-z])'([^'\n]*{HAN}[^'\n]*)'")
_ANGLE_RE = _rc(rf"<([^<>\n]*{HAN}[^<>\n]*)>")


@code_rule("GW302", "warning", "中文内容使用了半角括号“()”", GB15834, safe_fix=True)
def half_width_paren(ctx):
    for u in _units(ctx):
        if "(" not in u.text:
            continue
        for m in _PAREN_RE.finditer(u.text):
            # heading markers like (1) are GW501's business
            fix = f"（{m.group(1)}）"
            ctx.add("GW302", u, m.start(), m.end(), "中文内容应使用全角括号“（）”", [fix], fix)


_QUOTE_CTX = _rc(rf"[{CJK}，。、；：？！（）《》“”‘’]")


@code_rule("GW303", "warning", "中文内容使用了直引号（\"…\"），应使用“”‘’", GB15834, safe_fix=True)
def straight_quotes(ctx):
    for u in _units(ctx):
        t = u.text
        if '"' not in t and "'" not in t:
            continue
        prot = _protected(t)
        for ch, op, cl, curly in (('"', "“", "”", "“”"), ("'", "‘", "’", "‘’")):
            if ch not in t:
                continue
            is_open = False
            for i, c in enumerate(t):
                if c == curly[0]:
                    is_open = True
                elif c == curly[1]:
                    is_open = False
                elif c == ch:
                    fix = cl if is_open else op
                    is_open = not is_open
                    near = t[max(0, i - 1):i] + t[i + 1:i + 2]
                    if ch == "'" and re.search(r"[A-Za-z]", near):
                        continue  # English apostrophe
                    if not _QUOTE_CTX.search(near) or _inside(prot, i, i + 1):
                        continue
                    ctx.add("GW303", u, i, i + 1, f"中文引号应使用弯引号（此处为{fix}），不用直引号", [fix], fix)


@code_rule("GW304", "warning", "用“<>”代替了书名号《》", GB15834, safe_fix=True)
def angle_titles(ctx):
    for u in _units(ctx):
        if "<" not in u.text:
            continue
        for m in _ANGLE_RE.finditer(u.text):
            left = u.text[:m.start()]
            nested = left.count("《") > left.count("》")
            fix = f"〈{m.group(1)}〉" if nested else f"《{m.group(1)}》"
            msg = "书名号内再用书名号时应使用〈〉" if nested else "书名、文件名应使用书名号《》"
            ctx.add("GW304", u, m.start(), m.end(), msg, [fix], fix)


_LIST_DUN_RE = _rc(r"[》”]、(?=[《“])")


@code_rule("GW305", "info", "并列的引号或书名号之间通常不加顿号", GB15834)
def dun_between_quotes(ctx):
    for u in _units(ctx):
        if "、" not in u.text:
            continue
        for m in _LIST_DUN_RE.finditer(u.text):
            ctx.add("GW305", u, m.start() + 1, m.end(), "并列的带引号或书名号的成分之间通常不加顿号", ["（删去顿号）"])


_ELLIPSIS_RE = _rc(r"\.{3,}|。{3,}|…{3,}|(?<!…)…(?!…)|·{3,}")


@code_rule("GW306", "warning", "省略号写法不规范，应为六点“……”", GB15834, safe_fix=True)
def ellipsis(ctx):
    for u in _units(ctx):
        t = u.text
        if "..." not in t and "…" not in t and "。。。" not in t and "···" not in t:
            continue
        for m in _ELLIPSIS_RE.finditer(t):
            s, e = m.span()
            near = t[max(0, s - 2):s] + t[e:e + 2]
            if not re.search(HAN, near) and not re.search(HAN, t):
                continue
            if t[s] == "." and (not re.search(HAN, near) or e - s >= 7):
                continue  # English, code, or a table-of-contents dot leader
            ctx.add("GW306", u, s, e, "省略号应写作“……”（两个三连点）", ["……"], "……")


_YEAR_RANGE_RE = _rc(r"(?<![\d\-./])((?:19|20)\d{2})(年?)\s*[-~～－–]\s*((?:19|20)\d{2})(?=年)")
_MONTH_RANGE_RE = _rc(r"(?<![\d\-./:])(1[0-2]|[1-9])(月?)\s*[-~～－–]\s*(1[0-2]|[1-9])(?=月)")


@code_rule("GW307", "warning", "年份、月份等时间的起止应使用一字线“—”", GB15834, safe_fix=True)
def time_range(ctx):
    for u in _units(ctx):
        t = u.text
        if not any(c in t for c in "-~～－–"):
            continue
        for rx in (_YEAR_RANGE_RE, _MONTH_RANGE_RE):
            for m in rx.finditer(t):
                fix = f"{m.group(1)}{m.group(2)}—{m.group(3)}"
                ctx.add("GW307", u, m.start(), m.end(), "表示时间起止应使用一字线“—”", [fix], fix)


_PCT_RANGE_RE = _rc(r"(?<![\d.])(\d+(?:\.\d+)?)(%?)\s*([-~～－—–])\s*(\d+(?:\.\d+)?)%")


@code_rule("GW308", "warning", "数值范围应使用浪纹线“～”，且两个百分数都带“%”", GB15835, safe_fix=True)
def pct_range(ctx):
    for u in _units(ctx):
        t = u.text
        if "%" not in t:
            continue
        for m in _PCT_RANGE_RE.finditer(t):
            if m.group(2) and m.group(3) in "～—":
                continue  # 6.5%—7% is common in State Council reports; accept it
            fix = f"{m.group(1)}%～{m.group(4)}%"
            ctx.add("GW308", u, m.start(), m.end(), "百分数范围应写作“20%～30%”的形式", [fix], fix)


_SPACE_RE = _rc(rf"(?<=[{CJK}])[ \u00a0]+(?=[{CJK}\d])|(?<=\d)[ \u00a0]+(?=[{CJK}])"
                       rf"|(?<=[{CJK}，。；：、（）“”《》])[ \u00a0]+(?=[{CJK}])")
_NAME_PAD_RE = _rc(rf"(?:^|(?<=[^{CJK}]))[{CJK}][ \u00a0\u3000]+[{CJK}](?=$|[^{CJK}])"
                          rf"|第[{CJK}\d]{{1,6}}?[条章节款编部分][ \u00a0]+|^[\s\d.．]+[ \u00a0]+|^\s*[图表附]\s*\d+[ \u00a0]+")
_SENT_PUNCT = _rc(r"[，。；！？、：,.;]")
_PRINTER_LINE_RE = _rc(r"^\s*\S.{0,40}?[ \u00a0\u3000\t]+[\d〇○一二三四五六七八九]{4}\s*年.{0,12}印发\s*$")


@code_rule("GW309", "warning", "汉字与数字、汉字与汉字之间多了空格", "公文排版惯例（GB/T 9704 版心按字排）",
           safe_fix=True)
def spaces(ctx):
    for u in ctx.units:
        t = u.text
        if " " not in t.strip() and "\u00a0" not in t or u.role in NO_SPACE_ROLES:
            continue
        if _PRINTER_LINE_RE.match(t):
            continue  # 版记：印发机关与印发日期之间的空格是排版（一左一右），删去会把两者连在一起
        pads = [m.span() for m in _NAME_PAD_RE.finditer(t)]
        prot = _protected(t)
        short_layout = len(t.strip()) <= 30 and not _SENT_PUNCT.search(t)
        for m in _SPACE_RE.finditer(t):
            s, e = m.span()
            if s == 0 or _inside(pads, s, e) or _inside(prot, s, e):
                continue
            if short_layout and re.match(HAN, t[e:e + 1]) and re.match(HAN, t[s - 1:s]):
                continue  # 省长 李某某 / 职务与姓名之间的排版空格
            ctx.add("GW309", u, s, e, "公文正文中汉字与数字、汉字与汉字之间不加空格", ["（删去空格）"], "")


_FW_DIGIT_RE = _rc(r"[０-９]+(?:[．.][０-９]+)?")


@code_rule("GW310", "warning", "使用了全角阿拉伯数字（０-９）", "排版通行规范（GB/T 15835 配套）", safe_fix=True)
def fullwidth_digits(ctx):
    for u in ctx.units:
        t = u.text
        if not any("０" <= c <= "９" for c in t):
            continue
        for m in _FW_DIGIT_RE.finditer(t):
            fix = m.group(0).translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
            ctx.add("GW310", u, m.start(), m.end(), "阿拉伯数字应使用半角", [fix], fix)


_MIX_RE = _rc(r"(?<![\d.])\d+(?:\.\d+)?[千百](?![克米瓦赫帕焦卡分位字伏牛兆]|亿亿)|(?<![\d.])\d+亿\d+万")


@code_rule("GW311", "warning", "阿拉伯数字与“千”“百”等数位汉字混写（如“3千余人”）", GB15835)
def mixed_numerals(ctx):
    for u in _units(ctx):
        t = u.text
        if "千" not in t and "百" not in t and "亿" not in t:
            continue
        for m in _MIX_RE.finditer(t):
            ctx.add("GW311", u, m.start(), m.end(),
                    f"“{m.group(0)}”不规范：阿拉伯数字只与“万”“亿”连用，应写作“3000”“4.53亿”等形式")


_APPROX_RE = _rc(r"(?<![\d.])\d+几|几\d+|(?<![\d.、])[1-9]、[1-9](?=[个天年月人次岁名家户项条])")


@code_rule("GW312", "warning", "概数应使用汉字（如“三四个月”“十几个”）", GB15835)
def approx_numbers(ctx):
    for u in _units(ctx):
        t = u.text
        if "几" not in t and "、" not in t:
            continue
        for m in _APPROX_RE.finditer(t):
            ctx.add("GW312", u, m.start(), m.end(), f"概数“{m.group(0)}”应使用汉字，如“三四”“十几”“几十”")


# (?<!\d): a match starts at the first digit of a run; without it a long digit string is
# scanned from every position (quadratic: 100k digits took minutes)
_FIXED_NUM_RE = _rc(r"党的\d+大|(?<!\d)\d+届\d+中全会|[“\"]\d+五[”\"]|(?<!\d)\d+五规划")


@code_rule("GW313", "error", "定型的含数字词语应使用汉字（党的二十大、二十届三中全会、“十四五”）", GB15835)
def fixed_numerals(ctx):
    for u in _units(ctx):
        for m in _FIXED_NUM_RE.finditer(u.text):
            ctx.add("GW313", u, m.start(), m.end(), f"“{m.group(0)}”中的数字应使用汉字，如“党的二十大”“十四五”")


_CN_YEAR_RE = _rc(r"(?<![〇零一二三四五六七八九十])[〇○零一二三四五六七八九]{4}年")
_CN_DIGIT = str.maketrans("〇○零一二三四五六七八九", "000123456789")


_CN_DATE_RE = _rc(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?")


@code_rule("GW314", "warning", "公历年份、成文日期应使用阿拉伯数字", f"{GB15835}；{GB9704} §7.3.5")
def chinese_year(ctx):
    from ..numbering import parse_chinese_numeral
    for u in ctx.units:
        t = u.text
        m = _CN_DATE_RE.search(t)
        if m and m.group(1).translate(_CN_DIGIT).startswith(("19", "20")):
            mo = parse_chinese_numeral(m.group(2))
            day = parse_chinese_numeral(m.group(3)) if m.group(3) else None
            if mo and (day or not m.group(3)):
                sug = f"{m.group(1).translate(_CN_DIGIT)}年{mo}月" + (f"{day}日" if day else "")
                what = "成文日期" if u.role == "date" else "公历日期"
                ctx.add("GW314", u, m.start(), m.end(), f"{what}应使用阿拉伯数字，写作“{sug}”", [sug])
                continue
        for m in _CN_YEAR_RE.finditer(t):
            digits = m.group(0)[:-1].translate(_CN_DIGIT)
            if not digits.startswith(("19", "20")):
                continue
            ctx.add("GW314", u, m.start(), m.end(), "公历年份应使用阿拉伯数字", [digits + "年"])


_SHORT_YEAR_RE = _rc(r"(?<![\d〔\[（(\-/.])([0-2]\d)\s*年(?=\s*(?:1[0-2]|0?[1-9])\s*月)")


@code_rule("GW315", "warning", "年份不能简写（如“24年5月”）", GB15835)
def short_year(ctx):
    for u in ctx.units:
        for m in _SHORT_YEAR_RE.finditer(u.text):
            ctx.add("GW315", u, m.start(), m.end(), "年份应写全称", [f"20{m.group(1)}年"])


_DOT_DATE_RE = _rc(r"(?<![\d./])((?:19|20)\d{2})[./](1[0-2]|0?[1-9])[./](3[01]|[12]\d|0?[1-9])(?![\d./])")


@code_rule("GW316", "warning", "正文日期不宜写作“2024.5.16”“2024/5/16”", GB15835)
def dotted_date(ctx):
    for u in _units(ctx, PROSE - {"table_cell"}):
        t = u.text
        if "." not in t and "/" not in t:
            continue
        for m in _DOT_DATE_RE.finditer(t):
            if _inside(_protected(t), m.start(), m.end()):
                continue
            sug = f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日"
            ctx.add("GW316", u, m.start(), m.end(), "正文中日期应写作“2024年5月16日”的形式", [sug])


# dates may carry spaces between digits and 年/月/日 ("2024 年 05 月"); the fix writes none
_ZERO_DATE_RE = _rc(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(0?)([1-9]|1[0-2])\s*月(?:\s*(0?)([1-9]|[12]\d|3[01])\s*日)?")
_ZERO_HINT_RE = _rc(r"[年月]\s*0")


@code_rule("GW317", "warning", "日期中的月、日不编虚位（如“05月”“06日”）", f"{GB9704} §7.3.5", safe_fix=True)
def zero_date(ctx):
    for u in ctx.units:
        t = u.text
        if not _ZERO_HINT_RE.search(t):
            continue
        for m in _ZERO_DATE_RE.finditer(t):
            if not m.group(2) and not m.group(4):
                continue
            fix = f"{m.group(1)}年{m.group(3)}月" + (f"{m.group(5)}日" if m.group(5) else "")
            ctx.add("GW317", u, m.start(), m.end(), "月、日不编虚位", [fix], fix)


_AMPM_RE = _rc(r"(?:下午|晚上|傍晚|中午)\s*(?:1[3-9]|2[0-3])(?:[:：]\d{2}|时)")


@code_rule("GW318", "warning", "24小时制时刻前不再加“下午”“晚上”", GB15835)
def ampm(ctx):
    for u in _units(ctx):
        for m in _AMPM_RE.finditer(u.text):
            ctx.add("GW318", u, m.start(), m.end(), "使用24小时制时不再加“下午”“晚上”等")


_BARE_DEC_RE = _rc(rf"(?<=[{CJK}\s（(，、：])\.\d+|^\.\d+")


@code_rule("GW319", "warning", "纯小数应写出小数点前的“0”（如 0.46）", GB15835, safe_fix=True)
def bare_decimal(ctx):
    for u in _units(ctx):
        if "." not in u.text:
            continue
        for m in _BARE_DEC_RE.finditer(u.text):
            fix = "0" + m.group(0)
            ctx.add("GW319", u, m.start(), m.end(), "纯小数应写出小数点前的“0”", [fix], fix)


_PCT_WORD_RE = _rc(r"百分之(\d+(?:\.\d+)?)")


@code_rule("GW320", "warning", "百分数应写作“98.5%”，不写“百分之98.5”", f"{GB15835} §4.1.1")
def pct_word(ctx):
    for u in _units(ctx):
        for m in _PCT_WORD_RE.finditer(u.text):
            ctx.add("GW320", u, m.start(), m.end(), "百分数应使用阿拉伯数字加“%”", [f"{m.group(1)}%"])


_DOCNO_RE = _rc(
    rf"(?<=[{CJK}])([\[\(（【［〔<〈])((?:19|20)?\d{{2}})([\]\)）】］〕>〉])(第?)(0*)(\d+)号")


@code_rule("GW321", "error", "发文字号格式不规范：年份用六角括号〔〕、写全称，序号不加“第”、不编虚位",
           f"{GB9704} §7.2.5", safe_fix=True)
def doc_number(ctx):
    for u in ctx.units:
        t = u.text
        if "号" not in t:
            continue
        for m in _DOCNO_RE.finditer(t):
            lb, year, rb, di, zeros, num = m.groups()
            if lb == "〔" and rb == "〕" and len(year) == 4 and not di and not zeros \
                    and m.group(0) == f"〔{year}〕{num}号":
                continue
            if lb in "(（" and len(year) == 2:
                continue  # e.g. （24）…号 is too ambiguous
            ok4 = len(year) == 4
            fix = f"〔{year}〕{num}号" if ok4 else None
            sug = fix or f"〔20{year}〕{num}号"
            ctx.add("GW321", u, m.start(), m.end(),
                    "发文字号应写作“某政发〔2024〕5号”：年份用六角括号〔〕并写全称，序号不加“第”、不编虚位",
                    [sug], fix)


@code_rule("GW322", "warning", "标题末尾不加句号等点号", f"{GB15834}；公文写作通行要求", safe_fix=True)
def title_punct(ctx):
    for u in ctx.units:
        if u.role != "title":
            continue
        t = u.text.rstrip()
        if t and t[-1] in "。，；：.,;:、":
            ctx.add("GW322", u, len(t) - 1, len(t), "标题末尾不加标点", ["（删去）"], "")


# ---------------- GW5xx structure ----------------

HEADING_ROLES = {"heading1", "heading2", "heading3", "heading4", "runin1", "runin2", "runin3", "runin4"}


def _markers(ctx):
    for u in ctx.units:
        if u.role in HEADING_ROLES or u.role in ("body", None):
            m = parse_marker(u.text)
            if m is not None and (u.role in HEADING_ROLES or m.start == 0):
                yield u, m


@code_rule("GW501", "warning", "标题序号写法不规范（应为“一、”“（一）”“1.”“（1）”）", f"{GB9704} §7.3.3",
           safe_fix=True)
def marker_form(ctx):
    for u, m in _markers(ctx):
        if m.proper:
            continue
        raw = u.text[m.start:m.end]
        if m.level == 2 and raw.endswith(("，", ",")) or m.level == 4 and raw.endswith((",", "，")):
            continue
        ctx.add("GW501", u, m.start, m.end, f"标题序号“{raw}”应写作“{m.expected}”", [m.expected], m.expected)


_HALF_MARKER_RE = _rc(r"^(\s*)(\d{1,2})[）)](?=\s*[^\s\d）)])")


@code_rule("GW505", "warning", "序号“1）”“1)”只有后半括号，应写作“（1）”", f"{GB9704} §7.3.3", safe_fix=True)
def half_bracket_marker(ctx):
    for u in ctx.units:
        if u.role not in HEADING_ROLES and u.role not in ("body", None):
            continue
        m = _HALF_MARKER_RE.match(u.text)
        if m:
            fix = f"（{int(m.group(2))}）"
            ctx.add("GW505", u, m.start(2), m.end(), f"序号“{m.group(0).strip()}”应写作“{fix}”", [fix], fix)


@code_rule("GW502", "error", "标题序号重复、跳号或顺序颠倒", f"{GB9704} §7.3.3")
def marker_sequence(ctx):
    counts = [0, 0, 0, 0]
    markers = list(_markers(ctx))
    if len(markers) < 2:
        return  # a lone numbered line (an excerpt) says nothing about the sequence
    for u, m in markers:
        i = m.level - 1
        prev = counts[i]
        exp = prev + 1
        if m.number != exp:
            from ..numbering import heading_marker
            want = heading_marker(m.level, exp)
            if m.number == prev:
                msg = f"标题序号“{m.expected}”与上一个同级序号重复，应为“{want}”"
            elif m.number > exp:
                msg = f"标题序号跳号：上一个同级序号之后应为“{want}”，这里是“{m.expected}”"
            else:
                msg = f"标题序号顺序颠倒：这里应为“{want}”，而不是“{m.expected}”"
            ctx.add("GW502", u, m.start, m.end, msg, [want])
        counts[i] = m.number
        for j in range(i + 1, 4):
            counts[j] = 0


@code_rule("GW503", "warning", "主送机关后应使用全角冒号“：”", f"{GB9704} §7.3.2", safe_fix=True)
def addressee_colon(ctx):
    for u in ctx.units:
        if u.role != "addressee":
            continue
        t = u.text.rstrip()
        if t.endswith("：") or not t:
            continue
        if t.endswith((":", ";", "；", "，", ",", "。")):
            ctx.add("GW503", u, len(t) - 1, len(t), "主送机关后应使用全角冒号“：”", ["："], "：")
        else:
            ctx.add("GW503", u, len(t), len(t), "主送机关后缺少全角冒号“：”", ["："], "：")


_ATT_RE = _rc(r"^(\s*附\s*件)\s*([:：]?)\s*(?:(\d+)([、.．]))?")


@code_rule("GW504", "warning", "附件说明格式不规范：“附件：”用全角冒号，序号用“1.”，名称后不加标点",
           f"{GB9704} §7.3.4", safe_fix=True)
def attachment(ctx):
    started = False
    for u in ctx.units:
        t = u.text
        if u.role != "attachment":
            if started and u.role == "body" and re.match(r"^\s*\d+[.．、]", t) and len(t) <= 60:
                pass  # continuation lines 2.xx handled below
            else:
                started = False
                continue
        m = _ATT_RE.match(t)
        if m and m.group(1).strip().startswith("附"):
            started = True
            if m.group(2) == ":" or (not m.group(2) and len(t) > m.end(1)):
                s = m.end(1)
                e = m.end(2) if m.group(2) else s
                ctx.add("GW504", u, s, e, "“附件”后应使用全角冒号“：”", ["："], "：")
            if m.group(4) and m.group(4) != ".":
                ctx.add("GW504", u, m.start(4), m.end(4), "附件序号后应使用“.”", ["."], ".")
        else:
            m2 = re.match(r"^\s*\d+([、．])", t)
            if m2:
                ctx.add("GW504", u, m2.start(1), m2.end(1), "附件序号后应使用“.”", ["."], ".")
        s = t.rstrip()
        if s and s[-1] in "。；;，,.":
            ctx.add("GW504", u, len(s) - 1, len(s), "附件名称后不加标点", ["（删去）"], "")


# ---------------- GW6xx placeholders ----------------

_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
                "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由")

_PH_RE = _rc(
    rf"(?<![A-Za-z])(?:[xX]{{2,}}|[Ｘｘ×✕]{{2,}}|[＊]{{2,}}|□{{2,}}|○{{2,}}|〇{{3,}})(?![A-Za-z])"
    rf"|(?<=[年月])[xX×Ｘｘ](?=[月日])|(?<=[{CJK}])[xX×Ｘ](?=[镇乡村县市区局办年月日号])"
    rf"|某某|【[^】\n]{{0,12}}(?:待填|待补|填写|待定|此处|请输入)[^】\n]{{0,12}}】"
    rf"|\[(?:待填|待补充|填写)\]|（(?:待填|待补充|此处填写)[^）]{{0,10}}）")


@code_rule("GW601", "error", "未填写的占位符（xx、XX、××、某某、【待填】等）", "DESIGN.md §4 常见错误；RULE")
def placeholders(ctx):
    for u in ctx.units:
        t = u.text
        if not t:
            continue
        for m in _PH_RE.finditer(t):
            s, e = m.span()
            g = m.group(0)
            if g == "某某" and s > 0 and t[s - 1] in _SURNAMES:
                continue  # 张某某: deliberate anonymisation
            if g[0] in "○〇" and (re.match(r"[〇○零一二三四五六七八九]", t[e:e + 1]) or
                                   re.search(r"[〇○零一二三四五六七八九]$", t[:s])):
                continue  # 二〇〇五年
            if g[0] in "×✕" and len(g) >= 2 and re.match(r"\d", t[e:e + 1]) and re.search(r"\d$", t[:s]):
                continue
            if g in ("×", "x", "X") and re.search(r"\d$", t[:s]):
                continue
            if g.lower().startswith("x") and _inside(_protected(t), s, e):
                continue
            ctx.add("GW601", u, s, e, f"疑似未填写的占位符“{g}”，请填写实际内容")


# ---------------- GW7xx repetition (engine for the YAML 'repetition' type) ----------------

def run_repetition(ctx, pr) -> None:
    opts = pr.options
    allow = [w for w in opts.get("allow", []) if w]
    mode = opts.get("mode", "chars")
    if mode == "chars":
        chars = set(str(opts.get("chars", "")))
        if not chars:
            return
        rx = _rc("([" + re.escape("".join(sorted(chars))) + "])\\1")
        before_ok = set(opts.get("word_before", []))  # words ending in X: 目的 → 目的的 is fine
        after_ok = set(opts.get("word_after", []))  # words starting with X: 的确 → 的的确 is fine
    else:
        lo, hi = int(opts.get("min_len", 2)), int(opts.get("max_len", 8))
        rx = _rc(rf"([{CJK}]{{{lo},{hi}}}?)\1")
        only = set(opts.get("words", []))
    from .common import MAX_PER_RULE_LINE
    for u in _units(ctx):
        t = u.text
        allowed = None
        for m in rx.finditer(t):
            if ctx.counts.get((pr.id, u.line), 0) >= MAX_PER_RULE_LINE:
                break
            s, e = m.span()
            g = m.group(1)
            if allowed is None:
                allowed = sorted((i, i + len(w)) for w in allow for i in _find_all(t, w))
            if allowed and _covered(allowed, s, e):
                continue
            if mode == "chars":
                if t[s - 1:s + 1] in before_ok or t[s + 1:s + 3] in after_ok:
                    continue
                ctx.add(pr.id, u, s, e, pr.message.format(match=m.group(0), replace=g), [g], None)
            else:
                if len(g) == 2 and g not in only:
                    continue
                if len(g) == 3 and not _BOUNDARY_RE.match(t, e):
                    continue  # 申请人申请人民法院: the second copy runs into the next word
                if g[0] in "的一":
                    continue  # 效益的专利的专利权人; 一个问题一个问题 (deliberate emphasis)
                ctx.add(pr.id, u, s, e, pr.message.format(match=m.group(0), replace=g), [g], None)


_BOUNDARY_RE = _rc(r"$|[，。、；：？！,.;:?!）)”’》\s]")


def _find_all(text: str, word: str):
    i = text.find(word)
    while i != -1:
        yield i
        i = text.find(word, i + 1)


def _covered(spans, s: int, e: int) -> bool:
    """True when one of the (sorted) spans contains [s, e)."""
    from bisect import bisect_right
    i = bisect_right(spans, (s, float("inf")))
    for a, b in spans[max(0, i - 8):i]:
        if a <= s and e <= b:
            return True
    return False


def _covers(text: str, word: str, s: int, e: int) -> bool:
    i = text.find(word, max(0, s - len(word) + 1))
    while i != -1 and i < e:
        if i <= s and i + len(word) >= e:
            return True
        i = text.find(word, i + 1)
    return False


# ---------------- more GW3xx: impossible dates, doubled and unpaired punctuation ----------------

_DATE_RE = _rc(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@code_rule("GW323", "error", "日期不存在（如“2月30日”“13月”）", "日历核对")
def impossible_date(ctx):
    import calendar
    for u in ctx.units:
        t = u.text
        if "月" not in t:
            continue
        for m in _DATE_RE.finditer(t):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]:
                continue
            ctx.add("GW323", u, m.start(), m.end(), f"日期“{m.group(0)}”不存在，请核对")


_DUP_PUNCT_RE = _rc(r"([，。、；：？！])\1+|[，、；：][。，、；：]|。[，、；：]")


@code_rule("GW324", "warning", "标点重复或连用（如“，，”“，。”）", GB15834, safe_fix=True)
def doubled_punct(ctx):
    for u in _units(ctx):
        t = u.text
        for m in _DUP_PUNCT_RE.finditer(t):
            g = m.group(0)
            if len(set(g)) == 1:
                ctx.add("GW324", u, m.start(), m.end(), f"标点“{g[0]}”重复", [g[0]], g[0])
            else:
                ctx.add("GW324", u, m.start(), m.end(), f"标点“{g}”连用，请保留其一", [g[0], g[-1]])


_PAIRS = (("“", "”", "引号"), ("（", "）", "括号"), ("《", "》", "书名号"), ("‘", "’", "单引号"),
          ("〔", "〕", "六角括号"), ("【", "】", "方头括号"))


@code_rule("GW325", "warning", "引号、括号、书名号不成对", GB15834)
def unpaired(ctx):
    for u in _units(ctx):
        t = u.text
        for op, cl, name in _PAIRS:
            if t.count(op) == t.count(cl):
                continue  # balanced (or merely reversed, which GW303 style checks cover)
            stack = []
            bad = []
            for i, c in enumerate(t):
                if c == op:
                    stack.append(i)
                elif c == cl:
                    if stack:
                        stack.pop()
                    else:
                        bad.append((i, f"此处的后{name}缺少对应的前{name}"))
            bad += [(i, f"此处的前{name}缺少对应的后{name}") for i in stack]
            lead = len(t) - len(t.lstrip(" \u3000\t"))
            if op in "“‘" and ('"' in t or "'" in t):
                continue  # straight quotes mixed in: GW303 reports them
            if op == "“" and [i for i, _ in bad] == [lead]:
                continue  # a quoted passage over several paragraphs opens each one with “
            if op == "（" and re.match(r"\s*\d{1,2}）", t) and len(bad) == 1 and bad[0][0] == t.index("）"):
                continue  # 1）… list marker: GW501's business
            for i, msg in bad[:2]:
                ctx.add("GW325", u, i, i + 1, f"{msg}，请检查是否漏打或多打")
