"""One rule registry and one selection resolver (gwreport.rules) for check, build and batch."""
from __future__ import annotations

import pytest

from gwreport.config import Config
from gwreport.findings import Finding, TextUnit
from gwreport.rules import families, register_family, resolve, rule_table


def test_every_family_is_in_one_table():
    table = rule_table(Config())
    for rid in ("GW101", "GW301", "GW401", "GW403", "GW901"):
        assert rid in table
    assert {r.id[:3] for r in table.values()} >= {"GW1", "GW2", "GW3", "GW4", "GW5", "GW9"}


def test_command_line_select_is_a_later_layer_than_the_config():
    # the issue's case: rules: off in the config, --select on the command line
    cfg = Config(rules={"GW301": False, "GW402": False}, spelling="off")
    sel = resolve(cfg)
    assert not sel.on("GW301") and not sel.on("GW402") and sel.on("GW302")
    cfg.cli_select = {"GW3", "GW4"}
    sel = resolve(cfg)
    assert sel.on("GW301") and sel.on("GW402")  # command line over config, for every family
    assert not sel.on("GW101") and not sel.on("GW901")


def test_more_specific_selector_wins_inside_a_layer():
    sel = resolve(Config(select={"GW3"}, rules={"GW301": False}))
    assert sel.on("GW302") and not sel.on("GW301")
    sel = resolve(Config(ignore={"GW3"}, rules={"GW301": True}))
    assert sel.on("GW301") and not sel.on("GW302")
    sel = resolve(Config(select={"GW301"}, ignore={"GW3"}))
    assert sel.on("GW301") and not sel.on("GW302")


def test_layout_rules_follow_the_same_selection():
    sel = resolve(Config(ignore={"GW9"}, rules={"GW906": True}))
    assert sel.on("GW906") and not sel.on("GW905")
    from gwreport.rules import is_on
    from gwreport.layout import layout_registry_rules
    rules = {r.id: r for r in layout_registry_rules()}
    cfg = Config(ignore={"GW9"}, rules={"GW906": True})
    assert is_on(rules["GW906"], cfg) and not is_on(rules["GW905"], cfg)


@pytest.fixture
def extra_family():
    from gwreport.proofread.registry import Rule
    from gwreport import rules as reg

    rule = Rule("GW081", "error", "测试用严重表述", "测试", False, True, "severe-test", "code")

    def run(units, config, selection):
        return [Finding("GW081", "error", u.line, 1, u.line, 3, u.text[:2], "测试") for u in units
                if u.text.startswith("严重")]

    register_family("测试家族", prefixes=("GW08",), rules=lambda config: [rule], run=run)
    yield rule
    reg._FAMILIES.pop("测试家族", None)


def test_a_registered_family_is_listed_selected_and_run(extra_family, tmp_path):
    from gwreport.check import check
    from gwreport.proofread import list_rules
    from gwreport.rules import family_of

    assert any(f.name == "测试家族" for f in families())
    assert family_of("GW081") == "测试家族"
    assert "GW081" in {r.id for r, _ in list_rules(Config(spelling="off"))}
    draft = tmp_path / "d.txt"
    draft.write_text("严重问题。\n", encoding="utf-8")
    assert [f.rule for f in check(draft, Config(spelling="off"))].count("GW081") == 1
    assert "GW081" not in [f.rule for f in check(draft, Config(spelling="off", ignore={"GW08"}))]
    assert "GW081" not in [f.rule for f in check(draft, Config(spelling="off", rules={"GW081": False}))]


def test_check_build_and_batch_share_the_rule_set():
    """build and batch proofread through the same proofreader as check: with the same config
    they report the same rules on the same text."""
    from gwreport.pipeline import default_checker
    from gwreport.proofread import proofread
    units = [TextUnit(1, "根据(X政发[2024]36号)文件,已按装设备.")]
    for cfg in (Config(spelling="off"), Config(spelling="off", ignore={"GW3"}),
                Config(spelling="off", rules={"GW321": False}, cli_select={"GW32"})):
        a = {f.rule for f in proofread(units, cfg)}
        b = {f.rule for f in default_checker(cfg)(units, ())}
        assert a == b
        assert a <= resolve(cfg).enabled
