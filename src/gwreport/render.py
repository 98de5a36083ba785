"""Sandboxed Jinja: genre templates and expressions are untrusted input.

StrictUndefined makes a missing fact an error with its template line, never a blank.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, TYPE_CHECKING

from jinja2 import FileSystemLoader, FunctionLoader, StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.environment import TemplateExpression
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from . import helpers
from .errors import GwError
from .model import Document, parse_body, split_attachments

if TYPE_CHECKING:
    from .genre import Genre

MAX_TEMPLATE_BYTES = 200_000
MAX_OUTPUT_CHARS = 500_000


def _snippet(name: str):
    """Source for the env's in-memory snippets: "expr:<expression>" and "str:<template text>"."""
    kind, _, text = name.partition(":")
    if kind == "expr":
        return "{% set result = (" + text + ") %}", None, lambda: True
    if kind == "str":
        return text, None, lambda: True
    return None


@lru_cache(maxsize=1)
def _bytecode_cache():
    """Jinja's own compiled-template cache on disk: compiling ~20 expressions costs ~30 ms a start."""
    import jinja2
    from jinja2 import FileSystemBytecodeCache
    from . import __version__
    from .cache import cache_dir, key_of
    d = cache_dir("jinja")
    try:
        # compiled code also depends on env settings and filters: key the folder on this code
        d = d / key_of(__version__, jinja2.__version__, Path(__file__).read_bytes(),
                       Path(helpers.__file__).read_bytes())[:16]
        d.mkdir(parents=True, exist_ok=True)
        return FileSystemBytecodeCache(str(d))
    except (OSError, AttributeError):
        return None


def _make_env(folder: Path | None) -> SandboxedEnvironment:
    loader = FileSystemLoader([str(folder)]) if folder is not None else FunctionLoader(_snippet)
    env = SandboxedEnvironment(loader=loader, undefined=StrictUndefined, bytecode_cache=_bytecode_cache(),
                               trim_blocks=False, lstrip_blocks=True, keep_trailing_newline=False,
                               autoescape=False)
    env.filters.update(helpers.FILTERS)
    env.globals.update(helpers.GLOBALS)
    return env


@lru_cache(maxsize=64)
def env_for(folder: Path | None) -> SandboxedEnvironment:
    return _make_env(folder)


def _template_line(exc: BaseException, filename: str) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(filename):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _explain(exc: BaseException) -> str:
    if isinstance(exc, UndefinedError):
        msg = str(exc)
        m = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", msg)
        name = (m.group(1) or m.group(2)) if m else msg
        return f"缺少事实或变量“{name}”"
    if isinstance(exc, SecurityError):
        return "模板试图执行沙箱不允许的操作（访问内部属性或不安全的方法）"
    if isinstance(exc, ZeroDivisionError):
        return "除数为0"
    msg = str(exc)
    for rx, zh in _JINJA_ZH:
        m = rx.search(msg)
        if m:
            return zh.format(*(_PY_TYPE_ZH.get(g, g) for g in m.groups()))
    if isinstance(exc, TypeError):
        return "数据类型不符（例如把文字当作数字计算，或对数字取长度）"
    if isinstance(exc, ValueError):
        return "取值不符合要求（例如无法识别的日期或数字）" if not _has_cjk(msg) else msg
    return msg if _has_cjk(msg) else "模板运行出错"


_JINJA_ZH = [
    (re.compile(r"No filter named '([^']+)'", re.I), "模板使用了不存在的过滤器 {0}"),
    (re.compile(r"No test named '([^']+)'", re.I), "模板使用了不存在的判断 {0}"),
    (re.compile(r"'([^']+)' object is not iterable"), "“{0}”类型的值不能逐项列出，应为列表"),
    (re.compile(r"'([^']+)' object is not callable"), "“{0}”不是函数，不能调用"),
    (re.compile(r"unsupported operand type\(s\) for ([^:]+): '([^']+)' and '([^']+)'"),
     "不能对“{1}”和“{2}”做“{0}”运算（请检查数字字段是否填成了文字）"),
    (re.compile(r"'([<>]=?)' not supported between instances of '([^']+)' and '([^']+)'"),
     "不能比较“{1}”和“{2}”的大小（请检查数字字段是否填成了文字）"),
    (re.compile(r"无法识别的日期：(.*)"), "无法识别的日期：{0}"),
]


