"""The catalogue's invariants can fail: a hang, a traceback, a changed input and English text
are each caught by harness.run_case."""
from __future__ import annotations

import os

import pytest

from .harness import Case, run_case
from .material import draft


def _blocking_reader(mp):
    import gwreport.safeio as safeio

    def read_input(path, limit, what="文件"):
        with open(path, "rb") as f:  # a plain open(): blocks on a FIFO
            return f.read()
    mp.setattr(safeio, "read_input", read_input)
    mp.setattr(safeio, "regular_file", lambda p, what="文件": p)


def test_watchdog_reports_a_hang(tmp_path, monkeypatch):
    case = Case("self-hang", "self", lambda d: (os.mkfifo(d / "d.txt"), ["check", "d.txt"])[1],
                subprocess="watch", timeout=2, patch=_blocking_reader)
    with pytest.raises(AssertionError, match="hung"):
        run_case(case, tmp_path / "w", monkeypatch)


def test_a_changed_input_is_caught(tmp_path, monkeypatch):
    def overwrite(d):
        draft(d)
        return ["check", "d.txt", "--fix", "-o", "d.txt"]

    def no_guard(mp):
        import gwreport.safeio as safeio
        mp.setattr(safeio, "guard_output", lambda out, kind, inputs=(), label="": out)
    case = Case("self-overwrite", "self", overwrite, expect="found", patch=no_guard)
    with pytest.raises(AssertionError, match="was changed|exit"):
        run_case(case, tmp_path / "w", monkeypatch)


def test_a_traceback_is_caught(tmp_path, monkeypatch):
    def boom(mp):
        import gwreport.readers as readers
        mp.setattr(readers, "read_draft", lambda *a, **k: (_ for _ in ()).throw(KeyError("boom")))
    case = Case("self-traceback", "self", lambda d: (draft(d), ["check", "d.txt"])[1], expect="found", patch=boom)
    with pytest.raises(AssertionError, match="exit|Traceback|English"):
        run_case(case, tmp_path / "w", monkeypatch)
