"""Catalogue: output paths of every writing command (never over an input, never over a file of
another kind, same-kind re-runs replaced atomically) and write failures (disk full, no
permission, file locked) — no partial file, a Chinese reason, exit 2."""
from __future__ import annotations

import errno
import os

from .cases_inputs import ALLOW_BOMB
from .harness import Case
from .material import DRAFT, docx, draft, facts, mkfifo, sample_table, write

CASES: list[Case] = []
WATCH = "watch"  # in-process with a SIGALRM watchdog (a few stay real subprocesses: REAL)
INPUT = r"输入文件|原文件|原稿"
KIND = r"扩展名|不是|内容是"


def add(*a, **kw):
    CASES.append(Case(*a, **kw))


def fix(out, name="d.txt", text=DRAFT.replace("。", ".", 1)):
    def setup(d):
        draft(d, name, text)
        return ["check", name, "--fix", "-o", out]
    return setup


def with_files(files: dict, argv):
    def setup(d):
        for k, v in files.items():
            if callable(v):
                v(d, k)
            else:
                write(d, k, v)
        return argv
    return setup


def _docx(d, name):
    docx(d, name)


def _facts(d, name):
    facts(d, name)


def _draft(d, name):
    draft(d, name, DRAFT.replace("。", ".", 1))


def _hardlink(src):
    return lambda d, name: os.link(d / src, d / name)


def _symlink(target):
    return lambda d, name: os.symlink(target if str(target).startswith("/") else d / target, d / name)


def _fifo(d, name):
    os.mkfifo(d / name)


def _dir(d, name):
    os.makedirs(d / name)


# ---------------------------------------------------------------- check --fix (text drafts)
add("fix-over-facts-yaml", "outputs", with_files({"d.txt": _draft, "facts.yaml": _facts}, ["check", "d.txt", "--fix", "-o", "facts.yaml"]),
    says=KIND)
add("fix-over-input", "outputs", fix("d.txt"), says=INPUT)
add("fix-over-hardlink", "outputs", with_files({"d.txt": _draft, "h.txt": _hardlink("d.txt")}, ["check", "d.txt", "--fix", "-o", "h.txt"]),
    says=INPUT)
add("fix-over-symlink", "outputs", with_files({"d.txt": _draft, "s.txt": _symlink("d.txt")}, ["check", "d.txt", "--fix", "-o", "s.txt"]),
    says=INPUT)
add("fix-over-dotdot", "outputs", fix("nosuch/../d.txt"), says=INPUT)
add("fix-over-abs-input", "outputs", lambda d: fix(str(d / "d.txt"))(d), says=INPUT)
add("fix-input-via-symlink-dir", "outputs",
    with_files({"d.txt": _draft, "link": _symlink(".")}, ["check", "d.txt", "--fix", "-o", "link/d.txt"]), says=INPUT)
add("fix-to-docx-name", "outputs", fix("out.docx"), says=KIND)
add("fix-to-xlsx-name", "outputs", fix("out.xlsx"), says=KIND)
add("fix-to-pdf-name", "outputs", fix("out.pdf"), says=KIND)
add("fix-to-no-ext", "outputs", fix("out"), says=KIND)
add("fix-over-existing-text", "outputs", with_files({"d.txt": _draft, "out.txt": "旧的修正稿\n"}, ["check", "d.txt", "--fix", "-o", "out.txt"]),
    expect="found", changes=("out.txt",), outputs=("out.txt",))
add("fix-over-docx-named-txt", "outputs", with_files({"d.txt": _draft, "out.txt": _docx}, ["check", "d.txt", "--fix", "-o", "out.txt"]),
    says="Word")
add("fix-over-xlsx-named-md", "outputs",
    with_files({"d.txt": _draft, "out.md": lambda d, n: write(d, n, _xlsx_bytes())}, ["check", "d.txt", "--fix", "-o", "out.md"]),
    says="Excel")
add("fix-over-binary-named-txt", "outputs",
    with_files({"d.txt": _draft, "out.txt": b"\x00\x01\x02binary"}, ["check", "d.txt", "--fix", "-o", "out.txt"]), says="二进制")
