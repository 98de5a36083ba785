"""Build the reader test files in tests/data/formats/ the way the real world makes them.

    python scripts/make_format_fixtures.py        # needs LibreOffice (soffice) and Pillow

- draft_src.docx: python-docx with Word's built-in styles (Title, Heading 1/2), a running
  header and a PAGE field in the footer; LibreOffice then writes draft.docx, draft.doc,
  draft.rtf, draft.odt and draft.pdf (with a text layer) from it.
- draft.wps: WPS 文字 saves .wps as a Word-97 binary; LibreOffice cannot write .wps, so the
  Word-97 file LibreOffice wrote is stored under the .wps name (what WPS itself produces).
- scanned.pdf: a page rendered to an image (pdftoppm) and saved as an image-only PDF (Pillow),
  like a scanner's output: no text layer.
- draft.ofd: the same text laid out on A4 pages to the GB/T 33190 package structure
  (OFD.xml, Doc_0/Document.xml, Doc_0/PublicRes.xml, Doc_0/Pages/Page_N/Content.xml), with a
  running header and "— N —" page numbers.
- page.html / page_gbk.html: a saved article page of a township site with navigation, a
  breadcrumb, scripts, a sidebar and a footer (the second one GB2312-encoded, as many are).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "formats"
sys.path.insert(0, str(ROOT / "src"))

TITLE = "关于青石镇2024年政府网站自查情况的报告"
HEADER = "青石镇人民政府文件"
PARAS = [
    ("Heading 1", "一、基本情况"),
    (None, "按照县政府办公室关于开展政府网站和政务新媒体自查工作的通知要求，我镇高度重视，由镇党政办牵头，"
           "对镇政府门户网站和三个政务新媒体账号逐一开展了检查，重点检查栏目更新、信息发布审核、互动回应和"
           "安全防护等情况，现将自查情况报告如下。"),
    (None, "全镇共检查网站栏目40个，其中正常更新的栏目35个，长期未更新的栏目3个，内容空白的栏目2个。"
           "抽查政务新媒体账号12个，发现不合格账号3个，合格率为75%。镇党政办负责布署落实整改任务。"),
    ("Heading 1", "二、存在问题"),
    (None, "一是部分栏目更新不及时，个别栏目超过半年没有更新内容；二是信息发布审核把关不严，"
           "个别稿件存在错别字和表述不规范的问题；三是互动回应不够及时，群众留言的平均办结时间偏长，"
           "部分答复内容过于简单，没有真正解决群众反映的问题。"),
    ("Heading 1", "三、整改措施"),
    (None, "下一步，我镇将认真的抓好整改落实，建立栏目更新台账，明确每个栏目的责任人和更新频次，"
           "严格执行信息发布三审制度，确保三个月内整改到位。同时加强业务培训，提高工作人员的文字水平和"
           "责任意识，切实提升政府网站和政务新媒体的建设管理水平。"),
    (None, "我镇将以此次自查为契机，举一反三，建立健全长效机制，定期开展自查自纠，"
           "及时发现和解决存在的问题，推动政务公开工作不断取得新成效。"),
    (None, "青石镇人民政府"),
    (None, "2024年7月5日"),
]


def soffice() -> str:
    from gwreport.pdf import find_soffice
    s = find_soffice()
    if not s:
        sys.exit("需要 LibreOffice（soffice）")
    return s


def lo_convert(src: Path, target: str, out: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice(), f"-env:UserInstallation={Path(tmp, 'p').as_uri()}", "--headless",
                        "--convert-to", target, "--outdir", str(out), str(src)],
                       check=True, capture_output=True, timeout=180)
    return out / (src.stem + "." + target.split(":")[0])


def write_source(path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = HEADER
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("— ")
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    fp._p.append(fld)
    fp.add_run(" —")
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    normal.font.name = "Noto Serif CJK SC"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    normal.paragraph_format.first_line_indent = Pt(32)
    doc.add_paragraph(TITLE, style="Title")
    doc.add_paragraph("县人民政府办公室：").paragraph_format.first_line_indent = Pt(0)
    for style, text in PARAS:
        p = doc.add_paragraph(text, style=style) if style else doc.add_paragraph(text)
    doc.save(path)


def write_scanned(pdf: Path, out: Path) -> None:
    from PIL import Image
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(pdf), f"{tmp}/pg"],
                       check=True, timeout=60)
        png = sorted(Path(tmp).glob("pg*.png"))[0]
        Image.open(png).convert("L").save(out, "PDF", resolution=60)


# ---- OFD -------------------------------------------------------------------------------
NS = "http://www.ofdspec.org/2016"
CHAR = 5.6  # mm, 三号 (16 pt) as in GB/T 9704
LEFT, TOP, WIDTH, LINES = 28.0, 37.0, 156.0, 22
PER_LINE = int(WIDTH // CHAR)  # 27 here; GB/T 9704 fits 28 with tighter spacing


def _layout() -> list[list[tuple[float, str]]]:
    """Lines per page: (x offset in chars, text) with first-line indents of two characters."""
    items = [(None, TITLE, "centre"), (None, "县人民政府办公室：", "left")]
    items += [(s, t, "left" if s else "indent") for s, t in PARAS]
    pages: list[list[tuple[float, str]]] = [[]]
    for _, text, how in items:
        rows = []
        if how == "centre":
            rows = [((PER_LINE - len(text)) / 2, text)]
        else:
            first = 2 if how == "indent" else 0
            rest, x = text, first
            while rest:
                n = PER_LINE - int(x)
                rows.append((x, rest[:n]))
                rest, x = rest[n:], 0
        if how == "centre":
            rows.append((0, ""))  # GB/T 9704: one blank line between 标题 and 主送机关
        for row in rows:
            if len(pages[-1]) == LINES:
                pages.append([])
            pages[-1].append(row)
    return pages


def write_ofd(out: Path) -> None:
    from xml.sax.saxutils import escape
    pages = _layout()
    uid = [10]

    def nid() -> int:
        uid[0] += 1
        return uid[0]

    def text_obj(x: float, y: float, text: str) -> str:
        deltas = " ".join(["g", str(len(text) - 1), str(CHAR)]) if len(text) > 1 else ""
        return (f'<ofd:TextObject ID="{nid()}" Boundary="{x:.2f} {y:.2f} {CHAR * len(text):.2f} {CHAR * 1.2:.2f}" '
                f'Font="2" Size="{CHAR}"><ofd:FillColor Value="0 0 0"/>'
                f'<ofd:TextCode X="0" Y="{CHAR:.2f}" DeltaX="{deltas}">{escape(text)}</ofd:TextCode>'
                "</ofd:TextObject>")

    parts: dict[str, str] = {}
    page_refs = []
    for i, rows in enumerate(pages):
        objs = [text_obj(LEFT + (WIDTH - CHAR * len(HEADER)) / 2, 20.0, HEADER)]
        for n, (x, text) in enumerate(rows):
            if text:
                objs.append(text_obj(LEFT + x * CHAR, TOP + n * (CHAR * 1.5), text))
        num = f"— {i + 1} —"
        objs.append(text_obj(LEFT + WIDTH - CHAR * len(num), 297 - 25.0, num))
        parts[f"Doc_0/Pages/Page_{i}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
            f'<ofd:Layer ID="{nid()}">' + "".join(objs) + "</ofd:Layer></ofd:Content></ofd:Page>")
        page_refs.append(f'<ofd:Page ID="{nid()}" BaseLoc="Pages/Page_{i}/Content.xml"/>')
    parts["Doc_0/PublicRes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
        '<ofd:Font ID="2" FontName="仿宋" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>')
    parts["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        f'<ofd:MaxUnitID>{uid[0] + 1}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297'
        '</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
        "<ofd:Pages>" + "".join(page_refs) + "</ofd:Pages></ofd:Document>")
    parts["OFD.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
        f'<ofd:DocBody><ofd:DocInfo><ofd:DocID>6f0d5a0e1c2b4d5e8f9a0b1c2d3e4f50</ofd:DocID>'
        f'<ofd:Title>{escape(TITLE)}</ofd:Title><ofd:CreationDate>2024-07-05</ofd:CreationDate>'
        "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml",
                     *sorted(n for n in parts if "/Pages/" in n)):
            z.writestr(name, parts[name])


# ---- HTML ------------------------------------------------------------------------------
def page_html(charset: str) -> str:
    article = []
    for s, t in PARAS:
        article.append(f"<h3>{t}</h3>" if s else f"<p style=\"text-indent:2em\">{t}</p>")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}"><title>{TITLE}_青石镇人民政府</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav{{color:red}}</style></head>
<body>
<div class="header"><img src="logo.png" alt="青石镇人民政府"><div class="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjqs/">走进青石</a></li></ul></div></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 工作报告</div>
<div class="main"><div class="article">
<h1>{TITLE}</h1>
<div class="info">发布时间：2024-07-05　来源：青石镇党政办　浏览次数：<span id="hits">128</span></div>
<div class="content">
{chr(10).join(article)}
</div>
<div class="pager">上一篇：<a href="/a/1.html">关于开展安全生产检查的通知</a><br>下一篇：<a href="/a/3.html">青石镇召开防汛工作会议</a></div>
</div>
<div class="sidebar"><h4>热点信息</h4><ul><li><a href="/x1">全县秋粮收购工作有序推进</a></li>
<li><a href="/x2">青石镇开展消防安全宣传活动</a></li></ul></div></div>
<div class="footer"><p>主办：青石镇人民政府　承办：青石镇党政办公室</p>
<p>网站标识码：1234000001　备案号：某ICP备12345678号　<a href="/sitemap">网站地图</a>　<a href="/contact">联系我们</a></p>
<p>建议使用1366×768分辨率浏览</p></div>
<script src="/js/jquery.min.js"></script><script>$(function(){{ $("#hits").load("/hits"); }});</script>
</body></html>
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        src = tmp / "draft.docx"
        write_source(src)
        lo = tmp / "lo"
        lo.mkdir()
        # LibreOffice-written .docx first; everything else from it
        staged = tmp / "src" / "draft.docx"
        staged.parent.mkdir()
        shutil.copy(src, staged)
        final_docx = lo_convert(staged, "docx:MS Word 2007 XML", lo)
        shutil.copy(final_docx, OUT / "draft.docx")
        for target, name in (("doc:MS Word 97", "draft.doc"), ("rtf", "draft.rtf"), ("odt", "draft.odt"),
                             ("pdf:writer_pdf_Export", "draft.pdf")):
            produced = lo_convert(OUT / "draft.docx", target, lo)
            shutil.copy(produced, OUT / name)
        shutil.copy(OUT / "draft.doc", OUT / "draft.wps")
        write_scanned(OUT / "draft.pdf", OUT / "scanned.pdf")
    write_ofd(OUT / "draft.ofd")
    (OUT / "page.html").write_text(page_html("utf-8"), encoding="utf-8")
    (OUT / "page_gbk.html").write_bytes(page_html("gb2312").encode("gb2312"))
    for f in sorted(OUT.iterdir()):
        print(f"{f.name:16} {f.stat().st_size:>8} bytes")


if __name__ == "__main__":
    main()
