"""Write samples/batch/: the sample batch table of 14 fictional townships (website-selfcheck).

    .venv/bin/python scripts/make_sample_batch.py [--out samples/batch]

Writes 填报表.xlsx (main sheet with dotted-path headers, list sheets 存在问题 and 整改措施) and its
CSV twin 填报表.csv (Chinese titles as headers, UTF-8 with BOM) + 填报表-清单.csv (the lists, one
row per item, a 清单 column naming the list). All names and figures are invented.
Run:  gwreport batch samples/batch/填报表.xlsx --base samples/batch/base.yaml -o out/
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path

# unit.name, self_ref, websites: total checked failed columns_total stale empty broken errors,
# new_media by_type: wechat weibo douyin other, checked failed closed, messages received answered
TOWNSHIPS = [
    ("青石镇人民政府", "我镇", (1, 1, 0, 36, 2, 0, 3, 4), (3, 1, 2, 0), (6, 1, 1), (8, 8)),
    ("白沙镇人民政府", "我镇", (1, 1, 0, 30, 0, 0, 0, 0), (2, 0, 1, 0), (3, 0, 0), (5, 5)),
    ("柳溪镇人民政府", "我镇", (2, 2, 1, 48, 5, 2, 7, 6), (4, 1, 1, 1), (7, 2, 1), (12, 10)),
    ("桃源乡人民政府", "我乡", (1, 1, 0, 24, 1, 0, 2, 1), (1, 0, 0, 0), (1, 0, 0), (0, 0)),
    ("石门镇人民政府", "我镇", (1, 1, 0, 32, 3, 1, 4, 2), (2, 1, 1, 0), (4, 1, 0), (6, 6)),
    ("龙潭镇人民政府", "我镇", (1, 1, 0, 40, 0, 0, 1, 0), (3, 0, 2, 1), (6, 0, 0), (9, 9)),
    ("杏花乡人民政府", "我乡", (1, 1, 0, 22, 0, 0, 0, 2), (1, 1, 0, 0), (2, 0, 0), (3, 3)),
    ("南岭镇人民政府", "我镇", (2, 2, 0, 52, 4, 0, 5, 3), (3, 1, 1, 0), (5, 1, 1), (15, 14)),
    ("清水乡人民政府", "我乡", (1, 1, 0, 26, 0, 0, 0, 0), (1, 0, 1, 0), (2, 0, 0), (2, 2)),
    ("凤山镇人民政府", "我镇", (1, 1, 1, 34, 6, 3, 9, 5), (2, 1, 1, 1), (5, 2, 2), (7, 5)),
    ("梅岭乡人民政府", "我乡", (1, 1, 0, 28, 1, 0, 0, 1), (2, 0, 0, 0), (2, 0, 0), (4, 4)),
    ("金田镇人民政府", "我镇", (1, 1, 0, 38, 2, 1, 2, 3), (3, 1, 2, 0), (6, 1, 0), (10, 10)),
    ("云溪乡人民政府", "我乡", (1, 1, 0, 25, 0, 0, 0, 0), (1, 0, 1, 0), (2, 0, 0), (1, 1)),
    ("东湖街道办事处", "我街道", (1, 1, 0, 44, 3, 0, 6, 4), (4, 2, 2, 0), (8, 1, 1), (20, 19)),
]

PROBLEMS = {
    "青石镇人民政府": ["个别栏目信息更新不及时，“政策解读”栏目近两个月未发布新内容",
                "部分政务新媒体账号内容原创性不强，转载信息未注明来源"],
    "柳溪镇人民政府": ["“通知公告”“工作动态”两个栏目长期未更新",
                "个别网页存在错链断链，信息发布审核把关不够严格",
                "政务新媒体账号互动回应不及时，部分留言超期未答复"],
    "桃源乡人民政府": ["网站栏目设置与实际工作结合不够紧密"],
    "石门镇人民政府": ["空白栏目未及时清理，部分栏目内容更新滞后"],
    "杏花乡人民政府": ["信息发布前校对不够细致，出现错别字"],
    "南岭镇人民政府": ["部分栏目更新频率达不到检查指标要求",
                "个别新媒体账号发布内容与政务服务关联不紧"],
    "凤山镇人民政府": ["网站首页存在不合格情形，部分栏目长期空白",
                "信息发布审核制度落实不到位，错链断链较多",
                "新媒体账号管理不规范，个别账号长期不更新"],
    "金田镇人民政府": ["个别栏目更新不及时，空白栏目未及时归并"],
    "东湖街道办事处": ["留言办理时效有待提高，个别留言答复内容过于简单"],
}

MEASURES_POOL = [
    ("压实内容保障责任", "建立栏目责任清单，将每个栏目的更新任务落实到具体站所和人员，每周检查更新情况并通报", "党政办公室"),
    ("严格信息发布审核", "落实“三审三校”制度，信息发布前由分管领导审核签发，杜绝错别字和错链断链", None),
    ("规范新媒体运营管理", "对不合格账号限期整改，整改不到位的一律关停；转载信息一律注明来源", "便民服务中心"),
    ("提高留言办理时效", "建立留言办理台账，明确答复时限，逐条跟踪办理进度", None),
]

MAIN_HEADERS = [
    "unit.name", "unit.self_ref",
    "websites.total", "websites.checked", "websites.failed", "websites.columns_total",
    "websites.columns_stale", "websites.columns_empty", "websites.broken_links", "websites.errors_found",
    "new_media.by_type.wechat", "new_media.by_type.weibo", "new_media.by_type.douyin", "new_media.by_type.other",
    "new_media.checked", "new_media.failed", "new_media.closed",
    "messages.received", "messages.answered",
    "document.signature", "document.doc_number", "document.signer",
]

# The same columns by their Chinese schema titles (for the CSV twin).
TITLES = {
    "unit.name": "单位名称", "unit.self_ref": "自称",
    "websites.total": "网站数量", "websites.checked": "已检查网站数", "websites.failed": "不合格网站数",
    "websites.columns_total": "栏目总数", "websites.columns_stale": "更新不及时栏目数",
    "websites.columns_empty": "空白栏目数", "websites.broken_links": "错链断链数",
    "websites.errors_found": "错别字和表述错误数",
    "new_media.by_type.wechat": "微信公众号", "new_media.by_type.weibo": "微博",
    "new_media.by_type.douyin": "抖音号", "new_media.by_type.other": "new_media.by_type.other",
    "new_media.checked": "抽查账号数", "new_media.failed": "不合格账号数", "new_media.closed": "关停整合账号数",
    "messages.received": "收到留言数", "messages.answered": "已办结留言数",
    "document.signature": "发文机关署名", "document.doc_number": "发文字号", "document.signer": "签发人",
}

SIGNERS = ["李明", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周强", "吴霞", "徐军", "孙丽", "马超", "朱红"]
SHORT = {"青石": "青", "白沙": "白", "柳溪": "柳", "桃源": "桃", "石门": "石", "龙潭": "龙", "杏花": "杏",
         "南岭": "南", "清水": "清", "凤山": "凤", "梅岭": "梅", "金田": "金", "云溪": "云", "东湖": "东"}


def rows() -> list[list]:
    out = []
    for i, (name, me, w, m, mc, msg) in enumerate(TOWNSHIPS):
        short = SHORT[name[:2]]
        kind = "街" if "街道" in name else ("政" if "镇" in name else "乡")
        out.append([name, me, *w, *m, *mc, *msg, name, f"{short}{kind}报〔2024〕{10 + i}号", SIGNERS[i]])
    return out


def problem_rows() -> list[list]:
    return [[unit, d] for unit, _, *_ in TOWNSHIPS for d in PROBLEMS.get(unit, [])]


def measure_rows() -> list[list]:
    out = []
    for i, (unit, *_rest) in enumerate(TOWNSHIPS):
        n = len(PROBLEMS.get(unit, []))
        for k in range(n and min(n + 1, 3)):
            title, content, owner = MEASURES_POOL[(i + k) % len(MEASURES_POOL)]
            deadline = dt.date(2024, 10, 15 + (i + k) % 15)
            office = unit.replace("人民政府", "").replace("办事处", "")
            out.append([unit, title, content, office + owner if owner else None, deadline])
    return out


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    wb = Workbook()
    ws = wb.active
    ws.title = "填报表"
    ws.append(MAIN_HEADERS)
    for r in rows():
        ws.append(r)
    ps = wb.create_sheet("存在问题")
    ps.append(["unit.name", "detail"])
    for r in problem_rows():
        ps.append(r)
    ms = wb.create_sheet("整改措施")
    ms.append(["unit.name", "title", "content", "owner", "deadline"])
    for r in measure_rows():
        ms.append(r)
        ms.cell(row=ms.max_row, column=5).number_format = "yyyy-mm-dd"
    for sheet in (ws, ps, ms):
        for c in sheet[1]:
            c.font = Font(bold=True)
        for col in sheet.columns:
            sheet.column_dimensions[col[0].column_letter].width = 18
            for c in col[1:]:
                c.alignment = Alignment(wrap_text=True, vertical="top")
    ps.column_dimensions["B"].width = 60
    ms.column_dimensions["C"].width = 60
    wb.properties.creator = "gwreport"
    wb.properties.created = wb.properties.modified = dt.datetime(2024, 9, 1)
    wb.save(path)


def write_csv(main: Path, lists: Path) -> None:
    with main.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([TITLES[h] for h in MAIN_HEADERS])
        w.writerows(rows())
    with lists.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["清单", "单位名称", "问题描述", "措施标题", "措施内容", "责任单位", "完成时限"])
        for unit, d in problem_rows():
            w.writerow(["存在问题", unit, d, "", "", "", ""])
        for unit, t, c, o, dl in measure_rows():
            w.writerow(["整改措施", unit, "", t, c, o or "", dl.isoformat()])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "samples" / "batch")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    write_xlsx(a.out / "填报表.xlsx")
    write_csv(a.out / "填报表.csv", a.out / "填报表-清单.csv")
    print(f"已写出 {a.out / '填报表.xlsx'}、{a.out / '填报表.csv'}、{a.out / '填报表-清单.csv'}（{len(TOWNSHIPS)} 个乡镇）")


if __name__ == "__main__":
    main()
