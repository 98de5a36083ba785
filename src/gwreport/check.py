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

__all__ = ["check", "check_files", "Checker", "Checked", "CheckRun"]


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
                extra += list(fam.run(draft.units, cfg, resolve(cfg)) or ())
        if extra:
            findings += resolve(cfg).filter(extra)
        if draft.kind == "docx":
            from .layout import findings_for_check
            findings += findings_for_check(draft.document, cfg)
        return sort_findings(findings)

    def check_source(self, source, *, force_text: bool = False) -> Checked:
        from .readers import read_draft
        draft = read_draft(source, force_text=force_text)
        return Checked(draft, self.analyse(draft))


def check(source: str | Path, config=None, *, engine: str = "builtin", model: Path | None = None,
          force_text: bool = False) -> list[Finding]:
    """Findings for one draft (.txt/.md/.docx path, or '-' for standard input)."""
    return Checker(config, engine=engine, model=model).check_source(source, force_text=force_text).findings


def check_files(sources: Iterable[str | Path], config=None, *, engine: str = "builtin",
                model: Path | None = None, force_text: bool = False) -> CheckRun:
    """Check many sources; an unreadable one is recorded in .failed and the rest go on."""
    from .readers import read_draft
    checker = Checker(config, engine=engine, model=model)
    run = CheckRun()
    for src in sources:
        try:
            draft = read_draft(src, force_text=force_text)
        except GwError as e:  # unreadable input: say so, check the others
            run.failed.append((str(src), e.message))
            continue
        run.results.append(Checked(draft, checker.analyse(draft)))
    return run
