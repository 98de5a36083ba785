"""Layout profiles: which font names and sizes a GB/T 9704 document uses.

GB/T 9704-2012 names only the typeface category (小标宋, 仿宋, 黑体, 楷体); offices write the
font names their machines have.  The default profile uses the names most templates require
(方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312); the "windows" profile uses the fonts that come
with Windows itself (仿宋, 楷体, 黑体, 宋体).  A profile can also be read from a YAML file whose
keys are the field names below (unknown keys are an error, so typos do not pass silently).

Sizes are in points (3号 = 16 pt, 2号 = 22 pt, 4号 = 14 pt); lengths in millimetres.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import InputError

# Chinese size names for messages (GB/T 9704 speaks in 号).
SIZE_NAMES = {42.0: "初号", 36.0: "小初", 26.0: "一号", 24.0: "小一", 22.0: "二号", 18.0: "小二",
              16.0: "三号", 15.0: "小三", 14.0: "四号", 12.0: "小四", 10.5: "五号", 9.0: "小五"}


def size_name(pt: float | None) -> str:
    if pt is None:
        return "未设置"
    name = SIZE_NAMES.get(float(pt))
    num = f"{pt:g}磅"
    return f"{name}（{num}）" if name else num


@dataclass(frozen=True)
class Profile:
    name: str = "gbt9704"
    # fonts (East Asian names; Latin letters and digits use the same font unless latin_font is set)
    title_font: str = "方正小标宋简体"
    body_font: str = "仿宋_GB2312"
    heading1_font: str = "黑体"
    heading2_font: str = "楷体_GB2312"
    heading3_font: str = "仿宋_GB2312"
    heading4_font: str = "仿宋_GB2312"
    signer_name_font: str = "楷体_GB2312"  # 签发人姓名 (GB/T 9704 §7.2.4)
    page_number_font: str = "宋体"
    latin_font: str | None = None
    # sizes in pt
    title_size: float = 22.0
    body_size: float = 16.0
    heading_size: float = 16.0
    page_number_size: float = 14.0
    colophon_size: float = 14.0  # 版记 4号
    table_size: float = 14.0  # table cells: 3号 or smaller
    # 发文机关标志 (red 小标宋; the standard leaves its size to the office: 初号, narrowed to fit)
    mark_font: str = "方正小标宋简体"
    mark_size: float = 42.0
    mark_color: str = "FF0000"
    title_bold: bool = False
    heading3_bold: bool = True
    # page (mm)
    page_width: float = 210.0
    page_height: float = 297.0
    margin_top: float = 37.0
    margin_bottom: float = 35.0
    margin_left: float = 28.0
    margin_right: float = 26.0
    # grid
    lines_per_page: int = 22
    chars_per_line: int = 28
    # layout audit: compare font names exactly instead of by typeface category (仿宋/楷体/…)
    strict_font_names: bool = False
    # tolerance used by the layout audit
    margin_tolerance: float = 1.0  # mm (GB/T 9704 gives ±1 mm for 天头 and 订口)

    # ---- derived values -------------------------------------------------------------
    @property
    def text_width_mm(self) -> float:
        return self.page_width - self.margin_left - self.margin_right

    @property
    def text_height_mm(self) -> float:
        return self.page_height - self.margin_top - self.margin_bottom

    @property
    def line_pitch_twips(self) -> int:
        """Exact line spacing: the type area height divided by the lines a page, rounded down
        so that the lines always fit (578 twips = 28.9 pt for 225 mm / 22 lines)."""
        return int(self.text_height_mm / 25.4 * 1440 / self.lines_per_page)

    @property
    def line_pitch_pt(self) -> float:
        return self.line_pitch_twips / 20

    def font_for(self, role: str) -> str:
        return {
            "title": self.title_font,
            "heading1": self.heading1_font,
            "heading2": self.heading2_font,
            "heading3": self.heading3_font,
            "heading4": self.heading4_font,
            "page_number": self.page_number_font,
        }.get(role, self.body_font)

    def size_for(self, role: str) -> float:
        if role == "title":
            return self.title_size
        if role.startswith("heading"):
            return self.heading_size
        if role in ("cc", "printer"):
            return self.colophon_size
        if role == "table_cell":
            return self.table_size
        if role == "page_number":
            return self.page_number_size
        return self.body_size

    def bold_for(self, role: str) -> bool:
        if role == "title":
            return self.title_bold
        if role == "heading3":
            return self.heading3_bold
        return False

    # ---- loading ------------------------------------------------------------------------
    @classmethod
    def from_mapping(cls, data: dict[str, Any], *, source: str = "", base: "Profile | None" = None
                     ) -> "Profile":
        base = base or cls()
        known = {f.name: f for f in fields(cls)}
        changes: dict[str, Any] = {}
        problems: list[str] = []
        where = f"{source}：" if source else ""
        for key, value in data.items():
            if key == "base":
                continue
            f = known.get(key)
            if f is None:
                import difflib

                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f"，是否为 {close[0]}？" if close else ""
                problems.append(f"{where}未知字段 {key}{hint}")
                continue
            current = getattr(base, key)
            if isinstance(current, bool) or f.type in ("bool",):
                if not isinstance(value, bool):
                    problems.append(f"{where}{key}：应为 true 或 false，实际为“{value}”")
                    continue
            elif isinstance(current, (int, float)) and not isinstance(current, bool):
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                    problems.append(f"{where}{key}：应为正数，实际为“{value}”")
                    continue
                value = int(value) if isinstance(current, int) else float(value)
            elif value is not None and not isinstance(value, str):
                problems.append(f"{where}{key}：应为字体名称（文字），实际为“{value}”")
                continue
            changes[key] = value
        if problems:
            raise InputError("\n".join(problems))
        return replace(base, **changes)


WINDOWS = Profile(
    name="windows",
    title_font="宋体",
    title_bold=True,
    body_font="仿宋",
    heading1_font="黑体",
    heading2_font="楷体",
    heading3_font="仿宋",
    heading4_font="仿宋",
    signer_name_font="楷体",
    page_number_font="宋体",
    mark_font="宋体",
)

BUILTIN: dict[str, Profile] = {"gbt9704": Profile(), "default": Profile(), "windows": WINDOWS}

_MAX_PROFILE_BYTES = 64 * 1024


def load_profile(spec: str | Path | None = None) -> Profile:
    """A built-in profile by name ("gbt9704", "windows") or a YAML file path.

    A YAML profile may say `base: windows` to start from a built-in profile.
    """
    if spec is None or spec == "":
        return BUILTIN["gbt9704"]
    if isinstance(spec, Profile):
        return spec
    key = str(spec)
    if key in BUILTIN:
        return BUILTIN[key]
    path = Path(key)
    if not path.is_file():
        names = "、".join(k for k in BUILTIN if k != "default")
        raise InputError(f"找不到排版配置 {key}：应为内置配置名（{names}）或 YAML 文件路径")
    from .errors import FactsError
    from .facts import load_yaml_file
    try:
        data = load_yaml_file(path, "排版配置文件", _MAX_PROFILE_BYTES) or {}
    except FactsError as exc:
        raise InputError(exc.problems[0] if exc.problems else exc.message) from None
    if not isinstance(data, dict):
        raise InputError(f"{path}：排版配置应为“字段: 值”的映射")
    base_name = data.get("base", "gbt9704")
    if base_name not in BUILTIN:
        raise InputError(f"{path}：base 应为 {'、'.join(BUILTIN)} 之一，实际为“{base_name}”")
    prof = Profile.from_mapping(data, source=str(path), base=BUILTIN[base_name])
    if "name" not in data:
        prof = replace(prof, name=path.stem)
    return prof
