"""The work the workbench does, as plain functions of server-made paths and JSON-like data, so
they run in the shared worker pool (processes) and return picklable results. Each calls the
library exactly as the CLI does: gwreport.check, gwreport.fixes, gwreport.output, the build
pipeline, batch.run_job, docxformat. Messages naming the server's temp file are rewritten to
the clerk's own file name."""
from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Any

from ..errors import FactsError, GwError

_STATE: dict[str, Any] = {}


# ------------------------------------------------------------------ worker set-up

def init_worker(config, warm: bool = True) -> None:
    """Load the configuration and warm everything a check touches (proofreader, statistical
    spelling model, .docx reader, layout audit) once per worker process, so no clerk's first
    upload pays for it."""
    _STATE["config"] = config
    if not warm:
        return
    try:
        import tempfile

        import docx
        with tempfile.TemporaryDirectory(prefix="gwreport-warm-") as tmp:
            d = docx.Document()
            d.add_paragraph("关于开展自查工作的报告")
            d.add_paragraph("县人民政府办公室：")
            d.add_paragraph("根据县政府办[2024]5号文件要求，镇党政办负责布署落实，现将有关情况报告如下。")
            d.save(str(Path(tmp) / "warm.docx"))
            check_task(str(Path(tmp) / "warm.docx"), "warm.docx")
    except Exception:
        pass  # the first real request reports any problem


def _config():
    from ..config import Config
    return _STATE.get("config") or Config()


def _checker():
    from ..check import Checker
    ch = _STATE.get("checker")
    if ch is None:
        ch = _STATE["checker"] = Checker(_config())
    return ch


def _clean(msg: str, path: Path | str, shown: str) -> str:
    """A library message with the server's temp path replaced by the clerk's file name."""
    p = str(path)
    out = msg.replace(p, shown)
    folder = str(Path(p).parent)
    return out.replace(folder + "/", "").replace(folder, "")


# ------------------------------------------------------------------ findings as data

_FIELDS = ("rule", "severity", "line", "column", "end_line", "end_column", "text", "message", "fix")


def finding_data(f) -> dict:
    """A finding as JSON-ready data (Finding.to_json's fields plus the safe fix); built by hand:
    dataclasses.asdict was a sixth of a 10-page check's time."""
    from ..proofread.registry import FAMILIES
    d = {k: getattr(f, k) for k in _FIELDS}
    d["suggestions"] = list(f.suggestions)
    d["category"] = FAMILIES.get(f.rule[2:3], "其他") if f.rule.startswith("GW") else "其他"
    return d


def to_finding(d: dict):
    from ..findings import Finding
    keys = {x.name for x in dataclasses.fields(Finding)}
    return Finding(**{k: v for k, v in d.items() if k in keys})


def is_label(suggestion: str) -> bool:
    """“（删去）”, “（删去空格）”: a description of the fix, not text to put in."""
    return suggestion.startswith("（删去")


def replacements(d: dict) -> list[str]:
    """What a clerk may put in place of a finding's text: its safe fix, then the suggestions
    that are text (not descriptions)."""
    out = [d["fix"]] if d.get("fix") is not None else []
    out += [x for x in d.get("suggestions") or [] if isinstance(x, str) and x and not is_label(x) and x not in out]
    return out


def rule_info(rule_ids) -> dict:
    """Description and source of each rule shown (for the explanation beside a finding)."""
    from ..proofread.sources import source_name
    from ..rules import rule_table
    table = rule_table(_config())
    out = {}
    for rid in set(rule_ids):
        r = table.get(rid)
        if r is not None:
            out[rid] = {"description": r.description, "source": source_name(r.source),
                        "family": r.family, "safe_fix": bool(r.safe_fix)}
    return out


def _draft_data(draft, findings) -> dict:
    from ..formats import place_zh
    from ..proofread.severe import severe_first
    fs = severe_first(findings)
    out = []
    for f in fs:
        d = finding_data(f)
        d["place"] = place_zh(draft, f.line, f.column)
        d["options"] = replacements(d)
        out.append(d)
    return {"kind": draft.kind, "source_kind": getattr(draft, "source_kind", None) or draft.kind,
            "units": [[u.line, u.text, u.role] for u in draft.units],
            "findings": out, "rules": rule_info(f.rule for f in fs)}


# ------------------------------------------------------------------ 校对

