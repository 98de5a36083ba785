"""Thin command-line layer: parse arguments, call one stage, print Chinese messages.

Heavy modules are imported inside commands so `gwreport --help` stays instant.
"""
from __future__ import annotations

import importlib
import os
import sys

os.environ.setdefault("TYPER_USE_RICH", "0")  # plain help; rich costs start-up time
from pathlib import Path
from typing import Optional

import typer

from . import __version__, cli_zh
from .errors import GwError

cli_zh.install()

app = typer.Typer(
    name="gwreport",
    help="公文报告生成与校对：按 GB/T 9704-2012 生成报告，校对错别字与规范用语。",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},  # -h as well (inherited by every command)
)

# Each area registers its commands from its own module (see register()).
COMMAND_MODULES: list[str] = ["cli_build", "cli_check", "cli_genres", "cli_batch", "cli_layout", "cli_serve"]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gwreport {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", help="显示版本号后退出。",
                                 callback=_version, is_eager=True),
) -> None:
    """公文报告生成与校对工具。"""


def fail(err: GwError) -> None:
    typer.echo(f"错误：{err.message}" if "\n" not in err.message else f"错误：\n{err.message}",
               err=True)
    raise typer.Exit(err.exit_code)


for _name in COMMAND_MODULES:
    importlib.import_module(f"gwreport.{_name}").register(app)

# The one-line summaries in `gwreport --help` go through typer's supported short_help: the first
# sentence, or a clause-aligned cut, measured in terminal columns (a Chinese character is two),
# short enough for an 80-column terminal next to the longest command name.
for _info in app.registered_commands:
    if _info.short_help is None and _info.help:
        _info.short_help = cli_zh._short_help(_info.help, 80 - 12)


def _tolerant_streams() -> None:
    """Output redirected on a Chinese Windows (`gwreport check 草稿.txt > 结果.txt`) is GBK; a draft's
    CO₂ or emoji must not crash the report with UnicodeEncodeError — print '?' for what GBK lacks."""
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", "") or "").lower().replace("-", "").replace("_", "")
        if enc not in ("utf8", "utf8sig"):
            try:
                stream.reconfigure(errors="replace")
            except (AttributeError, ValueError, OSError):
                pass


def main() -> None:
    _tolerant_streams()
    try:
        app()
    except GwError as err:  # a command that did not catch its own error
        typer.echo(f"错误：{err.message}", err=True)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        typer.echo("已取消。", err=True)
        sys.exit(130)
    except MemoryError:
        typer.echo("错误：内存不足，已停止（输入文件未改动）。可能是输入文件过大或结构异常", err=True)
        sys.exit(2)
    except Exception:  # noqa: BLE001 - last resort: a clerk never sees a Python traceback
        if os.environ.get("GWREPORT_DEBUG"):
            raise
        typer.echo("错误：处理时出现未预料的内部错误，已停止（输入文件未改动，未写出不完整的文件）。"
                   "请把所用命令和文件反馈给维护人员；设置环境变量 GWREPORT_DEBUG=1 可显示详细信息", err=True)
        sys.exit(2)
