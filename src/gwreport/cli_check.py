"""`gwreport check` (proofread drafts) and `gwreport rules` (list the rules)."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .errors import GwError

FORMATS = ("console", "json", "docx")
SPELLING = ("strict", "normal", "off")
SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEV_COLOR = {"error": "red", "warning": "yellow", "info": "cyan"}


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
    files: List[str] = typer.Argument(..., help="要校对的文件，可多个；- 表示从标准输入读取文本。",
                                      show_default=False),
    fmt: str = typer.Option("console", "--format", "-f", help="输出格式：console（默认）、json、docx（带批注的副本）。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出文件（--format docx 或 --fix 时必填）。"),
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
    force_text: bool = typer.Option(False, "--force-text", help="把 .yaml/.yml 等文件也当作普通文本校对（默认拒绝：事实文件请用 gwreport build）。"),
) -> None:
    from .cli import fail
    try:
        code = _check(files, fmt, output, fix, config, spelling, select, ignore, engine, model,
                      force_text=force_text, profile=profile)
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
        from .proofread.engine import get_engine
        from .proofread.ids import check_ids, known_rule_ids
        ids = known_rule_ids(get_engine(cfg))  # also validates the configuration's own ids
        check_ids(sel, ids, "--select ", prefix_ok=True)
        check_ids(ign, ids, "--ignore ", prefix_ok=True)
    if sel:
        cfg.select = sel
    if ign:
        cfg.ignore = set(cfg.ignore) | ign
    return cfg


def _check(files, fmt, output, fix, config, spelling, select, ignore, engine="builtin", model=None,
           force_text=False, profile=None) -> int:
    from .findings import Finding
    from .proofread import proofread
    from .readers import read_draft

    if fmt not in FORMATS:
        raise GwError(f"--format 的值 {fmt!r} 无效，应为 console、json 或 docx", exit_code=2)
    if (fix or fmt == "docx") and output is None:
        raise GwError("--fix 和 --format docx 需要用 -o 指定输出文件（不会覆盖原文件）", exit_code=2)
    if (fix or fmt == "docx") and len(files) != 1:
        raise GwError("--fix 和 --format docx 一次只能处理一个文件", exit_code=2)
    if fix and fmt == "docx":
        raise GwError("--fix 与 --format docx 不能同时使用", exit_code=2)
    cfg = _load_cfg(config, spelling, select, ignore)
    if fix or fmt == "docx":  # refuse a bad output before any work (safeio output guard)
        from .readers import WORD_SUFFIXES
        from .safeio import guard_output
        word = fmt == "docx" or Path(files[0]).suffix.lower() in WORD_SUFFIXES
        guard_output(output, "docx" if word else "text", (files[0], cfg.path))
    if profile is not None:
        from .config import resolve_layout_profile
        cfg.layout_profile = resolve_layout_profile(profile, None, "--profile")
    # pycorrector engine (spelling engineer, issue 4): replaces the built-in spelling rules
    if engine not in ("builtin", "pycorrector"):
        raise GwError(f"--engine 的值 {engine!r} 无效，应为 builtin 或 pycorrector", exit_code=2)
    if engine == "pycorrector":
        if model is None:
            raise GwError("--engine pycorrector 需要用 --model 指定本地模型目录或语言模型文件", exit_code=2)
        from .pycorrector_adapter import load_corrector
        corrector = load_corrector(model)
        cfg.spelling = "off"

    def analyse(draft) -> list[Finding]:
        """Every finding for a draft: rules, the pycorrector engine, .docx layout (GW9xx)."""
        from .findings import sort_findings
        findings = proofread(draft.units, cfg)
        if engine == "pycorrector":  # spelling engineer, issue 4
            from .pycorrector_adapter import pycorrector_findings
            findings = sort_findings(findings + pycorrector_findings(
                draft.units, model, getattr(cfg, "allow", ()) or (), corrector=corrector))
        if draft.kind == "docx":  # GB/T 9704 layout rules GW9xx (layout.py, added by the layout engineer)
            from .layout import findings_for_check
            findings = sort_findings(findings + findings_for_check(draft.document, cfg))
        return findings

    results: list[tuple[object, list[Finding]]] = []
    failed: list[str] = []
    for f in files:
        try:
            draft = read_draft(f, force_text=force_text)
        except GwError as e:
            typer.echo(f"错误：{e.message}", err=True)
            failed.append(f)
            continue
        findings = analyse(draft)
        results.append((draft, findings))

    if fix:
        if not results:
            return 2
        draft, findings = results[0]
        remaining = _apply_fixes(draft, findings, output, cfg, analyse)
        return 2 if failed else (1 if any(x.severity == "error" for x in remaining) else 0)
    if fmt == "docx":
        if not results:
            return 2
        draft, findings = results[0]
        _write_commented(draft, findings, output)
    elif fmt == "json":
        _print_json(results, len(failed))
    else:
        _print_console(results, failed)
    if failed:
        return 2
    return 1 if any(x.severity == "error" for _, fs in results for x in fs) else 0


# ---------------- output ----------------

def _summary(results, unreadable: int = 0) -> dict:
    allf = [x for _, fs in results for x in fs]
    out = {"files": len(results),
           "errors": sum(x.severity == "error" for x in allf),
           "warnings": sum(x.severity == "warning" for x in allf),
           "infos": sum(x.severity == "info" for x in allf)}
    if unreadable:
        out["unreadable"] = unreadable  # only present when a file could not be read (exit 2)
    from .proofread.severe_data import leaders_as_of
    out["severe"] = sum(x.rule.startswith("GW0") for x in allf)  # 严重表述错误 (GW0xx)
    out["leaders_as_of"] = leaders_as_of()
    return out


def _print_json(results, unreadable: int = 0) -> None:
    import json
    from .proofread.severe import severe_first
    data = {"files": [{"path": d.path, "findings": [f.to_json() for f in severe_first(fs)]} for d, fs in results],
            "summary": _summary(results, unreadable)}
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _use_color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def excerpt(text: str, s: int, e: int, width: int = 30) -> tuple[str, str, str]:
    """The sentence around [s, e), clipped to about width characters each side."""
    import re
    starts = [m.end() for m in re.finditer(r"[。！？；]", text[:s])]
    a = starts[-1] if starts else 0
    m = re.search(r"[。！？；]", text[e:])
    b = e + m.end() if m else len(text)
    a = max(a, s - width)
    b = min(b, e + width)
    pre = ("…" if a > 0 else "") + text[a:s].lstrip()
    post = text[e:b].rstrip() + ("…" if b < len(text.rstrip()) else "")
    return pre, text[s:e], post


def _print_console(results, failed=()) -> None:
    color = _use_color()

    def st(s, **kw):
        return typer.style(s, **kw) if color else s

    from .proofread.severe import CATEGORY, is_severe, severe_first
    for draft, findings in results:
        by_line = {u.line: u.text for u in draft.units}
        for f in severe_first(findings):
            sev = st(SEV_ZH.get(f.severity, f.severity), fg=SEV_COLOR.get(f.severity), bold=True)
            loc = st(f"{draft.path}:{f.line}:{f.column}", bold=True)
            cat = st(f"【{CATEGORY}】", fg="red", bold=True) if is_severe(f.rule) else ""
            typer.echo(f"{loc}: {sev} {st(f.rule, dim=True)} {cat}{f.message}")
            pre, mid, post = excerpt(by_line.get(f.line, ""), f.column - 1, f.end_column - 1)
            mark = st(mid, fg="red", underline=True, bold=True) if color else f"【{mid}】"
            if not mid:
                mark = st("▲", fg="red") if color else "【▲】"
            typer.echo(f"    {pre}{mark}{post}")
            sug = [x for x in f.suggestions if x]
            if sug:
                typer.echo(f"    建议：{' / '.join(sug)}" + ("（可用 --fix 自动修正）" if f.fix is not None else ""))
    typer.echo(st(summary_line(results, failed), bold=True))


def summary_line(results, failed=()) -> str:
    """The closing line; never says 未发现问题 when a file could not be read."""
    s = _summary(results)
    found = any(fs for _, fs in results)
    if found:
        line = f"共校对 {s['files']} 个文件：错误 {s['errors']} 处，警告 {s['warnings']} 处，提示 {s['infos']} 处。"
        if s.get("severe"):
            line = f"严重表述错误 {s['severe']} 处（可致网站单项否决，请先改）；" + line
    elif not failed:
        return f"共校对 {s['files']} 个文件，未发现问题。"
    elif s["files"]:
        line = f"共校对 {s['files']} 个文件，均无问题；"
    else:
        line = ""
    if failed:
        names = "、".join(failed[:3]) + ("等" if len(failed) > 3 else "")
        line = line.rstrip("。") + ("" if not line or line.endswith("；") else "；")
        line += (f"另有 {len(failed)} 个文件无法读取（{names}），未校对，见上方错误信息。" if s["files"]
                 else f"{len(failed)} 个文件无法读取（{names}），未校对，见上方错误信息。")
    return line


# ---------------- --fix ----------------

def planned_fixes(findings) -> dict[int, list]:
    """Safe fixes per line, non-overlapping, right to left."""
    per: dict[int, list] = {}
    for f in findings:
        if f.fix is not None and f.line == f.end_line:
            per.setdefault(f.line, []).append(f)
    for line, fs in per.items():
        fs.sort(key=lambda f: (f.column, f.end_column))
        kept, last_end = [], 0
        for f in fs:
            if f.column - 1 < last_end or (kept and f.column == kept[-1].column):
                continue
            kept.append(f)
            last_end = f.end_column - 1
        per[line] = list(reversed(kept))
    return per


def apply_to_text(text: str, fixes) -> str:
    for f in fixes:  # right to left
        text = text[:f.column - 1] + f.fix + text[f.end_column - 1:]
    return text


def _apply_fixes(draft, findings, output: Path, cfg, analyse=None):
    from .fsutil import atomic_path, check_output
    from .proofread import proofread
    from .readers import read_draft

    from .safeio import guard_output
    # a text draft's fix is text: never written over a .yaml, .docx, .xlsx… nor over the draft
    guard_output(output, "docx" if draft.kind == "docx" else "text", (draft.path, cfg.path))
    plan = planned_fixes(findings)
    changes = []
    if draft.kind == "docx":
        from .proofread.docx_edit import replace_span
        for line, fixes in plan.items():
            para = draft.paragraphs[line - 1]
            for f in fixes:
                if replace_span(para, f.column - 1, f.end_column - 1, f.fix):
                    changes.append(f)
        with atomic_path(Path(output)) as tmp:
            draft.document.save(str(tmp))
    else:
        lines = list(draft.raw_lines)
        for line, fixes in plan.items():
            lines[line - 1] = apply_to_text(lines[line - 1], fixes)
            changes.extend(fixes)
        data = draft.newline.join(lines) + draft.newline
        enc = draft.encoding or "utf-8"
        with atomic_path(Path(output)) as tmp:
            tmp.write_bytes(data.encode(enc if enc != "utf-16" else "utf-16", errors="replace"))
    changes.sort(key=lambda f: (f.line, f.column))
    for f in changes:
        if not f.text:
            change = f"插入“{f.fix}”"
        elif not f.fix:
            change = f"删除“{f.text}”"
        else:
            change = f"“{f.text}” → “{f.fix}”"
        typer.echo(f"{draft.path}:{f.line}:{f.column}: {f.rule} {change}")
    typer.echo(f"已应用 {len(changes)} 处安全修正，写入：{output}")
    after = read_draft(str(output), force_text=True)
    # everything still found counts: rules, layout (GW9xx) and fixes that could not be applied
    from .readers import shell_quote
    remaining = analyse(after) if analyse is not None else proofread(after.units, cfg)
    if remaining:
        typer.echo(f"另有 {len(remaining)} 处需要人工处理（未自动修改），"
                   f"可运行 gwreport check {shell_quote(output)} 查看。")
    return remaining


# ---------------- --format docx ----------------

def _write_commented(draft, findings, output: Path) -> None:
    from .fsutil import atomic_path, check_output
    if draft.kind != "docx":
        raise GwError("--format docx 只适用于 .docx 输入；文本文件请用 --format console 或 json", exit_code=2)
    check_output(output, suffix=".docx", inputs=(Path(draft.path),))
    from .proofread.docx_edit import add_comments
    n = add_comments(draft.document, draft.paragraphs, findings)
    with atomic_path(Path(output)) as tmp:
        draft.document.save(str(tmp))
    typer.echo(f"已写入带批注的审校稿：{output}（{n} 条批注）")


# ---------------- rules ----------------

def rules(
    fmt: str = typer.Option("console", "--format", "-f", help="输出格式：console 或 json。"),
    config: Optional[Path] = typer.Option(None, "--config", help="配置文件；默认向上查找 .gwreport.yaml。"),
) -> None:
    from .cli import fail
    try:
        from .config import load_config
        from .proofread import list_rules
        cfg = load_config(Path.cwd(), config)
        items = list_rules(cfg)
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
        fail(GwError(f"--format 的值 {fmt!r} 无效，应为 console 或 json", exit_code=2))
    from .proofread.sources import source_name
    typer.echo("编号    级别  启用  可自动修正  说明（依据）")
    for r, on in items:
        typer.echo(f"{r.id:<7} {SEV_ZH.get(r.severity, r.severity):<4} {'开' if on else '关':<4} "
                   f"{'是' if r.safe_fix else '否':<8} {r.description}（依据：{source_name(r.source)}）")
    typer.echo(f"共 {len(items)} 条规则；在 .gwreport.yaml 的 rules: 中可开关单条规则。")
    from .proofread.severe_data import leaders_as_of
    typer.echo(f"严重表述错误（GW0xx）的领导人名单核对至 {leaders_as_of(cfg)}（corpora/severe/leaders.yaml 的 as_of），"
               "职务变动后请更新，见 README“严重表述错误”一节。")
