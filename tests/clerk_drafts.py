"""Drafts the way a township clerk types them (python-docx default template, no styles):
a black 宋体 letterhead, the 发文字号, the title straight followed by the 主送机关, paragraphs
indented with spaces, a table wider than the type area, a date typed as 2024.9.30, a 版记 with
spaces between 印发机关 and 印发日期, and a comment."""
from __future__ import annotations

from pathlib import Path

LETTERHEAD = "青石镇人民政府文件"
NUMBER = "青政发〔2024〕8号"
TITLE = "青石镇人民政府关于2024年第三季度政府网站和政务新媒体自查情况的报告"
BODY = [
    "　　按照县政府办公室《关于开展2024年第三季度政府网站与政务新媒体检查工作的通知》要求，我镇对本镇政府网站和政务新媒体开展了自查，现将有关情况报告如下。",
    "    一、总体情况",
    "    我镇共有政府网站1个、政务新媒体账号6个，本季度共发布信息326条，回复网民留言8条，未发现单项否决问题。",
    "    二、存在问题",
    "　　一是“政策解读”栏目更新不及时；二是部分转载信息未注明来源。",
    "    三、下一步措施",
    "　　我镇将建立栏目责任清单，落实信息发布“三审三校”制度，确保问题整改到位。",
    "　　特此报告。",
]
TABLE = [["序号", "账号名称", "平台", "本季度发布条数", "是否合格"],
         ["1", "青石发布", "微信公众号", "126", "合格"],
         ["2", "青石镇人民政府", "微博", "88", "合格"]]
SIGNATURE = "青石镇人民政府"
DATE = "2024.9.30"
CC = "抄送：县政府办公室，县委网信办。"
PRINTER = "青石镇党政办公室          2024年9月30日印发"


def python_docx_draft(path: Path, *, date: str = DATE) -> Path:
    import docx
    from docx.shared import Mm, Pt

    d = docx.Document()
    p = d.add_paragraph()
    r = p.add_run(LETTERHEAD)
    r.font.size = Pt(26)
    r.font.name = "宋体"
    p.alignment = 1
    d.add_paragraph(NUMBER).alignment = 1
    d.add_paragraph("")
    t = d.add_paragraph()
    t.add_run(TITLE).bold = True
    t.alignment = 1
    d.add_paragraph("县人民政府：")
    for i, text in enumerate(BODY):
        para = d.add_paragraph(text)
        if i == 2:
            para.runs[0].text = text[:20]
            para.add_run(text[20:])
    table = d.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    table.style = "Table Grid"
    for row, values in zip(table.rows, TABLE):
        for cell, v in zip(row.cells, values):
            cell.text = v
            cell.width = Mm(36)  # five columns of 36 mm: 180 mm, wider than the 156 mm type area
    d.paragraphs[7]._p.addnext(table._tbl)  # under the paragraph with the figures
    d.add_paragraph("")
    d.add_paragraph("")
    d.add_paragraph("")
    d.add_paragraph(SIGNATURE)
    d.add_paragraph(date)
    d.add_paragraph("")
    d.add_paragraph(CC)
    d.add_paragraph(PRINTER)
    try:
        d.add_comment(d.paragraphs[5].runs, text="数字请再核对", author="科长")
    except AttributeError:  # python-docx without comments support
        pass
    d.save(str(path))
    return path