add("fix-over-folder", "outputs", with_files({"d.txt": _draft, "out.txt": _dir}, ["check", "d.txt", "--fix", "-o", "out.txt"]),
    says="文件夹")
add("fix-new-folders", "outputs", fix("a/b/c/out.txt"), expect="found", outputs=("a/b/c/out.txt",))
add("fix-parent-is-file", "outputs", with_files({"d.txt": _draft, "f": "x"}, ["check", "d.txt", "--fix", "-o", "f/out.txt"]),
    says="不是文件夹")
add("fix-md-for-txt", "outputs", fix("out.md"), expect="found", outputs=("out.md",))
add("fix-name-too-long", "outputs", fix("长" * 200 + ".txt"), says="过长")
add("fix-dangling-symlink", "outputs", with_files({"d.txt": _draft, "g.txt": _symlink("nowhere/x.txt")},
                                                  ["check", "d.txt", "--fix", "-o", "g.txt"]), says="符号链接")
add("fix-symlink-to-other-text", "outputs",
    with_files({"d.txt": _draft, "real.txt": "旧\n", "l.txt": _symlink("real.txt")}, ["check", "d.txt", "--fix", "-o", "l.txt"]),
    expect="found", changes=("real.txt",), check=lambda d, o: _still_link(d / "l.txt"))
add("fix-to-dev-null", "outputs", with_files({"d.txt": _draft, "n.txt": _symlink("/dev/null")}, ["check", "d.txt", "--fix", "-o", "n.txt"]), says="特殊文件")
add("fix-to-fifo", "special", with_files({"d.txt": _draft, "p.txt": _fifo}, ["check", "d.txt", "--fix", "-o", "p.txt"]),
    says="特殊文件", subprocess=WATCH, timeout=20)
add("fix-without-output", "outputs", with_files({"d.txt": _draft}, ["check", "d.txt", "--fix"]), says="-o|输出")
add("fix-two-files", "outputs", with_files({"d.txt": _draft, "e.txt": _draft}, ["check", "d.txt", "e.txt", "--fix", "-o", "x.txt"]),
    says="一个文件", absent=("x.txt",))
add("fix-over-config", "outputs",
    with_files({"d.txt": _draft, "cfg.yaml": "allow: [x]\n"}, ["check", "d.txt", "--config", "cfg.yaml", "--fix", "-o", "cfg.yaml"]),
    says=KIND + "|" + INPUT)
add("fix-idempotent-rerun", "outputs",
    lambda d: (fix("out.txt")(d), _run(["check", "d.txt", "--fix", "-o", "out.txt"]),
               ["check", "out.txt", "--fix", "-o", "out2.txt"])[2], expect="found", outputs=("out2.txt",),
    check=lambda d, o: _same(d / "out.txt", d / "out2.txt"))
add("fix-crlf-gbk", "outputs", lambda d: (write(d, "d.txt", DRAFT.replace("。", ".", 1).replace("\n", "\r\n").encode("gbk")),
                                          ["check", "d.txt", "--fix", "-o", "o.txt"])[1], expect="found",
    check=lambda d, o: (d / "o.txt").read_bytes().decode("gbk"))

# ---------------------------------------------------------------- check --fix / --format docx on .docx
add("docx-fix-over-input", "outputs", with_files({"d.docx": _docx}, ["check", "d.docx", "--fix", "-o", "d.docx"]), says=INPUT)
add("docx-fix-to-txt", "outputs", with_files({"d.docx": _docx}, ["check", "d.docx", "--fix", "-o", "out.txt"]), says=KIND)
add("docx-fix-over-other-docx", "outputs", with_files({"d.docx": _docx, "o.docx": _docx}, ["check", "d.docx", "--fix", "-o", "o.docx"]),
    expect="found", changes=("o.docx",))
add("docx-fix-over-text-named-docx", "outputs", with_files({"d.docx": _docx, "o.docx": "文本\n"}, ["check", "d.docx", "--fix", "-o", "o.docx"]),
    says="文本")
