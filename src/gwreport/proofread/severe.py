"""Severe-error rules (严重表述错误, GW0xx): what fails a government website outright in the
national inspection (国办秘函〔2019〕19号) — leaders' names, titles and order, fixed formulations
and their members, meeting and body names, citizen ID and bank card numbers.

Data: corpora/severe/*.yaml (severe_data.py). The whole family runs in one pass per paragraph
(Matcher, built once per data set); each registered rule only decides which findings it keeps.
Precision first: a name near-miss needs a place where a name stands (a title, 同志, a list of
leaders), a title mismatch needs a national title, an order check a list of leaders.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from .registry import code_rule
from .severe_data import Leader, SevereData, load_severe

CATEGORY = "严重表述错误"
_SRC = "国办秘函〔2019〕19号（严重表述错误单项否决）；corpora/severe"

CJK = re.compile(r"[\u4e00-\u9fff]")
NUMERALS = set("〇一二三四五六七八九十百千零两")
REGION_CHARS = set("省市县区州盟旗乡镇村")

# National titles: a protected name next to one of these must hold it (GW002); a near-miss next
# to one is a misspelt leader (GW001). Longest first so 副总理 is not read as 总理.
NATIONAL_TITLES = sorted({
    "中共中央总书记", "总书记", "国家主席", "国家副主席", "中央军委主席", "中央军委副主席", "军委主席",
    "军委副主席", "国务院总理", "国务院副总理", "总理", "副总理", "国务委员", "全国人大常委会委员长",
    "全国人大常委会副委员长", "委员长", "副委员长", "全国政协主席", "全国政协副主席", "国家监委主任",
    "国家监察委员会主任", "最高人民法院院长", "最高人民检察院检察长", "最高法院长", "最高检检察长",
}, key=len, reverse=True)
# any title: the place where a (user-added, local) leader's name stands
LOCAL_TITLES = ("书记", "副书记", "省长", "副省长", "市长", "副市长", "县长", "副县长", "区长", "副区长",
                "州长", "旗长", "镇长", "乡长", "主任", "副主任", "主席", "副主席", "部长", "厅长", "局长",
                "院长", "检察长", "秘书长", "委员", "常委", "代表")
LEADER_CONTEXT = re.compile(r"政治局|常委|党和国家领导人|中央领导|国家领导人|总书记|国务院|全国人大|全国政协|中央军委")
SEPARATORS = "、，, 和及与"

_TITLE_END = re.compile("(?:" + "|".join(NATIONAL_TITLES) + r")$")
_TITLE_START = re.compile("(?:" + "|".join(NATIONAL_TITLES) + ")")
_ANY_TITLE_END = re.compile("(?:" + "|".join(sorted(set(NATIONAL_TITLES) | set(LOCAL_TITLES), key=len, reverse=True)) + r")$")
_LOCAL_END = re.compile("(?:" + "|".join(sorted(LOCAL_TITLES, key=len, reverse=True)) + r")$")
_LOCAL_START = re.compile("(?:" + "|".join(sorted(LOCAL_TITLES, key=len, reverse=True)) + ")")


# ---------------- similarity of characters (sound via pypinyin, shape via corpora/spelling) ----

def _fuzzy(py: str) -> str:
    for a, b in (("zh", "z"), ("ch", "c"), ("sh", "s")):
        if py.startswith(a):
            py = b + py[2:]
    if py.startswith("l"):
        py = "n" + py[1:]
    for a, b in (("ang", "an"), ("eng", "en"), ("ing", "in")):
        if py.endswith(a):
            py = py[: -len(a)] + b
    return py


@lru_cache(maxsize=8192)
def _readings(ch: str) -> frozenset:
    from pypinyin import Style, pinyin
    return frozenset(_fuzzy(p) for p in pinyin(ch, style=Style.NORMAL, heteronym=True)[0])


@lru_cache(maxsize=1)
def _shapes() -> dict:
    import json
    from ..resources import corpora_dir
    p = corpora_dir() / "spelling" / "confusion.json"
    try:
        return json.loads(p.read_text(encoding="utf-8")).get("shape", {})
    except (OSError, ValueError):
        return {}


def similar(a: str, b: str) -> bool:
    """Same or fuzzy sound (tone ignored), or a look-alike."""
    if a == b:
        return True
    if _readings(a) & _readings(b):
        return True
    sh = _shapes()
    return b in sh.get(a, "") or a in sh.get(b, "")


def one_edit(w: str, c: str):
    """(kind, position, wrong, right) when w is one edit from c, else None.
    kind: sub | ins | del | swap."""
    lw, lc = len(w), len(c)
    if lw == lc:
        diff = [i for i in range(lc) if w[i] != c[i]]
        if len(diff) == 1:
            i = diff[0]
            return ("sub", i, w[i], c[i])
        if len(diff) == 2 and diff[1] == diff[0] + 1 and w[diff[0]] == c[diff[1]] and w[diff[1]] == c[diff[0]]:
            return ("swap", diff[0], w[diff[0]:diff[1] + 1], c[diff[0]:diff[1] + 1])
        return None
    if lw == lc + 1:
        i = next((k for k in range(lc) if w[k] != c[k]), lc)
        return ("ins", i, w[i], "") if w[i + 1:] == c[i:] else None
    if lw == lc - 1:
        i = next((k for k in range(lw) if w[k] != c[k]), lw)
        return ("del", i, "", c[i]) if w[i:] == c[i + 1:] else None
    return None


def _edit_ok(e, length: int, any_sub: bool) -> bool:
    kind, i, wrong, right = e
    chars = wrong + right
    if any(ch in NUMERALS for ch in chars) or not all(CJK.match(ch) for ch in chars):
        return False  # 十二大 / 二十大 are different meetings; spacing is not a severe error
    if kind in ("ins", "del") and (i == 0 or i >= length - (1 if kind == "del" else 0)):
        return False  # an extra or missing character at the edge is just the next word
    if kind in ("ins", "del") and chars in ("的", "之"):
        return False  # 有中国特色的社会主义, 中华民族的伟大复兴: older but correct wording
    if any(ch in REGION_CHARS for ch in chars):
        return False  # 全省人民代表大会 is 健全 + 省人民代表大会
    if kind == "sub" and not any_sub:
        return similar(wrong, right)
    return True


# ---------------- the matcher: built once per data set ----------------

class Matcher:
    def __init__(self, data: SevereData) -> None:
        self.data = data
        self.leaders: dict[str, Leader] = {}
        for ld in data.leaders:  # first entry wins; user entries add titles
            if ld.name in self.leaders:
                old = self.leaders[ld.name]
                old.titles = tuple(dict.fromkeys(old.titles + ld.titles))
            else:
                self.leaders[ld.name] = Leader(ld.name, ld.titles, ld.former_titles, ld.rank, ld.kind,
                                               ld.source, ld.checked)
        names = sorted(self.leaders, key=len, reverse=True)
        self.name_re = re.compile("|".join(map(re.escape, names))) if names else None
        self.by_len: dict[int, list[Leader]] = {}
        for ld in self.leaders.values():
            self.by_len.setdefault(len(ld.name), []).append(ld)
        self.holder = {}  # national title -> current holder(s)
        for ld in self.leaders.values():
            if ld.kind == "current":
                for t in ld.titles:
                    self.holder.setdefault(t, []).append(ld.name)
        self.title_re = re.compile("|".join(sorted(set(NATIONAL_TITLES) | {"同志"} | set(LOCAL_TITLES),
                                                   key=len, reverse=True)))
        # formulations and body names: exact wrong forms + fuzzy anchors
        wrong: dict[str, tuple[str, str, str]] = {}
        self.fuzzy: list[tuple[str, str, str, str, bool, str]] = []  # canonical, prefix, suffix, rule, any, src
        self.correct: set[str] = set()
        for f in data.formulations:
            self.correct.add(f.canonical)
            self.correct.update(f.also_correct)
            for w, note in f.wrong.items():
                wrong[w] = ("GW004", f.canonical, note or f"规范表述为“{f.canonical}”")
            if len(f.canonical) >= 7:
                self._anchor(f.canonical, "GW004", False, f.source)
        for b in data.bodies:
            self.correct.add(b.name)
            if len(b.name) >= 6:
                self._anchor(b.name, "GW007", b.any_char, b.source)
        for w, right in data.body_wrong.items():
            wrong[w] = ("GW007", right, f"应为“{right}”")
        self.wrong = wrong
        self.wrong_re = re.compile("|".join(map(re.escape, sorted(wrong, key=len, reverse=True)))) if wrong else None
        self.enum_names = re.compile("|".join(re.escape(e.name) for e in data.enumerations)) if data.enumerations else None
        self.banned = {b.name: b for b in data.banned}
        self.banned_re = re.compile("|".join(map(re.escape, sorted(self.banned, key=len, reverse=True)))) if self.banned else None

    def _anchor(self, c: str, rule: str, any_sub: bool, src: str) -> None:
        h = len(c) // 2
        self.fuzzy.append((c, c[:h], c[h + 1:], rule, any_sub, src))


_MATCHERS: dict[int, Matcher] = {}


def matcher(config=None) -> Matcher:
    data = load_severe(config)
    m = _MATCHERS.get(id(data))
    if m is None or m.data is not data:
        if len(_MATCHERS) > 8:
            _MATCHERS.clear()
        m = _MATCHERS[id(data)] = Matcher(data)
    return m


# ---------------- the checks ----------------

def _clause_bounds(text: str, s: int, e: int) -> tuple[int, int]:
    a = max((text.rfind(ch, 0, s) for ch in "。；！？\n"), default=-1) + 1
    ends = [i for i in (text.find(ch, e) for ch in "。；！？\n") if i != -1]
    return a, (min(ends) if ends else len(text))


_ORGAN = re.compile(r"^(?:中共中央|国务院|全国人大常委会|中央|国家(?=监))")


def _short(title: str) -> str:
    return _ORGAN.sub("", title)


def _title_before(text: str, s: int):
    m = _TITLE_END.search(text[max(0, s - 14):s])
    return m.group(0) if m else None


def _title_after(text: str, e: int):
    m = _TITLE_START.match(text, e)
    return m.group(0) if m else None


def check_names(m: Matcher, text: str, out: list) -> None:
    """GW001 near-misses, GW002 title pairing, GW003 order."""
    exact: list[tuple[int, int, Leader]] = []
    if m.name_re is not None:
        for mo in m.name_re.finditer(text):
            exact.append((mo.start(), mo.end(), m.leaders[mo.group(0)]))
    # GW002: a protected name with a national title that is not theirs
    for s, e, ld in exact:
        if ld.kind == "user":
            continue
        for t in (_title_before(text, s), _title_after(text, e)):
            if not t or t in ld.titles or t in ld.former_titles:
                continue
            # 国务院总理 and 总理 are one title: compare without the organ's name
            if _short(t) in {_short(x) for x in ld.titles + ld.former_titles}:
                continue
            holders = [h for h in m.holder.get(t, []) if h != ld.name]
            who = f"；现任{t}是{'、'.join(holders)}" if holders else ""
            cur = ld.titles[0] if ld.titles else ""
            msg = (f"领导人职务不符：“{ld.name}”" + (f"现任{cur}" if cur and ld.kind == "current" else "")
                   + f"，不是“{t}”{who}")
            out.append(("GW002", s, e, msg, [cur] if cur else []))
            break
    # GW003: order of the Standing Committee members in one enumeration
    ranked = [(s, e, ld) for s, e, ld in exact if ld.rank is not None and ld.kind == "current"]
    groups: list[list] = []
    for item in ranked:
        if groups:
            ps, pe, _ = groups[-1][-1]
            gap = text[pe:item[0]]
            if gap.startswith("同志"):
                gap = gap[2:]
            if 0 < len(gap) <= 2 and all(ch in SEPARATORS for ch in gap):
                groups[-1].append(item)
                continue
        groups.append([item])
    for g in groups:
        if len(g) < 2:
            continue
        ranks = [ld.rank for _, _, ld in g]
        if ranks == sorted(ranks) and len(set(ranks)) == len(ranks):
            continue
        a, b = _clause_bounds(text, g[0][0], g[-1][1])
        leaderish = (len(g) >= 3 or any(ld.rank == 1 for _, _, ld in g)
                     or LEADER_CONTEXT.search(text, a, b) is not None)
        if not leaderish:
            continue
        right = "、".join(ld.name for _, _, ld in sorted(g, key=lambda x: x[2].rank))
        out.append(("GW003", g[0][0], g[-1][1], f"领导人排序有误，应按“{right}”的顺序", []))
    # GW001: near-misses where a name stands
    _near_misses(m, text, exact, out)


def _near_misses(m: Matcher, text: str, exact, out: list) -> None:
    taken = [(s, e) for s, e, _ in exact]
    cands: dict[tuple[int, int], str] = {}  # span -> context strength: national | comrade | enum | local

    def add(s, e, how):
        if s < 0 or e > len(text) or e - s < 2:
            return
        span = text[s:e]
        if not all(CJK.match(ch) for ch in span):
            return
        if any(a < e and s < b for a, b in taken):
            return
        prev = cands.get((s, e))
        order = ("local", "comrade", "enum", "national")
        if prev is None or order.index(how) > order.index(prev):
            cands[(s, e)] = how

    for mo in m.title_re.finditer(text):
        t, a, b = mo.group(0), mo.start(), mo.end()
        if t in NATIONAL_TITLES:
            how = "national"
        elif t == "同志":
            how = "comrade"
        else:
            how = "local"
        if any(x <= a < y or x < b <= y for x, y in taken):
            continue
        for n in (2, 3, 4):
            if how != "comrade":
                add(b, b + n, how)
            if t == "同志" or how == "national":
                add(a - n, a, how)
    # lists of leaders: the items of a 、-list holding at least two exact current leaders; the
    # first item may have words before the name, the last one words after it
    if len(exact) >= 2 and "、" in text:
        for clause in re.finditer(r"[^。；！？\n：:]+", text):
            ca, cb = clause.span()
            if sum(1 for s, e, ld in exact if ca <= s < cb and ld.kind == "current") < 2:
                continue
            items = [mo.span() for mo in re.finditer(r"[^、，,]+", text[ca:cb])]
            items = [(ca + x, ca + y) for x, y in items]
            if len(items) < 3:
                continue
            for k, (x, y) in enumerate(items):
                if k == 0:
                    for n in (2, 3, 4):
                        add(y - n, y, "enum")
                elif k == len(items) - 1:
                    for n in (2, 3, 4):
                        add(x, x + n, "enum")
                elif y - x <= 4:
                    add(x, y, "enum")
    hits = []
    for (s, e), how in cands.items():
        span = text[s:e]
        ca, cb = _clause_bounds(text, s, e)
        national_clause = LEADER_CONTEXT.search(text, ca, cb) is not None
        if how == "comrade" and _LOCAL_END.search(text[max(0, s - 4):s]) and not national_clause:
            how = "local"  # 副县长丁雪祥同志: a local cadre of that name (only user-added leaders)
        elif how == "local" and national_clause:
            how = "national"  # 中央政治局常委、中央纪委书记李熙: 书记 of a national body
        hit = _closest_leader(m, span, how, text, s, e)
        if hit is not None:
            hits.append((s, e, hit[0], hit[1]))
    # one finding per place: a substitution over an insertion/deletion, then the longer span
    hits.sort(key=lambda h: (0 if h[3][0] in ("sub", "swap") else 1, -(h[1] - h[0]), h[0]))
    done: list[tuple[int, int]] = []
    for s, e, ld, _ in hits:
        if any(x < e and s < y for x, y in done):
            continue
        done.append((s, e))
        out.append(("GW001", s, e, f"疑似领导人姓名写错：“{text[s:e]}”应为“{ld.name}”", [ld.name]))


def _closest_leader(m: Matcher, span: str, how: str, text: str, s: int, e: int):
    n = len(span)
    strong = how in ("national", "enum")
    if not strong:
        a, b = _clause_bounds(text, s, e)
        strong = LEADER_CONTEXT.search(text, a, b) is not None
    for L in (n, n + 1, n - 1):
        for ld in m.by_len.get(L, ()):
            if ld.kind == "user" and how not in ("local", "national", "comrade"):
                continue
            if ld.kind != "user" and how == "local":
                continue  # 县长蔡其: a different person
            ed = one_edit(span, ld.name)
            if ed is None:
                continue
            kind, i, wrong, right = ed
            if L <= 2 and not strong:
                continue
            if kind in ("ins", "del") and (L < 3 or not strong):
                continue
            if kind == "sub" and not similar(wrong, right):
                continue
            if kind == "swap" and not strong:
                continue
            return ld, ed
    return None


def check_phrases(m: Matcher, text: str, out: list) -> None:
    """GW004 formulations and GW007 body names: exact wrong forms and one-edit near-misses."""
    found: list[tuple[int, int]] = []
    if m.wrong_re is not None:
        for mo in m.wrong_re.finditer(text):
            rule, right, note = m.wrong[mo.group(0)]
            out.append((rule, mo.start(), mo.end(), f"{'重要提法' if rule == 'GW004' else '名称'}有误：“{mo.group(0)}”，{note}", [right]))
            found.append(mo.span())
    for c, pre, suf, rule, any_sub, _src in m.fuzzy:
        if pre not in text and suf not in text:
            continue
        L = len(c)
        wins = set()
        i = text.find(pre)
        while i != -1:
            for d in (-1, 0, 1):
                wins.add((i, i + L + d))
            i = text.find(pre, i + 1)
        i = text.find(suf)
        while i != -1:
            e = i + len(suf)
            for d in (-1, 0, 1):
                wins.add((e - L - d, e))
            i = text.find(suf, i + 1)
        exact = []
        j = text.find(c)
        while j != -1:
            exact.append((j, j + L))
            j = text.find(c, j + 1)
        for s, e in sorted(wins):
            if s < 0 or e > len(text):
                continue
            if any(a < e and s < b for a, b in exact + found):
                continue
            w = text[s:e]
            if w in m.correct or any(k in text[max(0, s - 3):e + 3] and k != c and len(k) > 4
                                     and _covers(text, k, s, e) for k in m.correct):
                continue
            ed = one_edit(w, c)
            if ed is None or not _edit_ok(ed, L, any_sub or (L >= 10 and rule == "GW004")):
                continue
            if rule == "GW007" and not any_sub and ed[1] <= 1:
                continue  # 健全人民代表大会制度: the first characters may belong to the word before
            found.append((s, e))
            what = "重要提法" if rule == "GW004" else "国名或国家机构名称"
            out.append((rule, s, e, f"{what}有误：“{w}”应为“{c}”（{_describe(ed)}）", [c]))


def _covers(text: str, k: str, s: int, e: int) -> bool:
    i = text.find(k, max(0, s - len(k)))
    while i != -1 and i < e:
        if i <= s and e <= i + len(k):
            return True
        i = text.find(k, i + 1)
    return False


def _describe(ed) -> str:
    kind, i, wrong, right = ed
    return {"sub": f"“{wrong}”应为“{right}”", "ins": f"多了“{wrong}”", "del": f"漏了“{right}”",
            "swap": f"“{wrong}”顺序颠倒"}[kind]


# -- GW005: members of enumerated formulations --

_ITEM_SPLIT = re.compile(r"[、，,；;]")
_STRIP = "“”\"'‘’《》（）() \u3000"


def _match_member(item: str, members, pos: str):
    """('exact', k) / ('near', k, ed) / None for one list item; the first item may carry a verb
    before the member, the last one words after it."""
    item = item.strip(_STRIP)
    for k, alts in enumerate(members):
        for mem in alts:
            mem_s = mem.strip(_STRIP)
            if item == mem_s or (pos in ("first", "only") and item.endswith(mem_s)) or (
                    pos in ("last", "only") and item.startswith(mem_s)):
                return ("exact", k)
    best = None
    for k, alts in enumerate(members):
        for mem in alts:
            mem_s = mem.strip(_STRIP)
            L = len(mem_s)
            views = {item}
            if pos in ("first", "only"):
                views |= {item[-n:] for n in (L - 1, L, L + 1) if 0 < n <= len(item)}
            if pos in ("last", "only"):
                views |= {item[:n] for n in (L - 1, L, L + 1) if 0 < n <= len(item)}
            if L >= 5:  # 生态建设 for 生态文明建设: a two-character word left out
                short = {mem_s[:i] + mem_s[i + 2:] for i in range(1, L - 2)}
                for v in {item, item[:L - 2], item[-(L - 2):]}:
                    if v in short:
                        best = best or ("near", k, ("del", 0, "", ""), v)
            for v in views:
                ed = one_edit(v, mem_s)
                if ed is None:
                    continue
                kind, i, wrong, right = ed
                chars = wrong + right
                if any(ch in NUMERALS for ch in chars) or not all(CJK.match(ch) for ch in chars):
                    continue
                if L <= 2 and kind != "sub":
                    continue
                if v != item and kind != "sub":
                    continue
                best = best or ("near", k, ed, v)
    return best


def check_enumerations(m: Matcher, text: str, out: list) -> None:
    if "、" not in text:
        return
    for clause in re.finditer(r"[^。；！？\n]+", text):
        ctext, base = clause.group(0), clause.start()
        if ctext.count("、") < 1:
            continue
        parts, pos = [], 0
        for mo in _ITEM_SPLIT.finditer(ctext + "，"):
            parts.append((pos, mo.start()))
            pos = mo.end()
        for en in m.data.enumerations:
            named = en.name in ctext
            for members in en.groups:
                # every finding needs two members written right: a cheap test first
                if sum(any(x.strip(_STRIP) in ctext for x in alts) for alts in members) >= 2:
                    _check_group(en, members, named, ctext, base, parts, out)


def _check_group(en, members, named, ctext, base, parts, out) -> None:
    k = len(members)
    # a member may carry a verb before it (坚定道路自信) or words after it (共享的发展理念)
    cls = [_match_member(ctext[a:b], members, "only") for a, b in parts]
    j = 0
    while j < len(parts):
        if cls[j] is None:
            j += 1
            continue
        i = j
        while j < len(parts) and cls[j] is not None:
            j += 1
        run = list(range(i, j))
        if len(run) < 2:
            continue
        exact_idx = [cls[r][1] for r in run if cls[r][0] == "exact"]
        near = [r for r in run if cls[r][0] == "near" and cls[r][1] not in exact_idx]
        need = 2 if named else (k - 1 if k <= 5 else max(3, k - 2))
        if len(set(exact_idx)) >= need and near:
            for r in near:
                _, kk, ed, view = cls[r]
                a, b = parts[r]
                off = ctext.find(view, a, b)
                s = base + (off if off != -1 else a)
                right = members[kk][0]
                out.append(("GW005", s, s + len(view),
                            f"“{en.name}”的成员有误：“{view}”应为“{right}”（依据：{en.source}）", [right]))
        elif (not near and k >= 3 and len(exact_idx) == k and len(set(exact_idx)) == k
              and exact_idx != sorted(exact_idx)):
            a, b = parts[run[0]][0], parts[run[-1]][1]
            right = "、".join(x[0] for x in members)
            out.append(("GW005", base + a, base + b,
                        f"“{en.name}”的成员顺序有误，应为“{right}”（依据：{en.source}）", []))


def check_meetings(m: Matcher, text: str, out: list) -> None:
    if "会" not in text:
        return
    for mt in m.data.meetings:
        for mo in mt.pattern.finditer(text):
            rep = mo.expand(mt.replace) if mt.replace else ""
            out.append(("GW006", mo.start(), mo.end(), f"会议名称有误：“{mo.group(0)}”。{mt.message}",
                        [rep] if rep else []))


# -- GW008 citizen ID, GW009 bank card --

ID_RE = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{5})((?:18|19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(\d{3})([\dXx])(?![0-9A-Za-z])")
PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
             50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
TODAY = date(2026, 12, 3)


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 ISO 7064 MOD 11-2 check character."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, _W)) % 11]


def valid_citizen_id(s: str) -> bool:
    m = ID_RE.fullmatch(s)
    if not m:
        return False
    if int(s[:2]) not in PROVINCES:
        return False
    try:
        born = date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
    except ValueError:
        return False
    if born > date.today() or born.year < 1890:
        return False
    return id_check_digit(s[:17]) == s[17].upper()


CARD_RE = re.compile(r"(?<![0-9A-Za-z])((?:\d[ -]?){15,18}\d)(?![0-9A-Za-z])")
CARD_GUARD = re.compile(r"订单|单号|编号|流水|文号|代码|信用代码|合同|批次|票号|发票|条码|序列号|工单|快递|运单|证号|身份证|案号|登记号|许可证")
CARD_CONTEXT = re.compile(r"卡号|银行卡|账号|帐号|开户|储蓄卡|信用卡|借记卡|银行")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def check_personal(text: str, out: list) -> None:
    if not re.search(r"\d{15}", text.replace(" ", "").replace("-", "")):
        return
    ids = []
    for mo in ID_RE.finditer(text):
        if valid_citizen_id(mo.group(0)):
            ids.append(mo.span())
            out.append(("GW008", mo.start(), mo.end(),
                        "公开文件中出现了公民身份号码（校验位有效），应删除或隐去中间位数", []))
    for mo in CARD_RE.finditer(text):
        s, e = mo.span(1)
        if any(a < e and s < b for a, b in ids):
            continue
        digits = re.sub(r"[ -]", "", mo.group(1))
        if not 16 <= len(digits) <= 19 or not luhn_ok(digits) or digits[0] not in "3456":
            continue
        before = text[max(0, s - 12):s]
        if CARD_GUARD.search(before):
            continue
        if not (CARD_CONTEXT.search(before) or (digits.startswith("62") and len(digits) in (16, 19))):
            continue
        out.append(("GW009", s, e, "公开文件中疑似出现了银行卡号（通过 Luhn 校验），请核实并隐去", []))


# -- GW010: user-maintained names that must not appear in a positive context --

NEGATIVE = re.compile(r"审查调查|立案审查|开除|违纪违法|严重违纪|落马|被查|双开|判处|免去|撤销|警示|通报|受贿|查处")
POSITIVE_NEAR = re.compile(r"同志|指示|讲话|批示|强调|指出|要求|重要|关心|视察|亲切")


def check_banned(m: Matcher, text: str, out: list) -> None:
    if m.banned_re is None:
        return
    for mo in m.banned_re.finditer(text):
        s, e = mo.span()
        a, b = _clause_bounds(text, s, e)
        if NEGATIVE.search(text, a, b):
            continue
        after = text[e:e + 8]
        if not (POSITIVE_NEAR.search(after) or _title_before(text, s) or _ANY_TITLE_END.search(text[max(0, s - 6):s])
                or _LOCAL_START.match(text, e) or _TITLE_START.match(text, e)):
            continue
        b_ = m.banned[mo.group(0)]
        note = f"（{b_.note}）" if b_.note else ""
        out.append(("GW010", s, e, f"“{mo.group(0)}”在禁用人名单中{note}，不应以正面口吻出现", []))


# ---------------- running the family ----------------

def analyse(text: str, config=None) -> list[tuple]:
    """Every severe finding in one paragraph: (rule, start, end, message, suggestions)."""
    if not text or not (CJK.search(text) or any(ch.isdigit() for ch in text)):
        return []
    m = matcher(config)
    out: list[tuple] = []
    if CJK.search(text):
        check_names(m, text, out)
        check_phrases(m, text, out)
        check_enumerations(m, text, out)
        check_meetings(m, text, out)
        check_banned(m, text, out)
    check_personal(text, out)
    return out


def _run(ctx) -> None:
    if getattr(ctx, "_severe_done", False):
        return
    ctx._severe_done = True
    for unit in ctx.units:
        if not unit.text.strip():
            continue
        for rule, s, e, msg, sug in analyse(unit.text, ctx.config):
            fix = sug[0] if sug and rule in ("GW006",) else None
            ctx.add(rule, unit, s, e, msg, sug, fix)


def _register(rid: str, severity: str, desc: str, default_on: bool = True) -> None:
    code_rule(rid, severity, desc, _SRC, default_on=default_on)(_run)


_register("GW001", "error", "领导人姓名写错（音近、形近、多字、少字）")
_register("GW002", "error", "领导人姓名与全国性职务不符（如“赵乐际总理”）")
_register("GW003", "error", "中央政治局常委列名顺序与排序不符")
_register("GW004", "error", "重要提法表述有误（多字、漏字、错字、错误扩展）")
_register("GW005", "error", "提法成员或顺序有误（四个意识、四个自信、新发展理念、核心价值观等）")
_register("GW006", "error", "会议名称有误（第N次全国代表大会、N届M中全会、第N届全国人民代表大会第M次会议）")
_register("GW007", "error", "国名或国家机构名称有误（如“中华人名共和国”）")
_register("GW008", "error", "公开文件中出现公民身份号码（GB 11643 校验位有效）")
_register("GW009", "warning", "公开文件中疑似出现银行卡号（Luhn 校验通过）")
_register("GW010", "error", "禁用人名单中的人名以正面口吻出现（名单由使用单位维护，默认为空）")


def is_severe(rule_id: str) -> bool:
    return rule_id.startswith("GW0")


def severe_first(findings):
    """Severe findings first (stable otherwise): they fail a website outright."""
    return sorted(findings, key=lambda f: 0 if is_severe(f.rule) else 1)
