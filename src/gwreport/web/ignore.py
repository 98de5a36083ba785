""""Ignore always": entries in the project's ignore list `.gwreport-ignore` (gwreport.ignore),
the same file `gwreport check` reads, so what a clerk hides in the browser stays hidden on the
command line and the other way round.

The list is read again for every check (someone may edit it meanwhile). An entry the page adds is
the finding's fingerprint (rule, text, a few characters either side) for any file (*); entries the
CLI wrote for a named file apply to an upload of that name. A list that cannot be read is reported
and never overwritten.
"""
from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

from .. import ignore as gwignore
from ..errors import GwError
from ..findings import TextUnit


class IgnoreFile:
    def __init__(self, path: Path | None):
        self.path = Path(path) if path is not None else None
        self._lock = threading.Lock()
        self.problem: str | None = None

    def _load(self) -> gwignore.IgnoreList:
        if self.path is None:
            return gwignore.IgnoreList(None, [])
        try:
            lst = gwignore.load(self.path)
            self.problem = None
            return lst
        except GwError as e:
            self.problem = f"{e.message}。本次不使用忽略清单，“总是忽略”也不会改动它"
            return gwignore.IgnoreList(self.path, [])

    @staticmethod
    def _units(units) -> dict[int, str]:
        return {int(u[0]): u[1] for u in units}

    def hidden(self, name: str, units, findings: list[dict]) -> set[int]:
        """Indexes of findings the list hides, for an upload shown as name."""
        from .tasks import to_finding
        lst = self._load()
        if not lst:
            return set()
        key = lst.file_key(str(lst.base / name))
        by_line = self._units(units)
        return {i for i, d in enumerate(findings)
                if lst.matches(gwignore.fingerprint(to_finding(d), by_line.get(d["line"], ""), key))}

    def add(self, finding: dict, units) -> gwignore.Entry:
        from ..safeio import atomic_write_text, ensure_parent
        from .tasks import to_finding
        if self.path is None:
            raise GwError("没有设置忽略清单文件")
        with self._lock:
            lst = self._load()
            if self.problem:
                raise GwError(self.problem)
            entry = gwignore.fingerprint(to_finding(finding), self._units(units).get(finding["line"], ""), "*")
            if entry in lst.entries:
                return entry
            old = self.path.read_text(encoding="utf-8") if self.path.exists() else ""
            body = old if old.strip() else gwignore.HEADER
            if not body.endswith("\n"):
                body += "\n"
            ensure_parent(self.path)
            atomic_write_text(self.path, body + entry.line() + "\n")
            return entry

    def remove(self, line: str) -> None:
        from ..safeio import atomic_write_text
        if self.path is None or not self.path.exists():
            return
        with self._lock:
            text = self.path.read_text(encoding="utf-8")
            kept = [x for x in text.splitlines(keepends=True) if x.strip() != line.strip()]
            atomic_write_text(self.path, "".join(kept))

    def entries(self) -> list[str]:
        return [e.line() for e in self._load().entries]


def draft_like(name: str, units):
    return SimpleNamespace(path=name, units=[TextUnit(int(u[0]), u[1], u[2]) for u in units])
