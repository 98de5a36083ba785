"""Build the GB/T 9704 Word documents in tests/data/docmodel/ the way the real world makes them.

    python scripts/make_docmodel_fixtures.py        # needs LibreOffice (soffice)

Each document is written as LibreOffice flat XML (.fodt, kept next to the result so a reader
can see what it says) with LibreOffice's own built-in styles — Title, Heading 1-4 — and
automatic outline numbering ("一、" "（一）" "1." "（1）" drawn by the numbering, not typed),
page numbers as fields in footers or in a text frame, gutters and mirrored margins; then
`soffice --headless --convert-to docx` writes the .docx the tests read. No gwreport code takes
part in making them.

- gbt_styles_numbering: a correct 报告 (sealed signature, odd/even page numbers).
- gbt_gutter_frame_unsealed: a correct 通知 with a 红头 (red 发文机关标志), 发文字号 and the red
  separator line (a red top border), mirrored
  margins with a 2 mm gutter (26 + 2 = 28 mm 订口), the page number in a frame aligned
  "outside", an unsealed signature (§7.3.5.2) and 附注.
- gbt_mistakes: real mistakes (Letter-size margins, 宋体 小四 body, single spacing, a small
  left-aligned title, heading 1 in 仿宋, a 27 pt line pitch paragraph, no page numbers).
- unseen_*: two more correct documents written the same way but kept out of tuning (their
  false-alarm counts are reported in the notes, not tuned away).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "docmodel"

FONTS = ["仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体", "Times New Roman"]

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
"""


def font_decls() -> str:
    faces = "".join(f'<style:font-face style:name="{f}" svg:font-family="{f}"/>' for f in FONTS)
    return f"<office:font-face-decls>{faces}</office:font-face-decls>\n"


def tprops(font: str, size: float, *, bold: bool = False, color: str | None = None,
           latin: str = "Times New Roman") -> str:
    b = ' fo:font-weight="bold" style:font-weight-asian="bold"' if bold else ""
    c = f' fo:color="{color}"' if color else ""
    return (f'<style:text-properties style:font-name="{latin}" style:font-name-asian="{font}"'
            f' fo:font-size="{size}pt" style:font-size-asian="{size}pt"{b}{c}/>')


def pprops(*, align: str | None = None, indent: float | None = None, line: float | None = 28.95,
           left: float = 0, right: float = 0, snap: bool = True) -> str:
    a = f' fo:text-align="{align}"' if align else ""
    i = f' fo:text-indent="{indent}pt"' if indent is not None else ""
    ln = f' fo:line-height="{line}pt"' if line else ""
    m = f' fo:margin-left="{left}pt" fo:margin-right="{right}pt"'
    return (f'<style:paragraph-properties{a}{i}{ln}{m} fo:margin-top="0pt" fo:margin-bottom="0pt"'
            f' style:snap-to-layout-grid="{"true" if snap else "false"}"/>')


def outline(levels: list[tuple[str, str, str]]) -> str:
    """levels: (num-format, prefix, suffix) for outline levels 1.."""
    out = ['<text:outline-style style:name="Outline">']
    for n, (fmt, pre, suf) in enumerate(levels, 1):
        out.append(f'<text:outline-level-style text:level="{n}" style:num-format="{fmt}"'
                   f' style:num-prefix="{pre}" style:num-suffix="{suf}">'
                   '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
                   '<style:list-level-label-alignment text:label-followed-by="nothing"'
                   ' fo:text-indent="0pt" fo:margin-left="0pt"/></style:list-level-properties>'
                   '</text:outline-level-style>')
    out.append("</text:outline-style>")
    return "".join(out)


GB_OUTLINE = outline([("一, 二, 三, ...", "", "、"), ("一, 二, 三, ...", "（", "）"),
                      ("1", "", "."), ("1", "（", "）")])


