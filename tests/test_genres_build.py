"""Every built-in genre: its sample builds, proofreads clean, matches its golden text and its schema."""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
import yaml

from gwreport.genre import GenreRegistry
from gwreport.pipeline import build_file

ROOT = Path(__file__).resolve().parents[1]

GENRE_IDS = sorted(p.name for p in (ROOT / "templates").iterdir()
                   if (p / "genre.yaml").is_file() and not p.name.startswith("_"))
REPORTS = {"website-selfcheck", "gov-affairs-openness-selfcheck", "rectification-report", "work-summary"}
HAS_PROOFREADER = importlib.util.find_spec("gwreport.proofread") is not None


def _sample(gid):
    return ROOT / "samples" / f"{gid}.yaml"


def test_five_genres_present():
    assert REPORTS | {"inspection-notice"} <= set(GENRE_IDS), GENRE_IDS


@pytest.mark.parametrize("gid", GENRE_IDS)
def test_sample_copy_matches_genre_folder(gid):
    reg = GenreRegistry()
    g = reg.get(gid)
    assert g.sample, f"{gid} 缺少 sample"
    assert (g.folder / g.sample).read_text(encoding="utf-8") == _sample(gid).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted((ROOT / "samples").glob("*.yaml")), ids=lambda p: p.name)
def test_every_sample_builds(path):
    r = build_file(path, GenreRegistry())
    assert r.document.body


@pytest.mark.parametrize("gid", GENRE_IDS)
def test_sample_proofreads_without_errors(gid):
    if not HAS_PROOFREADER:
        pytest.skip("gwreport.proofread 不可用")
    from gwreport.pipeline import default_checker
    r = build_file(_sample(gid), GenreRegistry(), checker=default_checker())
    errors = [f.to_json() for f in r.errors]
    assert errors == []


@pytest.mark.parametrize("gid", GENRE_IDS)
def test_sample_rendered_text_is_golden(gid):
    """Golden text, read by a person once; update deliberately when a template changes."""
    r = build_file(_sample(gid), GenreRegistry())
    golden = (ROOT / "tests" / "golden" / f"{gid}.txt").read_text(encoding="utf-8")
    assert r.document.plain_text() + "\n" == golden


@pytest.mark.parametrize("gid", GENRE_IDS)
def test_schema_validates_sample_and_rejects_garbage(gid):
    from jsonschema import Draft202012Validator, FormatChecker
    g = GenreRegistry().get(gid)
    v = Draft202012Validator(g.schema, format_checker=FormatChecker())
    data = yaml.safe_load(_sample(gid).read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))  # dates as strings, as in an editor
    assert list(v.iter_errors(data)) == []
    data["no_such_field"] = 1
    assert list(v.iter_errors(data))


def _walk_fields(node, path=()):
    if not isinstance(node, dict):
        return
    yield path, node
    for k, sub in (node.get("properties") or {}).items():
        yield from _walk_fields(sub, path + (k,))
    if isinstance(node.get("items"), dict):
        yield from _walk_fields(node["items"], path + ("*",))


@pytest.mark.parametrize("gid", GENRE_IDS)
def test_every_field_has_chinese_title_and_description(gid):
    g = GenreRegistry().get(gid)
    for path, node in _walk_fields(g.schema):
        if not path:
            continue
        assert re.search(r"[\u4e00-\u9fff]", node.get("title", "")), (gid, path)
        assert re.search(r"[\u4e00-\u9fff]", node.get("description", "")), (gid, path)


@pytest.mark.parametrize("gid", GENRE_IDS)
def test_document_kind(gid):
    units = build_file(_sample(gid), GenreRegistry()).document.text_units()
    roles = [u.role for u in units]
    end = roles.index("signature") if "signature" in roles else len(units)
    body = "\n".join(u.text for u in units[roles.index("title"):end])
    assert not re.search(r"[A-Za-z]{2,}", body.replace("GB/T", "")), "正文不应夹带英文"
    assert not re.search(r"[xX×]{2}|某某", body), "正文不应有占位符"
    assert "截止" not in body
    assert not re.search(r"妥否|请批示|请审批|请予批准", body), "报告、通报不得夹带请示事项"
    if gid in REPORTS:
        assert body.rstrip().endswith("特此报告。")
    else:
        assert "特此报告" not in body


def test_derived_figures_have_titles():
    for gid in GENRE_IDS:
        for d in GenreRegistry().get(gid).derived:
            assert d.title and d.description, (gid, d.name)


@pytest.mark.parametrize("gid", GENRE_IDS)
def test_builtin_schema_is_valid_json_schema(gid):
    """Built-in schemas are not re-checked at start-up, so the suite checks them."""
    from jsonschema import Draft202012Validator
    Draft202012Validator.check_schema(GenreRegistry().get(gid).schema)