add("comments-over-input", "outputs", with_files({"d.docx": _docx}, ["check", "d.docx", "--format", "docx", "-o", "d.docx"]), says=INPUT)
add("comments-over-hardlink", "outputs", with_files({"d.docx": _docx, "h.docx": _hardlink("d.docx")},
                                                    ["check", "d.docx", "--format", "docx", "-o", "h.docx"]), says=INPUT)
add("comments-to-txt", "outputs", with_files({"d.docx": _docx}, ["check", "d.docx", "--format", "docx", "-o", "o.txt"]), says=KIND)
add("comments-over-xlsx-named-docx", "outputs",
    with_files({"d.docx": _docx, "o.docx": lambda d, n: write(d, n, _xlsx_bytes())}, ["check", "d.docx", "--format", "docx", "-o", "o.docx"]),
    says="Excel")
add("comments-ok", "outputs", with_files({"d.docx": _docx}, ["check", "d.docx", "--format", "docx", "-o", "o.docx"]),
    expect="found", outputs=("o.docx",))
add("comments-txt-input", "outputs", with_files({"d.txt": _draft}, ["check", "d.txt", "--format", "docx", "-o", "o.docx"]),
    says="docx", absent=("o.docx",))
add("xlsx-report-over-input", "outputs", with_files({"d.txt": _draft, "t.xlsx": lambda d, n: write(d, n, _xlsx_bytes())},
                                                    ["check", "d.txt", "--format", "xlsx", "-o", "d.txt"]), expect="failed")

# ---------------------------------------------------------------- build
add("build-over-facts", "outputs", with_files({"facts.yaml": _facts}, ["build", "facts.yaml", "-o", "facts.yaml"]), says=KIND)
add("build-over-symlink-facts", "outputs", with_files({"facts.yaml": _facts, "x.docx": _symlink("facts.yaml")},
                                                      ["build", "facts.yaml", "-o", "x.docx"]), says=INPUT)
add("build-over-reference", "outputs", with_files({"facts.yaml": _facts, "ref.docx": _docx},
                                                  ["build", "facts.yaml", "--template", "ref.docx", "-o", "ref.docx"]), says=INPUT)
add("build-over-reference-hardlink", "outputs",
    with_files({"facts.yaml": _facts, "ref.docx": _docx, "h.docx": _hardlink("ref.docx")},
               ["build", "facts.yaml", "--template", "ref.docx", "-o", "h.docx"]), says=INPUT)
add("build-over-real-docx", "outputs", with_files({"facts.yaml": _facts, "o.docx": _docx}, ["build", "facts.yaml", "-o", "o.docx"]),
    expect="found", changes=("o.docx",), outputs=("o.docx",))
add("build-over-text-named-docx", "outputs", with_files({"facts.yaml": _facts, "o.docx": "我的笔记\n"}, ["build", "facts.yaml", "-o", "o.docx"]),
    says="文本")
add("build-over-pdf-named-docx", "outputs", with_files({"facts.yaml": _facts, "o.docx": b"%PDF-1.7\n"}, ["build", "facts.yaml", "-o", "o.docx"]),
    says="PDF")
