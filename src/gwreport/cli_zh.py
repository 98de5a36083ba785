"""Chinese wording for click's help and usage errors (clerks read Chinese).

click marks its strings for gettext; we swap in a small translation table instead of
shipping .mo files. Unknown strings stay English, so a click upgrade never breaks the CLI.
"""
from __future__ import annotations

import importlib
import re

_ZH = {
    "Usage:": "用法",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号后退出。",
    "Try '{command} {option}' for help.": "可用 '{command} {option}' 查看帮助。",
    "Error: {message}": "错误：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option: {name}": "没有选项：{name}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Did you mean {possibility}?": "是否为 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "是否为 {possibilities} 之一？",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Invalid value for {param_hint}: {message}": "参数 {param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取。",
    "file": "文件", "directory": "文件夹", "path": "路径",
    "integer": "整数", "float": "数字",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "(dynamic)": "（动态）",
    "Aborted!": "已中止。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "'{value}' is not one of {choices}.": "“{value}”不在可选值 {choices} 之中。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 之中。",
}


def _(text: str) -> str:
    return _ZH.get(text, text)


def _n(singular: str, plural: str, n: int) -> str:
    return _ZH.get(singular if n == 1 else plural, singular if n == 1 else plural)


_CLEAN = [
    (re.compile(r"[。.]*\s*Did you mean ([^?]+)\?\s*是否为 [^？]+？"), r"，是否为 \1？"),
    (re.compile(r"[。.]*\s*Did you mean ([^?]+)\?"), r"，是否为 \1？"),
    (re.compile(r"。\s*是否为"), "，是否为"),
    (re.compile(r"(?<=[^。.])\.$"), ""),
    (re.compile(r"。$"), ""),
]


def tidy(message: str) -> str:
    """Mend the English punctuation click and typer wrap around translated pieces."""
    for rx, repl in _CLEAN:
        message = rx.sub(repl, message)
    return message


def _keep_argument_help() -> None:
    """click ≥ 8.2 sets Parameter.help itself, wiping the help typer stored on arguments first,
    so `gwreport build --help` listed FACTS with no description. Put it back."""
    try:
        from typer.core import TyperArgument
    except ImportError:
        return
    orig = TyperArgument.__init__
    if getattr(orig, "_gw_keeps_help", False):
        return

    def init(self, *args, help=None, **kwargs):  # noqa: A002 - click's name
        orig(self, *args, help=help, **kwargs)
        if help is not None and getattr(self, "help", None) is None:
            self.help = help

    init._gw_keeps_help = True
    TyperArgument.__init__ = init


_USAGE_ZH = {"[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]..."}


def _chinese_usage() -> None:
    """The usage line click prints ("用法 gwreport build [OPTIONS] FACTS") in Chinese."""
    try:
        core = importlib.import_module("click.core")
    except ImportError:
        return
    for cls in (core.Command, getattr(core, "Group", None)):
        if cls is None or "collect_usage_pieces" not in cls.__dict__:
            continue
        orig = cls.__dict__["collect_usage_pieces"]
        if getattr(orig, "_gw_zh", False):
            continue

        def pieces(self, ctx, _orig=orig):
            return [_USAGE_ZH.get(p, p) for p in _orig(self, ctx)]

        pieces._gw_zh = True
        cls.collect_usage_pieces = pieces


def _single_arguments_section() -> None:
    """click ≥ 8.5 lists documented arguments itself; typer already does, so keep one list."""
    try:
        import click.core as ccore
    except ImportError:
        return
    if "format_arguments" in ccore.Command.__dict__:
        ccore.Command.format_arguments = lambda self, ctx, formatter: None


def display_width(text: str) -> int:
    """Terminal columns: East Asian Wide and Fullwidth characters take two, ANSI codes none."""
    if text.isascii():
        return len(_ANSI_RE.sub("", text)) if "\x1b" in text else len(text)
    import unicodedata

    text = _ANSI_RE.sub("", text)
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


_ANSI_RE = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")


def _truncate_columns(text: str, n: int) -> str:
    """The longest prefix of text that fits in n columns (ANSI codes kept, never cut)."""
    if n <= 0:
        return ""
    used = 0
    i = cut = 0
    while i < len(text):
        m = _ANSI_RE.match(text, i)
        if m is not None:
            i = m.end()
            continue
        w = display_width(text[i])
        if used + w > n:
            break
        used += w
        i += 1
        cut = i
    return text[:cut]


_CLAUSE_END = "，。；：、）"


def _short_help(help: str, max_length: int = 45) -> str:  # noqa: A002 - click's name
    """click's one-line command summary measured in columns: the first sentence (。 or .)
    when it fits, else cut after a clause inside the limit and marked with "..."."""
    words = help.partition("\n\n")[0].split()
    if words and words[0] == "\b":
        words = words[1:]
    text = " ".join(words)
    m = re.search(r"。|\.(?=\s|$)", text)
    if m is not None:
        text = text[:m.end()]
    if display_width(text) <= max_length:
        return text
    if max_length < 3:
        return "..."
    head = _truncate_columns(text, max_length - 3)
    clause = max(head.rfind(c) for c in _CLAUSE_END + " ")
    if clause >= len(head) // 2:
        head = head[:clause + 1]
    return head.rstrip(" ，、；：") + "..."