def styles(*, body_font="仿宋_GB2312", body_size=16, line=28.95, title_font="方正小标宋简体",
           title_size=22, h1="黑体", h2="楷体_GB2312", h3="仿宋_GB2312", h3_bold=True,
           title_align="center") -> str:
    ind = body_size * 2
    return f"""<office:styles>
<style:default-style style:family="paragraph">{tprops(body_font, body_size)}</style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text">
 {pprops(align="justify", indent=ind, line=line)}{tprops(body_font, body_size)}</style:style>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph"
 style:parent-style-name="Standard" style:class="text"/>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard" style:class="chapter">
 {pprops(align=title_align, indent=0, line=line)}{tprops(title_font, title_size)}</style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
 style:parent-style-name="Standard" style:default-outline-level="1" style:class="text">
 {pprops(align="justify", indent=ind, line=line)}{tprops(h1, body_size)}</style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
 style:parent-style-name="Standard" style:default-outline-level="2" style:class="text">
 {pprops(align="justify", indent=ind, line=line)}{tprops(h2, body_size)}</style:style>
<style:style style:name="Heading_20_3" style:display-name="Heading 3" style:family="paragraph"
 style:parent-style-name="Standard" style:default-outline-level="3" style:class="text">
 {pprops(align="justify", indent=ind, line=line)}{tprops(h3, body_size, bold=h3_bold)}</style:style>
<style:style style:name="Heading_20_4" style:display-name="Heading 4" style:family="paragraph"
 style:parent-style-name="Standard" style:default-outline-level="4" style:class="text">
 {pprops(align="justify", indent=ind, line=line)}{tprops(body_font, body_size)}</style:style>
<style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
 {pprops(indent=0, line=None)}{tprops("宋体", 14, latin="宋体")}</style:style>
{GB_OUTLINE}
</office:styles>
"""


def page_layout(*, top=37, bottom=35, left=28, right=26, gutter=0, mirrored=False, width=210,
                height=297, grid_lines=22, footer=True) -> str:
    """Margins as Word will show them: LibreOffice counts the footer (10 mm here) inside its
    bottom margin and the gutter inside its left margin, so both are added back."""
    if footer:
        bottom -= 10
    left += gutter
    usage = ' style:page-usage="mirrored"' if mirrored else ""
    g = f' loext:margin-gutter="{gutter}mm"' if gutter else ""
    return (f'<style:page-layout style:name="pm1"{usage}><style:page-layout-properties'
            f' fo:page-width="{width}mm" fo:page-height="{height}mm" style:print-orientation="portrait"'
            f' fo:margin-top="{top}mm" fo:margin-bottom="{bottom}mm" fo:margin-left="{left}mm"'
            f' fo:margin-right="{right}mm"{g} style:layout-grid-mode="line"'
            f' style:layout-grid-lines="{grid_lines}" style:layout-grid-base-height="28.95pt"'
            f' style:layout-grid-ruby-height="0pt" style:layout-grid-print="false"'
            f' style:layout-grid-display="false"/>'
            '<style:footer-style><style:header-footer-properties fo:min-height="10mm"'
            ' fo:margin-top="0mm"/></style:footer-style></style:page-layout>')


PAGE_NO = '— <text:page-number text:select-page="current">1</text:page-number> —'


def master(kind: str) -> str:
    """kind: oddeven (right on odd pages, left on even, one character in), frame (a frame
    aligned outside), none."""
    if kind == "none":
        return '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>'
    if kind == "oddeven":
        foot = (f'<style:footer><text:p text:style-name="PR">{PAGE_NO}</text:p></style:footer>'
                f'<style:footer-left><text:p text:style-name="PL">{PAGE_NO}</text:p></style:footer-left>')
    else:
        foot = ('<style:footer><text:p text:style-name="Footer"><draw:frame draw:style-name="frPN"'
                ' draw:name="页码" text:anchor-type="paragraph" svg:width="40mm" svg:height="7mm" draw:z-index="0">'
                f'<draw:text-box><text:p text:style-name="Footer">{PAGE_NO}</text:p></draw:text-box>'
                '</draw:frame></text:p></style:footer>')
    return (f'<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">'
            f'{foot}</style:master-page></office:master-styles>')


