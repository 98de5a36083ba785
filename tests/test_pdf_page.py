"""The .docx as written, rendered by LibreOffice (through to_pdf, which converts the file
unchanged) and measured with PyMuPDF character boxes: GB/T 9704's 22 lines × 28 characters.

One conversion per document for the whole session (LibreOffice takes about a second each).
"""
from __future__ import annotations

import shutil

import pytest

from gwreport.docx_writer import write_docx
from gwreport.model import Document, Paragraph
from gwreport.pdf import find_soffice, to_pdf

from .pdf_measure import body_rows, open_pdf

pytestmark = pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None,
                                reason="未安装 LibreOffice（soffice）或 poppler-utils，跳过 PDF 版面测试")

# real public-text flavour, full-width characters only, so a full line is exactly 28 of them
CJK = "为进一步加强政府网站和政务新媒体管理，提升政务公开水平，根据上级部署要求，现将有关情况报告如下"


def _grid_doc() -> Document:
    body = [Paragraph((CJK * 3)[:70 + i % 5]) for i in range(28)]
    return Document(title="关于政府网站检查情况的报告", body=body)


@pytest.fixture(scope="session")
def grid_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("grid")
    path = folder / "grid.docx"
    write_docx(_grid_doc(), path)
    return open_pdf(to_pdf(path).pdf)


def test_a_full_body_line_holds_28_characters(grid_pdf):
    lines = [r for page in grid_pdf for r in body_rows(page) if abs(r.size - 16) < 0.1]
    widths = [len(r.text) for r in lines]
    # a paragraph's middle lines (start at the left edge, followed by more of it) are full
    full = [r for r, nxt in zip(lines, lines[1:]) if abs(r.x0 - 28) < 0.5 and abs(nxt.x0 - 28) < 0.5]
    assert full, widths
    assert {len(r.text) for r in full} == {28}, widths
    assert max(widths) == 28
    for r in full:  # and it fills the 156 mm type area (28 → 184 mm from the left edge)
        assert 183 <= r.x1 <= 184.5, r
    # the first line of a paragraph is indented two characters and holds 26
    first = [r for r in lines if 38 < r.x0 < 40.5]
    assert first and all(len(r.text) == 26 for r in first if len(r.text) > 20)


def test_a_full_page_holds_22_lines(grid_pdf):
    pages = list(grid_pdf)
    assert len(pages) >= 3
    for page in pages[1:-1]:
        assert len(body_rows(page)) == 22
    # the pitch is the same on every page: 225 mm / 22
    ys = [r.y for r in body_rows(pages[1])]
    gaps = {round(b - a, 1) for a, b in zip(ys, ys[1:])}
    assert all(abs(g - 225 / 22) < 0.15 for g in gaps), gaps
