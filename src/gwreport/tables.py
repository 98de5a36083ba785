"""Batch input tables: one row per unit → fact overrides, located by row and column header.

Accepted inputs
  * .xlsx — the first sheet (not named 说明) is the main table: row 1 holds the headers, each
    later row one unit. Every other sheet is a *list sheet* named after a list of records in the
    schema (its Chinese title, e.g. 存在问题, or its dotted path, e.g. problems): its first
    column is the unit name, every row one item of that unit's list.
  * .csv — UTF-8, UTF-8 with BOM or GBK/GB18030 (detected). Lists of records come from a second
    CSV: `--lists FILE`, or automatically the sibling file `<name>-清单.csv`. That file has a
    column 清单 naming the list (存在问题 / problems ...), a unit-name column, and the item
    columns of all lists (a row fills only the columns of its list).
  * a folder of facts .yaml files — one file per unit (read like `gwreport build` reads them).

Headers are dotted fact paths (`unit.name`, `websites.total`) or the Chinese `title` the schema
gives the field (`单位名称`, `网站数量`); `网站数量（websites.total）` is accepted too. A title used
by more than one field must be written as a dotted path. A leading `*` (required mark) is
ignored; columns headed 序号 or 备注, or starting with #, are not read.

Rows whose first cell starts with 说明： or 示例： (the description and example rows of a table
made by `gwreport new GENRE --table`) and empty rows are skipped. An empty cell leaves the base
value in place. Values are coerced by the schema type: "12" → 12 for integers, Excel date cells
and Excel date numbers → 2024-09-30; anything else is kept as typed so validation names it.
A list of text (e.g. 组织开展情况) is written in one cell, one item per line. When a list sheet
exists for a list, a unit with no rows there gets an empty list.
"""
from __future__ import annotations

import copy
import csv
import datetime as _dt
import difflib
import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .errors import InputError
from .facts import Facts

MAX_TABLE_BYTES = 20_000_000
MAX_UNZIPPED_BYTES = 300_000_000
MAX_ROWS = 50_000
MAX_COLUMNS = 400
MAX_CELL_CHARS = 10_000
MAX_YAML_FILES = 20_000

SKIP_ROW_PREFIXES = ("说明：", "说明:", "示例：", "示例:")
IGNORED_HEADERS = {"序号", "备注", "说明"}
LIST_COLUMN_HEADERS = {"清单", "list", "清单名称"}
INFO_SHEET = "说明"
LISTS_SIBLING_SUFFIX = "-清单"
BASE_SIBLING_SUFFIX = "-公共事实.yaml"  # written by `new --table` beside the workbook
GENRE_PROP, BASE_PROP = "gwreport.genre", "gwreport.base"  # custom document properties of the workbook
_GENRE_LINE = re.compile(r"体裁标识[：:]\s*([A-Za-z0-9_.-]+)")
UNKNOWN_UNITS_SHOWN = 5  # unit names shown in the one-line "not in the main table" warning

# ---------------------------------------------------------------------------------------------
# Schema helpers


def _type_of(node: dict) -> str | None:
    if not isinstance(node, dict):
        return None
    t = node.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), None)
    if t is None:
        for key in ("anyOf", "oneOf"):
            for alt in node.get(key) or []:
                t = _type_of(alt)
                if t:
                    return t
    return t


def _is_record_list(node: dict) -> bool:
    return _type_of(node) == "array" and _type_of(node.get("items") or {}) == "object"


def schema_node(schema: dict, path: Iterable) -> dict | None:
    node = schema
    for part in path:
        if not isinstance(node, dict):
            return None
        if isinstance(part, int) or part == "*":
            node = node.get("items")
        else:
            node = (node.get("properties") or {}).get(part)
        if node is None:
            return None
    return node


@dataclass
class FieldInfo:
    path: tuple  # relative to the table's record (the facts root, or a list item)
    title: str
    description: str
    node: dict
    required: bool

    @property
    def dotted(self) -> str:
        return ".".join(self.path)

    @property
    def kind(self) -> str:
        t = _type_of(self.node)
        if t == "array":
            return "text_list"
        if t == "string" and self.node.get("format") == "date":
            return "date"
        return t or "string"


def scalar_fields(schema: dict, skip: tuple = ("genre",)) -> list[FieldInfo]:
    """Fields that fit in one cell: scalars and lists of text, walking objects, not lists."""
    out: list[FieldInfo] = []

    def walk(node: dict, path: tuple, required: bool) -> None:
        props = node.get("properties") or {}
        req = set(node.get("required") or [])
        for key, sub in props.items():
            if not isinstance(sub, dict) or (not path and key in skip):
                continue
            p = path + (key,)
            t = _type_of(sub)
            if t == "object" and sub.get("properties"):
                walk(sub, p, required and key in req)
            elif t == "array":
                if _is_record_list(sub):
                    continue
                out.append(FieldInfo(p, str(sub.get("title", "")), str(sub.get("description", "")), sub,
                                     required and key in req))
            elif t != "object":
                out.append(FieldInfo(p, str(sub.get("title", "")), str(sub.get("description", "")), sub,
                                     required and key in req))

    walk(schema, (), True)
    return out


@dataclass
class ListInfo:
    path: tuple
    title: str
    description: str
    fields: list[FieldInfo]
    required: bool = True
    min_items: int = 0

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


def record_lists(schema: dict) -> list[ListInfo]:
    """Lists of records (problems, measures …) outside other lists: one list sheet each."""
    out: list[ListInfo] = []

    def walk(node: dict, path: tuple, required: bool) -> None:
        req = set(node.get("required") or [])
        for key, sub in (node.get("properties") or {}).items():
            if not isinstance(sub, dict):
                continue
            p = path + (key,)
            if _is_record_list(sub):
                out.append(ListInfo(p, str(sub.get("title", "")), str(sub.get("description", "")),
                                    scalar_fields(sub["items"], skip=()), required and key in req,
                                    int(sub.get("minItems") or 0)))
            elif _type_of(sub) == "object":
                walk(sub, p, required and key in req)

    walk(schema, (), True)
    return out


