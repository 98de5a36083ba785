"""`gwreport format` (lay a draft out to GB/T 9704) and `gwreport pdf` (convert with LibreOffice)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .errors import GwError


def register(app: typer.Typer) -> None:
    app.command("format", help="把 Word 草稿（.docx）按 GB/T 9704 排版：页面、页边距、各要素字体字号、"
                               "行距、页码；不改动任何文字、表格和批注，不覆盖原稿。")(format_cmd)
    app.command("pdf", help="用 LibreOffice 把 .docx 转为 PDF（同名，放在原文件旁），"
                            "并报告字体替换；--verify 检查页码位置和每页行数。")(pdf_cmd)


def format_cmd(
    draft: Path = typer.Argument(..., metavar="文档.docx", help="要排版的 Word 文档（.docx）。", show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="输出文件（.docx）；默认在原稿旁生成“原名-排版稿.docx”。"),
    profile: Optional[str] = typer.Option(None, "--profile",
                                          help="排版配置：gbt9704（默认，方正小标宋简体/仿宋_GB2312/楷体_GB2312）、"
                                               "windows（Windows 自带的仿宋/楷体/宋体），或 YAML 文件路径。"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只列出将要做的修改，不写文件。"),
) -> None:
    from .cli import fail

    try:
        from .docxformat import default_output, format_docx

        out = output if output is not None else default_output(draft)
        rep = format_docx(draft, out, profile, dry_run=dry_run)
        typer.echo(rep.text())
    except GwError as e:
        fail(e)
    except (ValueError, KeyError, AttributeError, TypeError, IndexError, RecursionError, SyntaxError) as e:
        # python-docx/lxml on a package that opens but is malformed inside (undefined entity,
        # odd namespaces): the output was not written (atomic), the draft is untouched
        from .errors import InputError
        fail(InputError(f"{draft}：文件内部结构异常，无法排版（可能已损坏）；原稿未改动，"
                        "请在 Word 或 WPS 中打开后另存为 .docx 再试"))


def pdf_cmd(
    docx_file: Path = typer.Argument(..., metavar="文档.docx", help="要转换的 Word 文档（.docx）。",
                                     show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出的 PDF 文件；默认与原文件同名。"),
    verify: bool = typer.Option(False, "--verify",
                                help="转换后检查版式：页码“— N —”单页居右、双页居左，每页约 22 行。"),
    font_dir: List[Path] = typer.Option([], "--font-dir",
                                        help="另外使用这个文件夹里的字体（如单位提供的方正小标宋、仿宋_GB2312），可多次指定。"),
    profile: Optional[str] = typer.Option(None, "--profile", help="检查时使用的排版配置（同 format）。"),
) -> None:
    from .cli import fail

    try:
        from .pdf import to_pdf, verify_pdf

        res = to_pdf(docx_file, output, font_dirs=font_dir)
        typer.echo(f"已生成：{res.pdf}（用时 {res.seconds:.1f} 秒）")
        typer.echo(res.report())
        if verify:
            rep = verify_pdf(res.pdf, profile)
            typer.echo(rep.summary())
            if not rep.ok:
                raise typer.Exit(1)
    except GwError as e:
        fail(e)
