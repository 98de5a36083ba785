"""The .docx as written, rendered by LibreOffice (through to_pdf, which converts the file
unchanged) and measured with PyMuPDF character boxes: GB/T 9704's 22 lines × 28 characters.

One conversion per document for the whole session (LibreOffice takes about a second each).
"""
from __future__ import annotations

import shutil

import pytest

from pathlib import Path

from gwreport.docx_writer import write_docx
from gwreport.model import Document, Paragraph
from gwreport.pdf import find_soffice, to_pdf

from .genre_util import ROOT
from .pdf_measure import body_rows, open_pdf

pytestmark = [pytest.mark.slow, pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None,
                                reason="未安装 LibreOffice（soffice）或 poppler-utils，跳过 PDF 版面测试")]

# real public-text flavour, full-width characters only, so a full line is exactly 28 of them
CJK = "为进一步加强政府网站和政务新媒体管理，提升政务公开水平，根据上级部署要求，现将有关情况报告如下"


def _grid_doc() -> Document:
    body = [Paragraph((CJK * 3)[:70 + i % 5]) for i in range(28)]
    return Document(title="关于政府网站检查情况的报告", body=body)


def _colophon_doc(lines: int) -> Document:
    """A 下行文 body of `lines` full body lines (paragraphs of two lines) and a 版记."""
    body = [Paragraph((CJK * 3)[:54]) for _ in range(lines // 2)]
    if lines % 2:
        body.append(Paragraph(CJK[:20]))
    return Document(title="关于检查情况的通报", body=body, signature="临川县人民政府办公室",
                    date="2024年10月25日", issuer="临川县人民政府办公室", issue_date="2024年10月25日",
                    cc=["市人民政府办公室", "县委网信办", "县数据局", "县财政局", "县教育局", "县公安局",
                        "县民政局", "县司法局"])


# body lengths that leave the 版记 room on the first page, exactly fill it, push it alone onto
# page 2 (the last page holds nothing else), and land it under a part of page 2 or 3
COLOPHON_LINES = (4, 12, 13, 17, 38)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """Every document these tests measure, written and rendered by one LibreOffice start:
    name -> PDF document."""
    from gwreport.genre import GenreRegistry
    from gwreport.pdf import to_pdfs
    from gwreport.pipeline import build_file

    from .genre_util import ROOT

    folder = tmp_path_factory.mktemp("rendered")
    docs = {"grid": _grid_doc()}
    for gid in ("inspection-notice", "website-selfcheck"):
        docs[gid] = build_file(ROOT / "samples" / f"{gid}.yaml", GenreRegistry()).document
    for n in COLOPHON_LINES:
        docs[f"colophon{n}"] = _colophon_doc(n)
    # 信函格式 (§10.1) chosen in the facts, with 份号 and 紧急程度 under the upper double line
    import yaml
    facts = yaml.safe_load((ROOT / "samples" / "inspection-notice.yaml").read_text(encoding="utf-8"))
    facts["document"].update(layout="信函格式", copy_number="000123", urgency="特急")
    letter_yaml = folder / "letter.yaml"
    letter_yaml.write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    docs["letter"] = build_file(letter_yaml, GenreRegistry()).document
    docs["unsealed"] = Document(title="关于检查情况的通报", body=[Paragraph(CJK)], sealed=False,
                                signature="临川县人民政府办公室", date="2024年10月25日")
    paths = {}
    for name, doc in docs.items():
        paths[name] = folder / f"{name}.docx"
        write_docx(doc, paths[name])
    # clerk drafts `format` repairs: one made with python-docx, one written by LibreOffice
    from gwreport.docxformat import format_docx

    from .clerk_drafts import python_docx_draft
    drafts = {"clerk_pydocx": python_docx_draft(folder / "clerk_pydocx_src.docx"),
              "clerk_lo": ROOT / "tests" / "data" / "gongwen" / "clerk_lo.docx"}
    for name, src in drafts.items():
        paths[name] = folder / f"{name}.docx"
        format_docx(src, paths[name])
    results = to_pdfs([(p, None) for p in paths.values()])
    return {name: open_pdf(r.pdf) for name, r in zip(paths, results)}


@pytest.fixture(scope="session")
def grid_pdf(rendered):
    return rendered["grid"]


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
def sample_pdfs(rendered):
    """The 下行文 and 上行文 samples: genre id -> PDF document."""
    return {gid: rendered[gid] for gid in ("inspection-notice", "website-selfcheck")}


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
    rules = [r for r in horizontal_rules(last) if not (r[4] and r[4][0] > 0.7 and r[4][1] < 0.3)
             and r[3] > 0.2]  # the attachment's table rules above it are 0.18 mm
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


@pytest.mark.parametrize("lines", COLOPHON_LINES)
def test_colophon_ends_on_the_bottom_edge_of_the_last_page(rendered, lines):
    """GB/T 9704 §7.4.1: the last 版记 rule coincides with the bottom edge of the type area
    (297 − 35 = 262 mm) of the last page, whatever the body length."""
    from .pdf_measure import horizontal_rules, rows

    pdf = rendered[f"colophon{lines}"]
    pages = list(pdf)
    for page in pages[:-1]:  # the 版记 is on the last page only
        assert not any(r.text.startswith("抄送") for r in rows(page))
    last = pages[-1]
    rules = horizontal_rules(last)
    assert len(rules) == 3, rules
    assert abs(rules[-1][0] - 262) <= 1.0, rules  # the last rule on the type area's bottom edge
    for r in rules:
        assert abs(r[1] - 28) < 0.5 and abs(r[2] - 184) < 0.5, r  # 156 mm
    assert rules[0][3] > rules[1][3] < rules[2][3]  # 0.35 / 0.25 / 0.35 mm
    assert 0.3 <= rules[0][3] <= 0.4 and 0.2 <= rules[1][3] <= 0.3
    # nothing of the body under the 版记's first rule; the 署名 and date above it
    texts = rows(last)
    above = [r for r in texts if r.y < rules[0][0]]
    inside = [r for r in texts if rules[0][0] < r.y < rules[-1][0]]
    assert [r.text[:2] for r in inside] == ["抄送", "教育", "临川"], inside
    assert not any("印发" in r.text or "抄送" in r.text for r in above)
    if lines < 13:
        assert len(pages) == 1 and any(r.text == "2024年10月25日" for r in above)
    one = 14 / 72 * 25.4  # one 4号 character
    cc, more, printer = inside
    assert abs(cc.x0 - (28 + one)) < 0.6  # 抄送 one character in
    assert abs(more.x0 - (28 + 4 * one)) < 0.6  # continuation lines after the colon
    assert abs(printer.x0 - (28 + one)) < 0.6 and abs(printer.x1 - (184 - one)) < 0.6


def _cell() -> float:
    return 156 / 28  # one body character cell, mm


def test_attachments_start_new_pages_with_label_and_title(rendered):
    """§8: each 附件 on a new page, “附件N” in 3号黑体 top left, its title centred on line 3;
    the 附件说明 numbers hang (§7.3.4); the 附注 under the date, left two characters."""
    from .pdf_measure import rows

    pdf = rendered["inspection-notice"]
    firsts = {}
    for i, page in enumerate(pdf):
        rs = body_rows(page)
        if rs and rs[0].text.startswith("附件") and len(rs[0].text) <= 3:
            firsts[rs[0].text] = (i, rs)
    assert set(firsts) == {"附件2"}  # the sample prints the 整改台账 (附件2) only
    assert firsts["附件2"][0] == len(pdf) - 1  # on the last page, with the 版记
    for label, (i, rs) in firsts.items():
        assert abs(rs[0].x0 - 28) < 0.5 and abs(rs[0].y - (37 + 225 / 22 * 0.8)) < 3, rs[0]
        title = [r for r in rs[1:3] if abs(r.size - 22) < 0.1]
        assert title and abs((title[0].x0 + title[0].x1) / 2 - 106) < 1.5
        assert 2 * 225 / 22 - 2 < title[0].y - rs[0].y < 3 * 225 / 22 + 2  # the third line
        assert len(title[-1].text) >= 3  # the title breaker keeps words whole here too
    # 附件说明 before the 署名: “附件：” two characters in, the second name under the first
    rs = [r for page in pdf for r in rows(page)]
    att = next(i for i, r in enumerate(rs) if r.text.startswith("附件：1."))
    assert abs(rs[att].x0 - (28 + 2 * _cell())) < 0.8
    assert rs[att + 1].text.startswith("2.") and abs(rs[att + 1].x0 - (28 + 5 * _cell())) < 0.8
    sig = next(r for r in rs if r.text == "临川县人民政府办公室")
    date = next(r for r in rs if r.text == "2024年10月25日")
    note = next(r for r in rs if r.text == "（此件公开发布）")
    assert abs((sig.x0 + sig.x1) / 2 - (date.x0 + date.x1) / 2) < 1.0  # 署名 centred over the date
    assert abs(date.x1 - (184 - 4 * _cell())) < 1.0  # date right four characters
    assert abs(note.x0 - (28 + 2 * _cell())) < 0.8 and 9 < note.y - date.y < 11.5  # next line


def test_unsealed_signature_right_two_and_date_two_characters_in(rendered):
    """§7.3.5.2: 署名 right two characters, the date's first character two to the right of the
    署名's first, on the next line."""
    from .pdf_measure import rows

    rs = rows(rendered["unsealed"][0])
    sig = next(r for r in rs if r.text == "临川县人民政府办公室")
    date = next(r for r in rs if r.text == "2024年10月25日")
    # the date is about as long as this 署名: it is set right two characters and the 署名's
    # right space grows with it (如成文日期长于发文机关署名……相应增加发文机关署名右空字数)
    right_sig, right_date = (184 - sig.x1) / _cell(), (184 - date.x1) / _cell()
    assert abs(min(right_sig, right_date) - 2) < 0.15 and right_sig >= 1.85, (right_sig, right_date)
    assert abs(date.x0 - (sig.x0 + 2 * _cell())) < 1.2
    assert 9 < date.y - sig.y < 11.5
    body = next(r for r in rs if r.text.startswith("为进一步"))
    last_body = max(r.y for r in rs if r.y < sig.y and r is not sig and r.x0 < 40 or r is body)
    assert sig.y - last_body < 2 * 225 / 22 + 1  # one empty line under the body, not two


@pytest.mark.parametrize("name", ["clerk_pydocx", "clerk_lo"])
def test_format_repairs_clerk_drafts_on_the_page(rendered, name):
    """A clerk's draft after `format`: red letterhead 35 mm down with the red line 4 mm under the
    发文字号, 标题下空一行, two-character indents where spaces were, 署名 over the 成文日期 typed
    as 2024.9.30 / 2024-12-20, the table inside the type area, the 版记 on the bottom edge."""
    from .pdf_measure import horizontal_rules, rows

    pdf = rendered[name]
    first = pdf[0]
    bands = _red_bands(first)
    assert len(bands) == 2, bands
    (mark_top, _), (rule_top, rule_bottom) = bands
    assert abs(mark_top - 72) <= 1.5
    rs = rows(first)
    number = next(r for r in rs if "〔2024〕" in r.text)
    assert 3.0 <= (rule_top + rule_bottom) / 2 - (number.y + 0.4) <= 5.0
    pitch = 225 / 22
    title = [r for r in rs if abs(r.size - 22) < 0.1]
    addressee = next(r for r in rs if r.text.endswith("：") and r.x0 < 29)
    assert 1.7 * pitch < addressee.y - title[-1].y < 2.6 * pitch  # one blank line between
    every = [r for page in pdf for r in rows(page)]
    starts = [r for r in every if r.text.startswith(("根据县政府", "按照县政府", "一、", "二、"))]
    assert starts and all(abs(r.x0 - (28 + 2 * _cell())) < 1.0 for r in starts), starts
    sig = next(r for r in every if r.text in ("青石镇人民政府", "白沙镇人民政府"))
    date = next(r for r in every if r.text in ("2024.9.30", "2024-12-20"))
    assert abs(date.x1 - (184 - 4 * _cell())) < 1.5
    assert abs((sig.x0 + sig.x1) / 2 - (date.x0 + date.x1) / 2) < 1.5
    for page in pdf:  # the table (and everything ruled) inside the type area
        for r in horizontal_rules(page, min_width_mm=20):
            assert 27.3 <= r[1] and r[2] <= 184.7, r
    rules = [r for r in horizontal_rules(pdf[-1]) if r[3] > 0.2 and not (r[4] and r[4][0] > 0.7)]
    assert abs(rules[-1][0] - 262) <= 1.0 and abs(rules[-1][1] - 28) < 0.5 and abs(rules[-1][2] - 184) < 0.5
    printer = next(r for r in rows(pdf[-1]) if r.text.endswith("印发"))
    assert abs(printer.x1 - (184 - 14 / 72 * 25.4)) < 0.8  # 印发日期右空一字
    # the table's header row is never left alone at the bottom of a page
    header, first_row = {"clerk_pydocx": ("序号账号", "1青石发布"), "clerk_lo": ("类别条数", "政策文件")}[name]
    pages_of = {t: {i for i, page in enumerate(pdf) for r in rows(page) if r.text.startswith(t)}
                for t in (header, first_row)}
    assert pages_of[header] and min(pages_of[header]) in pages_of[first_row], pages_of


def test_formatted_clerk_drafts_audit_clean_and_keep_text_and_comments(rendered):
    import docx

    from gwreport.layout import audit_docx, collect_paragraphs

    from .clerk_drafts import python_docx_draft

    folder = Path(rendered["clerk_lo"].name).parent
    pairs = {"clerk_pydocx": python_docx_draft(folder / "again.docx"),
             "clerk_lo": ROOT / "tests" / "data" / "gongwen" / "clerk_lo.docx"}
    for name, src in pairs.items():
        out = folder / f"{name}.docx"
        assert audit_docx(out) == [], [(f.rule, f.line, f.message) for f in audit_docx(out)]
        before = [p.text.strip(" \u3000") for p in collect_paragraphs(docx.Document(str(src))) if p.text.strip()]
        after = [p.text.strip(" \u3000") for p in collect_paragraphs(docx.Document(str(out))) if p.text.strip()]
        squeeze = str.maketrans("", "", " \u3000\t")
        assert [t.translate(squeeze) for t in after] == [t.translate(squeeze) for t in before]
        assert [c.text for c in docx.Document(str(out)).comments] == \
            [c.text for c in docx.Document(str(src)).comments] != []


def _groups(ys: list[float], gap: float = 0.5) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for y in ys:
        if out and y - out[-1][-1] <= gap:
            out[-1].append(y)
        else:
            out.append([y])
    return [(g[0], g[-1]) for g in out]


def test_letter_layout_mark_30mm_double_lines_and_no_first_page_number(rendered):
    """信函格式 (GB/T 9704 §10.1): the mark's top edge 30 mm from the page top, a red double
    line 上粗下细 under it and one 上细下粗 20 mm above the bottom edge, both 170 mm; the 发文字号
    flush right under the upper line; no page number on the first page, one on the second."""
    from .pdf_measure import horizontal_rules, red_rows_mm, rows

    page = rendered["letter"][0]
    red = _groups(red_rows_mm(page, dpi=300))
    assert abs(red[0][0] - 30) <= 1, red  # the mark's ink
    # LibreOffice strokes the paragraph border twice: one rule per position
    reds = sorted({(round(r[0], 1), round(r[1]), round(r[2]), round(r[3], 2), r[4]) for r in horizontal_rules(page)
                   if r[4] and r[4][0] > 0.7 and r[4][1] < 0.35})
    upper = [r for r in reds if r[0] < 100]
    lower = [r for r in reds if r[0] > 200]
    assert len(upper) == 2 and len(lower) == 2, reds
    assert upper[0][3] > upper[1][3] * 1.5, upper  # thick over thin
    assert lower[1][3] > lower[0][3] * 1.5, lower  # thin over thick
    mark_bottom = next(b for a, b in red if b < upper[0][0] - 1)
    assert 3 <= (upper[0][0] + upper[1][0]) / 2 - mark_bottom <= 5, (mark_bottom, upper)
    assert abs(297 - (lower[0][0] + lower[1][0]) / 2 - 20) <= 1, lower
    for y, x0, x1, _, _ in upper + lower:
        assert abs((x1 - x0) - 170) <= 1 and abs((x0 + x1) / 2 - (28 + 156 / 2)) <= 1, (x0, x1)
    texts = rows(page)
    number = next(r for r in texts if "〔2024〕" in r.text and r.text.endswith("号"))
    assert abs(number.x1 - (28 + 156)) <= 1 and number.y > upper[1][0], number
    copy = next(r for r in texts if r.text == "000123")
    assert abs(copy.x0 - 28) <= 0.5 and upper[1][0] < copy.y < number.y
    assert not any("—" in r.text and r.y > 262 for r in texts), [r.text for r in texts if r.y > 262]
    assert any(r.text.replace(" ", "") == "—2—" for r in rows(rendered["letter"][1]))
    # 版记 without 印发机关和印发日期 nor rules: only the 抄送 on the last page, no black rule
    last = rendered["letter"][-1]
    cc = next(r for r in rows(last) if r.text.startswith("抄送"))
    assert 250 < cc.y <= 262.5, cc  # at the bottom of the type area
    assert not any("印发" in r.text for p in rendered["letter"] for r in rows(p))
    assert not [r for r in horizontal_rules(last) if cc.y - 12 < r[0] < 265], cc
