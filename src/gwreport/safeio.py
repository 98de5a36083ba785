"""The one place gwreport touches files it did not make and files it writes.

Every input is untrusted: a draft may be a FIFO, a symlink to /dev/zero, a 700 KB .docx that
inflates to 200 MB, a file whose name is an output of the same run. Every output may land on a
full disk, a read-only folder or a file open in Word. This module gives the rest of the code:

- read_input(path, limit, what): bytes of a regular file (symlinks resolved and checked;
  FIFOs, devices, sockets and folders refused), never more than limit bytes whatever st_size says.
- open_zip(path, ...): a ZipFile of an Office package (.docx/.dotx/.docm/.xlsx) whose total
  uncompressed size and compression ratio were checked before anything is parsed.
- guard_output(out, kind, inputs): the output guard every writing command calls first: never
  over an input of the run (same file, hard link, symlink), never over an existing file of
  another kind, never a folder; same kind is replaced atomically later.
- atomic_path(target) / atomic_write_bytes(target, data): the one atomic writer; every OSError
  (disk full, no permission, file locked) becomes a Chinese InputError and no partial file stays.
- cache_dir(sub): the one cache folder helper ($XDG_CACHE_HOME/gwreport/<sub>).

All refusals are InputError (exit 2) with a Chinese message naming the file.
"""
from __future__ import annotations

import errno
import io
import os
import stat
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError

# ---------------------------------------------------------------- OS errors in Chinese

_ERRNO_CN = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOENT: "路径不存在",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已满",
    errno.EROFS: "所在磁盘只读",
    errno.EISDIR: "目标是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.EEXIST: "文件已存在",
    errno.EBUSY: "文件正被占用",
    errno.ELOOP: "符号链接循环",
    errno.EINVAL: "文件名无效",
    errno.EFBIG: "文件过大",
    errno.EIO: "磁盘读写出错",
    errno.ETXTBSY: "文件正被占用",
    errno.EMFILE: "打开的文件过多",
    errno.ENXIO: "设备不存在",
    errno.EXDEV: "不能跨磁盘移动文件",
}


def os_error_cn(exc: OSError, action: str = "write") -> str:
    """A Chinese reason for an OS error (strerror is English on most systems).

    action: "write" (saving a file), "read", or "run" (starting a program such as soffice)."""
    if action == "run":
        if isinstance(exc, PermissionError):
            return "没有执行权限，或指定的不是可执行程序"
        if exc.errno == errno.ENOENT:
            return "找不到该程序"
        if exc.errno == errno.ENOEXEC:
            return "不是可执行程序"
    elif action == "write" and (isinstance(exc, PermissionError)
                                or getattr(exc, "winerror", None) in (5, 32, 33)):
        return "没有写入权限或文件被占用（是否正在 Word、WPS、Excel 或 PDF 阅读器中打开？请关闭后重试）"
    elif action == "read" and isinstance(exc, PermissionError):
        return "没有读取权限"
    return _ERRNO_CN.get(exc.errno, f"系统错误 {exc.errno}" if exc.errno else "系统错误")


# ---------------------------------------------------------------- reading

def _mb(n: int) -> str:
    return (f"{n / 1_000_000:.0f} MB" if n >= 1_000_000 else f"{n // 1000} KB" if n >= 1000
            else f"{n} 字节")


def regular_file(path: str | Path, what: str = "文件") -> Path:
    """The resolved path of an existing regular file; Chinese InputError for anything else
    (missing, folder, FIFO, device, socket, dangling or looping symlink)."""
    p = Path(path)
    try:
        st = os.stat(p)  # follows symlinks: the kind of what would really be read
    except FileNotFoundError:
        if os.path.islink(p):
            raise InputError(f"{path}：是指向不存在文件的快捷方式（符号链接），无法读取") from None
        raise InputError(f"找不到{what} {path}") from None
    except OSError as exc:
        raise InputError(f"{path}：无法读取{what}，{os_error_cn(exc, 'read')}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path} 是文件夹，请给出一个{what}")
    if not stat.S_ISREG(st.st_mode):
        kind = ("命名管道（FIFO）" if stat.S_ISFIFO(st.st_mode) else
                "设备文件" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "套接字" if stat.S_ISSOCK(st.st_mode) else "特殊文件")
        raise InputError(f"{path} 是{kind}，不是普通文件，已拒绝读取")
    try:
        return p.resolve(strict=True)
    except (OSError, RuntimeError):
        raise InputError(f"{path}：符号链接无法解析（可能是循环链接）") from None


def read_input(path: str | Path, limit: int, what: str = "文件") -> bytes:
    """All bytes of a regular file, refusing anything over limit bytes (checked while reading,
    so a file that grows or lies about its size cannot exhaust memory)."""
    real = regular_file(path, what)
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO after the check, open does not hang
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputError(f"{path}：无法读取{what}，{os_error_cn(exc, 'read')}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(f"{path} 不是普通文件，已拒绝读取")
        chunks = []
        got = 0
        while True:
            block = os.read(fd, min(1 << 20, limit + 1 - got))
            if not block:
                break
            chunks.append(block)
            got += len(block)
            if got > limit:
                raise InputError(f"{path}：{what}太大，超过 {_mb(limit)} 的上限，已拒绝读取")
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"{path}：无法读取{what}，{os_error_cn(exc, 'read')}") from None
    finally:
        os.close(fd)


