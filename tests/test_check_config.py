"""load_config: upward search, keys, errors; packs on/off; allow words and known words."""
from __future__ import annotations

import pytest

from gwreport.config import Config, load_config
from gwreport.errors import GwError
from gwreport.findings import TextUnit
from gwreport.proofread import proofread


def test_defaults_when_absent(tmp_path):
    cfg = load_config(tmp_path)
    assert isinstance(cfg, Config) and cfg.path is None and cfg.spelling == "normal"


def test_upward_and_keys(tmp_path):
    (tmp_path / ".gwreport.yaml").write_text(
        "rules: {GW309: off, GW103: on}\npacks: {phrasing: off}\nseverity: {GW101: warning}\n"
        "allow: [九洲大道]\nextra_packs: [p.yaml]\nspelling: strict\ntemplates: [genres]\n"
        "layout_profile: windows\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    cfg = load_config(deep)
    assert cfg.path == tmp_path / ".gwreport.yaml"
    assert cfg.rules == {"GW309": False, "GW103": True}
    assert cfg.packs == {"phrasing": False}
    assert cfg.severity == {"GW101": "warning"}
    assert cfg.allow == {"九洲大道"} and cfg.spelling == "strict"
    assert cfg.extra_packs == [tmp_path.resolve() / "p.yaml"]
    assert cfg.templates == [tmp_path.resolve() / "genres"]
    assert cfg.extra == {"layout_profile": "windows"}


def test_explicit_wins(tmp_path):
    (tmp_path / ".gwreport.yaml").write_text("spelling: off\n", encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text("spelling: strict\n", encoding="utf-8")
    assert load_config(tmp_path, other).spelling == "strict"
    with pytest.raises(GwError) as e:
        load_config(tmp_path, tmp_path / "missing.yaml")
    assert "missing.yaml" in e.value.message


@pytest.mark.parametrize("body,word", [
    ("rules: [GW101]\n", "rules"),
    ("rules: {GW101: maybe}\n", "GW101"),
    ("spelling: loud\n", "spelling"),
    ("severity: {GW101: fatal}\n", "severity"),
    ("- a\n- b\n", "映射"),
    ("rules: {\n", "YAML"),
])
def test_bad_config_messages(tmp_path, body, word):
    p = tmp_path / ".gwreport.yaml"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(GwError) as e:
        load_config(tmp_path)
    assert word in e.value.message and ".gwreport.yaml" in e.value.message


def run(text, cfg, known=()):
    return proofread([TextUnit(1, text)], cfg, known_words=known)


def test_pack_off_and_opt_in_pack_rule():
    text = "县环保局已按装设备。"
    assert {f.rule for f in run(text, Config(spelling="off"))} == {"GW101", "GW203"}
    assert {f.rule for f in run(text, Config(spelling="off", packs={"phrasing": False}))} == {"GW101"}
    assert {f.rule for f in run("国家海洋局", Config(spelling="off", rules={"GW204": True}))} == {"GW204"}


def test_allow_and_known_words():
    text = "欢迎来到九洲大道，xx村"
    assert {f.rule for f in run(text, Config(spelling="off", rules={"GW103": True}))} >= {"GW601"}
    assert not run(text, Config(spelling="off", allow={"xx村"}))
    assert not run(text, Config(spelling="off"), known=["xx村"])


def test_broken_spelling_engine_does_not_sink_the_check(monkeypatch, capsys):
    spelling = pytest.importorskip("gwreport.spelling")
    import gwreport.proofread as pr

    def boom(*a, **k):
        raise OSError("bigram_bits.npy missing")

    monkeypatch.setattr(spelling, "check_units", boom)
    monkeypatch.setattr(pr, "_SPELL_WARNED", False)
    found = proofread([TextUnit(1, "今年我镇新按装路灯。")], Config(spelling="normal"))
    assert [f.rule for f in found] == ["GW101"]
    assert "拼写检查出错" in capsys.readouterr().err
