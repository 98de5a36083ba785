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


@pytest.fixture(scope="session")
def sample_pdfs(tmp_path_factory):
    """The 下行文 and 上行文 samples built and rendered once: genre id -> PDF document."""
    from gwreport.genre import GenreRegistry
    from gwreport.pipeline import build_file

    from .genre_util import ROOT

    folder = tmp_path_factory.mktemp("samples")
    out = {}
    for gid in ("inspection-notice", "website-selfcheck"):
        doc = build_file(ROOT / "samples" / f"{gid}.yaml", GenreRegistry()).document
        path = folder / f"{gid}.docx"
        write_docx(doc, path)
        out[gid] = open_pdf(to_pdf(path).pdf)
    return out


def _red_bands(page) -> list[tuple[float, float]]:
    from .pdf_measure import red_rows_mm

    bands: list[list[float]] = []
    for y in red_rows_mm(page, dpi=300, top_mm=37, bottom_mm=140):
        if bands and y - bands[-1][1] < 0.3:
            bands[-1][1] = y
        else:
            bands.append([y, y])
    return [(a, b) for a, b in bands]


@pytest.mark.parametrize("gid", ["inspection-notice", "website-selfcheck"])
def test_the_masthead_is_red_with_its_rule_4mm_under_the_doc_number(sample_pdfs, gid):
    from .pdf_measure import horizontal_rules, rows

    page = sample_pdfs[gid][0]
    bands = _red_bands(page)
    assert len(bands) == 2, bands  # the 发文机关标志 and the red line, nothing else red
    (mark_top, mark_bottom), (rule_top, rule_bottom) = bands
    assert abs(mark_top - (37 + 35)) <= 1.0  # top edge 35 mm under the type area's top
    assert mark_bottom - mark_top > 8  # large type (初号), not a body line
    number = next(r for r in rows(page) if "〔" in r.text and r.y < rule_top)
    assert number.color == 0  # the 发文字号 itself is black
    # 4 mm under the 发文字号's characters (their ink ends about 0.4 mm under the baseline)
    assert 3.0 <= (rule_top + rule_bottom) / 2 - (number.y + 0.4) <= 5.0
    red_rules = [r for r in horizontal_rules(page) if r[4] and r[4][0] > 0.7 and r[4][1] < 0.3]
    assert red_rules and all(abs(r[1] - 28) < 0.5 and abs(r[2] - 184) < 0.5 for r in red_rules)


def test_doc_number_centred_downward_and_left_right_with_signer_upward(sample_pdfs):
    from .pdf_measure import rows

    down = next(r for r in rows(sample_pdfs["inspection-notice"][0]) if "〔" in r.text)
    assert abs((down.x0 + down.x1) / 2 - 106) < 1.5
    up = next(r for r in rows(sample_pdfs["website-selfcheck"][0]) if "〔" in r.text)
    assert "签发人" in up.text
    assert abs(up.x0 - (28 + 5.6)) < 0.8 and abs(up.x1 - (184 - 5.6)) < 0.8  # one character in each side


def test_samples_keep_22_lines_and_page_numbers(sample_pdfs):
    from gwreport.pdf import verify_pdf

    for pdf in sample_pdfs.values():
        rep = verify_pdf(pdf.name)
        assert rep.ok, rep.summary()


def test_colophon_rules_span_the_type_area_with_text_one_character_in(sample_pdfs):
    from .pdf_measure import horizontal_rules, rows

    last = sample_pdfs["inspection-notice"][-1]
    rules = [r for r in horizontal_rules(last) if not (r[4] and r[4][0] > 0.7 and r[4][1] < 0.3)]
    ys = sorted({round(r[0], 1) for r in rules})
    assert len(ys) == 3, rules  # 抄送 above and below, 印发 below
    for r in rules:  # 156 mm, not 146: edge to edge of the type area
        assert abs(r[1] - 28) < 0.5 and abs(r[2] - 184) < 0.5, r
    thick = {round(r[0], 1): r[3] for r in rules}
    assert thick[ys[0]] > thick[ys[1]] < thick[ys[2]]  # 0.35 / 0.25 / 0.35 mm
    cc = next(r for r in rows(last) if r.text.startswith("抄送"))
    printer = next(r for r in rows(last) if r.text.endswith("印发"))
    one = 14 / 72 * 25.4  # one 4号 character
    assert abs(cc.x0 - (28 + one)) < 0.6 and abs(printer.x0 - (28 + one)) < 0.6
    assert abs(printer.x1 - (184 - one)) < 0.6  # 印发日期右空一字


def test_title_lines_break_between_words_on_the_rendered_page(sample_pdfs):
    import jieba

    from gwreport.genre import GenreRegistry
    from gwreport.pipeline import build_file

    from .genre_util import ROOT

    for gid, pdf in sample_pdfs.items():
        title = build_file(ROOT / "samples" / f"{gid}.yaml", GenreRegistry()).document.title
        lines = [r.text for r in body_rows(pdf[0]) if abs(r.size - 22) < 0.1]
        assert "".join(lines) == title and len(lines) >= 2
        # every break falls on a word boundary of jieba's segmentation, no stub last line
        bounds, pos = set(), 0
        for w in jieba.lcut(title):
            pos += len(w)
            bounds.add(pos)
        pos = 0
        for line in lines[:-1]:
            pos += len(line)
            assert pos in bounds, (gid, lines)
        assert len(lines[-1]) >= 3
