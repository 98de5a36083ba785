"""The engine for a configuration, with the configuration checked: unknown rule ids / packs
are an error, not silence (ids.py). Above engine.py and gwreport.rules (the checks need every
family's rule ids, and the rule table needs the engine), so neither imports the other back."""
from __future__ import annotations

from .engine import Engine, forget_engine, load_engine
from .ids import validate_config


def get_engine(config, validate: bool = True) -> Engine:
    eng = load_engine(config)
    if validate and not eng.validated:
        try:
            validate_config(config, eng)
        except Exception:
            forget_engine(config)
            raise
        eng.validated = True
    return eng
