"""勘误表: `check --format xlsx/html` on real drafts, reopened with openpyxl (rows = findings,
categories, places, inert cells, print setup) and parsed as HTML (escaped, self-contained)."""
from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .test_check_cli import invoke

DATA = Path(__file__).parent / "data"
FORMATS = DATA / "formats"
HOSTILE = ("=HYPERLINK(\"http://x.invalid\",\"点击\")镇党政办负责布署落实。\n"
           "+1按装设备\x07完成，@SUM(A1)截止2024年6月底。\n"
           "-2 <script>alert(1)</script>的的问题。\n")


def findings_json(paths, cwd):
    r = invoke(["check", *map(str, paths), "--format", "json"], cwd)
    return json.loads(r.stdout)


@pytest.fixture
def drafts(tmp_path):
    hostile = tmp_path / "网页稿.txt"
    hostile.write_bytes(HOSTILE.encode("utf-8"))
    return [DATA / "check_township_draft.txt", FORMATS / "draft.docx", FORMATS / "draft.pdf", hostile]


def test_xlsx_one_row_per_finding_with_category_place_and_summary(drafts, tmp_path):
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in drafts}
    out = tmp_path / "勘误表.xlsx"
    r = invoke(["check", *map(str, drafts), "--format", "xlsx", "-o", str(out)], tmp_path)
    assert r.exit_code == 1, r.output
    assert "已写入勘误表" in r.output
    data = findings_json(drafts, tmp_path)
    expected = [(fl["path"], f) for fl in data["files"] for f in fl["findings"]]
    wb = load_workbook(out, rich_text=True)
    assert wb.sheetnames == ["勘误表", "汇总"]
    ws = wb["勘误表"]
    head = [c.value for c in ws[1]]
    assert head[:6] == ["序号", "文件", "位置", "类别", "级别", "原文（【】内为问题处）"]
    body = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(body) == len(expected) > 30
    by_rule = {}
    for row in body:
        by_rule.setdefault(row[8], set()).add(row[3])
    assert by_rule["GW101"] == {"错别字"} and by_rule["GW301"] == {"标点与数字"}
    assert by_rule["GW501"] == {"结构层次"} and any(k.startswith("GW9") for k in by_rule)
    assert {c for k, v in by_rule.items() if k.startswith("GW9") for c in v} == {"版式"}
    # the same findings, in the same order (severe first, then by position), with their places
    assert [(row[1], row[8]) for row in body] == [(p, f["rule"]) for p, f in expected]
    pdf_rows = [row for row in body if row[1].endswith("draft.pdf")]
    assert pdf_rows and all(row[2].startswith("第1页第") for row in pdf_rows)
    docx_rows = [row for row in body if row[1].endswith("draft.docx")]
    assert all(row[2].endswith("段") for row in docx_rows)
    txt = [row for row in body if row[1].endswith("check_township_draft.txt")]
    typo = next(row for row in txt if row[8] == "GW101" and "布署" in str(row[5]))
    assert "【布署】" in str(typo[5]) and typo[7] == "部署" and typo[6].startswith("疑似错别字")
    assert typo[9] and "YWJZ" not in typo[9]  # the source by name, not its key
    # summary: counts by file and category add up to the rows
    sm = wb["汇总"]
    heads = [c.value for c in sm[1]]
    total_col = heads.index("合计")
    rows = {row[0]: row for row in sm.iter_rows(min_row=2, values_only=True) if row[0]}
    for p, _ in {(p, 0) for p, _ in expected}:
        assert rows[p][total_col] == sum(1 for q, _ in expected if q == p)
    assert rows["合计"][total_col] == len(expected)
    cat_col = heads.index("错别字")
    assert rows["合计"][cat_col] == sum(1 for row in body if row[3] == "错别字")
    # sheet set-up: frozen header, filter, A4 landscape one page wide, header repeated
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:J{len(body) + 1}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.print_title_rows == "$1:$1"
    assert 10 < ws.column_dimensions["F"].width <= 60 and ws.column_dimensions["A"].width < 10
    # wrapped text gets the height it needs (LibreOffice keeps one line per row otherwise)
    assert any((ws.row_dimensions[i].height or 0) >= 30 for i in range(2, len(body) + 2))
    assert before == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in drafts}


