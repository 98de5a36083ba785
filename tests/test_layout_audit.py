"""Layout audit (GW9xx) of .docx files against GB/T 9704."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gwreport.docx_writer import write_docx
from gwreport.layout import LAYOUT_RULES, audit_docx, font_category, roles_of
from gwreport.model import Document, parse_body
from gwreport.profile import WINDOWS, Profile

TEXT = [
    "某某镇人民政府关于政府网站自查情况的报告",
    "县人民政府办公室：",
    "根据县政府办公室通知要求，我镇开展了政府网站与政务新媒体自查工作，现将有关情况报告如下。",
    "一、总体情况",
    "我镇共有政府网站1个，政务新媒体账号5个，均已完成自查。",
    "（一）网站情况",
    "网站运行正常，栏目更新及时。",
    "某某镇人民政府",
    "2024年9月30日",
]


def plain_docx(path: Path, texts=TEXT) -> Path:
    d = docx.Document()
    for t in texts:
        d.add_paragraph(t)
    d.save(str(path))
    return path


def rules_of(findings):
    return {f.rule for f in findings}


def built_doc() -> Document:
    return Document(
        title="某某县人民政府办公室关于政府网站自查情况的报告",
        body=parse_body("为做好自查工作，现将有关情况报告如下。\n# 总体情况\n全县网站运行正常。\n"
                        "## 网站情况\n各栏目更新及时。\n### 栏目\n内容。\n#### 细项\n内容。\n"
                        "| 项目 | 数量 |\n|---|---|\n| 网站 | 3 |\n特此报告。"),
        addressee="市人民政府办公室", signature="某某县人民政府办公室", date="2024年9月30日",
        doc_number="某政办〔2024〕5号", signer="张三", attachments=["统计表"],
        cc=["市委网信办"], issuer="某某县人民政府办公室", issue_date="2024年9月30日")


def test_default_python_docx_document_gets_margin_font_and_page_number_findings(tmp_path):
    fs = audit_docx(plain_docx(tmp_path / "a.docx"))
    rules = rules_of(fs)
    assert {"GW901", "GW902", "GW904", "GW906", "GW910"} <= rules
    assert {"GW903", "GW905", "GW907", "GW908", "GW909"} <= rules
    msgs = " ".join(f.message for f in fs)
    assert "天头" in msgs and "宋体" in msgs  # the theme's East Asian font was resolved
    for f in fs:
        assert f.severity == LAYOUT_RULES[f.rule].severity
        assert f.rule.startswith("GW9")


def test_findings_are_located_and_consecutive_paragraphs_merged(tmp_path):
    texts = TEXT[:3] + ["第二段正文内容比较长，用来检查合并。", "第三段正文内容也比较长。"] + TEXT[3:]
    fs = audit_docx(plain_docx(tmp_path / "a.docx", texts))
    size = [f for f in fs if f.rule == "GW905"]
    assert size[0].line == 2 and size[0].end_line == len(texts)
    assert "共" in size[0].message
    indent = [f for f in fs if f.rule == "GW908" and "首行" in f.message]
    assert indent[0].line == 3 and indent[0].end_line == 5
    title = [f for f in fs if f.rule == "GW906"]
    assert all(f.line == 1 and f.end_column == len(TEXT[0]) + 1 for f in title)


def test_gwreport_document_audits_clean(tmp_path):
    out = tmp_path / "b.docx"
    write_docx(built_doc(), out)
    assert audit_docx(out) == []


def test_windows_profile_document_audits_clean(tmp_path):
    out = tmp_path / "w.docx"
    write_docx(built_doc(), out, profile=WINDOWS)
    assert audit_docx(out, WINDOWS) == []
    # 仿宋/楷体 are the same typeface categories as 仿宋_GB2312/楷体_GB2312, but a 宋体 title is
    # not 小标宋: the default profile flags only the title
    fs = audit_docx(out)
    assert [(f.rule, f.text) for f in fs] == [("GW906", built_doc().title)]
    strict = replace(Profile(), strict_font_names=True)
    assert "GW904" in rules_of(audit_docx(out, strict))


def test_roles_from_position_and_text(tmp_path):
    texts = ["某政办〔2024〕5号", "", "某某县人民政府办公室关于", "政府网站自查情况的报告", "",
             "市人民政府办公室：", "现将有关情况报告如下。", "一、总体情况", "（一）网站情况",
             "1.栏目更新。各栏目按时更新，未发现问题。", "（1）细项", "附件：1.统计表", "2.问题清单",
             "", "某某县人民政府办公室", "2024年9月30日", "抄送：市委网信办。",
             "某某县人民政府办公室　　2024年9月30日印发"]
    roles = [r for _, r, _ in roles_of(plain_docx(tmp_path / "r.docx", texts))]
    assert roles == ["doc_number", "empty", "title", "title", "empty", "addressee", "body", "heading1",
                     "heading2", "runin3", "heading4", "attachment", "attachment", "empty",
                     "signature", "date", "cc", "printer"]


def _fixed(d):
    """A draft laid out correctly by hand (no gwreport styles): page, fonts, sizes, spacing."""
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    for i, p in enumerate(d.paragraphs):
        p.paragraph_format.line_spacing = Pt(28.9)
        for r in p.runs:
            r.font.size = Pt(22 if i == 0 else 16)
            r._r.get_or_add_rPr().get_or_add_rFonts().set(
                qn("w:eastAsia"), {0: "方正小标宋简体", 3: "黑体", 5: "楷体_GB2312"}.get(i, "仿宋_GB2312"))
    d.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i in (2, 4, 6):
        d.paragraphs[i].paragraph_format.first_line_indent = Pt(32)
    return d


def _add_page_field(paragraph):
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
        r = paragraph.add_run()
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r._r.append(fc)
        elif text:
            it = OxmlElement("w:instrText")
            it.text = text
            r._r.append(it)
        else:
            r.text = "1"


def test_hand_formatted_slips_each_marked(tmp_path):
    d = docx.Document()
    for t in TEXT:
        d.add_paragraph(t)
    d = _fixed(d)
    date = d.paragraphs[8]
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date.paragraph_format.right_indent = Pt(64)
    sig = d.paragraphs[7]
    sig.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sig.paragraph_format.right_indent = Pt(64 - 16 * 0.25)
    footer = d.sections[0].footer.paragraphs[0]
    footer.add_run("— ")
    _add_page_field(footer)
    footer.add_run(" —")
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for r in footer.runs:
        r.font.size = Pt(14)
    out = tmp_path / "h.docx"
    d.save(str(out))
    fs = audit_docx(out)
    # only the page-number placement is wrong: centred, no odd/even setting
    assert rules_of(fs) == {"GW912"}, [(f.rule, f.message) for f in fs]

    # now introduce slips one at a time
    d.paragraphs[4].paragraph_format.line_spacing = 1.5
    d.paragraphs[3].runs[0]._r.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    d.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    date.alignment = WD_ALIGN_PARAGRAPH.LEFT
    d.paragraphs[2].runs[0].font.size = Pt(14)
    d.save(str(out))
    fs = audit_docx(out)
    got = {(f.rule, f.line) for f in fs}
    assert ("GW903", 5) in got
    assert ("GW907", 4) in got
    assert ("GW906", 1) in got
    assert ("GW909", 9) in got
    assert ("GW905", 3) in got


def test_static_page_number_is_an_error(tmp_path):
    d = docx.Document()
    for t in TEXT:
        d.add_paragraph(t)
    d.sections[0].footer.paragraphs[0].text = "— 1 —"
    out = tmp_path / "s.docx"
    d.save(str(out))
    f = [f for f in audit_docx(out) if f.rule == "GW910"]
    assert f and "手工输入" in f[0].message and f[0].severity == "warning"


def test_font_categories():
    assert font_category("仿宋_GB2312") == font_category("FangSong") == "仿宋"
    assert font_category("方正小标宋简体") == "小标宋"
    assert font_category("楷体") == font_category("KaiTi") == "楷体"
    assert font_category("SimHei") == "黑体"
    assert font_category("宋体") == "宋体"
    assert font_category("Calibri") is None


def test_unreadable_file_is_input_error(tmp_path):
    from gwreport.errors import InputError

    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError):
        audit_docx(bad)


def test_check_cli_includes_layout_rules(tmp_path):
    import json

    from typer.testing import CliRunner

    from gwreport.cli import app

    src = plain_docx(tmp_path / "a.docx")
    r = CliRunner().invoke(app, ["check", str(src), "-f", "json", "--spelling", "off"])
    rules = {f["rule"] for f in json.loads(r.output)["files"][0]["findings"]}
    assert {"GW901", "GW902", "GW910"} <= rules
    r = CliRunner().invoke(app, ["check", str(src), "-f", "json", "--spelling", "off", "--ignore", "GW9"])
    rules = {f["rule"] for f in json.loads(r.output)["files"][0]["findings"]}
    assert not any(x.startswith("GW9") for x in rules)
    built = tmp_path / "b.docx"
    write_docx(built_doc(), built)
    r = CliRunner().invoke(app, ["check", str(built), "-f", "json", "--spelling", "off"])
    rules = {f["rule"] for f in json.loads(r.output)["files"][0]["findings"]}
    assert not any(x.startswith("GW9") for x in rules)