def check_task(path: str, shown: str) -> dict:
    import time
    from ..readers import read_draft
    t = time.perf_counter()
    try:
        draft = read_draft(path)
        findings = _checker().analyse(draft)
    except GwError as e:
        return {"error": _clean(e.message, path, shown)}
    out = _draft_data(draft, findings)
    out["seconds"] = time.perf_counter() - t
    return out


def _as_word(draft):
    """A Word document for any draft: the .docx itself, else one paragraph per line/paragraph
    (line numbers stay the paragraph numbers the findings point at)."""
    if draft.kind == "docx":
        return draft
    import docx
    document = docx.Document()
    paras = []
    for u in draft.units:
        paras.append(document.add_paragraph(u.text))
    return dataclasses.replace(draft, kind="docx", document=document, paragraphs=paras)


def _apply(draft, edits: list[dict], edit=None) -> int:
    """Apply the accepted replacements (one per finding), right to left per paragraph, skipping
    any that overlap one already applied or whose text is no longer where it was. edit(para,
    s, e, new) -> bool changes a Word paragraph (default: in place; tracked: a revision)."""
    from ..proofread.docx_edit import replace_span
    edit = edit or replace_span
    by_line: dict[int, list[dict]] = {}
    for e in edits:
        if e.get("line") == e.get("end_line"):
            by_line.setdefault(int(e["line"]), []).append(e)
    n = 0
    texts = {u.line: u.text for u in draft.units}
    for line, es in by_line.items():
        es.sort(key=lambda e: (-e["column"], -e["end_column"]))
        text = texts.get(line)
        if text is None:
            continue
        left = None
        for e in es:
            s, t = e["column"] - 1, e["end_column"] - 1
            if left is not None and t > left:
                continue  # overlaps an edit already made on this line
            if text[s:t] != e["text"]:
                continue
            if draft.kind == "docx":
                if not edit(draft.paragraphs[line - 1], s, t, e["replacement"]):
                    continue
            else:
                raw = draft.raw_lines[line - 1]
                draft.raw_lines[line - 1] = raw[:s] + e["replacement"] + raw[t:]
            left = s
            n += 1
    return n


def _still_there(word, remaining: list[dict]) -> list:
    """The open findings whose text is still where it was after the accepted edits (paragraphs
    re-read: an edit earlier in a paragraph moves the later ones)."""
    from ..readers import docx_units
    word.units, word.paragraphs = docx_units(word.document)
    by_line = {u.line: u.text for u in word.units}
    out = []
    for d in remaining:
        t = by_line.get(d["line"], "")
        if t[d["column"] - 1:d["end_column"] - 1] == d["text"]:
            out.append(to_finding(d))
    return out


def export_task(path: str, shown: str, mode: str, edits: list[dict], remaining: list[dict],
                out: str) -> dict:
    """mode:
    'fixed'    the clerk's accepted fixes applied (txt/md stay text in their encoding, others .docx);
    'reviewed' 修订稿: accepted fixes as Word tracked changes (gwreport.output.tracked), every
               finding still open as a comment;
    'comments' accepted fixes applied, open findings as comments (gwreport.output.comments);
    'safe'     every safe fix, planned by gwreport.fixes, as `check --fix`;
    'errata'   勘误表.xlsx of the findings not ignored (gwreport.output.xlsx)."""
    from ..output import comments, fixed
    from ..readers import read_draft
    from ..safeio import atomic_path, atomic_write_bytes
    try:
        draft = read_draft(path)
        if mode == "errata":
            import dataclasses as dc

            from ..output import xlsx
            shown_draft = dc.replace(draft, path=shown)
            atomic_write_bytes(Path(out), xlsx.render([(shown_draft, [to_finding(d) for d in remaining])],
                                                      config=_config()))
            return {"ok": True, "rows": len(remaining)}
        if mode == "safe":
            if draft.kind not in ("docx", "txt", "md"):
                draft = _as_word(draft)
            res = fixed.write(draft, None, Path(out), _checker().analyse)
            return {"ok": True, "applied": len(res.changes), "remaining": len(res.remaining)}
        if mode == "fixed" and draft.kind in ("txt", "md"):
            n = _apply(draft, edits)
            data = draft.newline.join(draft.raw_lines) + draft.newline
            with atomic_path(Path(out)) as tmp:
                tmp.write_bytes(data.encode(draft.encoding or "utf-8", errors="replace"))
            return {"ok": True, "applied": n}
        word = _as_word(draft)
        if mode == "reviewed":
            from datetime import datetime, timezone

            from ..output import tracked
            from ..proofread.docx_edit import add_comments
            when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            rev = tracked._Revisions(word.document, tracked.AUTHOR, when)
            n = _apply(word, edits, lambda para, s, e, new: tracked.tracked_replace(para, s, e, new, rev))
            c = add_comments(word.document, word.paragraphs, _still_there(word, remaining))
            tracked._lift_comment_marks(word.document, rev)
            with atomic_path(Path(out)) as tmp:
                word.document.save(str(tmp))
            return {"ok": True, "applied": n, "comments": c}
        n = _apply(word, edits)
        if mode == "comments":
            c = comments.write(word, _still_there(word, remaining), Path(out))
            return {"ok": True, "applied": n, "comments": c}
        with atomic_path(Path(out)) as tmp:
            word.document.save(str(tmp))
        return {"ok": True, "applied": n}
    except GwError as e:
        return {"error": _clean(e.message, path, shown)}


