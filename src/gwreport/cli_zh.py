"""Chinese wording for the help and usage errors produced by Typer's bundled click.

Typer hard-codes English strings; clerks read Chinese, so we patch the few that show up.
Every patch is guarded: if Typer changes, the CLI falls back to English, never breaks.
"""
from __future__ import annotations

import re
import sys

_WORDS = {"Arguments": "参数", "Options": "选项", "Commands": "命令", "required": "必填",
          "(dynamic)": "（动态）", "Aborted!": "已中止。"}

_MESSAGES = [
    (re.compile(r"^Missing argument '([^']+)'\.?$"), r"缺少参数 \1"),
    (re.compile(r"^Missing option '([^']+)'\.?$"), r"缺少选项 \1"),
    (re.compile(r"^No such option: (\S+)(?: Did you mean (\S+)\?)?$"),
     lambda m: f"没有选项 {m.group(1)}" + (f"，是否为 {m.group(2)}？" if m.group(2) else "")),
    (re.compile(r"^No such command '([^']+)'\.(?: Did you mean '([^']+)'\?)?$"),
     lambda m: f"没有命令 {m.group(1)}" + (f"，是否为 {m.group(2)}？" if m.group(2) else "（可用 gwreport --help 查看全部命令）")),
    (re.compile(r"^Missing command\.?$"), "缺少命令"),
    (re.compile(r"^Got unexpected extra arguments? \((.*)\)$"), r"多余的参数：\1"),
    (re.compile(r"^Option '([^']+)' requires an argument\.?$"), r"选项 \1 需要一个值"),
    (re.compile(r"^Invalid value for '([^']+)': (.*)$", re.S), r"参数 \1 的值无效：\2"),
    (re.compile(r"^'([^']*)' is not one of (.*)\.$"), r"“\1”不在可选值 \2 之中"),
    (re.compile(r"^'([^']*)' is not a valid integer\.$"), r"“\1”不是整数"),
    (re.compile(r"^(?:File|Path|Directory) '([^']*)' does not exist\.$"), r"找不到文件 \1"),
]


def zh_message(text: str) -> str:
    for rx, repl in _MESSAGES:
        if rx.search(text):
            return rx.sub(repl, text)
    return text


def install() -> None:
    try:
        import typer.core as tcore
        from typer._click import core as ccore, exceptions as cexc, formatting as cfmt
    except ImportError:
        return
    tcore._ = lambda s: _WORDS.get(s, s)

    orig_usage = cfmt.HelpFormatter.write_usage

    def write_usage(self, prog, args="", prefix=None):
        return orig_usage(self, prog, args, "用法：" if prefix is None else prefix)

    cfmt.HelpFormatter.write_usage = write_usage

    orig_help = ccore.Command.get_help_option

    def get_help_option(self, ctx):
        opt = orig_help(self, ctx)
        if opt is not None:
            opt.help = "显示本帮助并退出。"
        return opt

    ccore.Command.get_help_option = get_help_option

    def show(self, file=None):
        out = file or sys.stderr
        ctx = getattr(self, "ctx", None)
        if ctx is not None:
            print(ctx.get_usage(), file=out)
            print(f"可用 '{ctx.command_path} --help' 查看帮助。", file=out)
        print(f"错误：{zh_message(self.format_message())}", file=out)

    cexc.UsageError.show = show
