"""scripts/build_spelling_stats.py on a tiny corpus made here, and the loader on its output."""
from __future__ import annotations

import importlib.util
import json
import lzma
from pathlib import Path

import numpy as np

from gwreport.spelling.hashing import hash_rows, hash_windows, quantise, text_codes
from gwreport.spelling.model import Stats, load_stats

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "build_spelling_stats.py"


def _script():
    spec = importlib.util.spec_from_file_location("build_spelling_stats", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _count(st: Stats, s: str) -> int:
    return int(st.lookup(hash_rows(text_codes(s)[None, :]))[0])


def test_build_on_tiny_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "laws.txt").write_text("统筹推进各项工作。\n统筹推进乡村振兴。\n监督检查工作\n第12条\n第35条\n",
                                     encoding="utf-8")
    with lzma.open(corpus / "reports.txt.xz", "wt", encoding="utf-8") as fh:
        fh.write("营商环境持续优化。\n")
    (corpus / "notes.md").write_text("ignored", encoding="utf-8")
    out = tmp_path / "out"
    words = tmp_path / "words.txt"
    words.write_text("统筹 100 v\n营商环境 50 n\nabc 3 x\n推进 80 v\n实事求是 90 i\n", encoding="utf-8")
    assert _script().main(["--corpus", str(corpus), "--out", str(out), "--vocab-min", "1",
                           "--words", str(words)]) == 0
    for name in ("ngrams_lo.npy", "ngrams_starts.npy", "ngrams_vals.npy", "bigram_bits.npy",
                 "words_lo.npy", "words_starts.npy", "words_vals.npy", "idioms_lo.npy", "chars.json",
                 "confusion.json", "meta.json"):
        assert (out / name).is_file(), name
    lo = np.load(out / "ngrams_lo.npy")
    starts = np.load(out / "ngrams_starts.npy")
    assert lo.dtype == np.uint16 and starts.shape == (65537,) and starts[-1] == lo.shape[0]
    keys = np.concatenate([(np.uint32(b) << np.uint32(16)) | lo[starts[b]:starts[b + 1]].astype(np.uint32)
                           for b in range(65536) if starts[b + 1] > starts[b]])
    assert np.all(keys[1:] > keys[:-1])  # sorted, unique
    st = Stats(out)
    assert _count(st, "统筹推进") > 0  # seen twice
    assert _count(st, "统筹") == quantise(np.array([2.0]))[0]
    assert _count(st, "监督检查") == 0  # seen once: below --min-count 2
    assert _count(st, "营商环境") > 0  # single occurrence, but in a boosted file (weight 4)
    assert _count(st, "环境持续优") > 0
    assert _count(st, "第00条") > 0  # digits normalised to 0 (第12条, 第35条)
    assert _count(st, "工作。统筹") == 0  # n-grams never cross a paragraph
    wq = st.word_lookup(hash_rows(text_codes("营商环境")[None, :]))[0]
    assert wq == quantise(np.array([50.0]))[0]
    assert st.word_lookup(hash_rows(text_codes("统筹推进")[None, :]))[0] == 0
    assert st.words.n == 4  # abc is not Chinese
    # idioms: four patterns with one character blanked out → the missing character
    from gwreport.spelling.hashing import IDIOM_BLANK
    pat = text_codes("实事求是")[None, :].copy()
    pat[0, 3] = IDIOM_BLANK
    assert st.idioms.n == 4 and chr(int(st.idioms.lookup(hash_rows(pat))[0])) == "是"
    chars = json.loads((out / "chars.json").read_text(encoding="utf-8"))
    assert chars["counts"]["营"] == 4.0  # reports weighted x4
    conf = json.loads((out / "confusion.json").read_text(encoding="utf-8"))
    assert "进" in conf["sound"]["近"].split("|")[0]
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["entries"] == keys.shape[0]
    assert "统筹" not in (out / "ngrams_lo.npy").read_bytes().decode("utf-8", "ignore")
    # --min-weighted off: single occurrences in boosted files are dropped as well
    out2 = tmp_path / "out2"
    assert _script().main(["--corpus", str(corpus), "--out", str(out2), "--min-weighted", "inf",
                           "--words", "none"]) == 0
    assert _count(Stats(out2), "营商环境") == 0


