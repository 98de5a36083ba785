"""The loaded form of a rule pack (Entry, PackRule, Pack): below packs.py (YAML packs) and
table_packs.py (an office's word list in Excel/CSV), which both build them; packs.load_pack
hands table files to table_packs, so the types cannot live in packs.py without a cycle."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .registry import Rule

_CTX_WINDOW = 24


@dataclass
class Entry:
    match: str
    replace: list[str]
    message: str | None
    source: str
    before: re.Pattern | None = None
    after: re.Pattern | None = None
    not_before: re.Pattern | None = None
    not_after: re.Pattern | None = None
    roles: frozenset | None = None  # only in these roles (None = any)
    unless_sentence: re.Pattern | None = None  # skip when the sentence around the match matches
    fix: bool = False  # safe fix for this entry (rule safe_fix and one replacement)
    note: str | None = None  # an office word list's 说明 (exported back by `rules --format xlsx`)

    def context_ok(self, text: str, start: int, end: int) -> bool:
        if self.before is not None or self.not_before is not None:
            left = text[max(0, start - _CTX_WINDOW):start]
            if self.before is not None and not self.before.search(left):
                return False
            if self.not_before is not None and self.not_before.search(left):
                return False
        if self.after is not None and not self.after.match(text, end):
            return False
        if self.not_after is not None and self.not_after.match(text, end):
            return False
        if self.unless_sentence is not None:
            a = max(text.rfind(c, 0, start) for c in "。！？；\n") + 1
            ends = [i for i in (text.find(c, end) for c in "。！？；\n") if i != -1]
            if self.unless_sentence.search(text, a, min(ends) if ends else len(text)):
                return False
        return True


@dataclass
class PackRule:
    rule: Rule
    message: str
    entries: list[Entry] = field(default_factory=list)
    regex_entries: list[tuple[re.Pattern, Entry]] = field(default_factory=list)
    options: dict = field(default_factory=dict)  # repetition settings

    @property
    def id(self) -> str:
        return self.rule.id


@dataclass
class Pack:
    name: str
    path: Path
    description: str
    default_on: bool
    rules: list[PackRule]
