"""Template helpers: the one place that says how 公文 figures and lists are written.

Available in every genre body template as filters/functions (see README, 模板函数):
  cn_date(d)            2024-09-30 → 2024年9月30日 (GB/T 9704 §7.3.5.4: no leading zeros)
  cn_month(d)           2024-09-30 → 2024年9月
  rate(n, d)            n/d as a percentage, rounded half-up to 1 decimal; None when d is 0
  percent(x)            98.5 → "98.5%", 100.0 → "100%" (GB/T 15835 Arabic numerals)
  num(n)                integer as Arabic numerals (GB/T 15835), no separators below 10 000
  cn_num(n)             Chinese numeral where the standard wants words: 3 → 三
  enum_cn(items)        ["a","b"] → "一是a；二是b。" (trailing 。/；in items trimmed); ["a"] → "a。"
  join_cn(items, sep)   join with 、 (default) or ，, dropping empty items
  ordinal_list(items)   ["a","b"] → "1.a；2.b"
  clause(text)          text with its trailing 。；，、 removed, to continue the sentence
  sentence(text)        text ending in exactly one 。 (keeps ？！)
  date_range(a, b)      2024-09-10, 2024-09-30 → 2024年9月10日至30日 (same month/year elided)
  total(items, key)     sum of a field over a list of records; key may be dotted
                        ("websites.total"); a missing field counts as 0
  count(items, key, value)  how many records have key == value
  pluck(item, key)      field of a record by dotted key, None when missing
  texts(items, key)     list items as text: plain strings kept, records give their key
                        (default "detail"); empty ones dropped
  exceeds(items, part, whole, label)  labels (default "name") of records whose dotted
                        field part is greater than field whole — for cross-field checks
                        over lists, e.g. exceeds(units, 'websites.failed', 'websites.checked')
  duplicates(values)    values occurring more than once, in first-seen order
"""
from __future__ import annotations

import datetime as _dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterable

from .numbering import chinese_numeral

RATE_RULE = "百分率保留一位小数，四舍五入；分母为0时记为“无”"


def _as_date(d: Any) -> _dt.date:
    if isinstance(d, _dt.datetime):
        return d.date()
    if isinstance(d, _dt.date):
        return d
    s = str(d).strip()
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", s)
    if not m:
        raise ValueError(f"无法识别的日期：{s}")
    return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def cn_date(d: Any) -> str:
    x = _as_date(d)
    return f"{x.year}年{x.month}月{x.day}日"


def cn_month(d: Any) -> str:
    x = _as_date(d)
    return f"{x.year}年{x.month}月"


def rate(n: Any, d: Any, digits: int = 1) -> Decimal | None:
    if d in (None, 0) or n is None:
        return None
    q = Decimal(1).scaleb(-digits)
    # str() first: Decimal(0.145) is 0.14499…, which would round the wrong way
    n, d = (Decimal(str(x)) if isinstance(x, float) else Decimal(x) for x in (n, d))
    return (n * 100 / d).quantize(q, rounding=ROUND_HALF_UP)


def percent(x: Any) -> str:
    if x is None:
        return "无"
    d = Decimal(str(x))
    if d == d.to_integral_value():
        return f"{int(d)}%"
    return f"{d.normalize():f}%"


def num(n: Any) -> str:
    if isinstance(n, float) and n.is_integer():
        n = int(n)
    return str(n)


def cn_num(n: int) -> str:
    return chinese_numeral(int(n))


_TRAIL = "。；;，,、 "


def _clean(items: Iterable[Any]) -> list[str]:
    return [str(i).strip().rstrip(_TRAIL) for i in (items or []) if str(i).strip()]


def enum_cn(items: Iterable[Any], end: str = "。") -> str:
    parts = _clean(items)
    if len(parts) == 1:  # "一是……" with nothing after it reads as an unfinished list
        return parts[0] + end
    return "；".join(f"{chinese_numeral(i)}是{p}" for i, p in enumerate(parts, 1)) + (end if parts else "")


def join_cn(items: Iterable[Any], sep: str = "、") -> str:
    return sep.join(_clean(items))


def ordinal_list(items: Iterable[Any], end: str = "。") -> str:
    parts = _clean(items)
    return "；".join(f"{i}.{p}" for i, p in enumerate(parts, 1)) + (end if parts else "")


def clause(text: Any) -> str:
    return str(text).strip().rstrip(_TRAIL)


def sentence(text: Any) -> str:
    t = clause(text)
    return t if not t or t[-1] in "。？！" else t + "。"


def date_range(a: Any, b: Any) -> str:
    x, y = _as_date(a), _as_date(b)
    if x == y:
        return cn_date(x)
    if x.year != y.year:
        return f"{cn_date(x)}至{cn_date(y)}"
    if x.month != y.month:
        return f"{cn_date(x)}至{y.month}月{y.day}日"
    return f"{cn_date(x)}至{y.day}日"


def pluck(item: Any, key: str) -> Any:
    cur = item
    for part in str(key).split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def total(items: Iterable[dict], key: str) -> int | float:
    return sum((pluck(i, key) or 0) for i in (items or []))


def texts(items: Iterable[Any], key: str = "detail") -> list[str]:
    out = []
    for i in items or []:
        v = pluck(i, key) if isinstance(i, dict) else i
        if v is not None and str(v).strip():
            out.append(str(v).strip())
    return out


def exceeds(items: Iterable[dict], part: str, whole: str, label: str = "name") -> list[str]:
    out = []
    for n, i in enumerate(items or [], 1):
        a, b = pluck(i, part), pluck(i, whole)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a > b:
            out.append(str(pluck(i, label) or f"第{n}项"))
    return out


def duplicates(values: Iterable[Any]) -> list[Any]:
    seen, dup = set(), []
    for v in values or []:
        if v in seen and v not in dup:
            dup.append(v)
        seen.add(v)
    return dup


def count(items: Iterable[dict], key: str, value: Any) -> int:
    return sum(1 for i in (items or []) if pluck(i, key) == value)


FILTERS = {
    "cn_date": cn_date, "cn_month": cn_month, "percent": percent, "num": num,
    "cn_num": cn_num, "clause": clause, "sentence": sentence, "enum_cn": enum_cn, "join_cn": join_cn, "ordinal_list": ordinal_list,
    "texts": texts, "duplicates": duplicates,
}
GLOBALS = {"rate": rate, "total": total, "count": count, "date_range": date_range, "pluck": pluck,
           "exceeds": exceeds, **FILTERS}
