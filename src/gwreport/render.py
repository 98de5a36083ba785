"""Sandboxed Jinja: genre templates and expressions are untrusted input.

StrictUndefined makes a missing fact an error with its template line, never a blank.
"""
from __future__ import annotations

import re
import signal
import sys
import threading
import time
from contextlib import contextmanager
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


# ---------------------------------------------------------------- execution limits
# A user genre is untrusted code: these bound what one render or one expression may cost.
RENDER_SECONDS = 5.0  # one body render (a real one takes ~10 ms)
EXPR_SECONDS = 2.0  # one check, condition, derived figure or default
MAX_RANGE = 10_000  # items of range()
MAX_SEQ = 1_000_000  # characters/items a string or list repetition, padding or join may make
MAX_WIDTH = 10_000  # widths in format specs, center/indent/wordwrap, str.ljust…
MAX_INT_BITS = 100_000  # ~30 000 digits: ** and * on integers


class GenreLimit(Exception):
    """A user genre's template or expression exceeded a limit (time, size, depth)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_LOCAL = threading.local()


def _tick() -> None:
    deadline = getattr(_LOCAL, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        _LOCAL.deadline = None  # report once; the caller turns this into the genre error
        raise GenreLimit(f"运行超时（超过 {getattr(_LOCAL, 'seconds', 0):g} 秒），可能是循环过多或过深")


def _on_alarm(signum, frame):  # SIGALRM in the main thread: interrupts loops that call nothing
    raise GenreLimit(f"运行超时（超过 {getattr(_LOCAL, 'seconds', 0):g} 秒），可能是循环过多或过深")


@contextmanager
def time_limit(seconds: float):
    """Bound the template code run inside: SIGALRM on the main thread (POSIX), else a trace
    function that checks the clock on every line of template code. Nested uses keep the
    outer deadline."""
    if getattr(_LOCAL, "deadline", None) is not None:
        yield
        return
    _LOCAL.deadline = time.monotonic() + seconds
    _LOCAL.seconds = seconds
    use_alarm = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread())
    old_handler = old_trace = None
    outer = 0.0  # an alarm someone else set (kept: re-armed with what is left afterwards)
    started = time.monotonic()
    if use_alarm:
        try:
            outer = signal.getitimer(signal.ITIMER_REAL)[0]
            old_handler = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, min(seconds, outer) if outer > 0 else seconds)
        except (ValueError, OSError):
            use_alarm = False
    if not use_alarm:
        old_trace = sys.gettrace()

        def local(frame, event, arg):
            _tick()
            return local

        def tracer(frame, event, arg):  # only template code pays for line events
            return local if isinstance(frame.f_globals.get("environment"), BoundedSandbox) else None

        sys.settrace(tracer)
    try:
        yield
    finally:
        _LOCAL.deadline = None
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler if old_handler is not None else signal.SIG_DFL)
            if outer > 0:
                signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))
        else:
            sys.settrace(old_trace)


class _Range:
    """range() for templates: at most MAX_RANGE items; iterating checks the clock."""

    def __init__(self, *args):
        if not all(isinstance(a, int) for a in args):
            raise TypeError("range() 的参数应为整数")
        self.r = range(*args)
        if len(self.r) > MAX_RANGE:
            raise GenreLimit(f"range() 最多 {MAX_RANGE} 项，实际 {len(self.r)} 项")

    def __iter__(self):
        for i, x in enumerate(self.r):
            if i % 256 == 0:
                _tick()
            yield x

    def __len__(self):
        return len(self.r)

    def __getitem__(self, i):
        return self.r[i]

    def __contains__(self, x):
        return x in self.r

    def __reversed__(self):
        return reversed(self.r)


def _lipsum(n=5, html=False, min=20, max=100):  # noqa: A002 - Jinja's names
    from jinja2.utils import generate_lorem_ipsum
    if not isinstance(n, int) or n > 20 or (isinstance(max, int) and max > 200):
        raise GenreLimit("lipsum() 的段落数或字数过大")
    return generate_lorem_ipsum(n=n, html=html, min=min, max=max)


_WIDTH_RE = re.compile(r"(\d{5,})")  # a number of 5+ digits inside a format spec


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?[a-zA-Z%]")


def _check_format_spec(fmt: str, args=()) -> None:
    """Refuse %-format and str.format specs whose width or precision would build a huge string
    ('%999999999d', '%*d' with a huge argument, '{:>999999999}', '{:.999999999f}')."""
    if not isinstance(fmt, str):
        return
    for spec in re.findall(r"\{[^{}]*:[^{}]*\}", fmt):
        m = _WIDTH_RE.search(spec)
        if m and int(m.group(1)) > MAX_WIDTH:
            raise GenreLimit(f"格式宽度 {m.group(1)} 过大（上限 {MAX_WIDTH}）")
    stars = False
    for m in _PERCENT_SPEC.finditer(fmt):
        for g in m.groups():
            if g == "*":
                stars = True
            elif g and int(g) > MAX_WIDTH:
                raise GenreLimit(f"格式宽度 {g} 过大（上限 {MAX_WIDTH}）")
    if stars:
        vals = args if isinstance(args, tuple) else (args,)
        if any(isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_WIDTH for v in vals):
            raise GenreLimit(f"格式宽度过大（上限 {MAX_WIDTH}）")


def _size(x) -> int | None:
    return len(x) if isinstance(x, (str, list, tuple)) else None


def _check_int(v) -> None:
    if isinstance(v, int) and not isinstance(v, bool) and v.bit_length() > MAX_INT_BITS:
        raise GenreLimit("数字过大")


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox (no internals, no unsafe methods) plus limits on cost: ** and * on
    big numbers and long sequences, % / str.format widths, padding methods, and a clock
    check on every call, attribute and item access."""

    intercepted_binops = frozenset(["*", "**", "%", "+", "//"])

    def call_binop(self, context, operator, left, right):
        _tick()
        if operator == "**":
            if isinstance(left, int) and isinstance(right, int) and not isinstance(right, bool):
                if right > 0 and abs(left) > 1 and right * max(abs(left).bit_length(), 1) > MAX_INT_BITS:
                    raise GenreLimit("乘方结果过大")
            elif isinstance(left, (int, float)) and isinstance(right, (int, float)):
                if abs(right) > 10_000:
                    raise GenreLimit("乘方的指数过大")
        elif operator == "*":
            for seq, n in ((left, right), (right, left)):
                if _size(seq) is not None and isinstance(n, int) and _size(seq) * max(n, 0) > MAX_SEQ:
                    raise GenreLimit(f"重复生成的文字或列表过长（超过 {MAX_SEQ} 个）")
            if isinstance(left, int) and isinstance(right, int) and \
                    left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise GenreLimit("乘积过大")
        elif operator == "%" and isinstance(left, str):
            _check_format_spec(left, right)
        elif operator == "+" and _size(left) is not None and _size(right) is not None:
            if _size(left) + _size(right) > MAX_SEQ:
                raise GenreLimit(f"拼接的文字或列表过长（超过 {MAX_SEQ} 个）")
        result = super().call_binop(context, operator, left, right)
        _check_int(result)
        return result

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        _tick()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "")
            if name in ("ljust", "rjust", "center", "zfill", "expandtabs"):
                if any(isinstance(a, int) and a > MAX_WIDTH for a in args):
                    raise GenreLimit(f"{name}() 的宽度过大（上限 {MAX_WIDTH}）")
            elif name in ("format", "format_map"):
                _check_format_spec(owner)
            elif name == "replace" and len(args) >= 2 and isinstance(args[1], str):
                if (owner.count(args[0]) if isinstance(args[0], str) and args[0] else len(owner) + 1) \
                        * len(args[1]) > MAX_SEQ:
                    raise GenreLimit("replace() 的结果过长")
            elif name == "join" and args and hasattr(args[0], "__len__") and len(args[0]) * len(owner) > MAX_SEQ:
                raise GenreLimit("join() 的结果过长")
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj, attribute):
        _tick()
        if isinstance(obj, str) and attribute in ("format", "format_map"):
            _check_format_spec(obj)  # the sandbox wraps str.format, so call() cannot see the string
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        _tick()
        return super().getitem(obj, argument)


