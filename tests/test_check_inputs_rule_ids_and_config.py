"""`gwreport check` on awkward inputs (unreadable files, CR/CRLF line endings, .dotx/.docm, facts files),
spelling crashes, unknown rule ids, config messages, --profile and --fix reporting."""
from __future__ import annotations

import json

import pytest

from .test_check_cli import invoke


def test_unreadable_file_never_summarised_as_no_problems(tmp_path):
    (tmp_path / "a.doc").write_bytes(b"x")
    r = invoke(["check", "a.doc", "--spelling", "off"], cwd=tmp_path)
    assert r.exit_code == 2
    assert "未发现问题" not in r.output and "1 个文件无法读取" in r.output
    (tmp_path / "ok.txt").write_text("经检查，共发现问题3个。\n", encoding="utf-8")
    r = invoke(["check", "a.doc", "ok.txt", "--spelling", "off"], cwd=tmp_path)
    assert r.exit_code == 2
    assert "未发现问题" not in r.output and "另有 1 个文件无法读取（a.doc）" in r.output
    r = invoke(["check", "a.doc", "ok.txt", "--spelling", "off", "-f", "json"], cwd=tmp_path)
    assert json.loads(r.stdout)["summary"]["unreadable"] == 1


@pytest.mark.parametrize("raw,newline", [
    (b"\xe5\x85\xb3\xe4\xba\x8e\r\r\xe5\xb8\x83\xe7\xbd\xb2\r", "\r"),  # 关于 / 布署, lone CR
    (b"\xe5\x85\xb3\xe4\xba\x8e\r\n\r\n\xe5\xb8\x83\xe7\xbd\xb2\r\n", "\r\n"),
    (b"\xe5\x85\xb3\xe4\xba\x8e\n\n\xe5\xb8\x83\xe7\xbd\xb2", "\n"),
])
def test_line_endings_cr_crlf_lf(tmp_path, raw, newline):
    from gwreport.readers import read_draft
    p = tmp_path / "cr.txt"
    p.write_bytes(raw)
    d = read_draft(p)
    assert [(u.line, u.text) for u in d.units] == [(1, "关于"), (2, ""), (3, "布署")]
    assert d.newline == newline


def test_cr_only_findings_on_their_own_line(tmp_path):
    (tmp_path / "cr.txt").write_bytes("关于工作的报告\r\r我镇及时布署。\r".encode())
    r = invoke(["check", "cr.txt", "-f", "json", "--spelling", "off"], cwd=tmp_path)
    f = [x for x in json.loads(r.stdout)["files"][0]["findings"] if x["rule"] == "GW101"][0]
    assert (f["line"], f["column"], f["text"]) == (3, 5, "布署")


def _as_word_kind(src, dst, content_type):
    import zipfile
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for name in z.namelist():
            data = z.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    content_type)
            out.writestr(name, data)
    return dst


