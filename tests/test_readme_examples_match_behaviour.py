"""The error example and the percentage rule the README shows are what gwreport really does."""
import re
from pathlib import Path

import pytest

from gwreport import helpers
from gwreport.errors import FactsError
from gwreport.facts import parse_facts_text
from gwreport.genre import GenreRegistry
from gwreport.pipeline import build_facts

ROOT = Path(__file__).resolve().parents[1]


def _shape(line):
    return re.sub(r"^\S+ 第\d+行", "F 第N行", line.strip())


def test_readme_error_example_matches_real_messages():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("错误：\n", 1)[1].split("```", 1)[0]
    shown = {_shape(x) for x in block.splitlines() if x.strip()}
    text = (ROOT / "samples" / "website-selfcheck.yaml").read_text(encoding="utf-8")
    text = text.replace("  total: 1\n", "  total: 很多\n", 1) + "websties: 1\n"
    with pytest.raises(FactsError) as ei:
        build_facts(parse_facts_text(text, "samples/x.yaml"), GenreRegistry())
    real = {_shape(x) for x in ei.value.problems}
    assert shown <= real, (shown, real)


def test_readme_percentage_rule():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "100%" in readme
    assert helpers.percent(helpers.rate(1, 1)) == "100%"
    assert helpers.percent(helpers.rate(5, 6)) == "83.3%"
