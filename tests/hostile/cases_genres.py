"""Catalogue: user genres (templates/<id>/) — runaway templates, sandbox escapes, paths outside
the folder, failing expressions. Every failure must be a genre error (exit 2) naming genre.yaml
or the template, never a traceback, never blamed on the facts."""
from __future__ import annotations

import os

from .cases_inputs import BOMB
from .harness import Case
from .material import TEMPLATES, user_genre, write

CASES: list[Case] = []
WATCH = "watch"  # in-process with a SIGALRM watchdog (a few stay real subprocesses: REAL)
GENRE = r"体裁定义有误"
IN_BODY = GENRE + r".*body\.md\.j2"
IN_YAML = GENRE + r".*genre\.yaml"


def add(*a, **kw):
    kw.setdefault("expect", "refused")
    kw.setdefault("absent", ("out.docx",))
    CASES.append(Case(*a, **kw))


def short_limits(mp):
    import gwreport.render as r
    mp.setattr(r, "RENDER_SECONDS", 1.0)
    mp.setattr(r, "EXPR_SECONDS", 1.0)


def build(**kw):
    def setup(d):
        user_genre(d, **kw)
        return ["build", "facts.yaml", "--templates", "templates", "-o", "out.docx", "--no-check"]
    return setup


def body(text):
    return build(body="# 总体情况\n\n" + text + "\n")


def _genre_text():
    return (TEMPLATES / "website-selfcheck" / "genre.yaml").read_text(encoding="utf-8").replace(
        "id: website-selfcheck", "id: mine", 1)


def genre_with(old, new):
    text = _genre_text()
    assert old in text, old
    return build(genre_yaml=text.replace(old, new, 1))


def check_expr(expr, message="核对"):
    return genre_with("checks:\n", f"checks:\n  - assert: \"{expr}\"\n    path: websites.total\n    message: {message}\n")


def derived_expr(expr):
    return genre_with("derived:\n", f"derived:\n  - name: zz_extra\n    expr: \"{expr}\"\n    title: 额外\n")


# ---------------------------------------------------------------- runaway templates
add("genre-nested-range-99999", "genres", body("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"),
    says=IN_BODY + ".*range", timeout=15)
add("genre-nested-range-time", "genres", body("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"),
    says=IN_BODY + ".*超时", patch=short_limits, timeout=15)
add("genre-nested-range-time-print", "genres",
    body("{% for i in range(10000) %}{% for j in range(10000) %}{{ '' }}{% endfor %}{% endfor %}"),
    says=IN_BODY + ".*超时", patch=short_limits, subprocess=WATCH, timeout=25)
add("genre-loop-over-string", "genres", body("{% for a in 'x' * 900000 %}{% for b in 'y' * 900000 %}{% endfor %}{% endfor %}"),
    says=IN_BODY + ".*超时", patch=short_limits, timeout=15)
add("genre-pow-tower", "genres", body("{{ 9 ** (9 ** 9) }}"), says=IN_BODY + ".*乘方", timeout=10)
add("genre-pow-chain", "genres", body("{{ (10 ** 10) ** (10 ** 10) }}"), says=IN_BODY, timeout=10)
add("genre-pow-float", "genres", body("{{ 1.5 ** 100000000 }}"), says=IN_BODY, timeout=10)
add("genre-big-int-square-loop", "genres",
    body("{% set ns = namespace(x=3) %}{% for i in range(64) %}{% set ns.x = ns.x * ns.x %}{% endfor %}{{ ns.x }}"),
    says=IN_BODY + ".*过大", timeout=10)
add("genre-lipsum", "genres", body("{{ lipsum(10**6) }}"), says=IN_BODY + ".*lipsum", timeout=10)
add("genre-lipsum-max", "genres", body("{{ lipsum(5, max=10**7) }}"), says=IN_BODY + ".*lipsum", timeout=10)
add("genre-string-repeat", "genres", body("{{ 'x' * 10**10 }}"), says=IN_BODY + ".*过长", timeout=10)
add("genre-string-repeat-reversed", "genres", body("{{ 10**10 * 'x' }}"), says=IN_BODY + ".*过长", timeout=10)
add("genre-list-repeat", "genres", body("{{ ([1] * 10**9)|length }}"), says=IN_BODY + ".*过长", timeout=10)
add("genre-list-of-range-repeat", "genres", body("{{ ((range(10000)|list) * 1000)|length }}"), says=IN_BODY, timeout=10)
add("genre-concat-growth", "genres",
    body("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}"),
    says=IN_BODY + ".*过长", timeout=10)
