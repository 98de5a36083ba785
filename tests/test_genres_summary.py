"""工作总结: indicators with growth and target, half-year wording, optional sections."""
from __future__ import annotations

import pytest

from gwreport.errors import FactsError

from .genre_util import build_data, h1, main_text, sample_data


def _data():
    return sample_data("work-summary")



def test_indicator_wording():
    data = _data()
    data["indicators"][2]["growth"] = -3.5
    data["indicators"][3]["growth"] = 0
    text = build_data(data).document.plain_text()
    assert "全年，我镇实现地区生产总值12.6亿元，同比增长6.2%；完成一般公共预算收入8650万元，为年度目标的101.8%" in text
    assert "完成固定资产投资8.3亿元，同比下降3.5%" in text
    assert "农村居民人均可支配收入21360元，与上年同期持平。" in text


def test_half_year_titles_and_headings():
    data = _data()
    data["period"]["kind"] = "半年"
    data["document"]["date"] = "2024-07-05"
    r = build_data(data)
    assert r.document.title == "青石镇人民政府关于2024年上半年工作总结和下半年工作打算的报告"
    assert h1(r) == ["一、2024年上半年工作完成情况", "二、特色亮点工作", "三、存在的问题和不足", "四、下半年工作打算"]
    text = r.document.plain_text()
    assert "上半年，我镇实现地区生产总值" in text and "为半年目标的101.8%" in text


def test_optional_sections_vanish_without_gaps():
    data = _data()
    for k in ("indicators", "highlights", "leadership", "overview", "plan_goal"):
        del data[k]
    data["problems"] = []
    r = build_data(data)
    assert h1(r) == ["一、2024年工作完成情况", "二、2025年工作打算"]
    text = r.document.plain_text()
    assert "坚强领导" not in text and "全年，" not in text and "重点抓好以下工作" not in text
    assert main_text(r).endswith("特此报告。")


@pytest.mark.parametrize("mutate, expect", [
    (lambda d: d["works"][1].update(title=d["works"][0]["title"]), "主要工作的小标题重复"),
    (lambda d: d["period"].update(kind="季度"), "应为以下之一：年度、半年"),
    (lambda d: d["document"].update(date="2023-12-20"), "早于总结年份（2024年）"),
    (lambda d: d["indicators"][0].update(value="很多"), "应为数字"),
])
def test_cross_field_checks(mutate, expect):
    data = _data()
    mutate(data)
    with pytest.raises(FactsError) as e:
        build_data(data)
    assert expect in e.value.message
