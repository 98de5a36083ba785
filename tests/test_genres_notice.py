"""检查情况通报: totals derived from per-unit records, optional sections, cross-field checks."""
from __future__ import annotations

from decimal import Decimal

import pytest

from gwreport.errors import FactsError
from gwreport.model import Table

from .genre_util import build_data, h1, sample_data


def _data():
    return sample_data("inspection-notice")



def test_totals_are_sums_of_units():
    r = build_data(_data())
    d = r.derived
    assert (d["unit_count"], d["site_total"], d["site_failed"], d["media_total"], d["media_checked"]) == (6, 6, 1, 24, 23)
    assert d["media_pass_rate"] == Decimal("91.3")  # 21/23 = 91.30
    assert d["msg_done_rate"] == Decimal("96.9")  # 31/32 = 96.875 → half-up 96.9
    assert d["problem_total"] == 6
    assert [u["name"] for u in d["problem_units"]] == ["青石镇人民政府", "龙泉乡人民政府", "柳溪乡人民政府"]


def test_table_of_units_with_total_row():
    r = build_data(_data())
    tables = [b for b in r.document.body if isinstance(b, Table)]
    assert len(tables) == 1
    rows = tables[0].rows
    assert rows[0][:2] == ["序号", "单位"] and len(rows) == 1 + 6 + 1
    assert rows[-1][1] == "合计" and rows[-1][2] == "6" and rows[-1][-1] == "6"


def test_no_problems_and_no_good_examples_leave_no_gap():
    data = _data()
    for u in data["units"]:
        u["problems"] = []
        u["websites"]["failed"] = 0
        u["new_media"]["failed"] = 0
    del data["good_examples"]
    del data["inspection"]["overall"]
    r = build_data(data)
    assert h1(r) == ["一、检查范围和方式", "二、总体情况", "三、存在问题", "四、整改要求"]
    text = r.document.plain_text()
    assert "各单位均未发现明显问题" in text and "全部合格" in text
    assert "请各单位于2024年11月15日前" in text and "存在问题的单位" not in text


def test_problems_as_records_from_selfcheck_facts():
    """Batch may pass website-selfcheck records ({detail: ...}) and extra website fields as they are."""
    data = _data()
    u = data["units"][0]
    u["problems"] = [{"detail": p} for p in u["problems"]]
    u["websites"]["columns_total"] = 36
    r = build_data(data)
    assert "一是“政策解读”栏目近两个月未发布新内容" in r.document.plain_text()


def test_unit_without_messages_counts_zero():
    data = _data()
    for u in data["units"]:
        u.pop("messages")
    r = build_data(data)
    assert r.derived["msg_done_rate"] is None
    assert "留言" not in r.document.plain_text().split("三、")[0].split("一、")[1]


@pytest.mark.parametrize("mutate, expect", [
    (lambda d: d["units"][2]["websites"].update(failed=2), "不合格网站数多于已检查网站数：龙泉乡人民政府"),
    (lambda d: d["units"][1].update(name="青石镇人民政府"), "单位名称重复：青石镇人民政府"),
    (lambda d: d["good_examples"][0].update(unit="无名镇人民政府"), "不在被检查单位之列：无名镇人民政府"),
    (lambda d: d["rectification"].update(deadline="2024-10-01"), "整改时限"),
    (lambda d: d["units"][0]["new_media"].update(checked=7), "抽查账号数多于账号总数：青石镇人民政府"),
])
def test_cross_field_checks(mutate, expect):
    data = _data()
    mutate(data)
    with pytest.raises(FactsError) as e:
        build_data(data)
    assert expect in e.value.message
