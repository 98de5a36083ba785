"""`gwreport batch`: one report per row of a table, in parallel, with a summary and a roll-up.

Each row becomes Facts (base facts deep-merged with the row) whose locator names the table row
and column, then goes through the same pipeline as `gwreport build` (validate → derive → render
→ proofread → .docx). One bad row never stops the others; results are sorted by row so a
parallel run writes exactly what a serial run writes.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .errors import FactsError, GwError, InputError
from .facts import Facts, load_facts
from .fsutil import atomic_path, safe_filename

SUMMARY_JSON = "summary.json"
SUMMARY_XLSX = "summary.xlsx"
_SEV = {"error": "错误", "warning": "警告", "info": "提示"}
_STATUS_CN = {"ok": "成功", "failed": "失败", "skipped": "跳过"}


@dataclass
class Options:
    genre: str | None = None
    templates: tuple = ()
    config: Any = None  # gwreport.config.Config (picklable dataclass)
    check: bool = True
    force: bool = False
    collect: bool = False  # return validated facts and derived figures (for --aggregate)
    inputs: tuple = ()  # every input file of the run: no output may be written over one


@dataclass
class Job:
    row: int
    label: str
    unit: str | None
    facts: Facts | None
    output: Path
    errors: list[str] = field(default_factory=list)  # found while reading the row
    warnings: list[str] = field(default_factory=list)
    skip: str | None = None  # a totals row: not built, reported as skipped with this note


@dataclass
class RowResult:
    row: int
    unit: str | None
    status: str  # "ok" | "failed" | "skipped" (a 合计/总计/小计 row: not a unit)
    output: str | None
    errors: list[str]
    warnings: list[str]
    source: str = ""
    data: dict | None = None
    derived: dict | None = None

    def to_json(self) -> dict:
        return {"row": self.row, "unit": self.unit, "status": self.status, "output": self.output,
                "errors": self.errors, "warnings": self.warnings, "source": self.source}


@dataclass
class BatchReport:
    outdir: Path
    results: list[RowResult]
    warnings: list[str] = field(default_factory=list)  # table-level
    aggregate: Path | None = None
    aggregate_errors: list[str] = field(default_factory=list)
    aggregate_warnings: list[str] = field(default_factory=list)
    summary_xlsx_error: str | None = None  # summary.xlsx could not be updated (open in Excel)
    summary_json_error: str | None = None  # summary.json could not be written (disk full…)
    interrupted: int = 0  # rows not built because the run was stopped (Ctrl-C)
    notes: list[str] = field(default_factory=list)  # control characters removed from summary.xlsx

    @property
    def failed(self) -> list[RowResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def skipped(self) -> list[RowResult]:
        return [r for r in self.results if r.status == "skipped"]


# ---------------------------------------------------------------------------------------------
# Worker side: state loaded once per process

_STATE: dict[str, Any] = {}


class CleanSpellingCache:
    """Per-process memory of paragraphs the spelling engine found nothing in.

    About 42% of the paragraph text of a county's township reports repeats (template wording),
    and the statistical spelling engine is most of the proofreading time. Only the spelling
    rule family is cached: the other proofreading rules (structure, figures, headings) look at
    neighbouring paragraphs and always run on the whole document.

    Only *clean* paragraphs are remembered, and they are left out of later spelling calls:
      * the engine scores each line on its own (no counted n-gram spans a line break), and a
        line with no change in its first pass is never re-scored, so a line with no finding
        in a document has none when checked alone and adds nothing to the other lines;
      * the other lines keep their exact findings (confidences included) only if they are
        still scored together in one batch of lines, so a document is served from the cache
        only when all its text fits in one of the engine's batches (_BATCH_CHARS); longer
        documents are checked as they are.
    The key is (role, text, sensitivity, the known words occurring in the text): known words
    are protected only where they occur. tests/test_batch_spelling_cache.py checks the cached
    checker against the plain one on reports and on typo-dense sentences.
    """

    MAX_ENTRIES = 200_000

    def __init__(self, module):
        self.module = module  # gwreport.spelling
        self.orig = module.check_units
        self.limit = int(module._BATCH_CHARS)
        self.clean: set = set()
        self.hits = 0
        self.misses = 0

    def __call__(self, units, known_words=(), sensitivity="normal"):
        units = list(units)
        known = tuple(known_words or ())
        if sum(len(u.text) + 1 for u in units if u.text) > self.limit:
            return self.orig(units, known, sensitivity)
        words = sorted({w.strip() for w in known if w and w.strip()})
        rest, keys = [], []
        for u in units:
            key = (u.role, u.text, sensitivity, tuple(w for w in words if w in u.text)) if u.text else None
            if key is not None and key in self.clean:
                self.hits += 1
                continue
            rest.append(u)
            keys.append(key)
        self.misses += len(rest)
        found = self.orig(rest, known, sensitivity)
        flagged = {f.line for f in found}
        for u, key in zip(rest, keys):
            if key is not None and u.line not in flagged and len(self.clean) < self.MAX_ENTRIES:
                self.clean.add(key)
        return found

    def wrap(self, checker):
        """checker with the spelling engine served through this cache while it runs."""
        module = self.module

        def check(units, known):
            orig = module.check_units
            self.orig = orig
            module.check_units = self
            try:
                return checker(units, known)
            finally:
                module.check_units = orig

        check.spelling_cache = self
        return check


def cached_checker(config: Any = None):
    """The proofreader (pipeline.default_checker) with clean paragraphs' spelling cached;
    the plain checker when the spelling engine is not there or looks different."""
    from .pipeline import default_checker
    checker = default_checker(config)
    try:
        from . import spelling
        if not callable(getattr(spelling, "check_units", None)) or not isinstance(
                getattr(spelling, "_BATCH_CHARS", None), int):
            return checker
    except Exception:
        return checker
    return CleanSpellingCache(spelling).wrap(checker)


def _init_worker(opts: Options, *, worker: bool = False) -> None:
    from .genre import GenreRegistry

    if worker:
        import signal
        try:  # Ctrl-C reaches the whole process group: only the main process reacts to it
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        except (ValueError, OSError, AttributeError):
            pass

    registry = GenreRegistry(list(opts.templates))
    checker = cached_checker(opts.config) if opts.check else None
    _STATE.clear()
    _STATE.update(opts=opts, registry=registry, checker=checker)
    # Warm up: genre schema and template, proofreading data, the styled .docx base.
    try:
        if opts.genre:
            registry.get(opts.genre)
        if checker is not None:
            from .findings import TextUnit
            checker([TextUnit(1, "关于开展自查工作的报告", "title"), TextUnit(2, "现将有关情况报告如下。", "body")], ())
        from .docx_writer import render_docx_bytes
        from .model import Document, Paragraph
        render_docx_bytes(Document(title="预热", body=[Paragraph("预热。")]))
    except Exception:
        pass  # a real row will report the problem with its location


def format_finding(f) -> str:
    hint = f"（建议：{'、'.join(f.suggestions)}）" if f.suggestions else ""
    return (f"生成稿第{f.line}段第{f.column}字 [{f.rule} {_SEV.get(f.severity, f.severity)}] "
            f"“{f.text}”：{f.message}{hint}")


def _tidy(facts: Facts | None, msg: str) -> str:
    tidy = getattr(getattr(facts, "locator", None), "tidy", None)
    return tidy(msg) if tidy else msg


def run_job(job: Job) -> RowResult:
    """Build one row; never raises."""
    opts: Options = _STATE["opts"]
    errors = list(job.errors)
    warnings = list(job.warnings)
    res = None
    if job.facts is not None:
        try:
            from .pipeline import build_facts
            res = build_facts(job.facts, _STATE["registry"], checker=_STATE["checker"],
                              genre_override=opts.genre)
        except FactsError as e:
            # a cell already reported while reading (formula without value …) is not repeated
            seen = tuple(m.split("：", 1)[0] + "：" for m in job.errors)
            errors.extend(m for m in (_tidy(job.facts, p) for p in e.problems) if not m.startswith(seen))
        except GwError as e:
            errors.append(_tidy(job.facts, e.message))
        except Exception as e:  # a bug must not stop the other rows
            errors.append("处理此行时出现未预料的内部错误（已跳过，其他行照常生成），请把此行数据报告给维护人员")
    if res is not None:
        for f in res.findings:
            if f.severity == "error":
                errors.append(format_finding(f))
            elif f.severity == "warning":
                warnings.append(format_finding(f))
        proof_errors = [f for f in res.findings if f.severity == "error"]
        blocking = (len(errors) > len(proof_errors)) or (proof_errors and not opts.force)
        if proof_errors and not opts.force and len(errors) == len(proof_errors):
            errors.append(f"校对发现 {len(proof_errors)} 处错误，未生成文档（可加 --force 仍然生成）")
        if not blocking:
            try:
                from .docx_writer import write_docx
                from .safeio import guard_output
                guard_output(job.output, "docx", opts.inputs)
                # the config's layout_profile, as `check` audits with (config resolved once)
                write_docx(res.document, job.output, profile=getattr(opts.config, "layout_profile", None))
            except GwError as e:
                errors.append(e.message)
                blocking = True
            except OSError as e:
                from .safeio import os_error_cn
                errors.append(f"{job.output}：写入失败（{os_error_cn(e)}）")
                blocking = True
        if not blocking:
            return RowResult(job.row, job.unit, "ok", job.output.name, errors, warnings, job.label,
                             res.facts.data if opts.collect else None,
                             res.derived if opts.collect else None)
    if job.output.exists():
        warnings.append(f"输出文件夹中的 {job.output.name} 是以前生成的，本次未更新")
    return RowResult(job.row, job.unit, "failed", None, errors, warnings, job.label)


# ---------------------------------------------------------------------------------------------
# Driver


TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt")


def check_table_kind(table: Path) -> None:
    """Refuse what is not a table or a folder before asking for a genre (a facts file given
    to batch is a common slip: say to use build)."""
    if table.is_dir():
        return
    suffix = table.suffix.lower()
    if suffix in (".yaml", ".yml"):
        raise InputError(f"{table}：这是一个事实文件。gwreport batch 的输入应为 .xlsx/.csv 填报表，"
                         f"或放事实文件（.yaml）的文件夹；单个事实文件请用 gwreport build {table}")
    if table.exists() and suffix not in TABLE_SUFFIXES:
        raise InputError(f"{table}：不支持的输入。gwreport batch 的输入应为 .xlsx/.csv 填报表，"
                         "或放事实文件（.yaml）的文件夹")


def load_rows(table: Path, genre, base: Facts | None, lists: Path | None = None):
    from .tables import read_folder, read_table
    table = Path(table)
    if table.is_dir():
        return read_folder(table)
    if not table.exists():
        raise InputError(f"找不到表格文件：{table}")
    if genre is None:
        raise InputError("读取表格需要知道体裁：请在公共事实文件（--base）中写 genre，或用 --genre 指定")
    return read_table(table, genre, lists)


def _unit_of(data: dict, key: tuple = ("unit", "name")) -> str | None:
    n: Any = data
    for part in key:
        n = n.get(part) if isinstance(n, dict) else None
    return n.strip() if isinstance(n, str) and n.strip() else None


def plan_jobs(table, base: Facts | None, outdir: Path, genre_id: str | None) -> list[Job]:
    """Merged facts, output names (sanitised, collisions numbered) and duplicate warnings."""
    from .tables import row_facts
    jobs: list[Job] = []
    used: set[str] = set()
    for tr in table.rows:
        if tr.skip:
            jobs.append(Job(tr.row, tr.label, None, None, outdir / "", skip=tr.skip))
            continue
        if table.path.is_dir() and tr.file_facts is None:
            facts = None  # the unit's own file could not be read; its errors say why
        else:
            facts = row_facts(tr, base, genre_id)
        unit = _unit_of(facts.data, getattr(table, "key_path", ("unit", "name"))) if facts is not None else None
        stem = safe_filename(unit or (Path(tr.label).stem if table.path.is_dir() else f"第{tr.row}行"))
        name, k = stem, 2
        while (name + ".docx").lower() in used or (name + ".docx").lower() in (SUMMARY_JSON, SUMMARY_XLSX):
            name, k = f"{stem}-{k}", k + 1
        used.add((name + ".docx").lower())
        jobs.append(Job(tr.row, tr.label, unit, facts, outdir / (name + ".docx"), list(tr.errors)))
    by_unit: dict[str, list[Job]] = {}
    for j in jobs:
        if j.unit:
            by_unit.setdefault(j.unit, []).append(j)
    what = "文件" if table.path.is_dir() else "行"
    for unit, js in by_unit.items():
        if len(js) > 1:
            rows = "、".join(f"第{j.row}{'个' if what == '文件' else ''}{what}" for j in js)
            for j in js:
                j.warnings.append(f"单位名称“{unit}”重复出现（{rows}），各自生成一份文档，本行输出为 {j.output.name}")
    return jobs


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class Interrupted(Exception):
    """Ctrl-C during the run: the rows finished so far."""

    def __init__(self, results: list):
        super().__init__("interrupted")
        self.results = results


def _worker_init(opts: Options) -> None:
    _init_worker(opts, worker=True)


def run_jobs(jobs: list[Job], opts: Options, workers: int,
             progress: Callable[[int], None] | None = None) -> list[RowResult]:
    """Build every job; on Ctrl-C raise Interrupted with the rows finished (workers ignore
    SIGINT, finish the row they are writing and stop; queued rows are cancelled)."""
    workers = max(1, min(workers, len(jobs)))
    results: list[RowResult] = []
    if workers == 1:
        try:
            _init_worker(opts)
            for j in jobs:
                results.append(run_job(j))
                if progress:
                    progress(1)
        except KeyboardInterrupt:
            raise Interrupted(sorted(results, key=lambda r: r.row)) from None
    else:
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool
        ex = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(opts,))
        pending: dict = {}
        try:
            try:
                pending = {ex.submit(run_job, j): j for j in jobs}
                while pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for f in done:
                        pending.pop(f)
                        results.append(f.result())
                        if progress:
                            progress(1)
            except KeyboardInterrupt:
                for f in pending:
                    f.cancel()
                try:  # the rows being written finish (no half-written .docx), queued ones do not start
                    ex.shutdown(wait=True, cancel_futures=True)
                except KeyboardInterrupt:  # a second Ctrl-C: stop now
                    for proc in list(getattr(ex, "_processes", {}).values()):
                        proc.terminate()
                for f in pending:
                    if f.done() and not f.cancelled() and f.exception() is None:
                        results.append(f.result())
                raise Interrupted(sorted(results, key=lambda r: r.row)) from None
        except BrokenProcessPool:
            # a worker died (killed, out of memory): finish the remaining rows in this process
            ex.shutdown(wait=False, cancel_futures=True)
            finished = {r.row for r in results}
            _init_worker(opts)
            try:
                for j in jobs:
                    if j.row not in finished:
                        results.append(run_job(j))
                        if progress:
                            progress(1)
            except KeyboardInterrupt:
                raise Interrupted(sorted(results, key=lambda r: r.row)) from None
        finally:
            ex.shutdown(wait=False, cancel_futures=True)
    results.sort(key=lambda r: r.row)
    return results


LOCK_NAME = ".gwreport-batch.lock"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    except OSError:
        return False
    return True


class OutputLock:
    """outdir/.gwreport-batch.lock: one batch at a time writes a folder. The file holds the
    writer's process id and host; a lock whose process is gone (killed, crashed) is stale and
    taken over."""

    def __init__(self, outdir: Path):
        self.path = Path(outdir) / LOCK_NAME
        self.fd: int | None = None
        self.stale: str | None = None

    def _holder(self) -> tuple[int, str]:
        try:
            from .safeio import read_input_text
            text = read_input_text(self.path, 4096, "锁文件")
        except GwError:
            return -1, ""
        info = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
        try:
            return int(info.get("pid", "-1")), info.get("host", "")
        except ValueError:
            return -1, info.get("host", "")

    def acquire(self) -> "OutputLock":
        import socket
        import time
        from .safeio import os_error_cn
        me = f"pid={os.getpid()}\nhost={socket.gethostname()}\nstarted={time.strftime('%Y-%m-%d %H:%M:%S')}\n"
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                pid, host = self._holder()
                here = host in ("", socket.gethostname())
                if pid == os.getpid() or (pid > 0 and (not here or _pid_alive(pid))):
                    who = f"进程 {pid}" + ("" if here else f"，计算机 {host}")
                    raise InputError(
                        f"输出文件夹 {self.path.parent} 正由另一个 gwreport batch（{who}）写入，为避免互相覆盖，"
                        f"已停止。请等它结束后再运行，或另指定 -o；若确认它已不在运行，删除 {self.path} 后重试")
                self.stale = f"上次在 {self.path.parent} 运行的 batch（进程 {pid}）未正常结束，已清除它留下的锁文件"
                try:
                    os.unlink(self.path)
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    raise InputError(f"{self.path}：无法清除过期的锁文件，{os_error_cn(exc)}") from None
                continue
            except OSError as exc:
                raise InputError(f"{self.path.parent}：无法在输出文件夹中创建锁文件，{os_error_cn(exc)}") from None
            try:
                os.write(fd, me.encode())
            except OSError:
                pass
            self.fd = fd
            return self
        raise InputError(f"{self.path}：无法取得输出文件夹的锁，请稍后重试")

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.close(self.fd)
        except OSError:
            pass
        self.fd = None
        try:
            if self._holder()[0] == os.getpid():
                os.unlink(self.path)
        except OSError:
            pass


def _remove_stray_temps(outdir: Path) -> None:
    """Temporary files of rows stopped mid-write (a worker killed by a second Ctrl-C)."""
    try:
        for p in Path(outdir).glob(".~*.tmp"):
            try:
                p.unlink()
            except OSError:
                pass
    except OSError:
        pass


def run_batch(table: Path, outdir: Path, *, base: Path | None = None, genre: str | None = None,
              lists: Path | None = None, jobs: int | None = None, check: bool = True,
              force: bool = False, templates: Iterable[Path] = (), config: Any = None,
              aggregate: str | None = None, aggregate_base: Path | None = None,
              progress_factory: Callable[[int], Any] | None = None) -> BatchReport:
    from .genre import GenreRegistry

    table = Path(table)
    outdir = Path(outdir)
    check_table_kind(table)
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"输出路径 {outdir} 是一个文件，请给出文件夹")
    inputs = tuple(Path(p) for p in (table, base, lists, aggregate_base,
                                      getattr(config, "path", None)) if p is not None)
    if table.is_dir() and outdir.resolve() == table.resolve():
        raise InputError(f"输出文件夹 {outdir} 与输入文件夹相同，请另指定 -o")
    if aggregate_base is not None and not aggregate:
        raise InputError("--aggregate-base 只能与 --aggregate 一起使用：请用 --aggregate 指定汇总文档的体裁"
                         "（如 --aggregate inspection-notice），或去掉 --aggregate-base")
    registry = GenreRegistry(list(templates))
    meta_notes: list[str] = []
    if base is None or genre is None:  # what `new --table` recorded in the workbook
        from .tables import table_meta
        meta = table_meta(table)
        if base is None and meta.get("base"):
            cand = table.with_name(Path(meta["base"]).name)
            if cand.is_file():
                base = cand
                inputs = (*inputs, cand)
                meta_notes.append(f"使用填报表记录的公共事实文件：{cand}")
            else:
                meta_notes.append(f"填报表记录的公共事实文件 {cand} 不存在，只用表中的值（可用 --base 指定）")
        if genre is None and meta.get("genre") and base is None:
            genre = meta["genre"]
    base_facts = load_facts(base) if base is not None else None
    if genre is None and base_facts is not None and not base_facts.data.get("genre"):
        from .tables import table_meta
        genre = table_meta(table).get("genre") or None
    # the roll-up's genre and facts are checked before any row is built
    agg = _aggregate_setup(aggregate, aggregate_base, base_facts, registry) if aggregate else None
    gid = genre or (base_facts.data.get("genre") if base_facts is not None else None)
    genre_obj = None
    if gid is not None:
        if not isinstance(gid, str):
            raise InputError(f"{base} genre：应为体裁标识文字")
        genre_obj = registry.get(gid)
    tbl = load_rows(table, genre_obj, base_facts, lists)
    if not any(not tr.skip for tr in tbl.rows):
        raise InputError(f"{table}：表格中没有数据行")
    from .safeio import ensure_parent, guard_output
    ensure_parent(outdir / SUMMARY_JSON)  # Chinese message when a file is in the way / no permission
    guard_output(outdir / SUMMARY_JSON, "json", inputs, label="汇总文件")
    guard_output(outdir / SUMMARY_XLSX, "xlsx", inputs, label="汇总表")
    lock = OutputLock(outdir).acquire()
    try:
        report = _run_locked(lock, tbl, base_facts, outdir, genre_obj, genre, templates, config, check, force,
                             aggregate, agg, inputs, registry, jobs, progress_factory)
        report.notes[:0] = meta_notes
        return report
    finally:
        lock.release()


def _run_locked(lock, tbl, base_facts, outdir, genre_obj, genre, templates, config, check, force,
                aggregate, agg, inputs, registry, jobs, progress_factory) -> BatchReport:
    plan = plan_jobs(tbl, base_facts, outdir, genre_obj.id if (genre_obj and genre) else None)
    opts = Options(genre=genre_obj.id if (genre_obj is not None and genre) else None,
                   templates=tuple(Path(t) for t in templates), config=config, check=check,
                   force=force, collect=aggregate is not None, inputs=inputs)
    workers = jobs or default_jobs()
    todo = [j for j in plan if not j.skip]
    bar = progress_factory(len(todo)) if progress_factory else None
    interrupted = 0
    try:
        results = run_jobs(todo, opts, workers, bar.update if bar is not None else None)
    except Interrupted as stop:
        results = stop.results
        interrupted = len(todo) - len(results)
        _remove_stray_temps(outdir)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    results += [RowResult(j.row, None, "skipped", None, [], [j.skip], j.label) for j in plan if j.skip]
    results.sort(key=lambda r: r.row)
    report = BatchReport(outdir, results, list(tbl.warnings) + ([lock.stale] if lock.stale else []),
                         interrupted=interrupted)
    if agg is not None and not interrupted:
        _aggregate(report, agg, base_facts, registry, opts, plan)
    write_summary(report)
    for r in results:
        r.data = r.derived = None
    return report


# ---------------------------------------------------------------------------------------------
# Summary


def escape_name(text) -> str:
    from .sanitize import escape_controls
    return escape_controls(str(text))


def write_summary(report: BatchReport) -> None:
    """summary.json and summary.xlsx. Neither failing stops the run: the documents are written
    and the per-row report is still printed (the CLI says which summary is missing and why)."""
    from .sanitize import cell_value, inert_workbook
    data = [r.to_json() for r in report.results]
    try:
        with atomic_path(report.outdir / SUMMARY_JSON) as tmp:
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except InputError as e:
        report.summary_json_error = f"{e.message}；{SUMMARY_JSON} 未能写出"
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    heads = ["行号", "单位", "状态", "输出文件", "错误数", "错误（请按此修改填报表）", "警告"]
    ws.append(heads)
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
    red = PatternFill("solid", fgColor="F8CBAD")
    notes = report.notes
    for r in report.results:
        where = f"第{r.row}行（{escape_name(r.unit)}）" if r.unit else f"第{r.row}行"
        ws.append([cell_value(v, where=f"{SUMMARY_XLSX} {where}{what}", notes=notes) for v, what in (
            (r.row, ""), (r.unit or "", "的单位名称"), (_STATUS_CN.get(r.status, r.status), ""),
            (r.output or "", "的输出文件名"), (len(r.errors), ""), ("\n".join(r.errors), "的错误说明"),
            ("\n".join(r.warnings), "的警告"))])
        row = ws.max_row
        for c in ws[row]:
            c.alignment = Alignment(wrap_text=True, vertical="top")
        if r.status == "failed":
            ws.cell(row=row, column=3).fill = red
    # columns sized by their content (wrapped text columns capped), A4 landscape one page wide
    from .output.xlsx import _display_width, _print_setup, fit_row_heights
    caps = (6, 30, 8, 40, 8, 60, 45)
    for j, (col, cap) in enumerate(zip("ABCDEFG", caps)):
        longest = max([_display_width(str(c.value or "")) for c in ws[col]] + [_display_width(heads[j])])
        ws.column_dimensions[col].width = max(min(longest + 2, cap), _display_width(heads[j]) + 2 if j < 5 else 12)
    fit_row_heights(ws)
    ws.freeze_panes = "A2"
    _print_setup(ws, "G", ws.max_row)
    n = len(report.results) - len(report.skipped)
    ok = n - len(report.failed)
    info = wb.create_sheet("说明")
    lines = [f"共 {n} 个单位：成功 {ok} 个，失败 {len(report.failed)} 个。"
             + (f"跳过合计行 {len(report.skipped)} 行。" if report.skipped else "")]
    if report.aggregate is not None:
        lines.append(f"汇总通报：{report.aggregate.name}")
    if report.interrupted:
        lines.append(f"运行被中断（Ctrl-C）：另有 {report.interrupted} 个单位未生成，本表只含已完成的单位。")
    lines += report.aggregate_errors + report.warnings + notes
    for i, line in enumerate(lines, start=1):
        info.cell(row=i, column=1, value=cell_value(line))
    info.column_dimensions["A"].width = 120
    for c in info["A"]:
        c.alignment = Alignment(wrap_text=True, vertical="top")
    _print_setup(info, "A", info.max_row, title_rows=None)
    inert_workbook(wb)  # a unit name "=HYPERLINK(…)" stays text, never a live formula
    try:
        with atomic_path(report.outdir / SUMMARY_XLSX) as tmp:
            wb.save(tmp)
    except InputError as e:
        # typically summary.xlsx left open in Excel/WPS during a re-run: the documents and
        # summary.json are written, so this is a warning, not a failed batch
        cause = e.__context__
        if isinstance(cause, PermissionError) or getattr(cause, "winerror", None) in (5, 32, 33):
            msg = f"{SUMMARY_XLSX} 正被其他程序打开，未能更新；{SUMMARY_JSON} 已写出"
        else:
            msg = f"{e.message}；{SUMMARY_XLSX} 未能更新" + (
                "" if report.summary_json_error else f"，{SUMMARY_JSON} 已写出")
        report.summary_xlsx_error = msg
    except (ValueError, TypeError) as e:  # openpyxl refusing a value: never a traceback
        report.summary_xlsx_error = f"{SUMMARY_XLSX} 未能写出（有内容无法存入表格）"


# ---------------------------------------------------------------------------------------------
# Roll-up (--aggregate)


def _first(*vals):
    for v in vals:
        if v not in (None, "", [], {}):
            return v
    return None


def units_for_aggregate(results: list[RowResult], target) -> list[dict]:
    """One `units` item per ok row, keeping only the fields the target's unit schema knows."""
    from .tables import schema_node
    item_schema = schema_node(target.schema, ("units", "*")) or {}
    props = item_schema.get("properties") or {}
    units = []
    for r in results:
        if r.status != "ok" or r.data is None:
            continue
        d, der = r.data, r.derived or {}
        u: dict = {"name": _unit_of(d) or r.unit or f"第{r.row}行"}
        w = d.get("websites") or {}
        if "websites" in props and isinstance(w, dict):
            u["websites"] = {k: w[k] for k in ("total", "checked", "failed") if k in w}
        nm = d.get("new_media") or {}
        if "new_media" in props and isinstance(nm, dict):
            total = der.get("media_total")
            if total is None and isinstance(nm.get("by_type"), dict):
                total = sum(v for v in nm["by_type"].values() if isinstance(v, int))
            u["new_media"] = {"total": total if total is not None else nm.get("total", 0),
                              "checked": nm.get("checked", 0), "failed": nm.get("failed", 0)}
        m = d.get("messages")
        if "messages" in props and isinstance(m, dict):
            u["messages"] = {k: m[k] for k in ("received", "answered") if k in m}
        if "problems" in props:
            u["problems"] = [p.get("detail") if isinstance(p, dict) else p for p in d.get("problems") or []
                             if (p.get("detail") if isinstance(p, dict) else p)]
        for k in props:
            if k not in u and k in d:
                u[k] = d[k]
        units.append(u)
    return units