def _bounded_filter(f, widths: tuple = ()):
    """A Jinja filter that first checks the clock and its width/count arguments (positions
    counted after the filtered value)."""
    skip = 1 if hasattr(f, "jinja_pass_arg") else 0  # @pass_environment / @pass_eval_context
    name = getattr(f, "__name__", "")

    def run(*args, **kwargs):
        _tick()
        for i in widths:
            v = args[skip + i] if skip + i < len(args) else kwargs.get("width")
            if isinstance(v, int) and not isinstance(v, bool) and v > MAX_WIDTH:
                raise GenreLimit(f"过滤器参数 {v} 过大（上限 {MAX_WIDTH}）")
        rest = args[skip:]
        if name == "do_format" and rest:
            _check_format_spec(rest[0])
        if name == "do_replace" and len(rest) >= 3 and isinstance(rest[0], str):
            old, new = str(rest[1]), str(rest[2])
            if (rest[0].count(old) if old else len(rest[0]) + 1) * len(new) > MAX_SEQ:
                raise GenreLimit("replace 的结果过长")
        out = f(*args, **kwargs)
        if isinstance(out, str) and len(out) > MAX_SEQ:
            raise GenreLimit(f"过滤器生成的文字过长（超过 {MAX_SEQ} 字）")
        return out

    if hasattr(f, "jinja_pass_arg"):
        run.jinja_pass_arg = f.jinja_pass_arg
    run.__name__ = name or "filter"
    return run


