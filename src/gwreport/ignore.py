"""The ignore list `.gwreport-ignore`: findings a person decided to keep, recorded by fingerprint.

A plain-text file, one finding a line, fields separated by " | ":

    # 规则 | 问题原文 | 前文 | 后文 | 文件
    GW101 | 布署 | 党政办负责 | 落实整改 | 自查报告.txt
    GW203 | 县环保局 | 。 | 、县农业 | *

The fingerprint is the rule, the flagged text and up to CONTEXT characters either side of it
in the same paragraph/line, so it does not depend on line numbers and survives edits elsewhere
in the file. 文件 is the draft's path relative to the ignore file's folder, or * for any file.
In values a space is written \\s, a tab \\t, a "|" \\|, a backslash \\\\. Lines starting with # and
blank lines are comments. `gwreport check --write-ignore` adds the current findings (a baseline).

The file lives next to .gwreport.yaml when there is one, else in the current folder.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import InputError

IGNORE_NAME = ".gwreport-ignore"
CONTEXT = 4
MAX_BYTES = 5 * 1024 * 1024
HEADER = ("# gwreport 忽略清单：这里记录的问题不再报告（只计入“已忽略”数目）。\n"
          "# 每行一条：规则 | 问题原文 | 前文 | 后文 | 文件（* 表示所有文件）。\n"
          "# 前文/后文是问题前后各几个字，与行号无关；删除一行即恢复报告该问题。\n"
          "# 值中的空格写作 \\s，制表符 \\t，竖线 \\|，反斜杠 \\\\。\n")
_RULE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*\d$")
_SPLIT = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class Entry:
    rule: str
    text: str
    before: str
    after: str
    file: str = "*"

    def line(self) -> str:
        return " | ".join([self.rule, *(_esc(v) for v in (self.text, self.before, self.after)), _esc(self.file)])


def _esc(v: str) -> str:
    return (v.replace("\\", "\\\\").replace("|", "\\|").replace(" ", "\\s").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", ""))


_UNESC = re.compile(r"\\(.)")


def _unesc(v: str, where: str) -> str:
    def sub(m):
        c = m.group(1)
        mapped = {"\\": "\\", "|": "|", "s": " ", "t": "\t", "n": "\n"}.get(c)
        if mapped is None:
            raise InputError(f"{where}：无法识别的转义 \\{c}（可用 \\s 空格、\\t 制表符、\\| 竖线、\\\\ 反斜杠）")
        return mapped
    return _UNESC.sub(sub, v)


def fingerprint(finding, unit_text: str, file: str = "*") -> Entry:
    s = max(0, finding.column - 1)
    e = finding.end_column - 1 if finding.end_line == finding.line else len(unit_text)
    e = max(s, min(e, len(unit_text)))
    return Entry(finding.rule, unit_text[s:e], unit_text[max(0, s - CONTEXT):s], unit_text[e:e + CONTEXT], file)


@dataclass
class IgnoreList:
    path: Path | None = None
    entries: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._index: dict[tuple, list[Entry]] = {}
        for en in self.entries:
            self._index.setdefault((en.rule, en.text), []).append(en)

    def __bool__(self) -> bool:
        return bool(self.entries)

    @property
    def base(self) -> Path:
        return self.path.resolve().parent if self.path is not None else Path.cwd()

    def file_key(self, draft_path: str) -> str:
        if draft_path == "-":
            return "-"
        try:
            rel = os.path.relpath(os.path.abspath(draft_path), self.base)
        except ValueError:  # another drive on Windows
            rel = os.path.abspath(draft_path)
        return rel.replace(os.sep, "/")

    def matches(self, fp: Entry) -> bool:
        for en in self._index.get((fp.rule, fp.text), ()):
            if en.file not in ("*", fp.file):
                continue
            if fp.before.endswith(en.before) and fp.after.startswith(en.after):
                return True
        return False

    def apply(self, draft, findings: list) -> tuple[list, list]:
        """(kept, ignored) findings of one draft."""
        if not self.entries:
            return list(findings), []
        by_line = {u.line: u.text for u in draft.units}
        key = self.file_key(str(draft.path))
        kept, ignored = [], []
        for f in findings:
            (ignored if self.matches(fingerprint(f, by_line.get(f.line, ""), key)) else kept).append(f)
        return kept, ignored


def locate(config=None, explicit: str | Path | None = None) -> Path:
    """Where the ignore list is: explicit, else next to the configuration file, else the current folder."""
    if explicit is not None:
        return Path(explicit)
    cpath = getattr(config, "path", None)
    if cpath is not None:
        return Path(cpath).resolve().parent / IGNORE_NAME
    return Path.cwd() / IGNORE_NAME


def load(path: str | Path) -> IgnoreList:
    """The list at path (missing file: an empty list). A malformed line → InputError naming it."""
    from .readers import decode_text
    from .safeio import read_input, regular_file

    p = Path(path)
    if not p.exists():
        return IgnoreList(p, [])
    regular_file(p, "忽略清单")
    text, _ = decode_text(read_input(p, MAX_BYTES, "忽略清单"), str(p))
    entries = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"忽略清单 {p} 第 {n} 行"
        parts = [x.strip() for x in _SPLIT.split(line)]
        if len(parts) == 4:
            parts.append("*")
        if len(parts) != 5:
            raise InputError(f"{where}：应为“规则 | 问题原文 | 前文 | 后文 | 文件”五项（用 | 分隔），实际 {len(parts)} 项")
        rule = parts[0].upper()
        if not _RULE.match(rule):
            raise InputError(f"{where}：“{parts[0]}”不是规则编号（如 GW101）")
        text_, before, after, file = (_unesc(v, where) for v in parts[1:])
        entries.append(Entry(rule, text_, before, after, file or "*"))
    return IgnoreList(p, entries)


def write_baseline(path: str | Path, results: Iterable, *, existing: IgnoreList | None = None) -> tuple[int, int, int]:
    """Add every finding of results ((draft, findings) pairs) to the list at path, keeping its
    lines and comments; returns (entries added, total entries, findings covered). Atomic."""
    from .safeio import _sniff, atomic_write_text

    p = Path(path)
    if p.is_dir():
        raise InputError(f"忽略清单 {p} 是一个文件夹，请给出文件名")
    if p.exists() and _sniff(p) not in ("text", "empty", None):
        raise InputError(f"忽略清单 {p} 已存在且不是文本文件，为避免覆盖，已停止")
    target = p
    cur = existing if existing is not None else load(p)
    old_text = ""
    if p.exists():
        from .readers import decode_text
        old_text = decode_text(p.read_bytes(), str(p))[0]
    lst = IgnoreList(p, list(cur.entries))
    have = set(cur.entries)
    new: list[Entry] = []
    covered = 0
    for draft, findings in results:
        covered += len(findings)
        by_line = {u.line: u.text for u in draft.units}
        key = lst.file_key(str(draft.path))
        for f in findings:
            fp = fingerprint(f, by_line.get(f.line, ""), key)
            if fp not in have and not lst.matches(fp):
                have.add(fp)
                new.append(fp)
    body = old_text if old_text.strip() else HEADER
    if body and not body.endswith("\n"):
        body += "\n"
    if new:
        from datetime import datetime
        body += f"# 以下由 gwreport check --write-ignore 于 {datetime.now().strftime('%Y-%m-%d %H:%M')} 添加\n"
        body += "".join(e.line() + "\n" for e in new)
    atomic_write_text(target, body)
    return len(new), len(cur.entries) + len(new), covered
