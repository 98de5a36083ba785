"""Findings as terminal text: `path:line:column: 级别 规则 说明`, the sentence around the
span, and suggestions. Shared by `check` and `build` (findings on the generated text)."""
from __future__ import annotations

import os
import re
import sys
from typing import Any, Callable, Iterable

import click

SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEV_COLOR = {"error": "red", "warning": "yellow", "info": "cyan"}
_SENTENCE_END = re.compile(r"[。！？；]")


def use_color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def excerpt(text: str, s: int, e: int, width: int = 30) -> tuple[str, str, str]:
    """The sentence around [s, e), clipped to about width characters each side."""
    starts = [m.end() for m in _SENTENCE_END.finditer(text[:s])]
    a = starts[-1] if starts else 0
    m = _SENTENCE_END.search(text[e:])
    b = e + m.end() if m else len(text)
    a = max(a, s - width)
    b = min(b, e + width)
    pre = ("…" if a > 0 else "") + text[a:s].lstrip()
    post = text[e:b].rstrip() + ("…" if b < len(text.rstrip()) else "")
    return pre, text[s:e], post


def _page_place(draft, f) -> str:
    """（第2页第5行） for .pdf/.ofd drafts, where the unit number is not what the clerk sees."""
    if not getattr(draft, "places", None):
        return ""
    from ..formats import place_zh
    p = place_zh(draft, f.line, f.column)
    return f"（{p}）" if "页" in p else ""


def summary(results, unreadable: int = 0, ignored: int | None = None) -> dict:
    allf = [x for _, fs in results for x in fs]
    out = {"files": len(results),
           "errors": sum(x.severity == "error" for x in allf),
           "warnings": sum(x.severity == "warning" for x in allf),
           "infos": sum(x.severity == "info" for x in allf)}
    if unreadable:
        out["unreadable"] = unreadable  # only present when a file could not be read (exit 2)
    from ..proofread.severe_data import leaders_as_of
    out["severe"] = sum(x.rule.startswith("GW0") for x in allf)  # 严重表述错误 (GW0xx)
    out["leaders_as_of"] = leaders_as_of()
    if ignored is not None:
        out["ignored"] = ignored  # findings matched by .gwreport-ignore (present when the list is used)
    return out


def summary_line(results, failed=(), ignored: int = 0) -> str:
    """The closing line; never says 未发现问题 when a file could not be read."""
    line = _summary_line(results, failed)
    if ignored:
        line = line.rstrip("。") + f"；另有 {ignored} 处已在忽略清单（.gwreport-ignore）中，未列出。"
    return line


def _summary_line(results, failed=()) -> str:
    s = summary(results)
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


def render(results: Iterable[tuple[Any, list]], failed=(), *, color: bool | None = None,
           echo: Callable[[str], None] = click.echo, closing: bool = True, ignored: int = 0) -> None:
    """results: (draft-like with .path and .units, findings) pairs; failed: unreadable paths."""
    results = list(results)
    color = use_color() if color is None else color

    def st(s, **kw):
        return click.style(s, **kw) if color else s

    from ..proofread.severe import CATEGORY, is_severe, severe_first
    from ..sanitize import escape_controls as esc  # draft text never drives the terminal
    for draft, findings in results:
        by_line = {u.line: u.text for u in draft.units}
        for f in severe_first(findings):
            sev = st(SEV_ZH.get(f.severity, f.severity), fg=SEV_COLOR.get(f.severity), bold=True)
            loc = st(esc(f"{draft.path}:{f.line}:{f.column}"), bold=True) + esc(_page_place(draft, f))
            cat = st(f"【{CATEGORY}】", fg="red", bold=True) if is_severe(f.rule) else ""
            echo(f"{loc}: {sev} {st(f.rule, dim=True)} {cat}{esc(f.message)}")
            pre, mid, post = (esc(x) for x in excerpt(by_line.get(f.line, ""), f.column - 1, f.end_column - 1))
            mark = st(mid, fg="red", underline=True, bold=True) if color else f"【{mid}】"
            if not mid:
                mark = st("▲", fg="red") if color else "【▲】"
            echo(f"    {pre}{mark}{post}")
            sug = [esc(x) for x in f.suggestions if x]
            if sug:
                echo(f"    建议：{' / '.join(sug)}" + ("（可用 --fix 自动修正）" if f.fix is not None else ""))
    if closing:
        echo(st(summary_line(results, list(failed), ignored), bold=True))
