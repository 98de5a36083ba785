"""Catalogue: facts files, drafts, config files and special files (FIFOs, devices, symlinks)."""
from __future__ import annotations

import os

from .harness import Case
from .material import DRAFT, SAMPLE, draft, facts, facts_with, mkfifo, symlink, write

CASES: list[Case] = []
WATCH = "watch"  # in-process with a SIGALRM watchdog (a few stay real subprocesses: REAL)


def add(*a, **kw):
    CASES.append(Case(*a, **kw))


def build_text(text, name="facts.yaml"):
    """setup: a facts file with this text, then `gwreport build` it."""
    def setup(d):
        write(d, name, text)
        return ["build", name, "-o", "out.docx"]
    return setup


def build_bytes(data: bytes, name="facts.yaml"):
    def setup(d):
        write(d, name, data)
        return ["build", name, "-o", "out.docx"]
    return setup


LINE = r"第\d+行"

# ---------------------------------------------------------------- facts: YAML tags and scalars
for tag, value in [("timestamp", "foo"), ("timestamp", "2024-13-45"), ("int", "abc"), ("int", "0x"),
                   ("float", "abc"), ("bool", "maybe"), ("null", "x"), ("binary", "%%%"),
                   ("binary", "aGVsbG8="), ("set", "{a, b}"), ("omap", "[a: 1]"), ("pairs", "[a: 1]"),
                   ("python/object:os.system", "{}"), ("python/name:os.system", "''"),
                   ("python/object/apply:os.system", "[ls]"), ("str", "[1, 2]"), ("map", "x"), ("seq", "x")]:
    add(f"facts-tag-{tag.replace('/', '-').replace(':', '-')}-{value[:6]}", "facts",
        build_text(facts_with({"  total: 1\n": f"  total: !!{tag} {value}\n"})),
        expect="failed", says="facts.yaml " + LINE, absent=("out.docx",))
for local in ("!foo bar", "!<tag:example.com,2000:x> 1", "!!python/tuple [1, 2]"):
    add(f"facts-localtag-{local[:5]}", "facts",
        build_text(facts_with({"  total: 1\n": f"  total: {local}\n"})),
        expect="failed", says="facts.yaml " + LINE, absent=("out.docx",))

# ---------------------------------------------------------------- facts: structure and size
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi"))
add("facts-alias-bomb", "facts", build_text("genre: website-selfcheck\n" + BOMB), expect="failed",
    says="别名|锚点|复杂", subprocess=WATCH, timeout=20, absent=("out.docx",))
add("facts-alias-bomb-keys", "facts",
    build_text("genre: website-selfcheck\n" + BOMB + "z: {*i : 1}\n"), expect="failed", subprocess=WATCH,
    timeout=20, says="别名|锚点|复杂")
add("facts-deep-flow", "facts", build_text("genre: x\nv: " + "[" * 5000 + "]" * 5000 + "\n"),
    expect="failed", says="嵌套|层次")
add("facts-deep-flow-unclosed", "facts", build_text("v: " + "[" * 100000 + "\n"), expect="failed",
    says="facts.yaml")
