"""整改情况报告: 整改台账, 整改完成率, open items named plainly, optional sections."""
from __future__ import annotations

from decimal import Decimal

import pytest

from gwreport.errors import FactsError
from gwreport.model import Table

from .genre_util import build_data, h1, main_text, sample_data


def _data():
    return sample_data("rectification-report")



def test_ledger_table_and_rate():
    r = build_data(_data())
    assert r.derived["done_rate"] == Decimal("50.0")
    t = [b for b in r.document.body if isinstance(b, Table)][0]
    assert t.rows[0] == ["序号", "问题", "整改措施", "责任单位", "完成时限", "整改状态"]
    assert [row[-1] for row in t.rows[1:]] == ["已完成", "已完成", "整改中", "长期坚持"]
    assert t.rows[4][4] == "长期"
    text = r.document.plain_text()
    assert "截至2024年11月12日，4个问题中已完成整改2个，整改完成率50%" in text


def test_rate_rounds_half_up():
    data = _data()
    base = data["items"][0]
    data["items"] = [dict(base, problem=f"第{n}个检查发现的问题", status="已完成") for n in range(1, 6)] + \
        [dict(base, problem=f"第{n}个检查发现的问题", status="整改中", plan="加快推进整改") for n in (6, 7)]
    r = build_data(data)
    assert r.derived["done_rate"] == Decimal("71.4")  # 5/7 = 71.428…
    assert "目前尚有2个问题未完成整改：一是第6个检查发现的问题" in r.document.plain_text()


def test_all_done_drops_open_section_without_gap():
    data = _data()
    for x in data["items"]:
        x["status"] = "已完成"
        x.setdefault("deadline", "2024-11-10")
    del data["organisation"]
    del data["next_steps"]
    r = build_data(data)
    assert h1(r) == ["一、整改总体情况", "二、问题整改情况"]
    text = r.document.plain_text()
    assert "整改完成率100%" in text and "尚未完成" not in text
    assert main_text(r).endswith("特此报告。")


def test_open_items_named_plainly_and_overdue_flagged():
    data = _data()
    data["items"][0].update(status="整改中", plan="组织专人补充更新栏目内容")  # deadline 11-10 < as_of 11-12
    r = build_data(data)
    text = r.document.plain_text()
    assert "目前尚有2个问题未完成整改：一是“政策解读”栏目近两个月未发布新内容的问题，原定完成时限为2024年11月10日，目前已逾期" in text
    assert "二是1个政务新媒体账号检查不合格的问题，计划于2024年11月30日前完成整改。" in text
    assert "尚未整改到位，已超过完成时限。下一步将组织专人补充更新栏目内容。" in text


@pytest.mark.parametrize("mutate, expect", [
    (lambda d: d["items"][0].pop("deadline"), "缺少完成时限"),
    (lambda d: d["items"][2].pop("plan"), "缺少下一步措施"),
    (lambda d: d["items"][1].update(problem=d["items"][0]["problem"]), "问题重复填写"),
    (lambda d: d["items"][0].update(status="完成"), "应为以下之一：已完成、整改中、长期坚持"),
    (lambda d: d["inspection"].update(as_of="2024-11-20"), "晚于成文日期"),
])
def test_cross_field_checks(mutate, expect):
    data = _data()
    mutate(data)
    with pytest.raises(FactsError) as e:
        build_data(data)
    assert expect in e.value.message
