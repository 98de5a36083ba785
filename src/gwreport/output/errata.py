"""The rows of a 勘误表 (errata list), shared by the .xlsx and .html renderers and the web UI.

    rows = errata_rows(results, config)      # results: (draft, findings) pairs, as for console/json

One row per finding: file, place as a clerk reads it (第3页第12行 / 第5段 / 第7行), category,
severity, the sentence with the error marked, message, suggestion, rule id and the source the
rule rests on. `tallies()` counts them by file and category for the summary sheet.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEV_ORDER = {"error": 0, "warning": 1, "info": 2}

# the registry's family names shortened for a printed column (JSON keeps the registry's names)
CATEGORY_BY_DIGIT = {
    "0": "严重表述错误", "1": "错别字", "2": "用语规范", "3": "标点与数字", "4": "错别字（统计）",
    "5": "结构层次", "6": "占位符与残留", "7": "重复", "8": "数字核对", "9": "版式",
}
CATEGORY_ORDER = list(CATEGORY_BY_DIGIT.values())

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean_text(value: str) -> str:
    """Text with the control characters a spreadsheet or page cannot hold removed
    (tabs and line breaks kept)."""
    return _CONTROL.sub("", value)


@dataclass
class ErrataRow:
    file: str
    place: str  # 第1页第12行 / 第5段 / 第7行
    line: int  # the unit (paragraph/line) number of the JSON contract
    column: int
    category: str
    severity: str  # error | warning | info
    rule: str
    before: str  # the sentence: text before the error …
    marked: str  # … the error itself ('' for a missing character) …
    after: str  # … and after it
    message: str
    suggestion: str
    source: str
    safe_fix: bool = False

    @property
    def severity_zh(self) -> str:
        return SEV_ZH.get(self.severity, self.severity)

    @property
    def sentence(self) -> str:
        """The sentence with the error in 【】 (▲ where a character is missing)."""
        return f"{self.before}【{self.marked or '▲'}】{self.after}"

    def to_json(self) -> dict:
        return {"file": self.file, "place": self.place, "line": self.line, "column": self.column,
                "category": self.category, "severity": self.severity, "rule": self.rule,
                "sentence": self.sentence, "message": self.message, "suggestion": self.suggestion,
                "source": self.source}


def category_of(rule: str, table: dict | None = None) -> str:
    if rule.startswith("GW") and rule[2:3] in CATEGORY_BY_DIGIT:
        return CATEGORY_BY_DIGIT[rule[2:3]]
    return "本单位规则" if table and rule in table else "其他"


def _rule_info(config) -> dict[str, Any]:
    try:
        from ..rules import rule_table
        return rule_table(config)
    except Exception:  # a listing problem must not lose the 勘误表; sources are then blank
        return {}


def _source_name(key: str) -> str:
    from ..proofread.sources import source_name
    try:
        return source_name(key)
    except Exception:  # a user pack's free-text source is shown as written
        return key


def _source(rule, table: dict) -> str:
    r = table.get(rule)
    return _source_name(r.source or "") if r is not None else ""


def errata_rows(results: Iterable[tuple[Any, list]], config=None) -> list[ErrataRow]:
    """Rows in file order; within a file 严重表述错误 first, then by position."""
    from ..formats import place_zh
    from ..proofread.severe import severe_first
    from .console import excerpt

    table = _rule_info(config)
    sources: dict[str, str] = {}
    out: list[ErrataRow] = []
    for draft, findings in results:
        by_line = {u.line: u.text for u in draft.units}
        for f in severe_first(findings):
            text = by_line.get(f.line, "")
            end = f.end_column - 1 if f.end_line == f.line else len(text)
            pre, mid, post = excerpt(text, f.column - 1, end, width=40)
            key = f.source or f.rule
            if key not in sources:
                sources[key] = _source_name(f.source) if f.source else _source(f.rule, table)
            sug = " / ".join(s for s in f.suggestions if s)
            if not sug and f.fix == "" and f.text:
                sug = "删除"
            out.append(ErrataRow(
                file=clean_text(str(draft.path)), place=place_zh(draft, f.line, f.column),
                line=f.line, column=f.column, category=category_of(f.rule, table),
                severity=f.severity, rule=f.rule, before=clean_text(pre), marked=clean_text(mid),
                after=clean_text(post), message=clean_text(f.message), suggestion=clean_text(sug),
                source=clean_text(sources[key]), safe_fix=f.fix is not None))
    return out


@dataclass
class Tallies:
    files: list[str]
    categories: list[str]  # the categories present, in CATEGORY_ORDER
    by_file: dict[str, dict[str, int]]  # file -> category -> count
    severities: dict[str, dict[str, int]]  # file -> severity -> count


def tallies(rows: list[ErrataRow], files: Iterable[str] = ()) -> Tallies:
    order = list(dict.fromkeys([*files, *(r.file for r in rows)]))
    present = {r.category for r in rows}
    cats = [c for c in CATEGORY_ORDER if c in present] + sorted(present - set(CATEGORY_ORDER))
    by_file = {f: {c: 0 for c in cats} for f in order}
    sev = {f: {s: 0 for s in SEV_ZH} for f in order}
    for r in rows:
        by_file[r.file][r.category] += 1
        sev[r.file][r.severity] = sev[r.file].get(r.severity, 0) + 1
    return Tallies(order, cats, by_file, sev)


def failed_pairs(failed) -> list[tuple[str, str]]:
    """Unreadable files as (path, reason): accepts CheckRun.failed pairs or bare paths."""
    out = []
    for x in failed or ():
        if isinstance(x, (tuple, list)):
            out.append((clean_text(str(x[0])), clean_text(str(x[1]))))
        else:
            out.append((clean_text(str(x)), "无法读取"))
    return out
