"""Read drafts into TextUnits with positions (DESIGN.md §3).

.txt/.md: one unit per line (UTF-8 with/without BOM, UTF-16 with BOM, GB18030/GBK detected).
.docx: one unit per paragraph, body paragraphs and table-cell paragraphs in document order,
counting empty paragraphs too. `-` reads standard input.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

# the Draft and the .docx reader live below formats (which needs them too); re-exported here
from .draft import MAX_DOCX_BYTES, MAX_XML_BYTES, OLE_MAGIC, Draft, docx_units, read_docx  # noqa: F401
from .errors import InputError
from .findings import TextUnit

MAX_TEXT_BYTES = 10 * 1024 * 1024
# Word 2007+ packages: documents, macro-enabled documents and templates (read the same way)
WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")

_MD_HEADING = re.compile(r"^(#{1,6})\s+")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def decode_text(data: bytes, where: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if b"\x00" in data[:4096]:
        raise InputError(f"{where} 看起来是二进制文件，不是文本文件")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise InputError(f"{where} 的编码无法识别：既不是 UTF-8，也不是 GBK/GB18030。"
                         "请用记事本“另存为”UTF-8 编码后重试") from None


_NEWLINE = re.compile(r"\r\n|\r|\n")


def detect_newline(text: str) -> str:
    """The file's line ending: CRLF (Windows), lone CR (old Mac editors) or LF."""
    head = text[:10000]
    if "\r\n" in head:
        return "\r\n"
    if "\r" in head and "\n" not in head:
        return "\r"
    return "\n"


def text_units(text: str, kind: str = "txt") -> tuple[list[TextUnit], list[str]]:
    # lines end at \r\n, \n or a lone \r
    raw = _NEWLINE.split(text)
    if raw and raw[-1] == "":
        raw.pop()
    units = []
    for i, ln in enumerate(raw, 1):
        role = None
        t = ln
        if kind == "md":
            m = _MD_HEADING.match(ln)
            if m:
                t = " " * m.end() + ln[m.end():]  # keep columns aligned with the file
            elif ln.lstrip().startswith("|"):
                role = "empty" if _MD_TABLE_SEP.match(ln) else "table_cell"
                t = ln.replace("|", " ") if role == "table_cell" else ""
        units.append(TextUnit(i, t, role))
    return units, raw


def _check_size(size: int, limit: int, where: str) -> None:
    if size > limit:
        raise InputError(f"{where} 太大（{size // 1024 // 1024} MB），超过 {limit // 1024 // 1024} MB 的上限")


FACTS_SUFFIXES = (".yaml", ".yml")


def shell_quote(path, windows: bool | None = None) -> str:
    """A path as it can be pasted into a suggested command: bare when plain, else in double
    quotes, which cmd.exe and PowerShell understand as well as POSIX shells (where \\ " $ `
    are escaped inside them)."""
    import os
    s = str(path)
    win = (os.name == "nt") if windows is None else windows
    plain = r"[\w@%+=:,./\\-]+" if win else r"[\w@%+=:,./-]+"
    if s and re.fullmatch(plain, s):
        return s
    if win:
        return '"' + s + '"'
    return '"' + re.sub(r'(["\\$`])', r"\\\1", s) + '"'



def read_draft(path: str | Path, force_text: bool = False) -> Draft:
    """The draft at path as TextUnits. A .yaml/.yml file is a facts file, not a draft: refused
    unless force_text (then read as plain text)."""
    spath = str(path)
    if spath == "-":
        data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
        _check_size(len(data), MAX_TEXT_BYTES, "标准输入")
        text, enc = decode_text(data, "标准输入")
        units, raw = text_units(text)
        return Draft("-", "txt", units, enc, detect_newline(text), raw)
    p = Path(spath)
    from .safeio import read_input, regular_file
    regular_file(p, "草稿文件")  # missing, folder, FIFO, device: a Chinese message, never a hang
    suffix = p.suffix.lower()
    if suffix in FACTS_SUFFIXES and not force_text:
        raise InputError(f"{spath}：这是事实文件，请用 gwreport build {shell_quote(spath)} 生成报告"
                         "（gwreport check 只校对公文草稿）；如确实要把它当作普通文本校对，请加 --force-text")
    if suffix in (".xls", ".xlsx", ".ppt", ".pptx"):
        raise InputError(f"不支持 {suffix} 格式（{spath}）。请提供 .docx、.doc、.wps、.pdf、.ofd、.html、.txt 或 .md 文件")
    from .formats import OTHER_SUFFIXES, read_other
    if suffix in OTHER_SUFFIXES:
        try:
            return read_other(p)
        except OSError as e:
            from .safeio import os_error_cn
            raise InputError(f"无法读取 {spath}：{os_error_cn(e, 'read')}") from None
    if suffix in WORD_SUFFIXES:
        return read_docx(p)
    data = read_input(p, MAX_TEXT_BYTES, "草稿文件")
    if data.startswith(OLE_MAGIC):
        raise InputError(f"{spath} 是旧版 Word/WPS 二进制文件，无法按文本读取。请把扩展名改为 .doc 或 .wps，或另存为 .docx 后重试")
    if data.startswith(b"%PDF"):
        raise InputError(f"{spath} 实际是 PDF 文件；请把扩展名改为 .pdf 后重试")
    if data.startswith(b"PK\x03\x04"):
        raise InputError(f"{spath} 实际是压缩包或 Office 文件；如果是 Word 文档，请把扩展名改为 .docx")
    text, enc = decode_text(data, spath)
    kind = "md" if suffix in (".md", ".markdown") else "txt"
    newline = detect_newline(text)
    units, raw = text_units(text, kind)
    return Draft(spath, kind, units, enc, newline, raw)


def paragraph_runs(p) -> list:
    """The runs whose text makes up the paragraph, in order, as the document model reads them
    (hyperlinks, content controls, field results, insertions and moves-to included)."""
    from docx.text.run import Run

    from .docmodel import visible_text
    return [Run(r, p) for _a, _b, r in visible_text(p._p)[1]]


def paragraph_text(p) -> str:
    from .docmodel import visible_text
    return visible_text(p._p)[0]


def iter_docx_paragraphs(doc):
    """(Paragraph, in_table) for the document model's paragraphs, in document order."""
    from docx.text.paragraph import Paragraph

    from .docmodel import read_model
    for b in read_model(doc).paragraphs:
        yield Paragraph(b.el, doc._body), b.in_table
