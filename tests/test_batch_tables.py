"""Reading batch tables: headers (dotted and Chinese), coercion, list sheets, encodings, formulas."""
import copy
import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from gwreport.errors import InputError
from gwreport.facts import load_facts
from gwreport.genre import GenreRegistry
from gwreport.tables import (HeaderIndex, coerce, deep_merge, read_folder, read_table, row_facts,
                             scalar_fields, write_input_table)

ROOT = Path(__file__).resolve().parents[1]
BATCH = ROOT / "samples" / "batch"


@pytest.fixture(scope="module")
def genre():
    return GenreRegistry().get("website-selfcheck")


def _by_unit(table):
    return {r.unit: r for r in table.rows}


def test_dotted_and_chinese_headers_give_the_same_rows(genre):
    x = read_table(BATCH / "填报表.xlsx", genre)  # dotted-path headers, list sheets
    c = read_table(BATCH / "填报表.csv", genre)  # Chinese titles, sibling 填报表-清单.csv
    assert len(x.rows) == len(c.rows) >= 12
    assert [r.data for r in x.rows] == [r.data for r in c.rows]
    assert x.rows[0].row == 2 and x.rows[0].label == "填报表.xlsx 第2行"
    d = x.rows[0].data
    assert d["unit"]["name"] == "青石镇人民政府"
    assert d["websites"]["total"] == 1 and d["new_media"]["by_type"]["wechat"] == 3
    assert x.lists == ["measures", "problems"] and not x.warnings


def test_list_sheets_keyed_by_unit_and_empty_lists(genre):
    rows = _by_unit(read_table(BATCH / "填报表.xlsx", genre))
    liuxi = rows["柳溪镇人民政府"].data
    assert len(liuxi["problems"]) == 3 and liuxi["problems"][0]["detail"].startswith("“通知公告”")
    assert liuxi["measures"][0]["deadline"] == "2024-10-17"  # Excel date cell → ISO text
    assert rows["白沙镇人民政府"].data["problems"] == []  # no entries → empty list
    assert rows["白沙镇人民政府"].data["measures"] == []
    # located by list sheet, row and column
    cells = rows["柳溪镇人民政府"].cells
    assert cells[("problems", 1, "detail")] == "填报表.xlsx “存在问题”表第5行 “detail”（problems[2].detail）列"


def test_title_with_path_and_required_mark(genre):
    idx = HeaderIndex(scalar_fields(genre.schema))
    assert idx.resolve("*网站数量")[0].dotted == "websites.total"
    assert idx.resolve("网站数（websites.checked）")[0].dotted == "websites.checked"
    assert idx.resolve(" 单位名称 ")[0].dotted == "unit.name"
    f, why = idx.resolve("网站数")
    assert f is None and "是否为“网站数量”" in why


def test_ambiguous_title_must_be_dotted(tmp_path, genre):
    g = copy.deepcopy(genre)
    g.schema["properties"]["websites"]["properties"]["checked"]["title"] = "网站数量"
    p = tmp_path / "t.csv"
    p.write_text("单位名称,网站数量\n甲镇人民政府,3\n", encoding="utf-8")
    with pytest.raises(InputError) as ei:
        read_table(p, g)
    msg = ei.value.message
    assert "t.csv 第1行B列" in msg and "对应多个字段（websites.total、websites.checked）" in msg
    assert "带点的字段路径" in msg
    p.write_text("单位名称,websites.checked\n甲镇人民政府,3\n", encoding="utf-8")
    assert read_table(p, g).rows[0].data["websites"]["checked"] == 3