add("genre-output-size", "genres", body("{% for i in range(10000) %}{{ 'x' * 1000 }}\n{% endfor %}"),
    says=IN_BODY + ".*超过", timeout=15)
add("genre-range-huge", "genres", body("{{ range(10**9)|length }}"), says=IN_BODY + ".*range", timeout=10)
add("genre-range-step-zero", "genres", body("{{ range(1, 10, 0)|list }}"), says=IN_BODY, timeout=10)
add("genre-range-text", "genres", body("{{ range('a')|list }}"), says=IN_BODY, timeout=10)
add("genre-percent-width", "genres", body("{{ '%999999999d' % 1 }}"), says=IN_BODY + ".*宽度", timeout=10)
add("genre-percent-star", "genres", body("{{ '%*d' % (999999999, 1) }}"), says=IN_BODY + ".*宽度", timeout=10)
add("genre-percent-precision", "genres", body("{{ '%.999999999f' % 1 }}"), says=IN_BODY + ".*宽度", timeout=10)
add("genre-format-precision", "genres", body("{{ '{:.999999999f}'.format(1) }}"), says=IN_BODY + ".*宽度", timeout=10)
add("genre-format-map", "genres", body("{{ '{x:>999999999}'.format_map({'x': 1}) }}"), says=IN_BODY + ".*宽度", timeout=10)
add("genre-format-width", "genres", body("{{ '{:>999999999}'.format(1) }}"), says=IN_BODY + ".*宽度", timeout=10)
add("genre-format-filter", "genres", body("{{ '%999999999s'|format('x') }}"), says=IN_BODY + ".*宽度", timeout=10)
add("genre-ljust", "genres", body("{{ 'x'.ljust(10**9) }}"), says=IN_BODY + ".*宽度", timeout=10)
add("genre-zfill", "genres", body("{{ 'x'.zfill(10**9) }}"), says=IN_BODY + ".*宽度", timeout=10)
add("genre-center-filter", "genres", body("{{ 'x'|center(10**9) }}"), says=IN_BODY + ".*过大", timeout=10)
add("genre-indent-filter", "genres", body("{{ 'a\\nb'|indent(10**9) }}"), says=IN_BODY + ".*过大", timeout=10)
add("genre-wordwrap-filter", "genres", body("{{ 'a b'|wordwrap(10**9) }}"), says=IN_BODY + ".*过大", timeout=10)
add("genre-slice-filter", "genres", body("{{ range(3)|slice(10**9)|list }}"), says=IN_BODY + ".*过大", timeout=10)
add("genre-batch-filter", "genres", body("{{ range(3)|batch(10**9)|list }}"), says=IN_BODY + ".*过大", timeout=10)
add("genre-replace-filter", "genres", body("{{ ('x' * 1000)|replace('', 'y' * 10000) }}"), says=IN_BODY + ".*过长", timeout=10)
add("genre-replace-method", "genres", body("{{ ('x' * 100000).replace('x', 'y' * 1000) }}"), says=IN_BODY + ".*过长",
    timeout=10)
add("genre-join-method", "genres", body("{{ ('y' * 100000).join('x' * 100000) }}"), says=IN_BODY + ".*过长", timeout=10)
add("genre-recursive-macro", "genres", body("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"),
    says=IN_BODY + ".*递归|超时", timeout=20)
add("genre-recursive-macro-wide", "genres",
    body("{% macro f(n) %}{% if n < 30 %}{{ f(n + 1) }}{{ f(n + 1) }}{% endif %}{% endmacro %}{{ f(0) }}"),
    says=IN_BODY + ".*超时|超过|过长", patch=short_limits, timeout=15)
add("genre-self-include", "genres", body("{% include 'body.md.j2' %}"), says=GENRE + ".*递归|超时", timeout=20)
add("genre-self-extends", "genres", build(body="{% extends 'body.md.j2' %}"), says=GENRE, timeout=20)
add("genre-self-import", "genres", body("{% import 'body.md.j2' as b %}x"), says=GENRE, timeout=20)

