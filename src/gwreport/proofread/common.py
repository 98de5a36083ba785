"""The proofreader's per-paragraph limits and the spans it never touches (URLs, e-mail
addresses, paths, file names): shared by engine.py and rules_code.py, kept below both so
rules_code need not import the engine that runs it."""
from __future__ import annotations

import re
from re import compile as _rc  # plain re (the private _sre program cache is gone)

# Spans inside these are never typography/lexicon errors (URLs, e-mail addresses).
PROTECTED_RE = _rc(
    r"(?:https?|ftp)://[!-~]+|www\.[!-~]+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # starts a run only: "1.1.1…" was quadratic
    r"|[A-Za-z]:\\[!-~]+|\b[\w-]+\.(?:com|cn|gov|org|net|html?|php|docx?|xlsx?|pdf|wps|txt)\b",
    re.ASCII,
)


MAX_PER_RULE_LINE = 50  # findings of one rule in one paragraph
MAX_PER_LINE = 200  # findings of all rules in one paragraph


def protected_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in PROTECTED_RE.finditer(text)] if ("." in text or "@" in text or ":" in text) else []
