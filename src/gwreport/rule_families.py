"""Where rule families are declared (gwreport.rules documents the model and lists them):
below gwreport.rules and the modules that own a family, so those register here without
importing gwreport.rules back."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable


@dataclass
class Family:
    name: str  # Chinese, shown by `gwreport rules` and in JSON ("category")
    prefixes: tuple[str, ...]  # id prefixes the family owns, e.g. ("GW1",)
    rules: Callable[[Any], Iterable[Any]] = field(repr=False)  # config -> Rule objects
    run: Callable | None = field(default=None, repr=False)  # (units, config, selection) -> findings
    docx_only: bool = False


_FAMILIES: dict[str, Family] = {}


def register_family(name: str, *, prefixes: Iterable[str], rules: Callable[[Any], Iterable[Any]],
                    run: Callable | None = None, docx_only: bool = False) -> Family:
    """Declare a rule family once; re-registering the same name replaces it (module reloads)."""
    fam = Family(name, tuple(prefixes), rules, run, docx_only)
    _FAMILIES[name] = fam
    return fam
