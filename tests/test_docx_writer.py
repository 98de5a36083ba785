"""The GB/T 9704 .docx writer, read back with python-docx."""
from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from gwreport.docx_writer import write_docx, render_docx_bytes
from gwreport.errors import InputError
from gwreport.model import Document, parse_body
from gwreport.profile import Profile, WINDOWS, load_profile

BODY = """本报告依据有关文件要求，现将我县自查情况报告如下。
# 总体情况
我县共有政府网站3个，政务新媒体账号25个。
## 政府网站
全部网站均已完成自查，合格率100%。
### 栏目更新情况
各栏目按时更新。
#### 具体数据
数据见下表。
| 项目 | 数量 | 合格 |
|---|---|---|
| 政府网站 | 3 | 3 |
| 政务新媒体 | 25 | 24 |
# 存在问题
个别账号更新不及时。
特此报告。"""


def make_doc(**kw) -> Document:
    base = dict(title="某某县人民政府办公室关于政府网站自查情况的报告", body=parse_body(BODY),
                addressee="市人民政府办公室", signature="某某县人民政府办公室", date="2024年9月30日",
                attachments=["自查情况统计表", "问题清单"], cc=["市委网信办", "县委办公室"],
                issuer="某某县人民政府办公室", issue_date="2024年9月30日")
    base.update(kw)
    return Document(**base)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Document, Path]:
    doc = make_doc(doc_number="某政办〔2024〕5号", signer="张三")
    out = tmp_path_factory.mktemp("w") / "报告.docx"
    write_docx(doc, out)
    return doc, out


# --- an independent resolver: run → paragraph style → based-on chain → docDefaults -------------
def _style_chain(d, style):
    while style is not None:
        yield style.element
        style = style.base_style


def _defaults_rpr(d):
    return d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))


def effective(d, para, what: str):
    """what: eastAsia | size | bold"""
    els = []
    for r in para.runs[:1]:
        if r._r.rPr is not None:
            els.append(r._r.rPr)
    for st in _style_chain(d, para.style):
        rpr = st.find(qn("w:rPr"))
        if rpr is not None:
            els.append(rpr)
    els.append(_defaults_rpr(d))
    for rpr in els:
        if what == "eastAsia":
            f = rpr.find(qn("w:rFonts"))
            if f is not None and f.get(qn("w:eastAsia")):
                assert f.get(qn("w:eastAsiaTheme")) is None
                return f.get(qn("w:eastAsia"))
        elif what == "size":
            s = rpr.find(qn("w:sz"))
            if s is not None:
                return int(s.get(qn("w:val"))) / 2
        elif what == "bold":
            b = rpr.find(qn("w:b"))
            if b is not None:
                return b.get(qn("w:val"), "1") not in ("0", "false")
    return None if what != "bold" else False


def para_prop(d, para, tag: str, attr: str):
    els = [para._p.pPr] + [st.find(qn("w:pPr")) for st in _style_chain(d, para.style)]
    for ppr in els:
        if ppr is None:
            continue
        e = ppr.find(qn(tag))
        if e is not None and e.get(qn(attr)) is not None:
            return e.get(qn(attr))
    return None