class HeaderIndex:
    """Resolves a header (dotted path, Chinese title, or 标题（path）) to a field."""

    def __init__(self, fields: list[FieldInfo], context: str = ""):
        self.fields = {f.dotted: f for f in fields}
        self.by_title: dict[str, list[FieldInfo]] = {}
        for f in fields:
            if f.title:
                self.by_title.setdefault(f.title, []).append(f)
        self.context = context

    def unique_header(self, f: FieldInfo) -> str:
        """The header written for f in a generated table: its title when unambiguous."""
        if f.title and len(self.by_title.get(f.title, [])) == 1:
            return f.title
        return f"{f.title}（{f.dotted}）" if f.title else f.dotted

    def resolve(self, header: str) -> tuple[FieldInfo | None, str | None]:
        """(field, None) or (None, Chinese reason)."""
        h = _clean_header(header)
        m = re.fullmatch(r"(.*?)[（(]\s*([A-Za-z_][\w.]*)\s*[)）]", h)
        if m and m.group(2) in self.fields:
            return self.fields[m.group(2)], None
        if h in self.fields:
            return self.fields[h], None
        cands = self.by_title.get(h, [])
        if len(cands) == 1:
            return cands[0], None
        if len(cands) > 1:
            paths = "、".join(c.dotted for c in cands)
            return None, (f"标题“{h}”对应多个字段（{paths}），无法确定是哪一个，"
                          f"请把表头改为带点的字段路径，如“{cands[0].dotted}”")
        names = list(self.fields) + list(self.by_title)
        close = difflib.get_close_matches(h, names, n=2, cutoff=0.6)
        hint = f"，是否为“{close[0]}”？" if close else "（可用 gwreport new 体裁 --table 生成带正确表头的填报表）"
        return None, f"表头“{h}”不是{self.context}的字段{hint}"


def _clean_header(h: Any) -> str:
    s = "" if h is None else str(h)
    s = s.replace("\u3000", " ").strip().strip("*＊").strip()
    return re.sub(r"\s+", "", s) if re.search(r"[\u4e00-\u9fff]", s) else s


# ---------------------------------------------------------------------------------------------
# Coercion

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋，", "0123456789.-+,")
_INT_RE = re.compile(r"[+-]?\d+(\.0+)?")
_NUM_RE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")
_EXCEL_EPOCH = _dt.datetime(1899, 12, 30)


def _numeric_text(s: str) -> str:
    t = s.translate(_FULLWIDTH).strip().replace(" ", "")
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", t):
        t = t.replace(",", "")
    return t


def coerce(value: Any, node: dict) -> Any:
    """A cell value in the form the schema wants, or unchanged so validation names it."""
    kind = _type_of(node)
    if kind == "array":
        items = node.get("items") or {}
        if isinstance(value, str):
            parts = [p.strip() for p in value.splitlines()]
            return [coerce(p, items) for p in parts if p]
        return [coerce(value, items)]
    if isinstance(value, str):
        value = value.strip()
    if kind == "integer":
        if isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            t = _numeric_text(value)
            if _INT_RE.fullmatch(t) and len(t) <= 30:  # longer: not a count (int() of 5000 digits raises)
                return int(float(t)) if "." in t else int(t)
        return value
    if kind == "number":
        if isinstance(value, str):
            t = _numeric_text(value)
            if _NUM_RE.fullmatch(t):
                f = float(t)
                return int(f) if f.is_integer() and "." not in t else f
        return value
    if kind == "boolean":
        if isinstance(value, str):
            low = value.lower()
            if low in ("是", "true", "yes", "y", "1", "√", "有"):
                return True
            if low in ("否", "false", "no", "n", "0", "×", "无"):
                return False
        return value
    if kind == "string":
        if node.get("format") == "date":
            if isinstance(value, _dt.datetime):
                return value.date().isoformat()
            if isinstance(value, _dt.date):
                return value.isoformat()
            if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 <= value <= 80000:
                return (_EXCEL_EPOCH + _dt.timedelta(days=int(value))).date().isoformat()
            return str(value) if not isinstance(value, str) else value
        if isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, (int, float)):
            return str(value)
        if isinstance(value, _dt.datetime):
            return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
        if isinstance(value, _dt.date):
            return value.isoformat()
    return value


def _set_path(data: dict, path: tuple, value: Any) -> None:
    node = data
    for part in path[:-1]:
        nxt = node.get(part)
        if not isinstance(nxt, dict):
            nxt = node[part] = {}
        node = nxt
    node[path[-1]] = value