def read_input_text(path: str | Path, limit: int, what: str = "文件",
                    encodings: Iterable[str] = ("utf-8-sig", "gb18030")) -> str:
    """read_input decoded: UTF-16 with a BOM (Notepad's "Unicode"), else the encodings in order."""
    raw = read_input(path, limit, what)
    encs = ("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else tuple(encodings)
    for enc in encs:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}：无法识别{what}的编码，请另存为 UTF-8 编码后重试")


# ---------------------------------------------------------------- zip packages

MAX_PACKAGE_BYTES = 50_000_000  # the .docx/.xlsx file itself
MAX_UNZIPPED_BYTES = 150_000_000  # all parts inflated
MAX_RATIO = 100  # inflated / compressed, over the whole package (real Office files: 3-30)
MAX_MEMBERS = 10_000


def _broken(path, what: str) -> str:
    how = "在 Excel 或 WPS 中打开后另存为 .xlsx" if "Excel" in what else "在 Word 或 WPS 中打开后另存为 .docx"
    return f"{path}：已损坏或不是{what}，无法打开；请{how}再试"


def check_zip(z: zipfile.ZipFile, where: str, *, max_total: int = MAX_UNZIPPED_BYTES,
              max_ratio: int = MAX_RATIO) -> None:
    """Refuse a zip bomb before any member is inflated (sizes from the central directory;
    zipfile never inflates a member past its recorded size)."""
    infos = z.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"{where}：压缩包内文件过多（{len(infos)} 个），疑似异常文件，已拒绝读取")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > max_total:
        raise InputError(f"{where}：解压后过大（{_mb(total)}，上限 {_mb(max_total)}），疑似异常文件，已拒绝读取")
    if total > 2_000_000 and total > max_ratio * max(packed, 1):
        raise InputError(f"{where}：压缩比异常（解压后是压缩前的 {total // max(packed, 1)} 倍），"
                         "疑似“压缩炸弹”，已拒绝读取")


def open_zip(path: str | Path, what: str = "Word 文档", *, limit: int = MAX_PACKAGE_BYTES,
             max_total: int = MAX_UNZIPPED_BYTES, max_ratio: int = MAX_RATIO) -> zipfile.ZipFile:
    """An Office package opened from memory after the safe read and the bomb checks."""
    data = read_input(path, limit, what)
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise InputError(_broken(path, what)) from None
    try:
        check_zip(z, str(path), max_total=max_total, max_ratio=max_ratio)
    except InputError:
        z.close()
        raise
    return z


def package_bytes(path: str | Path, what: str = "Word 文档", **kw) -> bytes:
    """The package's bytes, checked like open_zip (for libraries that open the file themselves:
    hand them io.BytesIO(package_bytes(...)) so they never see an unchecked file)."""
    data = read_input(path, kw.pop("limit", MAX_PACKAGE_BYTES), what)
    if not data.startswith(b"PK"):
        return data  # the caller's parser says what it is (OLE, PDF, text)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            check_zip(z, str(path), **kw)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise InputError(_broken(path, what)) from None
    return data


# ---------------------------------------------------------------- the output guard

# what each kind of output may be named, and how an existing file of that kind looks
KINDS = {
    "docx": ((".docx",), "Word 文档（.docx）"),
    "xlsx": ((".xlsx",), "Excel 表格（.xlsx）"),
    "pdf": ((".pdf",), "PDF 文件（.pdf）"),
    "json": ((".json",), "JSON 文件（.json）"),
    "yaml": ((".yaml", ".yml"), "事实文件（.yaml）"),
    "csv": ((".csv",), "CSV 表格（.csv）"),
    "text": ((".txt", ".md", ".markdown", ".text"), "文本文件（.txt/.md）"),
    "html": ((".html", ".htm"), "网页文件（.html）"),
}
_TEXT_KINDS = ("json", "yaml", "csv", "text", "html")


def _sniff(path: Path) -> str | None:
    """The kind of an existing file from its first bytes: docx, xlsx, zip, pdf, ole, binary,
    text or empty (None when it cannot be read)."""
    try:
        with open(path, "rb", buffering=0) as f:
            head = f.read(4096)
    except OSError:
        return None
    if not head:
        return "empty"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "text"
    if b"\x00" in head:
        return "binary"
    return "text"


def _norm(p: Path) -> Path:
    """Absolute and lexically normalised: sub/../x is x even when sub does not exist."""
    return Path(os.path.normpath(os.path.abspath(p)))


def _same(a: Path, b: Path) -> bool:
    try:
        if os.path.samefile(a, b):  # same inode: hard links, symlinks, ../ paths
            return True
    except (OSError, ValueError):
        pass
    try:
        return _norm(a) == _norm(b) or a.resolve() == b.resolve()
    except (OSError, RuntimeError, ValueError):
        return False


