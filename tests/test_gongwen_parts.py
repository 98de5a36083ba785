"""附件 pages, 附注 and signature layouts in the document model and the writer (no rendering)."""
from __future__ import annotations

import docx

from gwreport.docx_writer import signature_boxes, write_docx
from gwreport.model import Document, Paragraph, split_attachments
from gwreport.profile import load_profile
from gwreport.render import attachment_parts


def test_template_fences_give_attachment_pages_by_number_and_name():
    body, pages = split_attachments("正文一段。\n::: 附件2\n# 总体要求\n内容。\n::: 附件 另一附件\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert body == "正文一段。"
    names, att = attachment_parts(["甲附件", {"name": "乙附件", "content": "乙的正文。"}], pages)
    assert names == ["甲附件", "乙附件", "另一附件"]  # a template's own page joins the 附件说明
    assert [n for n, _ in att] == ["乙附件", "另一附件"]
    first = att[0][1]
    assert [b.text for b in first] == ["乙的正文。", "总体要求", "内容。"] and first[1].number == "一、"


def test_layout_order_attachments_after_note_and_before_the_colophon(tmp_path):
    doc = Document(title="关于检查情况的通报", body=[Paragraph("正文。")], signature="某某县人民政府",
                   date="2024年10月25日", note="此件公开发布", attachments=["甲", "乙附件"],
                   attachment_pages=[("乙附件", [Paragraph("乙的正文。")])],
                   cc=["县委办"], issuer="县政府办公室", issue_date="2024年10月25日")
    roles = [(x.role, x.text) for x in doc.layout()]
    i = roles.index(("note", "（此件公开发布）"))
    assert roles[i - 1] == ("date", "2024年10月25日")
    assert roles[i + 1] == ("attachment_label", "附件2")  # numbered as in the 附件说明
    assert roles[i + 3] == ("attachment_title", "乙附件")
    assert [r for r, _ in roles[-3:]] == ["cc", "printer", "empty"]
    out = tmp_path / "a.docx"
    write_docx(doc, out)
    d = docx.Document(str(out))
    label = next(p for p in d.paragraphs if p.text == "附件2")
    assert label._p.pPr.find(docx.oxml.ns.qn("w:pageBreakBefore")) is not None
    assert label.style.name == "附件标识"
    # the 版记 is the document's one floating table at the bottom of the type area
    tblpPr = d.tables[-1]._tbl.tblPr.find(docx.oxml.ns.qn("w:tblpPr"))
    assert tblpPr.get(docx.oxml.ns.qn("w:tblpYSpec")) == "bottom"
    assert tblpPr.get(docx.oxml.ns.qn("w:vertAnchor")) == "margin"


def test_unsealed_layout_has_one_spacer_line_and_sealed_two():
    base = dict(title="关于检查情况的通报", body=[Paragraph("正文。")], signature="某某县人民政府",
                date="2024年10月25日")
    for sealed, spacers in ((True, 2), (False, 1)):
        roles = [x.role for x in Document(**base, sealed=sealed).layout()]
        i = roles.index("signature")
        assert roles[i - spacers:i] == ["empty"] * spacers and roles[i - spacers - 1] == "body"


def test_signature_boxes():
    prof = load_profile(None)
    cell = prof.text_width_mm / 25.4 * 72 / prof.chars_per_line * 20
    sealed = signature_boxes("某某县人民政府办公室", "2024年10月25日", prof, True)
    assert round(sealed["date"][1] / cell, 2) == 4.0
    # a short 署名 moves left of the date's right edge to sit over its middle
    short = signature_boxes("某某县人民政府", "2024年1月5日", prof, True)
    assert short["signature"][1] > short["date"][1]
    long_sig = signature_boxes("中共某某县委某某工作领导小组办公室", "2024年10月25日", prof, False)
    assert round(long_sig["signature"][1] / cell, 2) == 2.0  # unsealed: 署名右空二字