_FILTER_WIDTHS = {"center": (1,), "indent": (1,), "wordwrap": (1,), "batch": (1,), "slice": (1,),
                  "truncate": (1,)}


def render_bounded(template, context: dict, limit: int = MAX_OUTPUT_CHARS) -> str:
    """template.render, stopping as soon as the output passes limit characters; text that
    cannot be stored (lone surrogates) is a genre error here, not a crash in the writer."""
    parts, n = [], 0
    for chunk in template.generate(**context):
        n += len(chunk)
        if n > limit:
            raise GenreLimit(f"生成的文字超过 {limit} 字，请检查模板中的循环")
        parts.append(chunk)
    text = "".join(parts)
    if _SURROGATE.search(text):
        raise GenreLimit("生成的文字含有无效的 Unicode 字符（孤立的代理字符，如 \\ud800）")
    return text


_SURROGATE = re.compile(r"[\ud800-\udfff]")


class _Loader(FileSystemLoader):
    """Templates of a genre folder only: no path (or symlink) leading outside it, regular
    files only (a FIFO include cannot hang), bounded size."""

    def __init__(self, folder: Path):
        super().__init__([str(folder)])
        self.root = Path(folder).resolve()

    def get_source(self, environment, template):
        from jinja2 import TemplateNotFound

        from .safeio import read_input
        pieces = [p for p in template.replace("\\", "/").split("/") if p not in ("", ".")]
        if not pieces or ".." in pieces or Path(template).is_absolute():
            raise TemplateNotFound(template)
        path = self.root.joinpath(*pieces)
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise TemplateNotFound(template) from None
        if real != self.root and self.root not in real.parents:
            raise TemplateNotFound(template)
        try:
            text = read_input(real, MAX_TEMPLATE_BYTES, "模板文件").decode("utf-8-sig")
        except GwError as e:
            raise GenreLimit(e.message) from None
        except UnicodeDecodeError:
            raise GenreLimit(f"模板 {template} 不是 UTF-8 编码") from None
        mtime = real.stat().st_mtime
        return text, str(path), lambda: real.exists() and real.stat().st_mtime == mtime


