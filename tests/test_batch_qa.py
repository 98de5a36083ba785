"""Regressions for the QA findings on `gwreport batch` (one test per finding)."""
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from gwreport.batch import run_batch
from gwreport.cli import app

ROOT = Path(__file__).resolve().parents[1]
BATCH = ROOT / "samples" / "batch"
BASE = BATCH / "base.yaml"


def _run(*args):
    return CliRunner().invoke(app, ["batch", *map(str, args)])


def test_render_string_compiles_each_template_text_once(monkeypatch):
    from gwreport import render
    env = render.env_for(None)
    calls = []
    real = env.get_template

    def counting(name, *a, **k):
        calls.append(name)
        return real(name, *a, **k)

    monkeypatch.setattr(env, "get_template", counting)
    if hasattr(render, "_string_template"):
        render._string_template.cache_clear()
    text = "关于{{ unit.name }}自查情况的报告（QA缓存测试）"
    for name in ("甲镇", "乙镇", "丙镇"):
        assert render.render_string(text, {"unit": {"name": name}}) == f"关于{name}自查情况的报告（QA缓存测试）"
    assert calls.count("str:" + text) == 1


def _refuse_summary_xlsx(monkeypatch):
    """summary.xlsx open in Excel on Windows: replacing it fails with a PermissionError."""
    import os

    from gwreport import safeio
    real = os.replace

    def replace(src, dst, *a, **k):
        if Path(dst).name == "summary.xlsx":
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst, *a, **k)

    monkeypatch.setattr(safeio.os, "replace", replace)


def test_summary_xlsx_open_in_excel_is_a_warning_not_exit_2(tmp_path, monkeypatch):
    out = tmp_path / "out"
    _refuse_summary_xlsx(monkeypatch)
    r = _run(BATCH / "填报表.xlsx", "--base", BASE, "-o", out, "--jobs", "1", "--no-check")
    assert r.exit_code == 0, r.output
    assert "summary.xlsx 正被其他程序打开，未能更新；summary.json 已写出" in r.stderr
    assert "Traceback" not in r.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert len(summary) == 14 and all((out / s["output"]).is_file() for s in summary)
    assert not (out / "summary.xlsx").exists()
    assert not list(out.glob(".summary*"))  # no temporary file left behind
    # the exit status is still about the rows
    wb = load_workbook(BATCH / "填报表.xlsx")
    wb["填报表"]["C4"] = "很多"
    wb.save(tmp_path / "bad.xlsx")
    r = _run(tmp_path / "bad.xlsx", "--base", BASE, "-o", out, "--jobs", "1", "--no-check")
    assert r.exit_code == 1
    assert "summary.xlsx 正被其他程序打开" in r.stderr


