"""政务公开工作自查报告: channels, 依申请公开 rates, optional sections without gaps."""
from __future__ import annotations

from decimal import Decimal

import pytest

from gwreport.errors import FactsError

from .genre_util import build_data, h1, sample_data


def _data():
    return sample_data("gov-affairs-openness-selfcheck")



def test_application_rates_half_up():
    data = _data()
    data["applications"].update(received=9, answered=8, on_time=7)
    r = build_data(data)
    assert r.derived["application_done_rate"] == Decimal("88.9")
    assert r.derived["on_time_rate"] == Decimal("87.5")
    text = r.document.plain_text()
    assert "共收到政府信息公开申请9件，已办结8件，办结率88.9%，其中按时办结7件，按时办结率87.5%；正在办理1件" in text


def test_optional_sections_vanish_without_gaps():
    data = _data()
    for k in ("organisation", "next_steps", "basis"):
        del data[k]
    data["problems"], data["measures"] = [], []
    data["applications"] = {"received": 0, "answered": 0, "on_time": 0}
    data["proactive"]["channels"].update(bulletin=0, events=0)
    r = build_data(data)
    assert h1(r) == ["一、主动公开情况", "二、依申请公开情况", "三、存在问题"]
    text = r.document.plain_text()
    assert "未收到政府信息公开申请，未发生因政府信息公开引发的行政复议和行政诉讼。" in text
    assert "经自查，未发现政务公开工作中存在明显问题。" in text
    assert "公开栏" not in text and "率无" not in text
    assert "为深入贯彻《中华人民共和国政府信息公开条例》" in text


def test_disputes_reported():
    data = _data()
    data["applications"]["disputes"] = 1
    text = build_data(data).document.plain_text()
    assert "因政府信息公开引发行政复议、行政诉讼1件" in text and "未发生因政府信息公开" not in text


def test_single_problem_is_not_enumerated():
    data = _data()
    data["problems"] = data["problems"][:1]
    text = build_data(data).document.plain_text()
    assert "不足，主要是部分重点领域信息公开不够及时" in text and "一是部分重点" not in text


@pytest.mark.parametrize("mutate, expect", [
    (lambda d: d["applications"].update(on_time=7), "按时办结件数（7）不能多于已办结件数（6）"),
    (lambda d: d["proactive"].update(total=100), "各类别公开条数之和（111）多于主动公开信息总数（100）"),
    (lambda d: d.update(measures=[]), "没有填写整改措施"),
    (lambda d: d["proactive"]["channels"].pop("portal"), "缺少必填字段（门户网站发布条数）"),
])
def test_cross_field_checks(mutate, expect):
    data = _data()
    mutate(data)
    with pytest.raises(FactsError) as e:
        build_data(data)
    assert expect in e.value.message
