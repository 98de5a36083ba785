"""The selection layers and the one on/off decision (gwreport.rules documents the precedence):
below gwreport.rules, which lists rules from the proofreading engine, so that the engine and
the proofreader can ask is_on without importing gwreport.rules back."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Layer:
    select: frozenset = frozenset()
    ignore: frozenset = frozenset()
    exact: tuple = ()  # ((rule id, on), ...) from `rules:`

    def apply(self, rid: str, on: bool) -> bool:
        hits = [(len(p), 0, True) for p in self.select if rid.startswith(p)]
        hits += [(len(rid), 0, v) for k, v in self.exact if k == rid and v]
        hits += [(len(p), 1, False) for p in self.ignore if rid.startswith(p)]
        hits += [(len(rid), 1, v) for k, v in self.exact if k == rid and not v]
        if hits:
            return max(hits)[2]
        return False if self.select else on


def layers(config) -> tuple[Layer, ...]:
    """The configuration's layer, then the command line's (Config.cli_select / cli_ignore)."""
    cfg_layer = Layer(frozenset(getattr(config, "select", None) or ()),
                      frozenset(getattr(config, "ignore", None) or ()),
                      tuple(sorted((getattr(config, "rules", None) or {}).items())))
    cli_layer = Layer(frozenset(getattr(config, "cli_select", None) or ()),
                      frozenset(getattr(config, "cli_ignore", None) or ()))
    return (cfg_layer, cli_layer)


def default_on(rule, config) -> bool:
    """Layer 1: the rule's own default, gated by its pack's switch in `packs:`."""
    on = bool(getattr(rule, "default_on", True))
    packs_cfg = getattr(config, "packs", None) or {}
    pack = getattr(rule, "pack", None)
    if on and pack in packs_cfg:
        on = bool(packs_cfg[pack])
    return on


def is_on(rule, config, pack_default: bool | None = None) -> bool:
    """The one decision: is this rule on under config (defaults < config < command line)?"""
    on = default_on(rule, config)
    if pack_default is not None and getattr(rule, "pack", None) not in (getattr(config, "packs", None) or {}):
        on = on and pack_default
    for layer in layers(config):
        on = layer.apply(rule.id, on)
    return on


@dataclass
class Selection:
    """The resolved rule set for one configuration: which ids are on, at what severity."""

    enabled: frozenset
    severity: dict

    def on(self, rid: str) -> bool:
        return rid in self.enabled

    def filter(self, findings: Iterable) -> list:
        """Findings of enabled rules only, with the configuration's severity overrides."""
        out = []
        for f in findings:
            if f.rule not in self.enabled:
                continue
            sev = self.severity.get(f.rule)
            if sev is not None:
                f.severity = sev
            out.append(f)
        return out
