"""File names that are safe on Windows and Linux; the I/O guards themselves live in safeio."""
from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError

_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}
_BAD_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


def safe_filename(name: str, default: str = "报告", max_len: int = 80) -> str:
    """A file name (no extension) that is valid on Windows and Linux and cannot escape its folder."""
    name = _BAD_CHARS.sub("_", name or "").strip().strip(".").strip()
    name = re.sub(r"\s+", " ", name)
    if not name or set(name) <= {"_", " "}:
        name = default
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = "_" + name
    return name[:max_len].rstrip(" .") or default


# one implementation of each, in safeio; these names stay for existing callers
from .safeio import atomic_path, atomic_write_bytes, guard_output, os_error_cn  # noqa: E402,F401

_SUFFIX_KIND = {".docx": "docx", ".xlsx": "xlsx", ".pdf": "pdf", ".json": "json", ".yaml": "yaml",
                ".yml": "yaml", ".csv": "csv", ".txt": "text", ".md": "text", ".markdown": "text",
                ".text": "text"}


def check_output(out: Path, *, suffix: str, inputs: tuple[Path, ...] = ()) -> Path:
    """The output guard (safeio.guard_output) for the kind that suffix names."""
    kind = _SUFFIX_KIND.get(suffix.lower())
    if kind is None:
        raise InputError(f"输出文件 {out}：不支持写出 {suffix} 文件，为避免覆盖其他文件，已停止")
    return guard_output(out, kind, inputs)
