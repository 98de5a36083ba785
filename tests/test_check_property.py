"""Property tests: the proofreader never crashes on arbitrary Unicode; spans stay inside their line."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwreport.config import Config
from gwreport.findings import TextUnit
from gwreport.proofread import proofread

CFG = Config(spelling="off")
ALL_ON = Config(spelling="off", select={"GW"})  # every rule, opt-in ones included

# bias towards the characters the rules care about
ALPHABET = st.one_of(
    st.characters(),
    st.sampled_from(list("的了在是共个其中合格率不%～—-,.;:?!()\"'<>〔〕[]年月日0123456789０１一二三四五六七八九十、（）“”《》…xX×某 \u3000\t")),
    st.sampled_from(["截止", "按装", "农业部", "环保局", "上一篇", "1、", "（一）", "一、", "附件:",
                     "抽查", "不合格", "合格率", "共检查", "其中", "http://a.cn", "2021-2025年"]),
)
LINE = st.lists(ALPHABET, max_size=60).map("".join)
ROLE = st.sampled_from([None, "body", "title", "heading1", "heading3", "table_cell", "addressee",
                        "attachment", "date", "empty"])


def check_spans(units, findings):
    by_line = {u.line: u.text for u in units}
    for f in findings:
        text = by_line[f.line]
        assert f.end_line == f.line
        assert 1 <= f.column <= f.end_column <= len(text) + 1, (f, text)
        assert text[f.column - 1:f.end_column - 1] == f.text
        assert f.severity in ("error", "warning", "info")
        assert f.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(LINE, ROLE), max_size=8))
def test_never_crashes_spans_inside(lines):
    units = [TextUnit(i + 1, t, r) for i, (t, r) in enumerate(lines)]
    for cfg in (CFG, ALL_ON):
        check_spans(units, proofread(units, cfg))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), max_size=5))
def test_plain_text_units(lines):
    units = [TextUnit(i + 1, t) for i, t in enumerate(lines)]
    check_spans(units, proofread(units, ALL_ON))


@settings(max_examples=100, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=5))
def test_fixes_apply_cleanly(lines):
    from gwreport.fixes import apply_to_text, plan as planned_fixes
    units = [TextUnit(i + 1, t) for i, t in enumerate(lines)]
    plan = planned_fixes(proofread(units, CFG))
    for line, fixes in plan.items():
        out = apply_to_text(lines[line - 1], fixes)
        assert isinstance(out, str)


def test_pathological_paragraphs_are_capped():
    """One huge paragraph full of the same error gives a bounded list, not thousands of findings."""
    from collections import Counter
    for text in ("的的" * 5000, '"的' * 5000, "中 " * 5000, "按装" * 5000, "，，" * 5000, "加强管理" * 3000):
        found = proofread([TextUnit(1, text)], ALL_ON)
        per_rule = Counter(f.rule for f in found)
        assert found and max(per_rule.values()) <= 50 and len(found) <= 200