def test_xlsx_cells_are_inert(drafts, tmp_path):
    out = tmp_path / "勘误表.xlsx"
    invoke(["check", str(drafts[3]), "--format", "xlsx", "-o", str(out), "--spelling", "off"], tmp_path)
    wb = load_workbook(out)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    texts = [c for c in cells if isinstance(c.value, str)]
    assert not any(ch in c.value for c in texts for ch in "\x07\x00\x1b")
    starts = [c for c in texts if c.value[:1] in "=+-@"]
    assert starts and all(c.quotePrefix for c in starts)
    # the formula text itself is still shown (as text) in the sentence column
    sentences = [c.value for c in wb["勘误表"]["F"][1:]]
    assert any("=HYPERLINK" in s for s in sentences) and any("按装" in s for s in sentences)
    # and nothing in the package is a formula element
    import zipfile
    with zipfile.ZipFile(out) as z:
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in z.namelist() if n.endswith(".xml"))


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.rows, self._row, self._cell, self.text = [], [], None, None, []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_html_has_the_same_rows_escaped_and_self_contained(drafts, tmp_path):
    out = tmp_path / "勘误表.html"
    r = invoke(["check", *map(str, drafts), "--format", "html", "-o", str(out)], tmp_path)
    assert r.exit_code == 1, r.output
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    p = _Collect()
    p.feed(page)
    assert not any(t in ("script", "link", "img", "iframe") for t, _ in p.tags)
    assert not any("src" in a or "href" in a for _, a in p.tags)
    data = findings_json(drafts, tmp_path)
    n = sum(len(fl["findings"]) for fl in data["files"])
    listed = [row for row in p.rows if len(row) == 10]
    assert len(listed) == n
    assert any(row[3] == "错别字" and "【布署】" in row[5] for row in listed)
    # to standard output when no -o is given
    r = invoke(["check", str(drafts[0]), "--format", "html"], tmp_path)
    assert r.stdout.startswith("<!DOCTYPE html>")


def test_unreadable_file_is_listed_and_outputs_are_guarded(tmp_path):
    good = tmp_path / "稿.txt"
    good.write_text("镇党政办负责布署落实。\n", encoding="utf-8")
    out = tmp_path / "勘误表.xlsx"
    r = invoke(["check", str(good), str(FORMATS / "scanned.pdf"), "-f", "xlsx", "-o", str(out)], tmp_path)
    assert r.exit_code == 2
    sm = load_workbook(out)["汇总"]
    values = [c.value for row in sm.iter_rows() for c in row if c.value]
    assert any("scanned.pdf" in str(v) for v in values) and any("扫描件" in str(v) for v in values)
    r = invoke(["check", str(good), "-f", "xlsx"], tmp_path)
    assert r.exit_code == 2 and "-o" in r.output
    r = invoke(["check", str(good), "-f", "xlsx", "-o", str(good)], tmp_path)
    assert r.exit_code == 2 and good.read_text(encoding="utf-8").startswith("镇党政办")
    r = invoke(["check", str(good), "-f", "html", "-o", str(tmp_path / "x.docx")], tmp_path)
    assert r.exit_code == 2 and "扩展名" in r.output


@pytest.mark.slow
def test_errata_prints_one_page_wide_on_a4_landscape(tmp_path):
    """LibreOffice Calc prints the 勘误表: A4 landscape, every column on the page, more pages down."""
    import subprocess
    from gwreport.pdf import find_soffice
    soffice = find_soffice()
    if not soffice:
        pytest.skip("LibreOffice not installed")
    drafts = []
    for i in range(4):
        p = tmp_path / f"稿{i}.txt"
        p.write_bytes((DATA / "check_township_draft.txt").read_bytes())
        drafts.append(p)
    out = tmp_path / "勘误表.xlsx"
    invoke(["check", *map(str, drafts), "-f", "xlsx", "-o", str(out)], tmp_path)
    prof = (tmp_path / "lo").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={prof}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=180)
    pdf = tmp_path / "勘误表.pdf"
    if not pdf.exists():
        pytest.skip("LibreOffice Calc not installed (libreoffice-calc)")
    import pymupdf
    doc = pymupdf.open(pdf)
    n_rows = load_workbook(out)["勘误表"].max_row - 1
    assert doc.page_count >= 3  # not squeezed onto one page
    for page in doc:
        w, h = page.rect.width, page.rect.height
        assert round(w) == 842 and round(h) == 595  # A4 landscape, in points
    first = doc[0].get_text()
    for head in ("序号", "原文", "修改建议", "规则", "依据"):  # the last column is on the first page too
        assert head in first
    assert "GW101" in first and n_rows > 100
