"""Template helpers added for the genres: date ranges, dotted totals, list checks."""
from gwreport import helpers


def test_date_range_elides_same_year_and_month():
    assert helpers.date_range("2024-10-08", "2024-10-18") == "2024年10月8日至18日"
    assert helpers.date_range("2024-09-25", "2024-10-05") == "2024年9月25日至10月5日"
    assert helpers.date_range("2023-12-20", "2024-01-10") == "2023年12月20日至2024年1月10日"
    assert helpers.date_range("2024-10-08", "2024-10-08") == "2024年10月8日"


def test_total_and_count_take_dotted_keys_and_missing_as_zero():
    units = [{"w": {"n": 2}, "s": "done"}, {"w": {"n": 3}, "s": "open"}, {"s": "done"}]
    assert helpers.total(units, "w.n") == 5
    assert helpers.total([{"count": 2}, {"count": None}], "count") == 2
    assert helpers.count(units, "s", "done") == 2
    assert helpers.pluck(units[0], "w.n") == 2 and helpers.pluck(units[2], "w.n") is None


def test_texts_accepts_strings_and_records():
    assert helpers.texts(["甲", {"detail": "乙"}, "", {"detail": " "}, None]) == ["甲", "乙"]
    assert helpers.texts([{"title": "丙"}], "title") == ["丙"]


def test_exceeds_names_offending_records():
    units = [{"name": "甲镇", "a": {"x": 3, "y": 2}}, {"name": "乙镇", "a": {"x": 1, "y": 2}},
             {"a": {"x": 5, "y": 1}}]
    assert helpers.exceeds(units, "a.x", "a.y") == ["甲镇", "第3项"]
    assert helpers.exceeds(units, "a.y", "missing.z") == []


def test_duplicates_in_first_seen_order():
    assert helpers.duplicates(["甲", "乙", "甲", "丙", "乙", "甲"]) == ["甲", "乙"]
    assert helpers.duplicates([]) == []


def test_helpers_are_registered_for_templates():
    for name in ("date_range", "pluck", "exceeds"):
        assert name in helpers.GLOBALS
    for name in ("texts", "duplicates"):
        assert name in helpers.FILTERS


def test_rate_reads_floats_by_their_decimal_text():
    from decimal import Decimal
    assert helpers.rate(2.675, 100, digits=2) == Decimal("2.68")  # Decimal(2.675) is 2.67499…
    assert helpers.rate(8650, 8500) == Decimal("101.8")
