"""`gwreport check` (proofread drafts) and `gwreport rules` (list the rules)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .errors import GwError

FORMATS = ("console", "json", "docx", "xlsx", "html")
SPELLING = ("strict", "normal", "off")
SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def register(app: typer.Typer) -> None:
    app.command("check", help="校对公文草稿（.txt、.md、.docx、.doc、.wps、.pdf、.ofd、.html 等，- 表示标准输入）：错别字、规范用语、"
                              "标点数字、标题层次、占位符、数字核对。")(check)
    app.command("rules", help="列出全部校对规则：编号、级别、依据、是否启用。")(rules)


def _split_ids(values: List[str]) -> set[str]:
    out: set[str] = set()
    for v in values or []:
        out.update(x.strip().upper() for x in v.replace("，", ",").split(",") if x.strip())
    return out


def check(
    files: List[str] = typer.Argument(..., help="要校对的文件或文件夹，可多个（文件夹会逐层查找可校对的文件，"
                                      "跳过隐藏文件和 ~$ 临时文件）；- 表示从标准输入读取文本。",
                                      show_default=False, metavar="文件或文件夹..."),
    fmt: str = typer.Option("console", "--format", "-f", help="输出格式：console（默认）、json、docx（带批注的副本）、"
                                                    "xlsx（勘误表）、html（网页版勘误表）。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出文件（--format docx、xlsx 或 --fix 时必填；"
                                          "html 不给时输出到屏幕）。"),
    track_changes: bool = typer.Option(False, "--track-changes", help="与 --format docx 合用：安全修正写成 Word 修订"
                                       "（可在 Word/WPS 审阅中逐条接受或拒绝），其余问题写成批注。"),
    fix: bool = typer.Option(False, "--fix", help="只应用安全的自动修正（标点全半角、空格、〔〕、标题序号等），写入 -o 指定的新文件。"),
    config: Optional[Path] = typer.Option(None, "--config", help="配置文件；默认向上查找 .gwreport.yaml。"),
    spelling: Optional[str] = typer.Option(None, "--spelling", help="统计拼写检查：strict、normal（默认）、off。"),
    select: List[str] = typer.Option([], "--select", help="只用这些规则（编号或前缀，逗号分隔，如 GW1,GW301）。"),
    ignore: List[str] = typer.Option([], "--ignore", help="不用这些规则（编号或前缀，逗号分隔）。"),
    # --engine/--model: pycorrector adapter (added by the spelling engineer, issue 4)
    engine: str = typer.Option("builtin", "--engine", help="错别字引擎：builtin（默认，内置统计模型）或 "
                               "pycorrector（需安装 gwreport[pycorrector]，并用 --model 指定本地模型）。"),
    model: Optional[Path] = typer.Option(None, "--model", help="pycorrector 引擎的本地模型：MacBERT 模型目录或 kenlm 语言模型文件。"),
    profile: Optional[str] = typer.Option(None, "--profile", help="版式检查（.docx）依据的字体方案，与 build --profile 相同："
                                          "gbt9704（默认）、windows（Windows 自带仿宋/楷体），或 YAML 方案文件。"),
    write_ignore: bool = typer.Option(False, "--write-ignore", help="把本次发现的问题全部记入忽略清单 .gwreport-ignore"
                                      "（作为基线，以后不再报告；清单为纯文本，可手工增删）。"),
    ignore_file: Optional[Path] = typer.Option(None, "--ignore-file", help="忽略清单文件；默认为 .gwreport.yaml 所在文件夹"
                                               "（没有配置文件时为当前文件夹）的 .gwreport-ignore。",
                                               metavar="清单文件"),
    jobs: Optional[int] = typer.Option(None, "-j", "--jobs", help="同时校对的文件数（多个文件或文件夹时；默认按 CPU 核数）。",
                                       show_default=False, metavar="数量"),
    force_text: bool = typer.Option(False, "--force-text", help="把 .yaml/.yml 等文件也当作普通文本校对（默认拒绝：事实文件请用 gwreport build）。"),
) -> None:
    from .cli import fail
    try:
        code = _check(files, fmt, output, fix, config, spelling, select, ignore, engine, model,
                      force_text=force_text, profile=profile, track_changes=track_changes, jobs=jobs,
                      write_ignore=write_ignore, ignore_file=ignore_file)
    except GwError as e:
        fail(e)
    raise typer.Exit(code)


def _load_cfg(config, spelling, select, ignore):
    from .config import load_config
    cfg = load_config(Path.cwd(), config)
    if spelling is not None:
        if spelling not in SPELLING:
            raise GwError(f"--spelling 的值 {spelling!r} 无效，应为 strict、normal 或 off", exit_code=2)
        cfg.spelling = spelling
    sel, ign = _split_ids(select), _split_ids(ignore)
    if sel or ign:
        from .proofread.configured import get_engine
        from .proofread.ids import check_ids, known_rule_ids
        ids = known_rule_ids(get_engine(cfg))  # also validates the configuration's own ids
        check_ids(sel, ids, "--select ", prefix_ok=True)
        check_ids(ign, ids, "--ignore ", prefix_ok=True)
    cfg.cli_select, cfg.cli_ignore = sel, ign  # the command line's layer (gwreport.rules)
    return cfg


def _check(files, fmt, output, fix, config, spelling, select, ignore, engine="builtin", model=None,
           force_text=False, profile=None, track_changes=False, jobs=None, write_ignore=False,
           ignore_file=None) -> int:
    from .check import Checker, expand_sources

    if fmt not in FORMATS:
        raise GwError(f"--format 的值 {fmt!r} 无效，应为 console、json、docx、xlsx 或 html", exit_code=2)
    if fmt == "xlsx" and output is None:
        raise GwError("--format xlsx 需要用 -o 指定勘误表文件，如 -o 勘误表.xlsx", exit_code=2)
    if (fix or fmt == "docx") and output is None:
        raise GwError("--fix 和 --format docx 需要用 -o 指定输出文件（不会覆盖原文件）", exit_code=2)
    if fix and fmt in ("xlsx", "html"):
        raise GwError(f"--fix 与 --format {fmt} 不能同时使用：先用 --fix 修正，再对修正后的文件生成勘误表", exit_code=2)
    if jobs is not None and jobs < 1:
        raise GwError(f"-j/--jobs 的值应为正整数，而不是 {jobs}", exit_code=2)
    if (fix or fmt == "docx") and (len(files) != 1 or Path(files[0]).is_dir()):
        raise GwError("--fix 和 --format docx 一次只能处理一个文件（文件夹请用 --format xlsx -o 勘误表.xlsx）", exit_code=2)
    if fix and fmt == "docx":
        raise GwError("--fix 与 --format docx 不能同时使用（要把修正写成修订，请用 --format docx --track-changes）", exit_code=2)
    if write_ignore and (fix or fmt != "console"):
        raise GwError("--write-ignore 只记录忽略清单，不能与 --fix 或 --format 同时使用", exit_code=2)
    if track_changes and fmt != "docx":
        raise GwError("--track-changes 需与 --format docx 合用：gwreport check 稿.docx --format docx --track-changes -o 修订稿.docx", exit_code=2)
    cfg = _load_cfg(config, spelling, select, ignore)
    if fix or fmt == "docx":  # refuse a bad output before any work (safeio output guard)
        from .readers import WORD_SUFFIXES
        from .safeio import guard_output
        word = fmt == "docx" or Path(files[0]).suffix.lower() in WORD_SUFFIXES
        guard_output(output, "docx" if word else "text", (files[0], cfg.path))
    sources, empty = expand_sources(files)
    if output is not None:  # a report written into the checked folder is not a draft of the next run
        from .safeio import _same
        sources = [x for x in sources if x == "-" or not _same(Path(output), Path(x))]
    if fmt in ("xlsx", "html") and output is not None:
        from .safeio import guard_output
        guard_output(output, fmt, (*files, *sources, cfg.path), label="勘误表")
    if fmt == "json" and output is not None:
        from .safeio import guard_output
        guard_output(output, "json", (*files, *sources, cfg.path), label="JSON 结果文件")
    if fmt == "console" and output is not None and not fix:
        raise GwError("-o 只用于 --fix 或 --format docx、xlsx、html、json；"
                      "要把结果存成文件，请加 --format json 或 --format xlsx", exit_code=2)
    if profile is not None:
        from .config import resolve_layout_profile
        cfg.layout_profile = resolve_layout_profile(profile, None, "--profile")
    checker = Checker(cfg, engine=engine, model=model)
    from . import ignore as ignore_mod
    ign_path = ignore_mod.locate(cfg, ignore_file)
    ign = ignore_mod.load(ign_path)

    single = fix or fmt == "docx"
    stages = _Stages(["读取并校对", "应用安全修正" if fix else ("写入修订和批注" if track_changes else "写入批注")]
                     if single else [])
    with stages:
        run = _run(sources, checker, force_text, jobs, light=not single)
        stages.next()
        code = _finish(run, empty, fmt, output, fix, cfg, checker, files, ign, ign_path, write_ignore,
                       track_changes, stages)
    return code


def _finish(run, empty, fmt, output, fix, cfg, checker, files, ign, ign_path, write_ignore, track_changes,
            stages) -> int:
    from . import ignore as ignore_mod
    from .output import comments, console, fixed
    from .output import json as json_out
    from .readers import shell_quote

    run.failed[:0] = empty
    if run.failed:
        stages.close()
    for _, msg in run.failed:
        typer.echo(f"错误：{msg}", err=True)
    failed = [p for p, _ in run.failed]
    ignored_by_file: dict[str, int] = {}
    if ign and not write_ignore:
        for c in run.results:
            c.findings, dropped = ign.apply(c.draft, c.findings)
            ignored_by_file[str(c.draft.path)] = len(dropped)
    n_ignored = sum(ignored_by_file.values()) if ign and not write_ignore else None
    if n_ignored is not None:  # also between --fix / --track-changes passes
        analyse = checker.analyse
        checker.analyse = lambda d: ign.apply(d, analyse(d))[0]
    if write_ignore:
        added, total, covered = ignore_mod.write_baseline(ign_path, run.pairs(), existing=ign)
        typer.echo(f"已把本次的 {covered} 处问题记入忽略清单 {ign_path}（新增 {added} 条，共 {total} 条）；"
                   "以后校对时不再列出，只计入“已忽略”数目。"
                   "删除清单中的某一行即恢复报告该问题。")
        return 2 if failed else 0

    if fix:
        if not run.results:
            return 2
        draft, findings = run.results[0].draft, run.results[0].findings
        res = fixed.write(draft, findings, output, checker.analyse, config_path=cfg.path)
        stages.close()
        for c in res.changes:
            typer.echo(f"{draft.path}:{c.line}:{c.column}: {c.rule} {fixed.describe(c)}")
        typer.echo(f"已应用 {len(res.changes)} 处安全修正，写入：{output}")
        if res.remaining:
            typer.echo(f"另有 {len(res.remaining)} 处需要人工处理（未自动修改），"
                       f"可运行 gwreport check {shell_quote(output)} 查看。")
        return 2 if failed else (1 if any(x.severity == "error" for x in res.remaining) else 0)
    if fmt == "docx":
        if not run.results:
            return 2
        c = run.results[0]
        if track_changes:
            from .output import tracked
            res = tracked.write(c.draft, c.findings, output, checker.analyse, config_path=cfg.path)
            stages.close()
            typer.echo(f"已写入修订稿：{output}（{len(res.changes)} 处修订，{res.comments} 条批注）；"
                       "在 Word/WPS 的“审阅”中可逐条接受或拒绝")
            return 1 if any(x.severity == "error" for x in res.remaining) else 0
        n = comments.write(c.draft, c.findings, output)
        stages.close()
        typer.echo(f"已写入带批注的审校稿：{output}（{n} 条批注）")
    elif fmt == "json":
        text = json_out.render(run.pairs(), len(failed), n_ignored)
        if output is None:
            sys.stdout.write(text)
        else:
            from .safeio import atomic_write_text
            atomic_write_text(output, text)
            typer.echo(f"已写入 JSON 结果：{output}（{len(run.results)} 个文件）")
    elif fmt in ("xlsx", "html"):
        from .output import html as html_out
        from .output import xlsx as xlsx_out
        renderer = xlsx_out if fmt == "xlsx" else html_out
        if output is None:  # html to standard output
            sys.stdout.write(html_out.render(run.pairs(), run.failed, cfg, ignored=ignored_by_file or None))
        else:
            n = renderer.write(run.pairs(), output, run.failed, cfg, inputs=(*files, cfg.path),
                               ignored=ignored_by_file or None)
            typer.echo(f"已写入勘误表：{output}（{len(run.results)} 个文件，{n} 处问题"
                       + (f"，{len(failed)} 个文件无法读取" if failed else "") + "）")
    else:
        console.render(run.pairs(), failed, echo=typer.echo, ignored=n_ignored or 0)
    if failed:
        return 2
    return 1 if run.has_errors else 0


class _Stages:
    """A progress bar over the stages of a long one-file job (check --format docx, --fix) on a
    terminal only; nothing when stderr is piped."""

    def __init__(self, labels: list[str]) -> None:
        from .progress import Progress
        self.labels, self.i = labels, 0
        self.bar = Progress(len(labels), "处理") if labels else None

    def __enter__(self):
        if self.bar is not None:
            self.bar.set_item(self.labels[0])
        return self

    def next(self) -> None:
        if self.bar is not None and self.i < len(self.labels):
            self.i += 1
            self.bar.update(1, self.labels[self.i] if self.i < len(self.labels) else "完成")

    def close(self) -> None:
        """Finish the bar before the result lines are printed."""
        if self.bar is not None:
            while self.i < len(self.labels):
                self.next()
            self.bar.close()
            self.bar = None

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _run(sources, checker, force_text, jobs, light):
    """Check the files, in parallel when there are several, with a progress bar on a terminal."""
    from .check import check_files
    from .progress import Progress
    n = len(sources)
    if n < 2 or not sys.stderr.isatty():
        return check_files(sources, checker=checker, force_text=force_text, jobs=jobs if n > 1 else 1,
                           light=light)
    with Progress(n, "校对") as bar:
        return check_files(sources, checker=checker, force_text=force_text, jobs=jobs,
                           progress=lambda done, total, path: bar.update(1, Path(path).name), light=light)


# ---------------- rules ----------------

def rules(
    fmt: str = typer.Option("console", "--format", "-f", help="输出格式：console、json 或 xlsx（规则与词条表，需 -o）。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="--format xlsx 时写入的文件，如 -o 规则.xlsx。",
                                          metavar="文件"),
    config: Optional[Path] = typer.Option(None, "--config", help="配置文件；默认向上查找 .gwreport.yaml。"),
) -> None:
    from .cli import fail
    try:
        from .config import load_config
        from .proofread import list_rules
        cfg = load_config(Path.cwd(), config)
        items = list_rules(cfg)
        if fmt == "xlsx":
            if output is None:
                raise GwError("--format xlsx 需要用 -o 指定输出文件，如 -o 规则.xlsx", exit_code=2)
            from .output import rules_xlsx
            n = rules_xlsx.write(output, cfg, inputs=(cfg.path, *cfg.extra_packs))
            typer.echo(f"已写入规则表：{output}（{n} 条规则；“词条”工作表列出各词表的条目）")
            return
    except GwError as e:
        fail(e)
        return
    if fmt == "json":
        import json
        from .proofread.sources import source_name
        data = [{"id": r.id, "severity": r.severity, "description": r.description, "source": r.source,
                 "source_name": source_name(r.source), "safe_fix": r.safe_fix, "default": r.default_on, "enabled": on, "pack": r.pack,
                 "family": r.family} for r, on in items]
        from .proofread.severe_data import leaders_as_of
        for d in data:
            if d["id"].startswith("GW0"):
                d["as_of"] = leaders_as_of(cfg)  # the date the leaders pack was last checked
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt != "console":
        fail(GwError(f"--format 的值 {fmt!r} 无效，应为 console、json 或 xlsx", exit_code=2))
    from .proofread.sources import source_name
    typer.echo("编号    级别  启用  可自动修正  说明（依据）")
    for r, on in items:
        typer.echo(f"{r.id:<7} {SEV_ZH.get(r.severity, r.severity):<4} {'开' if on else '关':<4} "
                   f"{'是' if r.safe_fix else '否':<8} {r.description}（依据：{source_name(r.source)}）")
    typer.echo(f"共 {len(items)} 条规则；在 .gwreport.yaml 的 rules: 中可开关单条规则。")
    from .proofread.severe_data import leaders_as_of
    typer.echo(f"严重表述错误（GW0xx）的领导人名单核对至 {leaders_as_of(cfg)}（corpora/severe/leaders.yaml 的 as_of），"
               "职务变动后请更新，见 README“严重表述错误”一节。")