_SYNTAX_ZH = [
    (re.compile(r"Expected an expression, got '([^']*)'", re.I), "此处缺少表达式，遇到了“{0}”"),
    (re.compile(r"Unexpected end of template.*innermost block that needs to be closed is '([^']+)'", re.I | re.S),
     "模板到结尾仍有未闭合的 {0} 块，缺少 end{0}"),
    (re.compile(r"Unexpected end of template", re.I), "模板意外结束，可能缺少 endif、endfor 等结束标记或右括号"),
    (re.compile(r"Encountered unknown tag '([^']+)'", re.I), "未知的标签 {0}（可能是拼错了，或缺少与之配对的开始标记）"),
    (re.compile(r"expected token '([^']+)', got '([^']*)'", re.I), "此处应为“{0}”，实际为“{1}”"),
    (re.compile(r"unexpected '([^']+)'", re.I), "此处多了“{0}”"),
    (re.compile(r"unexpected char '?([^' ]+)'? at", re.I), "此处有无法识别的字符 {0}"),
    (re.compile(r"expected name or number", re.I), "此处应为字段名或数字"),
]


def syntax_zh(message: str | None) -> str:
    """Jinja's syntax messages in Chinese for genre authors (the common ones; others kept)."""
    msg = message or ""
    tokens = {"end of statement block": "%}", "end of print statement": "}}", "name": "名称",
              "end of template": "模板结尾", "string": "文字", "integer": "整数"}
    for rx, zh in _SYNTAX_ZH:
        m = rx.search(msg)
        if m:
            return zh.format(*(tokens.get(g, g) for g in m.groups()))
    return msg or "语法错误"


_PY_TYPE_ZH = {"int": "整数", "float": "数字", "str": "文字", "list": "列表", "dict": "映射",
               "NoneType": "空值", "bool": "是/否", "Decimal": "数字", "Undefined": "未定义的值"}


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def compile_checks(genre: "Genre") -> None:
    """Compile every check, condition and derived expression, naming genre.yaml's line on error."""
    src = genre.source
    for i, c in enumerate(genre.checks):
        for key, text in (("assert", c.expr), ("when", c.when)):
            if text is None:
                continue
            try:
                _expr(text)
            except TemplateSyntaxError as e:
                where = src.where(("checks", i, key)) if src else genre.genre_file
                raise GwError(f"体裁定义有误：{where} checks[{i + 1}].{key}：表达式语法错误（{syntax_zh(e.message)}）") from None
    for i, d in enumerate(genre.derived):
        try:
            _expr(d.expr)
        except TemplateSyntaxError as e:
            where = src.where(("derived", i, "expr")) if src else genre.genre_file
            raise GwError(f"体裁定义有误：{where} derived[{i + 1}].expr：表达式语法错误（{syntax_zh(e.message)}）") from None
    try:
        env_for(genre.folder).get_template(genre.body)
    except TemplateSyntaxError as e:
        raise GwError(f"体裁定义有误：{genre.folder / genre.body} 第{e.lineno}行：模板语法错误（{syntax_zh(e.message)}）") from None


@lru_cache(maxsize=512)
def _expr(text: str):
    env = env_for(None)
    if any(tag in text for tag in ("%}", "{%", "#}", "{#")):  # cannot sit inside {% set %}
        return env.compile_expression(text, undefined_to_none=False)
    return TemplateExpression(env.get_template("expr:" + text), undefined_to_none=False)


def evaluate(text: str, context: dict) -> Any:
    return _expr(text)(**context)


@lru_cache(maxsize=512)
def _string_template(text: str):
    return env_for(None).get_template("str:" + text)


def render_string(text: str, context: dict) -> str:
    # compiled once per text: batch renders the same document title template for every row
    return _string_template(text).render(**context)


def derive(genre: "Genre", facts: dict) -> dict:
    """Compute derived figures in order; each may use the facts and earlier ones."""
    context = dict(facts)
    out: dict = {}
    for i, d in enumerate(genre.derived):
        try:
            value = evaluate(d.expr, context)
        except (TemplateError, ArithmeticError, TypeError, ValueError) as e:
            where = genre.source.where(("derived", i)) if genre.source else genre.genre_file
            raise GwError(f"计算派生数字 {d.name}（{d.title}）出错：{where}：{_explain(e)}") from None
        out[d.name] = value
        context[d.name] = value
    return out


_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_HEADING_START = re.compile(r"^(\s*)(#{1,4})(?=\s)")