add("build-over-ole-named-docx", "outputs",
    with_files({"facts.yaml": _facts, "o.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)}, ["build", "facts.yaml", "-o", "o.docx"]),
    says="旧版")
add("build-over-folder", "outputs", with_files({"facts.yaml": _facts, "o.docx": _dir}, ["build", "facts.yaml", "-o", "o.docx"]),
    says="文件夹")
add("build-parent-is-file", "outputs", with_files({"facts.yaml": _facts}, ["build", "facts.yaml", "-o", "facts.yaml/o.docx"]),
    says="不是文件夹")
add("build-to-txt", "outputs", with_files({"facts.yaml": _facts}, ["build", "facts.yaml", "-o", "o.txt"]), says=KIND)
add("build-default-name", "outputs", with_files({"facts.yaml": _facts}, ["build", "facts.yaml"]), expect="found",
    check=lambda d, o: _one_new_docx(d))
add("build-reference-not-docx", "outputs", with_files({"facts.yaml": _facts, "ref.docx": "文本"},
                                                      ["build", "facts.yaml", "--template", "ref.docx", "-o", "o.docx"]),
    says="ref.docx", absent=("o.docx",))
add("build-reference-fifo", "special", with_files({"facts.yaml": _facts, "ref.docx": _fifo},
                                                  ["build", "facts.yaml", "--template", "ref.docx", "-o", "o.docx"]),
    says="管道", subprocess=WATCH, timeout=20, absent=("o.docx",))
add("build-reference-bomb", "outputs",
    lambda d: (facts(d), _bomb_docx(d, "ref.docx"), ["build", "facts.yaml", "--template", "ref.docx", "-o", "o.docx"])[2],
    says="压缩|解压", absent=("o.docx",), timeout=40)
add("build-profile-bomb", "config",
    lambda d: (facts(d), write(d, "p.yaml", ALLOW_BOMB),
               ["build", "facts.yaml", "--profile", "p.yaml", "-o", "o.docx"])[2], expect="failed",
    says="p.yaml", subprocess=WATCH, timeout=20, absent=("o.docx",))
add("build-profile-timestamp", "config",
    lambda d: (facts(d), write(d, "p.yaml", "fonts: !!timestamp foo\n"),
               ["build", "facts.yaml", "--profile", "p.yaml", "-o", "o.docx"])[2], expect="failed",
    says=r"p\.yaml 第\d+行", absent=("o.docx",))
add("build-profile-fifo", "special",
    lambda d: (facts(d), mkfifo(d, "p.yaml"), ["build", "facts.yaml", "--profile", "p.yaml", "-o", "o.docx"])[2],
    expect="failed", says="p.yaml", subprocess=WATCH, timeout=20)

# ---------------------------------------------------------------- format / pdf
add("format-over-input", "outputs", with_files({"d.docx": _docx}, ["format", "d.docx", "-o", "d.docx"]), says=INPUT)
add("format-over-symlink-input", "outputs", with_files({"d.docx": _docx, "s.docx": _symlink("d.docx")},
                                                       ["format", "d.docx", "-o", "s.docx"]), says=INPUT)
add("format-to-pdf", "outputs", with_files({"d.docx": _docx}, ["format", "d.docx", "-o", "o.pdf"]), says=KIND)
add("format-default-exists-xlsx", "outputs",
    with_files({"d.docx": _docx, "d-排版稿.docx": lambda d, n: write(d, n, _xlsx_bytes())}, ["format", "d.docx"]), says="Excel")
add("format-over-real-docx", "outputs", with_files({"d.docx": _docx, "o.docx": _docx}, ["format", "d.docx", "-o", "o.docx"]),
    expect="found", changes=("o.docx",), outputs=("o.docx",))
add("format-ok", "outputs", with_files({"d.docx": _docx}, ["format", "d.docx", "-o", "o.docx"]), expect="found",
    outputs=("o.docx",))
add("format-dry-run", "outputs", with_files({"d.docx": _docx}, ["format", "d.docx", "--dry-run"]), expect="found",
    absent=("d-排版稿.docx",))
add("format-txt", "outputs", with_files({"d.txt": _draft}, ["format", "d.txt"]), says="docx")
add("format-profile-list", "config", with_files({"d.docx": _docx, "p.yaml": "- a\n"}, ["format", "d.docx", "--profile", "p.yaml"]),
    expect="failed", says="p.yaml")
add("pdf-over-input", "outputs", with_files({"d.docx": _docx}, ["pdf", "d.docx", "-o", "d.docx"]), says=INPUT + "|" + KIND)
add("pdf-to-txt", "outputs", with_files({"d.docx": _docx}, ["pdf", "d.docx", "-o", "o.txt"]), says=KIND)
add("pdf-over-text-named-pdf", "outputs", with_files({"d.docx": _docx, "o.pdf": "文本\n"}, ["pdf", "d.docx", "-o", "o.pdf"]), says="文本")
add("pdf-over-docx-named-pdf", "outputs", with_files({"d.docx": _docx, "o.pdf": _docx}, ["pdf", "d.docx", "-o", "o.pdf"]), says="Word")
add("pdf-txt-input", "outputs", with_files({"d.txt": _draft}, ["pdf", "d.txt"]), says="docx")
add("pdf-not-zip", "outputs", with_files({"d.docx": "不是文档"}, ["pdf", "d.docx", "-o", "o.pdf"]), says="d.docx", absent=("o.pdf",))

# ---------------------------------------------------------------- new / schema
add("new-over-facts", "outputs", with_files({"facts.yaml": _facts}, ["new", "website-selfcheck", "-o", "facts.yaml"]), says="已存在")
add("new-to-docx", "outputs", lambda d: ["new", "website-selfcheck", "-o", "x.docx"], says=KIND + "|yaml", absent=("x.docx",))
add("new-ok", "outputs", lambda d: ["new", "website-selfcheck", "-o", "x.yaml"], expect="ok",
    outputs=("x.yaml", "website-selfcheck.schema.json"))
add("new-deep-folder", "outputs", lambda d: ["new", "website-selfcheck", "-o", "a/b/x.yaml"], expect="ok", outputs=("a/b/x.yaml",))
add("new-schema-user-file", "outputs", with_files({"website-selfcheck.schema.json": '{"mine": 1}'}, ["new", "website-selfcheck", "-o", "x.yaml"]),
    says="Schema", absent=("x.yaml",))
add("new-schema-garbage", "outputs", with_files({"website-selfcheck.schema.json": b"\xff\x00"}, ["new", "website-selfcheck", "-o", "x.yaml"]),
    says="Schema", absent=("x.yaml",))
add("new-schema-fifo", "special", with_files({"website-selfcheck.schema.json": _fifo}, ["new", "website-selfcheck", "-o", "x.yaml"]),
    says="Schema|管道|特殊", subprocess=WATCH, timeout=20, absent=("x.yaml",))
add("new-schema-dir", "outputs", with_files({"website-selfcheck.schema.json": _dir}, ["new", "website-selfcheck", "-o", "x.yaml"]),
    expect="refused", absent=("x.yaml",))
add("new-table-ok", "outputs", lambda d: ["new", "website-selfcheck", "--table", "-o", "t.xlsx"], expect="ok", outputs=("t.xlsx",))
add("new-table-over-xlsx", "outputs", with_files({"t.xlsx": lambda d, n: write(d, n, _xlsx_bytes())},
                                                 ["new", "website-selfcheck", "--table", "-o", "t.xlsx"]), says="已存在")
add("new-table-to-csv", "outputs", lambda d: ["new", "website-selfcheck", "--table", "-o", "t.csv"], says=KIND + "|xlsx",
    absent=("t.csv",))
add("new-table-to-yaml", "outputs", lambda d: ["new", "website-selfcheck", "--table", "-o", "t.yaml"], says=KIND + "|xlsx",
    absent=("t.yaml",))
add("new-dangling-symlink", "outputs", with_files({"x.yaml": _symlink("nowhere/x.yaml")}, ["new", "website-selfcheck", "-o", "x.yaml"]),
    expect="refused")
add("schema-to-txt", "outputs", lambda d: ["schema", "website-selfcheck", "-o", "s.txt"],
    says=KIND, absent=("s.txt",))
add("schema-over-docx-named-json", "outputs", with_files({"s.json": _docx}, ["schema", "website-selfcheck", "-o", "s.json"]),
    says="Word")


# ---------------------------------------------------------------- write failures
def _fail_replace(err):
    def patch(mp):
        real = os.replace

        def replace(src, dst, *a, **kw):
            if ".tmp" in str(src):
                raise OSError(err, os.strerror(err), str(dst))
            return real(src, dst, *a, **kw)
        mp.setattr(os, "replace", replace)
    return patch


def _fail_write(mp):
    """Disk full while the bytes are written (not only at the final rename)."""
    import builtins
    import io
    real_open = builtins.open

    class Full:
        def __init__(self, f):
            self.f = f

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, k):
            return getattr(self.f, k)

        def __enter__(self):
            return self

        def __exit__(self, *a):
            self.f.close()

    def fake_open(file, mode="r", *a, **kw):
        f = real_open(file, mode, *a, **kw)
        if ("w" in mode or "a" in mode) and ".tmp" in str(file):
            return Full(f)
        return f
    mp.setattr(builtins, "open", fake_open)
    mp.setattr(io, "open", fake_open)  # pathlib opens through io.open


FULL = "磁盘空间不足"
for err, words, tag in ((errno.ENOSPC, FULL, "full"), (errno.EACCES, "权限|打开", "locked"),
                        (errno.EROFS, "只读", "readonly"), (errno.EDQUOT, "配额", "quota"), (errno.EIO, "读写出错", "eio")):
    add(f"write-{tag}-fix", "disk", fix("o.txt"), patch=_fail_replace(err), says=words, absent=("o.txt",))
    add(f"write-{tag}-build", "disk", with_files({"facts.yaml": _facts}, ["build", "facts.yaml", "-o", "o.docx"]),
        patch=_fail_replace(err), says=words, absent=("o.docx",))
add("write-full-build-rerun-keeps-old", "disk", with_files({"facts.yaml": _facts, "o.docx": _docx}, ["build", "facts.yaml", "-o", "o.docx"]),
    patch=_fail_replace(errno.ENOSPC), says=FULL)
add("write-full-comments", "disk", with_files({"d.docx": _docx}, ["check", "d.docx", "--format", "docx", "-o", "o.docx"]),
    patch=_fail_replace(errno.ENOSPC), says=FULL, absent=("o.docx",))
add("write-full-docx-fix", "disk", with_files({"d.docx": _docx}, ["check", "d.docx", "--fix", "-o", "o.docx"]),
    patch=_fail_replace(errno.ENOSPC), says=FULL, absent=("o.docx",))
add("write-full-format", "disk", with_files({"d.docx": _docx}, ["format", "d.docx", "-o", "o.docx"]),
    patch=_fail_replace(errno.ENOSPC), says=FULL, absent=("o.docx",))
add("write-full-new", "disk", lambda d: ["new", "website-selfcheck", "-o", "x.yaml"], patch=_fail_replace(errno.ENOSPC),
    says=FULL, absent=("x.yaml", "website-selfcheck.schema.json"))
add("write-full-new-table", "disk", lambda d: ["new", "website-selfcheck", "--table", "-o", "t.xlsx"],
    patch=_fail_replace(errno.ENOSPC), says=FULL, absent=("t.xlsx",))
add("write-full-schema", "disk", lambda d: ["schema", "website-selfcheck", "-o", "s.json"], patch=_fail_replace(errno.ENOSPC),
    says=FULL, absent=("s.json",))
add("write-full-during-fix", "disk", fix("o.txt"), patch=_fail_write, says=FULL, absent=("o.txt",))
add("write-full-during-new", "disk", lambda d: ["new", "website-selfcheck", "-o", "x.yaml"], patch=_fail_write, says=FULL,
    absent=("x.yaml",))
add("write-full-batch-docs", "disk",
    lambda d: (sample_table(d),
               ["batch", "t.csv", "--base", "base.yaml", "-o", "out", "-j", "1", "--no-check"])[1],
    patch=_fail_replace(errno.ENOSPC), expect="failed", says=FULL, check=lambda d, o: _no_docx(d))


def _no_docx(d):
    assert not list((d / "out").glob("*.docx")) if (d / "out").exists() else True


def _xlsx_bytes():
    import io
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active["A1"] = "单位名称"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _bomb_docx(d, name):
    from .material import bomb
    bomb(d, name, size=200_000_000)


def _still_link(p):
    assert p.is_symlink(), "the symlink itself was replaced"


def _same(a, b):
    assert a.read_bytes() == b.read_bytes(), "a second --fix changed the text"


def _one_new_docx(d):
    assert len(list(d.glob("*.docx"))) == 1


def _run(argv):
    from .harness import _run_inprocess
    code, out, err = _run_inprocess(argv, None)
    assert code in (0, 1), out + err
