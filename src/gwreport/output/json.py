"""Findings as JSON: {"files": [{"path", "findings": [...]}], "summary": {...}} — the contract
in README ("JSON 输出") and DESIGN §3: line = paragraph/line number, columns in code points."""
from __future__ import annotations

import json

from .console import summary


def _finding(draft, f) -> dict:
    d = f.to_json()
    if getattr(draft, "places", None):  # .pdf/.ofd: also the printed page and line
        from ..formats import place
        p = place(draft, f.line, f.column)
        if "page" in p:
            d["page"], d["page_line"] = p["page"], p["line"]
    return d


def to_data(results, unreadable: int = 0, ignored: int | None = None) -> dict:
    from ..proofread.severe import severe_first
    return {"files": [{"path": d.path, "findings": [_finding(d, f) for f in severe_first(fs)]} for d, fs in results],
            "summary": summary(results, unreadable, ignored)}


def render(results, unreadable: int = 0, ignored: int | None = None) -> str:
    return json.dumps(to_data(list(results), unreadable, ignored), ensure_ascii=False, indent=2) + "\n"