add("facts-deep-block", "facts",
    build_text("".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v: 1\n"),
    expect="failed", says="嵌套|层次")
add("facts-many-nodes", "facts", build_text("genre: website-selfcheck\nx: [" + ",".join(["1"] * 60000) + "]\n"),
    expect="failed", says="facts.yaml")
add("facts-too-big", "facts", build_text(SAMPLE + "# " + "x" * 1_100_000 + "\n"), expect="refused",
    says="太大|上限")
add("facts-long-value", "facts", build_text(facts_with({"  name: 青石镇人民政府": "  name: " + "镇" * 300_000})),
    expect="failed", says="unit.name|单位名称")
add("facts-empty", "facts", build_text(""), expect="failed", says="空")
add("facts-only-comments", "facts", build_text("# 只有注释\n# 没有内容\n"), expect="failed", says="空")
add("facts-whitespace", "facts", build_text("   \n\n\t\n"), expect="failed", says="facts.yaml")
add("facts-top-list", "facts", build_text("- a\n- b\n"), expect="failed", says="映射|最外层")
add("facts-top-scalar", "facts", build_text("就一句话\n"), expect="failed", says="映射|最外层")
add("facts-top-number", "facts", build_text("42\n"), expect="failed", says="映射|最外层")
add("facts-multi-doc", "facts", build_text(SAMPLE + "---\ngenre: x\n"), expect="failed", says="facts.yaml")
add("facts-dup-key", "facts", build_text(SAMPLE + "unit:\n  name: 又一个\n"), expect="failed", says="重复")
add("facts-tab-indent", "facts", build_text(facts_with({"  name: 青石镇人民政府": "\tname: 青石镇人民政府"})),
    expect="failed", says="Tab")
add("facts-fullwidth-colon", "facts", build_text(facts_with({"genre: website": "genre：website"})),
    expect="failed", says=LINE)
add("facts-ideographic-space-indent", "facts",
    build_text(facts_with({"  name: 青石镇人民政府": "\u3000\u3000name: 青石镇人民政府"})), expect="failed", says=LINE)
add("facts-nul", "facts", build_bytes(SAMPLE.encode() + b"x: a\x00b\n"), expect="failed", says="控制字符|facts.yaml")
add("facts-esc", "facts", build_text(facts_with({"  name: 青石镇人民政府": "  name: 青石\x1b[31m镇"})),
    expect="failed", says="控制字符|facts.yaml")
add("facts-bel-quoted", "facts", build_text(facts_with({"  name: 青石镇人民政府": '  name: "青石\\a镇人民政府"'})),
    expect="failed", says="facts.yaml")
add("facts-c1-control", "facts", build_text(facts_with({"  name: 青石镇人民政府": "  name: 青石\x85镇人民政府"})),
    expect="failed")
add("facts-binary-garbage", "facts", build_bytes(bytes(range(256)) * 20), expect="failed", says="facts.yaml")
add("facts-invalid-utf8", "facts", build_bytes(b"genre: website-selfcheck\nunit:\n  name: \xff\xfe\xfa\n"),
    expect="failed", says="facts.yaml")
add("facts-utf8-bom", "facts", build_bytes(b"\xef\xbb\xbf" + SAMPLE.encode()), expect="ok", outputs=("out.docx",))
add("facts-utf16", "facts", build_bytes(SAMPLE.encode("utf-16")), expect="ok", outputs=("out.docx",))
add("facts-gbk", "facts", build_bytes(SAMPLE.encode("gb18030")), expect="ok", outputs=("out.docx",))
add("facts-crlf", "facts", build_bytes(SAMPLE.replace("\n", "\r\n").encode()), expect="ok", outputs=("out.docx",))
add("facts-lone-cr", "facts", build_bytes(SAMPLE.replace("\n", "\r").encode()), expect="found")
add("facts-unknown-genre", "facts", build_text(facts_with({"genre: website-selfcheck": "genre: nosuch"})),
    expect="failed", says="未知体裁")
add("facts-genre-null", "facts", build_text(facts_with({"genre: website-selfcheck": "genre:"})), expect="failed",
    says="genre|体裁")
add("facts-genre-list", "facts", build_text(facts_with({"genre: website-selfcheck": "genre: [a, b]"})),
    expect="failed", says="genre|体裁")
add("facts-genre-dict", "facts", build_text(facts_with({"genre: website-selfcheck": "genre: {a: 1}"})),
    expect="failed", says="genre|体裁")
add("facts-no-genre", "facts", build_text(facts_with({"genre: website-selfcheck\n": ""})), expect="failed",
    says="genre|体裁")
add("facts-name-dict", "facts", build_text(facts_with({"  name: 青石镇人民政府": "  name: {a: 1}"})),
    expect="failed", says=LINE)
add("facts-name-list", "facts", build_text(facts_with({"  name: 青石镇人民政府": "  name: [1, 2]"})),
    expect="failed", says=LINE)
add("facts-unit-scalar", "facts", build_text(facts_with({"unit:\n  name: 青石镇人民政府\n  self_ref: 我镇\n": "unit: 5\n"})),
    expect="failed", says=LINE)
add("facts-float-inf", "facts", build_text(facts_with({"  total: 1\n": "  total: 1e400\n"})), expect="failed",
    says=LINE)
add("facts-nan", "facts", build_text(facts_with({"  total: 1\n": "  total: .nan\n"})), expect="failed", says=LINE)
add("facts-inf", "facts", build_text(facts_with({"  total: 1\n": "  total: .inf\n"})), expect="failed", says=LINE)
add("facts-huge-int", "facts", build_text(facts_with({"  total: 1\n": "  total: " + "9" * 5000 + "\n"})),
    expect="failed", says=LINE)
add("facts-negative", "facts", build_text(facts_with({"  total: 1\n": "  total: -5\n"})), expect="failed", says=LINE)
add("facts-bool-count", "facts", build_text(facts_with({"  total: 1\n": "  total: yes\n"})), expect="failed",
    says=LINE)
add("facts-string-count", "facts", build_text(facts_with({"  total: 1\n": "  total: 一个\n"})), expect="failed",
    says=LINE)
add("facts-bad-date", "facts", build_text(facts_with({"  start: 2024-07-01": "  start: 2024-02-30"})),
    expect="failed", says=LINE)
add("facts-date-as-int", "facts", build_text(facts_with({"  start: 2024-07-01": "  start: 20240701"})),
    expect="failed", says=LINE)
add("facts-int-keys", "facts", build_text(SAMPLE + "1: a\n"), expect="failed", says="facts.yaml")
add("facts-complex-key", "facts", build_text(SAMPLE + "? [a, b]\n: c\n"), expect="failed", says="facts.yaml")
add("facts-null-key", "facts", build_text(SAMPLE + "~: c\n"), expect="failed", says="facts.yaml")
add("facts-merge-key", "facts", build_text(SAMPLE.replace("unit:\n", "x_base: &b {self_ref: 我镇}\nunit:\n  <<: *b\n", 1)),
    expect="failed", says="facts.yaml")
add("facts-undefined-alias", "facts", build_text(SAMPLE + "x: *nope\n"), expect="failed", says="锚点")
add("facts-unclosed-quote", "facts", build_text(facts_with({"  name: 青石镇人民政府": '  name: "青石镇人民政府'})),
    expect="failed", says=LINE)
add("facts-unclosed-bracket", "facts", build_text(SAMPLE + "x: [1, 2\n"), expect="failed", says=LINE)
add("facts-problems-scalar", "facts", build_text(facts_with({"problems:\n": "problems: 无\nold_problems:\n"})),
    expect="failed", says="facts.yaml")
add("facts-extra-field", "facts", build_text(SAMPLE + "surprise: 1\n"), expect="failed", says="surprise")
add("facts-yml-ok", "facts", build_text(SAMPLE, name="f.yml"), expect="ok", outputs=("out.docx",))
add("facts-txt-ext", "facts", build_text(SAMPLE, name="f.txt"), expect="refused", says="yaml")
add("facts-no-ext", "facts", build_text(SAMPLE, name="facts"), expect="refused", says="yaml")
add("facts-missing", "facts", lambda d: ["build", "nosuch.yaml", "-o", "out.docx"], expect="refused",
    says="nosuch.yaml")
add("facts-is-folder", "facts", lambda d: (os.mkdir(d / "dir.yaml"), ["build", "dir.yaml"])[1],
    expect="refused", says="文件夹")
add("facts-fifo", "special", lambda d: (mkfifo(d, "f.yaml"), ["build", "f.yaml", "-o", "out.docx"])[1],
    expect="refused", says="管道", subprocess=WATCH, timeout=20)
add("facts-dev-zero", "special", lambda d: (symlink(d, "z.yaml", "/dev/zero"), ["build", "z.yaml"])[1],
    expect="refused", says="设备", subprocess=WATCH, timeout=20)
add("facts-dev-null", "special", lambda d: ["build", "/dev/null"], expect="refused", says="设备|yaml")
add("facts-dangling-link", "special", lambda d: (symlink(d, "f.yaml", d / "gone.yaml"), ["build", "f.yaml"])[1],
    expect="refused", says="符号链接|找不到")
add("facts-link-loop", "special",
    lambda d: (symlink(d, "a.yaml", d / "b.yaml"), symlink(d, "b.yaml", d / "a.yaml"), ["build", "a.yaml"])[2],
    expect="refused", says="a.yaml")
add("facts-proc-file", "special", lambda d: (symlink(d, "p.yaml", "/proc/self/status"), ["build", "p.yaml"])[1],
    expect="failed", says="p.yaml")
add("facts-unreadable", "special", lambda d: (facts(d), ["build", "facts.yaml"])[1], expect="refused",
    says="权限", patch=lambda mp: _deny_open(mp, "facts.yaml"))


def _deny_open(mp, name):
    import errno
    real = os.open

    def fake(path, flags, *a, **kw):
        if str(path).endswith(name):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, flags, *a, **kw)
    mp.setattr(os, "open", fake)


