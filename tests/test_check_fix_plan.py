"""Fix planning: one --fix run applies every safe fix, nested ones too; a second run changes nothing."""
from __future__ import annotations

from gwreport.check import Checker
from gwreport.config import Config
from gwreport.findings import Finding
from gwreport.fixes import SAFE, UNSAFE, applicability, plan
from gwreport.output import fixed
from gwreport.readers import read_draft


def test_overlapping_fixes_are_not_applied_together():
    a = Finding("GW302", "warning", 1, 1, 1, 10, "(x[2024])", "", ["（x[2024]）"], "（x[2024]）")
    b = Finding("GW321", "warning", 1, 3, 1, 9, "[2024]", "", ["〔2024〕"], "〔2024〕")
    c = Finding("GW101", "error", 1, 12, 1, 14, "按装", "", ["安装"], None)
    assert applicability(a) == SAFE and applicability(c) == UNSAFE
    assert plan([a, b, c]) == {1: [a]}


def test_nested_fixes_land_in_one_run_and_a_second_run_changes_nothing(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("根据文件(X政发[2024]36号)的要求,开展工作.\n", encoding="utf-8")
    checker = Checker(Config(spelling="off"))
    out1, out2 = tmp_path / "b.txt", tmp_path / "c.txt"
    d = read_draft(src)
    res = fixed.write(d, checker.analyse(d), out1, checker.analyse)
    assert "（X政发〔2024〕36号）" in out1.read_text(encoding="utf-8")
    assert not [f for f in res.remaining if f.fix is not None]
    d2 = read_draft(out1)
    res2 = fixed.write(d2, checker.analyse(d2), out2, checker.analyse)
    assert res2.changes == [] and out1.read_bytes() == out2.read_bytes()