def aggregate_defaults(base: dict, units_data: list[dict]) -> dict:
    """Fields of a county-level 检查情况通报 that follow from the shared base facts."""
    doc = base.get("document") or {}
    period = base.get("period") or {}
    basis = base.get("basis") or {}
    starts = sorted(str(d.get("check_dates", {}).get("start")) for d in units_data
                    if isinstance(d.get("check_dates"), dict) and d["check_dates"].get("start"))
    ends = sorted(str(d.get("check_dates", {}).get("end")) for d in units_data
                  if isinstance(d.get("check_dates"), dict) and d["check_dates"].get("end"))
    out: dict = {}
    if doc.get("addressee"):
        out["issuer"] = {"name": doc["addressee"]}
    insp: dict = {}
    if period.get("name"):
        insp["period"] = period["name"]
    if basis.get("title"):
        insp["basis"] = basis["title"]
    if basis.get("doc_number"):
        insp["basis_number"] = basis["doc_number"]
    if starts:
        insp["start"] = starts[0]
    if ends:
        insp["end"] = ends[-1]
    if insp:
        out["inspection"] = insp
    return out


@dataclass
class AggregateSetup:
    target: Any  # Genre
    base_path: Path | None
    extra: Facts | None


def _aggregate_setup(genre_name: str, agg_base: Path | None, base: Facts | None, registry) -> AggregateSetup:
    """The roll-up's genre and its base facts, checked before any row is built (an unknown
    genre used to fail only after every row had been built)."""
    from .tables import schema_node
    try:
        target = registry.get(genre_name)
    except GwError as e:
        raise InputError(f"--aggregate {genre_name}：{e.message}") from None
    if schema_node(target.schema, ("units", "*")) is None:
        raise InputError(f"--aggregate {genre_name}：体裁“{target.name}”没有被检查单位清单（units），"
                         "不能用作汇总文档（可用 inspection-notice 检查情况通报）")
    if agg_base is None and base is not None:
        # convention: <genre id>.yaml beside the base facts file
        guess = Path(base.source).with_name(f"{target.id}.yaml")
        agg_base = guess if guess.is_file() else None
    extra = load_facts(agg_base) if agg_base is not None else None
    return AggregateSetup(target, agg_base, extra)


