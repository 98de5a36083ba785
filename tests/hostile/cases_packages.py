"""Catalogue: broken and hostile Office packages and other draft formats (.docx/.dotx/.docm,
.doc/.wps/.pdf/.ofd/.html) through check, check --format docx, --fix and format."""
from __future__ import annotations

import io
import zipfile

from .harness import Case
from .material import ROOT, bomb, docx_bytes, docx_variant, rezip, write

CASES: list[Case] = []
WATCH = "watch"  # in-process with a SIGALRM watchdog (a few stay real subprocesses: REAL)
BROKEN = r"已损坏|不是|无法|缺少|压缩|解压|异常"
FORMATS = ROOT / "tests" / "data" / "formats"


def add(*a, **kw):
    CASES.append(Case(*a, **kw))


def pkg(make, name="d.docx", *cmd):
    def setup(d):
        make(d, name)
        return list(cmd) if cmd else ["check", name]
    return setup


def raw(data: bytes):
    return lambda d, name: write(d, name, data)


def variant(**kw):
    return lambda d, name: docx_variant(d, name, **kw)


DOC = "word/document.xml"
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def body(inner: bytes) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ' + W + b"><w:body>" + inner + b"</w:body></w:document>"


def para(text: str) -> bytes:
    return b"<w:p><w:r><w:t>" + text.encode() + b"</w:t></w:r></w:p>"


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
          + b"".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">'.encode() for p, c in zip("abcdefgh", "bcdefghi"))
          + b"]><w:document " + W + b"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>")
XXE = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document ' + W
       + b"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>")


def _no_passwd(d, out):
    assert "root:" not in out, "external entity was resolved"


for cmd_name, cmd in (("check", ()), ("comments", ("--format", "docx", "-o", "o.docx")), ("fix", ("--fix", "-o", "o.docx")),
                      ("format", None)):
    def argv(name, cmd=cmd):
        return ["format", name, "-o", "o.docx"] if cmd is None else ["check", name, *cmd]

    for case, make, extra in [
        ("not-zip", raw("这不是 Word 文档".encode()), {}),
        ("empty", raw(b""), {}),
        ("truncated", lambda d, n: write(d, n, docx_bytes()[:2000]), {}),
        ("zip-no-document", variant(drop=(DOC,)), {}),
        ("zip-empty", raw(rezip(docx_bytes(), drop=tuple(zipfile.ZipFile(io.BytesIO(docx_bytes())).namelist()))), {}),
        ("document-not-xml", variant(change={DOC: b"not xml at all <<<"}), {}),
        ("document-empty", variant(change={DOC: b""}), {}),
        ("bomb", lambda d, n: bomb(d, n, size=200_000_000), {"timeout": 40}),
        ("entity-bomb", variant(change={DOC: LAUGHS}), {"subprocess": WATCH, "timeout": 30}),
        ("xxe", variant(change={DOC: XXE}), {"check": _no_passwd, "expect": "found" if cmd is not None else "failed",
                                              "absent": (), "says": None if cmd is not None else "d.docx"}),
        ("ole", raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)), {}),
        ("pdf-inside", raw(b"%PDF-1.4\n%%EOF\n"), {}),
    ]:
        add(f"pkg-{cmd_name}-{case}", "packages", (lambda make=make, argv=argv: lambda d: (make(d, "d.docx"), argv("d.docx"))[1])(),
            **{"expect": "failed", "says": "d.docx", "absent": ("o.docx",), **extra})

for case, make, expect in [
    ("deep-xml", variant(change={DOC: body(b"<w:p>" + b"<w:r>" * 50_000 + b"</w:r>" * 50_000 + b"</w:p>")}), "failed"),
    ("no-content-types", variant(drop=("[Content_Types].xml",)), "failed"),
    ("content-types-garbage", variant(change={"[Content_Types].xml": b"\x00\x01garbage"}), "failed"),
    ("rels-garbage", variant(change={"word/_rels/document.xml.rels": b"<<<"}), "failed"),
    ("root-rels-missing", variant(drop=("_rels/.rels",)), "failed"),
    ("styles-garbage", variant(change={"word/styles.xml": b"<w:styles><<<"}), "failed"),
    ("settings-garbage", variant(change={"word/settings.xml": b"\xff\xfe"}), "failed"),
    ("numbering-garbage", variant(add={"word/numbering.xml": b"<garbage"}), "failed"),
    ("traversal-member", variant(add={"../../evil.txt": b"x", "/abs/evil.txt": b"y"}), "found"),
    ("many-members", variant(add={f"x/{i}.bin": b"" for i in range(12_000)}), "failed"),
    ("stored", lambda d, n: write(d, n, rezip(docx_bytes(), method=zipfile.ZIP_STORED)), "found"),
    ("duplicate-document", lambda d, n: write(d, n, _dup_member()), "failed"),
    ("ratio-bomb", lambda d, n: bomb(d, n, member="word/media/x.bin", size=30_000_000), "failed"),
    ("huge-paragraph", variant(change={DOC: body(para("我镇" * 100_000))}), "found"),
    ("many-paragraphs", variant(change={DOC: body(b"".join(para(f"第{i}段，共有网站1个。") for i in range(3000)))}), "found"),
    ("control-chars-in-text", variant(change={DOC: body(para("我镇&#27;[31m在xx年"))}), "failed"),
    ("bidi-text", variant(change={DOC: body(para("我镇\u202e告报\u202c共有网站1个。"))}), "found"),
    ("unknown-namespace", variant(change={DOC: b"<x:doc xmlns:x='urn:x'><x:body/></x:doc>"}), "failed"),
    ("dotx-name", lambda d, n: write(d, "d.dotx", docx_bytes()) and None, "found"),
]:
    name = "d.dotx" if case == "dotx-name" else "d.docx"
    add(f"pkg-check-{case}", "packages", pkg(make, name, "check", name), expect=expect, timeout=60)

