"""Load a facts file safely and remember where every value came from (for messages with lines)."""
from __future__ import annotations

import datetime as _dt
import re
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


def _walk(node: yaml.Node, path: tuple, lines: dict, budget: list[int],
          dups: list[tuple[tuple, int, int]] | None = None) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise InputError("事实文件结构过于复杂（节点或别名引用过多），请检查是否误用了 YAML 锚点")
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict = {}
        for key, val in node.value:
            k = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
            line = key.start_mark.line + 1
            if dups is not None and k != "<<" and isinstance(k, str):
                if k in seen:
                    dups.append((path + (k,), seen[k], line))
                else:
                    seen[k] = line
            lines[path + (k,)] = line
            _walk(val, path + (k,), lines, budget, dups)
    elif isinstance(node, yaml.SequenceNode):
        for i, val in enumerate(node.value):
            lines[path + (i,)] = val.start_mark.line + 1
            _walk(val, path + (i,), lines, budget, dups)


def parse_facts_text(text: str, source: str) -> Facts:
    try:
        loader = _FactsLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise FactsError([f"{source}：文件是空的，请按模板填写事实（可用 gwreport new 生成）"])
            lines: dict = {}
            dups: list = []
            _walk(node, (), lines, [MAX_NODES], dups)
            if dups:
                raise FactsError([
                    f"{source} 第{second}行 {format_path(p)}：字段重复（第{first}行已有同名字段），"
                    "后一个会悄悄覆盖前一个，请删去或合并其中一个"
                    for p, first, second in dups])
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        hint = _line_hint(text, mark.line if mark else None)
        if hint:
            raise FactsError([f"{source} 第{hint[0]}行：YAML 格式错误，{hint[1]}"])
        where = f"{source} 第{mark.line + 1}行第{mark.column + 1}列" if mark else source
        raise FactsError([f"{where}：YAML 格式错误（{_yaml_problem(e)}），请检查缩进、冒号和引号"])
    except (yaml.YAMLError, ValueError) as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        if "control characters" in str(e) or "special characters" in str(e) or "unacceptable character" in str(e):
            line = _control_char_line(text)
            where = f"{source} 第{line}行" if line else source
            raise FactsError([f"{where}：含有不可见的控制字符（多为从网页或其他软件复制时带入），"
                              "请删除该行的特殊字符后重新输入"])
        raise FactsError([f"{source}：YAML 格式错误，无法解析，请检查缩进、冒号和引号"
                          + (f"（第{mark.line + 1}行附近）" if mark else "")])
    if not isinstance(data, dict):
        raise FactsError([f"{source} 第1行：事实文件的最外层应为“字段: 值”的映射，实际为{_kind(data)}"])
    return Facts(_normalise(data), source, lines)


# Messages of both PyYAML's pure-Python parser and libyaml (CSafeLoader words them differently).
_YAML_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现“键: 值”，可能是缩进不对或值里含有未加引号的冒号",
    "could not find expected ':'": "缺少冒号",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
    "found a tab character": "不能用 Tab 缩进，请改用空格",
    "found character that cannot start any token": "此处的字符不能作为值的开头，以 @、`、%、! 等开头的值请加引号",
    "found undefined alias": "引用了未定义的锚点",
    "found duplicate anchor": "锚点重复",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致",
    "expected <block end>, but found '-'": "列表项缩进不一致",
    "did not find expected key": "缩进不一致或列表项“-”的位置不对",
    "did not find expected '-' indicator": "列表项缩进不一致",
    "did not find expected node content": "缺少值，或列表、引号没有写完整",
    "did not find expected ',' or ']'": "方括号列表 [ ] 没有闭合",
    "did not find expected ',' or '}'": "花括号 { } 没有闭合",
    "found unexpected end of stream": "引号或括号没有闭合，可能缺少结尾的引号",
    "found unknown escape character": "双引号内的反斜杠“\\”被当作转义符；含反斜杠的路径请改用单引号，或把“\\”写成“/”",
    "found unexpected ':'": "多余的冒号，含冒号的值请加引号",
    "block sequence entries are not allowed": "列表项“-”的缩进不对",
    "while scanning a quoted scalar": "引号没有闭合",
    "while scanning a simple key": "缺少冒号",
}


def _yaml_problem(e: yaml.MarkedYAMLError) -> str:
    for problem in ((e.problem or "").strip(), (e.context or "").strip()):
        for k, v in _YAML_PROBLEMS.items():
            if problem.startswith(k):
                return v
    return "无法解析"


_FW_COLON = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w.-]*\s*：")
_NO_SPACE = re.compile(r"^[ \t]*(?:-[ \t]+)?[A-Za-z_][\w.-]*:(?![ \t/]|$)")
_ODD_SPACE = "\u3000\xa0\u2002\u2003\u2009\u200b\ufeff"
_ODD_AFTER_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)?[A-Za-z_][\w.-]*:[" + _ODD_SPACE + "]")


def _line_hint(text: str, mark_line: int | None) -> tuple[int, str] | None:
    """The usual clerk slips on or before the failing line: Tab indents, full-width or unspaced colons."""
    lines = text.splitlines()
    last = len(lines) - 1 if mark_line is None else min(mark_line, len(lines) - 1)
    found = None
    for i in range(0, last + 1):
        line = lines[i]
        if line.lstrip().startswith("#"):
            continue
        indent = line[:len(line) - len(line.lstrip(" \t" + _ODD_SPACE))]
        if "\t" in indent:
            found = (i + 1, "用了 Tab 缩进，YAML 只能用空格缩进，请把 Tab 换成空格")
        elif any(c in indent for c in _ODD_SPACE):
            found = (i + 1, "行首用了全角空格或网页复制来的特殊空格，YAML 只能用半角空格缩进")
        elif _ODD_AFTER_COLON.match(line):
            found = (i + 1, "冒号后面是全角空格或特殊空格，请改为一个半角空格")
        elif _FW_COLON.match(line):
            found = (i + 1, "字段名后用了中文冒号“：”，请改为英文冒号“:”并在后面加一个空格")
        elif _NO_SPACE.match(line):
            found = (i + 1, "英文冒号“:”后面缺少空格，应写作“字段: 值”")
    return found


def _control_char_line(text: str) -> int | None:
    for i, line in enumerate(text.splitlines(), 1):
        if any((ord(c) < 32 and c not in "\t\r\n") or 0x7f <= ord(c) < 0xa0 for c in line):
            return i
    return None


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
    # Notepad's "Unicode" is UTF-16 with a BOM; without this it would fail or decode as GB18030 noise
    encodings = ("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "gb18030")
    for enc in encodings:
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(f"{path}：无法识别文件编码，请另存为 UTF-8")
    return parse_facts_text(text, str(path))
