"""Readers for drafts that are not .txt/.md/.docx; each returns a draft.Draft (same model, same rules).

- .doc/.wps/.rtf/.odt: converted by LibreOffice headless, then read as .docx (layout rules run)
- .pdf: the text layer (pypdfium2); .ofd: the XML pages (GB/T 33190); positions page/line
- .html/.htm: the main text (trafilatura); positions are lines of the extracted text
"""
from __future__ import annotations

from pathlib import Path

from .html import HTML_SUFFIXES
from .office import OFFICE_SUFFIXES

PDF_SUFFIXES = (".pdf",)
OFD_SUFFIXES = (".ofd",)
OTHER_SUFFIXES = OFFICE_SUFFIXES + PDF_SUFFIXES + OFD_SUFFIXES + HTML_SUFFIXES


def read_other(p: Path):
    """The Draft for a supported non-native suffix; None when the suffix is not one of them."""
    suffix = p.suffix.lower()
    if suffix in OFFICE_SUFFIXES:
        from .office import read_office
        return read_office(p)
    if suffix in PDF_SUFFIXES:
        from .pdf_text import read_pdf
        return read_pdf(p)
    if suffix in OFD_SUFFIXES:
        from .ofd import read_ofd
        return read_ofd(p)
    if suffix in HTML_SUFFIXES:
        from .html import read_html
        return read_html(p)
    return None


def place(draft, line: int, column: int = 1) -> dict:
    """Where a finding is for a person: {'page', 'line'} on fixed-layout files, {'line'} elsewhere;
    docx/odt-like files keep the paragraph number ({'paragraph'})."""
    places = getattr(draft, "places", None) or []
    if places and 1 <= line <= len(places) and places[line - 1]:
        from .lines import place as _place
        page, ln = _place(places[line - 1], column)
        return {"page": page, "line": ln}
    if getattr(draft, "kind", "") == "docx":
        return {"paragraph": line}
    return {"line": line}


def place_zh(draft, line: int, column: int = 1) -> str:
    p = place(draft, line, column)
    if "page" in p:
        return f"第{p['page']}页第{p['line']}行"
    if "paragraph" in p:
        return f"第{p['paragraph']}段"
    return f"第{p['line']}行"