@pytest.mark.parametrize("name,ctype", [
    ("d.dotx", b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"),
    ("d.docm", b"application/vnd.ms-word.document.macroEnabled.main+xml"),
    ("d2.docx", b"application/vnd.ms-word.document.macroEnabled.main+xml"),  # renamed .docm
])
def test_dotx_and_docm_are_read(tmp_path, name, ctype):
    from gwreport.readers import read_draft

    from .test_check_readers import make_docx
    src = _as_word_kind(make_docx(tmp_path / "src.docx"), tmp_path / name, ctype)
    d = read_draft(src)
    assert d.kind == "docx" and d.units[2].text == "经检查,共发现问题3个。"
    r = invoke(["check", name, "-f", "json", "--spelling", "off", "--select", "GW3"], cwd=tmp_path)
    assert r.exit_code == 0, r.output
    assert "已损坏" not in r.output
    assert any(f["rule"] == "GW301" for f in json.loads(r.stdout)["files"][0]["findings"])
    out = tmp_path / "fixed.docx"
    r = invoke(["check", name, "--fix", "-o", str(out), "--spelling", "off"], cwd=tmp_path)
    import docx
    assert docx.Document(str(out)).paragraphs[2].text == "经检查，共发现问题3个。"


@pytest.mark.parametrize("name", ["facts.yaml", "事实.YML"])
def test_facts_yaml_is_not_proofread_as_a_draft(tmp_path, name):
    (tmp_path / name).write_text("unit:\n  name: 某镇人民政府\n", encoding="utf-8")
    r = invoke(["check", name, "--spelling", "off"], cwd=tmp_path)
    assert r.exit_code == 2
    assert "这是事实文件，请用 gwreport build" in r.output and "未发现问题" not in r.output
    r = invoke(["check", name, "--spelling", "off", "--force-text"], cwd=tmp_path)
    assert r.exit_code == 0 and "事实文件" not in r.output


def _spell_crash(monkeypatch):
    import gwreport.proofread as pr
    import gwreport.spelling as sp

    def boom(units, known_words=(), sensitivity="normal"):
        raise ValueError("matmul: Input operand 1 has a mismatch in its core dimension")
    monkeypatch.setattr(sp, "check_units", boom)
    monkeypatch.setattr(pr, "_SPELL_WARNED", False)


def test_spelling_crash_warns_in_chinese_only(monkeypatch, capsys):
    from gwreport.findings import TextUnit
    from gwreport.proofread import proofread
    _spell_crash(monkeypatch)
    monkeypatch.delenv("GWREPORT_DEBUG", raising=False)
    proofread([TextUnit(1, "经检查，共发现问题3个。")])
    err = capsys.readouterr().err
    assert "统计拼写检查出错，已跳过" in err
    assert "ValueError" not in err and "matmul" not in err


def test_spelling_crash_details_with_debug_env(monkeypatch, capsys):
    from gwreport.findings import TextUnit
    from gwreport.proofread import proofread
    _spell_crash(monkeypatch)
    monkeypatch.setenv("GWREPORT_DEBUG", "1")
    proofread([TextUnit(1, "经检查，共发现问题3个。")])
    err = capsys.readouterr().err
    assert "统计拼写检查出错" in err and "matmul" in err


def test_allow_words_reach_the_spelling_engine_as_known_words(monkeypatch):
    import gwreport.spelling as sp
    from gwreport.config import Config
    from gwreport.findings import TextUnit
    from gwreport.proofread import proofread
    seen = {}

    def spy(units, known_words=(), sensitivity="normal"):
        seen["known"] = set(known_words)
        return []
    monkeypatch.setattr(sp, "check_units", spy)
    proofread([TextUnit(1, "九洲大道改造完成。")], Config(allow={"九洲大道"}), known_words=["杜家毫"])
    assert {"九洲大道", "杜家毫"} <= seen["known"]


def test_spelling_rule_severities_follow_the_spelling_module():
    from gwreport.proofread import list_rules
    from gwreport.proofread.configured import get_engine
    from gwreport.config import Config
    from gwreport.spelling import RULES
    listed = {r.id: r.severity for r, _ in list_rules()}
    assert listed["GW401"] == "error" and listed["GW402"] == "warning" and listed["GW403"] == "warning"
    for r in RULES:
        assert listed[r.id] == r.severity
        assert get_engine(Config()).rules[r.id].severity == r.severity


@pytest.mark.parametrize("args,words", [
    (["--select", "GW999"], ["--select", "GW999", "是否为 GW9"]),
    (["--ignore", "GW101,GX1"], ["--ignore", "GX1", "是否为"]),
    (["--select", "gw1010"], ["GW1010", "是否为 GW101"]),
])
def test_unknown_rule_ids_on_the_command_line(tmp_path, args, words):
    (tmp_path / "草稿.txt").write_text("经检查，共发现问题3个。\n", encoding="utf-8")
    r = invoke(["check", "草稿.txt", "--spelling", "off", *args], cwd=tmp_path)
    assert r.exit_code == 2 and "未发现问题" not in r.output
    for w in words:
        assert w in r.output


@pytest.mark.parametrize("body,words", [
    ("rules: {GW999: off}\n", ["rules", "GW999", "是否为"]),
    ("rules: {GW3: off}\n", ["rules", "GW3", "完整", "GW301"]),
    ("severity: {GW1010: info}\n", ["severity", "GW1010", "是否为 GW101"]),
    ("select: [GX1]\n", ["select", "GX1"]),
    ("ignore: [GW99]\n", ["ignore", "GW99"]),
    ("packs: {phrasng: off}\n", ["packs", "phrasng", "是否为 phrasing"]),
])
def test_unknown_rule_ids_in_the_config(tmp_path, body, words):
    (tmp_path / "草稿.txt").write_text("经检查，共发现问题3个。\n", encoding="utf-8")
    (tmp_path / ".gwreport.yaml").write_text(body, encoding="utf-8")
    r = invoke(["check", "草稿.txt", "--spelling", "off"], cwd=tmp_path)
    assert r.exit_code == 2 and ".gwreport.yaml" in r.output
    for w in words:
        assert w in r.output


def test_known_ids_prefixes_layout_and_user_pack_ids_accepted(tmp_path):
    (tmp_path / "草稿.txt").write_text("经检查，共发现问题3个。\n", encoding="utf-8")
    (tmp_path / "my.yaml").write_text("rules:\n- id: USR001\n  type: existence\n  tokens: [完善制度]\n",
                                      encoding="utf-8")
    (tmp_path / ".gwreport.yaml").write_text(
        "extra_packs: [my.yaml]\nrules: {USR001: on, GW906: off, GW402: off}\nseverity: {GW403: info}\n"
        "ignore: [GW9]\n", encoding="utf-8")
    r = invoke(["check", "草稿.txt", "--spelling", "off", "--select", "GW1,GW3,USR"], cwd=tmp_path)
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("body,words,not_words", [
    ("rules:\n\tGW309: off\n", ["第2行", "Tab"], ["found character", "token"]),
    ("rules: {GW309: off\n", ["YAML 格式错误", "花括号"], ["expected", "flow mapping"]),
    ("rule: {GW309: off}\n", ["未知配置项 rule，是否为 rules？"], []),
    ("check: {spelng: strict}\n", ["未知配置项 spelng，是否为 spelling？"], []),
    ("packs: [x]\n", ["packs: {phrasing: off}"], ["GW309"]),
    ("rules: [x]\n", ["rules: {GW309: off}"], []),
    ("select: GW1: x\n", ["YAML 格式错误"], ["mapping values"]),
    ("allow: {a: b}\n", ["allow: ["], []),
])
def test_config_messages_chinese_and_matching_examples(tmp_path, body, words, not_words):
    from gwreport.config import load_config
    from gwreport.errors import GwError
    (tmp_path / ".gwreport.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(GwError) as e:
        load_config(tmp_path)
    msg = e.value.message
    assert ".gwreport.yaml" in msg
    for w in words:
        assert w in msg
    for w in not_words:
        assert w not in msg


def test_config_allow_list_of_other_keys(tmp_path):
    from gwreport.config import OTHER_KEYS, load_config
    assert "layout_profile" in OTHER_KEYS
    (tmp_path / ".gwreport.yaml").write_text("layout_profile: windows\ntemplates: [g]\n", encoding="utf-8")
    cfg = load_config(tmp_path)
    assert cfg.templates and cfg.extra.get("layout_profile") == "windows"


def _windows_docx(tmp_path):
    from gwreport.docx_writer import write_docx
    from gwreport.profile import WINDOWS

    from .test_layout_audit import built_doc
    out = tmp_path / "w.docx"
    write_docx(built_doc(), out, profile=WINDOWS)
    return out


def _layout_rules(r):
    return [f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"] if f["rule"].startswith("GW9")]


def test_check_profile_option(tmp_path):
    _windows_docx(tmp_path)
    base = ["check", "w.docx", "-f", "json", "--spelling", "off"]
    assert "GW906" in _layout_rules(invoke(base, cwd=tmp_path))  # default GB/T 9704 fonts
    r = invoke(base + ["--profile", "windows"], cwd=tmp_path)
    assert _layout_rules(r) == [], r.output
    r = invoke(base + ["--profile", "win"], cwd=tmp_path)
    assert r.exit_code == 2 and "--profile" in r.output and "windows" in r.output


def test_layout_profile_in_config(tmp_path):
    _windows_docx(tmp_path)
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "p.yaml").write_text("base: windows\n", encoding="utf-8")
    (tmp_path / ".gwreport.yaml").write_text("layout_profile: sub/p.yaml\n", encoding="utf-8")
    r = invoke(["check", str(tmp_path / "w.docx"), "-f", "json", "--spelling", "off"], cwd=sub)
    assert _layout_rules(r) == [], r.output
    (tmp_path / ".gwreport.yaml").write_text("layout_profile: nosuch.yaml\n", encoding="utf-8")
    r = invoke(["check", str(tmp_path / "w.docx"), "--spelling", "off"], cwd=sub)
    assert r.exit_code == 2 and "layout_profile" in r.output


def test_fix_counts_every_remaining_finding_and_quotes_the_path(tmp_path):
    import re

    from .test_check_readers import make_docx
    make_docx(tmp_path / "草稿.docx")
    r = invoke(["check", "草稿.docx", "--fix", "-o", "修正 1.docx", "--spelling", "off"], cwd=tmp_path)
    m = re.search(r"另有 (\d+) 处需要人工处理", r.output)
    assert m, r.output
    after = invoke(["check", "修正 1.docx", "-f", "json", "--spelling", "off"], cwd=tmp_path)
    findings = json.loads(after.stdout)["files"][0]["findings"]
    assert any(f["rule"].startswith("GW9") for f in findings)  # layout warnings are counted too
    assert int(m.group(1)) == len(findings)
    assert 'gwreport check "修正 1.docx"' in r.output


@pytest.mark.parametrize("path,win,quoted", [
    ("a.docx", False, "a.docx"),
    ("修正 1.docx", False, '"修正 1.docx"'),
    ("修正 1.docx", True, '"修正 1.docx"'),
    ('a"$b.txt', False, '"a\\"\\$b.txt"'),
    ("C:\\公文\\修正 1.docx", True, '"C:\\公文\\修正 1.docx"'),
    ("C:\\公文\\a.docx", True, "C:\\公文\\a.docx"),
])
def test_shell_quote(path, win, quoted):
    from gwreport.readers import shell_quote
    assert shell_quote(path, windows=win) == quoted


def test_rules_show_readable_source_names_json_keeps_keys(tmp_path):
    import re
    r = invoke(["rules"], cwd=tmp_path)
    assert r.exit_code == 0
    for code in ("YWJZ100", "CURATED", "COMPILER", "N8", "R2018-LOCAL", "R2018", "GH-MISC", "X1",
                 "corpora/spelling", "DESIGN.md"):
        assert not re.search(r"(?<![A-Za-z0-9-])" + re.escape(code) + r"(?![A-Za-z0-9-])", r.stdout), code
    assert "《咬文嚼字》编辑部《当代汉语出版物中最常见的100个别字》" in r.stdout
    assert "2018年党和国家机构改革方案" in r.stdout
    assert "新华社《新闻信息报道中的禁用词和慎用词》" in r.stdout
    data = {d["id"]: d for d in json.loads(invoke(["rules", "-f", "json"], cwd=tmp_path).stdout)}
    assert "YWJZ100" in data["GW101"]["source"]
    assert "《咬文嚼字》编辑部" in data["GW101"]["source_name"]


@pytest.mark.parametrize("source,name", [
    ("R2018；R2023", "2018年党和国家机构改革方案；2023年党和国家机构改革方案"),
    ("YWJZ-TOP10-2019", "《咬文嚼字》2019年“十大语文差错”"),
    ("新华社禁用词 X1,X2", "新华社《新闻信息报道中的禁用词和慎用词》（2015年第一批、2016年修订版）"),
    ("GB/T 15834—2011", "GB/T 15834—2011"),
    ("CURATED（据党内法规）", "整理者补充条目（据党内法规）"),
])
def test_source_name(source, name):
    from gwreport.proofread.sources import source_name
    assert source_name(source) == name