# ---------------------------------------------------------------- the sandbox holds
for name, expr in [("class-mro", "''.__class__.__mro__[1].__subclasses__()"),
                   ("globals", "cycler.__init__.__globals__.os"),
                   ("self-context", "self._TemplateReference__context"),
                   ("func-globals", "rate.__globals__['__builtins__']"),
                   ("namespace-class", "namespace().__class__.__base__"),
                   ("format-attr", "'{0.__class__}'.format(1)"),
                   ("getattr-filter", "(1)|attr('__class__')"),
                   ("dict-update", "{}.__class__.__dict__")]:
    add(f"genre-sandbox-{name}", "genres", body("{{ " + expr + " }}"), says=IN_BODY + ".*沙箱|不允许|没有|缺少|属性")

# ---------------------------------------------------------------- paths outside the folder
add("genre-body-dotdot", "genres", genre_with("body: body.md.j2", "body: ../../../../etc/passwd"), says=IN_YAML)
add("genre-body-absolute", "genres", genre_with("body: body.md.j2", "body: /etc/passwd"), says=IN_YAML)
add("genre-body-symlink-out", "genres",
    lambda d: (build()(d), os.unlink(d / "templates/mine/body.md.j2"),
               os.symlink("/etc/passwd", d / "templates/mine/body.md.j2"),
               ["build", "facts.yaml", "--templates", "templates", "-o", "out.docx"])[3], says=IN_YAML + ".*以外")
add("genre-body-fifo", "special",
    lambda d: (build()(d), os.unlink(d / "templates/mine/body.md.j2"), os.mkfifo(d / "templates/mine/body.md.j2"),
               ["build", "facts.yaml", "--templates", "templates", "-o", "out.docx"])[3], says=IN_YAML + ".*普通文件",
    subprocess=WATCH, timeout=20)
add("genre-body-missing", "genres", genre_with("body: body.md.j2", "body: nosuch.j2"), says=IN_YAML + ".*找不到")
add("genre-body-folder", "genres", lambda d: (build()(d), os.mkdir(d / "templates/mine/sub"),
                                              write(d / "templates/mine", "genre.yaml", _genre_text().replace("body: body.md.j2", "body: sub")),
                                              ["build", "facts.yaml", "--templates", "templates"])[3], says=IN_YAML)
add("genre-body-huge", "genres", build(body="# 总体情况\n\n" + "正文。\n" * 100_000), says=IN_YAML + ".*过大")
add("genre-body-binary", "genres", lambda d: (build()(d), write(d / "templates/mine", "body.md.j2", b"\xff\xfe\x00\x01" * 100),
                                              ["build", "facts.yaml", "--templates", "templates", "-o", "out.docx"])[2],
    says=GENRE)
add("genre-include-dotdot", "genres", body("{% include '../../../../etc/passwd' %}"), says=IN_BODY + ".*找不到模板")
add("genre-include-absolute", "genres", body("{% include '/etc/passwd' %}"), says=IN_BODY + ".*找不到模板")
add("genre-include-missing", "genres", body("{% include 'nosuch.j2' %}"), says=IN_BODY + ".*找不到模板")
add("genre-include-symlink-out", "genres",
    lambda d: (body("{% include 'part.j2' %}")(d), os.symlink("/etc/hostname", d / "templates/mine/part.j2"),
               ["build", "facts.yaml", "--templates", "templates", "-o", "out.docx"])[2], says=GENRE + ".*找不到模板")
add("genre-include-fifo", "special",
    lambda d: (body("{% include 'part.j2' %}")(d), os.mkfifo(d / "templates/mine/part.j2"),
               ["build", "facts.yaml", "--templates", "templates", "-o", "out.docx"])[2], says=GENRE + ".*管道",
    subprocess=WATCH, timeout=20)
add("genre-include-other-genre", "genres", body("{% include '../website-selfcheck/body.md.j2' %}"), says=GENRE)
add("genre-include-ok", "genres", lambda d: (body("{% include 'part.j2' %}")(d), write(d / "templates/mine", "part.j2", "附加段落。\n"),
                                             ["build", "facts.yaml", "--templates", "templates", "-o", "out.docx", "--no-check"])[2],
    expect="ok", absent=(), outputs=("out.docx",))
add("genre-include-syntax-error", "genres",
    lambda d: (body("{% include 'part.j2' %}")(d), write(d / "templates/mine", "part.j2", "{% if %}\n"),
               ["build", "facts.yaml", "--templates", "templates", "-o", "out.docx"])[2], says=GENRE + ".*part\\.j2")

