"""The one .docx reader (gwreport.docmodel): text as Word shows it, numbering as Word draws it,
headers/footers/text boxes as blocks, and one role inference shared by check and the audit."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from gwreport.docmodel import chinese_count, format_number, read_model
from gwreport.findings import TextUnit
from gwreport.readers import read_draft
from gwreport.roles import assign_model_roles, infer_unit_roles

DATA = Path(__file__).parent / "data" / "docmodel"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NS = (W + ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
      ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
      ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
      ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
      ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
      ' xmlns:v="urn:schemas-microsoft-com:vml"')


def _para(xml: str):
    return parse_xml(f"<w:p {NS}>{xml}</w:p>")


def _doc_with(*paras_xml: str):
    d = docx.Document()
    body = d.element.body
    for x in paras_xml:
        el = parse_xml(x) if x.startswith("<w:sdt xmlns") else _para(x)
        body.insert(len(body) - 1, el)  # before the final sectPr
    return d


def r(t: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{t}</w:t></w:r>'


def test_text_as_word_shows_it():
    d = _doc_with(
        # inline content control, hyperlink, smart tag, simple field result
        f'<w:sdt><w:sdtContent>{r("甲")}</w:sdtContent></w:sdt><w:hyperlink r:id="x">{r("乙")}</w:hyperlink>'
        f'<w:smartTag w:uri="u" w:element="e">{r("丙")}</w:smartTag><w:fldSimple w:instr=" PAGE ">{r("3")}</w:fldSimple>',
        # complex field: the instruction is hidden, the result shown
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>'
        '<w:r><w:t>hidden?</w:t></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("2024年5月16日")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        # tracked changes: insertions and moves-to in, deletions and moves-from out
        f'{r("部")}<w:ins w:id="1" w:author="a">{r("署")}</w:ins><w:del w:id="2" w:author="a">'
        '<w:r><w:delText>布</w:delText></w:r></w:del>'
        f'<w:moveFrom w:id="3" w:author="a">{r("旧")}</w:moveFrom><w:moveTo w:id="4" w:author="a">{r("新")}</w:moveTo>',
        # a block-level content control holding a paragraph
        f'<w:sdt {W}><w:sdtContent><w:p>{r("控件里的段落")}</w:p></w:sdtContent></w:sdt>',
    )
    m = read_model(d)
    assert [b.text for b in m.paragraphs] == ["甲乙丙3", "2024年5月16日", "部署新", "控件里的段落"]
    assert [b.index for b in m.paragraphs] == [1, 2, 3, 4]
    # the reader behind `check` sees the same text (content controls were never proofread)
    units = [TextUnit(b.index, b.text) for b in m.paragraphs]
    assert units[3].text == "控件里的段落"


def test_text_box_is_its_own_block_and_not_in_the_paragraph():
    box = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
           '<wp:positionH relativeFrom="margin"><wp:align>outside</wp:align></wp:positionH>'
           '<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p>' + r("框内文字")
           + '</w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
           '</mc:Choice><mc:Fallback><w:pict><v:shape style="mso-position-horizontal:outside"><v:textbox>'
           '<w:txbxContent><w:p>' + r("框内文字") + '</w:p></w:txbxContent></v:textbox></v:shape></w:pict>'
           '</mc:Fallback></mc:AlternateContent></w:r>')
    m = read_model(_doc_with(r("正文") + box))
    assert [b.text for b in m.paragraphs] == ["正文"]
    assert [(b.text, b.frame.get("xAlign")) for b in m.textboxes] == [("框内文字", "outside")]


def test_headers_and_footers_are_blocks():
    d = docx.Document()
    d.add_paragraph("正文")
    d.sections[0].header.paragraphs[0].text = "页眉文字"
    d.sections[0].footer.paragraphs[0].text = "— 1 —"
    m = read_model(d)
    assert [b.text for b in m.paragraphs] == ["正文"]
    assert [(b.part, b.kind, b.text) for b in m.headers + m.footers] == [
        ("header", "default", "页眉文字"), ("footer", "default", "— 1 —")]


@pytest.mark.parametrize("n,want", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"),
                                    (21, "二十一"), (100, "一百"), (105, "一百〇五")])
def test_chinese_counting(n, want):
    assert chinese_count(n) == want


def test_number_formats():
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(2, "ideographTraditional") == "乙"
    assert format_number(12, "decimalFullWidth") == "１２"
    assert format_number(4, "lowerRoman") == "iv"


NUMBERING = f"""<w:numbering {W}>
<w:abstractNum w:abstractNumId="7">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
 <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%4）"/></w:lvl>
