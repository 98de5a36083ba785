"""Rule registry: every rule has a stable id, severity, a one-line Chinese description,
the standard or source it rests on, whether its fix is safe, and whether it is on by default.

Families: GW0xx severe errors (严重表述错误, severe.py), GW1xx lexicon (错别字), GW2xx phrasing (禁用/过时/机构更名), GW3xx typography and
numbers, GW4xx spelling engine (issue 4), GW5xx structure, GW6xx placeholders and residue,
GW7xx repetition, GW8xx figures.
"""
from __future__ import annotations

from typing import Callable, Iterable

from ..findings import FAMILIES  # noqa: E402,F401 - the family names live with the findings


from ..findings import Rule  # noqa: E402,F401 - a leaf module: layout and spelling need no registry


_CODE_RULES: dict[str, Rule] = {}


def code_rule(id: str, severity: str, description: str, source: str, *,
              safe_fix: bool = False, default_on: bool = True) -> Callable:
    """Decorator registering a rule that data cannot express."""

    def deco(fn: Callable) -> Callable:
        _CODE_RULES[id] = Rule(id, severity, description, source, safe_fix, default_on,
                               "core", "code", fn)
        return fn

    return deco


def code_rules() -> dict[str, Rule]:
    """The code rules registered so far: the engine imports the modules that declare them
    (rules_code, rules_figures, severe) before asking, so this module imports none of them."""
    return dict(_CODE_RULES)


# Placeholders for the spelling engines' rule ids (issue 4) so they are known ids even before
# gwreport.spelling is imported; spelling_rules() below replaces them with the engine's own
# RULES (the truth for descriptions and severities), which these must agree with.
_SPELL_SOURCE = "corpora/spelling（政务语料统计）"
SPELLING_RULES = (
    Rule("GW401", "error", "统计拼写检查：疑似错别字（高置信度）", _SPELL_SOURCE, False, True, "spelling", "code"),
    Rule("GW402", "warning", "统计拼写检查：疑似错别字（较低置信度）", _SPELL_SOURCE, False, True, "spelling", "code"),
    Rule("GW403", "warning", "pycorrector 引擎：疑似错别字（需 --engine pycorrector 和本地模型）",
         "pycorrector（Apache-2.0，可选安装）", False, False, "spelling", "code"),
)
SPELLING_RULE = SPELLING_RULES[0]


def all_rules(packs: Iterable = ()) -> dict[str, Rule]:
    rules = code_rules()
    for pack in packs:
        for r in pack.rules:
            rules[r.id] = r.rule
    for r in SPELLING_RULES:
        rules.setdefault(r.id, r)
    return dict(sorted(rules.items()))


def spelling_rules() -> list:
    """The spelling engines' rules (GW4xx) as registry entries. gwreport.spelling.RULES is the
    truth for GW401/GW402 (severity included); GW403 comes from the pycorrector adapter."""
    out = {r.id: r for r in SPELLING_RULES}
    try:
        from ..spelling import RULES as SPELL  # type: ignore
    except Exception:
        SPELL = ()
    items = SPELL.items() if isinstance(SPELL, dict) else ((getattr(r, "id", str(r)), r) for r in SPELL)
    for rid, desc in items:
        if isinstance(desc, Rule):
            out[rid] = desc
        elif rid in out:
            r = out[rid]
            out[rid] = Rule(rid, r.severity, str(desc), r.source, False, True, "spelling", "code")
    try:
        from ..pycorrector_adapter import RULE, RULE_DESCRIPTION
        r = out.get(RULE)
        if r is not None:
            out[RULE] = Rule(RULE, r.severity, RULE_DESCRIPTION, r.source, False, r.default_on, "spelling", "code")
    except Exception:
        pass
    return [out[k] for k in sorted(out)]
