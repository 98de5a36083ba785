"""gwreport batch end to end: bad rows isolated, names, summary, parallel == serial, roll-up."""
import json
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from gwreport.batch import run_batch
from gwreport.cli import app

ROOT = Path(__file__).resolve().parents[1]
BATCH = ROOT / "samples" / "batch"
BASE = BATCH / "base.yaml"


def _text(path: Path) -> list[str]:
    d = docx.Document(str(path))
    out = [p.text for p in d.paragraphs]
    for t in d.tables:
        out += [c.text for row in t.rows for c in row.cells]
    return out


def _edit_table(tmp_path: Path, edits: dict, name: str = "填报表.xlsx") -> Path:
    wb = load_workbook(BATCH / "填报表.xlsx")
    ws = wb["填报表"]
    for ref, value in edits.items():
        ws[ref] = value
    out = tmp_path / name
    wb.save(out)
    return out


def _run(*args):
    r = CliRunner().invoke(app, ["batch", *map(str, args)])
    return r


def test_sample_runs_as_is(tmp_path):
    r = _run(BATCH / "填报表.xlsx", "--base", BASE, "-o", tmp_path / "out", "--jobs", "1")
    assert r.exit_code == 0, r.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert len(summary) == 14 and all(s["status"] == "ok" for s in summary)
    assert set(summary[0]) >= {"row", "unit", "status", "output", "errors", "warnings"}
    assert summary[0]["row"] == 2 and summary[0]["output"] == "青石镇人民政府.docx"
    text = _text(tmp_path / "out" / "白沙镇人民政府.docx")
    assert "经自查，未发现影响网站和新媒体正常运行的问题。" in text  # no entries in the list sheet
    assert "共 14 个单位：成功 14 个，失败 0 个" in r.stdout
    assert "生成报告" not in r.output  # no progress bar when not on a terminal


def test_bad_rows_isolated_and_reported_with_row_and_column(tmp_path):
    table = _edit_table(tmp_path, {"C4": "很多", "D6": 5, "A8": ""})
    r = _run(table, "--base", BASE, "-o", tmp_path / "out", "--jobs", "1")
    assert r.exit_code == 1
    assert "填报表.xlsx 第4行 “websites.total”列：应为非负整数，实际为“很多”" in r.stderr
    assert "填报表.xlsx 第6行 “websites.checked”列：已检查网站数（5）不能多于网站数量（1）" in r.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    by_row = {s["row"]: s for s in summary}
    assert by_row[4]["status"] == "failed" and by_row[4]["output"] is None
    assert by_row[4]["errors"] == ["填报表.xlsx 第4行 “websites.total”列：应为非负整数，实际为“很多”"]
    assert by_row[8]["status"] == "failed" and by_row[8]["unit"] is None
    assert "填报表.xlsx 第8行 “unit.name”列：缺少必填字段（单位名称）" in by_row[8]["errors"]
    ok = [s for s in summary if s["status"] == "ok"]
    assert len(ok) == 11
    for s in ok:
        assert (tmp_path / "out" / s["output"]).is_file()
    assert not (tmp_path / "out" / "柳溪镇人民政府.docx").exists()  # row 4 failed: no document
    # summary.xlsx for people: one line per row, failures marked
    ws = load_workbook(tmp_path / "out" / "summary.xlsx")["汇总"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 14
    row4 = next(r for r in rows if r[0] == 4)
    assert row4[2] == "失败" and "实际为“很多”" in row4[5]


def test_chinese_titles_in_errors(tmp_path):
    table = _edit_table(tmp_path, {"C1": "网站数量", "C5": "很多"})
    report = run_batch(table, tmp_path / "out", base=BASE, jobs=1, check=False)
    bad = report.failed
    assert len(bad) == 1
    assert bad[0].errors == ["填报表.xlsx 第5行 “网站数量”（websites.total）列：应为非负整数，实际为“很多”"]


def test_list_sheet_errors_name_the_sheet_row_and_column(tmp_path):
    wb = load_workbook(BATCH / "填报表.xlsx")
    wb["存在问题"].append(["白沙镇人民政府", "短"])
    wb.save(tmp_path / "t.xlsx")
    report = run_batch(tmp_path / "t.xlsx", tmp_path / "out", base=BASE, jobs=1, check=False)
    (bad,) = report.failed
    assert bad.unit == "白沙镇人民政府"
    row = wb["存在问题"].max_row
    assert bad.errors == [f"t.xlsx “存在问题”表第{row}行 “detail”（problems[1].detail）列：至少 4 个字，实际为“短”"]


def test_duplicate_and_unsafe_unit_names(tmp_path):
    table = _edit_table(tmp_path, {"A3": "青石镇人民政府", "T3": "青石镇人民政府", "A4": "CON",
                                   "T4": "CON镇", "A5": "桃源/乡人民政府", "T5": "桃源乡人民政府"})
    report = run_batch(table, tmp_path / "out", base=BASE, jobs=1, check=False)
    outs = {r.row: r.output for r in report.results}
    assert outs[2] == "青石镇人民政府.docx" and outs[3] == "青石镇人民政府-2.docx"
    assert outs[4] == "_CON.docx"
    assert outs[5] == "桃源_乡人民政府.docx"
    for name in outs.values():
        assert (tmp_path / "out" / name).is_file()
    dup = [r for r in report.results if r.row in (2, 3)]
    for r in dup:
        assert any("单位名称“青石镇人民政府”重复出现（第2行、第3行）" in w for w in r.warnings)
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.suffix == ".docx") == sorted(outs.values())


