"""Could batch cache spelling findings per paragraph? Measures the two things that decide it.

Run: .venv/bin/python benchmarks/batch_spelling_locality.py [--groups 20] [--size 30]

1. Repetition: the share of paragraph text (by characters) in the sample batch's township
   reports that repeats an earlier (role, text) paragraph — what a per-paragraph cache could save.
2. Locality: gwreport.spelling.check_units over a whole document must equal the union of
   check_units over each paragraph alone (renumbered) for such a cache to be correct. The
   sample reports hold no slips, so this is measured on groups of dev-set sentences
   (../shared/data/ecspell_odw_dev.jsonl, typo-dense), each group checked as one document.

Prints figures only. A cache of *all* paragraphs' findings would be safe only when "groups
that differ" is 0 here on every run; batch therefore caches only paragraphs with no finding
(batch.CleanSpellingCache, which needs only that a line without a first-pass change is left
alone), and tests/test_batch_spelling_cache.py checks it against the plain proofreader.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "ecspell_odw_dev.jsonl"


def _key(f):
    return (f.line, f.column, f.end_column, f.rule, f.severity, f.message, tuple(f.suggestions))


def repetition() -> None:
    from gwreport.batch import load_rows, plan_jobs
    from gwreport.facts import load_facts
    from gwreport.genre import GenreRegistry
    from gwreport.pipeline import build_facts

    reg = GenreRegistry([])
    base = load_facts(ROOT / "samples" / "batch" / "base.yaml")
    tbl = load_rows(ROOT / "samples" / "batch" / "填报表.xlsx", reg.get(base.data["genre"]), base)
    seen: set = set()
    chars = rep = units = 0
    for job in plan_jobs(tbl, base, Path("unused"), None):
        if job.facts is None:
            continue
        for u in build_facts(job.facts, reg).document.text_units():
            if not u.text:
                continue
            units += 1
            chars += len(u.text)
            if (u.role, u.text) in seen:
                rep += len(u.text)
            seen.add((u.role, u.text))
    print(f"sample batch: {len(tbl.rows)} reports, {units} paragraphs, {chars} characters; "
          f"repeated (role, text): {rep / chars:.1%} of characters")


def locality(groups: int, size: int) -> None:
    from gwreport import spelling
    from gwreport.findings import TextUnit

    if not DEV.is_file():
        print(f"locality: {DEV} not found, skipped")
        return
    src = [json.loads(line)["source"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    differ = nondet = total = 0
    t_whole = t_parts = 0.0
    for g in range(groups):
        units = [TextUnit(i + 1, t, "body") for i, t in enumerate(src[g * size:(g + 1) * size])]
        if not units:
            break
        t0 = time.perf_counter()
        whole = [_key(f) for f in spelling.check_units(units, ())]
        t1 = time.perf_counter()
        parts = [_key(f) for u in units for f in spelling.check_units([u], ())]
        t2 = time.perf_counter()
        again = [_key(f) for f in spelling.check_units(units, ())]
        t_whole += t1 - t0
        t_parts += t2 - t1
        total += len(whole)
        nondet += again != whole
        if sorted(whole) != sorted(parts):
            differ += 1
            diff = sorted(set(whole) ^ set(parts))
            print(f"  group {g + 1}: whole-document and paragraph-alone findings differ, e.g. {diff[0]}")
    print(f"locality: {groups} groups of {size} dev sentences, {total} findings; "
          f"groups that differ: {differ}; non-deterministic groups: {nondet}; "
          f"check time whole {t_whole * 1000 / groups:.1f} ms/group, paragraph by paragraph "
          f"{t_parts * 1000 / groups:.1f} ms/group")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--groups", type=int, default=20)
    ap.add_argument("--size", type=int, default=30)
    args = ap.parse_args(argv)
    repetition()
    locality(args.groups, args.size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
