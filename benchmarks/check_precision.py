"""False-alarm measurements for the rule-based proofreader (spelling engine off).

    .venv/bin/python benchmarks/check_precision.py [--show N]

1. ECSpell official-document dev set (../shared/data/ecspell_odw_dev.jsonl): findings on the
   corrected ("target") sentences are false alarms; on the "source" sentences, how many typo
   sentences the lexicon rules (GW1xx/GW2xx) catch and with the right correction.
2. Our clean sentence set (tests/data/clean_sentences.txt): must be zero.
3. govcorpus policy documents 2013–2024 and government work reports (sampled paragraphs):
   findings per 10,000 characters by rule. These texts are published official documents, so
   the lexicon/phrasing rules (GW1xx/GW2xx) should be nearly silent; typography hits there
   are mostly real deviations from GB/T 15834/15835 (old reports use full-width digits etc.).
"""
from __future__ import annotations

import collections
import json
import lzma
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "src"))

from gwreport.config import Config  # noqa: E402
from gwreport.findings import TextUnit  # noqa: E402
from gwreport.proofread import proofread  # noqa: E402

CFG = Config(spelling="off")
SHOW = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 0


def run(lines, role="body", cfg=CFG):
    return proofread([TextUnit(i + 1, t, role) for i, t in enumerate(lines)], cfg)


def ecspell():
    path = SHARED / "ecspell_odw_dev.jsonl"
    if not path.exists():
        print("ECSpell dev set not found; skipped")
        return
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    tgt = [r["target"] for r in rows]
    src = [r["source"] for r in rows]
    # the sentences are unrelated, so heading-sequence checks (GW502) across them mean nothing
    fa = run(tgt, cfg=Config(spelling="off", ignore={"GW502"}))
    fa_sent = {f.line for f in fa}
    print(f"ECSpell dev: {len(rows)} sentences, {sum(map(len, tgt))} chars")
    print(f"  false alarms on corrected sentences: {len(fa)} findings in {len(fa_sent)} sentences "
          f"({len(fa_sent) / len(rows):.2%}); by rule {dict(collections.Counter(f.rule for f in fa))}")
    for f in fa[:SHOW]:
        print("   FA", f.rule, tgt[f.line - 1][max(0, f.column - 12):f.end_column + 10], "|", f.message)
    typo = [i for i, r in enumerate(rows) if r["source"] != r["target"]]
    lex = [f for f in run(src) if f.rule[2] in "12"]
    hit = {f.line - 1 for f in lex}
    det = len([i for i in typo if i in hit])
    correct = 0
    for f in lex:
        i = f.line - 1
        s, e = f.column - 1, f.end_column - 1
        if f.suggestions and rows[i]["target"][s:e] == f.suggestions[0]:
            correct += 1
    fp = len([i for i in hit if i not in typo])
    print(f"  lexicon rules on the {len(typo)} typo sentences: detected {det} ({det / len(typo):.1%}); "
          f"{len(lex)} findings, {correct} with the exact correction; {fp} flagged sentences without a typo")


def clean():
    lines = (ROOT / "tests" / "data" / "clean_sentences.txt").read_text(encoding="utf-8").splitlines()
    n = len(run(lines, role=None))
    print(f"clean sentence set: {len(lines)} lines, {n} findings")


def corpus(name, n=4000, seed=7):
    path = SHARED / "govcorpus" / f"{name}.txt.xz"
    if not path.exists():
        print(f"govcorpus/{name} not found; skipped")
        return
    lines = lzma.open(path, "rt", encoding="utf-8").read().splitlines()
    random.seed(seed)
    lines = random.sample(lines, min(n, len(lines)))
    chars = sum(map(len, lines))
    found = [f for f in run(lines, cfg=Config(spelling="off", ignore={"GW502"})) if True]
    per = collections.Counter(f.rule for f in found)
    lexical = sum(v for k, v in per.items() if k[2] in "12")
    print(f"govcorpus/{name}: {len(lines)} paragraphs, {chars} chars; GW1xx/GW2xx findings: {lexical} "
          f"({lexical / chars * 1e4:.2f} per 10k chars); all rules: "
          + ", ".join(f"{k} {v}" for k, v in sorted(per.items())))
    for f in [f for f in found if f.rule[2] in "12"][:SHOW]:
        t = lines[f.line - 1]
        print("   ", f.rule, t[max(0, f.column - 12):f.end_column + 10], "|", f.message)


if __name__ == "__main__":
    clean()
    ecspell()
    corpus("policy")
    corpus("reports")