# ------------------------------------------------------------------ 生成

FORM = "表单"


class FormLocator:
    """Where a value of the form is, in messages: “表单 websites.total：…” (the CLI says
    “x.yaml 第32行 websites.total：…”), so the page can put each message beside its field."""

    def __call__(self, path) -> str:
        return FORM


def split_problem(msg: str) -> dict:
    """“表单 problems[1].detail：应为……” → {"path": "problems[1].detail", "message": "应为……"}."""
    import re
    m = re.match(r"^" + FORM + r" (\S+?)：(.*)$", msg, re.S)
    if m and m.group(1) != "（根）":
        return {"path": m.group(1), "message": m.group(2), "text": msg}
    return {"path": None, "message": msg.removeprefix(FORM + " ").removeprefix("（根）："), "text": msg}


def _registry():
    from ..genre import GenreRegistry
    reg = _STATE.get("registry")
    if reg is None:
        reg = _STATE["registry"] = GenreRegistry(list(getattr(_config(), "templates", ()) or ()))
    return reg


def genre_list() -> list[dict]:
    return [{"id": g.id, "name": g.name, "description": g.description} for g in _registry().all()]


def genre_info(gid: str) -> dict:
    from ..facts import load_facts
    g = _registry().get(gid)
    sample = {}
    if g.sample:
        try:
            sample = load_facts(g.folder / g.sample).data
        except GwError:
            sample = {}
    sample.pop("genre", None)
    return {"id": g.id, "name": g.name, "description": g.description, "schema": g.schema, "sample": sample}


def facts_yaml(gid: str, data: dict) -> str:
    from ..cli_genres import skeleton
    return skeleton(_registry().get(gid), data=data)


def load_facts_file(path: str, shown: str) -> dict:
    from ..facts import load_facts
    try:
        facts = load_facts(Path(path))
    except FactsError as e:
        return {"problems": [_clean(p, path, shown) for p in e.problems]}
    except GwError as e:
        return {"error": _clean(e.message, path, shown)}
    data = dict(facts.data)
    gid = data.pop("genre", None)
    return {"genre": gid if isinstance(gid, str) else None, "data": data}


def build_task(gid: str, data: dict, out: str, force: bool) -> dict:
    from ..docx_writer import write_docx
    from ..facts import Facts
    from ..pipeline import build_facts, default_checker, locate_in_facts
    cfg = _config()
    facts = Facts(dict(data, genre=gid), FORM, {}, FormLocator())
    try:
        res = build_facts(facts, _registry(), checker=default_checker(cfg), genre_override=gid)
    except FactsError as e:
        return {"problems": [split_problem(p) for p in e.problems]}
    except GwError as e:
        return {"error": e.message}
    units = res.document.text_units()
    findings = []
    for f in res.findings:
        d = finding_data(f)
        where = None
        if 1 <= f.line <= len(units):
            where = locate_in_facts(res.facts, units[f.line - 1].text, f)
        d["field"] = where.removeprefix(FORM + " ") if where else None
        d["place"] = f"生成稿第{f.line}段"
        findings.append(d)
    out_data = {"title": res.document.title, "units": [[u.line, u.text, u.role] for u in units],
                "findings": findings, "rules": rule_info(f.rule for f in res.findings),
                "derived": {d.title or d.name: _shown(d.name, res.derived.get(d.name)) for d in res.genre.derived}}
    if res.errors and not force:
        out_data["blocked"] = (f"校对发现 {len(res.errors)} 处错误，未生成文档。请修改表单后重试，"
                               "或勾选“有错误也生成”。")
        return out_data
    try:
        write_docx(res.document, Path(out), profile=getattr(cfg, "layout_profile", None))
    except GwError as e:
        return {"error": e.message}
    out_data["docx"] = True
    return out_data


