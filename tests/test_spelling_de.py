"""的/地/得 model (issue 14): an adverbial before a verb takes 地, a verb before its complement
takes 得, 的 heading a noun phrase stays. Shipped statistics only."""
from __future__ import annotations

import pytest

from gwreport.spelling import correct


@pytest.mark.parametrize("wrong,right", [
    ("要积极的推进农村改革。", "要积极地推进农村改革。"),
    ("要更好的发挥基层党组织的作用。", "要更好地发挥基层党组织的作用。"),
    ("各部门要扎实的做好防汛工作。", "各部门要扎实地做好防汛工作。"),
    ("要切实的加强组织领导。", "要切实地加强组织领导。"),
    ("要不断的提高服务水平。", "要不断地提高服务水平。"),
])
def test_adverbial_before_verb_takes_di(wrong, right):
    assert correct(wrong) == right


@pytest.mark.parametrize("sentence", [
    "我们的工作取得了新的进展。",          # 的 heading a noun phrase
    "加强有效的监督。",                    # adjective + 的 + verbal noun: a noun phrase
    "群众反映的问题得到了及时解决。",
    "这次活动办得非常成功。",              # 得 before its complement
    "改革发展的成果更多更公平地惠及全体人民。",
    "他们深入细致地开展调查研究。",
])
def test_right_particles_stay(sentence):
    assert correct(sentence) == sentence


def test_digit_neighbour_exempt_when_candidate_forms_a_word():
    # a slip right before a number: the number does not weaken the evidence of the word the
    # candidate forms with its other neighbour (来访, 隐患, 投诉)
    from gwreport.spelling.detect import PARAMS, detect
    from gwreport.spelling.model import load_stats

    st = load_stats()
    old = dict(PARAMS, number_word_exempt=False)
    for wrong, right in [("全年共接待群众来仿1200人次。", "全年共接待群众来访1200人次。"),
                         ("全年开展安全检查12次，发现隐换36处。", "全年开展安全检查12次，发现隐患36处。"),
                         ("共受理群众投述15件，办结15件。", "共受理群众投诉15件，办结15件。")]:
        assert detect(wrong, st, None, "normal", old) == []  # what the plain penalty did
        assert correct(wrong) == right
