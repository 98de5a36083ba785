"""`gwreport genres`, `gwreport new`, `gwreport schema`: list genres, scaffold facts files, export schemas."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, List, Optional

import typer

from .errors import GwError

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_MARKER = "x-gwreport-genre"


def register(app: typer.Typer) -> None:
    app.command("genres", help="列出可用的报告体裁（内置体裁和用户体裁）。")(genres)
    app.command("new", help="按体裁生成待填写的事实文件（含各字段中文说明和示例值），或用 --table 生成填报表。")(new)
    app.command("schema", help="输出体裁的 JSON Schema，供编辑器自动补全和校验事实文件。")(schema)


_TEMPLATES_HELP = "用户体裁目录，可重复；同名体裁覆盖内置体裁。"
_CONFIG_HELP = "配置文件路径；默认向上查找 .gwreport.yaml。"


def _registry(templates: List[Path], config: Optional[Path]):
    from .config import load_config
    from .genre import GenreRegistry
    cfg = load_config(Path.cwd(), config)
    return GenreRegistry(list(templates) + list(cfg.templates))


# --------------------------------------------------------------------------- genres

def genres(
    fmt: str = typer.Option("table", "--format", help="输出格式：table（表格）或 json。"),
    templates: List[Path] = typer.Option([], "--templates", help=_TEMPLATES_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=_CONFIG_HELP),
) -> None:
    from .cli import fail
    try:
        if fmt not in ("table", "json"):
            raise GwError(f"--format 的值 {fmt} 无效，应为 table 或 json", exit_code=2)
        reg = _registry(templates, config)
        rows, broken = [], []
        builtin_root = reg.dirs[-1].resolve()
        for gid, folder in reg.folders().items():
            try:
                g = reg.get(gid)
            except GwError as e:
                broken.append(e.message)
                continue
            rows.append({"id": g.id, "name": g.name, "description": _oneline(g.description),
                         "builtin": folder.resolve().parent == builtin_root, "folder": str(folder),
                         "sample": str(folder / g.sample) if g.sample else None})
        if fmt == "json":
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            _print_table(rows)
        for msg in broken:
            typer.echo(f"错误：{msg}", err=True)
        if broken:
            raise typer.Exit(1)
    except GwError as e:
        fail(e)


def _oneline(text: str) -> str:
    """Folded YAML text on one line: no space between two Chinese characters or punctuation."""
    s = " ".join(str(text or "").split())
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", s)


def _width(s: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, w: int) -> str:
    return s + " " * max(0, w - _width(s))


def _print_table(rows: list[dict]) -> None:
    head = ["标识", "名称", "来源", "说明"]
    body = []
    for r in rows:
        desc = r["description"]
        short = desc.split("：")[0].split("。")[0]
        if len(short) > 40:
            short = short[:39] + "…"
        body.append([r["id"], r["name"], "内置" if r["builtin"] else "用户", short])
    widths = [max(_width(x[i]) for x in [head] + body) for i in range(3)]
    for line in [head] + body:
        typer.echo("  ".join(_pad(c, widths[i]) for i, c in enumerate(line[:3])) + "  " + line[3])
    typer.echo(f"共 {len(rows)} 种体裁。用 gwreport new 体裁 -o 事实文件.yaml 生成待填写的事实文件。")


# --------------------------------------------------------------------------- schema

def export_schema(genre) -> dict:
    """The genre's facts schema as a standalone JSON Schema document for editors."""
    import copy
    s = copy.deepcopy(genre.schema)
    props = s.setdefault("properties", {})
    g = dict(props.get("genre") or {})
    g["enum"] = sorted({genre.id, genre.name})
    g.setdefault("title", "体裁")
    g.setdefault("description", "本事实文件所用体裁的标识")
    props["genre"] = g
    out = {"$schema": SCHEMA_DIALECT, "title": f"{genre.name}事实文件",
           "description": _oneline(genre.description), SCHEMA_MARKER: genre.id}
    out.update({k: v for k, v in s.items() if k not in out})
    return out


def schema(
    genre: str = typer.Argument(..., metavar="体裁", help="体裁标识或中文名称。", show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="写入文件（.json）；默认输出到屏幕。"),
    templates: List[Path] = typer.Option([], "--templates", help=_TEMPLATES_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=_CONFIG_HELP),
) -> None:
    from .cli import fail
    try:
        g = _registry(templates, config).get(genre)
        text = json.dumps(export_schema(g), ensure_ascii=False, indent=2) + "\n"
        if output is None:
            typer.echo(text, nl=False)
            return
        from .fsutil import check_output
        check_output(output, suffix=".json")
        _write_text(output, text)
        typer.echo(f"已生成：{output}")
    except GwError as e:
        fail(e)


def _write_text(path: Path, text: str) -> None:
    from .fsutil import atomic_path
    try:
        with atomic_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
    except OSError as e:
        from .fsutil import os_error_cn
        raise GwError(f"无法写入 {path}：{os_error_cn(e)}") from None


# --------------------------------------------------------------------------- new