@pytest.mark.parametrize("name", ["事实.yaml", "facts.yml"])
def test_a_facts_file_is_not_a_table(tmp_path, name):
    facts = tmp_path / name
    facts.write_text((ROOT / "samples" / "website-selfcheck.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    r = _run(facts, "-o", tmp_path / "out")
    assert r.exit_code == 2
    assert "读取表格需要知道体裁" not in r.stderr
    assert ".xlsx/.csv 填报表" in r.stderr and "文件夹" in r.stderr
    assert f"gwreport build {facts}" in r.stderr
    assert not (tmp_path / "out").exists()
    # with --base too (the genre is known): still the same advice, not a table-format error
    r = _run(facts, "--base", BASE, "-o", tmp_path / "out")
    assert r.exit_code == 2 and "gwreport build" in r.stderr


def test_other_files_are_not_tables_either(tmp_path):
    doc = tmp_path / "报告.docx"
    doc.write_bytes(b"PK\x03\x04")
    r = _run(doc, "-o", tmp_path / "out")
    assert r.exit_code == 2 and "读取表格需要知道体裁" not in r.stderr
    assert ".xlsx/.csv 填报表" in r.stderr


def _three_row_csv(tmp_path: Path) -> Path:
    lines = (BATCH / "填报表.csv").read_text(encoding="utf-8-sig").splitlines()
    table = tmp_path / "填报表.csv"
    table.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    (tmp_path / "填报表-清单.csv").write_text((BATCH / "填报表-清单.csv").read_text(encoding="utf-8-sig"),
                                            encoding="utf-8")
    return table


def test_list_rows_for_units_not_in_the_table_summarised_in_one_line(tmp_path):
    from gwreport.genre import GenreRegistry
    from gwreport.tables import read_table
    table = _three_row_csv(tmp_path)
    t = read_table(table, GenreRegistry([]).get("website-selfcheck"))
    unknown = [w for w in t.warnings if "不在主表中" in w]
    assert len(unknown) == 1, t.warnings
    (w,) = unknown
    main_units = {tr.unit for tr in t.rows}
    list_rows = [l.split(",") for l in (tmp_path / "填报表-清单.csv").read_text(encoding="utf-8").splitlines()[1:]]
    missing_rows = [r for r in list_rows if r[1] not in main_units]
    missing_units = list(dict.fromkeys(r[1] for r in missing_rows))
    assert len(missing_units) > 5
    assert w.startswith(f"填报表-清单.csv中有 {len(missing_rows)} 行的单位不在主表中，未被使用：")
    assert w.endswith(f"等{len(missing_units)}个单位")
    assert "、".join(f"“{u}”" for u in missing_units[:5]) in w and missing_units[5] not in w
    # the CLI prints it once too
    r = _run(table, "--base", BASE, "-o", tmp_path / "out", "--jobs", "1", "--no-check")
    assert r.exit_code == 0, r.output
    assert r.stderr.count("不在主表中") == 1


def test_one_unknown_list_row_keeps_its_row_number(tmp_path):
    from gwreport.genre import GenreRegistry
    from gwreport.tables import read_table
    wb = load_workbook(BATCH / "填报表.xlsx")
    wb["存在问题"].append(["不存在镇人民政府", "个别栏目信息更新不及时"])
    row = wb["存在问题"].max_row
    wb.save(tmp_path / "t.xlsx")
    t = read_table(tmp_path / "t.xlsx", GenreRegistry([]).get("website-selfcheck"))
    assert [w for w in t.warnings if "不在主表中" in w] == \
        [f"t.xlsx “存在问题”表第{row}行：单位“不存在镇人民政府”不在主表中，此行未被使用"]


def test_empty_unit_name_cell_is_named_by_its_column(tmp_path):
    lines = (BATCH / "填报表.csv").read_text(encoding="utf-8-sig").splitlines()
    row9 = lines[8].split(",")
    row9[0] = ""
    lines[8] = ",".join(row9)
    (tmp_path / "bad.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run_batch(tmp_path / "bad.csv", tmp_path / "out", base=BASE, jobs=1, check=False)
    (bad,) = report.failed
    assert bad.row == 9
    assert "bad.csv 第9行 “单位名称”（unit.name）列：缺少必填字段（单位名称）" in bad.errors
    assert not any("第9行 unit.name" in e for e in bad.errors)


def test_empty_cell_with_a_base_value_still_points_to_base():
    from gwreport.facts import load_facts
    from gwreport.tables import RowLocator
    base = load_facts(BASE)
    some = next(p for p in base.lines if len(p) == 2)
    loc = RowLocator("t.csv 第3行", {}, base, empty={some: "t.csv 第3行 “x”列", ("unit", "name"): "t.csv 第3行 “单位名称”（unit.name）列"})
    assert loc(some) == f"{base.source} 第{base.lines[some]}行"
    assert loc(("unit", "name")) == "t.csv 第3行 “单位名称”（unit.name）列"


def test_unknown_aggregate_genre_fails_before_any_row(tmp_path):
    out = tmp_path / "out"
    r = _run(BATCH / "填报表.xlsx", "--base", BASE, "-o", out, "--jobs", "1", "--no-check",
             "--aggregate", "nosuch")
    assert r.exit_code == 2
    assert "--aggregate nosuch" in r.stderr and "未知体裁 nosuch" in r.stderr
    assert not out.exists() or not list(out.glob("*.docx"))
    # a genre without a list of units cannot be a roll-up
    r = _run(BATCH / "填报表.xlsx", "--base", BASE, "-o", out, "--jobs", "1", "--no-check",
             "--aggregate", "website-selfcheck")
    assert r.exit_code == 2 and "不能用作汇总文档" in r.stderr
    assert not out.exists() or not list(out.glob("*.docx"))


def test_broken_aggregate_base_fails_before_any_row(tmp_path):
    out = tmp_path / "out"
    bad = tmp_path / "notice.yaml"
    bad.write_text("issuer: [\n", encoding="utf-8")
    r = _run(BATCH / "填报表.xlsx", "--base", BASE, "-o", out, "--jobs", "1", "--no-check",
             "--aggregate", "inspection-notice", "--aggregate-base", bad)
    assert r.exit_code in (1, 2) and "notice.yaml" in r.stderr and "Traceback" not in r.output
    assert not out.exists() or not list(out.glob("*.docx"))
    r = _run(BATCH / "填报表.xlsx", "--base", BASE, "-o", out, "--jobs", "1", "--no-check",
             "--aggregate", "inspection-notice", "--aggregate-base", tmp_path / "nope.yaml")
    assert r.exit_code == 2 and "nope.yaml" in r.stderr
    assert not out.exists() or not list(out.glob("*.docx"))


def test_aggregate_base_without_aggregate_is_an_error(tmp_path):
    out = tmp_path / "out"
    r = _run(BATCH / "填报表.xlsx", "--base", BASE, "-o", out, "--jobs", "1", "--no-check",
             "--aggregate-base", BATCH / "inspection-notice.yaml")
    assert r.exit_code == 2
    assert "--aggregate-base 只能与 --aggregate 一起使用" in r.stderr
    assert not out.exists()


def test_total_row_is_skipped_with_a_note(tmp_path):
    wb = load_workbook(BATCH / "填报表.xlsx")
    ws = wb["填报表"]
    ws.append(["合计", None, 16, 16, 0])
    total = ws.max_row
    wb.save(tmp_path / "t.xlsx")
    out = tmp_path / "out"
    r = _run(tmp_path / "t.xlsx", "--base", BASE, "-o", out, "--jobs", "1", "--no-check")
    assert r.exit_code == 0, r.output
    assert "缺少发文机关署名" not in r.output
    note = f"t.xlsx 第{total}行：“合计”行不是单位，已跳过"
    assert r.stderr.count("跳过：") == 1 and note in r.stderr
    assert "共 14 个单位：成功 14 个，失败 0 个（另跳过合计行 1 行）" in r.stdout
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert len(summary) == 15
    row = next(s for s in summary if s["row"] == total)
    assert row["status"] == "skipped" and row["output"] is None and row["errors"] == []
    assert row["warnings"] == [note]
    assert not (out / "合计.docx").exists() and len(list(out.glob("*.docx"))) == 14
    xrow = [x for x in load_workbook(out / "summary.xlsx")["汇总"].iter_rows(min_row=2, values_only=True)
            if x[0] == total]
    assert xrow[0][2] == "跳过"


@pytest.mark.parametrize("first", ["合计", "总计", "小计", "合  计", "全县合计："])
def test_total_row_found_in_a_serial_number_column_too(tmp_path, first):
    lines = (BATCH / "填报表.csv").read_text(encoding="utf-8-sig").splitlines()
    lines = ["序号," + lines[0]] + [f"{i}," + l for i, l in enumerate(lines[1:4], start=1)]
    lines.append(f"{first},,3,3,0")
    (tmp_path / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run_batch(tmp_path / "t.csv", tmp_path / "out", base=BASE, jobs=1, check=False)
    assert [r.status for r in report.results] == ["ok", "ok", "ok", "skipped"]
    assert not report.failed


def test_a_unit_named_like_a_total_is_not_skipped():
    from gwreport.tables import total_row
    assert total_row(["合计镇人民政府", 1], 0) is None
    assert total_row([None, "小计"], 1) == "小计"
    assert total_row([3, "青石镇人民政府"], 1) is None
