"""Server-side work areas: every upload and every result lives in a folder named by a
server-generated id under one temporary root. The client only ever sends these ids back;
no client-supplied name or path is used to build a path."""
from __future__ import annotations

import json
import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_ID = re.compile(r"^[0-9a-f]{32}$")

# the suffixes an upload may keep (the stored file is always named input<suffix>)
DRAFT_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".docm", ".dotx", ".dotm", ".doc", ".wps",
                  ".rtf", ".odt", ".pdf", ".ofd", ".html", ".htm")
TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt")
FACTS_SUFFIXES = (".yaml", ".yml")


def display_name(raw: str | None, default: str = "草稿") -> str:
    """The client's file name, for showing only: last path part, no control characters, short."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[:100] or default


def safe_suffix(raw: str | None, allowed: tuple[str, ...]) -> str | None:
    name = display_name(raw, "")
    if "." not in name:
        return None
    suffix = "." + name.rsplit(".", 1)[-1].lower()
    return suffix if suffix in allowed else None


@dataclass
class Item:
    id: str
    kind: str  # check | build | batch | format
    folder: Path
    created: float = field(default_factory=time.time)
    touched: float = field(default_factory=time.time)
    state: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


class Store:
    """Items live for ttl seconds after their last use; the whole root goes at shutdown."""

    def __init__(self, root: Path | None = None, ttl: float = 3600.0, max_items: int = 200):
        self.root = Path(root) if root is not None else Path(tempfile.mkdtemp(prefix="gwreport-web-"))
        self.root.mkdir(parents=True, exist_ok=True)
        self.ttl = ttl
        self.max_items = max_items
        self._items: dict[str, Item] = {}
        self._lock = threading.Lock()

    def new(self, kind: str) -> Item:
        self.sweep()
        with self._lock:
            if len(self._items) >= self.max_items:  # drop the oldest rather than fill the disk
                oldest = min(self._items.values(), key=lambda i: i.touched)
                self._drop(oldest)
            iid = secrets.token_hex(16)
            folder = self.root / iid
            folder.mkdir(mode=0o700)
            item = Item(iid, kind, folder)
            self._items[iid] = item
            return item

    def get(self, iid: str, kind: str | None = None) -> Item | None:
        if not isinstance(iid, str) or not _ID.match(iid):
            return None
        with self._lock:
            item = self._items.get(iid)
        if item is None or (kind is not None and item.kind != kind):
            return None
        item.touched = time.time()
        return item

    def drop(self, iid: str) -> None:
        with self._lock:
            item = self._items.get(iid)
            if item is not None:
                self._drop(item)

    def _drop(self, item: Item) -> None:
        self._items.pop(item.id, None)
        shutil.rmtree(item.folder, ignore_errors=True)

    def sweep(self) -> int:
        now = time.time()
        with self._lock:
            old = [i for i in self._items.values()
                   if now - i.touched > self.ttl and not i.state.get("running")]
            for i in old:
                self._drop(i)
        return len(old)

    def close(self) -> None:
        with self._lock:
            self._items.clear()
        shutil.rmtree(self.root, ignore_errors=True)

    def save_state(self, item: Item) -> None:
        (item.folder / "state.json").write_text(json.dumps(item.state, ensure_ascii=False), encoding="utf-8")