# ---------------------------------------------------------------- failing expressions
add("genre-body-syntax", "genres", body("{% if %}"), says=IN_BODY + r" 第\d+行")
add("genre-body-unclosed", "genres", body("{% for x in problems %}"), says=IN_BODY + r" 第\d+行")
add("genre-body-unknown-filter", "genres", body("{{ 1|nosuch }}"), says=IN_BODY + ".*过滤器")
add("genre-body-index-error", "genres", body("{{ [].pop() }}"), says=IN_BODY + ".*下标")
add("genre-body-key-error", "genres", body("{{ {}.pop('x') }}"), says=IN_BODY + ".*没有键")
add("genre-body-zero-div", "genres", body("{{ 1 / 0 }}"), says=IN_BODY + r" 第\d+行.*除数为0")
add("genre-body-type-error", "genres", body("{{ 'a' - 1 }}"), says=IN_BODY)
add("genre-body-undefined", "genres", body("{{ nosuch_fact }}"), says=IN_BODY + ".*nosuch_fact")
add("genre-body-int-filter-huge", "genres", body("{{ ('9' * 5000)|int }}"), expect="found", absent=())
add("genre-body-surrogate", "genres", body("{{ '\\ud800' }}正文"), expect="failed", absent=())
add("genre-body-control-char", "genres", body("{{ '\\x1b[31m\\x00' }}正文"), expect="found", absent=(),
    outputs=("out.docx",))
add("genre-check-index", "genres", check_expr("[][5] == 1"), says=IN_YAML + r" 第\d+行")
add("genre-check-pop", "genres", check_expr("[].pop() == 1"), says=IN_YAML + r" 第\d+行.*下标")
add("genre-check-key", "genres", check_expr("{}['x'] == 1"), says=IN_YAML)
add("genre-check-zero", "genres", check_expr("1 / 0 > 0"), says=IN_YAML + r".*除数为0")
add("genre-check-syntax", "genres", check_expr("1 +"), says=IN_YAML + r" 第\d+行")
add("genre-check-pow", "genres", check_expr("9 ** (9 ** 9) > 0"), says=IN_YAML + ".*乘方")
add("genre-check-time", "genres", check_expr("range(10000)|map('string')|join|length * 0 + (range(10000)|sum) > 0"),
    expect="found", absent=())
add("genre-check-message-error", "genres",
    genre_with("checks:\n", "checks:\n  - assert: \"false\"\n    path: websites.total\n    message: \"{{ 1 / 0 }}\"\n"),
    says=IN_YAML)
add("genre-check-when-error", "genres",
    genre_with("checks:\n", "checks:\n  - assert: \"true\"\n    when: \"[].pop()\"\n    path: websites.total\n    message: m\n"),
    says=IN_YAML)
add("genre-derived-zero", "genres", derived_expr("1 / 0"), says=IN_YAML + r".*zz_extra.*除数为0")
add("genre-derived-type", "genres", derived_expr("'a' + 1"), says=IN_YAML + ".*zz_extra")
add("genre-derived-undefined", "genres", derived_expr("nosuch + 1"), says=IN_YAML + ".*zz_extra")
add("genre-derived-string-bomb", "genres", derived_expr("'x' * 10 ** 10"), says=IN_YAML + ".*过长")
add("genre-derived-syntax", "genres", derived_expr("((("), says=IN_YAML + r" 第\d+行")
add("genre-derived-sandbox", "genres", derived_expr("''.__class__.__mro__"), says=IN_YAML)
add("genre-default-title-error", "genres",
    genre_with('  title: "{{ unit.name }}', '  title: "{{ 1 / 0 }}{{ unit.name }}'), says=GENRE + ".*默认值.*genre\\.yaml 第\\d+行.*除数为0")
add("genre-default-title-syntax", "genres", genre_with('  title: "{{ unit.name }}', '  title: "{% if %}{{ unit.name }}'),
    says=IN_YAML)

# ---------------------------------------------------------------- genre.yaml itself
add("genre-yaml-timestamp", "genres", build(genre_extra="x_bad: !!timestamp foo\n"), says=r"genre\.yaml 第\d+行")
add("genre-yaml-bomb", "genres", build(genre_extra=BOMB.replace("a:", "x_a:", 1)), says=r"genre\.yaml",
    subprocess=WATCH, timeout=20)
