"""Data packs of the severe-error family (严重表述错误, GW0xx): corpora/severe/*.yaml plus the
user's own packs and inline entries (`severe:` in .gwreport.yaml).

    load_severe(config) -> SevereData   (cached per configuration)

Pack kinds, told apart by their top-level keys: leaders (leaders/former), formulations
(formulations/enumerations), bodies (names/wrong/meetings), banned names (names of dicts with
`note`). A user pack may hold any of these keys; its entries are added to the built-in ones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GwError

MAX_PACK_BYTES = 2_000_000
SEVERE_KEYS = {"packs", "leaders", "banned_names"}


@dataclass
class Leader:
    name: str
    titles: tuple[str, ...]
    former_titles: tuple[str, ...] = ()
    rank: int | None = None
    kind: str = "current"  # current | former | user
    source: str = ""
    checked: str = ""


@dataclass
class Formulation:
    canonical: str
    source: str
    wrong: dict[str, str] = field(default_factory=dict)  # wrong form -> note
    also_correct: tuple[str, ...] = ()


@dataclass
class Enumeration:
    name: str
    groups: list[list[tuple[str, ...]]]  # each group: members, each member: accepted spellings
    source: str


@dataclass
class BodyName:
    name: str
    any_char: bool
    source: str


@dataclass
class Meeting:
    pattern: re.Pattern
    replace: str
    message: str
    source: str


@dataclass
class Banned:
    name: str
    note: str
    source: str


@dataclass
class SevereData:
    leaders: list[Leader] = field(default_factory=list)
    formulations: list[Formulation] = field(default_factory=list)
    enumerations: list[Enumeration] = field(default_factory=list)
    bodies: list[BodyName] = field(default_factory=list)
    body_wrong: dict[str, str] = field(default_factory=dict)
    meetings: list[Meeting] = field(default_factory=list)
    banned: list[Banned] = field(default_factory=list)
    as_of: dict[str, str] = field(default_factory=dict)  # pack name -> as_of date
    sources: dict[str, str] = field(default_factory=dict)


def builtin_dir() -> Path:
    from ..resources import corpora_dir
    return corpora_dir() / "severe"


def _s(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _list(v: Any, where: str) -> list:
    if v is None:
        return []
    if isinstance(v, (str, dict)):
        return [v]
    if not isinstance(v, list):
        raise GwError(f"{where} 应为列表")
    return v


def _read_yaml(path: Path, user: bool = False) -> dict:
    import yaml
    from ..safeio import read_input_text
    where = str(path)
    # the shared safe reader: regular files only, size-capped, Chinese messages naming the file
    raw = read_input_text(path, MAX_PACK_BYTES, "严重表述错误规则包", encodings=("utf-8-sig",))
    if user:  # a user's pack: the one guarded YAML loader (aliases, depth, tags, lines)
        from ..errors import FactsError
        from ..facts import parse_yaml_text
        try:
            data = parse_yaml_text(raw, f"严重表述错误规则包 {where}", check_dups=False)[0]
        except FactsError as e:
            raise GwError(e.problems[0] if e.problems else e.message) from None
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise GwError(f"严重表述错误规则包 {where} 的顶层应为映射（键: 值）")
        return data
    try:
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (safe loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise GwError(f"严重表述错误规则包 {where} {at}不是有效的 YAML，无法解析") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise GwError(f"严重表述错误规则包 {where} 的顶层应为映射（键: 值）")
    return data


def _leader(d: Any, kind: str, where: str) -> Leader:
    if isinstance(d, str):
        d = {"name": d}
    if not isinstance(d, dict) or not _s(d.get("name")):
        raise GwError(f"{where} 的每一项都要有 name（姓名），例如 - {{name: 张三, titles: [省长]}}")
    rank = d.get("rank")
    if rank is not None and not isinstance(rank, int):
        raise GwError(f"{where} 中 {d['name']} 的 rank 应为整数")
    return Leader(_s(d["name"]), tuple(_s(t) for t in _list(d.get("titles"), f"{where}.titles") if _s(t)),
                  tuple(_s(t) for t in _list(d.get("former_titles"), f"{where}.former_titles") if _s(t)),
                  rank, kind, _s(d.get("source")), _s(d.get("checked")))


def _members(v: Any) -> tuple[str, ...]:
    return tuple(_s(x) for x in v) if isinstance(v, list) else (_s(v),)


def _merge(data: SevereData, pack: dict, where: str, user: bool) -> None:
    name = _s(pack.get("pack")) or Path(where).stem
    if pack.get("as_of") is not None:
        data.as_of[name] = _s(pack.get("as_of"))
    src = pack.get("sources") or {}
    if isinstance(src, dict):
        data.sources.update({_s(k): _s(v) for k, v in src.items()})
    for d in _list(pack.get("leaders"), f"{where} 中 leaders"):
        data.leaders.append(_leader(d, "user" if user else "current", f"{where} 中 leaders"))
    for d in _list(pack.get("former"), f"{where} 中 former"):
        data.leaders.append(_leader(d, "former", f"{where} 中 former"))
    for d in _list(pack.get("formulations"), f"{where} 中 formulations"):
        if not isinstance(d, dict) or not _s(d.get("canonical")):
            raise GwError(f"{where} 中 formulations 的每一项都要有 canonical（规范写法）")
        wrong = d.get("wrong") or {}
        if isinstance(wrong, list):
            wrong = {_s(w): "" for w in wrong}
        data.formulations.append(Formulation(_s(d["canonical"]), _s(d.get("source")),
                                             {_s(k): _s(v) for k, v in wrong.items()},
                                             tuple(_s(x) for x in _list(d.get("also_correct"), where))))
    for d in _list(pack.get("enumerations"), f"{where} 中 enumerations"):
        if not isinstance(d, dict) or not _s(d.get("name")):
            raise GwError(f"{where} 中 enumerations 的每一项都要有 name 和 members")
        groups = d.get("groups") or [d.get("members") or []]
        gs = [[_members(m) for m in g] for g in groups if isinstance(g, list)]
        if not any(len(g) >= 2 for g in gs):
            raise GwError(f"{where} 中 enumerations 的 {d['name']} 至少要有两个成员")
        data.enumerations.append(Enumeration(_s(d["name"]), gs, _s(d.get("source"))))
    # `names:` lists banned names in a banned-names pack, national body names elsewhere
    banned_pack = _s(pack.get("pack")) == "banned_names"
    for d in _list(pack.get("names"), f"{where} 中 names"):
        nm = _s(d.get("name")) if isinstance(d, dict) else _s(d)
        if not nm:
            continue
        if banned_pack:
            data.banned.append(Banned(nm, _s(d.get("note")) if isinstance(d, dict) else "",
                                      _s(d.get("source")) if isinstance(d, dict) else where))
        else:
            data.bodies.append(BodyName(nm, bool(isinstance(d, dict) and d.get("any_char")),
                                        _s(d.get("source")) if isinstance(d, dict) else ""))
    for d in _list(pack.get("banned_names"), f"{where} 中 banned_names"):
        nm = _s(d.get("name")) if isinstance(d, dict) else _s(d)
        if nm:
            data.banned.append(Banned(nm, _s(d.get("note")) if isinstance(d, dict) else "",
                                      _s(d.get("source")) if isinstance(d, dict) else where))
    wrong = pack.get("wrong") or {}
    if isinstance(wrong, dict):
        data.body_wrong.update({_s(k): _s(v) for k, v in wrong.items() if _s(k)})
    for d in _list(pack.get("meetings"), f"{where} 中 meetings"):
        if not isinstance(d, dict) or not _s(d.get("match")):
            raise GwError(f"{where} 中 meetings 的每一项都要有 match（正则）")
        try:
            rx = re.compile(_s(d["match"]))
        except re.error as e:
            from ..sanitize import regex_error_zh
            raise GwError(f"{where} 中 meetings 的正则 {d['match']!r} 无效：{regex_error_zh(e)}") from None
        data.meetings.append(Meeting(rx, _s(d.get("replace")), _s(d.get("message")), _s(d.get("source"))))


def _user_section(config) -> tuple[dict, Path | None]:
    extra = getattr(config, "extra", None) or {}
    sec = extra.get("severe")
    path = getattr(config, "path", None)
    where = f"配置文件 {path} 中 severe" if path else "配置 severe"
    if sec is None:
        return {}, None
    if not isinstance(sec, dict):
        raise GwError(f"{where} 应为映射，例如 severe: {{packs: [rules/本省领导.yaml]}}")
    bad = sorted(set(map(str, sec)) - SEVERE_KEYS)
    if bad:
        raise GwError(f"{where} 中的 {bad[0]} 不是已知的键；可用的键：{'、'.join(sorted(SEVERE_KEYS))}")
    return sec, (Path(path).resolve().parent if path else None)


_CACHE: dict[tuple, SevereData] = {}


def _key(config) -> tuple:
    sec, base = _user_section(config)
    files = []
    for p in _list(sec.get("packs"), "severe.packs"):
        fp = (base / str(p)) if base is not None else Path(str(p))
        try:
            files.append((str(fp), fp.stat().st_mtime_ns))
        except OSError:
            files.append((str(fp), None))
    return (repr(sec.get("leaders")), repr(sec.get("banned_names")), tuple(files))


def load_severe(config=None) -> SevereData:
    key = _key(config)
    data = _CACHE.get(key)
    if data is not None:
        return data
    data = SevereData()
    d = builtin_dir()
    for p in sorted(d.glob("*.yaml")) if d.is_dir() else []:
        _merge(data, _read_yaml(p), str(p), user=False)
    sec, base = _user_section(config)
    for p in _list(sec.get("packs"), "severe.packs"):
        fp = (base / str(p)) if base is not None else Path(str(p))
        _merge(data, _read_yaml(fp, user=True), str(fp), user=True)
    where = "配置 severe"
    if sec.get("leaders") is not None or sec.get("banned_names") is not None:
        _merge(data, {"pack": "config", "leaders": sec.get("leaders"),
                      "banned_names": sec.get("banned_names")}, where, user=True)
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[key] = data
    return data


def leaders_as_of(config=None) -> str:
    """The as_of date of the built-in leaders pack (shown by `gwreport rules` and in JSON)."""
    try:
        return load_severe(config).as_of.get("leaders", "")
    except GwError:
        return ""