def auto_styles(layout: str, extra: str = "") -> str:
    return f"""<office:automatic-styles>
<style:style style:name="PR" style:family="paragraph" style:parent-style-name="Footer">
 <style:paragraph-properties fo:text-align="end" fo:margin-right="14pt" fo:margin-left="0pt"/></style:style>
<style:style style:name="PL" style:family="paragraph" style:parent-style-name="Footer">
 <style:paragraph-properties fo:text-align="start" fo:margin-left="14pt" fo:margin-right="0pt"/></style:style>
<style:style style:name="frPN" style:family="graphic">
 <style:graphic-properties style:wrap="none" style:vertical-pos="top" style:vertical-rel="paragraph"
  style:horizontal-pos="outside" style:horizontal-rel="page-content" fo:border="none" fo:padding="0mm"
  draw:fill="none"/></style:style>
<style:style style:name="Addr" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:text-indent="0pt"/></style:style>
<style:style style:name="Mark" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:text-align="center" fo:text-indent="0pt" fo:line-height="100%"/>
 {tprops("方正小标宋简体", 42, color="#ff0000")}</style:style>
<style:style style:name="DocNo" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:text-align="center" fo:text-indent="0pt"/></style:style>
<style:style style:name="RedLine" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:text-indent="0pt" fo:line-height="100%" fo:border-top="1.5pt solid #ff0000"
  fo:border-bottom="none" fo:border-left="none" fo:border-right="none" fo:padding="0mm"/></style:style>
<style:style style:name="Att" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-left="80pt" fo:text-indent="-48pt"/></style:style>
<style:style style:name="AttMore" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-left="80pt" fo:text-indent="0pt"/></style:style>
<style:style style:name="Note" style:family="paragraph" style:parent-style-name="Standard"/>
<style:style style:name="Annex" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:text-indent="0pt" fo:break-before="page"/>{tprops("黑体", 16)}</style:style>
<style:style style:name="AnnexTitle" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:text-align="center" fo:text-indent="0pt"/>{tprops("方正小标宋简体", 22)}</style:style>
<style:style style:name="CC" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-left="14pt" fo:margin-right="14pt" fo:text-indent="0pt"/>
 {tprops("仿宋_GB2312", 14)}</style:style>
{extra}
{layout}
</office:automatic-styles>
"""


def right_style(name: str, right_pt: float) -> str:
    return (f'<style:style style:name="{name}" style:family="paragraph" style:parent-style-name="Standard">'
            f'<style:paragraph-properties fo:text-align="end" fo:text-indent="0pt" fo:margin-right="{right_pt}pt"/>'
            '</style:style>')


def width_pt(text: str, size: float = 16) -> float:
    return sum(size / 2 if c.isascii() else size for c in text)


def p(style: str, text: str) -> str:
    return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'


def h(level: int, text: str) -> str:
    return (f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">'
            f'{escape(text)}</text:h>')


def sealed(sig: str, date: str) -> tuple[str, str]:
    """Styles and paragraphs for §7.3.5.1: date right four characters, 署名 centred over it."""
    dr = 64.0
    sr = dr + (width_pt(date) - width_pt(sig)) / 2
    st = right_style("Sig", round(sr, 2)) + right_style("Date", dr)
    return st, p("Standard", "") + p("Standard", "") + p("Sig", sig) + p("Date", date)


def unsealed(sig: str, date: str) -> tuple[str, str]:
    """§7.3.5.2: 署名 right two characters, date on the next line starting two characters right
    of the 署名's first character (date right two characters when it is the longer one)."""
    sw, dw = width_pt(sig), width_pt(date)
    if dw + 32 > sw:  # the date would stick out: it takes the two characters, the 署名 moves left
        dr = 32.0
        sr = dr + dw + 32 - sw
    else:
        sr = 32.0
        dr = sr + sw - 32 - dw
    st = right_style("Sig", round(sr, 2)) + right_style("Date", round(dr, 2))
    return st, p("Standard", "") + p("Sig", sig) + p("Date", date)


def document(body: str, *, style_xml: str, layout: str, pages: str, extra: str = "") -> str:
    return (HEAD + font_decls() + style_xml + auto_styles(layout, extra) + master(pages)
            + f"<office:body><office:text>{body}</office:text></office:body></office:document>\n")


BODY_A = [
    "根据县政府办公室《关于开展2024年度政府网站和政务新媒体自查工作的通知》要求，我镇对镇政府门户网站和"
    "所属政务新媒体开展了全面自查，现将有关情况报告如下。",
]


