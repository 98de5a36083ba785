"""hypothesis fuzzers: the facts loader on YAML-like text (tags, anchors, odd scalars), the
proofreader on random Unicode and on Chinese + punctuation + digits, and --fix idempotence.

Budgets (examples per run, derandomized so CI is reproducible; raise with HYPOTHESIS_PROFILE=long):
facts loader 300, proofreader Unicode 60 + Chinese 60, --fix idempotence 40."""
from __future__ import annotations

import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwreport.errors import GwError

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"


def budget(n: int):
    return settings(max_examples=n * (20 if LONG else 1), deadline=None, derandomize=not LONG,
                    suppress_health_check=list(HealthCheck), database=None)


# ---------------------------------------------------------------- YAML-like text
KEYS = st.sampled_from(["genre", "unit", "name", "total", "websites", "a", "b", "<<", "?", "- x", "日期", "单位", "1", "~"])
TAGS = st.sampled_from(["", "!!timestamp ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!binary ", "!!str ", "!!set ",
                        "!!omap ", "!!python/object:os.system ", "!foo ", "!<tag:x,2000:y> ", "!!map ", "!!seq ", "!!merge "])
SCALARS = st.one_of(
    st.sampled_from(["foo", "2024-13-45", "2024-02-30", "0x", "0o9", "1e400", ".nan", ".inf", "-.inf", "yes", "no", "~",
                     "null", "'", '"', "[", "{", "]", "}", "&a", "*a", "*nope", "|", ">", "@x", "`x", "%x", "1_000",
                     "0b102", "+12", "12:30:00", "2024-09-30T25:61:61", '"\\x1b[31m"', '"\\a\\0"', '"\\ud800"', "：",
                     "\u3000x", "\t", "青石镇人民政府", "xx年", "#注释", "9" * 50]),
    st.text(max_size=12))


@st.composite
def yamlish(draw):
    lines = []
    anchors = []
    for _ in range(draw(st.integers(1, 12))):
        indent = "  " * draw(st.integers(0, 3))
        key = draw(KEYS)
        tag = draw(TAGS)
        val = draw(SCALARS)
        if draw(st.booleans()) and anchors:
            val = "*" + draw(st.sampled_from(anchors))
        elif draw(st.integers(0, 5)) == 0:
            a = f"a{len(anchors)}"
            anchors.append(a)
            val = f"&{a} [{val}, {val}]"
        sep = draw(st.sampled_from([": ", ":", "：", " : ", ": [", ": {"]))
        lines.append(f"{indent}{key}{sep}{tag}{val}")
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n---\n", "\n...\n"]))


@budget(300)
@given(yamlish())
def test_facts_loader_never_crashes(text):
    from gwreport.facts import parse_facts_text
    t0 = time.monotonic()
    try:
        facts = parse_facts_text(text, "f.yaml")
    except GwError as e:
        assert "f.yaml" in e.message and "Error" not in e.message, e.message
    else:
        assert isinstance(facts.data, dict)
        _plain(facts.data)
    assert time.monotonic() - t0 < 2


def _plain(v, depth=0):
    """Only JSON-like values come out of the loader (no bytes, sets, Python objects)."""
    assert depth < 70
    if isinstance(v, dict):
        for k, x in v.items():
            assert isinstance(k, (str, int, float, bool)), type(k)
            _plain(x, depth + 1)
    elif isinstance(v, list):
        for x in v:
            _plain(x, depth + 1)
    else:
        assert v is None or isinstance(v, (str, int, float, bool)), type(v)


@budget(100)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_facts_loader_on_random_unicode(text):
    from gwreport.facts import parse_facts_text
    try:
        parse_facts_text(text, "f.yaml")
    except GwError as e:
        assert "f.yaml" in e.message


# ---------------------------------------------------------------- the proofreader
ZH = st.text(alphabet=st.sampled_from(list("我镇县政府网站栏目个共有已全部检查发现问题整改措施工作报告的地得了在于和与及")
                                      + list("，。、；：？！“”‘’（）《》〔〕【】—…·,.;:?!()[]-%／ 　\n")
                                      + list("0123456789０１２３４５６７８９xX年月日第号")), max_size=400)
ANY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


def _proofread(text):
    from gwreport.check import Checker
    from gwreport.config import Config
    from gwreport.readers import Draft, text_units
    units, raw = text_units(text)
    draft = Draft("-", "txt", units, "utf-8", "\n", raw)
    cfg = Config()
    findings = Checker(cfg).analyse(draft)
    by_line = {u.line: u.text for u in units}
    for f in findings:
        line = by_line.get(f.line)
        assert line is not None, f
        assert 1 <= f.column <= f.end_column <= len(line) + 1, (f, len(line))
        assert f.severity in ("error", "warning", "info")
        assert f.message and not f.message.isascii(), f.message
    return findings


@budget(60)
@given(ZH)
def test_proofreader_on_chinese_punct_digits(text):
    _proofread(text)


@budget(60)
@given(ANY)
def test_proofreader_on_random_unicode(text):
    _proofread(text)


# ---------------------------------------------------------------- --fix idempotence
@budget(40)
@given(ZH)
def test_fix_is_idempotent(tmp_path_factory, text):
    from typer.testing import CliRunner

    from gwreport.cli import app
    d = tmp_path_factory.mktemp("fix")
    (d / "d.txt").write_text(text, encoding="utf-8")
    r = CliRunner()
    a = r.invoke(app, ["check", str(d / "d.txt"), "--fix", "-o", str(d / "a.txt"), "--spelling", "off"])
    if a.exit_code == 2:  # e.g. text that is only whitespace: still no traceback
        assert a.exception is None or isinstance(a.exception, SystemExit), a.output
        return
    assert a.exception is None or isinstance(a.exception, SystemExit), a.output
    b = r.invoke(app, ["check", str(d / "a.txt"), "--fix", "-o", str(d / "b.txt"), "--spelling", "off"])
    assert b.exception is None or isinstance(b.exception, SystemExit), b.output
    assert (d / "a.txt").read_bytes() == (d / "b.txt").read_bytes(), "a second --fix changed the text"
    assert (d / "d.txt").read_text(encoding="utf-8") == text
