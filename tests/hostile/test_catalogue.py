"""The hostile-input catalogue: every case keeps the invariants in harness.run_case."""
from __future__ import annotations

import collections

import pytest

from . import cases_batch, cases_genres, cases_inputs, cases_outputs, cases_packages
from .harness import run_case

ALL = [*cases_inputs.CASES, *cases_batch.CASES, *cases_genres.CASES, *cases_outputs.CASES, *cases_packages.CASES]


# hang-class cases that run as a real process with a timeout (the rest of the hang class runs
# in-process under a SIGALRM watchdog, ~1 s cheaper each)
REAL = {"facts-alias-bomb", "draft-fifo", "config-alias-bomb-parent", "pkg-check-entity-bomb", "batch-table-fifo",
        "genre-yaml-bomb"}
for _c in ALL:
    if _c.id in REAL:
        _c.subprocess = True


def test_catalogue_is_large_and_ids_unique():
    ids = [c.id for c in ALL]
    dups = [i for i, n in collections.Counter(ids).items() if n > 1]
    assert not dups, dups
    assert len(ALL) >= 150, len(ALL)


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory, monkeypatch):
    # one private cache folder for the whole catalogue (never ~/.cache)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.mark.parametrize("case", ALL, ids=[c.id for c in ALL])
def test_case(case, tmp_path, monkeypatch):
    run_case(case, tmp_path / "w", monkeypatch)