def by_style(d, name):
    """Paragraphs of a style, in table cells too (the 版记 is a table)."""
    cells = [p for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return [p for p in d.paragraphs + cells if p.style.name == name]


def test_page_size_and_margins(written):
    _, out = written
    s = docx.Document(str(out)).sections[0]
    assert round(s.page_width.mm) == 210 and round(s.page_height.mm) == 297
    assert round(s.top_margin.mm) == 37
    assert round(s.bottom_margin.mm) == 35
    assert round(s.left_margin.mm) == 28
    assert round(s.right_margin.mm) == 26
    grid = s._sectPr.find(qn("w:docGrid"))
    # a line grid only: a character grid's squeezing is Word's alone (LibreOffice sets 14 a line)
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:charSpace")) is None
    assert 575 <= int(grid.get(qn("w:linePitch"))) <= 582


@pytest.mark.parametrize("style,font,size,bold", [
    ("公文标题", "方正小标宋简体", 22, False),
    ("公文正文", "仿宋_GB2312", 16, False),
    ("主送机关", "仿宋_GB2312", 16, False),
    ("公文一级标题", "黑体", 16, False),
    ("公文二级标题", "楷体_GB2312", 16, False),
    ("公文三级标题", "仿宋_GB2312", 16, True),
    ("公文四级标题", "仿宋_GB2312", 16, False),
    ("发文机关署名", "仿宋_GB2312", 16, False),
    ("成文日期", "仿宋_GB2312", 16, False),
    ("版记", "仿宋_GB2312", 14, False),
])
def test_effective_fonts(written, style, font, size, bold):
    _, out = written
    d = docx.Document(str(out))
    paras = by_style(d, style)
    assert paras, style
    p = paras[0]
    assert effective(d, p, "eastAsia") == font
    assert effective(d, p, "size") == size
    assert effective(d, p, "bold") == bold


def test_doc_defaults_carry_east_asian_font(written):
    _, out = written
    d = docx.Document(str(out))
    f = _defaults_rpr(d).find(qn("w:rFonts"))
    assert f.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert f.get(qn("w:eastAsiaTheme")) is None and f.get(qn("w:asciiTheme")) is None
    normal = d.styles["Normal"].element.find(qn("w:rPr"))
    assert normal.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.find(qn("w:sz")).get(qn("w:val")) == "32"


def test_alignment_indent_and_spacing(written):
    _, out = written
    d = docx.Document(str(out))
    title = by_style(d, "公文标题")[0]
    assert para_prop(d, title, "w:jc", "w:val") == "center"
    addr = by_style(d, "主送机关")[0]
    assert para_prop(d, addr, "w:ind", "w:firstLine") == "0"
    body = [p for p in by_style(d, "公文正文") if p.text][0]
    assert para_prop(d, body, "w:spacing", "w:lineRule") == "exact"
    line = int(para_prop(d, body, "w:spacing", "w:line"))
    assert abs(line / 20 - 28.95) < 0.2
    assert para_prop(d, body, "w:ind", "w:firstLineChars") == "200"
    assert para_prop(d, body, "w:ind", "w:firstLine") == "640"
    date = by_style(d, "成文日期")[0]
    assert para_prop(d, date, "w:jc", "w:val") == "right"
    cell = 156 / 25.4 * 72 / 28 * 20  # one of the 28 character cells of a line, twips
    # direct indents in twips (rightChars 0: Word would size a character unit at 16 pt, not
    # the 15.75 pt cell): the date right four cells
    assert para_prop(d, date, "w:ind", "w:rightChars") == "0"
    assert abs(int(para_prop(d, date, "w:ind", "w:right")) - 4 * cell) <= 1
    sig = by_style(d, "发文机关署名")[0]
    # the 署名 (10 cells) centred over the date (digits a little over half a cell each)
    from gwreport.docx_writer import ink_width
    want = 4 + (ink_width(date.text) - ink_width(sig.text)) / 2
    assert abs(int(para_prop(d, sig, "w:ind", "w:right")) - want * cell) <= 1
    assert para_prop(d, sig, "w:jc", "w:val") == "right"


def test_footer_page_fields_and_even_odd(written):
    _, out = written
    d = docx.Document(str(out))
    assert d.settings.odd_and_even_pages_header_footer
    s = d.sections[0]
    for footer, jc, side in ((s.footer, "right", "w:right"), (s.even_page_footer, "left", "w:left")):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "PAGE" in "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert para_prop(d, p, "w:jc", "w:val") == jc
        assert para_prop(d, p, "w:ind", side) == "280"
        assert effective(d, p, "eastAsia") == "宋体"
        assert effective(d, p, "size") == 14


def test_one_paragraph_per_line(written):
    doc, out = written
    d = docx.Document(str(out))
    body = d.element.body
    count = sum(1 for _ in body.iter(qn("w:p")))
    units = doc.text_units()
    assert count == len(units)
    # and in the same order with the same text
    from gwreport.layout import paragraph_text

    texts = [paragraph_text(p) for p in body.iter(qn("w:p"))]
    assert texts == [u.text for u in units]


def test_table_header_bold_and_borders(written):
    _, out = written
    d = docx.Document(str(out))
    t = d.tables[0]
    assert t.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert not t.rows[1].cells[0].paragraphs[0].runs[0].bold
    assert t._tbl.tblPr.find(qn("w:tblBorders")) is not None
    cell_p = t.rows[1].cells[0].paragraphs[0]
    assert effective(d, cell_p, "size") <= 16
    assert effective(d, cell_p, "eastAsia") == "仿宋_GB2312"


def test_windows_profile_fonts(tmp_path):
    out = tmp_path / "w.docx"
    write_docx(make_doc(), out, profile=WINDOWS)
    d = docx.Document(str(out))
    assert effective(d, by_style(d, "公文正文")[0], "eastAsia") == "仿宋"
    assert effective(d, by_style(d, "公文二级标题")[0], "eastAsia") == "楷体"
    assert effective(d, by_style(d, "公文标题")[0], "eastAsia") == "宋体"


def test_profile_from_yaml(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("base: windows\nbody_font: 方正仿宋_GBK\ntable_size: 12\n", encoding="utf-8")
    p = load_profile(f)
    assert p.body_font == "方正仿宋_GBK" and p.heading2_font == "楷体" and p.table_size == 12.0
    f.write_text("body_fnt: 仿宋\n", encoding="utf-8")
    with pytest.raises(InputError, match="body_font"):
        load_profile(f)


def test_refuses_non_docx_and_writes_atomically(tmp_path):
    target = tmp_path / "facts.yaml"
    target.write_text("keep", encoding="utf-8")
    with pytest.raises(InputError):
        write_docx(make_doc(), target)
    assert target.read_text(encoding="utf-8") == "keep"
    out = tmp_path / "a.docx"
    write_docx(make_doc(), out)
    write_docx(make_doc(title="第二版"), out)
    assert docx.Document(str(out)).paragraphs[0].text == "第二版"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "facts.yaml"]


def test_minimal_document(tmp_path):
    out = tmp_path / "m.docx"
    doc = Document(title="标题")
    write_docx(doc, out)
    d = docx.Document(str(out))
    assert [p.text for p in d.paragraphs] == ["标题", ""]


def test_control_characters_and_tabs_do_not_break_xml(tmp_path):
    out = tmp_path / "c.docx"
    doc = Document(title="标题\x01", body=parse_body("正文\t有制表符"))
    write_docx(doc, out)
    d = docx.Document(str(out))
    assert d.paragraphs[2].text == "正文\t有制表符"


def test_reference_document_styles_are_kept(tmp_path):
    ref = tmp_path / "ref.docx"
    rd = docx.Document()
    st = rd.styles.add_style("公文正文", 1)
    st.font.size = docx.shared.Pt(15)
    rd.add_paragraph("参考模板里的正文")
    rd.save(str(ref))
    out = tmp_path / "o.docx"
    write_docx(make_doc(), out, reference=ref)
    d = docx.Document(str(out))
    texts = [p.text for p in d.paragraphs]
    assert "参考模板里的正文" not in texts
    body = [p for p in d.paragraphs if p.style.name == "公文正文"]
    assert body and body[0].style.font.size.pt == 15
    assert by_style(d, "公文一级标题")  # missing styles were added
    with pytest.raises(InputError):
        write_docx(make_doc(), ref, reference=ref)


def test_bytes_are_a_valid_zip():
    data = render_docx_bytes(make_doc(), Profile())
    import io
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        assert "word/footer1.xml" in z.namelist()
        assert b"dc:title" in z.read("docProps/core.xml")


def test_column_widths_keep_short_columns_on_one_line():
    from gwreport.docx_writer import column_widths

    rows = [["序号", "问题", "整改措施", "状态"],
            ["1", "部分政务新媒体账号转载信息未注明来源", "对各账号近半年转载信息逐条核查，补注来源，并明确转载审核要求", "已完成"]]
    total = 8844
    w = column_widths(rows, 4, total, 14)
    assert sum(w) == total
    assert w[0] >= 2 * 280 and w[3] >= 3 * 280  # 序号 and 已完成 fit on one line
    assert w[2] > w[1] > w[0]  # the longest text gets the most room
    assert column_widths([["a", "b"]], 2, total, 14) == [4422, 4422]


def test_long_title_is_balanced_not_a_full_line_and_a_stub(tmp_path):
    from gwreport.docx_writer import _fill, _tokens, title_side_indent

    p = Profile()
    assert title_side_indent("关于报告的通知", p) is None
    title = "某某县人民政府办公室关于政府网站自查情况的报告"
    side = title_side_indent(title, p)
    cap = p.text_width_mm / 25.4 * 72 / p.title_size
    lines = ["".join(x) for x in _fill(_tokens(title), cap - 2 * side)]
    assert lines == ["某某县人民政府办公室关于", "政府网站自查情况的报告"]
    out = tmp_path / "t.docx"
    write_docx(make_doc(title=title), out)
    d = docx.Document(str(out))
    t = by_style(d, "公文标题")[0]
    assert para_prop(d, t, "w:ind", "w:left") == para_prop(d, t, "w:ind", "w:right") != "0"


def test_check_reader_numbers_paragraphs_like_the_model(written):
    """The contract: a finding's line in `gwreport check` of the built .docx is the model's line."""
    from gwreport.layout import collect_paragraphs
    from gwreport.readers import read_docx

    doc, out = written
    want = [u.text for u in doc.text_units()]
    assert [u.text for u in read_docx(out).units] == want
    assert [p.text for p in collect_paragraphs(docx.Document(str(out)))] == want
