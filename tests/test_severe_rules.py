"""Severe-error family (严重表述错误, GW0xx): each class fires on its near-miss and stays silent on
the correct sentence that looks like it."""
from __future__ import annotations

import json

import pytest

from gwreport.config import Config
from gwreport.findings import TextUnit
from gwreport.proofread import list_rules, proofread
from gwreport.proofread.severe import analyse, id_check_digit, luhn_ok, valid_citizen_id


def rules_in(text: str) -> set[str]:
    return {h[0] for h in analyse(text)}


def spans(text: str, rule: str) -> list[str]:
    return [text[s:e] for r, s, e, _, _ in analyse(text) if r == rule]


# -- GW001 near-misses of protected names --

@pytest.mark.parametrize("text,wrong", [
    ("中共中央政治局常委、国务院副总理丁雪祥出席会议。", "丁雪祥"),
    ("习近平、李强、赵乐际、王沪宁、蔡其、丁薛祥、李希出席。", "蔡其"),
    ("习近平、李强、赵乐际、王沪宁、蔡奇、丁薛祥、李稀出席。", "李稀"),
    ("全国人大常委会委员长赵乐记主持会议。", "赵乐记"),
    ("中共中央政治局常委、中央纪委书记李熙出席会议。", "李熙"),
])
def test_misspelt_leader_name_where_a_name_stands_is_an_error(text, wrong):
    assert spans(text, "GW001") == [wrong]


@pytest.mark.parametrize("text", [
    "副县长张军同志出席会议并讲话。",
    "镇长蔡其同志介绍了情况。",      # a local cadre whose name is near a leader's
    "县委书记李强同志主持会议。",
    "李刚同志在会上发言。",            # two-character name, no national context
    "国务院副总理丁薛祥出席会议。",
])
def test_local_cadres_and_correct_names_stay_silent(text):
    assert "GW001" not in rules_in(text)


# -- GW002 name and title --

def test_leader_with_a_national_title_not_theirs_is_an_error():
    assert spans("赵乐际总理主持召开座谈会。", "GW002") == ["赵乐际"]
    assert spans("国务院副总理李强出席论坛。", "GW002") == ["李强"]
    msg = [m for r, _, _, m, _ in analyse("赵乐际总理主持会议。") if r == "GW002"][0]
    assert "李强" in msg and "委员长" in msg


@pytest.mark.parametrize("text", [
    "国务院总理李强主持召开国务院常务会议。",
    "李强总理强调。",
    "副县长张军同志出席会议。",           # local title: another 张军
    "韩正副总理曾到我县考察。",            # a former title of his
    "李克强总理、温家宝总理曾多次考察。",  # former leaders with their titles
    "最高人民法院院长张军作报告。",
])
def test_right_titles_former_titles_and_local_titles_stay_silent(text):
    assert "GW002" not in rules_in(text)


# -- GW003 order --

def test_standing_committee_members_out_of_protocol_order_are_an_error():
    text = "习近平、王沪宁、李强、赵乐际等党和国家领导人出席。"
    hits = [h for h in analyse(text) if h[0] == "GW003"]
    assert len(hits) == 1 and "习近平、李强、赵乐际、王沪宁" in hits[0][3]


@pytest.mark.parametrize("text", [
    "习近平、李强、赵乐际、王沪宁、蔡奇、丁薛祥、李希出席会议。",
    "参会人员：李希、李强、王伟。",        # not a list of leaders
    "李强主持会议，王沪宁出席。",          # not one enumeration
    "习近平、李强、赵乐际、蔡奇、丁薛祥、李希、韩正等在主席台就座。",
])
def test_protocol_order_and_other_lists_stay_silent(text):
    assert "GW003" not in rules_in(text)


# -- GW004 formulations --

@pytest.mark.parametrize("text,wrong", [
    ("深入学习贯彻习近平新时代中国特色社会主意思想。", "习近平新时代中国特色社会主意思想"),
    ("全面贯彻习近平中国特色社会主义思想。", "习近平中国特色社会主义思想"),
    ("紧密团结在以习近平为核心的党中央周围。", "以习近平为核心的党中央"),
    ("认真学习贯彻党的二十大会议精神。", "党的二十大会议精神"),
    ("贯彻落实习近平生态明文思想。", "习近平生态明文思想"),
    ("深入学习习近平新时代中国特色大社会主义思想。", "习近平新时代中国特色大社会主义思想"),
])
def test_formulation_near_misses_are_errors(text, wrong):
    assert spans(text, "GW004") == [wrong]


@pytest.mark.parametrize("text", [
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。",
    "学习贯彻习近平新时代中国特色社会主义思想主题教育。",
    "紧密团结在以习近平同志为核心的党中央周围。",
    "走建设有中国特色的社会主义道路。",   # older but correct wording
    "党的十二大精神和党的十三大精神。",   # other congresses, not a swapped 二十
])
def test_correct_formulations_and_quotations_stay_silent(text):
    assert "GW004" not in rules_in(text)


