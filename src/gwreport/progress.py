"""A progress bar for long work, on a terminal only (never when stderr is piped or redirected).

    with Progress(200, "校对") as bar:
        bar.update(1, "材料001.docx")

Written straight to stderr rather than through click.echo: the CLI's echo shows control
characters as `\\x1b` (so a draft cannot drive the terminal), which would print the bar's own
carriage returns as text. File names shown in the bar are escaped here instead.
"""
from __future__ import annotations

import shutil
import sys
import time
import unicodedata


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in s)


def _clip(s: str, cols: int) -> str:
    out, w = [], 0
    for c in s:
        cw = 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
        if w + cw > cols:
            return "".join(out[:-1]) + "…" if out else ""
        out.append(c)
        w += cw
    return "".join(out)


class Progress:
    def __init__(self, total: int, label: str, stream=None, *, force: bool | None = None) -> None:
        self.total, self.label, self.done, self.item = max(total, 1), label, 0, ""
        self.stream = stream if stream is not None else sys.stderr
        try:
            tty = self.stream.isatty()
        except (AttributeError, ValueError, OSError):
            tty = False
        self.active = tty if force is None else force
        self.start = time.monotonic()
        self._last = 0.0

    def __enter__(self) -> "Progress":
        self._render(force=True)
        return self

    def update(self, n: int = 1, item: str | None = None) -> None:
        self.done = min(self.total, self.done + n)
        if item is not None:
            self.item = item
        self._render(force=self.done >= self.total)

    def set_item(self, item: str) -> None:
        self.item = item
        self._render(force=True)

    def _render(self, force: bool = False) -> None:
        if not self.active:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        from .sanitize import escape_controls
        cols = max(40, shutil.get_terminal_size((80, 20)).columns - 1)
        bar_w = 24
        filled = int(bar_w * self.done / self.total)
        secs = int(now - self.start)
        head = (f"{self.label} [{'#' * filled}{'-' * (bar_w - filled)}] {self.done}/{self.total}"
                f"  {secs // 60:02d}:{secs % 60:02d}")
        item = escape_controls(str(self.item or ""))
        room = cols - _width(head) - 2
        line = head + ("  " + _clip(item, room) if item and room > 4 else "")
        try:
            self.stream.write("\r" + line + " " * max(0, cols - _width(line)))
            self.stream.flush()
        except (OSError, ValueError):
            self.active = False

    def close(self) -> None:
        if self.active:
            self._render(force=True)
            try:
                self.stream.write("\n")
                self.stream.flush()
            except (OSError, ValueError):
                pass
            self.active = False

    def __exit__(self, *exc) -> None:
        self.close()