add("pkg-docm-name", "packages", pkg(lambda d, n: write(d, n, docx_bytes()), "d.docm", "check", "d.docm"), expect="found")
add("pkg-docx-named-xlsx", "packages", pkg(lambda d, n: write(d, n, docx_bytes()), "d.xlsx", "check", "d.xlsx"), expect="refused",
    says="xlsx")
add("pkg-format-deep-xml", "packages",
    pkg(variant(change={DOC: body(b"<w:p>" + b"<w:r>" * 50_000 + b"</w:r>" * 50_000 + b"</w:p>")}), "d.docx",
        "format", "d.docx", "-o", "o.docx"), expect="failed", absent=("o.docx",))


def _dup_member():
    buf = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buf, "w") as z:
            for i in src.infolist():
                z.writestr(i.filename, src.read(i.filename))
            z.writestr(DOC, b"<duplicate/>")
    return buf.getvalue()


# ---------------------------------------------------------------- other formats
def other(name, data):
    return lambda d: (write(d, name, data), ["check", name])[1]


for name, data, expect in [
        ("x.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "failed"), ("x.pdf", b"not a pdf", "failed"),
        ("x.pdf", b"%PDF-1.4\n" + b"\x00" * 5000, "failed"), ("x.ofd", b"PK\x03\x04broken", "failed"),
        ("x.ofd", b"plain text", "failed"),         ("x.doc", b"random bytes \xff\xfe", "failed"), ("x.wps", bytes(range(256)) * 8, "failed"),
        ("x.odt", b"PK\x03\x04", "failed"),
        ("x.html", b"<html><body>" + b"<div>" * 20000 + b"</body></html>", "failed"), ("x.html", b"\x00\x00\x00", "failed"),
        ("x.html", "<html><script>alert(1)</script><p>我镇\x1b[31m共有网站1个。</p></html>".encode(), "found"),
        ("x.htm", b"<meta charset=gbk><p>" + "政府网站".encode("gbk") + b"</p>", "found")]:
    tag = name.split(".")[1] + "-" + str(sum(data) % 10_000)
    add(f"fmt-{tag}", "packages", other(name, data), expect=expect, says=None if expect == "found" else name.replace(".", r"\."),
        timeout=60, english_ok=("alert",), check=lambda d, out: _no_raw(out))


def _no_raw(out):
    from .cases_inputs import _no_raw_escape
    _no_raw_escape(out)


def _ofd_bomb(d, megabytes=320):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("OFD.xml", "w", force_zip64=True) as m:
            for _ in range(megabytes):
                m.write(b" " * 1_000_000)
    write(d, "x.ofd", buf.getvalue())


add("fmt-ofd-bomb", "packages", lambda d: (_ofd_bomb(d), ["check", "x.ofd"])[1], expect="failed", says=r"x\.ofd", timeout=40)


# 60 MB of one repeated byte: under the unpacked-size cap, but a ratio no real OFD has
add("fmt-ofd-ratio-bomb", "packages", lambda d: (_ofd_bomb(d, 60), ["check", "x.ofd"])[1], expect="failed",
    says=r"x\.ofd.*压缩比", timeout=20)
for fixture in ("draft.wps", "draft.ofd", "draft.pdf", "page.html"):
    if (FORMATS / fixture).exists():
        data = (FORMATS / fixture).read_bytes()
        add(f"fmt-truncated-{fixture}", "packages", other(fixture, data[: len(data) // 3]), expect="failed", timeout=60)