def new(
    genre: str = typer.Argument(..., metavar="体裁", help="体裁标识或中文名称（gwreport genres 可查看）。", show_default=False),
    output: Path = typer.Option(..., "-o", "--output", help="输出文件：事实文件 .yaml；加 --table 时为填报表 .xlsx。",
                                show_default=False),
    table: bool = typer.Option(False, "--table", help="生成供各单位填写的 Excel 填报表（用于 gwreport batch）。"),
    templates: List[Path] = typer.Option([], "--templates", help=_TEMPLATES_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help=_CONFIG_HELP),
) -> None:
    from .cli import fail
    try:
        g = _registry(templates, config).get(genre)
        if output.exists() or output.is_symlink():
            raise GwError(f"文件 {output} 已存在，为避免覆盖，已停止。请换一个文件名或先删除原文件。")
        if table:
            try:
                from .tables import write_input_table
            except ImportError:
                raise GwError("生成填报表需要批量填报模块（gwreport.tables），当前安装中没有该模块。"
                              "可先用不带 --table 的 gwreport new 生成 YAML 事实文件。") from None
            base_file = output.with_name(output.stem + "-公共事实.yaml")  # tables.BASE_SIBLING_SUFFIX
            if output.suffix.lower() != ".xlsx":
                raise GwError(f"填报表 {output} 的扩展名应为 .xlsx")
            if base_file.exists():
                raise GwError(f"公共事实文件 {base_file} 已存在，为避免覆盖，已停止。请换一个填报表文件名或先移走该文件。")
            try:
                write_input_table(g, output, base_name=base_file.name)
            except GwError:
                raise
            except OSError as e:
                from .safeio import os_error_cn
                raise GwError(f"无法写入填报表 {output}：{os_error_cn(e)}") from None
            except (ValueError, TypeError, KeyError):  # never a traceback (nor English) for a clerk
                raise GwError(f"无法为体裁“{g.name}”生成填报表 {output}：体裁定义中有无法写入表格的内容"
                              "（请检查字段标题和示例值）") from None
            try:  # the shared facts beside the workbook: every field, with the genre's sample values
                _write_text(base_file, skeleton(g).replace(
                    "然后运行 gwreport build 本文件。",
                    f"供填报表 {output.name} 批量生成使用：各单位相同的内容写在这里，表中每行的值覆盖这里的值。", 1))
            except GwError:
                output.unlink(missing_ok=True)  # not half a pair
                raise
            typer.echo(f"已生成填报表：{output}，以及公共事实文件：{base_file}（各单位相同的内容，请按本地情况修改）")
            shown = f'"{output}"' if any(c.isspace() for c in str(output)) else str(output)
            typer.echo(f"填好后运行：gwreport batch {shown} -o 输出文件夹")
            return
        if output.suffix.lower() not in (".yaml", ".yml"):
            raise GwError(f"输出文件 {output} 的扩展名应为 .yaml 或 .yml")
        from .safeio import guard_output
        guard_output(output, "yaml")
        schema_file = output.parent / f"{g.id}.schema.json"
        schema_text = json.dumps(export_schema(g), ensure_ascii=False, indent=2) + "\n"
        if (schema_file.exists() or schema_file.is_symlink()) and not _is_our_schema(schema_file):
            raise GwError(f"{schema_file} 已存在且不是 gwreport 导出的体裁 Schema，为避免覆盖，已停止")
        guard_output(schema_file, "json", label="Schema 文件")
        text = skeleton(g, schema_ref=f"./{schema_file.name}")
        _write_text(schema_file, schema_text)
        _write_text(output, text)
        typer.echo(f"已生成：{output}（编辑器校验用 Schema：{schema_file}）")
        shown = f'"{output}"' if any(c.isspace() for c in str(output)) else str(output)
        typer.echo(f"按注释填写后运行：gwreport build {shown}")
    except GwError as e:
        fail(e)


def _is_our_schema(path: Path) -> bool:
    from .safeio import read_input_text
    try:  # the safe reader: a FIFO or device named *.schema.json is refused, never read
        data = json.loads(read_input_text(path, 5_000_000, "Schema 文件", encodings=("utf-8-sig",)))
        return isinstance(data, dict) and SCHEMA_MARKER in data
    except (GwError, ValueError):
        return False


def _sample_data(genre) -> dict:
    if not genre.sample:
        return {}
    p = genre.folder / genre.sample
    try:
        from .facts import load_facts
        data = load_facts(p).data
    except Exception:  # a broken sample must not stop scaffolding
        return {}
    return data if isinstance(data, dict) else {}


def skeleton(genre, schema_ref: str | None = None, data: dict | None = None) -> str:
    """A facts file to fill in: every field with its Chinese title and description as comments.

    Values come from the genre's sample where it has them (or from data: the workbench saves
    its form this way); optional fields without a value are written commented out, so the file
    as generated builds exactly like the sample.
    """
    lines: list[str] = []
    if schema_ref:
        lines.append(f"# yaml-language-server: $schema={schema_ref}")
    lines.append(f"# {genre.name}事实文件（gwreport new 生成）。")
    lines.append("# 每个字段上方的注释是它的中文名称和填写说明；“可选”字段可删除或保留注释状态。")
    lines.append("# 下列取值是示例，请逐项改为本单位的实际情况，然后运行 gwreport build 本文件。")
    lines.append("")
    data = dict(_sample_data(genre) if data is None else data)
    data["genre"] = genre.id
    schema = genre.schema
    order = ["genre"] + [k for k in schema.get("properties", {}) if k != "genre"]
    _emit_mapping(schema, data, 0, lines, order=order, top=True)
    return "\n".join(lines).rstrip() + "\n"


