"""Measure a rendered PDF with PyMuPDF: character boxes grouped into lines, red pixels, rules.

Shared by the tests that render .docx files with LibreOffice (the files as written, through
`gwreport pdf`'s to_pdf) and check the page against GB/T 9704.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4  # points per millimetre


@dataclass
class Row:
    y: float  # baseline, mm from the page top
    x0: float  # mm from the page's left edge
    x1: float
    size: float  # font size of its first character, pt
    text: str  # non-space characters, left to right
    color: int  # sRGB of its first character


def open_pdf(path: Path):
    import pymupdf

    return pymupdf.open(str(path))


def rows(page) -> list[Row]:
    """Lines of text on a page (characters with the same baseline), top to bottom."""
    by_y: dict[float, list] = {}
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                for ch in span["chars"]:
                    if ch["c"].strip():
                        key = round(ch["origin"][1] / MM, 0)
                        by_y.setdefault(key, []).append((ch["bbox"][0], ch["bbox"][2], ch["c"],
                                                         span["size"], span["color"], ch["origin"][1]))
    out = []
    for key in sorted(by_y):
        cs = sorted(by_y[key])
        out.append(Row(cs[0][5] / MM, cs[0][0] / MM, cs[-1][1] / MM, cs[0][3],
                       "".join(c[2] for c in cs), cs[0][4]))
    return out


def body_rows(page, top_mm: float = 37, bottom_mm: float = 297 - 35) -> list[Row]:
    """Rows inside the type area (the page number below it left out)."""
    return [r for r in rows(page) if top_mm - 2 <= r.y <= bottom_mm + 1]


def is_red(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb
    return r > 180 and g < 90 and b < 90


def red_rows_mm(page, dpi: int = 150, top_mm: float = 0, bottom_mm: float = 297) -> list[float]:
    """y (mm) of every pixel row between top_mm and bottom_mm that holds red pixels."""
    import pymupdf

    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
    per_mm = dpi / 25.4
    out = []
    s = pix.samples
    for y in range(int(top_mm * per_mm), min(pix.height, int(bottom_mm * per_mm))):
        base = y * pix.stride
        row = s[base: base + pix.width * 3]
        if any(row[i] > 180 and row[i + 1] < 90 and row[i + 2] < 90 for i in range(0, len(row), 3 * 4)):
            out.append(y / per_mm)
    return out


def horizontal_rules(page, min_width_mm: float = 100) -> list[tuple[float, float, float, float, tuple]]:
    """(y, x0, x1, thickness) in mm and the colour of horizontal lines/filled thin rectangles
    at least min_width_mm long: paragraph borders, drawn lines."""
    out = []
    for d in page.get_drawings():
        color = d.get("color") or d.get("fill")
        for item in d["items"]:
            if item[0] == "l":
                p, q = item[1], item[2]
                if abs(p.y - q.y) < 0.5 and abs(q.x - p.x) / MM >= min_width_mm:
                    out.append((p.y / MM, min(p.x, q.x) / MM, max(p.x, q.x) / MM,
                                (d.get("width") or 0) / MM, color))
            elif item[0] == "re":
                r = item[1]
                if r.height / MM < 1.5 and r.width / MM >= min_width_mm:
                    out.append(((r.y0 + r.y1) / 2 / MM, r.x0 / MM, r.x1 / MM, r.height / MM, color))
    return sorted(out)
