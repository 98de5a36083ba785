"""An office's own word list as a rule pack: .xlsx (every sheet with the columns below) or .csv.

    | 错误写法 | 正确写法        | 说明             | 来源           | 级别 | 规则编号（可选） |
    | 县府办   | 县政府办公室    | 本单位规范简称   | 本单位公文规范 | 警告 |                  |
    | 内部资料 |                 | 对外发布前删除   |                |      |                  |

A row with a 正确写法 is a substitution (several separated by ；), a row without one flags the
text (existence). 级别: 错误/警告/提示 (or error/warning/info; blank = 警告). Rows become rules
grouped by kind and 级别; their ids are USR<k>01–03 (substitutions: error, warning, info) and
USR<k>04–06 (flagged words) for the k-th pack named in the configuration, unless 规则编号 gives
one. Validated like the YAML packs; each message names the file, sheet, row and column.
Configured with `rule_packs: [规则/本单位词表.xlsx]` in .gwreport.yaml (paths relative to it).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import GwError, InputError
from .pack_types import Entry, Pack, PackRule
from .registry import Rule

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv")
COLUMNS = {  # canonical name -> accepted headers
    "错误写法": ("错误写法", "错误", "误写", "不规范写法", "错误用法"),
    "正确写法": ("正确写法", "正确", "规范写法", "建议", "修改为", "应为"),
    "说明": ("说明", "备注", "理由"),
    "来源": ("来源", "依据", "出处"),
    "级别": ("级别", "严重程度", "等级"),
    "规则编号": ("规则编号", "编号", "规则"),
}
LEVELS = {"错误": "error", "严重": "error", "error": "error", "警告": "warning", "一般": "warning",
          "warning": "warning", "提示": "info", "info": "info", "建议": "info"}
SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,15}\d$")
MAX_ENTRIES = 50_000


def _header_map(vals: list[Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for j, v in enumerate(vals):
        if not isinstance(v, str):
            continue
        h = re.sub(r"[\s（(].*$", "", v.strip())  # "规则编号（可选）" → 规则编号
        for key, names in COLUMNS.items():
            if h in names and key not in out:
                out[key] = j
    return out


def _col_letter(j: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(j + 1)


def load_table_pack(path: Path, index: int = 1) -> Pack:
    from ..tables import read_csv_grid, read_xlsx_grids

    path = Path(path)
    suffix = path.suffix.lower()
    try:
        grids = read_xlsx_grids(path) if suffix in (".xlsx", ".xlsm") else [read_csv_grid(path)]
    except InputError as e:
        raise GwError(f"规则表 {e.message}" if not e.message.startswith("规则表") else e.message) from None
    name = path.stem
    groups: dict[str, dict] = {}
    seen: dict[str, str] = {}
    used_sheets = 0
    n_entries = 0
    for g in grids:
        if not g.rows:
            continue
        sheet = f" 工作表“{g.name}”" if g.name else ""
        hdr_row, hdr = None, {}
        for r, vals in g.rows[:10]:  # a title line or two may come before the header
            hdr = _header_map(vals)
            if "错误写法" in hdr:
                hdr_row = r
                break
        if hdr_row is None:
            if len(grids) > 1:
                continue  # an explanation sheet of the workbook
            raise GwError(f"规则表 {path}{sheet}：找不到“错误写法”列；第一行应为列名：错误写法、正确写法、说明、来源、级别")
        used_sheets += 1
        for r, vals in g.rows:
            if r <= hdr_row:
                continue

            def cell(key: str) -> str:
                j = hdr.get(key)
                if j is None or j >= len(vals) or vals[j] is None:
                    if j is not None and (r, j) in g.formula_missing:
                        raise GwError(f"{where(key)}是公式且没有计算结果，请在 Excel/WPS 中打开并保存后重试，或改为文字")
                    return ""
                v = vals[j]
                if isinstance(v, float) and v.is_integer():
                    v = int(v)
                return str(v).strip()

            def where(key: str) -> str:
                j = hdr.get(key, 0)
                return f"规则表 {path}{sheet or ' '}第 {r} 行“{key}”列（{_col_letter(j)}{r}）"

            wrong = cell("错误写法")
            if not wrong:
                if any(cell(k) for k in ("正确写法", "说明")):
                    raise GwError(f"{where('错误写法')}为空：每一行都要写出错误写法")
                continue
            if len(wrong) > 100 or "\n" in wrong:
                raise GwError(f"{where('错误写法')}过长或含换行：每格只写一个词语")
            right = [x.strip() for x in re.split(r"[；;]", cell("正确写法")) if x.strip()]
            if wrong in right:
                raise GwError(f"{where('正确写法')}与错误写法相同（“{wrong}”）")
            lvl_raw = cell("级别")
            sev = LEVELS.get(lvl_raw.lower() if lvl_raw.isascii() else lvl_raw, None) if lvl_raw else "warning"
            if sev is None:
                raise GwError(f"{where('级别')}的值“{lvl_raw}”无效，应为 错误、警告 或 提示")
            kind = "substitution" if right else "existence"
            rid = cell("规则编号").upper()
            if rid:
                if not _ID.match(rid):
                    raise GwError(f"{where('规则编号')}的值“{rid}”不是有效的规则编号（字母开头、数字结尾，如 USR101）")
                if rid.startswith("GW"):
                    raise GwError(f"{where('规则编号')}的值“{rid}”与内置规则的前缀 GW 冲突，请用本单位自己的前缀（如 USR101）")
            else:
                rid = f"USR{index}{(1 if kind == 'substitution' else 4) + ('error', 'warning', 'info').index(sev):02d}"
            here = f"{sheet.strip()}第 {r} 行"
            if wrong in seen:
                raise GwError(f"{where('错误写法')}的“{wrong}”与{seen[wrong]}重复")
            seen[wrong] = here
            grp = groups.get(rid)
            if grp is None:
                grp = groups[rid] = {"kind": kind, "severity": sev, "rows": [], "first": here}
            elif (grp["kind"], grp["severity"]) != (kind, sev):
                raise GwError(f"{where('规则编号')}：规则 {rid} 在{grp['first']}是{SEV_ZH[grp['severity']]}级"
                              f"{'替换' if grp['kind'] == 'substitution' else '提示'}规则，本行与它不一致"
                              "（同一编号的各行级别相同，且都有或都没有正确写法）")
            note, src = cell("说明"), cell("来源")
            grp["rows"].append((wrong, right, note, src))
            n_entries += 1
            if n_entries > MAX_ENTRIES:
                raise GwError(f"规则表 {path}：条目超过 {MAX_ENTRIES} 条，已拒绝读取")
    if not used_sheets:
        raise GwError(f"规则表 {path}：没有一个工作表含“错误写法”列；第一行应为列名：错误写法、正确写法、说明、来源、级别")
    rules = [_rule(rid, grp, name, path) for rid, grp in sorted(groups.items())]
    return Pack(name, path, f"本单位词表（{path.name}）", True, rules)


def _brace(s: str) -> str:
    return s.replace("{", "{{").replace("}", "}}")  # messages are str.format templates


def _rule(rid: str, grp: dict, pack: str, path: Path) -> PackRule:
    sub = grp["kind"] == "substitution"
    desc = f"本单位词表 {path.name}：{'应替换的写法' if sub else '需核对的写法'}（{len(grp['rows'])} 条）"
    rule = Rule(rid, grp["severity"], desc, f"本单位词表 {path.name}", False, True, pack, grp["kind"])
    base_msg = "本单位词表：“{match}”应为“{replace}”" if sub else "本单位词表：请核对“{match}”"
    pr = PackRule(rule, base_msg)
    for wrong, right, note, src in grp["rows"]:
        msg = base_msg + (f"（{_brace(note)}）" if note else "")
        pr.entries.append(Entry(match=wrong, replace=right, message=msg,
                                source=src or rule.source, note=note or None))
    return pr


def is_table_pack(path: str | Path) -> bool:
    return Path(path).suffix.lower() in TABLE_SUFFIXES