def test_homophone_words_from_tiny_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "reports.txt").write_text("统筹推进各项工作。\n统筹推进乡村振兴。\n推进改革。\n", encoding="utf-8")
    words = tmp_path / "words.txt"
    # 推进 is attested in the corpus, 退敬 (a made-up entry) is not: only 推进 is indexed
    words.write_text("统筹 100 v\n推进 80 v\n退敬 5 v\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _script().main(["--corpus", str(corpus), "--out", str(out), "--vocab-min", "1",
                           "--words", str(words)]) == 0
    hw = json.loads((out / "homophone_words.json").read_text(encoding="utf-8"))
    assert "推进" in hw["words"]["tui jin"] and "退敬" not in "".join(hw["words"].values())
    assert hw["readings"]["近"] == "jin"
    st = Stats(out)
    assert st.word_homophones("推", "近") == ["推进"]  # one character differs
    assert st.word_homophones("推", "进") == []  # the word itself is not its own homophone
    # rebuilt alone from the statistics already there: the same file
    before = (out / "homophone_words.json").read_bytes()
    assert _script().main(["--only-derived", "--out", str(out), "--vocab-min", "1",
                           "--words", str(words)]) == 0
    assert (out / "homophone_words.json").read_bytes() == before
    # glyph look-alikes are merged into the shape candidates (above the similarity bar only)
    sim = tmp_path / "glyph.json"
    sim.write_text(json.dumps({"近": [["进", 0.8], ["统", 0.5]]}, ensure_ascii=False), encoding="utf-8")
    assert _script().main(["--only-derived", "--out", str(out), "--vocab-min", "1",
                           "--words", str(words), "--glyph-sim", str(sim)]) == 0
    conf = json.loads((out / "confusion.json").read_text(encoding="utf-8"))
    assert "进" in conf["shape"]["近"] and "统" not in conf["shape"]["近"]


def test_build_reports_missing_corpus(tmp_path, capsys):
    assert _script().main(["--corpus", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert "没有" in capsys.readouterr().err


def test_hash_windows_match_rows():
    codes = text_codes("统筹推进各项工作")
    for n in (2, 3, 4, 5):
        rows = np.stack([codes[i:i + n] for i in range(len(codes) - n + 1)])
        assert np.array_equal(hash_windows(codes, n), hash_rows(rows))
    # different lengths never share a fingerprint seed
    assert hash_windows(codes, 2)[0] != hash_windows(codes, 3)[0]


def test_shipped_stats_are_compact_and_load_once():
    st = load_stats()
    assert load_stats() is st
    folder = st.folder
    total = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    assert total <= 40 * 1024 * 1024
    assert _count(st, "统筹推进") > _count(st, "统筹推近")


def _cooc(st: Stats, a: str, b: str) -> int:
    return int(st.cooc.lookup(hash_rows(text_codes(a + b)[None, :]))[0])


def test_word_cooccurrence_table(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # 市场 … 主体 three times within 8 characters; 市场 and 风险 on different lines only
    (corpus / "laws.txt").write_text("放开市场、放活主体。\n放开市场、放活主体。\n激发市场主体活力\n"
                                     "市场\n风险\n市场\n风险\n市场\n风险\n", encoding="utf-8")
    words = tmp_path / "words.txt"
    words.write_text("市场 100 n\n主体 80 n\n风险 60 n\n放开 10 v\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _script().main(["--corpus", str(corpus), "--out", str(out), "--vocab-min", "1",
                           "--words", str(words)]) == 0
    st = Stats(out)
    assert _cooc(st, "市场", "主体") == quantise(np.array([3.0]))[0]  # ordered pair, 2..8 apart
    assert _cooc(st, "主体", "市场") == 0
    assert _cooc(st, "市场", "风险") == 0  # never in one line
    assert _cooc(st, "放开", "主体") == 0  # 7 apart but seen twice: below --cooc-min 3
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["cooc"] == {"entries": st.cooc.n, "max_dist": 8, "min_count": 3}
    # --only-cooc rebuilds just that table, keeping the rest
    before = (out / "ngrams_lo.npy").read_bytes()
    assert _script().main(["--corpus", str(corpus), "--out", str(out), "--words", str(words),
                           "--only-cooc", "--cooc-min", "2"]) == 0
    st2 = Stats(out)
    assert _cooc(st2, "放开", "主体") == quantise(np.array([2.0]))[0]
    assert (out / "ngrams_lo.npy").read_bytes() == before


def test_cooccurrence_feature_stays_in_its_line():
    """Lines scored together (joined by a line break) never lend each other co-occurrences."""
    from gwreport.spelling.detect import _cooc

    st = load_stats()
    one = "放开市场、放活主体"
    codes = text_codes(one)
    pos = np.array([one.index("体")])
    alone = _cooc(st, codes, pos, codes[pos])
    assert alone[0][0] > 0  # 市场 … 主体 attested in the shipped table
    two = "市场活力\n放活主体"
    codes2 = text_codes(two)
    pos2 = np.array([two.index("体")])
    assert _cooc(st, codes2, pos2, codes2[pos2])[0][0] == 0


def test_function_chars_from_dictionary(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("均 20000 d\n并 9000 c\n于 5000 p\n沟 3000 n\n亦 100 d\n通过 100 p\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _script().main(["--only-function-chars", "--out", str(out), "--words", str(words),
                           "--function-min-freq", "1000"]) == 0
    data = json.loads((out / "function_chars.json").read_text(encoding="utf-8"))
    assert data["chars"] == "于均并"  # adverbs, conjunctions, prepositions; not nouns, rare ones, words