add("genre-yaml-binary-tag", "genres", build(genre_extra="x_bin: !!binary aGk=\n"), says=r"genre\.yaml 第\d+行")
add("genre-yaml-empty", "genres", build(genre_yaml=""), says=r"genre\.yaml|mine")
add("genre-yaml-list", "genres", build(genre_yaml="- a\n"), says=r"genre\.yaml|mine")
add("genre-yaml-no-body", "genres", genre_with("body: body.md.j2\n", ""), says=IN_YAML + ".*body")
add("genre-yaml-schema-type", "genres", genre_with("schema:\n  type: object", "schema:\n  type: 5"), says=IN_YAML)
add("genre-yaml-schema-bad-regex", "genres",
    genre_with('pattern: "^《.+》$"', 'pattern: "(["'), says=IN_YAML)
add("genre-yaml-schema-remote-ref", "genres",
    genre_with("schema:\n  type: object\n", "schema:\n  type: object\n  $ref: \"http://192.0.2.1/x.json\"\n"),
    says=IN_YAML + ".*ref", timeout=15)
add("genre-yaml-schema-file-ref", "genres",
    genre_with("schema:\n  type: object\n", "schema:\n  type: object\n  $ref: \"file:///etc/passwd\"\n"),
    says=IN_YAML + ".*ref", timeout=15)
add("genre-yaml-schema-bad-local-ref", "genres",
    genre_with("schema:\n  type: object\n", "schema:\n  type: object\n  $ref: \"#/nowhere\"\n"),
    says=GENRE, timeout=15)
add("genre-yaml-schema-bad-minlength", "genres",
    genre_with("minLength: 2, maxLength: 40", "minLength: -1, maxLength: 40"), says=IN_YAML)
add("genre-yaml-dup-derived", "genres", genre_with("derived:\n", "derived:\n  - name: unit\n    expr: \"1\"\n"), says=IN_YAML + ".*重名")
add("genre-yaml-checks-scalar", "genres", genre_with("checks:\n", "checks: 5\nold_checks:\n"), says=GENRE)
add("genre-yaml-fifo", "special",
    lambda d: (build()(d), os.unlink(d / "templates/mine/genre.yaml"), os.mkfifo(d / "templates/mine/genre.yaml"),
               ["build", "facts.yaml", "--templates", "templates", "-o", "out.docx"])[3], expect="failed",
    subprocess=WATCH, timeout=20, says="mine|genre")
add("genre-templates-missing", "genres", lambda d: (build()(d), ["build", "facts.yaml", "--templates", "nosuch"])[1],
    says="nosuch")
add("genre-templates-is-file", "genres", lambda d: (build()(d), ["build", "facts.yaml", "--templates", "facts.yaml"])[1],
    says="facts.yaml")
add("genre-list-with-broken", "genres", lambda d: (build(genre_extra="x: !!timestamp foo\n")(d), ["genres", "--templates", "templates"])[1],
    expect="found", absent=(), english_ok=("gov-affairs-openness-selfcheck", "website-selfcheck", "rectification-report",
                                         "inspection-notice", "work-summary"))
add("genre-new-table-formula-title", "genres",
    lambda d: (build(genre_yaml=_genre_text().replace("title: 单位名称", "title: \"=HYPERLINK(1)\"", 1))(d),
               ["new", "mine", "--table", "-o", "t.xlsx", "--templates", "templates"])[1], expect="ok", absent=(),
    outputs=("t.xlsx",), check=lambda d, o: _xlsx_inert(d / "t.xlsx"), english_ok=("HYPERLINK",))


def _xlsx_inert(path):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)



# ---------------------------------------------------------------- schema patterns (matched with a time limit)
# stdlib re needs ~12 s for this pattern on a 7-character name; validation must not hang on it
_SLOW_RE = r"^(\\S*\\S*\\S*\\S*\\S*\\S*\\S*\\S*\\S*)*Z$"
add("genre-schema-pattern-backtracking", "genres",
    genre_with("name: {type: string, title: 单位名称,", "name: {type: string, pattern: '" + _SLOW_RE + "', title: 单位名称,"),
    expect="failed", says=r"unit\.name.*格式不对", timeout=8)