def _make_env(folder: Path | None) -> SandboxedEnvironment:
    loader = _Loader(folder) if folder is not None else FunctionLoader(_snippet)
    env = BoundedSandbox(loader=loader, undefined=StrictUndefined, bytecode_cache=_bytecode_cache(),
                         trim_blocks=False, lstrip_blocks=True, keep_trailing_newline=False,
                         autoescape=False)
    for name, f in list(env.filters.items()):
        env.filters[name] = _bounded_filter(f, _FILTER_WIDTHS.get(name, ()))
    env.filters.update({k: _bounded_filter(v) for k, v in helpers.FILTERS.items()})
    env.globals.update(helpers.GLOBALS)
    env.globals["range"] = _Range
    env.globals["lipsum"] = _lipsum
    return env


# every way a template or expression can fail at run time; all become genre errors
RUN_ERRORS = (TemplateError, ArithmeticError, TypeError, ValueError, LookupError, AttributeError,
              RecursionError, MemoryError, GenreLimit, UnicodeError)


def env_for(folder: Path | None) -> SandboxedEnvironment:
    # keyed on the resolved folder: a relative --templates path names another folder once the
    # working directory changes (web server, tests), and must not reuse the old templates
    return _env_for(Path(folder).resolve() if folder is not None else None)


@lru_cache(maxsize=64)
def _env_for(folder: Path | None) -> SandboxedEnvironment:
    return _make_env(folder)


def _template_line(exc: BaseException, filename: str) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(filename):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _template_place(exc: BaseException, folder: Path | None) -> tuple[str, int] | None:
    """(template file, line) of the innermost frame of a genre template in the traceback
    (Jinja rewrites tracebacks so these frames carry template lines)."""
    if folder is None:
        return None
    root = str(Path(folder).resolve())
    place = None
    tb = exc.__traceback__
    while tb is not None:
        fn = tb.tb_frame.f_code.co_filename
        if fn.startswith(root):
            place = (fn, tb.tb_lineno)
        tb = tb.tb_next
    return place


def _explain(exc: BaseException) -> str:
    from jinja2 import TemplateNotFound
    if isinstance(exc, GenreLimit):
        return exc.reason
    if isinstance(exc, RecursionError):
        return "递归过深（宏、include 或 extends 调用了自身）"
    if isinstance(exc, MemoryError):
        return "内存不足（生成的内容过大）"
    if isinstance(exc, TemplateNotFound):
        return f"找不到模板 {exc.name}（只能引用体裁文件夹内的文件）"
    if isinstance(exc, IndexError):
        return "列表下标超出范围（列表为空或项数不够）"
    if isinstance(exc, KeyError):
        return f"映射中没有键 {str(exc)[:40]}"
    if isinstance(exc, UnicodeError):
        return "文字编码错误"
    if isinstance(exc, UndefinedError) and "has no element" in str(exc):
        m = re.search(r"has no element (.+)$", str(exc))
        return f"没有第 {m.group(1)[:20] if m else '?'} 项（下标超出范围，或列表为空）"
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
    (re.compile(r"No filter named '([^']+)'", re.I), "模板使用了不存在的过滤器 {0}"),
    (re.compile(r"No test named '([^']+)'", re.I), "模板使用了不存在的判断 {0}"),
    (re.compile(r"tag name expected", re.I), "缺少标签名"),
    (re.compile(r"unexpected end of template", re.I), "模板意外结束"),
]


def syntax_zh(message: str | None) -> str:
    """Jinja's syntax messages in Chinese for genre authors (never Jinja's English)."""
    msg = message or ""
    tokens = {"end of statement block": "%}", "end of print statement": "}}", "name": "名称",
              "end of template": "模板结尾", "string": "文字", "integer": "整数"}
    for rx, zh in _SYNTAX_ZH:
        m = rx.search(msg)
        if m:
            return zh.format(*(tokens.get(g, g) for g in m.groups()))
    return "语法错误" + (f"：{msg}" if _has_cjk(msg) else "")


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
    for key, text in genre.document_defaults.items():
        try:
            _string_template(text)
        except TemplateSyntaxError as e:
            where = src.where(("document_defaults", key)) if src else genre.genre_file
            raise GwError(f"体裁定义有误：{where} document_defaults.{key}：模板语法错误（{syntax_zh(e.message)}）") from None
    try:
        env_for(genre.folder).get_template(genre.body)
    except TemplateSyntaxError as e:
        raise GwError(f"体裁定义有误：{e.filename or genre.folder / genre.body} 第{e.lineno}行：模板语法错误（{syntax_zh(e.message)}）") from None
    except RUN_ERRORS as e:
        raise GwError(f"体裁定义有误：{genre.folder / genre.body}：{_explain(e)}") from None


