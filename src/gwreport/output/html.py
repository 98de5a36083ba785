"""The 勘误表 as one self-contained HTML page (`check --format html [-o 勘误表.html]`).

Same content as the .xlsx (gwreport.output.errata): a summary by file and category, then one
row per finding. No scripts, no external resources; every text is escaped, so a draft's
`<script>` stays text. Prints on A4 landscape.
"""
from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any, Iterable

from .errata import SEV_ZH, errata_rows, failed_pairs, tallies

_CSS = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; font-size: 14px;
       margin: 16px; color: #222; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 24px; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #aaa; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #d9e1f2; position: sticky; top: 0; }
td.n { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
mark { background: none; color: #c00000; font-weight: bold; }
tr.error td.sev { background: #f8cbad; } tr.warning td.sev { background: #ffe699; }
tr.info td.sev { background: #ddebf7; }
tr.severe td.cat { color: #c00000; font-weight: bold; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
p.meta { color: #555; }
"""


def _e(s: Any) -> str:
    return escape(str(s), quote=True)


def render(results: Iterable[tuple[Any, list]], failed=(), config=None, *,
           ignored: dict[str, int] | None = None, title: str = "勘误表") -> str:
    results = list(results)
    rows = errata_rows(results, config)
    fails = failed_pairs(failed)
    files = [str(d.path) for d, _ in results]
    t = tallies(rows, files)
    ignored = ignored or {}
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{_e(title)}</h1>",
           f'<p class="meta">共校对 {len(results)} 个文件，发现问题 {len(rows)} 处'
           + (f"，已忽略 {sum(ignored.values())} 处" if ignored else "")
           + (f"，另有 {len(fails)} 个文件无法读取" if fails else "")
           + f"。生成时间：{datetime.now().strftime('%Y-%m-%d %H:%M')}（gwreport check）</p>"]

    out.append("<h2>汇总</h2><table><thead><tr><th>文件</th>"
               + "".join(f"<th>{_e(c)}</th>" for c in t.categories)
               + "<th>错误</th><th>警告</th><th>提示</th><th>合计</th>"
               + ("<th>已忽略</th>" if ignored else "") + "</tr></thead><tbody>")
    for f in t.files:
        sev = t.severities[f]
        out.append(f"<tr><td>{_e(f)}</td>" + "".join(f'<td class="n">{t.by_file[f][c]}</td>' for c in t.categories)
                   + "".join(f'<td class="n">{sev[s]}</td>' for s in SEV_ZH)
                   + f'<td class="n">{sum(t.by_file[f].values())}</td>'
                   + (f'<td class="n">{ignored.get(f, 0)}</td>' if ignored else "") + "</tr>")
    out.append("</tbody></table>")
    if fails:
        out.append("<h2>无法读取的文件</h2><table><thead><tr><th>文件</th><th>原因</th></tr></thead><tbody>")
        out += [f"<tr><td>{_e(p)}</td><td>{_e(w)}</td></tr>" for p, w in fails]
        out.append("</tbody></table>")

    out.append("<h2>问题清单</h2><table><thead><tr><th>序号</th><th>文件</th><th>位置</th><th>类别</th>"
               "<th>级别</th><th>原文（标红处为问题）</th><th>问题说明</th><th>修改建议</th><th>规则</th>"
               "<th>依据</th></tr></thead><tbody>")
    for i, r in enumerate(rows, 1):
        cls = r.severity + (" severe" if r.category == "严重表述错误" else "")
        sentence = f"{_e(r.before)}<mark>【{_e(r.marked or '▲')}】</mark>{_e(r.after)}"
        out.append(f'<tr class="{cls}"><td class="n">{i}</td><td>{_e(r.file)}</td>'
                   f'<td class="nowrap">{_e(r.place)}</td><td class="cat nowrap">{_e(r.category)}</td>'
                   f'<td class="sev nowrap">{_e(r.severity_zh)}</td><td>{sentence}</td>'
                   f"<td>{_e(r.message)}</td><td>{_e(r.suggestion)}</td>"
                   f'<td class="nowrap">{_e(r.rule)}</td><td>{_e(r.source)}</td></tr>')
    if not rows:
        out.append('<tr><td colspan="10">未发现问题。</td></tr>')
    out.append("</tbody></table></body></html>")
    return "\n".join(out) + "\n"


def write(results, output: str | Path, failed=(), config=None, *, inputs: Iterable = (),
          ignored: dict[str, int] | None = None) -> int:
    from ..safeio import atomic_write_text, guard_output

    results = list(results)
    target = guard_output(output, "html", inputs, label="勘误表")
    atomic_write_text(target, render(results, failed, config, ignored=ignored))
    return sum(len(fs) for _, fs in results)
