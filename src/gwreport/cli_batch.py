"""`gwreport batch`: one report per township from a spreadsheet, a summary, an optional roll-up."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .errors import GwError


def register(app: typer.Typer) -> None:
    app.command("batch", help=(
        "由填报表（.xlsx/.csv，或放事实文件的文件夹）为每个单位生成一份报告 .docx，"
        "并写出 summary.json 和 summary.xlsx；可加 --aggregate 生成全县汇总通报。"))(batch)


def batch(
    table: Path = typer.Argument(..., metavar="填报表", help="填报表：.xlsx、.csv（UTF-8 或 GBK），或放 .yaml 事实文件的文件夹。",
                                 show_default=False),
    output: Path = typer.Option(..., "-o", "--output", help="输出文件夹（每个单位一份 .docx，另有 summary.json/summary.xlsx）。",
                                show_default=False),
    base: Optional[Path] = typer.Option(None, "--base", help="公共事实文件（.yaml）：各单位相同的内容；表格每行的值覆盖它。"),
    genre: Optional[str] = typer.Option(None, "--genre", help="体裁（标识或中文名）；默认取公共事实文件中的 genre。"),
    lists: Optional[Path] = typer.Option(None, "--lists", help="清单文件（CSV 或 .xlsx）：存在问题、整改措施等成组内容；"
                                         "CSV 填报表默认读取同目录的“<表名>-清单.csv”。"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="并行进程数；默认为 CPU 核数。"),
    aggregate: Optional[str] = typer.Option(None, "--aggregate", help="另生成一份汇总文档的体裁，如 inspection-notice（检查情况通报）。"),
    aggregate_base: Optional[Path] = typer.Option(None, "--aggregate-base", help="汇总文档的公共事实文件（通报单位、整改要求等）。"),
    no_check: bool = typer.Option(False, "--no-check", help="跳过校对（不推荐）。"),
    force: bool = typer.Option(False, "--force", help="校对发现错误时仍然生成文档。"),
    templates: List[Path] = typer.Option([], "--templates", help="用户体裁目录，可重复；同名体裁覆盖内置体裁。"),
    config: Optional[Path] = typer.Option(None, "--config", help="配置文件路径；默认向上查找 .gwreport.yaml。"),
) -> None:
    from .cli import fail
    try:
        code = _batch(table, output, base, genre, lists, jobs, aggregate, aggregate_base, no_check, force,
                      templates, config)
    except GwError as e:
        fail(e)
        return
    if code:
        raise typer.Exit(code)


class _Bar:
    """typer's progress bar on a terminal; nothing when output is piped."""

    def __init__(self, total: int):
        # gwreport.progress writes to stderr itself: click.echo shows control characters as text
        from .progress import Progress
        self.bar = Progress(total, "生成报告")
        self.bar.__enter__()

    def update(self, n: int) -> None:
        self.bar.update(n)

    def __exit__(self, *exc) -> None:
        self.bar.__exit__(*exc)


def _batch(table, output, base, genre, lists, jobs, aggregate, aggregate_base, no_check, force,
           templates, config) -> int:
    from .batch import SUMMARY_JSON, SUMMARY_XLSX, run_batch
    from .config import load_config

    cfg = load_config(Path.cwd(), config)
    extra = list(templates) + list(cfg.templates)
    progress = _Bar if sys.stderr.isatty() else None
    report = run_batch(table, output, base=base, genre=genre, lists=lists, jobs=jobs, check=not no_check,
                       force=force, templates=extra, config=cfg, aggregate=aggregate,
                       aggregate_base=aggregate_base, progress_factory=progress)
    for w in report.warnings:
        typer.echo(f"警告：{w}", err=True)
    for r in report.skipped:
        typer.echo(f"跳过：{r.warnings[0] if r.warnings else r.source}", err=True)
    for r in report.results:
        if r.status == "failed":
            typer.echo(f"失败：{r.source}（{r.unit or '单位名称缺失'}）", err=True)
            for e in r.errors:
                typer.echo(f"  {e}", err=True)
    for w in report.aggregate_warnings:
        typer.echo(f"警告：{w}", err=True)
    for e in report.aggregate_errors:
        typer.echo(f"错误：{e}", err=True)
    n = len(report.results) - len(report.skipped)
    bad = len(report.failed)
    warned = sum(1 for r in report.results if r.status == "ok" and r.warnings)
    if warned:
        typer.echo(f"提示：{warned} 个生成成功的单位有警告（校对警告或单位名称重复），"
                   f"详见 {SUMMARY_JSON if report.summary_xlsx_error else SUMMARY_XLSX}", err=True)
    written = [n for n, bad in ((SUMMARY_XLSX, report.summary_xlsx_error), (SUMMARY_JSON, report.summary_json_error))
               if not bad]
    details = " / ".join(written) if written else "上方逐行信息"
    for note in report.notes:
        typer.echo(f"提示：{note}", err=True)
    if report.summary_json_error:
        typer.echo(f"警告：{report.summary_json_error}", err=True)
    if report.summary_xlsx_error:
        typer.echo(f"警告：{report.summary_xlsx_error}", err=True)
    skipped = f"（另跳过合计行 {len(report.skipped)} 行）" if report.skipped else ""
    typer.echo(f"共 {n} 个单位：成功 {n - bad} 个，失败 {bad} 个{skipped}。输出：{report.outdir}"
               f"（明细见 {details}）")
    if report.aggregate is not None:
        typer.echo(f"已生成汇总通报：{report.aggregate}")
    if report.interrupted:
        typer.echo(f"已中断（Ctrl-C）：另有 {report.interrupted} 个单位未生成；"
                   f"{'、'.join(written) or '汇总文件'}只包含已完成的单位。重新运行可补齐。", err=True)
        return 130
    return 1 if bad or report.aggregate_errors else 0
