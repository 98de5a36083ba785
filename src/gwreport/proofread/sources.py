"""Readable Chinese names for the source keys rules rest on (see
../shared/data/lexicon-sources/SOURCES.md). Rule packs and `gwreport rules --format json` keep the
short keys (YWJZ100, R2018, X1 …); `gwreport rules` shows the clerk the names."""
from __future__ import annotations

import re

XINHUA = "新华社《新闻信息报道中的禁用词和慎用词》"
_XINHUA_EDITIONS = {"X1": "2015年第一批", "X2": "2016年修订版", "X3": "不文明用语"}

SOURCE_NAMES = {
    "X1": f"{XINHUA}（2015）",
    "X2": f"{XINHUA}（2016年修订版）",
    "X3": f"{XINHUA}所列不文明用语",
    "N3": "国家发展改革委等《“一带一路”英文译法规范》（2015）",
    "N4": "新华社新闻研究所文有仁谈“前苏联”的用法",
    "N5": "北师大出版科学研究院《关于“解放前”“解放后”的用法问题》",
    "N6": "北师大出版科学研究院《涉港澳台用语》",
    "N7": "涉台用语规范（转述）",
    "N8": "国家卫生健康委公告2022年第7号（新冠肺炎更名为新冠病毒感染）",
    "N9": "浙江省2021年第四季度政府网站和政务新媒体检查通报",
    "N10": "《关于省（区、市）、省长、市长的规范表述》",
    "YWJZ100": "《咬文嚼字》编辑部《当代汉语出版物中最常见的100个别字》",
    "YWJZ-TOP10": "《咬文嚼字》年度“十大语文差错”",
    "GOV-SEVERE": "政府网站检查通报中的“严重错别字”实例",
    "GH-66law": "公开的政务别字词表（逐条人工复核）",
    "GH-MISC": "公开的校对词表（逐条人工复核）",
    "PYC": "pycorrector 常见错别字表",
    "GF1001": "《第一批异形词整理表》（GF 1001—2001）",
    "YX264": "《264组异形词整理表（草案）》（2004）",
    "CURATED": "整理者补充条目",
    "CURATED-CONTEXT": "整理者补充的语境条目",
    "R2013": "2013年国务院机构改革方案",
    "R2018": "2018年党和国家机构改革方案",
    "R2018-LOCAL": "2018年机构改革地方对应机构（以当地“三定”规定为准）",
    "R2021": "国家乡村振兴局挂牌（2021）",
    "R2023": "2023年党和国家机构改革方案",
    "COMPILER": "整理者依据常识提示（请核对）",
    "RULE": "规则逻辑（非词表）",
}

_CODE = re.compile(
    r"(?<![A-Za-z0-9-])(YWJZ-TOP10(?:-\d{4})?|" + "|".join(
        re.escape(k) for k in sorted(SOURCE_NAMES, key=len, reverse=True) if k != "YWJZ-TOP10")
    + r")(?![A-Za-z0-9-])")
_INTERNAL = [
    (re.compile(r"^corpora/spelling.*$"), "政务语料统计模型（gwreport 内置，字符 n 元统计）"),
    (re.compile(r"^DESIGN\.md\s*§4\s*常见错误$"), "公文常见错误（gwreport 整理）"),
    (re.compile(r"^DESIGN\.md\s*§4\s*（数字核对）$"), "数字核对（gwreport 内置规则）"),
    (re.compile(r"DESIGN\.md\s*§4"), "公文常见错误（gwreport 整理）"),
]


def _name(code: str) -> str:
    if code.startswith("YWJZ-TOP10-"):
        return f"《咬文嚼字》{code[-4:]}年“十大语文差错”"
    return SOURCE_NAMES[code]


def source_name(source: str) -> str:
    """The source line with every key replaced by its readable name, duplicates dropped."""
    if not source:
        return source
    parts: list[str] = []
    xinhua: list[str] = []
    for token in re.split(r"[；;]", source):
        token = token.strip()
        if not token:
            continue
        codes = _CODE.findall(token)
        xs = [c for c in codes if c in _XINHUA_EDITIONS]
        if xs or "新华社" in token:
            xinhua += [c for c in xs if c not in xinhua]
            rest = _CODE.sub(lambda m: "" if m.group(1) in _XINHUA_EDITIONS else _name(m.group(1)),
                             token)
            rest = re.sub(r"新华社(《新闻信息报道中的禁用词和慎用词》|禁用词和慎用词|禁用词)?", "", rest)
            rest = re.sub(r"^[\s/,，、]+|[\s/,，、]+$", "", rest)
            if "__XINHUA__" not in parts:
                parts.append("__XINHUA__")
            if rest:
                parts.append(rest)
            continue
        for rx, name in _INTERNAL:
            token = rx.sub(name, token)
        parts.append(_CODE.sub(lambda m: _name(m.group(1)), token))
    if "__XINHUA__" in parts:
        eds = [_XINHUA_EDITIONS[x] for x in sorted(xinhua)]
        parts[parts.index("__XINHUA__")] = XINHUA + (f"（{'、'.join(eds)}）" if eds else "")
    out: list[str] = []
    for p in parts:
        if p not in out:
            out.append(p)
    return "；".join(out)
