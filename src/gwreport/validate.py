"""Validate facts against the genre schema and its cross-field checks; report every problem at once."""
from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any

import regex
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from jinja2 import TemplateError

from .errors import FactsError, GwError
from .facts import Facts, format_path
from .render import RUN_ERRORS, evaluate, render_string
from .schema_zh import rule_zh, schema_error_zh  # noqa: F401 (schema_error_zh re-exported)

if TYPE_CHECKING:  # annotations only: genre imports this module's messages lazily
    from .genre import Genre

_TYPE_CN = {"integer": "整数", "number": "数字", "string": "文字", "array": "列表",
            "object": "“字段: 值”的映射", "boolean": "是或否（true/false）", "null": "空值"}
_DATE_RE = re.compile(r"^(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?$")


def _shown(v: Any) -> str:
    if isinstance(v, str):
        return f"“{v}”"
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "空值"
    if isinstance(v, (list, dict)):
        return _TYPE_CN["array" if isinstance(v, list) else "object"]
    return str(v)


def _type_words(expected: Any, schema: dict) -> str:
    types = expected if isinstance(expected, list) else [expected]
    words = "或".join(_TYPE_CN.get(t, t) for t in types)
    if "integer" in types and schema.get("minimum", -1) >= 0:
        words = "非负整数"
    return words


def _message(err, genre: Genre) -> tuple[tuple, str]:
    """(path, Chinese message) for one jsonschema error."""
    path = tuple(err.absolute_path)
    v = err.validator
    sch = err.schema if isinstance(err.schema, dict) else {}
    if v == "type" and sch.get("format") == "date":
        return path, f"不是有效日期，应写作 2024-09-30，实际为{_shown(err.instance)}"
    if v == "type" and isinstance(err.instance, bool) and "string" in (
            err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]):
        return path, ("应为文字，实际被读成了“是/否”：YAML 把 yes、no、on、off、true、false 当作是/否，"
                      "作文字用时请加引号，如 \"yes\"")
    if v == "type" and err.validator_value == "object" and isinstance(err.instance, str):
        m = re.match(r"^\s*([A-Za-z_][\w.-]*)\s*(：|:(?=\S))", err.instance)
        if m:
            how = "用了中文冒号“：”，请改为英文冒号“:”并在后面加一个空格" if m.group(2) == "：" \
                else "英文冒号“:”后面缺少空格，应写作“字段: 值”"
            return path, f"{m.group(1)} 后面{how}"
    if v == "type":
        return path, f"应为{_type_words(err.validator_value, sch)}，实际为{_shown(err.instance)}"
    if v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        sub = path + (missing,)
        title = genre.field_title(sub)
        return sub, f"缺少必填字段{f'（{title}）' if title else ''}"
    if v == "additionalProperties":
        known = list((sch.get("properties") or {}).keys())
        extras = [k for k in err.instance if k not in known] if isinstance(err.instance, dict) else []
        msgs = []
        for key in extras:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            msgs.append(f"未知字段 {key}" + (f"，是否为 {close[0]}？" if close else "（该位置可用字段：" + "、".join(known) + "）"))
        return path + ((extras[0],) if len(extras) == 1 else ()), "；".join(msgs)
    if v == "minimum":
        return path, f"不能小于 {err.validator_value}，实际为{_shown(err.instance)}"
    if v == "maximum":
        return path, f"不能大于 {err.validator_value}，实际为{_shown(err.instance)}"
    if v == "exclusiveMinimum":
        return path, f"应大于 {err.validator_value}，实际为{_shown(err.instance)}"
    if v == "enum":
        return path, "应为以下之一：" + "、".join(map(str, err.validator_value)) + f"，实际为{_shown(err.instance)}"
    if v == "format" and err.validator_value == "date":
        return path, f"不是有效日期，应写作 2024-09-30，实际为{_shown(err.instance)}"
    if v == "minLength":
        return path, "不能为空" if err.validator_value <= 1 else f"至少 {err.validator_value} 个字，实际为{_shown(err.instance)}"
    if v == "maxLength":
        return path, f"不能超过 {err.validator_value} 个字"
    if v == "minItems":
        return path, f"至少要有 {err.validator_value} 项"
    if v == "maxItems":
        return path, f"最多 {err.validator_value} 项"
    if v == "pattern":
        hint = sch.get("description") or f"应符合格式 {err.validator_value}"
        return path, f"格式不对（{hint}），实际为{_shown(err.instance)}"
    return path, rule_zh(v, err.validator_value)


def _normalise_dates(data: Any, schema: dict) -> Any:
    """Accept 2024年9月30日 / 2024/9/30 / 2024.9.30 where the schema wants a date."""
    if isinstance(data, dict) and isinstance(schema, dict):
        props = schema.get("properties") or {}
        for k, v in list(data.items()):
            if k in props:
                data[k] = _normalise_dates(v, props[k])
    elif isinstance(data, list) and isinstance(schema, dict) and isinstance(schema.get("items"), dict):
        return [_normalise_dates(v, schema["items"]) for v in data]
    elif isinstance(data, str) and schema.get("format") == "date":
        m = _DATE_RE.match(data.strip().translate(_FULL_WIDTH_DIGITS))
        if m:
            return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    elif isinstance(data, str) and _wants_integer(schema):
        # "12" in quotes, or １２ typed with a Chinese input method: the clerk meant the number
        m = _INT_TEXT_RE.match(data.translate(_FULL_WIDTH_DIGITS))
        if m:
            return int(m.group(1))
    return data


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９－", "0123456789-")
_INT_TEXT_RE = re.compile(r"^\s*(-?\d{1,15})\s*$")


