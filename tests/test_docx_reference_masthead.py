"""--template: a unit's reference document keeps its 版头 wherever it lives — in the body
(a red 发文机关标志 and its red line) or in a first-page header ("different first page")."""
from __future__ import annotations

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from gwreport.docx_writer import write_docx
from gwreport.model import Document, Paragraph

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _doc():
    return Document(title="关于检查情况的通报", body=[Paragraph("正文。")], mark=["某某县人民政府文件"],
                    doc_number="某政发〔2024〕5号", signature="某某县人民政府", date="2024年10月25日")


def _red_mark(p):
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run("青石镇人民政府文件")
    r.font.size = Pt(36)
    r.font.color.rgb = RGBColor(0xFF, 0, 0)


def test_a_masthead_in_the_body_is_kept(tmp_path):
    ref = docx.Document()
    _red_mark(ref.paragraphs[0] if ref.paragraphs else ref.add_paragraph())
    ref.add_paragraph("")
    line = ref.add_paragraph("")
    line._p.get_or_add_pPr().append(parse_xml(
        f'<w:pBdr xmlns:w="{W}"><w:bottom w:val="single" w:sz="12" w:space="1" w:color="FF0000"/></w:pBdr>'))
    ref.add_paragraph("（正文从这里开始）")
    src = tmp_path / "红头模板.docx"
    ref.save(src)
    out = tmp_path / "out.docx"
    write_docx(_doc(), out, reference=src)
    d = docx.Document(str(out))
    texts = [p.text for p in d.paragraphs]
    assert texts[0] == "青石镇人民政府文件"  # the unit's own mark, not the facts' default
    assert "某某县人民政府文件" not in texts and "（正文从这里开始）" not in texts
    assert "某政发〔2024〕5号" in texts and "关于检查情况的通报" in texts
    styles = [p.style.name for p in d.paragraphs]
    assert "版头分隔线" not in styles  # the template's red line stands in for the writer's
    assert any(b.get(qn("w:color")) == "FF0000" for b in d.element.body.iter(qn("w:bottom")))


def test_a_masthead_in_a_first_page_header_is_kept_with_different_first_page(tmp_path):
    ref = docx.Document()
    sec = ref.sections[0]
    sec.different_first_page_header_footer = True
    _red_mark(sec.first_page_header.paragraphs[0])
    src = tmp_path / "首页页眉红头.docx"
    ref.save(src)
    out = tmp_path / "out.docx"
    write_docx(_doc(), out, reference=src)
    d = docx.Document(str(out))
    s = d.sections[0]
    assert s.different_first_page_header_footer  # titlePg kept
    assert s.first_page_header.paragraphs[0].text == "青石镇人民政府文件"
    assert "PAGE" in "".join(t.text or "" for t in s.first_page_footer._element.iter(qn("w:instrText")))
    assert "某某县人民政府文件" not in [p.text for p in d.paragraphs]  # no second 红头
    assert "版头分隔线" in [p.style.name for p in d.paragraphs]  # the header has no red line: ours


def test_a_style_only_reference_keeps_nothing_of_its_body(tmp_path):
    ref = docx.Document()
    ref.add_paragraph("示例文字")
    src = tmp_path / "样式.docx"
    ref.save(src)
    out = tmp_path / "out.docx"
    write_docx(_doc(), out, reference=src)
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "示例文字" not in texts and texts.count("某某县人民政府文件") == 1


def test_the_templates_red_line_goes_under_the_doc_number(tmp_path):
    ref = docx.Document()
    _red_mark(ref.add_paragraph())
    line = ref.add_paragraph("")
    line._p.get_or_add_pPr().append(parse_xml(
        f'<w:pBdr xmlns:w="{W}"><w:bottom w:val="single" w:sz="12" w:space="1" w:color="FF0000"/></w:pBdr>'))
    src = tmp_path / "模板.docx"
    ref.save(src)
    out = tmp_path / "out.docx"
    write_docx(_doc(), out, reference=src)
    body = docx.Document(str(out)).paragraphs
    i = next(k for k, p in enumerate(body) if p.text == "某政发〔2024〕5号")
    red = next(k for k, p in enumerate(body) if any(b.get(qn("w:color")) == "FF0000"
                                                    for b in p._p.iter(qn("w:bottom"))))
    assert red == i + 1