def _shown(name: str, v) -> str:
    """A derived figure as the report writes it: rates as percentages (helpers.percent)."""
    from decimal import Decimal

    from ..helpers import num, percent
    if v is None:
        return "无"
    if isinstance(v, Decimal) or name.endswith("_rate"):
        return percent(v)
    return num(v) if isinstance(v, (int, float)) else str(v)


def _png(rgb, width: int, height: int) -> bytes:
    """A PNG from raw RGB rows (no imaging library needed)."""
    import struct
    import zlib
    raw = b"".join(b"\x00" + rgb[y * width * 3:(y + 1) * width * 3] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def pdf_task(docx_path: str, pdf_path: str, preview_dir: str, pages: int = 2, shown: str = "报告.docx") -> dict:
    """PDF with LibreOffice (gwreport.pdf) and the first pages as PNG images (pypdfium2)."""
    from ..pdf import find_soffice, to_pdf
    if find_soffice() is None:
        return {"error": "本机没有安装 LibreOffice，无法转换 PDF 和生成预览图（可下载 .docx 在 Word/WPS 中查看）"}
    try:
        res = to_pdf(Path(docx_path), Path(pdf_path))
    except GwError as e:
        return {"error": _clean(e.message, docx_path, shown)}
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(pdf_path)
    n = min(pages, len(doc))
    for i in range(n):
        bitmap = doc[i].render(scale=96 / 72, rev_byteorder=True)  # RGB order
        arr = bitmap.to_numpy()
        h, w = arr.shape[0], arr.shape[1]
        rgb = arr[:, :, :3].tobytes()
        (Path(preview_dir) / f"page{i + 1}.png").write_bytes(_png(rgb, w, h))
    total = len(doc)
    doc.close()
    return {"pages": n, "total": total, "report": res.report()}


# ------------------------------------------------------------------ 批量

def input_table(gid: str, out: str) -> str:
    from ..tables import write_input_table
    g = _registry().get(gid)
    write_input_table(g, Path(out))
    return g.name


def _batch_state(token: str, opts) -> None:
    """batch's per-process state (registry, cached proofreader) for this batch, loaded once per
    worker: the rows of one batch share it, a later batch loads its own."""
    from .. import batch
    if _STATE.get("batch_token") != token:
        batch._init_worker(opts)
        _STATE["batch_token"] = token


def _names(msg: str, shown: dict[str, str]) -> str:
    for path, name in shown.items():
        msg = _clean(msg, path, name)
    return msg


def batch_plan(spec: dict) -> dict:
    """What `gwreport batch` does before building rows: read the table against the genre, merge
    the base facts, plan output names. spec holds server-made paths and the shown names."""
    from .. import batch
    from ..facts import load_facts
    from ..safeio import guard_output
    shown = spec["shown"]
    try:
        table, outdir = Path(spec["table"]), Path(spec["outdir"])
        base = Path(spec["base"]) if spec.get("base") else None
        lists = Path(spec["lists"]) if spec.get("lists") else None
        agg_base = Path(spec["aggregate_base"]) if spec.get("aggregate_base") else None
        batch.check_table_kind(table)
        registry = _registry()
        base_facts = load_facts(base) if base is not None else None
        if spec.get("aggregate"):
            batch._aggregate_setup(spec["aggregate"], agg_base, base_facts, registry)
        gid = spec.get("genre") or (base_facts.data.get("genre") if base_facts is not None else None)
        if not isinstance(gid, str) or not gid:
            return {"error": "请选择体裁，或在公共事实文件中写明 genre"}
        genre_obj = registry.get(gid)
        tbl = batch.load_rows(table, genre_obj, base_facts, lists)
        if not any(not tr.skip for tr in tbl.rows):
            return {"error": f"{shown.get(str(table), '填报表')}：表格中没有数据行"}
        outdir.mkdir(exist_ok=True)
        inputs = tuple(p for p in (table, base, lists, agg_base) if p is not None)
        guard_output(outdir / batch.SUMMARY_JSON, "json", inputs, label="汇总文件")
        plan = batch.plan_jobs(tbl, base_facts, outdir, genre_obj.id)
        opts = batch.Options(genre=genre_obj.id, templates=tuple(getattr(_config(), "templates", ()) or ()),
                             config=_config(), check=True, force=bool(spec.get("force")),
                             collect=bool(spec.get("aggregate")), inputs=inputs)
    except FactsError as e:
        return {"error": "\n".join(_names(p, shown) for p in e.problems)}
    except GwError as e:
        return {"error": _names(e.message, shown)}
    return {"jobs": [j for j in plan if not j.skip], "skipped": [j for j in plan if j.skip],
            "opts": opts, "warnings": [_names(w, shown) for w in tbl.warnings], "genre": genre_obj.name}


# batch's proofreader cache swaps gwreport.spelling.check_units while a row runs: fine in a
# worker process (one task at a time), so in the thread pool (tests) rows take turns
_BATCH_LOCK = threading.Lock()


def batch_row(token: str, opts, job):
    from .. import batch
    with _BATCH_LOCK:
        _batch_state(token, opts)
        return batch.run_job(job)


def batch_finish(token: str, spec: dict, opts, results: list, skipped: list, warnings: list[str],
                 plan: list) -> dict:
    """The roll-up 通报 (when asked), summary.json/summary.xlsx, and one zip of it all."""
    import zipfile

    from .. import batch
    from ..facts import load_facts
    shown = spec["shown"]
    outdir = Path(spec["outdir"])
    results = list(results) + [batch.RowResult(j.row, None, "skipped", None, [], [j.skip], j.label) for j in skipped]
    results.sort(key=lambda r: r.row)
    report = batch.BatchReport(outdir, results, list(warnings))
    try:
        if spec.get("aggregate"):
            with _BATCH_LOCK:
                _batch_state(token, opts)
                base = load_facts(Path(spec["base"])) if spec.get("base") else None
                agg_base = Path(spec["aggregate_base"]) if spec.get("aggregate_base") else None
                setup = batch._aggregate_setup(spec["aggregate"], agg_base, base, _registry())
                batch._aggregate(report, setup, base, _registry(), opts, plan)
        batch.write_summary(report)
    except GwError as e:
        return {"error": _names(e.message, shown)}
    zpath = Path(spec["zip"])
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(outdir.iterdir()):
            if p.is_file():
                z.write(p, p.name)
    ok = [r for r in results if r.status == "ok"]
    return {
        "total": len([r for r in results if r.status != "skipped"]), "ok": len(ok),
        "failed": [{"row": r.row, "unit": r.unit, "source": r.source,
                    "errors": [_names(e, shown) for e in r.errors]} for r in results if r.status == "failed"],
        "warned": [{"row": r.row, "unit": r.unit, "warnings": r.warnings} for r in ok if r.warnings],
        "skipped": [r.warnings[0] if r.warnings else r.source for r in results if r.status == "skipped"],
        "aggregate": report.aggregate.name if report.aggregate else None,
        "aggregate_errors": [_names(e, shown) for e in report.aggregate_errors],
        "aggregate_warnings": [_names(e, shown) for e in report.aggregate_warnings],
        "summary_error": report.summary_xlsx_error,
        "files": sorted(p.name for p in outdir.iterdir() if p.is_file()),
    }


# ------------------------------------------------------------------ 版式

def _audit(path: Path) -> list[dict]:
    from ..check import layout_findings as findings_for_check
    from ..readers import read_draft
    draft = read_draft(path)
    out = []
    for f in findings_for_check(draft.document, _config()):
        d = finding_data(f)
        d["place"] = f"第{f.line}段"
        out.append(d)
    return out


def format_task(src: str, shown: str, out: str) -> dict:
    """`gwreport format` on the upload (docxformat.format_docx: text verified unchanged), with
    the layout audit (GW9xx) of the draft before and of the formatted copy."""
    from ..docxformat import ROLE_NAMES, format_docx
    try:
        before = _audit(Path(src))
        rep = format_docx(Path(src), Path(out), getattr(_config(), "layout_profile", None))
        after = _audit(Path(out))
    except GwError as e:
        return {"error": _clean(e.message, src, shown)}
    return {"changes": [_clean(c, src, shown) for c in rep.changes],
            "roles": [[ROLE_NAMES.get(r, r), n] for r, n in sorted(rep.roles.items(), key=lambda kv: -kv[1])],
            "notes": [_clean(n, src, shown) for n in rep.notes],
            "before": before, "after": after, "rules": rule_info(f["rule"] for f in before + after)}
