"""Locate shipped data: installed wheels carry it in gwreport/_data, a source checkout at the repo root."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """Return the folder for 'templates' or 'corpora'."""
    installed = _PKG / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PKG.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"找不到内置数据目录 {name}，安装可能不完整，请重新安装 gwreport")


def templates_dir() -> Path:
    return data_dir("templates")


def corpora_dir() -> Path:
    return data_dir("corpora")