# ---------------------------------------------------------------- --base files (batch)
def base_text(text):
    def setup(d):
        from .material import sample_table
        sample_table(d)
        write(d, "base.yaml", text)
        return ["batch", "t.csv", "--base", "base.yaml", "-o", "out", "-j", "1", "--no-check"]
    return setup


add("base-timestamp", "facts", base_text("genre: website-selfcheck\nx: !!timestamp foo\n"), expect="failed",
    says="base.yaml " + LINE, absent=("out/summary.json",))
add("base-alias-bomb", "facts", base_text("genre: website-selfcheck\n" + BOMB), expect="failed",
    says="别名|锚点|复杂", subprocess=WATCH, timeout=20)
add("base-binary-tag", "facts", base_text("genre: website-selfcheck\nx: !!binary aGk=\n"), expect="failed",
    says="base.yaml " + LINE)
add("base-list", "facts", base_text("- genre\n"), expect="failed", says="base.yaml")
add("base-empty", "facts", base_text(""), expect="failed", says="base.yaml")
add("base-fifo", "special", lambda d: (base_text("x")(d), os.unlink(d / "base.yaml"), mkfifo(d, "base.yaml"),
                                       ["batch", "t.csv", "--base", "base.yaml", "-o", "out", "-j", "1"])[3],
    expect="refused", says="管道", subprocess=WATCH, timeout=20)


