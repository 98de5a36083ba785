"""Regenerate corpora/rules/{lexicon,phrasing}.yaml from ../shared/data/lexicon-sources/*.tsv.

Run from the repo root:  .venv/bin/python -m gwreport.proofread.build_packs
Every entry keeps its source key. Context guards for rows the TSV marks "context" are
curated below (CONTEXT); context rows without a curated guard go to the opt-in rule.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[3]
SRC = REPO.parent / "shared" / "data" / "lexicon-sources"
OUT = REPO / "corpora" / "rules"

# spaces between digits and 年/月/日 are common in typed drafts ("截止 9 月 30 日")
DATE_STAT = (r"\s*(?:到)?\s*(?:(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:底|末)?"
             r"|\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?:底|末)?"
             r"|目前|今年|去年|年底|年末|本月|上月|月底|当前|现在|本年度|上半年|前三季度)(?:止)?"
             r"(?:[，,]\s*[^。；]{0,40}?(?:共|累计|已|完成|全|\d)|[^。；，,]{0,20}?(?:共|累计|已经?|完成))")

# curated context guards for 'context'-tier rows (wrong -> guard dict); others are opt-in
CONTEXT: dict[str, dict] = {
    "截止": {"after": DATE_STAT},
    "行驶": {"after": r"(?:好|了|着)?(?:各项|相关|法定|监督|管理|行政|审批|执法|检察|审判|宪法|国家|公共)?(?:权力|权利|职权|职责|职能|主权)"},
    "反应": {"after": r"(?:了|过)?(?:有关|相关|群众的?|[^，。、]{0,4})?(?:问题|诉求|意见|建议)",
             "not_before": r"化学|过敏|不良|连锁|强烈|迅速|快速|应激|排异|患者|病人"},
    "做出": {"after": r"(?:了)?(?:重要|重大|积极|突出|新的|应有的|更大的?|全面|具体|科学)?(?:决定|部署|批示|指示|承诺|决策|处分|答复|判决|裁决)"},
    "必须": {"after": r"(?:品|物资|用品)|的(?:物资|资金|费用|用品|设备)"},
    "权利": {"after": r"(?:清单|寻租|运行|下放|机关)"},
    "制订": {"after": r"(?:了)?(?:[^，。]{0,6})?(?:法律|法规|条例|规章)"},
    "考查": {"before": r"实地", },
    "度过": {"after": r"(?:了)?(?:难关|危机)"},
    "爆发": {"before": r"(?:山洪|洪水|泥石流|疫情|传染病|疫病)"},
    "配制": {"before": r"(?:资源|要素|优化|合理)"},
    "报导": {},
    "既使": {"not_after": r"[^。；]{0,15}?[，,]?又"},
    "了望": {"not_before": r"[除为到完罢]"},
    "好象": {"not_after": r"[征棋牙形]"},
    "就象": {"not_after": r"[征棋牙形]"},
    "发贴": {}, "跟贴": {}, "回贴": {},
    "无时无刻都": {}, "撼卫": {}, "认罪伏法": {}, "全面二胎": {}, "二胎政策": {},
    "国际间": {}, "令人堪忧": {}, "支原体病毒": {}, "齐齐哈市": {}, "新加坡总书记": {},
    "挤对": {"after": r"(?:风险|潮|现象|事件)"},
    "翻翻": {"before": r"(?:实现|增长|收入|产值|总量)"},
    "必竟": {"not_before": r"[想未何]"},
    "己经": {"not_before": r"[自知异利舍克悦为]"},
    "另人": {"not_after": r"[选员士]"},
    "登陆": {"after": r"(?:[^，。]{0,3})?(?:系统|平台|网站|账号|账户|后台|邮箱|客户端|政务服务网|网页)"},
}
# guards for default-tier rows that are substrings of legitimate text
DEFAULT_GUARDS: dict[str, dict] = {
    "以经": {"after": r"(?:完成|开始|形成|成为|建立|取得|达到|启动|实现|结束|发生|出现|进入|获得|具备|下发|印发|全部|基本|初步|有了|超过|连续)",
             "not_before": r"[可予难得足所加用是据则之借]"},
    "安祥": {"not_before": r"平"},
    "按排": {"not_after": r"[名序查放污水班列]"},
    "凑和": {"not_before": r"[拼]"},
    "担误": {"not_before": r"[承负分]"},
    "白暂": {"not_after": r"[停时缓行且]"},
}
REGEX_CONTEXT = [  # context rows better expressed as patterns
    {"match": "反应", "replace": "反映", "before": r"向[^，。；]{0,10}", "after": r"(?:了|过)?(?:有关|相关)?情况",
     "source": "CURATED-CONTEXT", "message": "易混用词：向上级或有关方面“反映”情况，不用“反应”"},
    {"match": r"神州(?=[一二三四五六七八九十]+号)", "replace": "神舟", "source": "YWJZ-TOP10-2006", "regex": True},
]

XINHUA_GUARDS = {
    "回回": {"not_before": r"[来每一]", "not_after": r"[访收复应去来]"},
    "呆子": {"not_before": r"书"},
    "瞎子": {"not_before": r"黑", "not_after": r"岛"},
    "傻子": {},
}

RENAMED_GUARD_BEFORE = r"(?:原[\u4e00-\u9fff]{0,8}|前身为|前身是|由|撤销|将)"
RENAMED_GUARD_AFTER = r"(?:更名|改为|改名|整合|并入|合并|划入|撤销|撤并|职责)"
RENAMED_TAIL = {  # extra not_after per last character of the name
    "部": r"[署门分位件队委落属类长]",
    "局": r"[面部限势长]",
    "办": r"[法理事好结公]",
    "所": r"[得属需有以在谓]",
}
RENAMED_CAUTIOUS = ("谨慎", "仅提示", "低置信", "名称不变", "以当地为准", "排除其他单位", "历史叙述可保留")


def years_before(y: int) -> str:
    """A regex for a four-digit year (with 年) earlier than y: historical narrative keeps old names."""
    alts = [r"19\d\d"]
    for decade in range(2000, y - y % 10, 10):
        alts.append(f"{decade // 10}\\d")
    if y % 10:
        alts.append(f"{y // 10}[0-{y % 10 - 1}]")
    return "(?<!\\d)(?:" + "|".join(alts) + ")年"


def read_tsv(name: str) -> list[dict]:
    with open(SRC / name, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def entry(match: str, replace: str, source: str, **guards) -> dict:
    d = {"match": match, "replace": replace, "source": source}
    d.update({k: v for k, v in guards.items() if v})
    return d


def lexicon() -> dict:
    rows = read_tsv("confusions.tsv")
    default, context, optin, loose = [], [], [], []
    for r in rows:
        w, right, src, tier = r["wrong"], r["right"], r["source"], r["tier"]
        if tier == "default":
            default.append(entry(w, right, src, **DEFAULT_GUARDS.get(w, {})))
        elif tier == "context" and w in CONTEXT:
            context.append(entry(w, right, src, **CONTEXT[w]))
        elif tier == "context":
            loose.append(entry(w, right, src))
        else:
            optin.append(entry(w, right, src))
    context += [dict(e) for e in REGEX_CONTEXT]
    return {
        "pack": "lexicon",
        "description": "错别字词表（来源：confusions.tsv；每条保留来源键，见 lexicon-sources/SOURCES.md）",
        "default": True,
        "rules": [
            {"id": "GW101", "type": "substitution", "severity": "error",
             "description": "常见错别字（《咬文嚼字》等公开词表，默认启用）",
             "source": "YWJZ100；YWJZ-TOP10；GOV-SEVERE；CURATED", "safe_fix": False, "default": True,
             "message": "疑似错别字：“{match}”应为“{replace}”", "swap": default},
            {"id": "GW102", "type": "substitution", "severity": "warning",
             "description": "易混词（带语境条件，如“截止”后接日期与统计时应为“截至”）",
             "source": "CURATED-CONTEXT；YWJZ-TOP10", "safe_fix": False, "default": True,
             "message": "易混用词：此处“{match}”应为“{replace}”", "swap": context},
            {"id": "GW103", "type": "substitution", "severity": "info",
             "description": "异形词与需人工判断的易混词（GF 1001—2001 等，默认关闭）",
             "source": "GF1001；YX264；CURATED", "safe_fix": False, "default": False,
             "message": "推荐词形：“{match}”宜作“{replace}”", "swap": optin},
            {"id": "GW105", "type": "substitution", "severity": "info",
             "description": "需语境判断的易混词（未加语境条件，误报较多，仅供通读参考，默认关闭）",
             "source": "CURATED-CONTEXT；YWJZ-TOP10；GH-MISC", "safe_fix": False, "default": False,
             "message": "请核对用词：“{match}”是否应为“{replace}”", "swap": loose},
        ],
    }


def phrasing() -> dict:
    xin_on, xin_off = [], []
    for r in read_tsv("xinhua_banned.tsv"):
        p, rep, note = r["phrase"], r["replacement"], r["note"]
        tag = note.split("]", 1)[0] if note.startswith("[") else ""
        if "|rule" in tag or "review-only" in tag or p.startswith("（"):
            continue
        src = note.rsplit("src=", 1)[1].strip() if "src=" in note else "X1"
        guards = dict(XINHUA_GUARDS.get(p, {}))
        if p.isascii():
            guards.setdefault("not_before", r"[A-Za-z]")
            guards.setdefault("not_after", r"[A-Za-z]")
        e = entry(p, rep, f"新华社禁用词 {src}", **guards)
        if "|literal" in tag and ("gov=high" in tag or "gov=med" in tag):
            xin_on.append(e)
        else:
            xin_off.append(e)
    ren_on, ren_off = [], []
    for r in read_tsv("renamed_institutions.tsv"):
        old, new, year, src, note = r["old"], r["new"], r["year"], r["source"], r["note"] or ""
        if "（" in old:
            continue
        guards = {"not_before": RENAMED_GUARD_BEFORE,
                  "not_after": RENAMED_GUARD_AFTER + ("|" + RENAMED_TAIL[old[-1]] if old[-1] in RENAMED_TAIL else "")}
        if old == "旅游局":
            guards["not_before"] = RENAMED_GUARD_BEFORE[:-1] + r"|和|广电|体育和|国家)"
        first = int(year[:4])
        guards["unless_sentence"] = years_before(first) + r"|时任|当时|曾任|历史沿革|前身"
        e = entry(old, new, f"{src}（{year}）", **guards)
        e["message"] = f"机构名称已调整：“{{match}}”经{year}年机构改革现为“{{replace}}”，请核对（历史叙述可保留）"
        (ren_off if any(k in note for k in RENAMED_CAUTIOUS) else ren_on).append(e)
    out_on, out_off = [], []
    historical = False
    for r in read_tsv("outdated_terms.tsv"):
        p, rep, since, src, note = r["pattern"], r["replacement"], r["since"], r["source"], r["note"]
        if src == "RULE" or p in ("“一带一路”战略", "单独二胎", "全面二胎"):
            continue  # placeholders are GW601; duplicates live in the Xinhua/lexicon rules
        guards = {}
        if p.isascii():
            guards = {"not_before": r"[A-Za-z]", "not_after": r"[A-Za-z]"}
        e = entry(p, rep, f"{src}（{since}）" if since else src, **guards)
        historical = ("历史" in note or "回顾" in note or "核对" in rep or p == "党史教育"
                      or (note.startswith("同上") and historical))
        (out_off if historical else out_on).append(e)
    out_on.append({"match": r"(?:今年是|明年是|当前是|目前是|正值|今年正值)“?十[一二三]五”?", "regex": True,
                   "replace": "（核对规划期：2021—2025年为“十四五”，2026—2030年为“十五五”）",
                   "source": "COMPILER", "message": "疑似把已结束的规划期当作当前：“{match}”"})
    return {
        "pack": "phrasing",
        "description": "禁用、慎用和过时提法；2013、2018、2023 年机构改革更名的机构",
        "default": True,
        "rules": [
            {"id": "GW201", "type": "substitution", "severity": "warning",
             "description": "新华社禁用词（字面、与政务相关的条目）", "source": "新华社《新闻信息报道中的禁用词和慎用词》X1/X2",
             "default": True, "message": "禁用或不规范提法：“{match}”，宜改为“{replace}”", "swap": xin_on},
            {"id": "GW202", "type": "substitution", "severity": "info",
             "description": "新华社慎用词（需语境判断，默认关闭）", "source": "新华社禁用词和慎用词 X1/X2/X3",
             "default": False, "message": "慎用提法：“{match}”，宜改为“{replace}”", "swap": xin_off},
            {"id": "GW203", "type": "substitution", "severity": "warning",
             "description": "机构名称已在 2013/2018/2023 年机构改革中调整", "source": "R2013；R2018；R2021；R2023；R2018-LOCAL",
             "default": True, "message": "机构名称已调整：“{match}”现为“{replace}”", "swap": ren_on},
            {"id": "GW204", "type": "substitution", "severity": "info",
             "description": "机构名称可能已调整（对外保留牌子或以当地三定为准，默认关闭）",
             "source": "R2018；R2023；R2018-LOCAL", "default": False,
             "message": "机构名称可能已调整：“{match}”，请核对（{replace}）", "swap": ren_off},
            {"id": "GW205", "type": "substitution", "severity": "warning",
             "description": "过时或不规范的提法（新冠病毒感染、行政区划排序等）", "source": "N8；N10；N3；COMPILER",
             "default": True, "message": "过时或不规范提法：“{match}”，宜改为“{replace}”", "swap": out_on},
            {"id": "GW206", "type": "substitution", "severity": "info",
             "description": "可能过时的提法（历史叙述合法，作为当前表述时过时；默认关闭）", "source": "N8；R2021；COMPILER",
             "default": False, "message": "请核对时效：“{match}”（{replace}）", "swap": out_off},
        ],
    }


REP_CHARS = "的了在是和与对把被将为从向于就也都还并而及其该以要我各有"
REP_WORDS = ("我们 他们 进行 以及 通过 对于 已经 同时 并且 开展 加强 全面 不断 积极 认真 要求 问题 工作 "
             "情况 建设 管理 发展 推进 乡镇 村民 群众 单位 部门 相关 有关 各级 按照 根据 坚持 确保 切实 "
             "共计 其中 目前 截至 今年 全镇 全县 全乡 全市 重点 进一步 严格 及时 主要 一是 二是 三是").split()


def repetition() -> dict:
    import os
    import jieba
    d = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    before = {c: set() for c in REP_CHARS}
    after = {c: set() for c in REP_CHARS}
    for line in open(d, encoding="utf-8"):
        w, f, *_ = line.split()
        if len(w) == 2 and int(f) >= 100 and w[0] != w[1]:
            if w[1] in before and (w[1] != "的" or w in ("目的", "标的")):
                before[w[1]].add(w)
            if w[0] in after:
                after[w[0]].add(w)
    return {
        "pack": "repetition",
        "description": "重复字词（的的、在在；“加强管理加强管理”）；相邻成词的情况（目的的、为了了解）不报",
        "default": True,
        "rules": [
            {"id": "GW701", "type": "repetition", "severity": "error", "mode": "chars",
             "description": "虚词重复（的的、了了、在在、是是等）", "source": "CURATED；jieba 词典（成词排除）",
             "message": "疑似重复字：“{match}”，应为“{replace}”", "chars": REP_CHARS,
             "word_before": sorted(set().union(*before.values())),
             "word_after": sorted(set().union(*after.values())),
             "allow": ["实实在在", "是是非非", "求是是", "总是是", "就是是", "不了了之", "的的确确", "在在处处", "和和美美", "和和气气",
                       "一一对应", "以以色列", "对对联", "各各", "有有组织", "对对账", "对对方", "对对象",
                       "对对口", "对对接", "对对照", "有有关", "有有效", "有有序", "有有力", "在在线"]},
            {"id": "GW702", "type": "repetition", "severity": "warning", "mode": "words",
             "description": "词语重复（如“加强管理加强管理”“我们我们”）；“研究研究”等动词重叠不报",
             "source": "CURATED", "message": "疑似重复词语：“{match}”，应为“{replace}”",
             "min_len": 2, "max_len": 8, "words": REP_WORDS,
             "allow": ["谢谢", "哈哈"]},
        ],
    }


class _Dumper(yaml.SafeDumper):
    pass


def main() -> int:
    if not SRC.is_dir():
        print(f"找不到 {SRC}", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in (("lexicon", lexicon()), ("phrasing", phrasing()), ("repetition", repetition())):
        text = ("# 由 gwreport.proofread.build_packs 根据 lexicon-sources/*.tsv 生成；改动请改生成脚本或源表。\n"
                + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=200))
        (OUT / f"{name}.yaml").write_text(text, encoding="utf-8")
        n = sum(len(r.get("swap", ())) for r in data["rules"])
        print(f"{name}.yaml: {n} 条")
    return 0


if __name__ == "__main__":
    sys.exit(main())
