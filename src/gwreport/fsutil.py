"""File-system helpers shared by every writer: safe names, atomic writes, input protection."""
from __future__ import annotations

import errno
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import GwError, InputError

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


_ERRNO_CN = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.ENOENT: "路径不存在",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "所在磁盘只读",
    errno.EISDIR: "目标是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.EEXIST: "文件已存在",
    errno.EBUSY: "文件正被占用",
}


def os_error_cn(exc: OSError, action: str = "write") -> str:
    """A Chinese reason for an OS error (strerror is English on most systems).

    action: "write" (saving a file) or "run" (starting a program such as soffice)."""
    if action == "run":
        if isinstance(exc, PermissionError):
            return "没有执行权限，或指定的不是可执行程序"
        if exc.errno == errno.ENOENT:
            return "找不到该程序"
        if exc.errno == errno.ENOEXEC:
            return "不是可执行程序"
        return _ERRNO_CN.get(exc.errno, f"系统错误 {exc.errno}" if exc.errno else "系统错误")
    if isinstance(exc, PermissionError) or getattr(exc, "winerror", None) in (5, 32, 33):
        return "没有写入权限或文件被占用（是否正在 Word、WPS、Excel 或 PDF 阅读器中打开？请关闭后重试）"
    return _ERRNO_CN.get(exc.errno, f"系统错误 {exc.errno}" if exc.errno else "系统错误")


def _default_mode() -> int:
    """The mode a newly created file gets under the current umask (mkstemp always uses 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside target; move it into place only if the block succeeds.

    The file keeps the target's permissions (or the usual ones for a new file), and an OS
    failure (file open in Word/Excel, no permission, disk full) becomes a Chinese InputError.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix + ".tmp",
                                   dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise InputError(f"{target}：无法写入，{os_error_cn(exc)}") from None
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        try:
            mode = target.stat().st_mode & 0o777 if target.exists() else _default_mode()
            os.chmod(tmp_path, mode)
        except OSError:
            pass
        try:
            os.replace(tmp_path, target)
        except OSError as exc:
            raise InputError(f"{target}：无法写入，{os_error_cn(exc)}") from None
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
