"""An office's word list as .xlsx/.csv (`rule_packs:` in .gwreport.yaml): loaded like the YAML
packs, validated with messages naming file, sheet, row and column; `gwreport rules --format xlsx`
exports every rule and entry, and an office's exported rows load back unchanged."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from .test_check_cli import invoke

HEAD = ["错误写法", "正确写法", "说明", "来源", "级别"]
ROWS = [["县府办", "县政府办公室", "本单位规范简称", "县政府办公室公文规范（2023）", "警告"],
        ["内部资料", None, "对外发布前删除", None, "错误"],
        ["青石乡", "青石镇；青石镇人民政府", "2019年撤乡设镇 {不是格式}", "县民政局", "错误"],
        ["=HYPERLINK(1)", "x", None, None, None]]


def workbook(path: Path, rows, head=HEAD, title_line=False, explain=True):
    wb = Workbook()
    ws = wb.active
    if explain:
        ws.title = "填写说明"
        ws["A1"] = "每行一个词：错误写法、正确写法……"
        ws = wb.create_sheet("词表")
    else:
        ws.title = "词表"
    if title_line:
        ws.append(["青石镇常用规范词表"])
    ws.append(head)
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows():
        for c in row:
            if c.data_type == "f":  # text that looks like a formula stays text, as a clerk typed it
                c.data_type = "s"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


@pytest.fixture
def project(tmp_path):
    workbook(tmp_path / "规则" / "本单位词表.xlsx", ROWS, title_line=True)
    (tmp_path / "规则" / "简称.csv").write_bytes("错误写法,正确写法,说明,来源,级别\n党政办,党政综合办公室,,,提示\n"
                                               .encode("gbk"))
    (tmp_path / ".gwreport.yaml").write_text("rule_packs: [规则/本单位词表.xlsx, 规则/简称.csv]\n", encoding="utf-8")
    (tmp_path / "稿.txt").write_text("县府办转来青石乡的内部资料，请党政办处理。\n", encoding="utf-8")
    return tmp_path


def test_word_lists_find_their_words_with_level_note_and_source(project):
    r = invoke(["check", "稿.txt", "--format", "json", "--spelling", "off"], project)
    fs = {f["text"]: f for f in json.loads(r.stdout)["files"][0]["findings"]}
    assert fs["县府办"]["severity"] == "warning" and fs["县府办"]["suggestions"] == ["县政府办公室"]
    assert "本单位规范简称" in fs["县府办"]["message"]
    assert fs["青石乡"]["severity"] == "error" and fs["青石乡"]["suggestions"] == ["青石镇", "青石镇人民政府"]
    assert "{不是格式}" in fs["青石乡"]["message"]
    assert fs["内部资料"]["severity"] == "error" and fs["内部资料"]["suggestions"] == []
    assert fs["党政办"]["severity"] == "info" and fs["党政办"]["rule"] == "USR203"  # second pack: USR2xx
    assert r.exit_code == 1
    # the 勘误表 names the row's own source
    out = project / "勘误表.xlsx"
    invoke(["check", "稿.txt", "-f", "xlsx", "-o", str(out), "--spelling", "off"], project)
    rows = list(load_workbook(out)["勘误表"].iter_rows(min_row=2, values_only=True))
    assert any(r[8] == "USR102" and r[9] == "县政府办公室公文规范（2023）" and r[3] == "本单位规则" for r in rows)
    # select / ignore know the new ids like any other
    r = invoke(["check", "稿.txt", "--format", "json", "--spelling", "off", "--ignore", "USR1"], project)
    assert {f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"]} == {"USR203"}


@pytest.mark.parametrize("rows,head,expect", [
    ([["县府办", "县政府办公室", "", "", "重要"]], HEAD, ["工作表“词表”第 2 行“级别”列（E2）", "重要", "错误、警告 或 提示"]),
    ([["县府办", "县政府办公室"], ["县府办", "县政府"]], HEAD, ["第 3 行", "与工作表“词表”第 2 行重复"]),
    ([["县府办", "县府办"]], HEAD, ["第 2 行“正确写法”列（B2）", "相同"]),
    ([[None, "县政府办公室", "说明"]], HEAD, ["第 2 行“错误写法”列（A2）", "为空"]),
    ([["县府办", "县政府办公室", "", "", "警告", "GW101"]], HEAD + ["规则编号"], ["（F2）", "GW"]),
    ([["县府办", "x"]], ["误", "对"], ["找不到“错误写法”列"]),
    ([["=CONCAT(\"县\",\"府办\")", "县政府办公室"]], HEAD, ["（A2）", "公式"]),
])
def test_bad_rows_are_named_by_sheet_row_and_column(tmp_path, rows, head, expect):
    workbook(tmp_path / "词表.xlsx", rows, head=head, explain=False)
    if rows[0][0] and str(rows[0][0]).startswith("="):  # a formula Excel never calculated
        wb = load_workbook(tmp_path / "词表.xlsx")
        wb["词表"]["A2"].value = rows[0][0]
        wb.save(tmp_path / "词表.xlsx")
    (tmp_path / ".gwreport.yaml").write_text("rule_packs: [词表.xlsx]\n", encoding="utf-8")
    (tmp_path / "稿.txt").write_text("县府办。\n", encoding="utf-8")
    r = invoke(["check", "稿.txt"], tmp_path)
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert "词表.xlsx" in r.output
    for part in expect:
        assert part in r.output, r.output


def test_config_names_a_missing_or_wrong_kind_of_list(tmp_path):
    (tmp_path / "稿.txt").write_text("县府办。\n", encoding="utf-8")
    (tmp_path / ".gwreport.yaml").write_text("rule_packs: [没有.xlsx]\n", encoding="utf-8")
    r = invoke(["check", "稿.txt"], tmp_path)
    assert r.exit_code == 2 and "rule_packs" in r.output and "不存在" in r.output
    (tmp_path / "词表.docx").write_bytes(b"x")
    (tmp_path / ".gwreport.yaml").write_text("rule_packs: [词表.docx]\n", encoding="utf-8")
    r = invoke(["check", "稿.txt"], tmp_path)
    assert r.exit_code == 2 and ".xlsx 或 .csv" in r.output


def test_rules_export_lists_every_rule_and_office_rows_load_back(project, tmp_path):
    out = project / "规则.xlsx"
    r = invoke(["rules", "--format", "xlsx", "-o", str(out)], project)
    assert r.exit_code == 0, r.output
    listed = json.loads(invoke(["rules", "--format", "json"], project).stdout)
    wb = load_workbook(out)
    rules = list(wb["规则"].iter_rows(min_row=2, values_only=True))
    assert [x[0] for x in rules] == [d["id"] for d in listed]
    assert {x[0] for x in rules} >= {"GW101", "GW301", "USR101", "USR104", "USR203"}
    ws = wb["词条"]
    head = [c.value for c in ws[1]]
    assert head[:5] == HEAD and head[5] == "规则编号"
    entries = list(ws.iter_rows(min_row=2, values_only=True))
    assert any(e[0] == "布署" and e[1] == "部署" and e[5] == "GW101" for e in entries)
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    ours = [list(e[:5]) for e in entries if str(e[5]).startswith("USR1")]
    assert sorted(o[0] for o in ours) == sorted(r[0] for r in ROWS)
    # the office's rows, copied out of the export, are a word list again
    other = tmp_path / "另一处"
    workbook(other / "导出词表.xlsx", ours, explain=False)
    (other / ".gwreport.yaml").write_text("rule_packs: [导出词表.xlsx]\n", encoding="utf-8")
    (other / "稿.txt").write_text("县府办转来青石乡的内部资料，请党政办处理。\n", encoding="utf-8")
    a = json.loads(invoke(["check", "稿.txt", "-f", "json", "--spelling", "off", "--select", "USR1"], project).stdout)
    b = json.loads(invoke(["check", "稿.txt", "-f", "json", "--spelling", "off", "--select", "USR1"], other).stdout)
    key = lambda d: [(f["rule"], f["text"], f["severity"], f["suggestions"], f["message"]) for f in d["files"][0]["findings"]]
    assert key(a) == key(b) and len(key(a)) == 3
