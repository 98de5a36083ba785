"""File-system helpers shared by every writer: safe names, atomic writes, input protection."""
from __future__ import annotations

import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import GwError

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


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside target; move it into place only if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix + ".tmp",
                               dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def check_output(out: Path, *, suffix: str, inputs: tuple[Path, ...] = ()) -> Path:
    """Refuse to write over an input file or over a file of another kind."""
    out = Path(out)
    if out.suffix.lower() != suffix:
        raise GwError(f"输出文件 {out} 的扩展名应为 {suffix}，为避免覆盖其他文件，已停止")
    for src in inputs:
        try:
            if out.exists() and out.resolve() == Path(src).resolve():
                raise GwError(f"输出文件 {out} 与输入文件相同，为避免覆盖原文件，已停止")
        except OSError:
            pass
    if out.is_dir():
        raise GwError(f"输出路径 {out} 是一个文件夹，请给出文件名")
    return out
