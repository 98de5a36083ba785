"""The proofreader used by `gwreport check`, `build` and `batch`.

    proofread(units, config=None, known_words=()) -> list[Finding]

Rules live in corpora/rules/*.yaml (lists) and rules_code.py / rules_figures.py (logic);
see registry.py for the id families.
"""
from __future__ import annotations

from typing import Iterable

from ..findings import Finding, TextUnit, sort_findings
from .registry import spelling_rules  # noqa: F401 (lives with the placeholders it replaces)

__all__ = ["proofread", "list_rules"]


def proofread(units: list[TextUnit], config=None, known_words: Iterable[str] = ()) -> list[Finding]:
    from ..config import Config
    from .common import protected_spans
    from .configured import get_engine

    cfg = config if config is not None else Config()
    known = tuple(known_words or ())
    units = list(units)
    engine = get_engine(cfg)
    findings = engine.run(units, known)
    findings += _spelling(units, known, cfg, engine)
    allow = set(getattr(cfg, "allow", ()) or ()) | set(known)
    by_line = {u.line: u.text for u in units}
    out: list[Finding] = []
    seen: set[tuple] = set()
    prot_cache: dict[int, list] = {}
    for f in findings:
        text = by_line.get(f.line, "")
        if allow and _allowed(text, f, allow):
            continue
        if f.rule[2] in "12":
            prot = prot_cache.get(f.line)
            if prot is None:
                prot = prot_cache[f.line] = protected_spans(text)
            if any(a <= f.column - 1 < b for a, b in prot):
                continue
        key = (f.rule, f.line, f.column, f.end_column)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return sort_findings(_dedupe(out))


# typography rules that yield to a more specific rule on the same span
_GENERIC = {"GW301", "GW302", "GW309"}


def _dedupe(findings: list[Finding]) -> list[Finding]:
    from .engine import MAX_PER_LINE
    by_line: dict[int, list[Finding]] = {}
    for f in findings:
        by_line.setdefault(f.line, []).append(f)
    out = []
    for fs in by_line.values():
        if len(fs) == 1:
            out.extend(fs)
            continue
        fs.sort(key=lambda f: (f.column, -f.end_column))
        if len(fs) > MAX_PER_LINE:
            fs = fs[:MAX_PER_LINE]
        kept = []
        for k, f in enumerate(fs):
            drop = False
            # only findings that overlap f matter; fs is sorted by start column
            near = [g for g in fs[max(0, k - 40):k + 40] if g.column <= f.end_column and f.column <= g.end_column]
            for g in near:
                if g is f:
                    continue
                inside = g.column <= f.column and f.end_column <= g.end_column
                if g.rule == f.rule and inside and (g.column, g.end_column) != (f.column, f.end_column):
                    drop = True  # 国家旅游局 contains 旅游局
                elif (g.rule == f.rule and g.column < f.column < g.end_column
                      and f.end_column > g.end_column and f.rule[2] in "126"):
                    drop = True  # 点击查看全文: one finding, not two overlapping ones
                elif f.rule in _GENERIC and g.rule not in _GENERIC and inside and g.fix is not None:
                    drop = True  # 附件: is GW504's business, not GW301's
                elif f.rule[2] == "4" and g.rule[2] in "12" and g.column < f.end_column and f.column < g.end_column:
                    drop = True  # the lexicon already explains this span
                elif (f.rule[2] in "12" and g.rule[2] in "12" and f.rule != g.rule and inside
                      and (g.column, g.end_column) != (f.column, f.end_column)):
                    drop = True  # a longer lexicon hit wins
                if drop:
                    break
            if not drop:
                kept.append(f)
        out.extend(kept)
    return out


def _allowed(text: str, f: Finding, allow: set[str]) -> bool:
    s, e = f.column - 1, f.end_column - 1
    if f.text in allow:
        return True
    for w in allow:
        if not w or w not in text:
            continue
        i = text.find(w)
        while i != -1:
            if i < max(e, s + 1) and s < i + len(w):
                return True
            i = text.find(w, i + 1)
    return False


_SPELL_WARNED = False


def _spelling(units, known, cfg, engine) -> list[Finding]:
    level = getattr(cfg, "spelling", "normal") or "normal"
    if level == "off":
        return []
    try:
        from ..spelling import check_units  # type: ignore
    except ImportError:
        return []
    # allow-list words are known words: the engine protects them as context while scoring,
    # not only filtered out afterwards (spelling engineer's request)
    allow = tuple(sorted(w for w in (getattr(cfg, "allow", ()) or ()) if w))
    try:
        found = check_units(units, tuple(known) + allow, level)
    except Exception as e:  # a broken or missing statistics file must not sink the whole check
        from ..errors import GwError
        if isinstance(e, GwError):
            raise
        global _SPELL_WARNED
        if not _SPELL_WARNED:
            import os
            import sys
            sys.stderr.write("警告：统计拼写检查出错，已跳过；其他规则照常检查。"
                             "如需排查，可设置环境变量 GWREPORT_DEBUG=1 后重试并把输出交给维护人员。\n")
            if os.environ.get("GWREPORT_DEBUG", "").strip() not in ("", "0"):
                import traceback
                traceback.print_exception(type(e), e, e.__traceback__, file=sys.stderr)
            _SPELL_WARNED = True
        return []
    from ..selection import is_on
    out = []
    sev = getattr(cfg, "severity", {}) or {}
    rules = {r.id: r for r in spelling_rules()}
    on: dict[str, bool] = {}
    for f in found:
        if f.rule not in on:
            r = rules.get(f.rule)
            on[f.rule] = r is not None and is_on(r, cfg)
        if not on[f.rule]:
            continue
        if f.rule in sev:
            f.severity = sev[f.rule]
        out.append(f)
    return out


def list_rules(config=None):
    """Every registered rule (gwreport.rules) with its on/off state under config:
    list of (Rule, enabled), sorted by id. Severities shown are the configured ones."""
    import dataclasses

    from ..config import Config
    from ..rules import resolve, rule_table
    from .configured import get_engine

    cfg = config if config is not None else Config()
    get_engine(cfg)  # validates the configuration's rule ids
    sel = resolve(cfg)
    out = []
    for rid, r in rule_table(cfg).items():
        on = sel.on(rid)
        if r.pack == "spelling" and rid != "GW403":
            on = on and getattr(cfg, "spelling", "normal") != "off"
        if rid in sel.severity:
            r = dataclasses.replace(r, severity=sel.severity[rid])
        out.append((r, on))
    return out
