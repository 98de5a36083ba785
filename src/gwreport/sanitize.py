"""Text from drafts, facts and tables made harmless for where it goes.

- terminal: escape_controls() shows control and escape characters as `\\x1b`, `\\u202e`, so a
  draft cannot move the cursor, retitle the window, clear the screen or reorder what is shown;
- spreadsheets and CSV: inert_cell() removes characters Excel cannot store (and says which)
  and keeps a value that starts like a formula (= + - @, or a tab/CR before them) as text.
Every table gwreport writes goes through inert_cell (summary.xlsx, new --table forms, …).
"""
from __future__ import annotations

import re

# C0 except tab/newline, DEL, C1, and the bidirectional overrides/isolates ("Trojan Source")
_TERMINAL_BAD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# the only escape sequences gwreport itself prints: click.style's SGR colours
_SGR = re.compile(r"\x1b\[[0-9;]{0,12}m")


def _show(ch: str) -> str:
    o = ord(ch)
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def escape_controls(text: str, keep_sgr: bool = False) -> str:
    """text with every control/escape character shown as a visible escape (`\\x1b`).

    keep_sgr keeps colour codes (used only when gwreport itself styles output for a terminal)."""
    if not isinstance(text, str) or not _TERMINAL_BAD.search(text):
        return text
    if not keep_sgr:
        return _TERMINAL_BAD.sub(lambda m: _show(m.group(0)), text)
    out, last = [], 0
    for m in _SGR.finditer(text):
        out.append(_TERMINAL_BAD.sub(lambda x: _show(x.group(0)), text[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_TERMINAL_BAD.sub(lambda x: _show(x.group(0)), text[last:]))
    return "".join(out)


# characters an .xlsx cell cannot hold (openpyxl raises IllegalCharacterError) plus C1/DEL,
# which Excel shows as boxes
_CELL_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_FORMULA_START = re.compile(r"^[\t\r\n ]*[=+\-@]")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$")


def strip_controls(text: str) -> tuple[str, list[str]]:
    """(text without the characters a spreadsheet cell cannot hold, the removed ones shown)."""
    found = sorted({_show(c) for c in _CELL_BAD.findall(text)})
    return (_CELL_BAD.sub("", text), found) if found else (text, [])


def cell_value(value, *, where: str = "", notes: list | None = None):
    """A value safe to put in a spreadsheet cell: strings lose the characters a cell cannot
    hold; each removal is noted in notes as a Chinese sentence naming where."""
    if not isinstance(value, str):
        return value
    clean, removed = strip_controls(value)
    if removed and notes is not None:
        notes.append(f"{where}含有不可见的控制字符（{'、'.join(removed)}），已删除后写入")
    return clean


def looks_like_formula(text) -> bool:
    """True when a spreadsheet program would run text as a formula or DDE command
    (=HYPERLINK(...), +1+1, -2+3, @SUM(...), also after leading tabs/CRs/spaces); plain
    numbers such as -5 or +3 are not formulas."""
    return isinstance(text, str) and bool(_FORMULA_START.match(text)) and not _NUMBER.match(text.strip())


def csv_cell(value, *, where: str = "", notes: list | None = None):
    """cell_value for CSV: a formula-like text gets a leading ' (the usual guard)."""
    v = cell_value(value, where=where, notes=notes)
    return "'" + v if looks_like_formula(v) else v


def inert_sheet(ws) -> int:
    """Store every formula-like string of a worksheet as text (openpyxl turns any "=…" into
    a live formula); returns how many cells were changed. Call after filling, before saving."""
    n = 0
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if isinstance(v, str) and (c.data_type == "f" or looks_like_formula(v)):
                c.data_type = "s"
                c.quotePrefix = True  # Excel/WPS show it as typed and keep it text when edited
                n += 1
    return n


def inert_workbook(wb) -> int:
    """inert_sheet for every worksheet of wb."""
    return sum(inert_sheet(ws) for ws in wb.worksheets)


_REGEX_ZH = (("missing )", "缺少右括号“)”"), ("unbalanced parenthesis", "括号不配对"), ("unterminated character set",
             "方括号“[”没有闭合"), ("nothing to repeat", "“*”“+”“?”前面缺少可重复的内容"), ("bad escape", "无效的转义“\\”"),
             ("multiple repeat", "重复符号连用"), ("unknown extension", "无法识别的“(?”写法"),
             ("look-behind requires fixed-width", "后顾断言须为固定长度"), ("bad character range", "字符范围写反了"))


def regex_error_zh(e) -> str:
    """re.error in Chinese, with the position (Python's message is English)."""
    msg = str(getattr(e, "msg", e))
    why = next((zh for k, zh in _REGEX_ZH if k in msg), "写法不对")
    pos = getattr(e, "pos", None)
    return why + (f"（第 {pos + 1} 个字符附近）" if isinstance(pos, int) else "")