def deep_merge(base: Any, over: Any) -> Any:
    """over on top of base: mappings merge key by key, everything else (lists too) replaces."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = deep_merge(base.get(k), v) if k in base else v
        return out
    return over


# ---------------------------------------------------------------------------------------------
# Rows and their locations


@dataclass
class TableRow:
    row: int  # row number the clerk sees (sheet row; CSV line; file number in a folder)
    label: str  # "填报表.xlsx 第5行"
    data: dict  # nested fact overrides
    cells: dict = field(default_factory=dict)  # path → location text of the cell/sheet it came from
    errors: list[str] = field(default_factory=list)  # problems found while reading the row
    file_facts: Facts | None = None  # folder input: the unit's own facts file
    remove: list = field(default_factory=list)  # paths to drop from the merged facts (lists left empty)
    empty: dict = field(default_factory=dict)  # path → location of an empty cell (a missing value is named by its column)
    skip: str | None = None  # why the row is not a unit (a 合计/总计/小计 row), shown as a note

    @property
    def unit(self) -> str | None:
        u = self.data.get("unit")
        name = u.get("name") if isinstance(u, dict) else None
        return name.strip() if isinstance(name, str) and name.strip() else None


@dataclass
class Table:
    path: Path
    rows: list[TableRow]
    warnings: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)  # dotted paths of lists the table supplied
    key_path: tuple = ("unit", "name")  # the field naming each row's unit (output file names)


class RowLocator:
    """Facts.locator for one batch row: cell locations first, then the unit's file, then base."""

    def __init__(self, label: str, cells: dict, base: Facts | None = None, own: Facts | None = None,
                 empty: dict | None = None):
        self.label = label
        self.cells = dict(cells)
        self.empty = dict(empty or {})  # empty cells: where a value missing from base too was expected
        self.base_source = base.source if base is not None else None
        self.base_lines = dict(base.lines) if base is not None else {}
        self.own_source = own.source if own is not None else None
        self.own_lines = dict(own.lines) if own is not None else {}

    def __call__(self, path) -> str:
        p = tuple(path)
        q = p
        while q:
            if q in self.cells:
                return self.cells[q]
            q = q[:-1]
        if self.own_source is not None:
            q = p
            while q and q not in self.own_lines:
                q = q[:-1]
            if q:
                return f"{self.own_source} 第{self.own_lines[q]}行"
            if p not in self.base_lines:
                return self.own_source
        if p and p in self.base_lines:
            return f"{self.base_source} 第{self.base_lines[p]}行"
        if p in self.empty:
            return self.empty[p]
        return self.label

    def tidy(self, message: str) -> str:
        """Drop the dotted path validate() appends when the location already names the column."""
        for where in itertools.chain(self.cells.values(), self.empty.values()):
            m = re.search(r"(?:（([^（）]+)）|“([^“”]+)”)列$", where)
            if not m or not message.startswith(where + " "):
                continue
            rest = message[len(where) + 1:]
            fp = m.group(1) or m.group(2)
            if rest.startswith(fp + "："):
                return where + rest[len(fp):]
            mm = re.match(re.escape(fp) + r"\[(\d+)\]：", rest)
            if mm:
                return f"{where}第{mm.group(1)}项：" + rest[mm.end():]
        return message


def _without(data: Any, path: tuple) -> Any:
    """data with path removed, copying only the mappings along the way (base stays untouched)."""
    if not isinstance(data, dict) or path[0] not in data:
        return data
    out = dict(data)
    if len(path) == 1:
        del out[path[0]]
    else:
        out[path[0]] = _without(out[path[0]], path[1:])
    return out


def row_facts(row: TableRow, base: Facts | None, genre_id: str | None = None) -> Facts:
    """The merged facts of one row, located by the row's cells (then its file, then base)."""
    data: dict = deep_merge(base.data if base is not None else {}, row.file_facts.data if row.file_facts else {})
    data = deep_merge(data, row.data)
    for path in row.remove:
        data = _without(data, path)
    data = copy.deepcopy(data)  # rows never share (and validation never touches) the base's objects
    if genre_id:
        data["genre"] = genre_id
    lines = {}
    for i, path in enumerate(row.cells, start=1):
        lines[path] = i
    source = row.file_facts.source if row.file_facts is not None else row.label
    return Facts(data, source, lines, RowLocator(row.label, row.cells, base, row.file_facts, row.empty))


# ---------------------------------------------------------------------------------------------
# Raw grids


@dataclass
class Grid:
    name: str  # sheet name ("" for CSV)
    rows: list[tuple[int, list[Any]]]  # (row number, cell values)
    formula_missing: dict = field(default_factory=dict)  # (row, col) → formula text without value


def _check_size(path: Path) -> None:
    if not path.is_file():
        raise InputError(f"找不到表格文件：{path}")
    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        raise InputError(f"{path}：文件过大（{size // 1_000_000} MB），填报表不应超过 {MAX_TABLE_BYTES // 1_000_000} MB")


def _clean_cell(v: Any) -> Any:
    if isinstance(v, str):
        v = v.replace("\r\n", "\n").replace("\r", "\n").strip()
        return v or None
    return v


