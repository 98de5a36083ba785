"""The layout audit on the one document model: correct GB/T 9704 documents made with Word's own
features (built-in Title/Heading styles, multilevel numbering, frames, gutters, unsealed
signatures) give no GW9xx finding; real mistakes are still found."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gwreport.layout import audit_docx

DATA = Path(__file__).parent / "data" / "docmodel"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def rules(findings):
    return sorted({f.rule for f in findings})


# ---------------------------------------------------------------------------------------
# LibreOffice-made documents (scripts/make_docmodel_fixtures.py)
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["gbt_styles_numbering", "gbt_gutter_frame_unsealed"])
def test_libreoffice_gbt_documents_audit_clean(name):
    assert [(f.rule, f.line, f.message) for f in audit_docx(DATA / f"{name}.docx")] == []


def test_libreoffice_document_with_mistakes_is_still_flagged():
    fs = audit_docx(DATA / "gbt_mistakes.docx")
    assert rules(fs) == ["GW902", "GW904", "GW905", "GW906", "GW907", "GW910"]
    # the Heading 1 style is 仿宋: judged as a heading because Word draws "一、" in front of it
    assert {f.line for f in fs if f.rule == "GW907"} == {4, 6}


# ---------------------------------------------------------------------------------------
# python-docx's default template, set up the way a clerk's Word template is
# ---------------------------------------------------------------------------------------
NUMBERING = f"""<w:numbering {W}>
<w:abstractNum w:abstractNumId="9"><w:multiLevelType w:val="multilevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:pStyle w:val="Heading1"/><w:numFmt w:val="chineseCounting"/>
  <w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:pStyle w:val="Heading2"/><w:numFmt w:val="chineseCounting"/>
  <w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:pStyle w:val="Heading3"/><w:numFmt w:val="decimal"/>
  <w:suff w:val="nothing"/><w:lvlText w:val="%3."/></w:lvl>
 <w:lvl w:ilvl="3"><w:start w:val="1"/><w:pStyle w:val="Heading4"/><w:numFmt w:val="decimal"/>
  <w:suff w:val="nothing"/><w:lvlText w:val="（%4）"/></w:lvl>
