"""Saved web pages (.html/.htm): the main text extracted with trafilatura.

Navigation, footers, scripts and sidebars are dropped by the extractor; the page title
becomes line 1 (the 标题 of an article page), the extracted text follows one paragraph a
line. Positions are the line numbers of that extracted text; no GW9xx layout rules run.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..findings import TextUnit

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
MAX_HTML_BYTES = 20 * 1024 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def decode_html(data: bytes, where: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    m = _META_CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii").lower() if m else ""
    if declared in ("gb2312", "gbk", "gb18030", "x-gbk"):
        declared = "gb18030"  # the superset: pages labelled gb2312 often use GBK characters
    for enc in ([declared] if declared else []) + ["utf-8", "gb18030"]:
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    raise InputError(f"{where} 的编码无法识别：既不是 UTF-8，也不是 GBK/GB18030")


def extract(html: str) -> tuple[str, list[str]]:
    """(title, paragraphs) of the page's main text."""
    try:
        import trafilatura
    except ImportError:
        raise InputError("读取网页（.html）需要 trafilatura：请运行 pip install \"gwreport[html]\"") from None
    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=True,
                                      include_images=False, include_links=False, with_metadata=True,
                                      favor_precision=True, deduplicate=False)
    if doc is None:
        return "", []
    title = (getattr(doc, "title", None) or "").strip()
    text = getattr(doc, "text", None) or ""
    paras = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if title and paras and paras[0] == title:
        paras = paras[1:]
    return title, paras


def read_html(p: Path):
    from ..draft import Draft

    spath = str(p)
    size = p.stat().st_size
    if size > MAX_HTML_BYTES:
        raise InputError(f"{spath} 太大（{size // 1024 // 1024} MB），超过 {MAX_HTML_BYTES // 1024 // 1024} MB 的上限")
    html = decode_html(p.read_bytes(), spath)
    title, paras = extract(html)
    if not title and not paras:
        raise InputError(f"{spath} 中找不到正文（可能只有导航、脚本或框架），无法校对")
    units = []
    if title:
        units.append(TextUnit(1, title, "title"))
    for t in paras:
        units.append(TextUnit(len(units) + 1, t, None))
    return Draft(spath, "html", units, raw_lines=[u.text for u in units], source_kind="html")
