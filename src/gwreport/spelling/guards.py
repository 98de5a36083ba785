"""Precision guards: text the statistics must not judge.

- Person names: a surname and one or two given-name characters in a name position (right
  after or before a title or 同志, in a 、-list of such names, set off by full-width spaces as in
  a list of signatories, or opening a clause before 表示/指出/说…). Given names are free
  character choices; a corpus of laws says nothing about them (朱力行, 徐玥, 张三丰同志).
- Personal pronouns (你、您、她、他、它、我、咱): a choice of the writer (news prose quotes people,
  addresses readers), rare in the official corpus, so the statistics would "correct" them.
- Words a document uses consistently (document_words): a two-character dictionary word the
  document writes at least twice is the writer's term, not a slip.
"""
from __future__ import annotations

import re

import numpy as np

# the common single-character surnames (about 97 % of the population) and compound ones
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池乐居于钮"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
                     "令狐", "宇文", "司徒", "西门", "夏侯", "端木", "独孤", "南宫", "万俟", "闻人")

# titles and forms of address that stand right before or after a person's name
TITLES = (
    "书记", "副书记", "主任", "副主任", "局长", "副局长", "县长", "副县长", "镇长", "副镇长", "乡长",
    "副乡长", "市长", "副市长", "省长", "副省长", "区长", "副区长", "村长", "部长", "副部长", "厅长",
    "副厅长", "处长", "副处长", "科长", "副科长", "所长", "站长", "院长", "副院长", "校长", "副校长",
    "主席", "副主席", "委员", "会长", "秘书长", "董事长", "总经理", "经理", "组长", "副组长", "队长",
    "社长", "支书", "同志", "先生", "女士", "教授", "院士", "研究员", "记者", "通讯员", "会计", "老师",
    "医生", "律师", "法官", "检察官", "警官", "民警", "辅警", "专家", "指导员", "网格员", "负责人",
    "联络员", "总理", "副总理", "主编", "编辑", "作者", "选手", "教练", "队员", "导演", "演员", "总裁",
    "行长", "副行长", "理事长", "馆长", "团长", "政委", "司令员", "检察长", "庭长", "审判员", "监事",
)
_TITLE_RE = "|".join(sorted({re.escape(t) for t in TITLES}, key=len, reverse=True))
# what follows a name that opens a clause (张强表示, 李红梅介绍说)
_SPEECH = "表示|指出|强调|介绍|认为|说|称|告诉|透露|坦言|回忆|谈到|提出|主持|出席|率队|一行|等人|等同志"
_SUR = "(?:" + "|".join(COMPOUND_SURNAMES) + "|[" + SURNAMES + "])"
_HAN = "(?:(?![等和及与的之])[\u4e00-\u9fff])"  # a given-name character
# a surname and one or two given-name characters
_NAME = f"{_SUR}{_HAN}{{1,2}}?"
_BOUND = r"(?:^|(?<=[，。；：、“”‘’（）《》\s,;:()]))"

_NAME_RES = (
    # 书记张三丰, 会计徐玥 (the title right before: the name is the next two or three characters)
    re.compile(f"(?:{_TITLE_RE})({_SUR}{_HAN}{_HAN}?)"),
    # 张三丰同志, 李强书记
    re.compile(f"({_SUR}{_HAN}{{1,2}}?)(?:{_TITLE_RE})"),
    # names in a 、-list: 王建国、李红梅、赵刚等 (a name on both sides of the 、)
    re.compile(f"{_BOUND}({_SUR}{_HAN}{_HAN}??)(?=、{_SUR}{_HAN}{_HAN}?(?:[、，。；,;等和及]|同志|$))"),
    re.compile(f"、({_SUR}{_HAN}{_HAN}??)(?=[、，。；,;等和及]|同志|$)"),
    # set off by full-width or doubled spaces (lists of signatories, 郭金严　　是公安局副局长)
    re.compile(f"(?:^|[\\s\u3000])({_SUR}{_HAN}{_HAN}?)(?=[\\s\u3000])"),
    # opening a clause before a speech verb: 张强表示, 李红梅介绍说
    re.compile(f"{_BOUND}({_SUR}{_HAN}{_HAN}?)(?={_SPEECH})"),
)

PRONOUNS = "你您她他它我咱"
_PRONOUN_RE = re.compile(f"[{PRONOUNS}]")


# a span whose surname ends a common word (公安局副局长: 安) or that starts with one (党员干部)
# is not a name: dictionary frequency at or above this (quantised, about 250)
_WORD_Q_NOT_NAME = 64


def name_spans(text: str, st=None) -> list[tuple[int, int]]:
    """Spans [start, end) of likely person names in name positions (with st: not where the
    surname belongs to a common dictionary word)."""
    spans = []
    for rx in _NAME_RES:
        for m in rx.finditer(text):
            a, b = m.start(1), m.end(1)
            if st is not None and _in_word(st, text, a):
                continue
            spans.append((a, b))
    return spans


def _in_word(st, text: str, a: int) -> bool:
    from .shared import _word_q

    return (_word_q(st, text[a:a + 2]) >= _WORD_Q_NOT_NAME
            or (a > 0 and _word_q(st, text[a - 1:a + 1]) >= _WORD_Q_NOT_NAME))


def guard_mask(text: str, st=None) -> np.ndarray:
    """Positions the statistical stages leave alone: likely person names and pronouns."""
    mask = np.zeros(len(text), dtype=bool)
    for a, b in name_spans(text, st):
        mask[a:b] = True
    for m in _PRONOUN_RE.finditer(text):
        mask[m.start()] = True
    return mask


def document_words(texts: list[str], st) -> set[str]:
    """Two-character dictionary words the document writes on at least two of its lines."""
    from collections import Counter

    from .hashing import hash_rows, text_codes

    cnt: Counter[str] = Counter()
    for t in texts:
        cnt.update({m.group() for m in _PAIR.finditer(t)}
                   | {m.group() for m in _PAIR.finditer(t[1:])})
    rep = [w for w, n in cnt.items() if n >= 2]
    if not rep:
        return set()
    q = st.word_lookup(hash_rows(text_codes("".join(rep)).reshape(-1, 2)))
    return {w for w, v in zip(rep, q.tolist()) if v > 0}


_PAIR = re.compile("[\u4e00-\u9fff]{2}")


def words_mask(text: str, words: set[str]) -> np.ndarray:
    mask = np.zeros(len(text), dtype=bool)
    if words:
        for i in range(len(text) - 1):
            if text[i:i + 2] in words:
                mask[i:i + 2] = True
    return mask