</w:abstractNum>
<w:num w:numId="21"><w:abstractNumId w:val="7"/></w:num>
<w:num w:numId="22"><w:abstractNumId w:val="7"/>
 <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>
 <w:lvlOverride w:ilvl="2"><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/>
  <w:lvlText w:val="%3"/></w:lvl></w:lvlOverride></w:num>
</w:numbering>"""


def _numbered_doc(items, heading_styles: bool = True):
    """python-docx's default template (built-in Heading styles) with a GB/T 9704 multilevel list."""
    d = docx.Document()
    part = d.part.numbering_part
    new = parse_xml(NUMBERING)
    for child in list(new):
        part.element.append(child)
    for num_id, level, text in items:
        style = f"Heading {level + 1}" if heading_styles and num_id else None
        p = d.add_paragraph(text, style=style)
        if num_id:
            ppr = p._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return d


def test_numbering_counters_levels_and_override_chain():
    d = _numbered_doc([("21", 0, "总体情况"), ("21", 1, "基本情况"), ("21", 1, "其他"), ("21", 2, "细项"),
                       ("21", 3, "小项"), ("21", 0, "存在问题"), ("21", 1, "问题"), (None, 0, "正文。"),
                       ("22", 0, "重新起号"), ("22", 2, "圈号")])
    m = read_model(d)
    assert [b.number for b in m.paragraphs] == ["一、", "（一）", "（二）", "1.", "（1）", "二、", "（一）", "",
                                               "五、", "①"]
    assert [b.shown for b in m.paragraphs][:2] == ["一、总体情况", "（一）基本情况"]


def test_numbered_headings_get_roles_from_the_rendered_number(tmp_path):
    d = _numbered_doc([(None, 0, "关于某镇2024年工作情况的报告"), ("21", 0, "总体情况"), ("21", 1, "基本情况"),
                       (None, 0, "今年以来，我镇认真贯彻落实各项部署，各项工作取得积极成效。"), ("21", 2, "具体措施")],
                      heading_styles=False)
    out = tmp_path / "n.docx"
    d.save(out)
    draft = read_draft(out)
    assert [u.role for u in draft.units] == ["title", "heading1", "heading2", "body", "heading3"]
    # positions stay on the paragraph's own text: the number is not in it
    assert draft.units[1].text == "总体情况"


def test_localized_builtin_style_names(tmp_path):
    d = docx.Document()
    title = d.styles["Title"]
    title.element.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}name").set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", "标题")  # a Chinese Word's name
    d.add_paragraph("青石镇2024年工作总结").style = title
    d.add_paragraph("今年以来，我镇认真贯彻落实各项部署。")
    m = read_model(d)
    assign_model_roles(m)
    assert [b.style_name for b in m.paragraphs][0] == "Title"
    assert m.roles() == ["title", "body"]


def test_libreoffice_outline_numbering_fixture():
    m = read_model(docx.Document(str(DATA / "gbt_styles_numbering.docx")))
    assign_model_roles(m)
    got = [(b.number, b.role) for b in m.paragraphs if b.number]
    assert got == [("一、", "heading1"), ("（一）", "heading2"), ("1.", "heading3"), ("（1）", "heading4"),
                   ("（二）", "heading2"), ("二、", "heading1"), ("三、", "heading1")]
    assert m.paragraphs[0].role == "title" and m.paragraphs[0].style_name == "Title"


