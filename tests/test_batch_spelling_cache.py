"""batch caches the spelling results of clean paragraphs: the findings must equal the plain
proofreader's on every document, typos and repeated paragraphs included."""
import json
from pathlib import Path

import pytest

from gwreport.batch import cached_checker, load_rows, plan_jobs, run_batch
from gwreport.facts import load_facts
from gwreport.findings import TextUnit
from gwreport.genre import GenreRegistry
from gwreport.pipeline import build_facts, default_checker, known_terms

ROOT = Path(__file__).resolve().parents[1]
BATCH = ROOT / "samples" / "batch"
DEV = ROOT.parent / "shared" / "data" / "ecspell_odw_dev.jsonl"

SLIPS = ["开展监督捡查，确保责任落实。", "要与时具进，做好档案管里。", "个别栏目信息更新不急时，内容审核把关不严。",
         "部分账号长期未更新，存在“僵尸号”现像。"]


@pytest.fixture(scope="module")
def reports():
    reg = GenreRegistry([])
    base = load_facts(BATCH / "base.yaml")
    tbl = load_rows(BATCH / "填报表.xlsx", reg.get(base.data["genre"]), base)
    out = []
    for job in plan_jobs(tbl, base, Path("unused"), None):
        res = build_facts(job.facts, reg)
        out.append((res.document.text_units(), sorted(known_terms(res.facts.data, res.genre))))
    return out


def _sentences() -> list[str]:
    if not DEV.is_file():
        return SLIPS * 10
    return [json.loads(line)["source"] for line in DEV.read_text(encoding="utf-8").splitlines()[:240]]


def _with(units: list[TextUnit], extra: list[str], at: int) -> list[TextUnit]:
    texts = [(u.text, u.role) for u in units]
    texts[at:at] = [(t, "body") for t in extra]
    return [TextUnit(i + 1, t, r) for i, (t, r) in enumerate(texts)]


def _json(findings):
    return [f.to_json() for f in findings]


def test_cached_checker_equals_plain_checker(reports):
    sents = _sentences()
    docs = []
    for i, (units, known) in enumerate(reports * 2):
        # slips shared by every report, some by a few, and each report's own
        extra = SLIPS[:2] + SLIPS[i % 4:i % 4 + 1] + sents[i * 6:(i + 1) * 6] + sents[:2]
        docs.append((_with(units, extra, 12), known))
    # a long report (beyond one batch of the engine's lines) is checked as it is
    units, known = reports[0]
    docs.append((_with(units, sents[:120], 12), known))
    docs.append((_with(units, SLIPS + sents[:3], 12), known))
    plain = default_checker(None)
    cached = cached_checker(None)
    found = 0
    for units, known in docs:
        expected = _json(plain(units, known))
        assert _json(cached(units, known)) == expected
        found += sum(1 for f in expected if f["rule"].startswith("GW40"))
    assert found > 20  # the documents really held spelling findings
    cache = cached.spelling_cache
    assert cache.hits > 500 and cache.clean


def test_cache_respects_known_words(reports):
    """A name protected as a known word in one report is not protected in another's cache key."""
    units, known = reports[0]
    doc = _with(units, ["青石镇开展监督捡查工作。"], 12)
    plain = default_checker(None)
    cached = cached_checker(None)
    for kn in (known, [], known + ["监督捡查"], []):
        assert _json(cached(doc, kn)) == _json(plain(doc, kn))


def test_batch_uses_the_cache(tmp_path):
    from gwreport import batch
    report = run_batch(BATCH / "填报表.xlsx", tmp_path / "out", base=BATCH / "base.yaml", jobs=1)
    assert not report.failed
    cache = batch._STATE["checker"].spelling_cache
    assert cache.hits > 100  # many paragraphs repeat across the sample's townships


def test_spelling_engine_restored_after_each_check(reports):
    from gwreport import spelling
    real = spelling.check_units
    cached = cached_checker(None)
    cached(*reports[0])
    assert spelling.check_units is real

    def boom(units, known):
        raise RuntimeError("x")

    with pytest.raises(RuntimeError):
        cached.spelling_cache.wrap(boom)([], [])
    assert spelling.check_units is real
