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
MAX_DEPTH = 64  # nesting of maps/lists (libyaml's composer recurses in C: 100k levels crash it)

_STD = "tag:yaml.org,2002:"
# the tags a facts/config/genre/pack file may use; !!binary, !!set, !!omap, !!python/… and
# local tags are refused with the line, so no odd Python object reaches the schema or templates
_ALLOWED_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}


class _LocatedError(Exception):
    """A constructor failure (bad !!timestamp, !!int, unknown tag…) with the node it came from."""

    def __init__(self, node: yaml.Node, reason: str):
        super().__init__(reason)
        self.node = node
        self.reason = reason


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag


class _FactsLoader(_Base):
    """SafeLoader that keeps dates as text (the schema checks them and says which one is wrong),
    accepts only the plain JSON-like tags, and turns every constructor failure into a
    _LocatedError naming the node instead of AttributeError/ValueError from deep inside PyYAML."""

    def construct_object(self, node, deep=False):
        if node.tag not in _ALLOWED_TAGS:
            raise _LocatedError(node, f"不支持的 YAML 标签 {_tag_name(node.tag)}，请删去该标签，只写值本身")
        try:
            return super().construct_object(node, deep)
        except (_LocatedError, yaml.MarkedYAMLError, RecursionError):
            raise
        except Exception:  # noqa: BLE001 - PyYAML raises anything on a bad explicit scalar
            kind = {"int": "整数", "float": "小数", "bool": "是/否", "null": "空值",
                    "timestamp": "日期"}.get(node.tag[len(_STD):], "值")
            raise _LocatedError(node, f"“{str(node.value)[:40]}”不是有效的{kind}（{_tag_name(node.tag)}）") from None


_FactsLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers
         if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value")]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


def _check_depth(text: str, source: str) -> None:
    """Refuse deep nesting from the event stream (iterative) before anything recursive runs."""
    loader = _FactsLoader(text)
    depth = 0
    try:
        while loader.check_event():
            ev = loader.get_event()
            if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise FactsError([f"{source} 第{ev.start_mark.line + 1}行：嵌套层次过深"
                                      f"（超过 {MAX_DEPTH} 层），请检查括号或缩进"])
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


def _walk(node: yaml.Node, path: tuple, lines: dict, budget: list[int],
          dups: list[tuple[tuple, int, int]] | None = None, depth: int = 0) -> None:
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise InputError("事实文件结构过于复杂（节点或别名引用过多），请检查是否误用了 YAML 锚点")
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode) and _CONTROL_RE.search(node.value):
        # a quoted escape ("\a", "\x1b", "\0") puts a control character into the value: it would
        # reach documents, spreadsheets and terminals
        raise _LocatedError(node, "值中含有不可见的控制字符或无效字符（如 \\x1b、\\a、\\0、\\ud800 等转义），请删除")
    if isinstance(node, yaml.MappingNode):
        seen: dict = {}
        for key, val in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag == _STD + "null":
                raise _LocatedError(key, "字段名为空（~ 或 null），请写出字段名")
            k = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
            line = key.start_mark.line + 1
            if dups is not None and k != "<<" and isinstance(k, str):
                if k in seen:
                    dups.append((path + (k,), seen[k], line))
                else:
                    seen[k] = line
            lines[path + (k,)] = line
            _walk(key, path + (k,), {}, budget, None, depth + 1)  # aliases used as keys count too
            _walk(val, path + (k,), lines, budget, dups, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, val in enumerate(node.value):
            lines[path + (i,)] = val.start_mark.line + 1
            _walk(val, path + (i,), lines, budget, dups, depth + 1)


def parse_yaml_text(text: str, source: str, *, check_dups: bool = True) -> tuple[Any, dict]:
    """The one YAML loader (facts, --base, .gwreport.yaml, genre.yaml, rule packs, profiles):
    (data, {path: line}). Every problem — syntax, control characters, duplicate keys, alias
    bombs, deep nesting, bad or unknown tags — is a FactsError whose message names source and line.
    An empty document gives (None, {})."""
    try:
        _check_depth(text, source)
        loader = _FactsLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}
            lines: dict = {}
            dups: list = []
            try:
                _walk(node, (), lines, [MAX_NODES], dups if check_dups else None)
            except InputError as e:
                raise InputError(f"{source}：{e.message.replace('事实文件', '文件')}") from None
            if dups:
                raise FactsError([
                    f"{source} 第{second}行 {format_path(p)}：字段重复（第{first}行已有同名字段），"
                    "后一个会悄悄覆盖前一个，请删去或合并其中一个"
                    for p, first, second in dups])
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except _LocatedError as e:
        m = e.node.start_mark
        raise FactsError([f"{source} 第{m.line + 1}行第{m.column + 1}列：{e.reason}"]) from None
    except RecursionError:
        raise FactsError([f"{source}：结构过于复杂（嵌套或别名引用过深），请检查是否误用了 YAML 锚点"]) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if "control characters" in str(e) or "special characters" in str(e) or "unacceptable character" in str(e):
            raise _control_error(text, source) from None
        hint = _line_hint(text, mark.line if mark else None)
        if hint:
            raise FactsError([f"{source} 第{hint[0]}行：YAML 格式错误，{hint[1]}"]) from None
        where = f"{source} 第{mark.line + 1}行第{mark.column + 1}列" if mark else source
        raise FactsError([f"{where}：YAML 格式错误（{_yaml_problem(e)}），请检查缩进、冒号和引号"]) from None
    except (yaml.YAMLError, ValueError) as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        if "control characters" in str(e) or "special characters" in str(e) or "unacceptable character" in str(e):
            raise _control_error(text, source) from None
        raise FactsError([f"{source}：YAML 格式错误，无法解析，请检查缩进、冒号和引号"
                          + (f"（第{mark.line + 1}行附近）" if mark else "")]) from None
    return data, lines


def _control_error(text: str, source: str) -> FactsError:
    line = _control_char_line(text)
    where = f"{source} 第{line}行" if line else source
    return FactsError([f"{where}：含有不可见的控制字符（多为从网页或其他软件复制时带入），"
                       "请删除该行的特殊字符后重新输入"])


def parse_facts_text(text: str, source: str) -> Facts:
    data, lines = parse_yaml_text(text, source)
    if data is None and not lines:
        raise FactsError([f"{source}：文件是空的，请按模板填写事实（可用 gwreport new 生成）"])
    if not isinstance(data, dict):
        raise FactsError([f"{source} 第1行：事实文件的最外层应为“字段: 值”的映射，实际为{_kind(data)}"])
    return Facts(_normalise(data), source, lines)


def load_yaml_file(path: Path, what: str, limit: int = 1_000_000, *, check_dups: bool = True) -> Any:
    """Read (safeio: regular file, bounded) and parse a YAML file other than facts (config,
    profile, rule pack); an empty file gives None. Errors are FactsError naming file and line."""
    from .safeio import read_input_text
    text = read_input_text(path, limit, what)
    return parse_yaml_text(text, str(path), check_dups=check_dups)[0]


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
    # libyaml ≥ 0.2.5 (PyYAML 6.0.4 wheels) stops at 1000 nested flow levels
    "exceeded maximum nesting depth": "嵌套层次过深（方括号或花括号套了太多层）",
    "while increasing flow level": "嵌套层次过深（方括号或花括号套了太多层）",
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
    from .safeio import read_input_text, regular_file
    path = Path(path)
    regular_file(path, "事实文件")
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(f"{path}：事实文件应为 .yaml 或 .yml 文件")
    text = read_input_text(path, MAX_FACTS_BYTES, "事实文件")
    return parse_facts_text(text, str(path))