def doc_a() -> str:
    st, sig = sealed("青石镇人民政府", "2024年5月16日")
    body = (p("Title", "关于青石镇政府网站自查情况的报告") + p("Addr", "") + p("Addr", "县人民政府办公室：")
            + p("Standard", BODY_A[0])
            + h(1, "总体情况")
            + p("Standard", "全镇共有政府网站1个、政务新媒体账号3个，均已按要求完成备案，栏目设置符合规范要求。")
            + h(2, "网站栏目更新情况")
            + p("Standard", "网站共设栏目40个，其中正常更新的栏目38个，更新率为95%。")
            + h(3, "信息发布审核")
            + p("Standard", "严格执行信息发布三审制度，全年发布信息526条，未发现错误信息。")
            + h(4, "审核台账")
            + p("Standard", "建立了信息发布审核台账，逐条登记审核人和发布时间。")
            + h(2, "互动回应情况")
            + p("Standard", "全年收到群众留言86条，均在规定时限内办结，办结率为100%。")
            + h(1, "存在问题")
            + p("Standard", "个别栏目更新频次偏低，信息内容不够丰富，互动回应的质量还有提升空间。")
            + h(1, "下一步工作打算")
            + p("Standard", "我镇将进一步落实网站管理责任，加强栏目内容保障，不断提升政务公开工作水平。")
            + p("Standard", "特此报告。")
            + p("Standard", "")
            + p("Att", "附件：1.青石镇政府网站栏目清单") + p("AttMore", "2.青石镇政务新媒体账号清单")
            + sig)
    return document(body, style_xml=styles(), layout=page_layout(), pages="oddeven", extra=st)


def doc_b() -> str:
    st, sig = unsealed("青石镇人民政府办公室", "2024年9月30日")
    body = (p("Mark", "青石镇人民政府办公室文件") + p("Addr", "") + p("DocNo", "青政办发〔2024〕12号")
            + p("RedLine", "") + p("Addr", "") + p("Addr", "")
            + p("Title", "关于做好第四季度政务公开工作的通知") + p("Addr", "")
            + p("Addr", "各村（社区），镇属各单位：")
            + p("Standard", "为进一步做好第四季度政务公开工作，现将有关事项通知如下。")
            + h(1, "明确工作重点")
            + p("Standard", "各单位要围绕群众关心关注的事项，及时主动公开政策文件和办事指南。")
            + h(2, "做好政策解读")
            + p("Standard", "重要政策文件印发后，要同步做好解读工作，解读材料与政策文件同步发布。")
            + h(2, "加强互动回应")
            + p("Standard", "对群众咨询和留言，要在5个工作日内答复，确需延期的要说明理由。")
            + h(1, "落实工作责任")
            + p("Standard", "各单位主要负责同志要亲自过问，明确专人负责，确保各项工作落到实处。")
            + sig
            + p("Standard", "（此件公开发布）"))
    return document(body, style_xml=styles(),
                    layout=page_layout(left=26, right=26, gutter=2, mirrored=True),
                    pages="frame", extra=st)


def doc_mistakes() -> str:
    body = (p("Title", "关于青石镇2024年度安全生产检查情况的报告")
            + p("Addr", "县应急管理局：")
            + p("Standard", "按照县应急管理局的统一部署，我镇组织开展了安全生产大检查，现将检查情况报告如下。")
            + h(1, "检查基本情况")
            + p("Standard", "共检查企业52家，发现隐患37处，已整改31处，整改率为83.8%。")
            + h(1, "下一步工作")
            + p("Standard", "我镇将持续加强隐患排查治理，确保全镇安全生产形势稳定。")
            + p("Standard", "特此报告。"))
    return document(body, style_xml=styles(body_font="宋体", body_size=12, line=None, title_size=16,
                                           title_align="start", h1="仿宋_GB2312"),
                    layout=page_layout(top=25.4, bottom=25.4, left=31.8, right=31.8, footer=False),
                    pages="none")


def doc_unseen_1() -> str:
    st, sig = sealed("青石镇人民政府", "2024年12月20日")
    body = (p("Title", "青石镇2024年政务公开工作总结") + p("Addr", "")
            + p("Standard", "2024年，我镇认真贯彻落实上级关于政务公开工作的部署要求，紧紧围绕中心工作，"
                            "扎实推进决策、执行、管理、服务、结果公开，现将全年工作总结如下。")
            + h(1, "主要工作及成效")
            + h(2, "健全工作机制")
            + p("Standard", "调整充实了政务公开工作领导小组，制定了年度工作要点，明确了责任分工。")
            + h(2, "深化重点领域公开")
            + h(3, "财政信息公开")
            + p("Standard", "按时公开镇级预决算和“三公”经费，公开率达到100%。")
            + h(3, "民生信息公开")
            + p("Standard", "及时公开社会救助、就业创业等民生信息212条。")
            + h(1, "存在的不足")
            + p("Standard", "政策解读形式还比较单一，基层政务公开标准化规范化水平有待进一步提高。")
            + h(1, "2025年工作打算")
            + p("Standard", "我镇将持续深化政务公开，推动政务公开工作提质增效。")
            + sig)
    return document(body, style_xml=styles(), layout=page_layout(), pages="oddeven", extra=st)


