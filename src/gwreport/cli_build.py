"""`gwreport build`: one facts file → one GB/T 9704 .docx."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .errors import GwError


def register(app: typer.Typer) -> None:
    app.command("build", help="由事实文件（YAML）生成符合 GB/T 9704 的报告 .docx，生成前自动校对。")(build)


def build(
    facts: Path = typer.Argument(..., metavar="事实文件", help="事实文件（.yaml），顶层 genre 字段指明体裁。", show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出 .docx 路径；默认按公文标题命名，放在当前目录。"),
    force: bool = typer.Option(False, "--force", help="校对发现错误时仍然生成文档。"),
    no_check: bool = typer.Option(False, "--no-check", help="跳过校对（不推荐）。"),
    genre: Optional[str] = typer.Option(None, "--genre", help="指定体裁（标识或中文名），覆盖事实文件中的 genre。"),
    templates: List[Path] = typer.Option([], "--templates", help="用户体裁目录，可重复；同名体裁覆盖内置体裁。"),
    config: Optional[Path] = typer.Option(None, "--config", help="配置文件路径；默认向上查找 .gwreport.yaml。"),
    reference: Optional[Path] = typer.Option(None, "--template", help="参考 .docx：沿用其中的样式（红头、字体等）。"),
    pdf: bool = typer.Option(False, "--pdf", help="同时用 LibreOffice 转出同名 PDF。"),
    font_dir: List[Path] = typer.Option([], "--font-dir", help="转 PDF 时另外使用这个文件夹里的字体（如方正小标宋、仿宋_GB2312），可多次指定。"),
    profile: Optional[str] = typer.Option(None, "--profile", help="字体方案：gbt9704（默认，方正小标宋简体/仿宋_GB2312 等）、windows（Windows 自带仿宋/楷体），或 YAML 方案文件。"),
) -> None:
    from .cli import fail
    try:
        _build(facts, output, force, no_check, genre, templates, config, reference, pdf, profile, font_dir)
    except GwError as e:
        fail(e)


def _build(facts, output, force, no_check, genre, templates, config, reference, pdf, profile,
           font_dir=()) -> None:
    from .config import load_config
    from .docx_writer import write_docx
    from .fsutil import check_output, safe_filename
    from .genre import GenreRegistry
    from .pipeline import build_file, default_checker

    from .profile import load_profile
    layout_profile = load_profile(profile)  # a wrong name fails before any work is done
    for d in font_dir:
        if not Path(d).is_dir():
            raise GwError(f"--font-dir {d}：字体文件夹不存在", exit_code=2)
    if reference is not None and Path(reference).is_dir():
        raise GwError(f"--template 应为参考 Word 文件（.docx），而 {reference} 是文件夹。"
                      f"要加载自定义体裁目录，请用 --templates {reference}（复数 templates）", exit_code=2)
    cfg = load_config(Path.cwd(), config)
    if profile is None and cfg.layout_profile:
        # the config's layout_profile, the same one `check` audits with (config resolved once)
        layout_profile = load_profile(cfg.layout_profile)
    extra = list(templates) + list(cfg.templates)
    registry = GenreRegistry(extra)
    checker = None if no_check else default_checker(cfg)
    result = build_file(facts, registry, checker=checker, genre_override=genre)
    doc = result.document
    if output is None:
        output = Path.cwd() / (safe_filename(doc.title) + ".docx")
    check_output(output, suffix=".docx", inputs=(facts,) + ((reference,) if reference else ()))
    if result.findings:
        _print_findings(doc, result.findings)
        _print_sources(result)
    if result.errors and not force:
        raise GwError(f"校对发现 {len(result.errors)} 处错误，未生成文档。请修改事实文件后重试，"
                      "或加 --force 仍然生成。", exit_code=1)
    write_docx(doc, output, profile=layout_profile, reference=reference)
    typer.echo(f"已生成：{output}")
    if pdf:
        from .pdf import to_pdf
        pdf_path = output.with_suffix(".pdf")
        res = to_pdf(output, pdf_path, font_dirs=font_dir)
        typer.echo(f"已生成：{res.pdf}")
        typer.echo(res.report())



def _print_findings(doc, findings) -> None:
    """Findings on the generated text, shown like `gwreport check` (line = paragraph of the .docx)."""
    from types import SimpleNamespace

    from .output import console
    console.render([(SimpleNamespace(path="生成稿", units=doc.text_units()), findings)], echo=typer.echo)


def _print_sources(result) -> None:
    """Tell the clerk which line of the facts file to change for each finding."""
    from .pipeline import locate_in_facts
    units = result.document.text_units()
    lines = []
    for f in result.findings:
        if not (1 <= f.line <= len(units)):
            continue
        where = locate_in_facts(result.facts, units[f.line - 1].text, f)
        label = f"生成稿第{f.line}段“{f.text}”" if f.text else f"生成稿第{f.line}段"
        lines.append(f"  {label}：{where}" if where else f"  {label}：来自体裁模板或文档要素")
    if lines:
        typer.echo("在事实文件中的位置：", err=True)
        for line in dict.fromkeys(lines):
            typer.echo(line, err=True)