def test_unknown_header_is_refused_with_suggestion(tmp_path, genre):
    p = tmp_path / "t.csv"
    p.write_text("序号,unit.name,websites.totl\n1,甲镇人民政府,3\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"t.csv 第1行C列：表头“websites.totl”不是.*是否为“websites.total”"):
        read_table(p, genre)


def test_coercion_by_schema_type():
    integer = {"type": "integer", "minimum": 0}
    assert coerce("12", integer) == 12
    assert coerce(" １２ ", integer) == 12
    assert coerce(12.0, integer) == 12
    assert coerce("1,234", integer) == 1234
    assert coerce("很多", integer) == "很多"
    assert coerce(12.5, integer) == 12.5  # validation reports it
    date = {"type": "string", "format": "date"}
    assert coerce(dt.datetime(2024, 9, 30), date) == "2024-09-30"
    assert coerce(45565, date) == "2024-09-30"  # an Excel date number in an unformatted cell
    assert coerce("2024年9月30日", date) == "2024年9月30日"  # validate() normalises text dates
    assert coerce(2024, {"type": "string"}) == "2024"
    lst = {"type": "array", "items": {"type": "string"}}
    assert coerce("召开专题会议\n\n 制定自查清单 ", lst) == ["召开专题会议", "制定自查清单"]


def test_gbk_csv_and_bom(tmp_path, genre):
    text = (BATCH / "填报表.csv").read_text(encoding="utf-8-sig")
    lists = (BATCH / "填报表-清单.csv").read_text(encoding="utf-8-sig")
    (tmp_path / "gbk.csv").write_bytes(text.encode("gbk"))
    (tmp_path / "清单.csv").write_bytes(lists.encode("gb18030"))
    t = read_table(tmp_path / "gbk.csv", genre, lists_path=tmp_path / "清单.csv")
    ref = read_table(BATCH / "填报表.csv", genre)
    assert [r.data for r in t.rows] == [r.data for r in ref.rows]


def test_empty_rows_and_example_rows_skipped(tmp_path, genre):
    p = tmp_path / "t.csv"
    p.write_text("unit.name,websites.total\n说明：单位全称,网站数量\n示例：青石镇人民政府,1\n,\n"
                 "甲镇人民政府,2\n\n,,\n乙镇人民政府,3\n", encoding="utf-8")
    t = read_table(p, genre)
    assert [(r.row, r.unit) for r in t.rows] == [(5, "甲镇人民政府"), (8, "乙镇人民政府")]


def test_formula_cells_read_as_values(tmp_path, genre):
    wb = Workbook()
    ws = wb.active
    ws.append(["unit.name", "websites.total", "websites.checked"])
    ws.append(["甲镇人民政府", "=1+1", "=B2"])
    raw = tmp_path / "raw.xlsx"
    wb.save(raw)
    # give the first formula a cached value, as Excel does when it saves; leave the second without
    out = tmp_path / "t.xlsx"
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>1+1</f><v></v>", b"<f>1+1</f><v>2</v>", 1)
            zout.writestr(item, data)
    t = read_table(out, genre)
    row = t.rows[0]
    assert row.data["websites"]["total"] == 2
    assert any("“websites.checked”列：公式“=B2”没有计算结果" in e for e in row.errors)


def test_text_list_one_item_per_line(tmp_path, genre):
    wb = Workbook()
    ws = wb.active
    ws.append(["单位名称", "组织开展情况"])
    ws.append(["甲镇人民政府", "召开专题会议研究部署\n制定自查清单"])
    wb.save(tmp_path / "t.xlsx")
    assert read_table(tmp_path / "t.xlsx", genre).rows[0].data["organisation"] == ["召开专题会议研究部署", "制定自查清单"]


def test_long_list_file_with_wrong_list_name(tmp_path, genre):
    (tmp_path / "t.csv").write_text("单位名称,网站数量\n甲镇人民政府,1\n乙镇人民政府,1\n", encoding="utf-8")
    (tmp_path / "t-清单.csv").write_text(
        "清单,单位名称,问题描述\n存在问题,甲镇人民政府,栏目更新不及时\n问题,乙镇人民政府,错链较多\n"
        "存在问题,丙镇人民政府,不在主表\n", encoding="utf-8")
    t = read_table(tmp_path / "t.csv", genre)
    rows = _by_unit(t)
    assert rows["甲镇人民政府"].data["problems"] == [{"detail": "栏目更新不及时"}]
    assert any("“清单”列的值“问题”不是清单名称" in e for e in rows["乙镇人民政府"].errors)
    assert any("丙镇人民政府" in w and "不在主表中" in w for w in t.warnings)


def test_row_facts_locate_cells_then_base(genre):
    base = load_facts(BATCH / "base.yaml")
    t = read_table(BATCH / "填报表.xlsx", genre)
    f = row_facts(t.rows[0], base)
    assert f.data["period"]["name"] == "2024年第三季度"  # from base
    assert f.data["unit"]["self_ref"] == "我镇"
    assert f.where(("websites", "total")) == "填报表.xlsx 第2行 “websites.total”列"
    line = (BATCH / "base.yaml").read_text(encoding="utf-8").splitlines().index("  name: 2024年第三季度") + 1
    assert f.where(("period", "name")) == f"{base.source} 第{line}行"
    assert f.where(("websites", "nonexistent")) == "填报表.xlsx 第2行"  # neither in the row nor in base


def test_deep_merge_lists_replace():
    assert deep_merge({"a": {"b": 1, "c": [1, 2]}}, {"a": {"c": [3]}}) == {"a": {"b": 1, "c": [3]}}


def test_folder_of_yaml(tmp_path):
    sample = (ROOT / "samples" / "website-selfcheck.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(sample, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(sample.replace("青石镇", "白沙镇"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    t = read_folder(tmp_path)
    assert [r.row for r in t.rows] == [1, 2]
    assert t.rows[1].file_facts.data["unit"]["name"] == "白沙镇人民政府"


def _fill_from_examples(wb):
    """Copy each sheet's example rows (示例：…) into real rows below them."""
    for sheet in wb.worksheets:
        if sheet.title == "说明":
            continue
        ex = [r for r in range(3, sheet.max_row + 1) if str(sheet.cell(r, 1).value or "").startswith("示例：")]
        for i, r in enumerate(ex):
            for c in range(1, sheet.max_column + 1):
                v = sheet.cell(r, c).value
                sheet.cell(ex[-1] + 1 + i, c).value = v[3:] if c == 1 else v


def test_input_table_layout(tmp_path, genre):
    out = write_input_table(genre, tmp_path / "填报表.xlsx")
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers[0] == "*单位名称" and "*网站数量" in headers and "genre" not in headers
    assert str(ws.cell(2, 1).value).startswith("说明：")
    assert ws.cell(3, 1).value == "示例：青石镇人民政府"
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert {"whole", "date"} <= kinds
    assert {"存在问题", "整改措施", "说明"} <= set(wb.sheetnames)
    # the description and example rows alone are not data
    from gwreport.batch import run_batch
    with pytest.raises(InputError, match="没有数据行"):
        run_batch(out, tmp_path / "o", genre="website-selfcheck", jobs=1)


@pytest.mark.parametrize("gid", [g for g in GenreRegistry().folders()])
def test_input_table_round_trip_every_genre(tmp_path, gid):
    """Table from `gwreport new GID --table`, example copied into a row → the sample's document."""
    from gwreport.facts import Facts
    from gwreport.pipeline import build_facts
    reg = GenreRegistry()
    g = reg.get(gid)
    if not g.sample:
        pytest.skip("genre has no sample")
    out = write_input_table(g, tmp_path / "t.xlsx")
    wb = load_workbook(out)
    _fill_from_examples(wb)
    wb.save(out)
    t = read_table(out, g)
    assert len(t.rows) == 1 and not t.rows[0].errors and not t.warnings
    sample = load_facts(g.folder / g.sample)
    want = build_facts(sample, reg).document.layout()
    got = build_facts(Facts(dict(t.rows[0].data, genre=gid), "t.xlsx"), reg).document.layout()
    assert list(got) == list(want)


def test_optional_list_that_may_not_be_empty_is_left_out(tmp_path, genre):
    g = copy.deepcopy(genre)
    g.schema["properties"]["new_media"]["properties"]["by_owner"]["minItems"] = 1
    wb = Workbook()
    ws = wb.active
    ws.append(["unit.name"])
    ws.append(["甲镇人民政府"])
    ws.append(["乙镇人民政府"])
    owners = wb.create_sheet("按主办单位分的账号数")
    owners.append(["单位名称", "主办单位名称", "账号数"])
    owners.append(["甲镇人民政府", "镇党政办公室", "3"])
    problems = wb.create_sheet("存在问题")
    problems.append(["单位名称", "问题描述"])
    wb.save(tmp_path / "t.xlsx")
    base = load_facts(BATCH / "base.yaml")
    jia, yi = read_table(tmp_path / "t.xlsx", g).rows
    assert jia.data["new_media"]["by_owner"] == [{"owner": "镇党政办公室", "count": 3}]
    f = row_facts(yi, base)
    assert "by_owner" not in f.data.get("new_media", {})  # not [] (which minItems would refuse)
    assert f.data["problems"] == []  # a required list without entries is empty
    f.data["period"]["name"] = "changed"
    assert base.data["period"]["name"] == "2024年第三季度"  # rows never share the base's objects
