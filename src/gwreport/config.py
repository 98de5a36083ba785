"""`.gwreport.yaml`: project configuration found upward from the current folder (or --config).

    rules:       {GW309: off, GW103: on}       # single rules on/off
    packs:       {xinhua-optin: on}            # whole rule packs on/off
    severity:    {GW204: error}                # severity overrides
    allow:       [九洲大道, 杜家豪]             # words never reported (place and person names)
    extra_packs: [rules/my-office.yaml]        # user packs, relative to this file
    rule_packs:  [规则/本单位词表.xlsx]         # word lists as .xlsx/.csv (错误写法, 正确写法, 说明, 来源, 级别)
    spelling:    normal                        # strict | normal | off
    templates:   [my-genres]                   # extra genre folders (read by the build)
    layout_profile: windows                    # check's GB/T 9704 layout rules: gbt9704 | windows | file.yaml
    select:      [GW1, GW3]                    # only these rule ids/prefixes
    ignore:      [GW309]                       # never these
    check:       {...}                         # the same keys, nested (optional)

Keys read by other parts of gwreport are accepted and kept in Config.extra (OTHER_KEYS, the
documented allow list); any other key is an error with the closest valid key suggested
(`rule:` → 是否为 rules？), so a typo never silently disables a setting.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import os
from pathlib import Path
from typing import Any

from .errors import GwError

CONFIG_NAMES = (".gwreport.yaml", ".gwreport.yml")
SPELLING_LEVELS = ("strict", "normal", "off")
MAX_CONFIG_BYTES = 1_000_000

# keys this module reads, with an example for error messages
KEYS = {
    "rules": "rules: {GW309: off}",
    "packs": "packs: {phrasing: off}",
    "severity": "severity: {GW204: error}",
    "allow": "allow: [九洲大道, 杜家豪]",
    "extra_packs": "extra_packs: [rules/my-office.yaml]",
    "rule_packs": "rule_packs: [规则/本单位词表.xlsx]",
    "spelling": "spelling: normal",
    "templates": "templates: [my-genres]",
    "select": "select: [GW1, GW3]",
    "ignore": "ignore: [GW309]",
    "check": "check: {spelling: strict}",
}
# keys read by other parts of gwreport (kept in Config.extra); add one here when a part reads it
OTHER_KEYS = {
    # severe-error packs (gwreport.proofread.severe_data): {packs: [...], leaders: [...], banned_names: [...]}
    "severe": "严重表述错误规则包：severe: {packs: [rules/本省领导.yaml], leaders: [...], banned_names: [...]}",
    # also parsed into Config.layout_profile (YAML path resolved against this file)
    "layout_profile": "排版配置：gbt9704、windows 或 YAML 文件（gwreport.layout；check --profile 同义）",
}


@dataclass
class Config:
    path: Path | None = None
    rules: dict[str, bool] = field(default_factory=dict)
    packs: dict[str, bool] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    allow: set[str] = field(default_factory=set)
    extra_packs: list[Path] = field(default_factory=list)
    spelling: str = "normal"
    templates: list[Path] = field(default_factory=list)
    select: set[str] = field(default_factory=set)
    ignore: set[str] = field(default_factory=set)
    layout_profile: str | None = None  # gbt9704 | windows | path of a YAML profile (layout rules GW9xx)
    extra: dict[str, Any] = field(default_factory=dict)
    # the command line's --select / --ignore: a later layer than select/ignore above
    # (gwreport.rules documents the precedence)
    cli_select: set[str] = field(default_factory=set)
    cli_ignore: set[str] = field(default_factory=set)

    def cache_key(self) -> tuple:
        return (tuple(sorted(self.rules.items())), tuple(sorted(self.packs.items())),
                tuple(sorted(self.severity.items())), tuple(sorted(self.select)),
                tuple(sorted(self.ignore)), tuple(str(p) for p in self.extra_packs),
                repr(self.extra.get("severe")),
                tuple(sorted(self.cli_select)), tuple(sorted(self.cli_ignore)),
                # relative pack paths (severe.packs) are read against the config's folder: two
                # projects with the same wording must not share one engine's packs
                str(Path(self.path).resolve().parent) if self.path else None)


def _onoff(v: Any, where: str) -> bool:
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    if s in ("on", "true", "yes", "1", "开", "启用"):
        return True
    if s in ("off", "false", "no", "0", "关", "停用", "禁用"):
        return False
    raise GwError(f"{where} 的值 {v!r} 无效，应为 on 或 off")


def _str_list(v: Any, where: str, key: str = "") -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    if not isinstance(v, list):
        example = f"，例如 {KEYS[key]}" if key in KEYS else ""
        raise GwError(f"{where} 应为列表{example}")
    return [str(x) for x in v if x is not None]


def find_config(start: Path | None = None) -> Path | None:
    d = (start or Path.cwd()).resolve()
    if d.is_file():
        d = d.parent
    for folder in (d, *d.parents):
        for name in CONFIG_NAMES:
            p = folder / name
            # anything there but a folder is the config (a FIFO or a link to a device is then
            # refused by the safe reader, not silently skipped)
            if os.path.lexists(p) and not p.is_dir():
                return p
    return None


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Read the explicit file, else the nearest .gwreport.yaml upward from start (default: cwd).

    No file found → the defaults. A broken file → GwError naming the file and the key.
    """
    path = Path(explicit) if explicit is not None else find_config(start)
    if path is None:
        return Config()
    from .errors import FactsError, InputError
    from .facts import parse_yaml_text
    from .safeio import read_input_text

    where = str(path)
    try:
        raw = read_input_text(path, MAX_CONFIG_BYTES, "配置文件", encodings=("utf-8-sig",))
        data = parse_yaml_text(raw, f"配置文件 {where}")[0]
    except FactsError as e:
        raise GwError(e.problems[0] if e.problems else e.message) from None
    except InputError as e:
        raise GwError(e.message if "配置文件" in e.message else f"配置文件 {e.message}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise GwError(f"配置文件 {where} 的顶层应为映射（键: 值）")
    # allow a nested `check:` section too
    if data.get("check") is not None and not isinstance(data.get("check"), dict):
        raise GwError(f"配置文件 {where} 中 check 应为映射，例如 {KEYS['check']}")
    if isinstance(data.get("check"), dict):
        data = {**data, **data["check"]}
    base = path.resolve().parent
    cfg = Config(path=path)
    for key, value in data.items():
        if key in OTHER_KEYS:
            cfg.extra[key] = value
        elif key not in KEYS:
            raise GwError(_unknown_key_message(where, key))
    for key in ("rules", "packs"):
        v = data.get(key) or {}
        if not isinstance(v, dict):
            raise GwError(f"配置文件 {where} 中 {key} 应为映射，例如 {KEYS[key]}")
        getattr(cfg, key).update({str(k): _onoff(x, f"配置文件 {where} 中 {key}.{k}")
                                  for k, x in v.items()})
    sev = data.get("severity") or {}
    if not isinstance(sev, dict):
        raise GwError(f"配置文件 {where} 中 severity 应为映射，例如 {KEYS['severity']}")
    for k, x in sev.items():
        if x not in ("error", "warning", "info"):
            raise GwError(f"配置文件 {where} 中 severity.{k} 的值 {x!r} 无效，应为 error、warning 或 info")
        cfg.severity[str(k)] = x
    cfg.allow = set(_str_list(data.get("allow"), f"配置文件 {where} 中 allow", "allow"))
    cfg.extra_packs = [(base / p) for p in _str_list(data.get("extra_packs"), f"配置文件 {where} 中 extra_packs", "extra_packs")]
    for p in _str_list(data.get("rule_packs"), f"配置文件 {where} 中 rule_packs", "rule_packs"):
        if Path(p).suffix.lower() not in (".xlsx", ".xlsm", ".csv", ".tsv", ".yaml", ".yml"):
            raise GwError(f"配置文件 {where} 中 rule_packs 的 {p} 应为 .xlsx 或 .csv 词表（或 .yaml 规则包）")
        if not (base / p).is_file():
            raise GwError(f"配置文件 {where} 中 rule_packs 的词表 {p} 不存在（相对于 {base}）")
        cfg.extra_packs.append(base / p)
    cfg.templates = [(base / p) for p in _str_list(data.get("templates"), f"配置文件 {where} 中 templates", "templates")]
    cfg.select = set(_str_list(data.get("select"), f"配置文件 {where} 中 select", "select"))
    cfg.ignore = set(_str_list(data.get("ignore"), f"配置文件 {where} 中 ignore", "ignore"))
    lp = data.get("layout_profile")
    if lp is not None:
        if not isinstance(lp, str) or not lp.strip():
            raise GwError(f"配置文件 {where} 中 layout_profile 应为 gbt9704、windows 或 YAML 文件路径，"
                          "例如 layout_profile: windows")
        cfg.layout_profile = resolve_layout_profile(lp.strip(), base, f"配置文件 {where} 中 layout_profile")
    sp = data.get("spelling", "normal")
    if sp is False:
        sp = "off"
    if sp not in SPELLING_LEVELS:
        raise GwError(f"配置文件 {where} 中 spelling 的值 {sp!r} 无效，应为 strict、normal 或 off")
    cfg.spelling = sp
    return cfg


def _unknown_key_message(where: str, key: Any) -> str:
    import difflib
    valid = sorted(set(KEYS) | set(OTHER_KEYS))
    near = difflib.get_close_matches(str(key).lower(), valid, n=1, cutoff=0.6)
    if near:
        return f"配置文件 {where} 中有未知配置项 {key}，是否为 {near[0]}？（例如 {KEYS.get(near[0], near[0] + ': …')}）"
    return f"配置文件 {where} 中有未知配置项 {key}；可用的配置项：{'、'.join(valid)}"


def resolve_layout_profile(spec: str, base: Path | None, where: str) -> str:
    """A built-in profile name as is; a YAML profile as a path (relative to base); checked now,
    so a wrong name fails before any file is read."""
    from .profile import BUILTIN, load_profile
    if spec in BUILTIN:
        return spec
    p = Path(spec)
    if base is not None and not p.is_absolute():
        p = base / p
    try:
        load_profile(str(p))
    except GwError as e:
        raise GwError(f"{where}：{e.message}") from None
    return str(p)
