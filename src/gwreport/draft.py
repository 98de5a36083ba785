"""The Draft (what every reader returns) and the .docx reader: below gwreport.readers and
gwreport.formats, which both build Drafts and read .docx (a converted .doc is read as .docx),
so neither has to import the other back."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .findings import TextUnit

MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_XML_BYTES = 150 * 1000 * 1000  # all parts inflated (safeio checks the ratio too)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Draft:
    path: str  # as given by the user ('-' for stdin)
    kind: str  # txt | md | docx
    units: list[TextUnit]
    encoding: str | None = None
    newline: str = "\n"
    raw_lines: list[str] = field(default_factory=list)  # txt/md: the original lines
    document: Any = None  # docx: the python-docx Document
    paragraphs: list[Any] = field(default_factory=list)  # docx: Paragraph per unit
    # pdf/ofd: per unit, (offset, page, line) of each printed line joined into it (formats/lines.py)
    places: list[Any] = field(default_factory=list)
    source_kind: str | None = None  # the file's own format when converted (doc, wps, pdf, ofd, html…)


def read_docx(p: Path) -> Draft:
    import io

    from .safeio import package_bytes
    spath = str(p)
    # the bytes are read once, bounded, and checked for zip bombs before python-docx sees them
    raw = package_bytes(p, "Word 文档", limit=MAX_DOCX_BYTES, max_total=MAX_XML_BYTES)
    head = raw[:8]
    if head.startswith(OLE_MAGIC):
        raise InputError(f"{spath} 设置了打开密码（已加密）或实际是旧版 .doc 文件，无法读取。"
                         "请取消密码或另存为普通 .docx 后重试")
    if head.startswith(b"%PDF"):
        raise InputError(f"{spath} 实际是 PDF 文件，无法校对")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            if "word/document.xml" not in z.namelist():
                raise InputError(f"{spath} 不是有效的 Word 文档（缺少 word/document.xml）")
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise InputError(f"{spath} 已损坏或不是 .docx 文件，无法打开") from None
    try:
        # .dotx/.dotm templates and .docm: python-docx only accepts the document content type;
        # open_word_lenient patches it in memory and leaves macros out
        from .docx_writer import open_word_lenient
        doc = open_word_lenient(io.BytesIO(raw))
    except InputError:
        raise
    except RecursionError:
        raise InputError(f"{spath} 的文档结构嵌套过深，疑似异常文件，已拒绝读取") from None
    except Exception:  # python-docx raises many kinds on malformed packages
        raise InputError(f"{spath} 已损坏，无法作为 Word 文档打开。"
                         "请在 Word 或 WPS 中打开后“另存为”.docx 再试") from None
    units, paras = docx_units(doc)
    return Draft(spath, "docx", units, None, "\n", [], doc, paras)


def docx_units(doc) -> tuple[list[TextUnit], list]:
    """The units of an open Word document (and the paragraph behind each), in document order;
    also used to re-read a document edited in memory (gwreport.fixes). Text, positions and
    roles come from the one document model (gwreport.docmodel, gwreport.roles)."""
    from docx.text.paragraph import Paragraph

    from .docmodel import read_model
    from .roles import assign_model_roles
    model = read_model(doc)
    assign_model_roles(model)
    units = [TextUnit(b.index, b.text, b.role) for b in model.paragraphs]
    paras = [Paragraph(b.el, doc._body) for b in model.paragraphs]
    return units, paras
