"""Every rule as a workbook (`gwreport rules --format xlsx -o 规则.xlsx`).

Sheet 规则: one row per rule (编号, 类别, 级别, 启用, 可自动修正, 说明, 依据, 规则包). Sheet 词条: the
entries of every word-list rule in the columns an office's own list uses (错误写法, 正确写法, 说明,
来源, 级别, 规则编号, plus 语境条件 for reading), so an office's own rows can be copied out, edited
and loaded back with `rule_packs:`. Cells are inert; A4 landscape, fit to width.
"""
from __future__ import annotations

import io
from pathlib import Path

from .xlsx import _display_width, _print_setup, _put

SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _entry_rows(config):
    from ..proofread.configured import get_engine
    from ..proofread.sources import source_name
    from ..rules import resolve
    eng = get_engine(config)
    sel = resolve(config)
    for pack in eng.packs:
        for pr in pack.rules:
            r = pr.rule
            if r.kind not in ("substitution", "existence"):
                continue
            sev = getattr(config, "severity", {}).get(r.id, r.severity)
            for e, regex in [(e, False) for e in pr.entries] + [(e, True) for _, e in pr.regex_entries]:
                ctx = []
                if regex:
                    ctx.append("正则表达式")
                for name, rx in (("前文须为", e.before), ("后文须为", e.after),
                                 ("前文不能为", e.not_before), ("后文不能为", e.not_after),
                                 ("句中有此则不报", e.unless_sentence)):
                    if rx is not None:
                        ctx.append(f"{name} {rx.pattern}")
                if e.roles:
                    ctx.append("仅限：" + "、".join(sorted(e.roles)))
                note = e.note or ""
                if not note and e.message:
                    try:
                        note = e.message.format(match=e.match, replace="”或“".join(e.replace), source=e.source)
                    except (KeyError, IndexError, ValueError):
                        note = e.message
                try:
                    src = source_name(e.source or r.source or "")
                except Exception:
                    src = e.source or ""
                yield [e.match, "；".join(e.replace), note, src, SEV_ZH.get(sev, sev), r.id,
                       "；".join(ctx), "开" if sel.on(r.id) else "关"]


def build_workbook(config=None):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from ..config import Config
    from ..proofread import list_rules
    from ..proofread.sources import source_name
    from .errata import category_of

    cfg = config if config is not None else Config()
    items = list_rules(cfg)
    wb = Workbook()
    sheets = [
        ("规则", ["编号", "类别", "级别", "启用", "可自动修正", "说明", "依据", "规则包"],
         [[r.id, category_of(r.id, {r.id: r}), SEV_ZH.get(r.severity, r.severity), "开" if on else "关",
           "是" if r.safe_fix else "否", r.description, _safe_source(source_name, r.source), r.pack]
          for r, on in items], (10, 14, 6, 6, 10, 60, 50, 16)),
        ("词条", ["错误写法", "正确写法", "说明", "来源", "级别", "规则编号", "语境条件", "启用"],
         list(_entry_rows(cfg)), (16, 20, 40, 40, 6, 10, 40, 6)),
    ]
    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="D9E1F2")
    for k, (title, heads, rows, caps) in enumerate(sheets):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = title
        for j, h in enumerate(heads, 1):
            c = _put(ws, 1, j, h)
            c.font, c.fill = head_font, head_fill
        widths = [_display_width(h) for h in heads]
        wrap = Alignment(vertical="top", wrap_text=True)
        for i, row in enumerate(rows, 2):
            for j, v in enumerate(row, 1):
                c = _put(ws, i, j, v)
                if caps[j - 1] >= 40:
                    c.alignment = wrap
                widths[j - 1] = max(widths[j - 1], _display_width(str(v or "")))
        for j, cap in enumerate(caps, 1):
            ws.column_dimensions[get_column_letter(j)].width = min(widths[j - 1] + 2, cap) if cap >= 40 \
                else max(widths[j - 1] + 2, 6)
        last = get_column_letter(len(heads))
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
        _print_setup(ws, last, len(rows) + 1)
    from ..sanitize import inert_workbook
    inert_workbook(wb)
    return wb


def _safe_source(fn, key):
    try:
        return fn(key or "")
    except Exception:
        return key or ""


def render(config=None) -> bytes:
    buf = io.BytesIO()
    build_workbook(config).save(buf)
    return buf.getvalue()


def write(output: str | Path, config=None, *, inputs=()) -> int:
    from ..safeio import atomic_write_bytes, guard_output
    target = guard_output(output, "xlsx", inputs, label="规则表")
    wb = build_workbook(config)
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write_bytes(target, buf.getvalue())
    return wb["规则"].max_row - 1
