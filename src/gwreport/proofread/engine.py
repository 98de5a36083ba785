"""The proofreading engine: compiled packs + code rules over a list of TextUnits."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..findings import Finding, TextUnit
from .common import MAX_PER_LINE, MAX_PER_RULE_LINE, PROTECTED_RE, protected_spans  # noqa: F401 (re-exported)
from .packs import Entry, Pack, PackRule, builtin_pack_paths, load_pack, trie_regex
from .registry import Rule, all_rules, code_rules
from re import compile as _rc  # plain re (the private _sre program cache is gone)



@dataclass
class Ctx:
    """What code rules see: the units (roles inferred), the config and helpers."""

    units: list[TextUnit]
    config: object
    known_words: frozenset
    rules: dict[str, Rule]
    enabled: set[str]
    findings: list[Finding] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    def on(self, rid: str) -> bool:
        return rid in self.enabled

    def add(self, rid: str, unit: TextUnit, start: int, end: int, message: str,
            suggestions: Iterable[str] = (), fix: str | None = None, source: str | None = None) -> None:
        if rid not in self.enabled:
            return
        key = (rid, unit.line)
        n = self.counts.get(key, 0)
        if n >= MAX_PER_RULE_LINE:
            return  # a pathological paragraph: the first findings are enough
        self.counts[key] = n + 1
        rule = self.rules[rid]
        sev = getattr(self.config, "severity", {}).get(rid, rule.severity)
        self.findings.append(Finding(
            rid, sev, unit.line, start + 1, unit.line, end + 1, unit.text[start:end],
            message, list(suggestions), fix if rule.safe_fix else None, source or None))


class Engine:
    def __init__(self, packs: list[Pack], config) -> None:
        self.packs = packs
        self.config = config
        from . import rules_code, rules_figures, severe  # noqa: F401 (they register their code rules)
        self.rules = all_rules(packs)
        self.enabled = {rid for rid, r in self.rules.items() if is_enabled(r, config, packs)}
        self.code = [r for r in code_rules().values() if r.id in self.enabled]
        literal: dict[str, list[tuple[PackRule, Entry]]] = {}
        self.regex_entries: list[tuple[PackRule, re.Pattern, Entry]] = []
        self.repetition: list[PackRule] = []
        for pack in packs:
            for pr in pack.rules:
                if pr.id not in self.enabled:
                    continue
                if pr.rule.kind == "repetition":
                    self.repetition.append(pr)
                    continue
                for e in pr.entries:
                    literal.setdefault(e.match, []).append((pr, e))
                for rx, e in pr.regex_entries:
                    self.regex_entries.append((pr, rx, e))
        self.literal = literal
        self.max_len = max((len(w) for w in literal), default=0)
        self.scan = _rc("(?=(" + trie_regex(list(literal)) + "))") if literal else None

    # -- pack rules --
    def _emit(self, ctx: Ctx, pr: PackRule, e: Entry, unit: TextUnit, s: int, t: int) -> None:
        if ctx.counts.get((pr.id, unit.line), 0) >= MAX_PER_RULE_LINE:
            return
        text = unit.text[s:t]
        rep = [r.replace("$0", text) for r in e.replace]
        if pr.rule.kind == "substitution" and rep == [text]:
            return
        msg = (e.message or pr.message).format(match=text, replace="”或“".join(rep) or "",
                                               source=e.source)
        ctx.add(pr.id, unit, s, t, msg, rep, rep[0] if e.fix else None, source=e.source)

    def run_packs(self, ctx: Ctx, unit: TextUnit) -> None:
        text = unit.text
        if self.scan is not None:
            for m in self.scan.finditer(text):
                w = m.group(1)
                if not w:
                    continue
                s = m.start()
                # the longest word wins; shorter prefixes are tried when its guard fails
                for n in range(len(w), 0, -1):
                    hits = self.literal.get(w[:n])
                    if not hits:
                        continue
                    done = False
                    for pr, e in hits:
                        if e.roles is not None and unit.role not in e.roles:
                            continue
                        if e.context_ok(text, s, s + n):
                            self._emit(ctx, pr, e, unit, s, s + n)
                            done = True
                    if done:
                        break
        for pr, rx, e in self.regex_entries:
            if e.roles is not None and unit.role not in e.roles:
                continue
            for m in rx.finditer(text):
                if m.end() > m.start() and e.context_ok(text, m.start(), m.end()):
                    self._emit(ctx, pr, e, unit, m.start(), m.end())

    def run(self, units: list[TextUnit], known_words: Iterable[str] = ()) -> list[Finding]:
        from .roles import infer_roles
        units = infer_roles(units)
        ctx = Ctx(units, self.config, frozenset(known_words), self.rules, self.enabled)
        for unit in units:
            if unit.text.strip():
                self.run_packs(ctx, unit)
        if self.repetition:
            from .rules_code import run_repetition
            for pr in self.repetition:
                run_repetition(ctx, pr)
        for rule in self.code:
            rule.check(ctx)
        return ctx.findings


def is_enabled(rule: Rule, config, packs: list[Pack]) -> bool:
    """gwreport.rules decides (one resolver for every command); a pack's own default switch
    gates its rules unless `packs:` names it."""
    from ..selection import is_on
    pack_default = next((bool(p.default_on) for p in packs if p.name == rule.pack), None)
    return is_on(rule, config, pack_default)


_CACHE: dict[tuple, Engine] = {}


def _key(config) -> tuple:
    extra = tuple(str(p) for p in getattr(config, "extra_packs", ()) or ())
    return (getattr(config, "cache_key", lambda: id(config))(), extra)


def load_engine(config) -> Engine:
    """The engine for config (cached), its configuration not checked: proofread.configured's
    get_engine checks it (that needs every family's rule ids, gwreport.rules, which lists
    the engine's rules from here)."""
    key = _key(config)
    eng = _CACHE.get(key)
    if eng is None:
        extra = key[1]
        packs = [load_pack(p) for p in builtin_pack_paths()]
        packs += [load_pack(Path(p), user=True, index=i) for i, p in enumerate(extra, 1)]
        eng = Engine(packs, config)
        eng.validated = False
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[key] = eng
    return eng


def forget_engine(config) -> None:
    _CACHE.pop(_key(config), None)
