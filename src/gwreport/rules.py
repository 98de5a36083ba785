"""The one rule registry and the one selection resolver (Ruff's model).

Every rule gwreport knows — pack rules (corpora/rules/*.yaml and user packs), code rules,
the spelling engines, pycorrector, the GB/T 9704 layout audit, and any family another
module registers — is declared once as a `Rule` (id, family, default severity, default
on/off, source). `rule_table(config)` lists them all; `resolve(config)` decides which are on.

Registering a family (e.g. a new 严重表述错误 family in its own module)::

    from gwreport.rules import register_family
    register_family("严重表述错误", prefixes=("GW0",), rules=lambda config: MY_RULES,
                    run=my_check)   # run(units, config, selection) -> list[Finding]

`rules(config)` returns the family's `proofread.registry.Rule` objects; `run`, when given,
is called by the check pipeline (gwreport.check) and by build/batch through the proofreader
with every text unit; its findings are then filtered through the same selection, so a
family never has to read select/ignore itself. Families are listed in registration order.

Selection precedence (documented in README "规则开关"):

1. Defaults: each rule's default on/off, gated by its pack's switch (`packs:`).
2. The configuration file: `select`, `ignore` and `rules: {GWxxx: on/off}`.
3. The command line: `--select` and `--ignore`.

Later layers win over earlier ones. A layer that has a `select` starts from nothing: only
what it selects is on. Inside one layer the more specific selector wins (GW301 over GW3
over GW); at equal specificity an ignore/off wins over a select/on.
"""
from __future__ import annotations

from typing import Any

# the family registry is one level down so a family's own module (layout_gongwen) can register
# into it without importing this module, which registers the built-in families
from .rule_families import _FAMILIES, Family, register_family  # noqa: F401
# the resolver's decision (is_on) is one level down too: the engine asks it for every rule
from .selection import Layer, Selection, default_on, is_on, layers  # noqa: F401

__all__ = ["Family", "Selection", "register_family", "families", "rule_table", "resolve",
           "known_ids", "family_of"]


def families() -> list[Family]:
    _builtin_families()
    return list(_FAMILIES.values())


def family_of(rid: str) -> str:
    """The family name of a rule id: the registered family with the longest matching prefix."""
    best, name = -1, "其他"
    for fam in families():
        for p in fam.prefixes:
            if rid.startswith(p) and len(p) > best:
                best, name = len(p), fam.name
    return name


_BUILTIN_DONE = False


def _builtin_families() -> None:
    """gwreport's own families, registered on first use (lazy: importing the proofreader's
    packs costs start-up time `gwreport --help` must not pay)."""
    global _BUILTIN_DONE
    if _BUILTIN_DONE:
        return
    _BUILTIN_DONE = True
    from .proofread.registry import FAMILIES

    def engine_rules(config):
        from .proofread.engine import load_engine
        return [r for r in load_engine(config).rules.values() if r.pack != "spelling"]

    def spelling(config):
        from .proofread.registry import spelling_rules
        return spelling_rules()

    def layout(config):
        from .layout import layout_registry_rules
        return layout_registry_rules()

    prose = {k: v for k, v in FAMILIES.items() if k not in ("4", "9")}
    # packs and code rules come from one engine; their families are named by id digit
    for digit, name in prose.items():
        register_family(name, prefixes=(f"GW{digit}",),
                        rules=(engine_rules if digit == "1" else (lambda config: ())))
    register_family(FAMILIES["4"], prefixes=("GW4",), rules=spelling)
    register_family(FAMILIES["9"], prefixes=("GW9",), rules=layout, docx_only=True)
    from .layout_gongwen import register as register_gongwen  # GW93x: the writer's guarantees
    register_gongwen()


def rule_table(config=None) -> dict[str, Any]:
    """Every declared rule by id (sorted): one entry per id, from the family that owns it."""
    from .config import Config
    cfg = config if config is not None else Config()
    out: dict[str, Any] = {}
    for fam in families():
        for r in fam.rules(cfg):
            out.setdefault(r.id, r)
    return dict(sorted(out.items()))


def known_ids(config=None) -> set[str]:
    return set(rule_table(config))


def resolve(config=None) -> Selection:
    from .config import Config
    cfg = config if config is not None else Config()
    table = rule_table(cfg)
    pack_default = _pack_defaults(cfg)
    enabled = frozenset(rid for rid, r in table.items()
                        if is_on(r, cfg, pack_default.get(getattr(r, "pack", None))))
    return Selection(enabled, dict(getattr(cfg, "severity", None) or {}))


def _pack_defaults(config) -> dict[str, bool]:
    """Each pack's own default switch (a pack may ship off, e.g. opt-in word lists)."""
    try:
        from .proofread.engine import load_engine
        return {p.name: bool(p.default_on) for p in load_engine(config).packs}
    except Exception:  # noqa: BLE001 - broken user pack: reported by validation elsewhere
        return {}