def read_xlsx_grids(path: Path) -> list[Grid]:
    from .safeio import package_bytes
    raw = package_bytes(path, "Excel 表格（.xlsx）", limit=MAX_TABLE_BYTES, max_total=MAX_UNZIPPED_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            # formulas (<f>) need a second pass to tell "no cached value" from an empty cell
            has_formulas = any(
                re.search(rb"<(?:\w+:)?f[ >]", z.read(i))
                for i in z.infolist() if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml"))
    except (zipfile.BadZipFile, ValueError, EOFError, KeyError, OSError):
        raise InputError(f"{path}：不是有效的 .xlsx 文件（可能是旧版 .xls 或已损坏，请在 Excel/WPS 中另存为 .xlsx）") from None
    from openpyxl import load_workbook
    import warnings
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            wbf = load_workbook(io.BytesIO(raw), read_only=True, data_only=False) if has_formulas else None
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds (in English) on damaged files
        raise InputError(f"{path}：表格已损坏或格式不对，无法读取，请在 Excel/WPS 中另存为 .xlsx 后重试") from None
    grids = []
    try:
        for ws in wb.worksheets:
            wsf = wbf[ws.title] if wbf is not None else None
            for w in (ws, wsf):
                try:
                    w.reset_dimensions()
                except AttributeError:
                    pass
            rows: list[tuple[int, list[Any]]] = []
            missing: dict = {}
            formulas = wsf.iter_rows(min_row=1, values_only=True) if wsf is not None else itertools.repeat(())
            for r, (vals, fvals) in enumerate(zip(ws.iter_rows(min_row=1, values_only=True), formulas), start=1):
                if r > MAX_ROWS:
                    raise InputError(f"{path} 工作表“{ws.title}”：行数超过 {MAX_ROWS}，已拒绝读取")
                vals = [_clean_cell(v) for v in vals[:MAX_COLUMNS]]
                for c, (v, f) in enumerate(zip(vals, fvals)):
                    if v is None and isinstance(f, str) and f.startswith("="):
                        missing[(r, c)] = f
                if any(v is not None for v in vals) or any(k[0] == r for k in missing):
                    rows.append((r, vals))
            grids.append(Grid(ws.title, rows, missing))
    finally:
        wb.close()
        if wbf is not None:
            wbf.close()
    return grids


def decode_text(raw: bytes, path: Path) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}：无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV")


def _csv_error_zh(e: Exception) -> str:
    """The csv module's English reasons in Chinese."""
    msg = str(e)
    for key, zh in (("field larger than field limit", f"有单元格内容过长（超过 {csv.field_size_limit()} 字）"),
                    ("NUL", "含有空字符（NUL），可能不是文本文件"),
                    ("new-line character seen in unquoted field", "未加引号的单元格中有换行"),
                    ("unexpected end of data", "引号没有闭合"),
                    ("expected after", "引号后面缺少分隔符")):
        if key in msg:
            return zh
    return "无法解析"


def read_csv_grid(path: Path) -> Grid:
    from .safeio import read_input
    text = decode_text(read_input(path, MAX_TABLE_BYTES, "CSV 表格"), path)
    first = text.split("\n", 1)[0]
    delim = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    rows = []
    start = 1
    try:
        for vals in reader:
            if len(rows) > MAX_ROWS:
                raise InputError(f"{path}：行数超过 {MAX_ROWS}，已拒绝读取")
            vals = [_clean_cell(v) for v in vals[:MAX_COLUMNS]]
            if any(v is not None for v in vals):
                rows.append((start, vals))
            start = reader.line_num + 1
    except csv.Error as e:
        raise InputError(f"{path} 第{reader.line_num}行：CSV 格式错误（{_csv_error_zh(e)}）") from None
    return Grid("", rows)


# ---------------------------------------------------------------------------------------------
# Reading a table against a genre


def _skip_row(vals: list[Any]) -> bool:
    first = next((v for v in vals if v is not None), None)
    return isinstance(first, str) and first.startswith(SKIP_ROW_PREFIXES)


_TOTAL_RE = re.compile(r"(?:全县|全市|全区|全旗|全镇|全乡|各单位)?(?:合计|总计|小计|汇总)[:：]?")


def total_row(vals: list[Any], key_col: int | None) -> str | None:
    """The 合计/总计/小计 word when the row is a totals row (in the unit-name cell, or the first
    filled cell such as a 序号 column), else None."""
    cells = [vals[key_col]] if key_col is not None and key_col < len(vals) and vals[key_col] is not None else []
    first = next((v for v in vals if v is not None), None)
    for v in cells + [first]:
        if isinstance(v, str):
            t = re.sub(r"\s+", "", v.replace("\u3000", " "))
            if _TOTAL_RE.fullmatch(t):
                return t.rstrip(":：")
    return None


def _too_long(v: Any) -> bool:
    return isinstance(v, str) and len(v) > MAX_CELL_CHARS


class _Reader:
    def __init__(self, path: Path, genre):
        self.path = Path(path)
        self.name = self.path.name
        self.genre = genre
        self.fields = scalar_fields(genre.schema)
        self.index = HeaderIndex(self.fields, f"体裁“{genre.name}”")
        self.lists = record_lists(genre.schema)
        self.key_field = next((f for f in self.fields if f.path == ("unit", "name")), None)
        self.warnings: list[str] = []
        self.unknown_units: dict[str, list[str]] = {}  # list rows whose unit is not in the main table
        self.unknown_where: list[str] = []

    def unknown_units_warning(self) -> str | None:
        if not self.unknown_units:
            return None
        rows = sum(len(v) for v in self.unknown_units.values())
        where = "、".join(self.unknown_where)
        names = list(self.unknown_units)
        shown = "、".join(f"“{n}”" for n in names[:UNKNOWN_UNITS_SHOWN])
        if len(names) > UNKNOWN_UNITS_SHOWN:
            shown += f"等{len(names)}个单位"
        if rows == 1:
            return f"{next(iter(self.unknown_units.values()))[0]}：单位{shown}不在主表中，此行未被使用"
        return f"{where}中有 {rows} 行的单位不在主表中，未被使用：{shown}"

    # -- main sheet --------------------------------------------------------------------------
    def main(self, grid: Grid, where_prefix: str) -> tuple[list[TableRow], FieldInfo | None, int | None]:
        if not grid.rows:
            raise InputError(f"{where_prefix}：表格是空的，第1行应为表头")
        header_row, headers = grid.rows[0]
        columns: list[tuple[int, str, FieldInfo]] = []
        problems = []
        seen: dict[str, str] = {}
        for c, h in enumerate(headers):
            if h is None:
                continue
            hc = _clean_header(h)
            if not hc or hc in IGNORED_HEADERS or hc.startswith("#"):
                continue
            f, why = self.index.resolve(hc)
            col = _col_name(c)
            if f is None:
                if _is_record_header(hc, self.lists):
                    why = f"表头“{hc}”是成组的清单，不能写在一个单元格里，请放到单独的清单表中（见 gwreport new 生成的填报表）"
                problems.append(f"{where_prefix} 第{header_row}行{col}列：{why}")
                continue
            if f.dotted in seen:
                problems.append(f"{where_prefix} 第{header_row}行{col}列：表头“{hc}”与“{seen[f.dotted]}”是同一字段（{f.dotted}），请删去一列")
                continue
            seen[f.dotted] = hc
            columns.append((c, hc, f))
        if problems:
            raise InputError("\n".join(problems))
        key_col = None
        key_field = None
        for c, hc, f in columns:
            if f.path == ("unit", "name"):
                key_col, key_field = c, f
        if key_field is None and columns:
            key_col, _, key_field = columns[0]
        rows: list[TableRow] = []
        for r, vals in grid.rows[1:]:
            if _skip_row(vals):
                continue
            if not any(vals[c] is not None for c, _, _ in columns if c < len(vals)) and \
                    not any(k[0] == r for k in grid.formula_missing):
                continue
            label = f"{where_prefix} 第{r}行"
            total = total_row(vals, key_col)
            if total is not None:
                rows.append(TableRow(r, label, {}, skip=f"{label}：“{total}”行不是单位，已跳过"))
                continue
            tr = TableRow(r, label, {})
            for c, hc, f in columns:
                where = (f"{label} “{hc}”列" if hc == f.dotted else f"{label} “{hc}”（{f.dotted}）列")
                v = vals[c] if c < len(vals) else None
                if (r, c) in grid.formula_missing:
                    tr.errors.append(f"{where}：公式“{grid.formula_missing[(r, c)]}”没有计算结果，"
                                     "请在 Excel/WPS 中打开表格并保存后再试，或直接填写数值")
                    tr.cells[f.path] = where
                    continue
                if v is None:
                    tr.empty[f.path] = where
                    continue
                if _too_long(v):
                    tr.errors.append(f"{where}：内容过长（{len(v)}字），单元格不应超过 {MAX_CELL_CHARS} 字")
                    tr.cells[f.path] = where
                    continue
                _set_path(tr.data, f.path, coerce(v, f.node))
                tr.cells[f.path] = where
            rows.append(tr)
        return rows, key_field, key_col

    # -- list sheets -------------------------------------------------------------------------
    def list_info(self, name: str) -> ListInfo | None:
        n = _clean_header(name)
        for li in self.lists:
            names = {li.dotted, _sheet_title(li.dotted)}
            if li.title:
                names |= {li.title, _clean_header(li.title), _sheet_title(li.title)}
            if n in names:
                return li
        return None

    def list_grid(self, grid: Grid, where_prefix: str, fixed: ListInfo | None, key_field: FieldInfo | None,
                  rows_by_unit: dict[str, list[TableRow]], supplied: set[str]) -> None:
        """Items from one list sheet (fixed list) or a long list file (a 清单 column)."""
        if not grid.rows:
            if fixed is not None:
                supplied.add(fixed.dotted)
            return
        header_row, headers = grid.rows[0]
        hs = [(c, _clean_header(h)) for c, h in enumerate(headers) if h is not None and _clean_header(h)]
        key_names = {"单位名称", "unit.name", "单位"}
        if key_field is not None:
            key_names |= {key_field.dotted, key_field.title}
        key_col = next((c for c, h in hs if h in key_names), hs[0][0] if hs else None)
        list_col = None if fixed is not None else next((c for c, h in hs if h.lower() in LIST_COLUMN_HEADERS), None)
        if fixed is None and list_col is None:
            raise InputError(f"{where_prefix} 第{header_row}行：清单文件应有“清单”列，写明每行属于哪个清单"
                             f"（{'、'.join(li.title or li.dotted for li in self.lists)}）")
        candidates = [fixed] if fixed is not None else self.lists
        col_fields: dict[str, dict[int, tuple[str, FieldInfo]]] = {}
        problems = []
        for li in candidates:
            idx = HeaderIndex(li.fields, f"清单“{li.title or li.dotted}”")
            m: dict[int, tuple[str, FieldInfo]] = {}
            for c, h in hs:
                if c in (key_col, list_col) or h in IGNORED_HEADERS or h.startswith("#"):
                    continue
                h2 = h
                # "problems.detail" or "存在问题.问题描述" style headers are accepted too
                for pre in (li.dotted + ".", (li.title or "\0") + "."):
                    if h2.startswith(pre):
                        h2 = h2[len(pre):]
                f, why = idx.resolve(h2)
                if f is not None:
                    m[c] = (h, f)
                elif fixed is not None:
                    problems.append(f"{where_prefix} 第{header_row}行{_col_name(c)}列：{why}")
            col_fields[li.dotted] = m
            if fixed is not None or m:
                supplied.add(li.dotted)
        if fixed is None:
            for c, h in hs:
                if c in (key_col, list_col) or h in IGNORED_HEADERS or h.startswith("#"):
                    continue
                if not any(c in m for m in col_fields.values()):
                    problems.append(f"{where_prefix} 第{header_row}行{_col_name(c)}列：表头“{h}”不属于任何清单的字段")
        if problems:
            raise InputError("\n".join(problems))
        counters: dict[tuple[str, str], int] = {}
        for r, vals in grid.rows[1:]:
            if _skip_row(vals):
                continue
            label = f"{where_prefix}第{r}行" if where_prefix.endswith("表") else f"{where_prefix} 第{r}行"
            unit = vals[key_col] if key_col is not None and key_col < len(vals) else None
            unit = str(unit).strip() if unit is not None else ""
            if fixed is not None:
                li = fixed
            else:
                lname = vals[list_col] if list_col < len(vals) else None
                li = self.list_info(str(lname)) if lname is not None else None
                if li is None:
                    msg = (f"{label}：“清单”列的值“{lname}”不是清单名称（可用："
                           f"{'、'.join(x.title or x.dotted for x in self.lists)}）") if lname is not None \
                        else f"{label}：“清单”列为空，请写明属于哪个清单"
                    self._row_problem(rows_by_unit, unit, label, msg)
                    continue
                supplied.add(li.dotted)
            if not any(vals[c] is not None for c in col_fields.get(li.dotted, {}) if c < len(vals)) and \
                    not any(vals[c] is not None for c, _ in hs if c not in (key_col, list_col) and c < len(vals)):
                continue  # only a unit name: no item
            if not unit:
                self.warnings.append(f"{label}：单位名称为空，此行未被使用")
                continue
            targets = rows_by_unit.get(unit)
            if not targets:
                # summarised in one line by unknown_units_warning (a long list against a short
                # main table would otherwise print one warning per list row)
                self.unknown_units.setdefault(unit, []).append(label)
                if where_prefix not in self.unknown_where:
                    self.unknown_where.append(where_prefix)
                continue
            item: dict = {}
            cells: dict = {}
            errors: list[str] = []
            for c, (h, f) in col_fields.get(li.dotted, {}).items():
                v = vals[c] if c < len(vals) else None
                if v is None:
                    continue
                where_c = f"{label} “{h}”（{li.dotted}[{{n}}].{f.dotted}）列"
                if _too_long(v):
                    errors.append((where_c, f"内容过长（{len(v)}字）"))
                    continue
                _set_path(item, f.path, coerce(v, f.node))
                cells[f.path] = where_c
            if fixed is None:
                for c, h in hs:
                    if c in (key_col, list_col) or c in col_fields.get(li.dotted, {}):
                        continue
                    if c < len(vals) and vals[c] is not None and h not in IGNORED_HEADERS and not h.startswith("#"):
                        errors.append((f"{label} “{h}”列", f"不属于清单“{li.title or li.dotted}”，请把内容移到该清单的列中或删去"))
            for tr in targets:
                key = (li.dotted, str(id(tr)))
                n = counters.get(key, 0)
                counters[key] = n + 1
                tr.data.setdefault("\0lists", {}).setdefault(li.path, []).append(dict(item))
                tr.cells[li.path + (n,)] = label
                for fp, w in cells.items():
                    tr.cells[li.path + (n,) + fp] = w.replace("{n}", str(n + 1))
                for w, msg in errors:
                    tr.errors.append(f"{w.replace('{n}', str(n + 1))}：{msg}")

    def _row_problem(self, rows_by_unit, unit, label, msg) -> None:
        targets = rows_by_unit.get(unit) if unit else None
        if targets:
            for tr in targets:
                tr.errors.append(msg)
        else:
            self.warnings.append(msg)


def _col_name(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def _is_record_header(h: str, lists: list[ListInfo]) -> bool:
    return any(h in (li.title, li.dotted) for li in lists)


def _finish(reader: _Reader, rows: list[TableRow], supplied: set[str], list_where: dict[str, str]) -> None:
    for tr in rows:
        if tr.skip:
            continue
        got = tr.data.pop("\0lists", {})
        for li in reader.lists:
            if li.dotted not in supplied:
                continue
            items = got.get(li.path, [])
            if not items and li.min_items > 0 and not li.required:
                tr.remove.append(li.path)  # an optional list that may not be empty: leave it out
                continue
            _set_path(tr.data, li.path, items)
            tr.cells.setdefault(li.path, list_where.get(li.dotted, reader.name))


def read_table(path: Path, genre, lists_path: Path | None = None) -> Table:
    """Read an .xlsx/.csv table (and its list sheets or list file) against genre's schema."""
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _Reader(path, genre)
    supplied: set[str] = set()
    list_where: dict[str, str] = {}
    if suffix in (".xlsx", ".xlsm"):
        grids = read_xlsx_grids(path)
        main_grid = None
        list_grids: list[tuple[Grid, ListInfo | None]] = []
        for g in grids:
            if g.name.strip() == INFO_SHEET or g.name.startswith("#"):
                continue
            li = reader.list_info(g.name)
            if li is not None:
                list_grids.append((g, li))
            elif main_grid is None:
                main_grid = g
            elif _clean_header(g.name) in LIST_COLUMN_HEADERS:
                list_grids.append((g, None))
            else:
                reader.warnings.append(f"{path.name}：工作表“{g.name}”不是清单表（清单表名应为："
                                       f"{'、'.join(li.title or li.dotted for li in reader.lists)}），已忽略")
        if main_grid is None:
            raise InputError(f"{path}：找不到主表（第一个工作表应为每个单位一行的填报表）")
        rows, key_field, _ = reader.main(main_grid, path.name)
        by_unit = _by_unit(rows, key_field)
        for g, li in list_grids:
            prefix = f"{path.name} “{g.name}”表"
            if li is not None:
                list_where[li.dotted] = prefix
            reader.list_grid(g, prefix, li, key_field, by_unit, supplied)
    elif suffix in (".csv", ".tsv", ".txt"):
        rows, key_field, _ = reader.main(read_csv_grid(path), path.name)
        by_unit = _by_unit(rows, key_field)
        if lists_path is None:
            sib = path.with_name(path.stem + LISTS_SIBLING_SUFFIX + path.suffix)
            lists_path = sib if sib.is_file() else None
        if lists_path is not None:
            lp = Path(lists_path)
            if lp.suffix.lower() in (".xlsx", ".xlsm"):
                for g in read_xlsx_grids(lp):
                    li = reader.list_info(g.name)
                    prefix = f"{lp.name} “{g.name}”表"
                    if li is not None:
                        list_where[li.dotted] = prefix
                    reader.list_grid(g, prefix, li, key_field, by_unit, supplied)
            else:
                reader.list_grid(read_csv_grid(lp), lp.name, None, key_field, by_unit, supplied)
                for li in reader.lists:
                    list_where.setdefault(li.dotted, lp.name)
    else:
        raise InputError(f"{path}：不支持的表格格式，请使用 .xlsx、.csv 或放事实文件（.yaml）的文件夹")
    if lists_path is not None and suffix in (".xlsx", ".xlsm"):
        lp = Path(lists_path)
        grid_list = read_xlsx_grids(lp) if lp.suffix.lower() in (".xlsx", ".xlsm") else [read_csv_grid(lp)]
        for g in grid_list:
            li = reader.list_info(g.name) if g.name else None
            prefix = f"{lp.name} “{g.name}”表" if g.name else lp.name
            reader.list_grid(g, prefix, li, key_field, by_unit, supplied)
    _finish(reader, rows, supplied, list_where)
    unknown = reader.unknown_units_warning()
    if unknown:
        reader.warnings.append(unknown)
    return Table(path, rows, reader.warnings, sorted(supplied),
                 key_field.path if key_field is not None else ("unit", "name"))


def _by_unit(rows: list[TableRow], key_field: FieldInfo | None) -> dict[str, list[TableRow]]:
    out: dict[str, list[TableRow]] = {}
    if key_field is None:
        return out
    for tr in rows:
        if tr.skip:
            continue
        node: Any = tr.data
        for part in key_field.path:
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None and str(node).strip():
            out.setdefault(str(node).strip(), []).append(tr)
    return out


def read_folder(folder: Path) -> Table:
    """A folder of facts files: each *.yaml/*.yml (sorted by name) is one unit."""
    from .errors import FactsError
    from .facts import load_facts
    folder = Path(folder)
    # not is_file(): a FIFO or a link to a device named *.yaml is reported on its row (the
    # safe reader refuses it), not silently left out
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml") and not p.is_dir()
                   and not p.name.startswith("."))
    if not files:
        raise InputError(f"{folder}：文件夹中没有 .yaml 事实文件")
    if len(files) > MAX_YAML_FILES:
        raise InputError(f"{folder}：事实文件超过 {MAX_YAML_FILES} 个，已拒绝读取")
    rows = []
    for i, f in enumerate(files, start=1):
        try:
            facts = load_facts(f)
            rows.append(TableRow(i, str(f), {}, file_facts=facts))
        except FactsError as e:
            rows.append(TableRow(i, str(f), {}, errors=list(e.problems)))
        except InputError as e:
            rows.append(TableRow(i, str(f), {}, errors=[e.message]))
    return Table(folder, rows)


# ---------------------------------------------------------------------------------------------
# The input spreadsheet a county office sends out (`gwreport new GENRE --table`)


def base_sibling(table: Path) -> Path:
    return Path(table).with_name(Path(table).stem + BASE_SIBLING_SUFFIX)


def table_meta(path: Path) -> dict[str, str]:
    """What `new --table` recorded in a workbook: {'genre': id, 'base': file name beside it}
    (custom document properties, which Excel and WPS keep on saving; else the 说明 sheet's
    体裁标识 line). Empty for a CSV or a workbook made by hand."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not path.is_file():
        return {}
    out: dict[str, str] = {}
    try:
        from .safeio import package_bytes
        raw = package_bytes(path, "Excel 表格（.xlsx）", limit=MAX_TABLE_BYTES, max_total=MAX_UNZIPPED_BYTES)
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            names = set(z.namelist())
            if "docProps/custom.xml" in names:
                xml = z.read("docProps/custom.xml").decode("utf-8", "replace")
                for key, prop in (("genre", GENRE_PROP), ("base", BASE_PROP)):
                    m = re.search(r'name="' + re.escape(prop) + r'"[^>]*>\s*<[^>]*>([^<]{1,200})<', xml)
                    if m:
                        out[key] = m.group(1).strip()
    except (InputError, zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
        return {}
    if "genre" not in out:
        try:
            for g in read_xlsx_grids(path):
                if g.name.strip() != INFO_SHEET:
                    continue
                for _, vals in g.rows[:40]:
                    for v in vals:
                        m = _GENRE_LINE.search(str(v or ""))
                        if m:
                            out["genre"] = m.group(1)
                            return out
        except InputError:
            pass
    return out


def write_input_table(genre, out_path: Path, base_name: str | None = None) -> Path:
    """Write an .xlsx to fill in: headers from the schema, a description row, data validation,
    an example row from the genre's sample, one list sheet per list of records, a 说明 sheet.
    The genre (and base_name, the shared facts file written beside it) are recorded in the
    workbook, so `gwreport batch 表.xlsx -o 输出/` needs nothing else."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from .fsutil import atomic_path, check_output

    out_path = check_output(Path(out_path), suffix=".xlsx")
    fields = scalar_fields(genre.schema)
    index = HeaderIndex(fields)
    lists = record_lists(genre.schema)
    key = next((f for f in fields if f.path == ("unit", "name")), fields[0] if fields else None)
    if key is not None:
        fields = [key] + [f for f in fields if f is not key]
    sample = _sample_data(genre)

    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    note_font = Font(italic=True, color="666666", size=9)
    ex_font = Font(italic=True, color="808080")
    wrap = Alignment(wrap_text=True, vertical="top")
    data_rows = 500

    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title("填报表")

    def fill_sheet(sheet, cols: list[tuple[str, FieldInfo | None, str]], examples: list[list[Any]]):
        for c, (header, f, desc) in enumerate(cols, start=1):
            cell = sheet.cell(row=1, column=c, value=header)
            cell.font, cell.fill, cell.alignment = head_font, head_fill, wrap
            note = sheet.cell(row=2, column=c, value=("说明：" if c == 1 else "") + desc)
            note.font, note.alignment = note_font, wrap
            if f is not None:
                cell.comment = Comment(f"{f.dotted}\n{f.description}", "gwreport")
            width = max(10, min(40, int(max(len(header), 8) * 2.2)))
            sheet.column_dimensions[_col_name(c - 1)].width = width
            if f is not None and f.kind == "integer":
                minimum = f.node.get("minimum")
                dv = DataValidation(type="whole", operator="greaterThanOrEqual",
                                    formula1=str(minimum if minimum is not None else -10 ** 9),
                                    allow_blank=True, showErrorMessage=True, errorTitle="应为整数",
                                    error=f"“{header}”应为{'非负' if minimum == 0 else ''}整数")
                sheet.add_data_validation(dv)
                dv.add(f"{_col_name(c - 1)}3:{_col_name(c - 1)}{data_rows}")
            elif f is not None and f.kind == "number":
                dv = DataValidation(type="decimal", operator="between", formula1="-1000000000",
                                    formula2="1000000000", allow_blank=True, showErrorMessage=True,
                                    errorTitle="应为数字", error=f"“{header}”应为数字")
                sheet.add_data_validation(dv)
                dv.add(f"{_col_name(c - 1)}3:{_col_name(c - 1)}{data_rows}")
            elif f is not None and f.kind == "date":
                dv = DataValidation(type="date", operator="greaterThan", formula1="1",
                                    allow_blank=True, showErrorMessage=True, errorTitle="应为日期",
                                    error=f"“{header}”应为日期，如 2024-09-30")
                sheet.add_data_validation(dv)
                dv.add(f"{_col_name(c - 1)}3:{_col_name(c - 1)}{data_rows}")
            elif f is not None and f.node.get("enum"):
                opts = ",".join(map(str, f.node["enum"]))
                if len(opts) < 250:
                    dv = DataValidation(type="list", formula1=f'"{opts}"', allow_blank=True)
                    sheet.add_data_validation(dv)
                    dv.add(f"{_col_name(c - 1)}3:{_col_name(c - 1)}{data_rows}")
        for r, values in enumerate(examples, start=3):
            for c, v in enumerate(values, start=1):
                v = _cell_value(v)
                if v is None:
                    continue
                if c == 1:
                    v = f"示例：{v}"
                f = cols[c - 1][1]
                if f is not None and f.kind == "date" and isinstance(v, str):
                    try:
                        v = _dt.date.fromisoformat(v)
                    except ValueError:
                        pass
                cell = sheet.cell(row=r, column=c, value=v)
                cell.font, cell.alignment = ex_font, wrap
                if isinstance(v, _dt.date):
                    cell.number_format = "yyyy-mm-dd"
        for c, (_, f, _) in enumerate(cols, start=1):
            if f is not None and f.kind == "date":
                for r in range(3 + len(examples), 3 + len(examples) + 200):
                    sheet.cell(row=r, column=c).number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "B3"
        sheet.row_dimensions[2].height = 60

    cols = [(("*" if f.required else "") + index.unique_header(f), f, f.description) for f in fields]
    example = [_get(sample, f.path) for f in fields]
    fill_sheet(ws, cols, [example] if sample else [])

    key_header = index.unique_header(key) if key is not None else "单位名称"
    key_value = _get(sample, key.path) if key is not None else None
    used = {ws.title}
    for li in lists:
        title = _sheet_title(li.title or li.dotted)
        if title in used or not title:
            title = _sheet_title(li.dotted)
        used.add(title)
        sheet = wb.create_sheet(title)
        lidx = HeaderIndex(li.fields)
        lcols = [(key_header, None, "填写主表中的单位名称，一项一行")]
        lcols += [(("*" if f.required else "") + lidx.unique_header(f), f, f.description) for f in li.fields]
        examples = []
        for item in (_get(sample, li.path) or []) if sample else []:
            if isinstance(item, dict):
                examples.append([key_value] + [_get(item, f.path) for f in li.fields])
        fill_sheet(sheet, lcols, examples)

    info = wb.create_sheet(INFO_SHEET)
    info.column_dimensions["A"].width = 100
    base_txt = f"公共事实文件 {base_name}（与本表在同一文件夹）" if base_name else "公共事实文件（--base）"
    lines = [
        f"《{genre.name}》批量填报表（gwreport batch 使用）",
        f"体裁标识：{genre.id}（{genre.name}）" + (f"；公共事实文件：{base_name}" if base_name else ""),
        "",
        "1. 第一个工作表“填报表”每个单位填一行；从第3行的示例下方开始填写，示例行和说明行不会被读取（也可删去）。",
        "2. 表头可以是中文名称，也可以是字段路径（如 websites.total）；表头前的 * 表示必填。",
        f"3. 留空的单元格沿用{base_txt}中的值；各单位相同的内容（检查时段、依据文件、发文单位等）"
        "请在公共事实文件中改为本地实际情况（其中的示例值来自体裁样例）。",
        "4. 数字直接填写阿拉伯数字；日期写作 2024-09-30 或使用 Excel 日期格式。",
        "5. 可有多项的文字（如组织开展情况）写在一个单元格内，每项一行（单元格内换行：Alt+Enter）。",
        "6. 成组的清单（" + "、".join(li.title or li.dotted for li in lists) + "）各有一个工作表：第一列填单位名称，每项一行；"
        "某单位没有任何一行时视为该清单为空（如“存在问题”为空时正文写“经自查，未发现……”）。",
        (f"7. 生成：gwreport batch {out_path.name} -o 输出文件夹（体裁和公共事实文件已记录在本表中，不必再指定；"
         "也可用 --base 另指定公共事实文件）") if base_name else
        "7. 生成：gwreport batch 填报表.xlsx --base 公共事实.yaml -o 输出文件夹",
    ]
    from openpyxl.packaging.custom import StringProperty
    wb.custom_doc_props.append(StringProperty(name=GENRE_PROP, value=genre.id))
    if base_name:
        wb.custom_doc_props.append(StringProperty(name=BASE_PROP, value=base_name))
    for r, text in enumerate(lines, start=1):
        info.cell(row=r, column=1, value=text).alignment = Alignment(wrap_text=True)
    info.cell(row=1, column=1).font = Font(bold=True, size=14)

    from .sanitize import inert_workbook
    inert_workbook(wb)  # a title or sample value like "=HYPERLINK(…)" from a user genre stays text
    with atomic_path(out_path) as tmp:
        wb.save(tmp)
    return out_path


def _cell_value(v: Any) -> Any:
    """A fact value as one cell: lists one item per line, records by their text."""
    if isinstance(v, list):
        items = [_cell_value(x) for x in v]
        return "\n".join(str(x) for x in items if x not in (None, "")) or None
    if isinstance(v, dict):
        return v.get("detail") or v.get("name") or v.get("title") or None
    return v


def _sheet_title(s: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "_", s)[:31]


def _get(data: Any, path: tuple) -> Any:
    node = data
    for part in path:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _sample_data(genre) -> dict:
    if not genre.sample:
        return {}
    p = Path(genre.folder) / str(genre.sample)
    if not p.is_file():
        return {}
    try:
        from .facts import load_facts
        return load_facts(p).data
    except Exception:
        return {}


__all__ = ["read_table", "read_folder", "write_input_table", "row_facts", "deep_merge", "coerce",
           "scalar_fields", "record_lists", "HeaderIndex", "Table", "TableRow", "RowLocator"]
