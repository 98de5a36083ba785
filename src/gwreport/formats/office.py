"""Word-processor files other than .docx (.doc, .wps, .rtf, .odt) read through LibreOffice headless.

The file is converted to .docx in a private temporary folder (own LibreOffice profile, so a
desktop LibreOffice that is open does not block it; a time limit, so a hostile file cannot hang
the check) and then read by the ordinary .docx reader: same document model, same rules,
and GW9xx layout rules, since the converted file keeps the page setup and styles.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from ..errors import GwError, InputError

# .wps (WPS 文字) and .wpt are Word-97 compatible binaries; LibreOffice opens them as .doc
OFFICE_SUFFIXES = (".doc", ".dot", ".wps", ".wpt", ".rtf", ".odt", ".ott")
MAX_OFFICE_BYTES = 50 * 1024 * 1024
TIMEOUT = 120.0

KIND_ZH = {".doc": "Word 97-2003 文档", ".dot": "Word 97-2003 模板", ".wps": "WPS 文字文档",
           ".wpt": "WPS 文字模板", ".rtf": "RTF 文档", ".odt": "ODF 文本文档", ".ott": "ODF 文本模板"}


def install_hint(suffix: str) -> str:
    return (f"未找到 LibreOffice（soffice），无法读取 {suffix} 文件。请安装 LibreOffice 的文字处理组件"
            "（软件包 libreoffice-writer；Debian/Ubuntu：sudo apt-get install --no-install-recommends "
            "libreoffice-writer-nogui），或设置环境变量 GWREPORT_SOFFICE 指向 soffice 程序；"
            "也可以在 Word 或 WPS 中“另存为”.docx 后再校对")


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIME = b"application/vnd.oasis.opendocument.text"


def sniff(head: bytes) -> str | None:
    """The LibreOffice import filter the content calls for (never guessed from the name: LibreOffice
    would fall back to importing any bytes as plain text), 'docx'/'html' for files that are really
    those, None for anything else."""
    if head.startswith(OLE_MAGIC):
        return "MS Word 97"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "Rich Text Format"
    if head.startswith(b"PK\x03\x04"):
        if ODT_MIME in head[:200]:
            return "writer8"
        return "zip"
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if low.startswith((b"<html", b"<!doctype html")) or b"<html" in low:
        return "html"  # Word's "save as web page" kept the .doc name
    return None


def convert(src: Path, target: str, out_dir: Path, *, timeout: float = TIMEOUT,
            what: str | None = None, infilter: str | None = None) -> Path:
    """Convert src with soffice --convert-to target (e.g. 'docx', 'pdf') into out_dir; return the file.

    src is copied under a plain ASCII name first: LibreOffice picks the import filter by
    content, and odd names (spaces, leading '-', non-UTF-8 bytes) cannot reach its command line."""
    from ..fsutil import os_error_cn
    from ..pdf import find_soffice

    where = what or str(src)
    suffix = src.suffix.lower()
    soffice = find_soffice()
    if not soffice:
        raise GwError(install_hint(suffix), exit_code=2)
    with tempfile.TemporaryDirectory(prefix="gwreport-office-") as tmp_s:
        tmp = Path(tmp_s)
        (tmp / "in").mkdir()
        # a .wps is a Word-97 binary: under a .doc name LibreOffice's Word filter takes it
        staged = tmp / "in" / ("document" + (".doc" if suffix in (".wps", ".wpt") else suffix))
        staged.write_bytes(src.read_bytes())
        env = dict(os.environ)
        env.setdefault("HOME", str(tmp))
        env["SAL_USE_VCLPLUGIN"] = "svp"  # no display needed
        cmd = [soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
               "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               *([f"--infilter={infilter}"] if infilter else []), "--convert-to", target, "--outdir", str(tmp / "out"), str(staged)]
        try:
            proc = subprocess.run(cmd, capture_output=True, env=env, timeout=timeout,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise InputError(f"{where}：LibreOffice 转换超时（{timeout:.0f} 秒），文件可能已损坏") from None
        except OSError as exc:
            raise GwError(f"无法启动 LibreOffice（{soffice}）：{os_error_cn(exc, 'run')}\n"
                          f"{install_hint(suffix)}", exit_code=2) from None
        ext = target.split(":", 1)[0]
        produced = tmp / "out" / f"document.{ext}"
        if proc.returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
            raise InputError(f"{where}：LibreOffice 无法打开这个{KIND_ZH.get(suffix, '文件')}，"
                             "文件可能已损坏、加密或不是所示格式。请在 Word 或 WPS 中打开后“另存为”.docx 再试")
        out_dir.mkdir(parents=True, exist_ok=True)
        final = out_dir / produced.name
        os.replace(produced, final)
        return final


def read_office(p: Path):
    """A .doc/.wps/.rtf/.odt draft as a Draft of kind docx (the converted document in memory)."""
    from ..draft import read_docx

    spath = str(p)
    suffix = p.suffix.lower()
    size = p.stat().st_size
    if size > MAX_OFFICE_BYTES:
        raise InputError(f"{spath} 太大（{size // 1024 // 1024} MB），超过 "
                         f"{MAX_OFFICE_BYTES // 1024 // 1024} MB 的上限")
    with open(p, "rb") as f:
        head = f.read(4096)
    infilter = sniff(head)
    if infilter == "html":
        from .html import read_html
        return read_html(p)
    if infilter == "zip":
        import zipfile
        try:
            with zipfile.ZipFile(p) as z:
                is_docx = "word/document.xml" in z.namelist()
        except zipfile.BadZipFile:
            is_docx = False
        if not is_docx:
            raise InputError(f"{spath} 不是有效的{KIND_ZH.get(suffix, '文档')}（是压缩包），无法读取")
        draft = read_docx(p)  # a .docx under an old name
        draft.source_kind = suffix.lstrip(".")
        return draft
    if infilter is None:
        raise InputError(f"{spath} 不是有效的{KIND_ZH.get(suffix, '文档')}：文件内容与扩展名不符"
                         "（早期 WPS 2000 等格式无法读取）。请在 WPS 或 Word 中打开后“另存为”.docx 再校对")
    with tempfile.TemporaryDirectory(prefix="gwreport-read-") as tmp_s:
        docx = convert(p, "docx:MS Word 2007 XML", Path(tmp_s), what=spath, infilter=infilter)
        try:
            draft = read_docx(docx)
        except InputError as e:
            raise InputError(f"{spath}：转换后的文档无法读取（{e.message}）") from None
    draft.path = spath
    draft.source_kind = suffix.lstrip(".")
    return draft