# -- GW005 enumerations --

@pytest.mark.parametrize("text,wrong", [
    ("推进全面建设社会主义现代化国家、全面深化改革、全面依法治国、全面从严治军。", "全面从严治军"),
    ("贯彻创新、协同、绿色、开放、共享的新发展理念。", "协同"),
    ("倡导自由、平等、公平、法治，倡导爱国、敬业、诚信、友善。", "公平"),
    ("坚定道路自信、理论自信、制度自信、文明自信。", "文明自信"),
    ("统筹推进经济建设、政治建设、文化建设、社会建设、生态建设。", "生态建设"),
])
def test_wrong_member_of_an_enumerated_formulation_is_an_error(text, wrong):
    assert spans(text, "GW005") == [wrong]


def test_members_out_of_order_are_an_error():
    assert spans("坚定理论自信、道路自信、制度自信、文化自信。", "GW005")


@pytest.mark.parametrize("text", [
    "推进全面从严治党、全面从严治军。",
    "坚持公开、公平、公正的原则。",
    "坚持创新、协调、绿色、开放、共享的新发展理念。",
    "协调推进全面建成小康社会、全面深化改革、全面依法治国、全面从严治党。",  # the pre-2022 list
    "加强创新、协同、共享。",
])
def test_correct_lists_and_other_lists_stay_silent(text):
    assert "GW005" not in rules_in(text)


# -- GW006 meetings, GW007 bodies --

@pytest.mark.parametrize("text,rule", [
    ("中国共产党第二十届全国代表大会胜利召开。", "GW006"),
    ("学习党的二十次三中全会精神。", "GW006"),
    ("第十四次全国人民代表大会第四次会议开幕。", "GW006"),
    ("党的二十届中央委员会第四届全体会议。", "GW006"),
    ("中国人民政治协商会议第十四次全国委员会第四次会议开幕。", "GW006"),
    ("热烈庆祝中华人名共和国成立。", "GW007"),
    ("根据《中华人民和国治安管理处罚法》处理。", "GW007"),
    ("中国共产当成立一百零五周年。", "GW007"),
])
def test_meeting_and_body_name_slips_are_errors(text, rule):
    assert rule in rules_in(text)


@pytest.mark.parametrize("text", [
    "中国共产党第二十次全国代表大会。",
    "党的二十届四中全会精神。",
    "十四届全国人大四次会议。",
    "第十四届全国人民代表大会第四次会议。",
    "健全人民代表大会制度。",
    "为了健全省人民代表大会常务委员会的议事程序。",
    "中华人民共和国国务院令。",
])
def test_correct_meeting_and_body_names_stay_silent(text):
    assert not rules_in(text) & {"GW006", "GW007"}


# -- GW008 citizen IDs, GW009 bank cards --

def test_citizen_id_check_digit_follows_gb_11643():
    assert id_check_digit("11010519491231002") == "X"
    assert valid_citizen_id("11010519491231002X")
    assert not valid_citizen_id("110105194912310021")   # wrong check digit
    assert not valid_citizen_id("99010519491231002X")   # no such province
    assert not valid_citizen_id("110105194902300023")   # 30 February


def test_citizen_id_in_text_is_an_error_and_masked_or_invalid_is_silent():
    assert spans("身份证号11010519491231002X。", "GW008") == ["11010519491231002X"]
    assert "GW008" not in rules_in("身份证号110105********002X。")
    assert "GW008" not in rules_in("编号110105194912310021。")


def _card() -> str:
    base = "622202020011223344"
    return next(base + d for d in "0123456789" if luhn_ok(base + d))


def test_bank_card_is_a_warning_but_order_numbers_and_phones_are_silent():
    card = _card()
    assert spans(f"请转入银行卡号{card}。", "GW009") == [card]
    assert "GW009" not in rules_in(f"订单编号{card}。")
    assert not rules_in("联系电话13812345678，传真010-12345678。")


# -- GW010 banned names (user pack) --

def test_banned_names_pack_ships_empty_and_a_user_list_is_honoured(tmp_path):
    assert not rules_in("张某某同志作重要讲话。")
    pack = tmp_path / "banned.yaml"
    pack.write_text("pack: banned_names\nnames:\n- {name: 张某某, note: 已被免职, source: 通报, checked: 2026-12-01}\n",
                    encoding="utf-8")
    cfg = Config(path=tmp_path / ".gwreport.yaml", extra={"severe": {"packs": ["banned.yaml"]}})
    assert {h[0] for h in analyse("张某某同志作重要讲话。", cfg)} == {"GW010"}
    assert not analyse("张某某涉嫌严重违纪违法，接受审查调查。", cfg)


