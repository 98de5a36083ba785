"""Vale-like YAML rule packs: substitution, existence, repetition.

A pack file:

    pack: lexicon                 # name (defaults to the file stem)
    description: 常见错别字
    default: on                   # pack on/off by default
    rules:
      - id: GW101
        type: substitution        # substitution | existence | repetition
        severity: error
        description: 常见错别字（默认词表）
        source: YWJZ100
        message: 疑似错别字：“{match}”应为“{replace}”
        safe_fix: false
        default: on
        regex: false              # entries are literals unless true
        swap:                     # substitution entries
          - {match: 按装, replace: 安装, source: YWJZ100}
          - {match: 截止, replace: 截至, after: '\\d{4}年', source: CURATED-CONTEXT}
        # existence: tokens: [{match: ..., message: ..., source: ...}] (or plain strings)
        # repetition: chars: 的了在是, allow: [...], min_len/max_len for word repeats
Per-entry context keys (all regexes): before (must end right before the match),
after (must start right after it), not_before, not_after, unless_sentence (skip when the
sentence around the match matches, e.g. a year before an institution was renamed).
Literal entries from all packs are compiled into one trie regex for a single scan.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import GwError
from .pack_types import Entry, Pack, PackRule  # noqa: F401 (re-exported: engine, tests)
from .registry import Rule
from re import compile as _rc  # plain re (the private _sre program cache is gone)

TYPES = ("substitution", "existence", "repetition")
SEVERITIES = ("error", "warning", "info")


def _bool(v: Any, default: bool) -> bool:
    if v is None:
        return default
    if isinstance(v, bool):
        return v
    return str(v).strip().lower() in ("on", "true", "yes", "1", "开", "启用")


def _compile(rx: str, where: str, anchored_end: bool = False) -> re.Pattern:
    try:
        return _rc(f"(?:{rx})$" if anchored_end else rx)
    except re.error as e:
        from ..sanitize import regex_error_zh
        raise GwError(f"规则包 {where} 中的正则表达式有误：{rx!r}（{regex_error_zh(e)}）") from None


def _cache_dir() -> Path | None:
    from ..safeio import cache_dir
    return cache_dir("packs")


def _parse_yaml(raw: str, where: str, cacheable: bool):
    """Parse a pack; built-in packs are cached as JSON keyed by their content hash (cold start)."""
    import hashlib
    import json
    cache = None
    if cacheable:
        d = _cache_dir()
        if d is not None:
            cache = d / (hashlib.sha1(raw.encode("utf-8")).hexdigest() + ".json")
            try:
                return json.loads(cache.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass
    import yaml
    if not cacheable:  # a user's pack: the one guarded loader (aliases, depth, tags, lines)
        from ..errors import FactsError
        from ..facts import parse_yaml_text
        try:
            return parse_yaml_text(raw, f"规则包 {where}")[0]
        except FactsError as e:
            raise GwError(e.problems[0] if e.problems else e.message) from None
    try:
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        pos = f"第 {mark.line + 1} 行" if mark else ""
        raise GwError(f"规则包 {where} {pos}不是合法的 YAML，无法解析") from None
    if cache is not None:
        from ..safeio import write_cache_file
        write_cache_file(cache, json.dumps(data, ensure_ascii=False, default=str).encode("utf-8"))
    return data


def load_pack(path: Path, *, user: bool = False, index: int = 1) -> Pack:
    if user and Path(path).suffix.lower() in (".xlsx", ".xlsm", ".csv", ".tsv"):
        from .table_packs import load_table_pack  # an office's word list in Excel/CSV
        return load_table_pack(Path(path), index)
    where = str(path)
    try:
        if user:
            from ..safeio import read_input
            raw = read_input(path, 20_000_000, "规则包").decode("utf-8-sig")
        else:
            raw = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        from ..safeio import os_error_cn
        raise GwError(f"无法读取规则包 {where}：{os_error_cn(e, 'read')}") from None
    except UnicodeDecodeError:
        raise GwError(f"规则包 {where} 不是 UTF-8 编码的文本文件") from None
    data = _parse_yaml(raw, where, cacheable=not user)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise GwError(f"规则包 {where} 格式有误：顶层应为映射，并包含 rules 列表")
    name = str(data.get("pack") or path.stem)
    rules: list[PackRule] = []
    for i, item in enumerate(data["rules"], 1):
        rules.append(_load_rule(item, f"{where} 第 {i} 条规则", name, user))
    return Pack(name, path, str(data.get("description") or ""),
                _bool(data.get("default"), True), rules)


def _load_rule(item: Any, where: str, pack: str, user: bool) -> PackRule:
    if not isinstance(item, dict):
        raise GwError(f"{where} 应为映射（id、type、……）")
    rid = str(item.get("id") or "").strip()
    if not rid:
        raise GwError(f"{where} 缺少 id")
    where = f"{where}（{rid}）"
    typ = item.get("type")
    if typ not in TYPES:
        raise GwError(f"{where} 的类型 {typ!r} 未知，应为 substitution、existence 或 repetition 之一")
    sev = item.get("severity", "warning")
    if sev not in SEVERITIES:
        raise GwError(f"{where} 的 severity {sev!r} 无效，应为 error、warning 或 info")
    safe = _bool(item.get("safe_fix"), False)
    rule = Rule(rid, sev, str(item.get("description") or item.get("message") or rid),
                str(item.get("source") or ("用户规则" if user else "")), safe,
                _bool(item.get("default"), True), pack, typ)
    message = str(item.get("message") or rule.description)
    pr = PackRule(rule, message)
    is_regex = _bool(item.get("regex"), False)
    if typ == "repetition":
        pr.options = {k: v for k, v in item.items() if k not in ("id", "type")}
        for key in ("allow", "allow_context"):
            if key in pr.options and not isinstance(pr.options[key], list):
                raise GwError(f"{where} 的 {key} 应为列表")
        return pr
    key = "swap" if typ == "substitution" else "tokens"
    rows = item.get(key)
    if not isinstance(rows, list) or not rows:
        raise GwError(f"{where} 缺少 {key} 列表")
    roles = item.get("roles")
    for j, row in enumerate(rows, 1):
        w = f"{where} 的第 {j} 个条目"
        if isinstance(row, str):
            row = {"match": row}
        if not isinstance(row, dict) or not row.get("match"):
            raise GwError(f"{w} 缺少 match")
        rep = row.get("replace", [])
        if isinstance(rep, str):
            rep = [r for r in re.split(r"[；;]", rep) if r]
        if typ == "substitution" and not rep:
            raise GwError(f"{w} 缺少 replace")
        r_roles = row.get("roles", roles)
        e = Entry(
            match=str(row["match"]), replace=[str(r) for r in rep],
            message=row.get("message"), source=str(row.get("source") or rule.source),
            before=_compile(row["before"], w, True) if row.get("before") else None,
            after=_compile(row["after"], w) if row.get("after") else None,
            not_before=_compile(row["not_before"], w, True) if row.get("not_before") else None,
            not_after=_compile(row["not_after"], w) if row.get("not_after") else None,
            roles=frozenset(r_roles) if r_roles else None,
            unless_sentence=_compile(row["unless_sentence"], w) if row.get("unless_sentence") else None,
        )
        e.fix = safe and len(e.replace) == 1 and not e.replace[0].startswith("（")
        if _bool(row.get("regex"), is_regex):
            pr.regex_entries.append((_compile(e.match, w), e))
        else:
            pr.entries.append(e)
    return pr


def builtin_pack_paths() -> list[Path]:
    from ..resources import corpora_dir
    d = corpora_dir() / "rules"
    return sorted(d.glob("*.yaml")) if d.is_dir() else []


# ---- trie regex: one pass over the text for every literal entry ----

def trie_regex(words: list[str]) -> str:
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        alts = []
        for ch in sorted(k for k in node if k):
            alts.append(re.escape(ch) + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            # greedy optional: the longer continuation is tried first
            return f"(?:{body})?" if len(alts) > 1 or len(body) > 1 else f"{body}?"
        return body

    return build(trie)