_NO_LINE_START = set("，。、；：？！）》」』”’〕】…%％,.;:?!)]}")
_NO_LINE_END = set("（《「『“‘〔【([{")


def _is_wide(ch: str) -> bool:
    import unicodedata

    return not ch.isascii() and unicodedata.east_asian_width(ch) in ("W", "F")


def _cjk_chunks(chunks: list[str]) -> list[str]:
    """textwrap breaks lines only at spaces, so a Chinese sentence was one long "word" and a
    line ended early before it. Let a line break between any two Chinese characters, but keep
    Latin words whole and closing punctuation off the start of a line (opening punctuation
    off its end), as Chinese typesetting does."""
    out: list[str] = []
    for chunk in chunks:
        if chunk.isascii() or chunk.isspace():
            out.append(chunk)
            continue
        pieces: list[str] = []
        for ch in chunk:
            if pieces and not _is_wide(ch) and not _is_wide(pieces[-1][-1]) \
                    and ch not in _NO_LINE_START:
                pieces[-1] += ch  # a Latin word or number stays whole
            else:
                pieces.append(ch)
        for piece in pieces:
            if out and not out[-1].isspace() and (piece[0] in _NO_LINE_START
                                                 or out[-1][-1] in _NO_LINE_END):
                out[-1] += piece
            else:
                out.append(piece)
    return out


def _wide_characters() -> None:
    """click measures help text in code points, so a Chinese character (two columns in a
    terminal) counted as one: option descriptions started in a ragged column and lines ran
    past the terminal width. Measure in columns instead. Each patch is applied only where
    click still has the function it replaces, so another click version is left alone."""
    try:
        compat = importlib.import_module("click._compat")
    except ImportError:
        return
    orig = getattr(compat, "term_len", None)
    if orig is None or getattr(orig, "_gw_wide", False):
        return
    display_width._gw_wide = True
    for name in ("click._compat", "click.formatting", "click._textwrap"):
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        if getattr(mod, "term_len", None) is orig:
            mod.term_len = display_width
    try:
        tw = importlib.import_module("click._textwrap")
        if callable(getattr(tw, "_truncate_visible", None)):
            tw._truncate_visible = _truncate_columns
        wrapper = getattr(tw, "TextWrapper", None)
        split = getattr(wrapper, "_split_chunks", None)
        if split is not None and not getattr(split, "_gw_wide", False):
            def split_chunks(self, text, _orig=split):
                return _cjk_chunks(_orig(self, text))

            split_chunks._gw_wide = True
            wrapper._split_chunks = split_chunks
    except ImportError:
        pass
    for name in ("click.utils", "click.core"):
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        if callable(getattr(mod, "_make_default_short_help", None)):
            mod._make_default_short_help = _short_help


def _safe_echo() -> None:
    """Everything the CLI prints goes through click.echo/typer.echo: show control and escape
    characters from drafts, facts and file names as `\\x1b` so they cannot drive the terminal.
    Colour codes survive only on a terminal (where gwreport itself styles output)."""
    try:
        import click
        import click.utils
        import typer
    except ImportError:
        return
    orig = click.utils.echo
    if getattr(orig, "_gw_safe", False):
        return
    from .sanitize import escape_controls

    def echo(message=None, file=None, nl=True, err=False, color=None, **kw):
        if isinstance(message, str):
            stream = file if file is not None else (click.utils._default_text_stderr() if err
                                                    else click.utils._default_text_stdout())
            try:
                tty = bool(stream is not None and stream.isatty())
            except (AttributeError, ValueError, OSError):
                tty = False
            message = escape_controls(message, keep_sgr=tty)
        return orig(message, file, nl, err, color, **kw)

    echo._gw_safe = True
    echo.__doc__ = orig.__doc__
    click.utils.echo = echo
    click.echo = echo
    typer.echo = echo


def install() -> None:
    _safe_echo()
    _keep_argument_help()
    _wide_characters()
    _single_arguments_section()
    _chinese_usage()
    try:
        exc = importlib.import_module("click.exceptions")
        import click

        def show(self, file=None):
            ctx = self.ctx
            if ctx is not None:
                click.echo(ctx.get_usage(), err=True)
                click.echo(f"可用 '{ctx.command_path} --help' 查看帮助。", err=True)
            click.echo(f"错误：{tidy(self.format_message())}", err=True)

        exc.UsageError.show = show
    except (ImportError, AttributeError):
        pass
    try:  # type names click prints in messages ("不是有效的整数") and as metavars (--jobs 整数)
        types = importlib.import_module("click.types")
        for cls, zh in (("IntParamType", "整数"), ("IntRange", "整数"), ("FloatParamType", "数字"),
                        ("FloatRange", "数字"), ("BoolParamType", "是/否"), ("StringParamType", "文字")):
            if hasattr(types, cls):
                getattr(types, cls).name = zh
    except ImportError:
        pass
    for name in ("typer.core", "click.core", "click.decorators", "click.exceptions",
                 "click.formatting", "click.parser", "click.types"):
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(mod, "_"):
            mod._ = _
        if hasattr(mod, "ngettext"):
            mod.ngettext = _n
