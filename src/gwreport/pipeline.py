"""The build pipeline: facts → validate → derive → render → proofread → (caller writes .docx).

Batch calls the same functions per row; only the facts' origin differs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .errors import FactsError, GwError
from .facts import Facts, format_path, load_facts
from .findings import Finding, TextUnit
from .genre import Genre, GenreRegistry
from .model import Document
from .render import derive, render_document
from .validate import validate

Checker = Callable[[list[TextUnit], Iterable[str]], list[Finding]]


@dataclass
class BuildResult:
    genre: Genre
    facts: Facts
    derived: dict
    document: Document
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def genre_of(facts: Facts, registry: GenreRegistry, override: str | None = None) -> Genre:
    name = override or facts.data.get("genre")
    if not name:
        raise FactsError([f"{facts.where(())}：缺少顶层字段 genre（体裁标识，如 website-selfcheck；可用 gwreport genres 查看）"])
    if not isinstance(name, str):
        raise FactsError([f"{facts.where(('genre',))} genre：应为体裁标识文字"])
    registry.folders()  # a missing --templates/config folder is not the facts file's fault
    try:
        return registry.get(name)
    except GwError as e:
        if not e.message.startswith("未知体裁"):
            raise  # a broken genre definition names its own file and line
        raise FactsError([f"{facts.where(('genre',))} genre：{e.message}"]) from None


def known_terms(facts: dict, genre: Genre) -> set[str]:
    """Names from the facts (units, people, accounts) that the proofreader must not flag."""
    terms: set[str] = set()

    def collect(value: Any, path: tuple) -> None:
        if not path:
            if isinstance(value, str) and value.strip():
                terms.add(value.strip())
            elif isinstance(value, list):
                for v in value:
                    collect(v, ())
            return
        head, rest = path[0], path[1:]
        if head == "*":
            for v in value if isinstance(value, list) else []:
                collect(v, rest)
        elif isinstance(value, dict) and head in value:
            collect(value[head], rest)

    for p in genre.known_term_paths():
        collect(facts, p)
    return terms


def default_checker(config: Any = None) -> Checker:
    """The proofreader from gwreport.proofread, configured once."""
    from .proofread import proofread

    def check(units: list[TextUnit], known: Iterable[str]) -> list[Finding]:
        return proofread(units, config, known_words=known)

    return check


def build_facts(facts: Facts, registry: GenreRegistry, *, checker: Checker | None = None,
                genre_override: str | None = None) -> BuildResult:
    genre = genre_of(facts, registry, genre_override)
    validate(facts, genre)
    derived = derive(genre, facts.data)
    document = render_document(genre, facts.data, derived)
    result = BuildResult(genre, facts, derived, document)
    if checker is not None:
        result.findings = checker(document.text_units(), known_terms(facts.data, genre))
    return result


def build_file(path: Path, registry: GenreRegistry, *, checker: Checker | None = None,
               genre_override: str | None = None) -> BuildResult:
    return build_facts(load_facts(path), registry, checker=checker, genre_override=genre_override)


def _leaves(value: Any, path: tuple = ()) -> Iterable[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, path + (i,))


def locate_in_facts(facts: Facts, unit_text: str, finding: Finding) -> str | None:
    """Where in the facts file the text a finding marks came from ("x.yaml 第62行 next_steps[1]").

    A clerk fixes the facts, not the generated draft; None when the text comes from the template.
    """
    start, end = finding.column - 1, finding.end_column - 1
    if not (0 <= start <= end <= len(unit_text)):
        return None
    leaves = [(p, v) for p, v in _leaves(facts.data) if v.strip()]
    for k in (8, 4, 2, 0):
        window = unit_text[max(0, start - k):end + k]
        if not window.strip():
            continue
        hits = [p for p, v in leaves if window in v]
        if hits:
            p = hits[0]
            return f"{facts.where(p)} {format_path(p)}"
    return None