# ---------------------------------------------------------------- drafts (check)
def check_bytes(data: bytes, name="d.txt", *extra):
    def setup(d):
        write(d, name, data)
        return ["check", name, *extra]
    return setup


def check_text(text: str, name="d.txt", *extra):
    return check_bytes(text.encode("utf-8"), name, *extra)


add("draft-empty", "drafts", check_bytes(b""), expect="found")
add("draft-whitespace", "drafts", check_bytes(b"   \n\n\t \r\n"), expect="found")
add("draft-binary", "drafts", check_bytes(bytes(range(256)) * 100), expect="failed", says="d.txt")
add("draft-nul", "drafts", check_bytes(DRAFT.encode() + b"\x00\x00abc\x00"), expect="refused", says="二进制")
add("draft-utf16", "drafts", check_bytes(DRAFT.encode("utf-16")), expect="found")
add("draft-utf16-no-bom", "drafts", check_bytes(DRAFT.encode("utf-16-le")), expect="failed")
add("draft-gbk", "drafts", check_bytes(DRAFT.encode("gbk")), expect="found")
add("draft-invalid-utf8", "drafts", check_bytes(DRAFT.encode() + b"\xff\xfe\xfd\x80"), expect="refused", says="编码")
add("draft-lone-surrogate-bytes", "drafts", check_bytes(b"\xed\xa0\x80" + DRAFT.encode()), expect="refused", says="编码")
add("draft-too-big", "drafts", check_bytes(("的" * 6_000_000).encode()), expect="refused", says="太大|上限")
add("draft-long-line", "drafts", check_text("我镇" * 60_000 + "\n"), expect="found", timeout=40)
add("draft-many-lines", "drafts", check_text("特此报告。\n" * 5_000), expect="found", timeout=40)
add("draft-repeat-de", "drafts", check_text("的" * 50_000), expect="found", timeout=40)
add("draft-punct-storm", "drafts", check_text("，。、；：？！“”‘’（）《》〔〕【】—…" * 1000), expect="found", timeout=40)
add("draft-digits", "drafts", check_text("1234567890" * 10_000), expect="found", timeout=40)
add("draft-rtl-zero-width", "drafts", check_text("我镇\u202e告报\u202c\u200b\u200d\ufeff共有网站1个。\n"),
    expect="found")
