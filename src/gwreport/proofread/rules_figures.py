"""GW8xx: figures in prose that contradict each other."""
from __future__ import annotations

import re

from .registry import code_rule
from re import compile as _rc  # plain re (the private _sre program cache is gone)

SRC = "DESIGN.md §4（数字核对）"
UNITS = "个家所份条项次批批次人名户处件台套座家次篇期场天类栏目"
_NUM = r"(\d+(?:,\d{3})*)"
_SENT_RE = _rc(r"[^。！？；\n]+[。！？；]?")
_TOTAL_RE = _rc(rf"(?:共|共计|总计|合计|累计|总共)(?:[^\d，。；]{{0,12}}?){_NUM}\s*([{UNITS}]+)")
_QIZHONG_RE = _rc(r"其中|分别为|分别是")
_PART_RE = _rc(rf"{_NUM}\s*([{UNITS}]+)")


def _int(s: str) -> int:
    return int(s.replace(",", ""))


@code_rule("GW801", "warning", "分项数字之和与所述总数不一致（共N个……其中A个、B个）", SRC)
def parts_sum(ctx):
    for u in ctx.units:
        t = u.text
        if "共" not in t and "计" not in t:
            continue
        for sm in _SENT_RE.finditer(t):
            sent = sm.group(0)
            base = sm.start()
            for tm in _TOTAL_RE.finditer(sent):
                total, unit = _int(tm.group(1)), tm.group(2)
                rest = sent[tm.end():tm.end() + 300]
                qm = _QIZHONG_RE.search(rest)
                if not qm or qm.start() > 12:
                    continue
                seg = rest[qm.end():]
                # stop before the next total statement or a nested 其中
                cut = [m.start() for m in (_TOTAL_RE.search(seg), _QIZHONG_RE.search(seg)) if m]
                if cut:
                    seg = seg[:min(cut)]
                if re.search(r"[%‰]|率|占|比例|平均|以上|以下|超过|不足|多[个家人户项]|余|约|近|左右", seg):
                    continue  # shares, approximations and overlapping categories
                parts = []
                prev_end = 0
                for p in _PART_RE.finditer(seg):
                    gap = seg[prev_end:p.start()]
                    if parts and (len(gap) > 14 or _NEW_CLAUSE.search(gap)):
                        break
                    if p.group(2) != unit:
                        break
                    parts.append(p)
                    prev_end = p.end()
                if len(parts) < 2:
                    continue
                sums = []
                acc = 0
                for p in parts:
                    acc += _int(p.group(1))
                    sums.append(acc)
                if total in sums[1:]:
                    continue
                total_parts = sums[-1]
                s = base + tm.start()
                e = base + tm.end() + qm.end() + parts[-1].end()
                nums = "+".join(p.group(1) for p in parts)
                ctx.add("GW801", u, s, e,
                        f"分项之和（{nums}={total_parts}{unit}）与总数（{total}{unit}）不一致，请核对")


_NEW_CLAUSE = _rc(r"发现|检查|排查|抽查|共|累计|合计|涉及|完成|同比|增长|另有|此外|新增|减少|其中|；")


_RATE_RE = _rc(r"([\u4e00-\u9fff]{2})率(?:为|达|达到|是|仅为|仅|约为)?\s*(\d+(?:\.\d+)?)\s*%")
_DENOM_RE = _rc(
    rf"(?:抽查|抽检|检查|排查|检测|核查|巡查|监测|发现|共有|共|共计|总计|合计|涉及|受理|收到|办理|"
    rf"评估|考核|普查|调查|暗访|督查)(?:[^\d，。；]{{0,10}}?){_NUM}\s*([{UNITS}]+)")
_NEG = ("不", "未")


def _decimals(s: str) -> int:
    return len(s.split(".", 1)[1]) if "." in s else 0


def _matches(count: int, total: int, stated: str) -> bool:
    if total <= 0:
        return True
    d = _decimals(stated)
    val = count * 100 / total
    p = float(stated)
    tol = 0.5 * 10 ** -d + 1e-9
    if abs(val - p) <= tol:
        return True
    # truncation instead of rounding is common and acceptable
    f = int(val * 10 ** d) / 10 ** d
    return abs(f - p) < 1e-9


@code_rule("GW802", "warning", "比率与计算它的数字不一致（如抽查N个、不合格M个、合格率P%）", SRC)
def rate_mismatch(ctx):
    for u in ctx.units:
        t = u.text
        if "率" not in t or "%" not in t:
            continue
        for sm in _SENT_RE.finditer(t):
            sent = sm.group(0)
            base = sm.start()
            for rm in _RATE_RE.finditer(sent):
                stem = rm.group(1)
                if stem[0] in _NEG:
                    continue
                head = sent[max(0, rm.start() - 200):rm.start()]
                dm = None
                for dm in _DENOM_RE.finditer(head):
                    pass
                if dm is None:
                    continue
                total, unit = _int(dm.group(1)), dm.group(2)
                between = head[dm.end():]
                count = None
                # positive count: 合格38个 / 已整改38个 / 38个合格
                pos = re.search(rf"(?<![不未非]){stem}(?:了)?[^\d，。；、]{{0,4}}?{_NUM}\s*{unit}"
                                rf"|{_NUM}\s*{unit}[^\d，。；、]{{0,4}}?(?<![不未非]){stem}", between)
                neg = re.search(rf"[不未非]{stem}(?:的)?[^\d，。；、]{{0,4}}?{_NUM}\s*{unit}"
                                rf"|{_NUM}\s*{unit}[^\d，。；、]{{0,4}}?[不未非]{stem}", between)
                if neg:
                    g = neg.group(1) or neg.group(2)
                    count = total - _int(g)
                elif pos:
                    g = pos.group(1) or pos.group(2)
                    count = _int(g)
                if count is None or count < 0 or count > total:
                    continue
                if _matches(count, total, rm.group(2)):
                    continue
                d = _decimals(rm.group(2))
                calc = f"{count * 100 / total:.{d}f}%"
                ctx.add("GW802", u, base + rm.start(), base + rm.end(),
                        f"{stem}率与数字不符：按{count}/{total}计算应为{calc}，文中为{rm.group(2)}%",
                        [f"{stem}率{calc}"])