</w:abstractNum>
<w:num w:numId="31"><w:abstractNumId w:val="9"/></w:num>
</w:numbering>"""

PAGE_FIELD = ('<w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
              '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
              '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r>')


def _style(st, font: str, size: float, *, center=False, indent=True, bold=None):
    st.font.size = Pt(size)
    st.font.name = "Times New Roman"
    st.font.color.rgb = None
    st.font.bold = bold
    rpr = st.element.get_or_add_rPr()
    rpr.rFonts.set(qn("w:eastAsia"), font)
    for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rpr.rFonts.attrib.pop(qn(a), None)
    pf = st.paragraph_format
    pf.line_spacing = Pt(28.95)
    pf.space_before = pf.space_after = Pt(0)
    pf.first_line_indent = Pt(32) if indent else Pt(0)
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
    ppr = st.element.get_or_add_pPr()
    for tag in ("w:pBdr",):  # the template's Title has a bottom border
        for el in ppr.findall(qn(tag)):
            ppr.remove(el)


def word_template_doc(*, signature="sealed", frame=None, gutter=0.0, left=28.0, line_pt=28.95,
                      even_odd=True, mirrored=False):
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(left), Mm(26)
    sec.gutter = Mm(gutter)
    if mirrored:
        d.settings.element.append(parse_xml(f"<w:mirrorMargins {W}/>"))
    st = d.styles
    _style(st["Normal"], "仿宋_GB2312", 16)
    _style(st["Title"], "方正小标宋简体", 22, center=True, indent=False)
    for n, font in ((1, "黑体"), (2, "楷体_GB2312"), (3, "仿宋_GB2312"), (4, "仿宋_GB2312")):
        s = st[f"Heading {n}"]
        _style(s, font, 16, bold=(n == 3))
        s.paragraph_format.keep_with_next = True
        ppr = s.element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="{n - 1}"/><w:numId w:val="31"/></w:numPr>'))
    for child in list(parse_xml(NUMBERING)):
        d.part.numbering_part.element.append(child)
    d.styles["Normal"].paragraph_format.line_spacing = Pt(line_pt)

    def para(text, style=None, **fmt):
        p = d.add_paragraph(text, style=style)
        for k, v in fmt.items():
            setattr(p.paragraph_format, k, v)
        return p

    para("关于青石镇政府网站自查情况的报告", "Title")  # one line (a 20 em title is renderer-dependent)
    para("")
    para("县人民政府办公室：", first_line_indent=Pt(0))
    para("根据县政府办公室通知要求，我镇开展了政府网站自查工作，现将有关情况报告如下。")
    para("总体情况", "Heading 1")
    para("全镇共有政府网站1个，政务新媒体账号3个，均已完成自查。")
    para("网站情况", "Heading 2")
    para("网站运行正常，栏目更新及时，全年发布信息526条。")
    para("信息审核", "Heading 3")
    para("严格执行三审制度，未发现错误信息。")
    para("审核台账", "Heading 4")
    para("逐条登记审核人和发布时间。")
    para("存在问题", "Heading 1")
    para("个别栏目更新频次偏低，互动回应质量有待提高。")
    para("特此报告。")
    sig, date = "青石镇人民政府", "2024年5月16日"
    right = WD_ALIGN_PARAGRAPH.RIGHT
    if signature == "sealed":  # §7.3.5.1: date right four, 署名 centred over it
        para("")
        para("")
        para(sig, first_line_indent=Pt(0), alignment=right, right_indent=Pt(60))
        para(date, first_line_indent=Pt(0), alignment=right, right_indent=Pt(64))
    elif signature == "unsealed":  # §7.3.5.2: date longer than 署名 - 2: date right two
        para("")
        para(sig, first_line_indent=Pt(0), alignment=right, right_indent=Pt(56))
        para(date, first_line_indent=Pt(0), alignment=right, right_indent=Pt(32))
    elif signature == "wrong":  # date at the left margin
        para(sig, first_line_indent=Pt(0), alignment=right, right_indent=Pt(60))
        para(date, first_line_indent=Pt(0))
    # page numbers
    ftr = sec.footer._element
    for p in ftr.findall(qn("w:p")):
        ftr.remove(p)
    if frame:
        ftr.append(parse_xml(f'<w:p {W}><w:pPr><w:pStyle w:val="Footer"/><w:framePr w:wrap="around" w:vAnchor="text"'
                             f' w:hAnchor="margin" w:xAlign="{frame}" w:y="1"/></w:pPr>{PAGE_FIELD}</w:p>'))
    else:
        ftr.append(parse_xml(f'<w:p {W}><w:pPr><w:jc w:val="right"/><w:ind w:right="280"/></w:pPr>{PAGE_FIELD}</w:p>'))
        if even_odd:
            d.settings.odd_and_even_pages_header_footer = True
            eftr = sec.even_page_footer._element
            for p in eftr.findall(qn("w:p")):
                eftr.remove(p)
            eftr.append(parse_xml(f'<w:p {W}><w:pPr><w:jc w:val="left"/><w:ind w:left="280"/></w:pPr>{PAGE_FIELD}</w:p>'))
    for r in ftr.iter(qn("w:r")):
        rpr = r.get_or_add_rPr()
        rpr.append(parse_xml(f'<w:rFonts {W} w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/>'))
        rpr.append(parse_xml(f'<w:sz {W} w:val="28"/>'))
    if even_odd and not frame:
        for r in sec.even_page_footer._element.iter(qn("w:r")):
            rpr = r.get_or_add_rPr()
            rpr.append(parse_xml(f'<w:rFonts {W} w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/>'))
            rpr.append(parse_xml(f'<w:sz {W} w:val="28"/>'))
    return d


def _audit(d, tmp_path, name="d.docx"):
    out = tmp_path / name
    d.save(str(out))
    return audit_docx(out)


def test_word_template_with_builtin_styles_and_numbering_audits_clean(tmp_path):
    fs = _audit(word_template_doc(), tmp_path)
    assert [(f.rule, f.line, f.message) for f in fs] == []


def test_unsealed_signature_is_correct(tmp_path):
    assert _audit(word_template_doc(signature="unsealed"), tmp_path) == []


def test_misplaced_date_is_found(tmp_path):
    fs = _audit(word_template_doc(signature="wrong"), tmp_path)
    assert rules(fs) == ["GW909"]


def test_page_number_frame_aligned_outside_needs_no_odd_even_setting(tmp_path):
    assert _audit(word_template_doc(frame="outside", even_odd=False), tmp_path) == []
    fs = _audit(word_template_doc(frame="inside", even_odd=False), tmp_path, "inside.docx")
    assert rules(fs) == ["GW912"] and any("内侧" in f.message for f in fs)


def test_centred_page_number_without_odd_even_is_found(tmp_path):
    fs = _audit(word_template_doc(frame="center", even_odd=False), tmp_path)
    assert rules(fs) == ["GW912"]


def test_gutter_counts_toward_the_binding_margin(tmp_path):
    assert _audit(word_template_doc(left=26, gutter=2, mirrored=True), tmp_path) == []
    fs = _audit(word_template_doc(left=28, gutter=2), tmp_path, "g.docx")
    assert rules(fs) == ["GW902"] and "装订线" in fs[0].message and "30.0" in fs[0].message


@pytest.mark.parametrize("pitch,lines", [(27, 23), (30, 21)])
def test_line_pitch_that_changes_lines_a_page_is_found(tmp_path, pitch, lines):
    fs = _audit(word_template_doc(line_pt=pitch), tmp_path)
    assert "GW903" in rules(fs)
    assert all(f"每页 {lines} 行" in f.message for f in fs if f.rule == "GW903")


@pytest.mark.parametrize("pitch", [28, 28.95, 29])
def test_line_pitch_giving_22_lines_is_fine(tmp_path, pitch):
    assert "GW903" not in rules(_audit(word_template_doc(line_pt=pitch), tmp_path))


def test_proofreader_and_audit_agree_on_roles(tmp_path):
    from gwreport.layout import roles_of
    from gwreport.readers import read_draft

    for path in [DATA / "gbt_styles_numbering.docx", DATA / "gbt_gutter_frame_unsealed.docx"]:
        assert [u.role for u in read_draft(path).units] == [r for _, r, _ in roles_of(path)]


def test_page_number_frame_anchored_in_the_header_counts(tmp_path):
    d = word_template_doc(frame="outside", even_odd=False)
    sec = d.sections[0]
    ftr, hdr = sec.footer._element, sec.header._element
    framed = ftr.findall(qn("w:p"))[0]
    for p in hdr.findall(qn("w:p")):
        hdr.remove(p)
    hdr.append(framed)  # moves the framed page number paragraph into the header
    ftr.append(parse_xml(f"<w:p {W}/>"))
    assert _audit(d, tmp_path) == []


def test_title_in_heading_1_without_a_number_is_the_title(tmp_path):
    from gwreport.layout import roles_of

    d = word_template_doc()
    title = d.paragraphs[0]
    title.style = d.styles["Heading 1"]
    ppr = title._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'))  # no number
    out = tmp_path / "t.docx"
    d.save(str(out))
    roles = [r for _, r, _ in roles_of(out)]
    assert roles[0] == "title" and roles[4] == "heading1"