add("draft-combining", "drafts", check_text("网" + "\u0301" * 5000 + "站\n"), expect="found")
add("draft-astral", "drafts", check_text("𠀀𪚥🎉🇨🇳 共有网站1个。\n" * 10), expect="found")
add("draft-cr-only", "drafts", check_bytes(DRAFT.replace("\n", "\r").encode()), expect="found")
add("draft-form-feed", "drafts", check_text("第一页\f第二页\v第三页\x1c\x1d\x1e\x85\u2028\u2029\n"), expect="found")
add("draft-md-garbage", "drafts", check_text("# \n## \n|||\n|---|\n```\n> > >\n* * *\n[x](javascript:1)\n", "d.md"),
    expect="found", english_ok=("javascript",))
add("draft-md-table-huge", "drafts", check_text("|" + "a|" * 5000 + "\n|" + "-|" * 5000 + "\n", "d.md"),
    expect="found", timeout=40)
add("draft-yaml-refused", "drafts", check_text(SAMPLE, "f.yaml"), expect="refused", says="build|事实文件")
add("draft-yaml-force-text", "drafts", check_text(SAMPLE, "f.yaml", "--force-text"), expect="found",
    english_ok=("website-selfcheck",))
add("draft-exe", "drafts", check_bytes(b"MZ\x90\x00" + bytes(500), "x.exe"), expect="refused", says="x.exe")
add("draft-no-ext", "drafts", check_text(DRAFT, "draft"), expect="found")
add("draft-missing", "drafts", lambda d: ["check", "nosuch.txt"], expect="refused", says="nosuch.txt")
add("draft-missing-and-good", "drafts", lambda d: (draft(d), ["check", "nosuch.txt", "d.txt"])[1],
    expect="refused", says="nosuch.txt")
add("draft-same-twice", "drafts", lambda d: (draft(d), ["check", "d.txt", "d.txt"])[1], expect="found")
add("draft-fifo", "special", lambda d: (mkfifo(d, "d.txt"), ["check", "d.txt"])[1], expect="refused",
    says="管道", subprocess=WATCH, timeout=20)
add("draft-fifo-md", "special", lambda d: (mkfifo(d, "d.md"), ["check", "d.md", "-f", "json"])[1],
    expect="refused", says="管道", subprocess=WATCH, timeout=20)
add("draft-fifo-docx", "special", lambda d: (mkfifo(d, "d.docx"), ["check", "d.docx"])[1], expect="refused",
    says="管道", subprocess=WATCH, timeout=20)
add("draft-dev-zero", "special", lambda d: (symlink(d, "z.txt", "/dev/zero"), ["check", "z.txt"])[1],
    expect="refused", says="设备", subprocess=WATCH, timeout=20)
add("draft-dev-urandom-docx", "special", lambda d: (symlink(d, "r.docx", "/dev/urandom"), ["check", "r.docx"])[1],
    expect="refused", says="设备", subprocess=WATCH, timeout=20)
add("draft-dev-null", "special", lambda d: (symlink(d, "n.txt", "/dev/null"), ["check", "n.txt"])[1],
    expect="refused", says="设备")
add("draft-dangling", "special", lambda d: (symlink(d, "g.txt", d / "gone.txt"), ["check", "g.txt"])[1],
    expect="refused", says="符号链接|找不到")
add("draft-socket", "special", lambda d: (_socket(d / "s.txt"), ["check", "s.txt"])[1], expect="refused",
    says="套接字|普通文件")
add("draft-stdin-binary", "drafts", lambda d: ["check", "-"], stdin=bytes(range(256)) * 50, expect="failed")
add("draft-stdin-empty", "drafts", lambda d: ["check", "-"], stdin=b"", expect="found")
add("draft-stdin-escape", "console", lambda d: ["check", "-"], stdin="XX镇\x1b[2J\x1b]0;pwn\x07于xx年".encode(),
    expect="found", check=lambda d, out: _no_raw_escape(out))