def _aggregate(report: BatchReport, setup: AggregateSetup, base: Facts | None,
               registry, opts: Options, plan: list[Job]) -> None:
    from .pipeline import build_facts
    from .tables import RowLocator, deep_merge

    target, agg_base, extra = setup.target, setup.base_path, setup.extra
    ok = [r for r in report.results if r.status == "ok"]
    if not ok:
        report.aggregate_errors.append("汇总通报：没有生成成功的单位，未生成汇总通报")
        return
    left_out = [r.unit or r.source for r in report.results if r.status == "failed"]
    if left_out:
        report.aggregate_warnings.append(f"汇总通报未包含生成失败的 {len(left_out)} 个单位："
                                         + "、".join(left_out[:20]) + ("等" if len(left_out) > 20 else ""))
    data = aggregate_defaults(base.data if base is not None else {}, [r.data or {} for r in ok])
    if extra is not None:
        data = deep_merge(data, extra.data)
    data["genre"] = target.id
    data["units"] = units_for_aggregate(report.results, target)
    source = f"汇总通报（{agg_base}）" if agg_base is not None else "汇总通报"
    where_base = extra if extra is not None else None
    cells = {("units",): f"汇总通报（由{len(ok)}个成功单位的数字汇总）"}
    for i, r in enumerate(ok):
        cells[("units", i)] = f"汇总通报 units[{i + 1}]（{r.source}）"
    locator = RowLocator(source, cells, where_base)
    facts = Facts(data, source, {}, locator)
    used = {(r.output or "").lower() for r in report.results} | {j.output.name.lower() for j in plan if not j.skip}
    try:
        from .docx_writer import write_docx
        checker = _STATE.get("checker") if _STATE.get("opts") is opts else None
        if checker is None and opts.check:
            from .pipeline import default_checker
            checker = default_checker(opts.config)
        res = build_facts(facts, registry, checker=checker, genre_override=target.id)
        for f in res.findings:
            if f.severity == "error":
                report.aggregate_errors.append("汇总通报 " + format_finding(f))
            elif f.severity == "warning":
                report.aggregate_warnings.append("汇总通报 " + format_finding(f))
        if report.aggregate_errors and not opts.force:
            report.aggregate_errors.append("汇总通报校对发现错误，未生成（可加 --force 仍然生成）")
            return
        stem = "汇总-" + safe_filename(res.document.title)
        name, k = stem, 2
        while (name + ".docx").lower() in used:
            name, k = f"{stem}-{k}", k + 1
        out = report.outdir / (name + ".docx")
        write_docx(res.document, out, profile=getattr(opts.config, "layout_profile", None))
        report.aggregate = out
    except FactsError as e:
        hint = f"（可用 --aggregate-base 给出{target.name}的公共事实文件补齐）" if agg_base is None else ""
        report.aggregate_errors.extend(_agg_msg(locator.tidy(p)) for p in e.problems)
        if hint:
            report.aggregate_errors.append("汇总通报未生成" + hint)
    except GwError as e:
        report.aggregate_errors.append(_agg_msg(e.message))


def _agg_msg(msg: str) -> str:
    return msg if msg.startswith("汇总通报") else f"汇总通报：{msg}"
