"""QA regressions: template/expression failures in a (user) genre are explained in Chinese."""
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
