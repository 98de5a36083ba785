"""The shared currency of the proofreader: text units in, findings out (DESIGN.md §3)."""
from __future__ import annotations

from dataclasses import dataclass, field, asdict
from typing import Callable

SEVERITIES = ("error", "warning", "info")

# rule families by the id's first digit (GW1xx …); here so a finding needs no registry import
FAMILIES = {
    "0": "严重表述错误",
    "1": "错别字",
    "2": "用语规范",
    "3": "标点与数字",
    "4": "拼写（统计）",
    "5": "结构层次",
    "6": "占位符与残留",
    "7": "重复",
    "8": "数字核对",
    "9": "版式（GB/T 9704，仅 .docx）",
}


@dataclass
class Rule:
    """A declared rule (gwreport.rules lists and selects them; proofread.registry re-exports)."""

    id: str
    severity: str  # error | warning | info
    description: str  # one line, Chinese
    source: str  # standard or source key(s)
    safe_fix: bool = False
    default_on: bool = True
    pack: str = "core"  # pack name (YAML file stem) or "core" for code rules
    kind: str = "code"  # code | substitution | existence | repetition
    # code rules: check(units, ctx) -> iterable of Finding
    check: Callable | None = field(default=None, repr=False)

    @property
    def family(self) -> str:
        return FAMILIES.get(self.id[2:3], "其他")


@dataclass(frozen=True)
class TextUnit:
    """One line of a .txt/.md file or one paragraph of a .docx / built document.

    line is 1-based. role is a hint from the reader or the document model:
    title, addressee, heading1..heading4, body, table_cell, signature, date,
    doc_number, signer, attachment, cc, printer, empty, or None when unknown
    (plain text drafts: rules then infer the role themselves).
    """

    line: int
    text: str
    role: str | None = None


@dataclass
class Finding:
    rule: str
    severity: str
    line: int
    column: int  # 1-based, code points
    end_line: int
    end_column: int  # exclusive
    text: str
    message: str
    suggestions: list[str] = field(default_factory=list)
    # replacement for [column, end_column) when the rule's fix is safe; None otherwise
    fix: str | None = None
    # the source of the pack entry that matched (勘误表 "依据"); None: the rule's own source
    source: str | None = None

    def to_json(self) -> dict:
        d = asdict(self)
        d.pop("fix")
        d.pop("source")
        out = {k: d[k] for k in ("rule", "severity", "line", "column", "end_line",
                                 "end_column", "text", "suggestions", "message")}
        out["category"] = FAMILIES.get(self.rule[2:3], "其他") if self.rule.startswith("GW") else "其他"
        return out


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.line, f.column, f.rule))
