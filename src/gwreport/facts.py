"""Load a facts file safely and remember where every value came from (for messages with lines)."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import FactsError, InputError

MAX_FACTS_BYTES = 1_000_000  # a facts file is a page of figures, not a data dump
MAX_NODES = 50_000  # guards against alias bombs


Path_ = tuple  # a field path: ("websites", "total") or ("problems", 0, "detail")


def format_path(path: Path_) -> str:
    """('problems', 0, 'detail') → problems[1].detail — list items counted from 1 for clerks."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "（根）"


@dataclass
class Facts:
    data: dict
    source: str  # shown in messages: a file path, or "表格第5行"
    lines: dict[Path_, int] = field(default_factory=dict)  # path → 1-based line
    # batch rows locate values by column header instead of line
    locator: Any = None

    def where(self, path: Path_) -> str:
        """Chinese location prefix for a message about path."""
        if self.locator is not None:
            return self.locator(path)
        p = tuple(path)
        while p and p not in self.lines:
            p = p[:-1]
        line = self.lines.get(p)
        return f"{self.source} 第{line}行" if line else self.source


def _normalise(value: Any) -> Any:
    """YAML dates become ISO strings so the schema (format: date) sees one form."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


# libyaml's parser is ~10× faster than pure Python; the node tree (with line marks) is the same.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FactsLoader(_Base):
    """SafeLoader that keeps dates as text: the schema checks them and says which one is wrong."""


_FactsLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _walk(node: yaml.Node, path: tuple, lines: dict, budget: list[int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise InputError("事实文件结构过于复杂（节点或别名引用过多），请检查是否误用了 YAML 锚点")
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, val in node.value:
            k = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
            lines[path + (k,)] = key.start_mark.line + 1
            _walk(val, path + (k,), lines, budget)
    elif isinstance(node, yaml.SequenceNode):
        for i, val in enumerate(node.value):
            lines[path + (i,)] = val.start_mark.line + 1
            _walk(val, path + (i,), lines, budget)


def parse_facts_text(text: str, source: str) -> Facts:
    try:
        loader = _FactsLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise FactsError([f"{source}：文件是空的，请按模板填写事实（可用 gwreport new 生成）"])
            lines: dict = {}
            _walk(node, (), lines, [MAX_NODES])
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"{source} 第{mark.line + 1}行第{mark.column + 1}列" if mark else source
        raise FactsError([f"{where}：YAML 格式错误（{_yaml_problem(e)}），请检查缩进、冒号和引号"])
    except (yaml.YAMLError, ValueError) as e:
        raise FactsError([f"{source}：YAML 格式错误（{e}）"])
    if not isinstance(data, dict):
        raise FactsError([f"{source} 第1行：事实文件的最外层应为“字段: 值”的映射，实际为{_kind(data)}"])
    return Facts(_normalise(data), source, lines)


def _yaml_problem(e: yaml.MarkedYAMLError) -> str:
    problem = (e.problem or "").strip()
    table = {
        "mapping values are not allowed here": "此处不能出现“键: 值”，可能是缩进不对或值里含有未加引号的冒号",
        "could not find expected ':'": "缺少冒号",
        "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
        "found undefined alias": "引用了未定义的锚点",
        "found duplicate anchor": "锚点重复",
        "expected <block end>, but found '<block mapping start>'": "缩进不一致",
        "expected <block end>, but found '-'": "列表项缩进不一致",
    }
    for k, v in table.items():
        if problem.startswith(k):
            return v
    return problem or str(e)


def _kind(v: Any) -> str:
    if isinstance(v, list):
        return "列表"
    if v is None:
        return "空值"
    return f"单个值“{v}”"


def load_facts(path: Path) -> Facts:
    path = Path(path)
    if not path.exists():
        raise InputError(f"找不到事实文件：{path}")
    if path.is_dir():
        raise InputError(f"{path} 是文件夹，请给出一个 .yaml 事实文件")
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(f"{path}：事实文件应为 .yaml 或 .yml 文件")
    size = path.stat().st_size
    if size > MAX_FACTS_BYTES:
        raise InputError(f"{path}：文件过大（{size // 1024} KB），事实文件不应超过 {MAX_FACTS_BYTES // 1000} KB")
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(f"{path}：无法识别文件编码，请另存为 UTF-8")
    return parse_facts_text(text, str(path))
