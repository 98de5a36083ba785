"""`gwreport format`: GB/T 9704 layout for an existing draft, text untouched."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from gwreport.docxformat import default_output, format_docx
from gwreport.errors import InputError
from gwreport.layout import audit_docx, collect_paragraphs

TEXTS = [
    "某某镇人民政府关于政府网站自查情况的报告",
    "县人民政府办公室：",
    "根据县政府办公室通知要求，我镇开展了自查工作，现将有关情况报告如下。",
    "一、总体情况",
    "　　我镇共有政府网站1个，政务新媒体账号5个。",
    "（一）网站情况",
    "网站运行正常，栏目更新及时，未发现错链、断链。",
    "附件：自查统计表",
    "",
    "某某镇人民政府",
    "2024年9月30日",
    "抄送：县委网信办。",
]


def messy_draft(path: Path) -> Path:
    d = docx.Document()
    for t in TEXTS:
        d.add_paragraph(t)
    d.paragraphs[0].runs[0].bold = True
    d.paragraphs[0].runs[0].font.size = Pt(18)
    p = d.paragraphs[2]
    p.runs[0].font.name = "Times New Roman"
    p.add_run("重点强调").bold = True  # emphasis inside a paragraph stays
    d.add_comment(p.runs[0], text="请核实数据", author="审核人")
    t = d.add_table(rows=2, cols=2)
    for (i, j), v in {(0, 0): "项目", (0, 1): "数量", (1, 0): "网站", (1, 1): "1"}.items():
        t.cell(i, j).text = v
    d.sections[0].footer.paragraphs[0].text = "第1页"
    d.save(str(path))
    return path


@pytest.fixture()
def formatted(tmp_path):
    src = messy_draft(tmp_path / "草稿.docx")
    before = src.read_bytes()
    out = tmp_path / "排版稿.docx"
    rep = format_docx(src, out)
    assert src.read_bytes() == before  # the input is never touched
    return src, out, rep


def _texts(path):
    return [p.text for p in collect_paragraphs(docx.Document(str(path)))]


def _words(texts):
    """The text of the non-empty paragraphs without the spaces format may remove (段首空格)."""
    return [t.strip(" \u3000\t") for t in texts if t.strip()]


def test_text_tables_and_comments_identical(formatted):
    src, out, _ = formatted
    # every character kept in order; only empty lines (the standard's blank lines) and the
    # spaces a paragraph was indented with may differ
    assert _words(_texts(out)) == _words(_texts(src))
    assert "　　我镇共有政府网站1个，政务新媒体账号5个。" in _texts(src)
    assert "我镇共有政府网站1个，政务新媒体账号5个。" in _texts(out)
    d = docx.Document(str(out))
    assert [c.text for c in d.comments] == ["请核实数据"]
    assert [[c.text for c in r.cells] for r in d.tables[0].rows] == [["项目", "数量"], ["网站", "1"]]
    runs = next(p for p in d.paragraphs if p.text.startswith("根据县政府")).runs
    assert runs[-1].text == "重点强调" and runs[-1].bold


def test_formatted_draft_audits_clean(formatted):
    src, out, _ = formatted
    assert audit_docx(src)  # the draft had slips
    assert audit_docx(out) == [], [(f.rule, f.line, f.message) for f in audit_docx(out)]


def test_changes_are_listed(formatted):
    _, _, rep = formatted
    text = rep.text()
    assert "A4" in text and "页边距" in text and "页码" in text and "原页脚内容已替换" in text
    assert rep.roles["title"] == 1 and rep.roles["heading1"] == 1 and rep.roles["date"] == 1
    assert any("删除段首空格 2 个" in c for c in rep.changes)  # “　　我镇……” indented by hand
    assert any("调整空行" in c for c in rep.changes)


def test_styles_by_role(formatted):
    _, out, _ = formatted
    d = docx.Document(str(out))
    by_text = {p.text: p.style.name for p in d.paragraphs if p.text}
    cells = [p for t in d.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    by_text.update({p.text: p.style.name for p in cells if p.text})
    want = {0: "公文标题", 1: "主送机关", 3: "公文一级标题", 5: "公文二级标题", 7: "附件说明",
            9: "发文机关署名", 10: "成文日期", 11: "版记"}
    for i, style in want.items():
        assert by_text[TEXTS[i].strip("　")] == style, (TEXTS[i], by_text)
    # title 下空一行 before the 主送机关 (GB/T 9704 §7.3.2): a blank line was added
    texts = [p.text for p in d.paragraphs]
    assert texts[:3] == [TEXTS[0], "", TEXTS[1]]
    assert not d.paragraphs[0].runs[0].bold  # whole-paragraph bold removed from the title
    assert d.paragraphs[0].runs[0].font.size is None  # direct size removed: the style decides


def test_refuses_to_overwrite_input_and_non_docx(tmp_path):
    src = messy_draft(tmp_path / "a.docx")
    with pytest.raises(InputError):
        format_docx(src, src)
    with pytest.raises(InputError):
        format_docx(src, tmp_path / "a.txt")
    other = tmp_path / "b.pdf"
    other.write_text("x")
    with pytest.raises(InputError):
        format_docx(src, other)
    assert other.read_text() == "x"


def test_dry_run_writes_nothing(tmp_path):
    src = messy_draft(tmp_path / "a.docx")
    out = default_output(src)
    rep = format_docx(src, out, dry_run=True)
    assert not out.exists() and rep.output is None and rep.changes


def test_cli_format(tmp_path):
    from typer.testing import CliRunner

    from gwreport.cli import app

    src = messy_draft(tmp_path / "a.docx")
    r = CliRunner().invoke(app, ["format", str(src), "-o", str(tmp_path / "b.docx")])
    assert r.exit_code == 0, r.output
    assert "已按 GB/T 9704 排版" in r.output
    r = CliRunner().invoke(app, ["format", str(src), "-o", str(src)])
    assert r.exit_code == 2


def test_unreadable_drafts_are_input_errors(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all")
    with pytest.raises(InputError):
        format_docx(bad, tmp_path / "out.docx")
    ole = tmp_path / "old.docx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(InputError, match="另存为"):
        format_docx(ole, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def test_chinese_word_normal_style_id_and_first_page_footer(tmp_path):
    """Chinese Word/WPS call the default paragraph style "a"; the grid pitch and based-on
    chains must use it. A different first-page footer would leave page 1 unnumbered."""
    src = messy_draft(tmp_path / "a.docx")
    d = docx.Document(str(src))
    styles = d.styles.element
    from docx.oxml.ns import qn

    normal = [s for s in styles.findall(qn("w:style")) if s.get(qn("w:styleId")) == "Normal"][0]
    normal.set(qn("w:styleId"), "a")
    for e in styles.iter(qn("w:basedOn")):
        if e.get(qn("w:val")) == "Normal":
            e.set(qn("w:val"), "a")
    d.sections[0].different_first_page_header_footer = True
    d.sections[0].header.paragraphs[0].text = "内部资料"
    d.save(str(src))
    out = tmp_path / "b.docx"
    format_docx(src, out)
    d2 = docx.Document(str(out))
    assert d2.styles["公文正文"].base_style.style_id == "a"
    assert d2.styles["Normal"].font.size.pt == 16
    assert not d2.sections[0].different_first_page_header_footer
    assert d2.sections[0].even_page_header.paragraphs[0].text == "内部资料"
    assert audit_docx(out) == []
