"""Fix planning: which fixes to apply, in one `--fix` run, so that a second run changes nothing.

A finding's fix has an applicability: `safe` when the rule declares its fix safe
(Finding.fix is set only then), `unsafe` for the suggestions a person must choose from.
Only safe fixes are applied automatically. Fixes on one paragraph that overlap cannot be
applied together: the planner keeps the earliest (then the widest) and leaves the others;
`fix_draft` then re-checks the edited text and applies what became applicable, until no safe
fix is left (bounded), so nested fixes (`[2024]36号` inside half-width brackets) all land in one run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .findings import Finding

SAFE, UNSAFE = "safe", "unsafe"
MAX_PASSES = 8


def applicability(f: Finding) -> str | None:
    if f.fix is not None:
        return SAFE
    return UNSAFE if any(f.suggestions) else None


def plan(findings: list[Finding]) -> dict[int, list[Finding]]:
    """Safe single-paragraph fixes per line, non-overlapping, right to left (so offsets of
    earlier fixes stay valid while later ones are applied)."""
    per: dict[int, list[Finding]] = {}
    for f in findings:
        if applicability(f) == SAFE and f.line == f.end_line and f.fix != f.text:
            per.setdefault(f.line, []).append(f)
    out: dict[int, list[Finding]] = {}
    for line, fs in per.items():
        fs.sort(key=lambda f: (f.column, -f.end_column, f.rule))
        kept: list[Finding] = []
        last_end = 0
        for f in fs:
            s, e = f.column - 1, f.end_column - 1
            if kept and (s < last_end or (s == e and s == kept[-1].column - 1) or s == kept[-1].column - 1):
                continue  # overlaps a kept fix: applied on the next pass if still wanted
            kept.append(f)
            last_end = max(last_end, e)
        out[line] = list(reversed(kept))
    return out


def apply_to_text(text: str, fixes: list[Finding]) -> str:
    for f in fixes:  # right to left
        text = text[:f.column - 1] + f.fix + text[f.end_column - 1:]
    return text


@dataclass
class FixResult:
    changes: list[Finding] = field(default_factory=list)  # applied, in the pass they were found
    remaining: list[Finding] = field(default_factory=list)  # findings on the fixed text
    passes: int = 0


def fix_draft(draft, analyse: Callable, findings: list[Finding] | None = None,
              edit: Callable | None = None) -> FixResult:
    """Apply every safe fix to the draft in memory (txt/md lines, or the Word document's runs),
    re-checking between passes; draft.units then hold the fixed text. edit(paragraph, start,
    end, new) -> bool replaces a .docx span (default: in place; output.tracked: as a 修订)."""
    from .readers import docx_units, text_units

    res = FixResult()
    current = findings if findings is not None else analyse(draft)
    seen: set[tuple] = set()
    for _ in range(MAX_PASSES):
        todo = plan(current)
        applied: list[Finding] = []
        for line, fixes in todo.items():
            fixes = [f for f in fixes if (f.line, f.column, f.text, f.fix) not in seen]
            if not fixes:
                continue
            if draft.kind == "docx":
                from .proofread.docx_edit import replace_span
                para = draft.paragraphs[line - 1]
                for f in fixes:
                    if (edit or replace_span)(para, f.column - 1, f.end_column - 1, f.fix):
                        applied.append(f)
            else:
                draft.raw_lines[line - 1] = apply_to_text(draft.raw_lines[line - 1], fixes)
                applied.extend(fixes)
        if not applied:
            break
        seen.update((f.line, f.column, f.text, f.fix) for f in applied)
        res.changes.extend(applied)
        res.passes += 1
        if draft.kind == "docx":
            draft.units, draft.paragraphs = docx_units(draft.document)
        else:
            draft.units, _ = text_units("\n".join(draft.raw_lines), draft.kind)
        current = analyse(draft)
    res.remaining = current
    res.changes.sort(key=lambda f: (f.line, f.column))
    return res
