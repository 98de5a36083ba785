"""The check pipeline as a library: source → reader → document model → every rule family →
findings under one rule selection (gwreport.rules).

    from gwreport.check import check
    findings = check("草稿.docx", config)          # list[Finding], sorted

`check_files()` keeps going past an unreadable file; `Checker` holds what is loaded once
for many files (the configuration, an optional pycorrector model). Output formats live in
gwreport.output (console, json, comments, fixed); the CLI only parses arguments and prints.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .errors import GwError
from .findings import Finding, sort_findings

__all__ = ["check", "check_files", "Checker", "Checked", "CheckRun", "expand_sources",
           "LightDraft", "DRAFT_SUFFIXES"]


@dataclass
class Checked:
    """One checked source: the draft as read (units, and the Word document for .docx) and
    its findings."""

    draft: Any
    findings: list[Finding]

    @property
    def path(self) -> str:
        return self.draft.path


@dataclass
class CheckRun:
    results: list[Checked] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, Chinese message)

    def pairs(self) -> list[tuple[Any, list[Finding]]]:
        return [(c.draft, c.findings) for c in self.results]

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for c in self.results for f in c.findings)


class Checker:
    """Everything `check` runs on a draft, configured once (config resolved by the caller:
    gwreport.config.load_config plus the command line's layer)."""

    def __init__(self, config=None, *, engine: str = "builtin", model: Path | None = None) -> None:
        from .config import Config
        self.config = config if config is not None else Config()
        if engine not in ("builtin", "pycorrector"):
            raise GwError(f"--engine 的值 {engine!r} 无效，应为 builtin 或 pycorrector", exit_code=2)
        self.engine = engine
        self.model = model
        self.corrector = None
        if engine == "pycorrector":
            if model is None:
                raise GwError("--engine pycorrector 需要用 --model 指定本地模型目录或语言模型文件", exit_code=2)
            from .pycorrector_adapter import load_corrector
            self.corrector = load_corrector(model)
            self.config.spelling = "off"  # pycorrector replaces the built-in spelling rules

    def analyse(self, draft) -> list[Finding]:
        """Every finding for a read draft: proofreading rules, pycorrector, registered
        families with their own runner, and the .docx layout audit (GW9xx)."""
        from .proofread import proofread
        from .rules import families, resolve

        cfg = self.config
        findings = proofread(draft.units, cfg)
        extra: list[Finding] = []
        if self.corrector is not None:
            from .pycorrector_adapter import pycorrector_findings
            extra += pycorrector_findings(draft.units, self.model, getattr(cfg, "allow", ()) or (),
                                          corrector=self.corrector)
        for fam in families():
            if fam.run is not None and (not fam.docx_only or draft.kind == "docx"):
                # a .docx family reads the document itself (formatting is not in the units)
                kw = {"document": draft.document} if fam.docx_only else {}
                extra += list(fam.run(draft.units, cfg, resolve(cfg), **kw) or ())
        if extra:
            findings += resolve(cfg).filter(extra)
        if draft.kind == "docx":
            findings += layout_findings(draft.document, cfg)
        return sort_findings(findings)

    def check_source(self, source, *, force_text: bool = False) -> Checked:
        from .readers import read_draft
        draft = read_draft(source, force_text=force_text)
        return Checked(draft, self.analyse(draft))


def check(source: str | Path, config=None, *, engine: str = "builtin", model: Path | None = None,
          force_text: bool = False) -> list[Finding]:
    """Findings for one draft (.txt/.md/.docx path, or '-' for standard input)."""
    return Checker(config, engine=engine, model=model).check_source(source, force_text=force_text).findings


# every suffix `check` reads (a folder is walked for these)
def _draft_suffixes() -> tuple[str, ...]:
    from .formats import OTHER_SUFFIXES
    from .readers import WORD_SUFFIXES
    return (".txt", ".md", ".markdown", *WORD_SUFFIXES, *OTHER_SUFFIXES)


DRAFT_SUFFIXES = _draft_suffixes()


def _skipped_name(name: str) -> bool:
    # hidden files, Office/WPS owner files (~$稿.docx), LibreOffice locks (.~lock.稿.docx#)
    return name.startswith((".", "~$", "~")) or name.endswith(("#", "~"))


def expand_sources(sources: Iterable[str | Path]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to check: each folder walked (sorted, supported types, hidden folders and files
    and ~$ temporary files skipped, symlinked folders not followed), other paths as given.
    Returns (files, problems) where problems are (folder, Chinese message) for empty folders."""
    import os

    files: list[str] = []
    problems: list[tuple[str, str]] = []
    for src in sources:
        s = str(src)
        if s == "-" or not os.path.isdir(s):
            files.append(s)
            continue
        found: list[str] = []
        for root, dirs, names in os.walk(s, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not _skipped_name(d))
            for n in sorted(names):
                if _skipped_name(n) or Path(n).suffix.lower() not in DRAFT_SUFFIXES:
                    continue
                found.append(os.path.join(root, n))
        if not found:
            problems.append((s, f"文件夹 {s} 中没有可校对的文件（支持 .docx、.doc、.wps、.pdf、.ofd、.html、.txt、.md 等）"))
        files += found
    return files, problems


@dataclass
class LightDraft:
    """What the renderers need of a draft (path, kind, units, pdf/ofd places), small enough
    to come back from a worker process."""

    path: str
    kind: str
    units: list
    places: list = field(default_factory=list)
    source_kind: str | None = None

    @classmethod
    def of(cls, draft) -> "LightDraft":
        return cls(draft.path, draft.kind, list(draft.units), list(getattr(draft, "places", None) or []),
                   getattr(draft, "source_kind", None))


_WORKER: dict = {}


def _worker_init(config, engine, model, force_text) -> None:
    if "checker" not in _WORKER:  # forked from a parent that built (and warmed) one already
        _WORKER["checker"] = Checker(config, engine=engine, model=model)
    _WORKER["force_text"] = force_text


def _check_one(src: str, checker: "Checker", force_text: bool, light: bool):
    """('ok', Checked) or ('failed', (path, message)); never raises for one bad file."""
    from .readers import read_draft
    try:
        draft = read_draft(src, force_text=force_text)
    except GwError as e:  # unreadable input: say so, check the others
        return "failed", (str(src), e.message)
    except RecursionError:
        return "failed", (str(src), f"{src} 的结构嵌套过深，疑似异常文件，未校对")
    except MemoryError:
        return "failed", (str(src), f"{src} 太大，内存不足，未校对")
    except Exception as e:
        return "failed", (str(src), f"{src} 的内容结构异常，无法读取（可能已损坏），已跳过；其他文件照常校对")
    try:
        findings = checker.analyse(draft)
    except GwError as e:  # the configuration or a rule pack is wrong: every file would fail alike
        return "fatal", (e.message, e.exit_code)
    except RecursionError:
        return "failed", (str(src), f"{src} 的结构嵌套过深，疑似异常文件，未校对")
    except MemoryError:
        return "failed", (str(src), f"{src} 太大，内存不足，未校对")
    except Exception as e:  # a reader bug must not stop a folder of 200 files
        return "failed", (str(src), f"{src} 校对时出错（{type(e).__name__}），已跳过；其他文件照常校对")
    return "ok", Checked(LightDraft.of(draft) if light else draft, findings)


def _pool_task(src: str):
    return _check_one(src, _WORKER["checker"], _WORKER["force_text"], True)


def default_jobs() -> int:
    import os
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(n, 8))


def check_files(sources: Iterable[str | Path], config=None, *, engine: str = "builtin",
                model: Path | None = None, force_text: bool = False, jobs: int | None = 1,
                progress=None, checker: "Checker | None" = None, light: bool | None = None) -> CheckRun:
    """Check many sources (folders are walked, see expand_sources); an unreadable one is
    recorded in .failed and the rest go on. jobs > 1 checks files in worker processes (results
    then hold LightDraft, without the Word document); progress(done, total, path) is called
    after each file. Results keep the order of the sources."""
    files, problems = expand_sources(sources)
    checker = checker or Checker(config, engine=engine, model=model)
    run = CheckRun(failed=list(problems))
    n = len(files)
    jobs = default_jobs() if not jobs else max(1, int(jobs))
    jobs = min(jobs, n) if n else 1
    light = (jobs > 1) if light is None else light
    slots: list = [None] * n
    if jobs > 1:
        slots = _run_pool(files, checker, force_text, jobs, progress)
    else:
        for i, src in enumerate(files):
            slots[i] = _check_one(src, checker, force_text, light)
            if progress is not None:
                progress(i + 1, n, src)
    for kind, value in slots:
        if kind == "fatal":
            raise GwError(value[0], exit_code=value[1])
        (run.results if kind == "ok" else run.failed).append(value)
    return run


def _run_pool(files, checker, force_text, jobs, progress) -> list:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    if ctx.get_start_method() == "fork":
        # load the proofreader's data once here; forked workers share it (copy on write)
        from .findings import TextUnit
        from .readers import Draft
        checker.analyse(Draft("-", "txt", [TextUnit(1, "预热：经检查，共发现问题3个。")]))
        _WORKER["checker"] = checker
    slots: list = [None] * len(files)
    done = 0
    try:
        for attempt in range(3):  # a worker that dies (a crashing library) breaks the pool: retry the rest
            todo = [i for i, x in enumerate(slots) if x is None]
            if not todo:
                break
            try:
                with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=ctx, initializer=_worker_init,
                                         initargs=(checker.config, checker.engine, checker.model, force_text)) as pool:
                    futs = {pool.submit(_pool_task, files[i]): i for i in todo}
                    for fut in as_completed(futs):
                        i = futs[fut]
                        try:
                            slots[i] = fut.result()
                        except BrokenProcessPool:
                            raise
                        except Exception as e:
                            slots[i] = ("failed", (files[i], f"{files[i]} 校对时出错（{type(e).__name__}），已跳过"))
                        done += 1
                        if progress is not None:
                            progress(done, len(files), files[i])
            except BrokenProcessPool:
                continue
        for i, x in enumerate(slots):
            if x is None:
                slots[i] = ("failed", (files[i], f"{files[i]} 校对时进程意外退出，未校对（可单独校对此文件查看原因）"))
    finally:
        _WORKER.pop("checker", None)
    return slots


def layout_findings(document, config=None) -> list[Finding]:
    """Layout findings for `gwreport check` on a .docx under the configuration's rule
    selection (gwreport.rules: select / ignore / rules: / severity). The profile is
    `layout_profile` in the configuration when present, else $GWREPORT_LAYOUT_PROFILE, else
    the GB/T 9704 default."""
    import os

    from .layout import audit_docx, layout_registry_rules
    from .rules import is_on

    rules = {r.id: r for r in layout_registry_rules()}
    on = {rid for rid, r in rules.items() if is_on(r, config)}
    if not on:
        return []
    severity = getattr(config, "severity", None) or {}
    extra = getattr(config, "extra", None) or {}
    profile = (getattr(config, "layout_profile", None) or extra.get("layout_profile")
               or os.environ.get("GWREPORT_LAYOUT_PROFILE"))
    out = []
    for f in audit_docx(document, profile):
        if f.rule not in on:
            continue
        if f.rule in severity:
            f.severity = severity[f.rule]
        out.append(f)
    return out
