"""Precision guards of the spelling engine (issue 14): person names in name positions, personal
pronouns, words the document itself uses on several lines. Real-style sentences; the shipped
statistics only."""
from __future__ import annotations

import pytest

from gwreport.findings import TextUnit
from gwreport.spelling import check_units, correct
from gwreport.spelling.detect import PARAMS, detect
from gwreport.spelling.guards import name_spans
from gwreport.spelling.model import load_stats


@pytest.fixture(scope="module")
def st():
    return load_stats()


def _names(st, s):
    return [s[a:b] for a, b in name_spans(s, st)]


@pytest.mark.parametrize("sentence,name", [
    ("办公室主任徐玥明，负责日常工作。", "徐玥明"),       # after a title
    ("县委书记张三丰同志主持会议。", "张三丰"),           # between a title and 同志
    ("检查组成员：徐玥明、王建国、李红梅。", "徐玥明"),   # a 、-list of names
    ("参加会议的有王建国、李红梅、赵刚等同志。", "赵刚"),  # the list's last name, 等 not part of it
    ("张强表示，要进一步加强管理。", "张强"),             # opening a clause before a speech verb
    ("郭金严\u3000\u3000市公安局副局长", "郭金严"),       # set off by full-width spaces
])
def test_name_positions(st, sentence, name):
    assert name in _names(st, sentence)


@pytest.mark.parametrize("sentence", [
    "市公安局副局长出席会议。",        # 安 of 公安 is no surname there
    "基层党员干部要带头。",            # 党员 is a word, not 党 + given name
    "加强管理、完善制度、健全机制。",  # a 、-list of phrases, not names
])
def test_not_names(st, sentence):
    assert _names(st, sentence) == []


@pytest.mark.parametrize("sentence", [
    "该所原会计徐玥明，一人就挪用公款。",
    "办公室主任徐玥明，负责日常工作。",
    "检查组成员：徐玥明、王建国、李红梅。",
])
def test_name_not_corrected(st, sentence):
    # without the guard the rare given-name character is "corrected" (玥 → 说)
    off = dict(PARAMS, guards=False)
    assert detect(sentence, st, None, "normal", off), "the guard has nothing to prevent here"
    assert correct(sentence) == sentence


def test_pronoun_left_alone(st):
    s = "人民群众对你的工作很满意。"
    off = dict(PARAMS, guards=False)
    assert [c.orig for c in detect(s, st, None, "normal", off)] == ["你"]
    assert correct(s) == s


def test_slip_beside_a_name_still_found():
    # the guard covers the name only: 政付 → 政府 right after it is still a slip
    assert correct("会议由徐玥明同志主持，县政付办公室印发了通知。") == \
        "会议由徐玥明同志主持，县政府办公室印发了通知。"


def test_document_words_protected():
    # 企盼 is rare in the official corpus (期盼 is usual); a document that writes it on two lines
    # uses it on purpose, a single sentence may get a low-confidence hint
    one = [TextUnit(1, "人民群众企盼生活幸福。")]
    two = [TextUnit(1, "我们企盼早日建成。"), TextUnit(2, "人民群众企盼生活幸福。")]
    assert [f.text for f in check_units(one)] == ["企"]
    assert check_units(two) == []
    # the evaluation path treats its sentences as independent, not as one document
    assert check_units(two, document=False) != []
