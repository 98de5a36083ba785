"""Genres are data: a folder with genre.yaml (schema, checks, derived figures) and a body template.

Built-in genres live in templates/; user folders given by --templates or `templates:` in
.gwreport.yaml are searched first, so a user genre overrides a built-in of the same id.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .errors import GwError, FactsError
from .facts import Facts, format_path, parse_facts_text
from .resources import templates_dir

MAX_GENRE_BYTES = 500_000


@dataclass
class Check:
    expr: str
    path: tuple
    message: str
    when: str | None = None
    line: int | None = None


@dataclass
class Derived:
    name: str
    expr: str
    title: str = ""
    description: str = ""
    line: int | None = None


@dataclass
class Genre:
    id: str
    name: str
    description: str
    folder: Path
    schema: dict
    body: str  # template file name inside folder
    checks: list[Check] = field(default_factory=list)
    derived: list[Derived] = field(default_factory=list)
    document_defaults: dict[str, str] = field(default_factory=dict)
    sample: str | None = None
    source: Facts | None = None  # genre.yaml with its line map, for messages

    @property
    def genre_file(self) -> Path:
        return self.folder / "genre.yaml"

    def field_title(self, path: tuple) -> str:
        """Chinese title of a field, walking the schema along path."""
        node = self.schema
        for part in path:
            if isinstance(part, int):
                node = node.get("items", {})
            else:
                node = node.get("properties", {}).get(part, {})
        return node.get("title", "") if isinstance(node, dict) else ""

    def known_term_paths(self) -> list[tuple]:
        """Paths (lists as '*') whose values are names: x-term: true in the schema."""
        out: list[tuple] = []

        def walk(node: dict, path: tuple) -> None:
            if not isinstance(node, dict):
                return
            if node.get("x-term"):
                out.append(path)
            for k, sub in node.get("properties", {}).items():
                walk(sub, path + (k,))
            if "items" in node:
                walk(node["items"], path + ("*",))

        walk(self.schema, ())
        return out


def _common_document_schema() -> dict:
    return _load_yaml_cached(templates_dir() / "_common" / "document.yaml")["schema"]


@lru_cache(maxsize=None)
def _parse_cached(path: Path, mtime_ns: int) -> Facts:
    from .safeio import read_input_text
    return parse_facts_text(read_input_text(path, 1_000_000, "体裁定义文件"), str(path))


def _load_yaml_cached(path: Path) -> dict:
    return _parse_cached(path, path.stat().st_mtime_ns).data


def _genre_error(src: Facts, path: tuple, msg: str) -> GwError:
    return GwError(f"体裁定义有误：{src.where(path)} {format_path(path)}：{msg}")


def load_genre(folder: Path, builtin: bool = False) -> Genre:
    gfile = Path(folder) / "genre.yaml"
    if not gfile.is_file():
        raise GwError(f"体裁目录 {folder} 中没有 genre.yaml")
    if gfile.stat().st_size > MAX_GENRE_BYTES:
        raise GwError(f"体裁定义 {gfile} 过大")
    try:
        src = _parse_cached(gfile, gfile.stat().st_mtime_ns)
    except FactsError as e:
        raise GwError("体裁定义有误：" + e.message) from None
    except UnicodeDecodeError:
        raise GwError(f"体裁定义 {gfile} 不是 UTF-8 编码") from None
    d = src.data
    for key in ("id", "name", "schema", "body"):
        if key not in d:
            raise _genre_error(src, (), f"缺少必填项 {key}")
    schema = d["schema"]
    if not isinstance(schema, dict) or schema.get("type") != "object":
        raise _genre_error(src, ("schema",), "schema 应为 type: object 的 JSON Schema")
    for key, kind, words in (("properties", dict, "映射（字段名: 定义）"), ("required", list, "字段名列表")):
        if not isinstance(schema.get(key, kind()), kind):
            raise _genre_error(src, ("schema", key), f"schema 不是合法的 JSON Schema：{key} 应为{words}")
    schema = copy.deepcopy(schema)
    props = schema.setdefault("properties", {})
    props.setdefault("genre", {"type": "string", "title": "体裁",
                               "description": "本事实文件所用体裁的标识"})
    if "document" not in props:
        props["document"] = _common_document_schema()
    if "document" not in schema.setdefault("required", []):
        schema["required"].append("document")
    if not builtin:  # built-in schemas are checked by the test suite; skip the ~40 ms at start-up
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import SchemaError
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as e:
            path = ("schema",) + tuple(e.path)
            from .schema_zh import schema_error_zh
            raise _genre_error(src, path, f"schema 不是合法的 JSON Schema：{schema_error_zh(e)}") from None
        _check_refs(src, schema)


    for key, kind, words in (("checks", list, "列表"), ("derived", list, "列表"), ("document_defaults", dict, "映射")):
        if d.get(key) is not None and not isinstance(d.get(key), kind):
            raise _genre_error(src, (key,), f"{key} 应为{words}")
    checks = []
    for i, c in enumerate(d.get("checks") or []):
        p = ("checks", i)
        if not isinstance(c, dict) or "assert" not in c or "message" not in c:
            raise _genre_error(src, p, "每条 checks 需要 assert 和 message")
        checks.append(Check(str(c["assert"]), tuple(str(c.get("path", "")).split(".")) if c.get("path") else (),
                            str(c["message"]), c.get("when"), src.lines.get(p)))
    derived = []
    for i, x in enumerate(d.get("derived") or []):
        p = ("derived", i)
        if not isinstance(x, dict) or "name" not in x or "expr" not in x:
            raise _genre_error(src, p, "每条 derived 需要 name 和 expr")
        if x["name"] in props:
            raise _genre_error(src, p + ("name",), f"派生数字名 {x['name']} 与事实字段重名")
        derived.append(Derived(str(x["name"]), str(x["expr"]), str(x.get("title", "")),
                               str(x.get("description", "")), src.lines.get(p)))
    body = str(d["body"])
    _check_body(src, Path(folder), body)
    genre = Genre(id=str(d["id"]), name=str(d["name"]), description=str(d.get("description", "")),
                  folder=Path(folder), schema=schema, body=body, checks=checks, derived=derived,
                  document_defaults={k: str(v) for k, v in (d.get("document_defaults") or {}).items()},
                  sample=d.get("sample"), source=src)
    # Compile expressions now so a broken user genre fails with its line, not mid-build.
    from .render import compile_checks
    compile_checks(genre)
    return genre


def _check_refs(src: Facts, schema: Any, path: tuple = ("schema",)) -> None:
    """A user genre's schema may refer only to its own definitions ($ref: "#/..."): never
    to a URL or a file (no network, no reading outside the genre)."""
    if isinstance(schema, dict):
        for k, v in schema.items():
            if k in ("$ref", "$dynamicRef") and not (isinstance(v, str) and v.startswith("#")):
                raise _genre_error(src, path + (k,), f"{k} 只能引用本 schema 内的定义（以 # 开头），不能是 {str(v)[:60]}")
            _check_refs(src, v, path + (k,))
    elif isinstance(schema, list):
        for i, v in enumerate(schema):
            _check_refs(src, v, path + (i,))


def _check_body(src: Facts, folder: Path, body: str) -> None:
    """The body template is a regular file inside the genre folder (no absolute path, no
    ../, no symlink leading out): a genre is data and may not read other files."""
    import os
    import stat as _stat
    pure = body.replace("\\", "/")
    if not pure.strip() or pure.startswith("/") or Path(body).is_absolute() or ".." in pure.split("/") \
            or ":" in pure:
        raise _genre_error(src, ("body",), f"正文模板 {body} 应为体裁文件夹内的文件名（不能用绝对路径或 ..）")
    path = folder / pure
    try:
        real = path.resolve(strict=True)
        root = folder.resolve()
        st = os.stat(real)
    except (OSError, RuntimeError):
        raise _genre_error(src, ("body",), f"找不到正文模板文件 {body}") from None
    if root not in real.parents:
        raise _genre_error(src, ("body",), f"正文模板 {body} 指向体裁文件夹以外的位置，已拒绝")
    if not _stat.S_ISREG(st.st_mode):
        raise _genre_error(src, ("body",), f"正文模板 {body} 不是普通文件")
    from .render import MAX_TEMPLATE_BYTES
    if st.st_size > MAX_TEMPLATE_BYTES:
        raise _genre_error(src, ("body",), f"正文模板 {body} 过大（上限 {MAX_TEMPLATE_BYTES // 1000} KB）")


def _not_a_genre_dir(base: Path) -> str:
    """--templates (genre folders) and --template (a reference .docx) differ by one letter:
    say which one a Word file or a missing path was probably meant for."""
    word = base.suffix.lower() in (".docx", ".dotx", ".docm", ".dotm", ".doc", ".wps")
    hint = (f"。{base} 是 Word 文件名：要沿用它的样式（红头、字体等），请用 --template {base}"
            "（单数 template，参考 .docx）；--templates（复数）用于加载自定义体裁目录") if word else ""
    if base.exists():
        return (f"体裁目录 {base} 不是文件夹（--templates 和配置中的 templates: 应为含 genre.yaml 的体裁目录）"
                + hint)
    return f"体裁目录不存在：{base}" + hint


class GenreRegistry:
    def __init__(self, extra_dirs: Iterable[Path] = ()):
        self.dirs = [Path(p) for p in extra_dirs] + [templates_dir()]
        self._folders: dict[str, Path] | None = None
        self._loaded: dict[str, Genre] = {}

    def folders(self) -> dict[str, Path]:
        """id → folder, user dirs first. Reads only the id line cheaply via full YAML parse."""
        if self._folders is None:
            found: dict[str, Path] = {}
            for base in self.dirs:
                if not base.is_dir():
                    raise GwError(_not_a_genre_dir(base))
                for sub in sorted(base.iterdir()):
                    if sub.name.startswith(("_", ".")) or not (sub / "genre.yaml").is_file():
                        continue
                    gid = _load_yaml_cached(sub / "genre.yaml").get("id", sub.name) \
                        if _quick_ok(sub / "genre.yaml") else sub.name
                    found.setdefault(str(gid), sub)
            self._folders = found
        return self._folders

    def get(self, name: str) -> Genre:
        folders = self.folders()
        gid = name if name in folders else None
        if gid is None:
            for fid, folder in folders.items():
                if _quick_ok(folder / "genre.yaml") and \
                        _load_yaml_cached(folder / "genre.yaml").get("name") == name:
                    gid = fid
                    break
        if gid is None:
            close = self._suggest(name, folders)
            if len(close) == 1:
                hint = f"，是否为 {close[0]}？"
            elif close:
                hint = f"，是否为以下之一：{'、'.join(close)}？"
            else:
                hint = ""
            raise GwError(f"未知体裁 {name}{hint}（可用 gwreport genres 查看全部体裁）")
        if gid not in self._loaded:
            self._loaded[gid] = load_genre(folders[gid], builtin=folders[gid].parent == templates_dir())
        return self._loaded[gid]

    @staticmethod
    def _suggest(name: str, folders: dict[str, Path]) -> list[str]:
        """Close genres by id or by Chinese name ("整改报告" → rectification-report（整改情况报告）)."""
        import difflib
        names: dict[str, str] = {}
        for fid, folder in folders.items():
            if _quick_ok(folder / "genre.yaml"):
                names[fid] = str(_load_yaml_cached(folder / "genre.yaml").get("name") or "")
        chinese = not name.isascii()  # typed in Chinese: show the Chinese name beside the id
        label = {fid: f"{fid}（{n}）" if n and chinese else fid for fid, n in names.items()}
        key = name.strip().lower()
        hits = [fid for fid in folders if key and (key in fid.lower() or (names.get(fid) and key in names[fid]))]
        if not hits:
            hits = difflib.get_close_matches(name, list(folders), n=2, cutoff=0.6)
        if not hits:
            by_name = {n: fid for fid, n in names.items() if n}
            hits = [by_name[n] for n in difflib.get_close_matches(name, list(by_name), n=2, cutoff=0.5)]
        return [label.get(fid, fid) for fid in hits[:3]]

    def all(self) -> list[Genre]:
        return [self.get(g) for g in self.folders()]


def _quick_ok(path: Path) -> bool:
    try:
        return isinstance(_load_yaml_cached(path), dict)
    except Exception:
        return False
