"""YAML slips a clerk makes get a Chinese message on the right line; duplicate keys are caught."""
import re

import pytest

from gwreport.errors import FactsError
from gwreport.facts import parse_facts_text

BASE = "genre: website-selfcheck\nunit:\n  name: 青石镇人民政府\n  self_ref: 我镇\ndocument:\n  signer: 李明\n  date: 2024-09-25\n"


def _msg(text):
    with pytest.raises(FactsError) as ei:
        parse_facts_text(text, "x.yaml")
    msg = "\n".join(ei.value.problems)
    # No English parser wording may reach a clerk
    assert not re.search(r"\b(found|expected|allowed|character|stream|mapping|scalar|token)\b", msg), msg
    return msg


def test_tab_indent_named_with_its_line():
    msg = _msg(BASE.replace("  name: 青石镇人民政府", "\tname: 青石镇人民政府"))
    assert msg.startswith("x.yaml 第3行") and "Tab" in msg


def test_full_width_colon_after_a_key():
    msg = _msg(BASE.replace("  signer: 李明", "  signer：李明"))
    assert msg.startswith("x.yaml 第6行") and "中文冒号" in msg


def test_colon_without_space():
    msg = _msg(BASE.replace("  signer: 李明", "  signer:李明"))
    assert msg.startswith("x.yaml 第6行") and "空格" in msg


@pytest.mark.parametrize("bad, words", [
    ('  signer: "C:\\用户\\李明"', "反斜杠"),
    ('  signer: "李明', "引号"),
    ("  signer: @李明", "引号"),
    ("  signer: [李明", "方括号"),
    ("  signer: 李明: 主任", "冒号"),
])
def test_libyaml_messages_are_chinese(bad, words):
    msg = _msg(BASE.replace("  signer: 李明", bad))
    assert "YAML 格式错误" in msg and words in msg


def test_control_character_from_copy_paste():
    msg = _msg(BASE.replace("青石镇", "青石\x01镇"))
    assert msg.startswith("x.yaml 第3行") and "控制字符" in msg


def test_duplicate_key_is_an_error_not_a_silent_override():
    msg = _msg(BASE.replace("  self_ref: 我镇\n", "  self_ref: 我镇\n  name: 白沙镇人民政府\n"))
    assert "x.yaml 第5行 unit.name" in msg and "第3行" in msg and "重复" in msg


def test_merge_keys_and_anchors_still_work():
    f = parse_facts_text(BASE + "x: &a {k: 1}\ny:\n  <<: *a\n  j: 2\n", "x.yaml")
    assert f.data["y"] == {"k": 1, "j": 2}


@pytest.mark.parametrize("enc", ["utf-16", "utf-16-be", "gbk", "utf-8-sig"])
def test_facts_file_saved_by_notepad_in_any_encoding(tmp_path, root, enc):
    from gwreport.facts import load_facts
    text = (root / "samples" / "website-selfcheck.yaml").read_text(encoding="utf-8")
    raw = text.encode(enc)
    if enc == "utf-16-be":
        raw = b"\xfe\xff" + raw
    p = tmp_path / "事实.yaml"
    p.write_bytes(raw)
    assert load_facts(p).data["unit"]["name"] == "青石镇人民政府"


@pytest.mark.parametrize("space", ["\u3000\u3000", "\xa0\xa0"])
def test_full_width_or_web_space_indent(space):
    msg = _msg(BASE.replace("  name: 青石镇人民政府", space + "name: 青石镇人民政府"))
    assert msg.startswith("x.yaml 第3行") and "全角空格" in msg


def test_full_width_space_after_colon():
    msg = _msg(BASE.replace("  name: 青石镇人民政府", "  name:\u3000青石镇人民政府"))
    assert msg.startswith("x.yaml 第3行") and "半角空格" in msg