def test_parallel_output_equals_serial(tmp_path):
    table = _edit_table(tmp_path, {"C7": "很多"})
    serial = run_batch(table, tmp_path / "s", base=BASE, jobs=1)
    parallel = run_batch(table, tmp_path / "p", base=BASE, jobs=2)
    assert [r.to_json() for r in serial.results] == [r.to_json() for r in parallel.results]
    docs = sorted(p.name for p in (tmp_path / "s").glob("*.docx"))
    assert docs == sorted(p.name for p in (tmp_path / "p").glob("*.docx")) and len(docs) == 13
    for name in docs:
        assert _text(tmp_path / "s" / name) == _text(tmp_path / "p" / name)
    assert json.loads((tmp_path / "s" / "summary.json").read_text(encoding="utf-8")) == \
        json.loads((tmp_path / "p" / "summary.json").read_text(encoding="utf-8"))


def test_folder_of_yaml_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    sample = (ROOT / "samples" / "website-selfcheck.yaml").read_text(encoding="utf-8")
    (src / "01.yaml").write_text(sample, encoding="utf-8")
    (src / "02.yaml").write_text(sample.replace("青石镇", "白沙镇").replace("  total: 1\n", "  total: 很多\n", 1),
                                 encoding="utf-8")
    (src / "03.yaml").write_text("genre: [\n", encoding="utf-8")
    report = run_batch(src, tmp_path / "out", jobs=1, check=False)
    r1, r2, r3 = report.results
    assert r1.status == "ok" and r1.output == "青石镇人民政府.docx"
    line = sample.splitlines().index("  total: 1") + 1
    assert r2.status == "failed"
    assert r2.errors == [f"{src / '02.yaml'} 第{line}行 websites.total：应为非负整数，实际为“很多”"]
    assert r3.status == "failed" and "YAML 格式错误" in r3.errors[0]


def test_proofreading_errors_fail_the_row_unless_forced(tmp_path):
    wb = load_workbook(BATCH / "填报表.xlsx")
    wb["存在问题"].append(["白沙镇人民政府", "个别栏目布署不到位，XX栏目未更新"])
    wb["整改措施"].append(["白沙镇人民政府", "加强管理", "落实栏目更新责任", None, None])
    wb.save(tmp_path / "t.xlsx")
    report = run_batch(tmp_path / "t.xlsx", tmp_path / "out", base=BASE, jobs=1)
    (bad,) = report.failed
    assert bad.unit == "白沙镇人民政府" and any(e.startswith("生成稿第") for e in bad.errors)
    forced = run_batch(tmp_path / "t.xlsx", tmp_path / "out2", base=BASE, jobs=1, force=True)
    assert not forced.failed


def test_aggregate_inspection_notice(tmp_path):
    table = _edit_table(tmp_path, {"C4": "很多"})  # 柳溪镇 fails and is left out of the roll-up
    r = _run(table, "--base", BASE, "-o", tmp_path / "out", "--jobs", "1",
             "--aggregate", "inspection-notice", "--aggregate-base", BATCH / "inspection-notice.yaml")
    assert r.exit_code == 1  # one row failed
    agg = list((tmp_path / "out").glob("汇总-*.docx"))
    assert len(agg) == 1 and "检查情况的通报" in agg[0].name
    text = _text(agg[0])
    assert "青石镇人民政府" in text and "柳溪镇人民政府" not in text
    assert "合计" in text
    assert any("涉及政府网站14个" in p for p in text)  # 16 sites in the sample minus 柳溪镇's 2


def test_missing_table_and_unknown_header_exit_2(tmp_path):
    r = _run(tmp_path / "nope.xlsx", "--base", BASE, "-o", tmp_path / "out")
    assert r.exit_code == 2 and "找不到表格文件" in r.stderr
    p = tmp_path / "t.csv"
    p.write_text("unit.name,网站数\n甲镇人民政府,1\n", encoding="utf-8")
    r = _run(p, "--base", BASE, "-o", tmp_path / "out")
    assert r.exit_code == 2 and "t.csv 第1行B列：表头“网站数”" in r.stderr and "Traceback" not in r.output


_PARENT = {}


def _dying_run_job(job):
    import os
    if os.getpid() != _PARENT["pid"] and job.row == 4:
        os._exit(3)  # simulate a worker killed mid-row (e.g. out of memory)
    return _PARENT["real"](job)


def test_a_dying_worker_does_not_stop_the_batch(tmp_path, monkeypatch):
    import multiprocessing
    import os
    from gwreport import batch
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("needs fork to inject the failure into workers")
    _PARENT.update(pid=os.getpid(), real=batch.run_job)
    monkeypatch.setattr(batch, "run_job", _dying_run_job)
    report = run_batch(BATCH / "填报表.xlsx", tmp_path / "out", base=BASE, jobs=2, check=False)
    assert len(report.results) == 14 and not report.failed
    assert [r.row for r in report.results] == list(range(2, 16))


def test_new_table_then_batch(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["new", "website-selfcheck", "--table", "-o", "填报表.xlsx"])
    assert r.exit_code == 0, r.output
    r = _run("填报表.xlsx", "--genre", "website-selfcheck", "-o", "out")
    assert r.exit_code == 2 and "没有数据行" in r.stderr  # description and example rows are not data