def literal_text(value: Any) -> Any:
    """A fact as plain text inside the Markdown-like body: it can never add structure.

    The body template decides headings, paragraphs and tables; a value that contains a line
    break (a YAML block scalar, Alt+Enter in an Excel cell), starts with '#', or holds '|'
    would otherwise open a new paragraph, a numbered heading or a table cell. Line breaks
    are dropped (Chinese runs on without a space), '|' becomes the full-width '｜' and a
    leading '#' the full-width '＃'.
    """
    if isinstance(value, str):
        text = _LINE_BREAKS.sub("", value).replace("|", "｜")
        return _HEADING_START.sub(lambda m: m.group(1) + "＃" * len(m.group(2)), text)
    if isinstance(value, dict):
        return {k: literal_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [literal_text(v) for v in value]
    return value


def masthead_names(doc_facts: dict) -> list[str]:
    """The 发文机关标志 lines: the joint issuers' names, the mark as written, or by default —
    a document with a 发文字号 has a 版头 — the 发文机关署名 followed by “文件”. “无” for none."""
    mark = (doc_facts.get("mark") or "").strip()
    joint = [str(x).strip() for x in doc_facts.get("joint_marks") or [] if str(x).strip()]
    if mark == "无":
        return []
    if joint:
        return joint
    if mark:
        return [mark]
    signature = (doc_facts.get("signature") or "").strip()
    if doc_facts.get("doc_number") and signature:
        return [signature if doc_facts.get("letter") else signature + "文件"]
    return []


def attachment_parts(items: list, fenced: dict[int, str]) -> tuple[list[str], list]:
    """Attachment names and pages: an item is a name, or {name, content} whose content (text
    with #-headings, paragraphs and pipe tables) is set on a page of its own; a body template
    may give an attachment's page too, after a line “::: 附件N”."""
    names: list[str] = []
    pages = []
    for n, item in enumerate(items, 1):
        if isinstance(item, dict):
            name = str(item.get("name") or "").strip()
            content = "\n".join(line for line in str(item.get("content") or "").splitlines())
        else:
            name, content = str(item).strip(), ""
        names.append(name)
        content = "\n".join(x for x in (content, fenced.get(n, ""), fenced.get(name, "")) if x.strip())
        if content.strip():
            pages.append((name, parse_body(content)))
    for key, content in fenced.items():  # pages a template adds under a name of its own
        if isinstance(key, str) and key not in names and content.strip():
            names.append(key)
            pages.append((key, parse_body(content)))
    return names, pages


def render_document(genre: "Genre", facts: dict, derived: dict) -> Document:
    context = {**literal_text(facts), **derived, "genre_name": genre.name}
    template_path = genre.folder / genre.body
    if template_path.stat().st_size > MAX_TEMPLATE_BYTES:
        raise GwError(f"正文模板 {template_path} 过大")
    try:
        text = env_for(genre.folder).get_template(genre.body).render(**context)
    except TemplateSyntaxError as e:
        raise GwError(f"{template_path} 第{e.lineno}行：模板语法错误（{syntax_zh(e.message)}）") from None
    except (TemplateError, ArithmeticError, TypeError, ValueError) as e:
        line = _template_line(e, genre.body)
        where = f"{template_path} 第{line}行" if line else str(template_path)
        raise GwError(f"生成正文出错：{where}：{_explain(e)}") from None
    if len(text) > MAX_OUTPUT_CHARS:
        raise GwError(f"生成的正文超过 {MAX_OUTPUT_CHARS} 字，请检查模板中的循环")
    doc_facts = dict(facts.get("document") or {})
    for key, tmpl in genre.document_defaults.items():
        if not doc_facts.get(key):
            try:
                doc_facts[key] = render_string(tmpl, context).strip()
            except (TemplateError, ArithmeticError, TypeError, ValueError) as e:
                raise GwError(f"生成 document.{key} 默认值出错（{genre.genre_file}）：{_explain(e)}") from None
    if not doc_facts.get("title"):
        raise GwError("缺少公文标题：请在事实文件中填写 document.title")
    text, fenced = split_attachments(text)
    names, pages = attachment_parts(doc_facts.get("attachments") or [], fenced)
    return Document(
        attachment_pages=pages,
        sealed=doc_facts.get("sealed", True) is not False,
        mark=masthead_names(doc_facts),
        copy_number=doc_facts.get("copy_number"),
        secrecy=doc_facts.get("secrecy"),
        urgency=doc_facts.get("urgency"),
        letter=bool(doc_facts.get("letter")),
        note=doc_facts.get("note"),
        title=doc_facts["title"],
        body=parse_body(text),
        addressee=doc_facts.get("addressee"),
        signature=doc_facts.get("signature"),
        date=helpers.cn_date(doc_facts["date"]) if doc_facts.get("date") else None,
        doc_number=doc_facts.get("doc_number"),
        signer=doc_facts.get("signer"),
        attachments=names,
        cc=list(doc_facts.get("cc") or []),
        issuer=doc_facts.get("issuer"),
        issue_date=helpers.cn_date(doc_facts["issue_date"]) if doc_facts.get("issue_date") else None,
    )