@lru_cache(maxsize=512)
def _expr(text: str):
    env = env_for(None)
    if any(tag in text for tag in ("%}", "{%", "#}", "{#")):  # cannot sit inside {% set %}
        return env.compile_expression(text, undefined_to_none=False)
    return TemplateExpression(env.get_template("expr:" + text), undefined_to_none=False)


def evaluate(text: str, context: dict) -> Any:
    """One check/condition/derived expression, within EXPR_SECONDS and the sandbox's limits."""
    with time_limit(EXPR_SECONDS):
        value = _expr(text)(**context)
    if isinstance(value, str) and len(value) > MAX_SEQ:
        raise GenreLimit("表达式的结果过长")
    return value


@lru_cache(maxsize=512)
def _string_template(text: str):
    return env_for(None).get_template("str:" + text)


def render_string(text: str, context: dict) -> str:
    # compiled once per text: batch renders the same document title template for every row
    with time_limit(EXPR_SECONDS):
        return render_bounded(_string_template(text), context, 10_000)


def derive(genre: "Genre", facts: dict) -> dict:
    """Compute derived figures in order; each may use the facts and earlier ones."""
    context = dict(facts)
    out: dict = {}
    for i, d in enumerate(genre.derived):
        try:
            value = evaluate(d.expr, context)
        except RUN_ERRORS as e:
            # the genre's expression failed on facts that passed the schema: a genre error
            where = genre.source.where(("derived", i)) if genre.source else genre.genre_file
            raise GwError(f"体裁定义有误：{where} derived[{i + 1}]：计算派生数字 {d.name}"
                          f"{f'（{d.title}）' if d.title else ''}出错：{_explain(e)}") from None
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


LAYOUTS = {"文件格式": False, "文件": False, "file": False, "信函格式": True, "信函": True, "letter": True}


def letter_layout(doc_facts: dict) -> bool:
    """document.layout: 文件格式 (default) or 信函格式 (GB/T 9704 §10.1); document.letter: true
    says the same. A genre chooses it in its document_defaults."""
    value = doc_facts.get("layout")
    if value is None or (isinstance(value, str) and not value.strip()):
        return bool(doc_facts.get("letter"))
    key = str(value).strip()
    if key not in LAYOUTS:
        raise GwError(f"document.layout 的值“{key}”无效：应为“文件格式”或“信函格式”（GB/T 9704 第10.1条）")
    return LAYOUTS[key]


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
        return [signature if letter_layout(doc_facts) else signature + "文件"]
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
    try:
        with time_limit(RENDER_SECONDS):
            text = render_bounded(env_for(genre.folder).get_template(genre.body), context)
    except TemplateSyntaxError as e:
        raise GwError(f"体裁定义有误：{e.filename or template_path} 第{e.lineno}行：模板语法错误（{syntax_zh(e.message)}）") from None
    except RUN_ERRORS as e:
        place = _template_place(e, genre.folder)
        where = f"{place[0]} 第{place[1]}行" if place else str(template_path)
        raise GwError(f"体裁定义有误：生成正文出错：{where}：{_explain(e)}") from None
    doc_facts = dict(facts.get("document") or {})
    for key, tmpl in genre.document_defaults.items():
        if not doc_facts.get(key):
            try:
                doc_facts[key] = render_string(tmpl, context).strip()
            except RUN_ERRORS as e:
                where = genre.source.where(("document_defaults", key)) if genre.source else genre.genre_file
                raise GwError(f"体裁定义有误：生成 document.{key} 默认值出错：{where}：{_explain(e)}") from None
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
        letter=letter_layout(doc_facts),
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