def test_user_leaders_from_the_configuration_get_near_miss_checks():
    cfg = Config(extra={"severe": {"leaders": [{"name": "杜家毫", "titles": ["省委书记"]}]}})
    assert [h[0] for h in analyse("省委书记杜家豪同志强调。", cfg)] == ["GW001"]
    assert not analyse("省委书记杜家毫同志强调。", cfg)


# -- integration: registry, category, listing --

def test_severe_family_is_registered_first_with_its_category_and_as_of(tmp_path):
    items = list_rules(Config())
    ids = [r.id for r, _ in items]
    assert ids[:10] == [f"GW0{n:02d}" for n in range(1, 11)]
    assert all(r.family == "严重表述错误" and on for r, on in items[:10])
    f = proofread([TextUnit(1, "赵乐际总理主持会议。", "body")], Config(spelling="off"))
    sev = [x for x in f if x.rule == "GW002"]
    assert sev and sev[0].severity == "error" and sev[0].to_json()["category"] == "严重表述错误"


def test_check_json_lists_severe_findings_first_with_the_leaders_date(tmp_path):
    from typer.testing import CliRunner
    from gwreport.cli import app
    draft = tmp_path / "d.txt"
    draft.write_text("各单位要按装设备。\n赵乐际总理主持会议。\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(draft), "--format", "json", "--spelling", "off"])
    data = json.loads(r.stdout)
    rules = [f["rule"] for f in data["files"][0]["findings"]]
    assert rules[0].startswith("GW0") and "GW101" in rules
    assert data["summary"]["severe"] == 1 and data["summary"]["leaders_as_of"] == "2026-12-03"
    r = CliRunner().invoke(app, ["check", str(draft), "--spelling", "off"])
    assert "【严重表述错误】" in r.stdout and "严重表述错误 1 处" in r.stdout


# -- bad packs: a clear Chinese message naming the file --

def test_broken_user_pack_names_file_and_line(tmp_path):
    from gwreport.errors import GwError
    bad = tmp_path / "bad.yaml"
    bad.write_text("leaders:\n- {name: 张三, titles: [省长\n", encoding="utf-8")
    cfg = Config(path=tmp_path / ".gwreport.yaml", extra={"severe": {"packs": ["bad.yaml"]}})
    with pytest.raises(GwError) as e:
        analyse("省长张三同志", cfg)
    assert "bad.yaml" in str(e.value) and "行" in str(e.value)
    with pytest.raises(GwError) as e:
        analyse("省长张三同志", Config(extra={"severe": {"leader": []}}))
    assert "leader" in str(e.value) and "leaders" in str(e.value)


def test_config_file_severe_section_reaches_the_check(tmp_path):
    from typer.testing import CliRunner
    from gwreport.cli import app
    (tmp_path / "本省.yaml").write_text(
        "pack: 本省领导\nas_of: 2026-11-30\nleaders:\n- {name: 杜家毫, titles: [省委书记], source: 省委网站, checked: 2026-11-30}\n",
        encoding="utf-8")
    (tmp_path / ".gwreport.yaml").write_text("severe:\n  packs: [本省.yaml]\n", encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("省委书记杜家豪同志强调。\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(draft), "--format", "json", "--spelling", "off",
                                 "--config", str(tmp_path / ".gwreport.yaml")])
    rules = [f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"]]
    assert rules == ["GW001"], r.output


def test_every_pack_entry_names_a_known_source_and_a_check_date():
    import re as _re
    import yaml
    from gwreport.proofread.severe_data import builtin_dir
    for path in sorted(builtin_dir().glob("*.yaml")):
        pack = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert pack.get("as_of"), path
        known = set((pack.get("sources") or {}))
        for key in ("leaders", "former", "formulations", "enumerations", "names"):
            for e in pack.get(key) or []:
                if path.stem == "banned_names":
                    continue
                assert e.get("source") and (e.get("checked") or key == "names"), (path.name, e)
                for k in _re.split(r"[,，]\s*", str(e["source"])):
                    assert k.strip() in known, (path.name, k)


def test_rules_listing_shows_the_leaders_pack_date(tmp_path):
    from typer.testing import CliRunner
    from gwreport.cli import app
    r = CliRunner().invoke(app, ["rules"])
    assert "核对至 2026-12-03" in r.stdout
    r = CliRunner().invoke(app, ["rules", "--format", "json"])
    rows = {d["id"]: d for d in json.loads(r.stdout)}
    assert rows["GW001"]["as_of"] == "2026-12-03" and rows["GW001"]["family"] == "严重表述错误"


def test_local_party_committee_plenums_keep_their_own_numbering():
    assert "GW006" in rules_in("深入学习贯彻党的二十届三次全会精神。")
    assert "GW006" not in rules_in("认真落实省委十届六次全会精神。")
