"""Character-for-character normalisation shared by the statistics builder and the checker.

Digits become 0 and Latin letters a (half- or full-width), so that 2023年 and 2024年 share
statistics. The mapping never changes the length of a string: positions stay valid.
"""
from __future__ import annotations

_TABLE: dict[int, str] = {}
for _c in "0123456789０１２３４５６７８９":
    _TABLE[ord(_c)] = "0"
for _c in ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
           "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"):
    _TABLE[ord(_c)] = "a"
_TABLE[ord("\t")] = " "
_TABLE[ord("\r")] = " "
_TABLE[ord("\u3000")] = " "


def normalise(text: str) -> str:
    return text.translate(_TABLE)