def _field_comment(name: str, node: dict, required: bool) -> str:
    title = node.get("title") or name
    desc = _oneline(node.get("description"))
    flag = "必填" if required else "可选"
    desc = desc.removeprefix("可选；").removeprefix("可选，")
    return f"# {title}（{flag}）" + (f"：{desc}" if desc else "")


def _scalar(v: Any) -> str:
    import yaml
    if v is None or v == "":
        return '""'
    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return v  # loads back as a date, which the facts loader turns into this same text
    s = yaml.safe_dump(v, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    if s.endswith("\n..."):
        s = s[:-4].strip()
    return s.removesuffix("...").strip()


def _is_record(node: dict) -> bool:
    return isinstance(node, dict) and node.get("type") == "object"


def _placeholder(node: dict) -> Any:
    if "default" in node:
        return node["default"]
    t = node.get("type")
    if t == "integer" or t == "number":
        if "exclusiveMinimum" in node:
            return node["exclusiveMinimum"] + 1
        return node.get("minimum", 0)
    if t == "boolean":
        return False
    if t == "array":
        return []
    if node.get("format") == "date":
        import datetime
        return datetime.date.today().isoformat()
    if "enum" in node:
        return node["enum"][0]
    return ""


def _emit_mapping(schema: dict, data: dict, indent: int, lines: list[str], *, order=None,
                  top: bool = False, commented: bool = False, comments: bool = True,
                  dash_indent: int | None = None) -> None:
    """Write a mapping's keys; with dash_indent the first key line becomes a list item "- key"."""
    pad = " " * indent
    props = schema.get("properties") or {}
    required = set(schema.get("required") or [])
    keys = list(order or props)
    if dash_indent is not None and not commented and isinstance(data, dict):
        # the "- " must sit on a key that is really there, not on a commented-out one
        first = next((k for k in keys if k in data), None)
        if first is not None:
            keys.remove(first)
            keys.insert(0, first)
    for key in keys:
        node = props.get(key, {})
        present = isinstance(data, dict) and key in data
        c = commented or not present
        if dash_indent is not None:
            pre = " " * dash_indent + ("# " if c else "") + "- "
            dash_indent = None
        else:
            pre = pad + ("# " if c else "")
        if comments:
            if top and lines and lines[-1] != "":
                lines.append("")
            lines.append(pad + _field_comment(key, node, key in required))
        value = data.get(key) if present else None
        if _is_record(node):
            lines.append(f"{pre}{key}:")
            _emit_mapping(node, value if isinstance(value, dict) else {}, indent + 2, lines,
                          commented=c, comments=comments)
        elif node.get("type") == "array":
            _emit_array(f"{pre}{key}:", node, value, indent, lines, commented=c, comments=comments)
        else:
            v = value if present else _placeholder(node)
            lines.append(f"{pre}{key}: {_scalar(v)}")


def _emit_array(head: str, node: dict, value: Any, indent: int, lines: list[str], *,
                commented: bool, comments: bool) -> None:
    pad = " " * indent
    item = node.get("items") if isinstance(node.get("items"), dict) else {}
    note = None
    if _is_record(item) and comments:
        desc = _oneline(item.get("description"))
        note = (f"{pad}  # {item.get('title') or '一项'}（每项一个{'，示例如下' if not value else ''}）"
                + (f"：{desc}" if desc else ""))
    if not value:
        lines.append(f"{head} []")
        if note:
            lines.append(note)
        if comments:  # show what one item looks like, commented out
            if not _is_record(item):
                lines.append(f"{pad}# 每项示例：")
            _emit_item(item, None, indent + 2, lines, commented=True, comments=True)
        return
    lines.append(head)
    if note:
        lines.append(note)
    for i, v in enumerate(value):
        _emit_item(item, v, indent + 2, lines, commented=commented, comments=comments and i == 0)


def _emit_item(item: dict, value: Any, indent: int, lines: list[str], *, commented: bool, comments: bool) -> None:
    """One list item at indent ("- " at indent, its keys at indent + 2)."""
    pad = " " * indent
    if _is_record(item):
        _emit_mapping(item, value if isinstance(value, dict) else {}, indent + 2, lines,
                      commented=commented, comments=comments, dash_indent=indent)
        return
    if comments:
        title = item.get("title")
        desc = _oneline(item.get("description"))
        if title or desc:
            lines.append(pad + f"# {title or '一项'}" + (f"：{desc}" if desc else ""))
    v = value if value is not None else (_placeholder(item) or "")
    lines.append(f"{pad}{'# ' if commented else ''}- {_scalar(v)}")
