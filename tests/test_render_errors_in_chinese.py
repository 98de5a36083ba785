"""Template/expression failures in a (user) genre are explained in Chinese."""
import pytest
from jinja2 import TemplateRuntimeError
from jinja2.sandbox import SecurityError

from gwreport.render import _explain


@pytest.mark.parametrize("exc, words", [
    (TypeError("unsupported operand type(s) for +: 'int' and 'str'"), "整数"),
    (TypeError("'<' not supported between instances of 'str' and 'int'"), "文字"),
    (SecurityError("access to attribute '__class__' of 'str' object is unsafe."), "沙箱"),
    (TemplateRuntimeError("No filter named 'foo'."), "过滤器 foo"),
    (TypeError("'int' object is not iterable"), "列表"),
    (ValueError("invalid literal for int() with base 10: 'x'"), "取值"),
])
def test_explain_has_no_english(exc, words):
    msg = _explain(exc)
    assert words in msg
    assert not any(w in msg for w in ("unsupported", "operand", "instances", "object", "literal", "unsafe", "named"))


@pytest.mark.parametrize("src, words", [("{% if %}", "缺少表达式"), ("{% if x %}a", "缺少 endif"),
                                        ("{% for x in y %}", "缺少 endfor"), ("{{ a b }}", "应为“}}”")])
def test_template_syntax_errors_in_chinese(src, words):
    from jinja2 import TemplateSyntaxError
    from jinja2.sandbox import SandboxedEnvironment

    from gwreport.render import syntax_zh
    with pytest.raises(TemplateSyntaxError) as ei:
        SandboxedEnvironment().from_string(src)
    msg = syntax_zh(ei.value.message)
    assert words in msg and "Expected" not in msg and "Jinja" not in msg
