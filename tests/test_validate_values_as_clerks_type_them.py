"""Values typed the way a clerk types them (Chinese IME digits, quotes, yes) validate sensibly."""
import pytest

from gwreport.errors import FactsError
from gwreport.facts import parse_facts_text
from gwreport.genre import GenreRegistry
from gwreport.pipeline import build_facts


def _facts(root, *pairs):
    text = (root / "samples" / "website-selfcheck.yaml").read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return parse_facts_text(text, "x.yaml")


def test_full_width_and_quoted_digits_are_numbers(root):
    r = build_facts(_facts(root, ("  received: 8\n", "  received: ８\n"), ("  answered: 8\n", '  answered: "8"\n'),
                           ("  start: 2024-09-10", "  start: ２０２４年９月１０日")), GenreRegistry())
    assert r.facts.data["messages"] == {"received": 8, "answered": 8}
    assert "2024年9月10日" in r.document.plain_text()


def _problems(facts):
    with pytest.raises(FactsError) as ei:
        build_facts(facts, GenreRegistry())
    return ei.value.problems


def test_date_written_as_a_bare_number_gets_the_date_message(root):
    probs = _problems(_facts(root, ("  date: 2024-09-25", "  date: 20240925")))
    assert probs == ["x.yaml 第69行 document.date：不是有效日期，应写作 2024-09-30，实际为20240925"]


def test_yes_in_a_text_field_explains_yaml_booleans(root):
    probs = _problems(_facts(root, ("  signer: 李明", "  signer: yes")))
    assert len(probs) == 1 and "加引号" in probs[0] and "true" not in probs[0].split("：", 1)[1][:12]


def test_words_in_a_number_field_still_fail(root):
    probs = _problems(_facts(root, ("  received: 8\n", "  received: ８条\n")))
    assert probs == ["x.yaml 第45行 messages.received：应为非负整数，实际为“８条”"]


@pytest.mark.parametrize("bad, words", [("  - detail:个别栏目", "缺少空格"), ("  - detail：个别栏目", "中文冒号")])
def test_record_written_with_a_bad_colon_says_so(root, bad, words):
    probs = _problems(_facts(root, ("  - detail: 个别栏目", bad)))
    assert len(probs) == 1 and "problems[1]" in probs[0] and words in probs[0]


def test_user_genre_check_failing_at_run_time_is_explained_in_chinese(tmp_path, root):
    import shutil
    dst = tmp_path / "genres" / "my-summary"
    shutil.copytree(root / "templates" / "work-summary", dst)
    g = dst / "genre.yaml"
    text = g.read_text(encoding="utf-8").replace("id: work-summary", "id: my-summary", 1)
    text = text.replace("checks:\n", "checks:\n  - assert: 1 / 0 > 0\n    path: works\n    message: 不会显示\n", 1)
    g.write_text(text, encoding="utf-8")
    facts = (root / "samples" / "work-summary.yaml").read_text(encoding="utf-8").replace(
        "genre: work-summary", "genre: my-summary", 1)
    from gwreport.errors import GwError
    with pytest.raises(GwError) as ei:  # the genre is at fault, not the facts (issue 10)
        build_facts(parse_facts_text(facts, "x.yaml"), GenreRegistry([tmp_path / "genres"]))
    assert not isinstance(ei.value, FactsError)
    msg = ei.value.message
    assert "division" not in msg and "除数为0" in msg and "genre.yaml 第" in msg and "体裁定义有误" in msg


def test_blanked_optional_fields_are_simply_absent(root):
    f = _facts(root, ("  doc_number: 青政报〔2024〕18号", "  doc_number:"), ("  signer: 李明", '  signer: ""'),
               ("  self_ref: 我镇", "  self_ref:"))
    doc = build_facts(f, GenreRegistry()).document
    assert doc.doc_number is None and doc.signer is None
    assert "我单位高度重视" in doc.plain_text()


def test_blanked_required_field_is_reported_as_missing(root):
    probs = _problems(_facts(root, ("  name: 青石镇人民政府", "  name:")))
    assert probs == ["x.yaml 第4行 unit.name：缺少必填字段（单位名称）"]
