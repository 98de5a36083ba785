"""`gwreport genres`, `gwreport new`, `gwreport schema`, and user genres with clear messages."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from gwreport.cli import app
from gwreport.genre import GenreRegistry
from gwreport.pipeline import build_file

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
GENRE_IDS = sorted(p.name for p in (ROOT / "templates").iterdir()
                   if (p / "genre.yaml").is_file() and not p.name.startswith("_"))


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_genres_json_lists_five_with_id_name_description():
    r = _run("genres", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert len(rows) == 5
    assert {x["id"] for x in rows} == {"website-selfcheck", "gov-affairs-openness-selfcheck",
                                       "rectification-report", "work-summary", "inspection-notice"}
    for x in rows:
        assert x["name"] and x["description"] and x["builtin"] is True
        assert not re.search(r"[\u4e00-\u9fff，。] [\u4e00-\u9fff]", x["description"])  # folded YAML joined


def test_genres_table():
    r = _run("genres")
    assert r.exit_code == 0
    assert "检查情况通报" in r.stdout and "共 5 种体裁" in r.stdout


def _titles(node, out):
    if isinstance(node, dict):
        if node.get("title"):
            out.add(node["title"])
        for sub in (node.get("properties") or {}).values():
            _titles(sub, out)
        if isinstance(node.get("items"), dict):
            _titles(node["items"], out)
    return out


@pytest.mark.parametrize("gid", GENRE_IDS)
def test_new_skeleton_has_every_field_and_builds_like_the_sample(gid, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = _run("new", gid, "-o", "facts.yaml")
    assert r.exit_code == 0, r.output
    text = (tmp_path / "facts.yaml").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == f"# yaml-language-server: $schema=./{gid}.schema.json"
    schema = json.loads((tmp_path / f"{gid}.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("https://json-schema.org/")
    comments = "\n".join(ln for ln in text.splitlines() if ln.lstrip().startswith("#"))
    g = GenreRegistry().get(gid)
    for title in _titles(g.schema, set()) - {"体裁"}:
        assert f"# {title}" in comments, title
    # as generated, with the sample's values, it builds into the sample's document
    data = yaml.safe_load(text)
    assert data["genre"] == gid
    built = build_file(tmp_path / "facts.yaml", GenreRegistry())
    sample = build_file(ROOT / "samples" / f"{gid}.yaml", GenreRegistry())
    assert built.document.plain_text() == sample.document.plain_text()
    # the exported schema accepts it (an editor would show no errors)
    from jsonschema import Draft202012Validator, FormatChecker
    errors = list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(
        json.loads(json.dumps(data, default=str))))
    assert errors == []


def test_new_commented_optional_fields_can_be_switched_on(tmp_path, monkeypatch):
    """Optional fields the sample lacks are written commented out, with a value that type-checks."""
    monkeypatch.chdir(tmp_path)
    assert _run("new", "检查情况通报", "-o", "f.yaml").exit_code == 0
    text = (tmp_path / "f.yaml").read_text(encoding="utf-8")
    assert "  # signer: " in text and "  # secrecy: " in text and "  # joint_marks: []" in text
    text = text.replace("  # signer: \"\"", "  signer: 王五")
    (tmp_path / "f.yaml").write_text(text, encoding="utf-8")
    r = build_file(tmp_path / "f.yaml", GenreRegistry())
    assert r.document.signer == "王五"


def test_new_refuses_to_overwrite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "facts.yaml").write_text("genre: work-summary\n", encoding="utf-8")
    r = _run("new", "work-summary", "-o", "facts.yaml")
    assert r.exit_code != 0 and "已存在" in r.output
    assert (tmp_path / "facts.yaml").read_text(encoding="utf-8") == "genre: work-summary\n"


def test_new_does_not_clobber_a_foreign_schema_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "work-summary.schema.json").write_text("{}", encoding="utf-8")
    r = _run("new", "work-summary", "-o", "facts.yaml")
    assert r.exit_code != 0 and "不是 gwreport 导出" in r.output
    assert not (tmp_path / "facts.yaml").exists()


def test_new_unknown_genre_suggests(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = _run("new", "work-sumary", "-o", "f.yaml")
    assert r.exit_code != 0 and "未知体裁 work-sumary" in r.output and "work-summary" in r.output
    assert "Traceback" not in r.output


def test_new_table_without_tables_module_says_so(tmp_path, monkeypatch):
    import builtins
    real = builtins.__import__

    def fake(name, globals=None, locals=None, fromlist=(), level=0):
        if name == "tables" and level == 1 or name == "gwreport.tables":
            raise ImportError("no tables")
        return real(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", fake)
    monkeypatch.chdir(tmp_path)
    r = _run("new", "website-selfcheck", "--table", "-o", "填报表.xlsx")
    assert r.exit_code != 0 and "gwreport.tables" in r.output and "Traceback" not in r.output


def test_new_table_calls_write_input_table(tmp_path, monkeypatch):
    import types
    import sys
    calls = []
    fake = types.ModuleType("gwreport.tables")
    fake.write_input_table = lambda genre, out, base_name=None: calls.append((genre.id, Path(out).name, base_name))
    monkeypatch.setitem(sys.modules, "gwreport.tables", fake)
    import gwreport
    monkeypatch.setattr(gwreport, "tables", fake, raising=False)
    monkeypatch.chdir(tmp_path)
    r = _run("new", "政府网站与政务新媒体自查报告", "--table", "-o", "表.xlsx")
    assert r.exit_code == 0, r.output
    assert calls == [("website-selfcheck", "表.xlsx", "表-公共事实.yaml")]
    assert (tmp_path / "表-公共事实.yaml").read_text(encoding="utf-8").count("genre: website-selfcheck") == 1


def test_schema_prints_and_writes(tmp_path):
    r = _run("schema", "整改情况报告")
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    assert s["x-gwreport-genre"] == "rectification-report"
    assert s["properties"]["genre"]["enum"] == sorted(["rectification-report", "整改情况报告"])
    out = tmp_path / "s.json"
    assert _run("schema", "rectification-report", "-o", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == s


def _user_genre(tmp_path, src="work-summary", new_id=None):
    base = tmp_path / "mine"
    dst = base / (new_id or src)
    shutil.copytree(ROOT / "templates" / src, dst)
    if new_id:
        g = dst / "genre.yaml"
        g.write_text(g.read_text(encoding="utf-8").replace(f"id: {src}", f"id: {new_id}", 1)
                     .replace("name: 工作总结", "name: 我的总结", 1), encoding="utf-8")
    return base, dst


def test_user_genre_added_and_overriding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    base, dst = _user_genre(tmp_path, new_id="my-summary")
    r = _run("genres", "--format", "json", "--templates", base)
    rows = {x["id"]: x for x in json.loads(r.stdout)}
    assert len(rows) == 6 and rows["my-summary"]["builtin"] is False
    # same id as a built-in: the user's wins
    base2, dst2 = _user_genre(tmp_path / "o")
    g = dst2 / "genre.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("name: 工作总结", "name: 本局工作总结", 1), encoding="utf-8")
    rows = {x["id"]: x for x in json.loads(_run("genres", "--format", "json", "--templates", base2).stdout)}
    assert len(rows) == 5 and rows["work-summary"]["name"] == "本局工作总结"
    # and from .gwreport.yaml
    (tmp_path / ".gwreport.yaml").write_text(f"templates: [{base2}]\n", encoding="utf-8")
    rows = {x["id"]: x for x in json.loads(_run("genres", "--format", "json").stdout)}
    assert rows["work-summary"]["name"] == "本局工作总结"
    assert _run("new", "本局工作总结", "-o", "x.yaml").exit_code == 0


def _line_of(path, needle):
    return path.read_text(encoding="utf-8").splitlines().index(needle) + 1


@pytest.mark.parametrize("case", ["yaml", "schema", "template", "check", "derived"])
def test_broken_user_genre_message_names_file_and_line(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    base, dst = _user_genre(tmp_path)
    g, body = dst / "genre.yaml", dst / "body.md.j2"
    gt = g.read_text(encoding="utf-8")
    if case == "yaml":
        g.write_text(gt.replace("        kind:\n", "        kind: [\n", 1), encoding="utf-8")
        line = _line_of(g, "        kind: [")  # the parser notices two lines further down
        expect = rf"genre.yaml 第({line}|{line + 1}|{line + 2})行.*YAML 格式错误"
    elif case == "schema":
        g.write_text(gt.replace("type: integer, minimum: 2000", "type: integr, minimum: 2000", 1), encoding="utf-8")
        line = next(i for i, ln in enumerate(g.read_text(encoding="utf-8").splitlines(), 1) if "integr," in ln)
        expect = rf"genre.yaml 第{line}行 schema.properties.period.properties.year.type：schema 不是合法的 JSON Schema"
    elif case == "template":
        body.write_text(body.read_text(encoding="utf-8").replace("{% for x in works %}", "{% for x works %}", 1),
                        encoding="utf-8")
        expect = rf"body.md.j2 第{_line_of(body, '{% for x works %}')}行：模板语法错误"
    elif case == "check":
        g.write_text(gt.replace("  - assert: duplicates(works", "  - assert: duplicates((works", 1), encoding="utf-8")
        line = next(i for i, ln in enumerate(g.read_text(encoding="utf-8").splitlines(), 1) if "duplicates((works" in ln)
        expect = rf"genre.yaml 第{line}行 checks\[1\].assert：表达式语法错误"
    else:
        g.write_text(gt.replace("expr: span_word_placeholder", "").replace(
            "    expr: (period.year + 1) ~", "    expr: ((period.year + 1) ~", 1), encoding="utf-8")
        line = next(i for i, ln in enumerate(g.read_text(encoding="utf-8").splitlines(), 1) if "((period.year" in ln)
        expect = rf"genre.yaml 第{line}行 derived\[2\].expr：表达式语法错误"
    for args in (("new", "work-summary", "-o", "f.yaml"), ("schema", "work-summary"), ("genres",)):
        r = _run(*args, "--templates", base)
        assert r.exit_code != 0, args
        assert "Traceback" not in r.output
        assert re.search(expect, r.stderr), (args, r.stderr)
    assert not (tmp_path / "f.yaml").exists()


def test_new_table_failure_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    import sys
    import types

    def boom(genre, out):
        raise ValueError("Cannot convert [...] to Excel")

    fake = types.ModuleType("gwreport.tables")
    fake.write_input_table = boom
    monkeypatch.setitem(sys.modules, "gwreport.tables", fake)
    import gwreport
    monkeypatch.setattr(gwreport, "tables", fake, raising=False)
    monkeypatch.chdir(tmp_path)
    r = _run("new", "inspection-notice", "--table", "-o", "表.xlsx")
    assert r.exit_code != 0 and "无法为体裁“检查情况通报”生成填报表" in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
