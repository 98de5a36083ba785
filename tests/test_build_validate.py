"""Facts loading and validation: every problem at once, in Chinese, with file, line and field."""
from pathlib import Path

import pytest

from gwreport.errors import FactsError
from gwreport.facts import load_facts, parse_facts_text
from gwreport.genre import GenreRegistry
from gwreport.pipeline import build_facts


def _build(text: str):
    return build_facts(parse_facts_text(text, "x.yaml"), GenreRegistry())


def _sample_text(root: Path) -> str:
    return (root / "samples" / "website-selfcheck.yaml").read_text(encoding="utf-8")


def _problems(text: str) -> list[str]:
    with pytest.raises(FactsError) as ei:
        _build(text)
    return ei.value.problems


def test_sample_is_valid(root):
    r = _build(_sample_text(root))
    assert r.genre.id == "website-selfcheck"


def test_type_error_names_line_and_field(root):
    text = _sample_text(root).replace("  total: 1\n", "  total: 很多\n", 1)
    line = text.splitlines().index("  total: 很多") + 1
    probs = _problems(text)
    assert f"x.yaml 第{line}行 websites.total：应为非负整数，实际为“很多”" in probs


def test_unknown_key_suggests_closest(root):
    text = _sample_text(root).replace("websites:", "websties:", 1)
    probs = _problems(text)
    assert any("未知字段 websties，是否为 websites？" in p for p in probs)
    # the missing required key is reported in the same run
    assert any("websites：缺少必填字段（政府网站自查情况）" in p for p in probs)


def test_all_errors_reported_at_once(root):
    text = (_sample_text(root).replace("  checked: 1\n", "  checked: -1\n", 1)
            .replace("  received: 8", "  received: 八"))
    probs = _problems(text)
    assert len(probs) == 2
    assert any("websites.checked：不能小于 0" in p for p in probs)
    assert any("messages.received：应为非负整数" in p for p in probs)


def test_cross_field_checks(root):
    text = _sample_text(root).replace("  answered: 8", "  answered: 9").replace("  failed: 1\n", "  failed: 7\n")
    probs = _problems(text)
    assert any("messages.answered：已办结留言数（9）不能多于收到留言数（8）" in p for p in probs)
    assert any("new_media.failed：不合格账号数（7）不能多于抽查账号数（6）" in p for p in probs)


def test_parts_must_sum_to_total(root):
    text = _sample_text(root).replace("      count: 3\n", "      count: 4\n", 1)
    probs = _problems(text)
    assert any("各主办单位账号数之和（7）与各平台账号数之和（6）不一致" in p for p in probs)


def test_dates_validated_and_ordered(root):
    assert any("不是有效日期" in p for p in _problems(_sample_text(root).replace("end: 2024-09-30", "end: 2024-09-31")))
    probs = _problems(_sample_text(root).replace("date: 2024-09-25", "date: 2024-09-15"))
    assert any("document.date：成文日期（2024-09-15）早于自查结束日期（2024-09-20）" in p for p in probs)


def test_chinese_date_accepted(root):
    r = _build(_sample_text(root).replace("date: 2024-09-25", "date: 2024年9月25日"))
    assert r.document.date == "2024年9月25日"


def test_yaml_syntax_error_has_line_and_column():
    with pytest.raises(FactsError) as ei:
        parse_facts_text("genre: website-selfcheck\nunit:\n  name: 甲\n bad: [1\n", "x.yaml")
    msg = ei.value.problems[0]
    assert msg.startswith("x.yaml 第") and "列" in msg and "YAML 格式错误" in msg


def test_missing_genre_and_unknown_genre():
    with pytest.raises(FactsError, match="缺少顶层字段 genre"):
        _build("unit: {name: 甲镇}\n")
    with pytest.raises(FactsError, match="未知体裁 website-selfchek，是否为 website-selfcheck？"):
        _build("genre: website-selfchek\n")


def test_alias_bomb_is_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 8):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [*{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}]\n"
    from gwreport.errors import InputError
    with pytest.raises(InputError, match="过于复杂"):
        parse_facts_text(bomb, "bomb.yaml")


def test_python_tags_are_not_executed():
    with pytest.raises(FactsError):
        parse_facts_text("genre: !!python/object/apply:os.system ['echo hi']\n", "x.yaml")


def test_gbk_facts_file(tmp_path, root):
    p = tmp_path / "gbk.yaml"
    p.write_bytes(_sample_text(root).encode("gb18030"))
    assert load_facts(p).data["unit"]["name"] == "青石镇人民政府"


def test_a_schema_pattern_that_runs_out_of_time_is_a_genre_error(monkeypatch):
    import regex

    from gwreport import validate as v
    from gwreport.errors import GwError
    def slow(*a, **kw):
        raise TimeoutError("regex timed out")
    monkeypatch.setattr(regex, "search", slow)
    import copy
    genre = copy.copy(GenreRegistry().get("website-selfcheck"))
    genre.schema = copy.deepcopy(genre.schema)
    genre.schema["properties"]["unit"]["properties"]["name"]["pattern"] = "^.+$"
    facts = load_facts(Path(__file__).resolve().parents[1] / "samples" / "website-selfcheck.yaml")
    with pytest.raises(GwError) as e:
        v.validate(facts, genre)
    assert "体裁定义有误" in str(e.value) and "pattern" in str(e.value)
