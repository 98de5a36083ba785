"""Shared helpers for the per-genre tests: load a sample, change it, build it."""
from __future__ import annotations

from pathlib import Path

import yaml

from gwreport.facts import parse_facts_text
from gwreport.genre import GenreRegistry
from gwreport.pipeline import build_facts

ROOT = Path(__file__).resolve().parents[1]


def sample_data(genre_id: str) -> dict:
    return yaml.safe_load((ROOT / "samples" / f"{genre_id}.yaml").read_text(encoding="utf-8"))


def build_data(data: dict):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return build_facts(parse_facts_text(text, "x.yaml"), GenreRegistry())


def h1(result) -> list[str]:
    return [u.text for u in result.document.text_units() if u.role == "heading1"]


def main_text(result) -> str:
    """The 主体 from the title to the last line before the 署名 (the 版头 above left out)."""
    units = result.document.text_units()
    roles = [u.role for u in units]
    end = roles.index("signature") if "signature" in roles else len(units)
    return "\n".join(u.text for u in units[roles.index("title"):end]).rstrip()