add("draft-escape-console", "console", check_text("我镇\x1b[31m在xx年\x1b[0m\x07布署了工作，\x9b31m。\n"),
    expect="found", check=lambda d, out: _no_raw_escape(out))
add("draft-escape-json", "console", check_text("我镇\x1b[31m在xx年布署了工作。\n", "d.txt", "-f", "json"),
    expect="found", check=lambda d, out: _no_raw_escape(out))
add("draft-escape-filename", "console",
    lambda d: (draft(d, "a\x1b[31mb.txt"), ["check", "a\x1b[31mb.txt"])[1], expect="found",
    check=lambda d, out: _no_raw_escape(out))


def _socket(path):
    import socket
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    _SOCKETS.append(s)


_SOCKETS: list = []


def _no_raw_escape(out: str) -> None:
    bad = [c for c in out if (ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) < 0xa0]
    assert not bad, f"raw control characters reach the terminal: {bad[:5]!r}"


# ---------------------------------------------------------------- config (.gwreport.yaml)
def with_config(text, sub=False, args=None):
    def setup(d):
        draft(d)
        facts(d)
        write(d, ".gwreport.yaml", text)
        if sub:
            (d / "sub").mkdir()
            draft(d / "sub")
            os.chdir(d / "sub")
        return args or ["check", "d.txt"]
    return setup


ALLOW_BOMB = "allow:\n  - &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  - &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
add("config-alias-bomb-allow", "config", with_config(ALLOW_BOMB), expect="refused", says=r"\.gwreport\.yaml",
    subprocess=WATCH, timeout=20)
add("config-alias-bomb-parent", "config", with_config(ALLOW_BOMB, sub=True), expect="refused",
    says=r"\.gwreport\.yaml", subprocess=WATCH, timeout=20)
add("config-timestamp", "config", with_config("allow: [!!timestamp foo]\n"), expect="refused",
    says=r"\.gwreport\.yaml " + LINE)
add("config-binary", "config", with_config("allow: !!binary aGk=\n"), expect="refused", says=r"\.gwreport\.yaml")
add("config-python-tag", "config", with_config("allow: !!python/object/apply:os.system [id]\n"), expect="refused",
    says=r"\.gwreport\.yaml")
add("config-unknown-key", "config", with_config("alow: [x]\n"), expect="refused", says="alow")
add("config-list", "config", with_config("- a\n"), expect="refused", says=r"\.gwreport\.yaml")
add("config-scalar", "config", with_config("hello\n"), expect="refused", says=r"\.gwreport\.yaml")
add("config-empty", "config", with_config(""), expect="found")
add("config-binary-garbage", "config", lambda d: (draft(d), write(d, ".gwreport.yaml", bytes(range(256)) * 4),
                                                  ["check", "d.txt"])[2], expect="refused", says=r"\.gwreport\.yaml")
add("config-deep", "config", with_config("allow: " + "[" * 3000 + "]" * 3000 + "\n"), expect="refused",
    says="嵌套|层次")
add("config-too-big", "config", with_config("allow:\n" + "  - 词\n" * 400_000), expect="refused",
    says=r"\.gwreport\.yaml")
add("config-allow-dict", "config", with_config("allow: {a: 1}\n"), expect="refused", says="allow")
add("config-rules-list", "config", with_config("rules: [GW101]\n"), expect="refused", says="rules")
add("config-bad-severity", "config", with_config("severity: {GW101: fatal}\n"), expect="refused", says="severity")
add("config-dup-key", "config", with_config("allow: [a]\nallow: [b]\n"), expect="refused", says="重复")
add("config-tab", "config", with_config("rules:\n\tGW101: off\n"), expect="refused", says="Tab")
add("config-fifo", "special", lambda d: (draft(d), mkfifo(d, ".gwreport.yaml"), ["check", "d.txt"])[2],
    expect="refused", says="管道", subprocess=WATCH, timeout=20)
add("config-dev-zero", "special", lambda d: (draft(d), symlink(d, ".gwreport.yaml", "/dev/zero"), ["check", "d.txt"])[2],
    expect="refused", says="设备", subprocess=WATCH, timeout=20)
