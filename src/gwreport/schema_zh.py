"""JSON Schema failures in Chinese (jsonschema's own messages are English)."""
from __future__ import annotations

from typing import Any

_RULE_ZH = {
    "exclusiveMaximum": "应小于 {0}", "multipleOf": "应为 {0} 的整数倍", "const": "只能是 {0}",
    "uniqueItems": "各项不能重复", "minProperties": "至少要有 {0} 个字段", "maxProperties": "最多 {0} 个字段",
    "not": "不能是体裁定义排除的值", "contains": "列表中缺少符合要求的项", "minContains": "符合要求的项不够",
    "maxContains": "符合要求的项过多", "propertyNames": "字段名不符合要求", "dependentRequired": "缺少相关联的必填字段",
    "dependentSchemas": "与相关联的字段不一致", "if": "不符合条件要求", "then": "不符合条件要求", "else": "不符合条件要求",
    "anyOf": "不符合任何一种允许的写法", "oneOf": "应恰好符合一种允许的写法", "allOf": "不符合全部要求",
    "unevaluatedProperties": "有多余的字段", "unevaluatedItems": "有多余的列表项", "prefixItems": "列表项不符合要求",
    "items": "列表项不符合要求", "$ref": "不符合引用的定义", "format": "格式不对（应为 {0}）",
    "type": "类型不对（应为 {0}）", "minimum": "不能小于 {0}", "maximum": "不能大于 {0}",
    "exclusiveMinimum": "应大于 {0}", "minLength": "至少 {0} 个字", "maxLength": "不能超过 {0} 个字",
    "minItems": "至少要有 {0} 项", "maxItems": "最多 {0} 项", "pattern": "应符合格式 {0}", "enum": "应为以下之一：{0}",
    "required": "缺少必填字段 {0}", "additionalProperties": "有未定义的字段",
}


def rule_zh(validator: str, value: Any = None) -> str:
    """A JSON Schema keyword's failure in Chinese (never jsonschema's English message)."""
    shown = "、".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)[:60]
    return _RULE_ZH.get(validator, "不符合体裁定义的要求（{1}）").format(shown, validator)


def schema_error_zh(e) -> str:
    """Why a genre's own schema is not valid JSON Schema, in Chinese (for genre authors)."""
    v = getattr(e, "validator", "")
    inst = getattr(e, "instance", None)
    words = {"type": "类型不对", "minimum": "数值太小", "enum": "取值不在允许范围内", "format": "格式不对",
             "required": "缺少必需的项", "uniqueItems": "有重复项", "minItems": "项数太少",
             "additionalProperties": "有未定义的项", "pattern": "格式不对"}
    what = words.get(v, "不符合 JSON Schema 规范")
    return f"{what}（{v}: {str(getattr(e, 'validator_value', ''))[:40]}），实际为 {str(inst)[:40]}" if v else what