def guard_output(out: str | Path, kind: str, inputs: Iterable[str | Path | None] = (),
                 *, label: str = "输出文件") -> Path:
    """Check an output path before any work is written; returns it (symlinks resolved, so the
    atomic replace lands on the real file). Refuses, with a Chinese InputError (exit 2):
    a name of another kind, any input of the run (same file, hard link, symlink, ../ path),
    a folder, an existing file whose content is of another kind, a parent that is a file."""
    suffixes, kind_cn = KINDS[kind]
    out = Path(out)
    if "\x00" in str(out):
        raise InputError(f"{label} 的文件名含有空字符，无效")
    name = out.name
    if not name or name in (".", ".."):
        raise InputError(f"{label} {out} 不是文件名，请给出{kind_cn}的文件名")
    if out.suffix.lower() not in suffixes:
        raise InputError(f"{label} {out} 的扩展名应为 {'、'.join(suffixes)}（{kind_cn}），"
                         "为避免覆盖其他文件，已停止")
    for src in inputs:
        if src is None or str(src) == "-":
            continue
        if _same(out, Path(src)):
            raise InputError(f"{label} {out} 就是输入文件 {src}（同一文件、硬链接或快捷方式），"
                             "为避免覆盖原文件，已停止；请用 -o 另指定输出文件")
    if os.path.islink(out):
        try:
            real = out.resolve(strict=True)
        except (OSError, RuntimeError):
            raise InputError(f"{label} {out} 是指向不存在位置的快捷方式（符号链接），已停止") from None
        out_real = real
    else:
        out_real = _norm(out)
    try:
        st = os.stat(out_real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError(f"{label} {out}：无法访问，{os_error_cn(exc)}") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{label} {out} 是一个文件夹，请给出文件名")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{label} {out} 是特殊文件（管道或设备），已拒绝写入")
        found = _sniff(out_real)
        ok = (found in (None, "empty") or found == kind
              or (kind in _TEXT_KINDS and found == "text"))
        if not ok:
            shown = {"docx": "Word 文档", "xlsx": "Excel 表格", "zip": "压缩包", "pdf": "PDF 文件",
                     "ole": "旧版 Office 文件", "binary": "二进制文件", "text": "文本文件"}.get(found, found)
            raise InputError(f"{label} {out} 已存在，且内容是{shown}，不是{kind_cn}；"
                             "为避免覆盖其他文件，已停止。请换一个文件名")
    parent = out_real.parent
    blocker = next((p for p in (parent, *parent.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise InputError(f"{label} {out}：所在路径中的 {blocker} 是一个文件，不是文件夹")
    return out_real


# ---------------------------------------------------------------- the atomic writer

def _default_mode() -> int:
    """The mode a newly created file gets under the current umask (mkstemp always uses 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _write_error(target: Path, exc: OSError) -> InputError:
    return InputError(f"{target}：无法写入，{os_error_cn(exc)}；原有文件（如有）未改动")


def ensure_parent(target: Path) -> None:
    """Create the target's folder if missing; Chinese InputError if a file is in the way."""
    parent = Path(target).parent
    if parent.is_dir():
        return
    blocker = next((p for p in (parent, *parent.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise InputError(f"{target}：无法创建所在文件夹，{blocker} 是一个文件，不是文件夹")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{target}：无法创建所在文件夹 {parent}（{os_error_cn(exc)}）") from None


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside target; move it into place only if the block succeeds.

    The file keeps the target's permissions (or the usual ones for a new file). Any OSError,
    inside the block too (disk full while saving), becomes a Chinese InputError; the temporary
    file is always removed, so no partial file is ever left and the old target is untouched.
    """
    target = Path(target)
    ensure_parent(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~" + target.stem[:40] + ".", suffix=".tmp",
                                   dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise _write_error(target, exc) from None
    tmp_path = Path(tmp)
    try:
        try:
            yield tmp_path
        except OSError as exc:
            raise _write_error(target, exc) from None
        try:
            mode = target.stat().st_mode & 0o777 if target.exists() else _default_mode()
            os.chmod(tmp_path, mode)
        except OSError:
            pass
        try:
            os.replace(tmp_path, target)
        except OSError as exc:
            raise _write_error(target, exc) from None
    finally:
        try:
            os.unlink(tmp_path)
        except OSError:
            pass


def atomic_write_bytes(target: str | Path, data: bytes) -> None:
    """Write data to target atomically (see atomic_path)."""
    with atomic_path(target) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())


def atomic_write_text(target: str | Path, text: str, encoding: str = "utf-8",
                      errors: str = "strict") -> None:
    atomic_write_bytes(target, text.encode(encoding, errors))


# ---------------------------------------------------------------- the cache folder

def cache_dir(sub: str) -> Path | None:
    """$XDG_CACHE_HOME/gwreport/<sub> (default ~/.cache); None when there is no home folder.
    Caches are optimisations only: callers ignore every failure to read or write them."""
    try:
        base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
        return Path(base) / "gwreport" / sub
    except (RuntimeError, OSError, KeyError):
        return None


def write_cache_file(path: Path, data: bytes) -> None:
    """Store a cache entry atomically (a half-written entry is never read); errors ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
    except OSError:
        pass