def _wants_integer(schema: dict) -> bool:
    t = schema.get("type")
    return t == "integer" or (isinstance(t, list) and "integer" in t and "string" not in t)


def _drop_blanks(data: Any, schema: Any) -> Any:
    """A key left with no value (`doc_number:` or `signer: ""`) means "not filled in", as a clerk
    who blanks out an optional line expects: drop it, so an optional field is simply absent and a
    required one is reported as missing. Blank list items (a lone "-") are dropped too."""
    if isinstance(data, dict):
        props = (schema.get("properties") or {}) if isinstance(schema, dict) else {}
        out = {}
        for k, v in data.items():
            if v is None or (isinstance(v, str) and not v.strip()):
                continue
            out[k] = _drop_blanks(v, props.get(k, {}))
        return out
    if isinstance(data, list):
        items = schema.get("items", {}) if isinstance(schema, dict) else {}
        return [_drop_blanks(v, items) for v in data if v is not None and not (isinstance(v, str) and not v.strip())]
    return data


class _PatternTimeout(Exception):
    pass


PATTERN_TIMEOUT = 1.0  # seconds per schema `pattern` match: a user genre's regex may backtrack forever


def _bounded_pattern(validator, pattern, instance, schema):
    """jsonschema's `pattern` keyword with a time limit (the stdlib re cannot be interrupted)."""
    if not validator.is_type(instance, "string"):
        return
    try:
        found = regex.search(pattern, instance, timeout=PATTERN_TIMEOUT)
    except TimeoutError:
        raise _PatternTimeout(pattern) from None
    if found is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_BoundedValidator = validators.extend(Draft202012Validator, {"pattern": _bounded_pattern})


def validate(facts: Facts, genre: Genre) -> None:
    """Raise FactsError listing every schema and cross-field problem, each with its location."""
    facts.data = _drop_blanks(facts.data, genre.schema)
    facts.data = _normalise_dates(facts.data, genre.schema)
    validator = _BoundedValidator(genre.schema, format_checker=FormatChecker())
    problems: list[tuple[tuple, str]] = []
    try:
        for err in validator.iter_errors(facts.data):
            if err.validator in ("anyOf", "oneOf", "allOf") and err.context:
                err = min(err.context, key=lambda e: len(e.absolute_path))
            problems.append(_message(err, genre))
    except (RecursionError, LookupError, TypeError, ValueError, Exception) as e:  # noqa: BLE001
        # the validator itself failed (unresolvable $ref, bad pattern…): the genre is at fault
        from .errors import GwError as _G
        if isinstance(e, _G):
            raise
        if isinstance(e, _PatternTimeout):
            raise GwError(f"体裁定义有误：{genre.genre_file} 的 schema 中的格式规则 pattern {str(e)[:60]!r} 过于复杂，"
                          f"核对一个值超过 {PATTERN_TIMEOUT:g} 秒仍未完成，请简化该规则") from None
        raise GwError(f"体裁定义有误：{genre.genre_file} 的 schema 无法用于核对事实"
                      f"（{'引用了无法解析的 $ref' if 'Unresolvable' in type(e).__name__ + str(e) else '规则无法执行'}）") from None
    if not problems:
        problems.extend(run_checks(facts, genre))
    if problems:
        lines = []
        seen = set()
        for path, msg in sorted(problems, key=lambda pm: (_line_of(facts, pm[0]), format_path(pm[0]))):
            text = f"{facts.where(path)} {format_path(path)}：{msg}"
            if text not in seen:
                seen.add(text)
                lines.append(text)
        raise FactsError(lines)


def _line_of(facts: Facts, path: tuple) -> int:
    p = tuple(path)
    while p and p not in facts.lines:
        p = p[:-1]
    return facts.lines.get(p, 0)


def run_checks(facts: Facts, genre: Genre) -> list[tuple[tuple, str]]:
    """Cross-field checks from genre.yaml; run only on schema-valid facts so types are sound."""
    from .render import derive
    out = []
    context = dict(facts.data)
    # a derived figure that fails on schema-valid facts is the genre's error: raised here,
    # with its genre.yaml line, not hidden behind a check that then misses the figure
    context.update(derive(genre, facts.data))
    for c in genre.checks:
        try:
            if c.when is not None and not evaluate(c.when, context):
                continue
            if evaluate(c.expr, context):
                continue
            msg = render_string(c.message, context)
        except RUN_ERRORS as e:
            # the genre's check failed to run on schema-valid facts: the genre is at fault
            from .render import _explain
            i = genre.checks.index(c)
            where = genre.source.where(("checks", i)) if genre.source else genre.genre_file
            raise GwError(f"体裁定义有误：{where} checks[{i + 1}]（{c.expr[:80]}）无法运行：{_explain(e)}") from None
        out.append((c.path, msg))
    return out