def test_letterhead_doc_number_signature_date_note_roles():
    m = read_model(docx.Document(str(DATA / "gbt_gutter_frame_unsealed.docx")))
    assign_model_roles(m)
    roles = {b.text: b.role for b in m.paragraphs if b.text}
    assert roles["青石镇人民政府办公室文件"] == "letterhead"
    assert roles["青政办发〔2024〕12号"] == "doc_number"
    assert roles["青石镇人民政府办公室"] == "signature"
    assert roles["2024年9月30日"] == "date"
    assert roles["（此件公开发布）"] == "note"


@pytest.mark.parametrize("date", ["2024年9月30日", "2024.9.30", "2024-9-30", "二〇二四年九月三十日"])
def test_date_forms(date):
    roles = [u.role for u in infer_unit_roles([TextUnit(1, "关于某事项的通知"), TextUnit(2, "各单位："),
                                              TextUnit(3, "现将有关事项通知如下。"), TextUnit(4, "某某县人民政府"),
                                              TextUnit(5, date)])]
    assert roles == ["title", "addressee", "body", "signature", "date"]


def test_text_and_docx_give_the_same_roles(tmp_path):
    lines = ["青石镇人民政府文件", "青政发〔2024〕5号", "关于做好政务公开工作的通知", "各村（社区）：",
             "现将有关事项通知如下。", "一、明确工作重点", "各单位要及时主动公开政策文件。", "青石镇人民政府",
             "2024年5月16日"]
    txt = tmp_path / "a.txt"
    txt.write_text("\n".join(lines), encoding="utf-8")
    d = docx.Document()
    for t in lines:
        d.add_paragraph(t)
    dx = tmp_path / "a.docx"
    d.save(dx)
    from gwreport.layout import roles_of
    t_roles = [u.role for u in infer_unit_roles(read_draft(txt).units)]
    d_roles = [u.role for u in read_draft(dx).units]
    assert t_roles == d_roles == [r for _, r, _ in roles_of(dx)]
    assert t_roles[:4] == ["letterhead", "doc_number", "title", "addressee"]


def _commented_spans(p_el) -> dict[str, str]:
    """comment id -> the text between its range start and end in one paragraph."""
    from docx.oxml.ns import qn
    open_ids: list[str] = []
    got: dict[str, str] = {}
    for el in p_el.iter(qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:t")):
        if el.tag == qn("w:commentRangeStart"):
            open_ids.append(el.get(qn("w:id")))
            got.setdefault(el.get(qn("w:id")), "")
        elif el.tag == qn("w:commentRangeEnd"):
            open_ids.remove(el.get(qn("w:id")))
        else:
            for i in open_ids:
                got[i] += el.text or ""
    return got


def test_comments_anchor_exactly_on_each_finding(tmp_path):
    from gwreport.check import Checker
    from gwreport.config import Config
    from gwreport.output.comments import write

    src = tmp_path / "a.docx"
    d = docx.Document()
    p = d.add_paragraph("我镇认真布署工作，")
    p.add_run("按装了监控设备").bold = True  # a second run: spans cross run edges
    p.add_run("，帐户已核对(共3个).")
    d.add_paragraph("截止9月30日，共整改问题12个，整改率为100%。")
    d.save(src)
    draft = read_draft(src)
    findings = [f for f in Checker(Config()).analyse(draft) if f.line == f.end_line and f.text]
    assert len(findings) >= 4
    out = tmp_path / "c.docx"
    assert write(draft, findings, out) >= len(findings)
    back = docx.Document(str(out))
    spans = {}
    for para in back.paragraphs:
        spans.update(_commented_spans(para._p))
    by_text = sorted(spans.values())
    assert sorted(f.text for f in findings) == sorted(t for t in by_text if t)
    # the text itself is unchanged
    assert [u.text for u in read_draft(out).units] == [u.text for u in read_draft(src).units]
