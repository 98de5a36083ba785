"""The 勘误表 as an Excel workbook (`check --format xlsx -o 勘误表.xlsx`).

    data = render(results, failed, config)            # bytes of the .xlsx
    write(results, "勘误表.xlsx", failed, config, inputs=[...])   # guarded, atomic

Sheet 勘误表: one row per finding (file, place, category, severity, the sentence with the error
in red and in 【】, message, suggestion, rule, source), frozen header, auto filter, sized
columns, A4 landscape fitted to one page width with the header repeated. Sheet 汇总: counts by
file and category, unreadable files with the reason. Every cell is inert: text that starts like a
formula is stored as text, control characters are dropped.
"""
from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from .errata import SEV_ZH, clean_text, errata_rows, failed_pairs, tallies

COLUMNS = [  # header, width (characters), wrap
    ("序号", 6, False), ("文件", 22, True), ("位置", 14, False), ("类别", 12, False),
    ("级别", 6, False), ("原文（【】内为问题处）", 56, True), ("问题说明", 34, True),
    ("修改建议", 18, True), ("规则", 8, False), ("依据", 26, True),
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SEV_FILL = {"error": "F8CBAD", "warning": "FFE699", "info": "DDEBF7"}


def inert(value: Any) -> Any:
    """A value safe for a cell: characters a cell cannot hold dropped (the shared
    gwreport.sanitize helper); _put then stores text as text, never as a formula."""
    from ..sanitize import cell_value
    return cell_value(clean_text(value) if isinstance(value, str) else value)


def _put(ws, row: int, col: int, value: Any):
    """Write one cell; a string is always stored as a string (never parsed as a formula)."""
    value = inert(value)
    c = ws.cell(row=row, column=col)
    c.value = value
    if isinstance(value, str):
        c.data_type = "s"
        if value.startswith(_FORMULA_START):
            c.quotePrefix = True  # Excel shows it as typed text, even after editing the cell
    return c


def _print_setup(ws, last_col: str, last_row: int, title_rows: str | None = "1:1") -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_area = f"A1:{last_col}{max(last_row, 1)}"


def _rich_sentence(row):
    """The sentence with the error in red bold (inside 【】 so it shows in black and white too)."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    red = InlineFont(color="C00000", b=True)
    parts: list = []
    if row.before:
        parts.append(inert(row.before))
    parts.append(TextBlock(red, inert(f"【{row.marked or '▲'}】")))
    if row.after:
        parts.append(inert(row.after))
    return CellRichText(*parts)


def build_workbook(results: Iterable[tuple[Any, list]], failed=(), config=None, *,
                   ignored: dict[str, int] | None = None):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    results = list(results)
    rows = errata_rows(results, config)
    fails = failed_pairs(failed)
    wb = Workbook()
    ws = wb.active
    ws.title = "勘误表"
    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="D9E1F2")
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for j, (name, width, _) in enumerate(COLUMNS, 1):
        c = _put(ws, 1, j, name)
        c.font, c.fill, c.border = head_font, head_fill, border
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    top = Alignment(vertical="top")
    wrap = Alignment(vertical="top", wrap_text=True)
    widths = [len(n) * 2 for n, _, _ in COLUMNS]
    for i, r in enumerate(rows, 2):
        values = [i - 1, r.file, r.place, r.category, r.severity_zh, None, r.message,
                  r.suggestion, r.rule, r.source]
        for j, v in enumerate(values, 1):
            c = _put(ws, i, j, v) if j != 6 else ws.cell(row=i, column=6)
            c.alignment = wrap if COLUMNS[j - 1][2] else top
            c.border = border
            if v is not None:
                widths[j - 1] = max(widths[j - 1], _display_width(str(v)))
        cell = ws.cell(row=i, column=6)
        cell.value = _rich_sentence(r)
        if r.sentence.startswith(_FORMULA_START):
            cell.quotePrefix = True
        widths[5] = max(widths[5], _display_width(r.sentence))
        ws.cell(row=i, column=5).fill = PatternFill("solid", fgColor=SEV_FILL.get(r.severity, "FFFFFF"))
        if r.category == "严重表述错误":
            ws.cell(row=i, column=4).font = Font(bold=True, color="C00000")
    for j, (_, width, wrapped) in enumerate(COLUMNS, 1):
        # sized by content, capped at the designed width for wrapped columns
        want = min(widths[j - 1] + 2, width) if wrapped else max(widths[j - 1] + 2, len(COLUMNS[j - 1][0]) * 2 + 2)
        ws.column_dimensions[get_column_letter(j)].width = max(want, 6)
    last = get_column_letter(len(COLUMNS))
    fit_row_heights(ws)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"
    _print_setup(ws, last, len(rows) + 1)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"

    _summary_sheet(wb, rows, results, fails, ignored or {}, head_font, head_fill, border)
    from ..sanitize import inert_workbook
    inert_workbook(wb)  # the shared guard as well: no string cell is ever a formula
    return wb


def _summary_sheet(wb, rows, results, fails, ignored, head_font, head_fill, border) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet("汇总")
    files = [clean_text(str(d.path)) for d, _ in results]
    t = tallies(rows, files)
    heads = ["文件", *t.categories, "错误", "警告", "提示", "合计"] + (["已忽略"] if ignored else [])
    for j, h in enumerate(heads, 1):
        c = _put(ws, 1, j, h)
        c.font, c.fill, c.border = head_font, head_fill, border
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    r = 1
    for f in t.files:
        r += 1
        sev = t.severities[f]
        vals = [f, *(t.by_file[f][c] for c in t.categories), sev["error"], sev["warning"], sev["info"],
                sum(t.by_file[f].values())] + ([ignored.get(f, 0)] if ignored else [])
        for j, v in enumerate(vals, 1):
            _put(ws, r, j, v).border = border
    r += 1
    tot = ["合计", *(sum(t.by_file[f][c] for f in t.files) for c in t.categories),
           *(sum(t.severities[f][s] for f in t.files) for s in SEV_ZH), len(rows)]
    if ignored:
        tot.append(sum(ignored.values()))
    for j, v in enumerate(tot, 1):
        c = _put(ws, r, j, v)
        c.font, c.border = Font(bold=True), border
    n_table = r
    r += 2
    _put(ws, r, 1, f"共校对 {len(results)} 个文件，发现问题 {len(rows)} 处"
         + (f"，另有 {len(fails)} 个文件无法读取" if fails else "") + "。")
    r += 1
    _put(ws, r, 1, f"生成时间：{datetime.now().strftime('%Y-%m-%d %H:%M')}（gwreport check）")
    if fails:
        r += 2
        _put(ws, r, 1, "无法读取的文件").font = Font(bold=True)
        _put(ws, r, 2, "原因").font = Font(bold=True)
        for path, why in fails:
            r += 1
            _put(ws, r, 1, path)
            c = _put(ws, r, 2, why)
            c.alignment = Alignment(wrap_text=True, vertical="top")
    width0 = max([_display_width(f) for f in [*t.files, "无法读取的文件", *(p for p, _ in fails)]] + [8])
    ws.column_dimensions["A"].width = min(width0 + 2, 50)
    for j in range(2, len(heads) + 1):
        ws.column_dimensions[get_column_letter(j)].width = max(_display_width(heads[j - 1]) + 2, 8)
    if fails:
        ws.column_dimensions["B"].width = max(ws.column_dimensions["B"].width, 60)
    ws.freeze_panes = "B2"
    _print_setup(ws, get_column_letter(max(len(heads), 2)), r, title_rows=None)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(heads))}{n_table - 1}" if t.files else None


def fit_row_heights(ws, first_row: int = 2, line_pt: float = 15.0, max_lines: int = 12) -> None:
    """Explicit row heights from the wrapped text (LibreOffice and often Excel keep one line
    per row for a generated file, cutting wrapped text off on screen and on paper)."""
    import math
    from openpyxl.utils import get_column_letter
    widths = {}
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        for c in row:
            if c.value is None:
                continue
            col = get_column_letter(c.column)
            if col not in widths:
                widths[col] = ws.column_dimensions[col].width or 8.43
            wrap = bool(c.alignment is not None and c.alignment.wrap_text)
            text = str(c.value)
            if wrap:
                room = max(widths[col] - 1.5, 2)
                n = sum(max(1, math.ceil(_display_width(part) / room)) for part in text.split("\n"))
            else:
                n = text.count("\n") + 1
            lines = max(lines, n)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = line_pt * min(lines, max_lines) + 2


def _display_width(s: str) -> int:
    """Columns a string takes in Excel's default font: CJK and full-width count two."""
    line = max(s.split("\n"), key=len) if s else ""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in line)


def render(results, failed=(), config=None, *, ignored: dict[str, int] | None = None) -> bytes:
    wb = build_workbook(results, failed, config, ignored=ignored)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write(results, output: str | Path, failed=(), config=None, *, inputs: Iterable = (),
          ignored: dict[str, int] | None = None) -> int:
    """Write the 勘误表 atomically (never over an input or a file of another kind); returns the
    number of finding rows."""
    from ..safeio import atomic_write_bytes, guard_output

    results = list(results)
    target = guard_output(output, "xlsx", inputs, label="勘误表")
    atomic_write_bytes(target, render(results, failed, config, ignored=ignored))
    return sum(len(fs) for _, fs in results)