add("config-explicit-missing", "config", lambda d: (draft(d), ["check", "d.txt", "--config", "no.yaml"])[1],
    expect="refused", says="no.yaml")
add("config-explicit-folder", "config", lambda d: (draft(d), os.mkdir(d / "c.yaml"), ["check", "d.txt", "--config", "c.yaml"])[2],
    expect="refused", says="文件夹")
add("config-build-timestamp", "config", with_config("allow: [!!timestamp x]\n", args=["build", "facts.yaml"]),
    expect="refused", says=r"\.gwreport\.yaml")
add("config-genres-bomb", "config", with_config(ALLOW_BOMB, args=["genres"]), expect="refused",
    says=r"\.gwreport\.yaml", subprocess=WATCH, timeout=20)
add("config-templates-missing", "config", with_config("templates: [nosuch]\n", args=["genres"]), expect="refused",
    says="nosuch")


# ---------------------------------------------------------------- user rule packs (extra_packs, rule_packs, severe)
def with_pack(key, name, data, subprocess_=False):
    def setup(d):
        draft(d)
        write(d, name, data)
        write(d, ".gwreport.yaml", f"{key}\n  - {name}\n" if not key.startswith("severe") else
              f"severe:\n  packs: [{name}]\n")
        return ["check", "d.txt"]
    return setup


for key in ("extra_packs:", "severe"):
    k = key.rstrip(":")
    add(f"pack-{k}-alias-bomb", "config", with_pack(key, "p.yaml", ALLOW_BOMB.replace("allow:", "rules:")), expect="refused",
        says=r"p\.yaml", subprocess=WATCH, timeout=20)
    add(f"pack-{k}-timestamp", "config", with_pack(key, "p.yaml", "rules: !!timestamp foo\n"), expect="refused",
        says=r"p\.yaml 第\d+行")
    add(f"pack-{k}-python-tag", "config", with_pack(key, "p.yaml", "rules: !!python/object/apply:os.system [id]\n"),
        expect="refused", says=r"p\.yaml")
    add(f"pack-{k}-binary", "config", with_pack(key, "p.yaml", bytes(range(256)) * 4), expect="refused", says=r"p\.yaml")
    add(f"pack-{k}-missing", "config", lambda d, key=key: (with_pack(key, "p.yaml", "x: 1\n")(d), os.unlink(d / "p.yaml"),
                                                           ["check", "d.txt"])[2], expect="refused", says=r"p\.yaml")
    add(f"pack-{k}-fifo", "special", lambda d, key=key: (with_pack(key, "p.yaml", "x: 1\n")(d), os.unlink(d / "p.yaml"),
                                                          mkfifo(d, "p.yaml"), ["check", "d.txt"])[3],
        expect="refused", says=r"p\.yaml", subprocess=WATCH, timeout=20)
    add(f"pack-{k}-list", "config", with_pack(key, "p.yaml", "- a\n- b\n"), expect="refused", says=r"p\.yaml")
add("pack-table-xlsx-bomb", "config",
    lambda d: (draft(d), __import__("tests.hostile.material", fromlist=["bomb"]).bomb(
        d, "p.xlsx", "xl/worksheets/sheet1.xml", 200_000_000, base=_xlsx()),
        write(d, ".gwreport.yaml", "rule_packs: [p.xlsx]\n"), ["check", "d.txt"])[3], expect="refused", says="p.xlsx",
    timeout=40)
add("pack-table-csv-binary", "config",
    lambda d: (draft(d), write(d, "p.csv", bytes(range(256)) * 8), write(d, ".gwreport.yaml", "rule_packs: [p.csv]\n"),
               ["check", "d.txt"])[3], expect="refused", says="p.csv")
add("pack-table-csv-formula", "config",
    lambda d: (draft(d), write(d, "p.csv", "错误写法,正确写法\n=1+1,@SUM(1)\n"), write(d, ".gwreport.yaml", "rule_packs: [p.csv]\n"),
               ["check", "d.txt"])[3], expect="found")


def _xlsx():
    import io
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.append(["错误写法", "正确写法"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
