"""Tests never write to the user's real cache folder (conftest._isolated_cache_dir)."""
from __future__ import annotations

from pathlib import Path

from gwreport import safeio


def test_cache_dir_is_the_sessions_temporary_folder(_isolated_cache_dir):
    d = safeio.cache_dir("packs")
    assert d == Path(_isolated_cache_dir) / "gwreport" / "packs"
    assert Path.home() / ".cache" not in d.parents
