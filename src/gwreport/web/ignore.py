""""Ignore always": (rule, text) pairs the clerk chose never to see again.

Kept in one JSON file for this server (default: the gwreport cache folder, web/ignore.json;
`gwreport serve --ignore-file` picks another). A finding is hidden when its rule and its exact
marked text match an entry. Written atomically; a broken file is reported, not overwritten.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path

from ..errors import GwError

MAX_ENTRIES = 5000


class IgnoreList:
    def __init__(self, path: Path | None):
        self.path = Path(path) if path is not None else None
        self._lock = threading.Lock()
        self.entries: list[dict] = []
        self.problem: str | None = None
        self._load()

    def _load(self) -> None:
        if self.path is None or not self.path.is_file():
            return
        from ..safeio import read_input_text
        try:
            data = json.loads(read_input_text(self.path, 2_000_000, "忽略列表"))
            if not isinstance(data, list):
                raise ValueError
            self.entries = [{"rule": str(d["rule"]), "text": str(d["text"])} for d in data
                            if isinstance(d, dict) and "rule" in d and "text" in d][:MAX_ENTRIES]
        except (GwError, ValueError, KeyError, TypeError):
            self.problem = f"忽略列表 {self.path} 无法读取，本次不使用；“总是忽略”不会覆盖它"

    def keys(self) -> set[tuple[str, str]]:
        return {(e["rule"], e["text"]) for e in self.entries}

    def hides(self, finding: dict) -> bool:
        return (finding["rule"], finding["text"]) in self.keys()

    def add(self, rule: str, text: str) -> None:
        if self.problem:
            raise GwError(self.problem)
        with self._lock:
            if (rule, text) in self.keys():
                return
            if len(self.entries) >= MAX_ENTRIES:
                raise GwError(f"忽略列表已有 {MAX_ENTRIES} 条，已满")
            self.entries.append({"rule": rule, "text": text})
            if self.path is not None:
                from ..safeio import atomic_write_text, ensure_parent
                ensure_parent(self.path)
                atomic_write_text(self.path, json.dumps(self.entries, ensure_ascii=False, indent=1) + "\n")

    def remove(self, rule: str, text: str) -> None:
        with self._lock:
            self.entries = [e for e in self.entries if (e["rule"], e["text"]) != (rule, text)]
            if self.path is not None and self.path.exists():
                from ..safeio import atomic_write_text
                atomic_write_text(self.path, json.dumps(self.entries, ensure_ascii=False, indent=1) + "\n")
