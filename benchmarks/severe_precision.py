"""False alarms and recall of the severe-error family (严重表述错误, GW0xx).

    nice -n 10 .venv/bin/python benchmarks/severe_precision.py [--show N] [--limit N] [--recall-only]

Precision: the clean official text in ../shared/data — govcorpus (laws, government work reports,
policy documents; split into sentences at 。！？；), eval/clean_xxqg_dev.jsonl and
clean_rmrb_dev.jsonl, and the clean ("target") sentences of ecspell_odw_dev.jsonl. Every GW0xx hit
there is counted as a false alarm (the corpora are published texts; a real slip there would still
be worth reading, so --show prints them). Target: at most 1 flagged sentence in 5,000.

Recall: benchmarks/data/severe_recall.tsv, hand-written sentences (`tune` rows were looked at while
the rules were tuned, `unseen` rows only after; `expect` is a rule id, or `-` for a sentence that
must stay silent). Reported per split.
"""
from __future__ import annotations

import collections
import json
import lzma
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared/data next to the checkout (also from a worktree one level deeper), or $GWREPORT_DATA
SHARED = next((p for p in (Path(os.environ.get("GWREPORT_DATA", "")), ROOT.parent / "shared" / "data",
                           ROOT.parent.parent / "shared" / "data") if str(p) and (p / "govcorpus").is_dir()),
              ROOT.parent / "shared" / "data")
sys.path.insert(0, str(ROOT / "src"))

from gwreport.proofread.severe import analyse  # noqa: E402


def _arg(name: str, default: int) -> int:
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


SHOW = _arg("--show", 0)
LIMIT = _arg("--limit", 0)
SENT = re.compile(r"[^。！？；\n]+[。！？；]?")


def sentences(paragraphs):
    for p in paragraphs:
        for m in SENT.finditer(p):
            s = m.group(0).strip()
            if len(s) >= 4:
                yield s


def govcorpus(name: str):
    with lzma.open(SHARED / "govcorpus" / f"{name}.txt.xz", "rt", encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\n")


def jsonl(path: Path, clean_only: bool):
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if not clean_only or d["source"] == d["target"]:
                yield d["target"]


def measure(label: str, sents) -> tuple[int, int]:
    n = flagged = 0
    by_rule = collections.Counter()
    shown = 0
    t0 = time.perf_counter()
    for s in sents:
        n += 1
        hits = analyse(s)
        if hits:
            flagged += 1
            for h in hits:
                by_rule[h[0]] += 1
            if shown < SHOW:
                shown += 1
                print(f"    {[(h[0], s[h[1]:h[2]]) for h in hits]}  {s[:120]}")
        if LIMIT and n >= LIMIT:
            break
    dt = time.perf_counter() - t0
    rate = flagged / n if n else 0.0
    print(f"{label:<28} sentences {n:>8}  flagged {flagged:>4}  rate 1 in {int(1 / rate) if rate else '∞'}"
          f"  ({dict(sorted(by_rule.items()))})  {dt:.1f}s")
    return n, flagged


def precision() -> None:
    total = flagged = 0
    sets = [
        ("govcorpus/reports", lambda: sentences(govcorpus("reports"))),
        ("govcorpus/policy", lambda: sentences(govcorpus("policy"))),
        ("govcorpus/laws", lambda: sentences(govcorpus("laws"))),
        ("eval/clean_xxqg_dev", lambda: jsonl(SHARED / "eval" / "clean_xxqg_dev.jsonl", False)),
        ("eval/clean_rmrb_dev", lambda: jsonl(SHARED / "eval" / "clean_rmrb_dev.jsonl", False)),
        ("ecspell_odw_dev (clean)", lambda: jsonl(SHARED / "ecspell_odw_dev.jsonl", False)),
    ]
    for label, gen in sets:
        n, f = measure(label, gen())
        total += n
        flagged += f
    rate = flagged / total if total else 0.0
    verdict = "OK" if rate <= 1 / 5000 else "TOO MANY"
    print(f"{'all clean text':<28} sentences {total:>8}  flagged {flagged:>4}  "
          f"rate {rate * 5000:.2f} per 5,000 sentences  [{verdict}; target <= 1]")


def recall() -> None:
    path = ROOT / "benchmarks" / "data" / "severe_recall.tsv"
    rows = collections.defaultdict(lambda: [0, 0, 0, 0])  # split -> caught, errors, silent ok, correct
    misses = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        split, expect, text = line.split("\t", 2)
        got = {h[0] for h in analyse(text)}
        r = rows[split]
        if expect == "-":
            r[3] += 1
            if not got:
                r[2] += 1
            else:
                misses.append((split, "false alarm", sorted(got), text))
        else:
            r[1] += 1
            if expect in got:
                r[0] += 1
            else:
                misses.append((split, f"missed {expect}", sorted(got), text))
    for split in sorted(rows):
        c, n, ok, m = rows[split]
        print(f"recall set [{split}]: caught {c}/{n} ({100 * c / max(n, 1):.0f}%), "
              f"correct sentences silent {ok}/{m}")
    for m in misses:
        print("   ", *m)


if __name__ == "__main__":
    recall()
    if "--recall-only" not in sys.argv:
        precision()