def doc_unseen_2() -> str:
    st, sig = unsealed("青石镇人民政府", "2024年11月5日")
    body = (p("DocNo", "青政函〔2024〕33号") + p("Addr", "") + p("Addr", "")
            + p("Title", "青石镇人民政府关于申请拨付村级道路维修资金的函") + p("Addr", "")
            + p("Addr", "县财政局：")
            + p("Standard", "今年汛期，我镇部分村级道路受损严重，影响群众出行。经测算，维修资金共需86.5万元，"
                            "我镇已自筹资金30万元，尚有缺口56.5万元。")
            + h(1, "受损道路情况")
            + p("Standard", "全镇共有受损村级道路7条，总长度12.6公里，其中严重受损的3条。")
            + h(1, "资金使用计划")
            + p("Standard", "申请拨付的资金将全部用于道路路面修复和排水设施建设，专款专用。")
            + p("Standard", "妥否，请予支持。")
            + p("Standard", "")
            + p("Att", "附件：青石镇村级道路受损情况统计表")
            + sig
            + p("Standard", "（联系人：李明，联系电话：0123-4567890）")
            + p("Annex", "附件")
            + p("AnnexTitle", "青石镇村级道路受损情况统计表")
            + p("Standard", "详见统计表。"))
    return document(body, style_xml=styles(h3_bold=False),
                    layout=page_layout(left=27, right=27, gutter=1), pages="frame", extra=st)


DOCS = {
    "gbt_styles_numbering": doc_a,
    "gbt_gutter_frame_unsealed": doc_b,
    "gbt_mistakes": doc_mistakes,
    "unseen_summary": doc_unseen_1,
    "unseen_letter": doc_unseen_2,
}


def convert(fodt: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("需要 LibreOffice（soffice）")
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run([soffice, f"-env:UserInstallation=file://{prof}", "--headless",
                        "--convert-to", "docx", "--outdir", str(out_dir), str(fodt)],
                       check=True, capture_output=True, timeout=180)
    return out_dir / (fodt.stem + ".docx")


# LibreOffice 7.4 writes a frame as a text box and drops a page-number field inside it (the
# text box keeps "—  —"), and writes "outside" as "right". Word templates carry a frame as
# w:framePr on the footer paragraph (xAlign="outside") or a text box aligned "outside" with
# the PAGE field inside; these are put back the way Word writes them.
PAGE_FIELD = ('<w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
              '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
              '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r>')
WORD_FRAME = {"gbt_gutter_frame_unsealed": "framePr", "unseen_letter": "textbox"}


def word_page_frame(docx_path: Path, how: str) -> None:
    import re
    import zipfile

    with zipfile.ZipFile(docx_path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    out = []
    for info, data in items:
        if re.fullmatch(r"word/footer\d*\.xml", info.filename):
            x = data.decode("utf-8")
            if how == "framePr":
                head = x[:x.index("<w:p>")]
                x = (head + '<w:p><w:pPr><w:pStyle w:val="Footer"/><w:framePr w:wrap="around" w:vAnchor="text"'
                     ' w:hAnchor="margin" w:xAlign="outside" w:y="1"/><w:ind w:left="280" w:right="280"/></w:pPr>'
                     + PAGE_FIELD + "</w:p></w:ftr>")
            else:
                x = x.replace("<wp:align>right</wp:align>", "<wp:align>outside</wp:align>")
                x = x.replace("mso-position-horizontal:right", "mso-position-horizontal:outside")
                x = x.replace('<w:r><w:rPr></w:rPr><w:t>—  —</w:t></w:r>', PAGE_FIELD)
            data = x.encode("utf-8")
        out.append((info, data))
    with zipfile.ZipFile(docx_path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in out:
            z.writestr(info, data)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    for name, make in DOCS.items():
        f = out / f"{name}.fodt"
        f.write_text(make(), encoding="utf-8")
        made = convert(f, out)
        if name in WORD_FRAME:
            word_page_frame(made, WORD_FRAME[name])
        print(made)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
