"""Rule ids and pack names a configuration may name: unknown ones are errors, with the closest
valid id suggested (a typo such as GW999 or `select: [GX1]` must not silently switch rules off)."""
from __future__ import annotations

import difflib
from typing import Iterable

from ..errors import GwError


def known_rule_ids(engine) -> set[str]:
    """Every rule id of every registered family (gwreport.rules): packs (user packs included),
    code rules, spelling engines, layout GW9xx and families other modules register."""
    from ..rules import rule_table
    return set(engine.rules) | set(rule_table(engine.config))


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice nearest to word (case-insensitive); None only when there are no choices."""
    choices = sorted(set(choices))
    if not choices:
        return None
    up = {c.upper(): c for c in choices}
    if word.upper() in up:
        return up[word.upper()]
    m = difflib.get_close_matches(word.upper(), list(up), n=1, cutoff=0.0)
    if m:
        return up[m[0]]
    return choices[0]  # pragma: no cover


def is_prefix(word: str, ids: set[str]) -> bool:
    return any(i.startswith(word) for i in ids)


def unknown_id_message(where: str, word: str, ids: set[str], prefix_ok: bool) -> str:
    best = closest(word, ids)
    if not prefix_ok and is_prefix(word, ids):
        best = min(i for i in ids if i.startswith(word))
        return (f"{where}中的 {word} 不是完整的规则编号（这里要写完整编号，如 {best}）；"
                f"要按前缀开关一组规则，请用 select 或 ignore（例如 ignore: [{word}]）")
    kind = "规则编号或前缀" if prefix_ok else "规则编号"
    return f"{where}中的 {word} 不是已知的{kind}，是否为 {best}？可用 gwreport rules 查看全部规则编号"


def check_ids(words: Iterable[str], ids: set[str], where: str, prefix_ok: bool) -> None:
    for w in sorted(words):
        ok = (w in ids) or (prefix_ok and bool(w) and is_prefix(w, ids))
        if not ok:
            raise GwError(unknown_id_message(where, w, ids, prefix_ok), exit_code=2)


def validate_config(config, engine) -> None:
    """Raise GwError (exit 2) for an unknown rule id / prefix / pack name in the configuration."""
    rules_cfg = getattr(config, "rules", None) or {}
    sev = getattr(config, "severity", None) or {}
    select = getattr(config, "select", None) or set()
    ignore = getattr(config, "ignore", None) or set()
    packs_cfg = getattr(config, "packs", None) or {}
    if not (rules_cfg or sev or select or ignore or packs_cfg):
        return
    ids = known_rule_ids(engine)
    path = getattr(config, "path", None)
    src = f"配置文件 {path} " if path else "配置"
    check_ids(rules_cfg, ids, f"{src}rules ", prefix_ok=False)
    check_ids(sev, ids, f"{src}severity ", prefix_ok=False)
    check_ids(select, ids, f"{src}select ", prefix_ok=True)
    check_ids(ignore, ids, f"{src}ignore ", prefix_ok=True)
    names = {p.name for p in engine.packs}
    for name in sorted(packs_cfg):
        if name not in names:
            raise GwError(f"{src}packs 中的 {name} 不是已知的规则包，是否为 {closest(name, names)}？"
                          f"现有规则包：{'、'.join(sorted(names))}", exit_code=2)
