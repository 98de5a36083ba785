"""Folder checking: 200 mixed drafts checked by `gwreport check 文件夹 -j 2`.

    .venv/bin/python benchmarks/check_folder.py [--files 200] [--jobs 2]

The folder is built from real official text (../shared/data/govcorpus, reports part) cut into
drafts of 1,500–4,000 characters with typical slips put in: .txt (UTF-8 and GBK), .md, .docx
(python-docx default template), .html pages, plus copies of the LibreOffice-made .pdf/.ofd/.doc
fixtures. Prints files/s, wall time and the peak memory of the whole process tree (parent and
workers, sampled every 50 ms from /proc), and checks the parallel result equals -j 1's.
"""
from __future__ import annotations

import argparse
import json
import lzma
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = next((d / "shared" / "data" / "govcorpus" / "reports.txt.xz" for d in (ROOT.parent, ROOT.parent.parent)
               if (d / "shared" / "data" / "govcorpus").is_dir()), ROOT.parent / "shared" / "data" / "govcorpus" / "reports.txt.xz")
FIXTURES = ROOT / "tests" / "data" / "formats"
SLIPS = [("部署", "布署"), ("安装", "按装"), ("账户", "帐户"), ("截至", "截止"), ("，", ","), ("的", "的的")]


def paragraphs(n_chars: int) -> list[str]:
    out, total = [], 0
    with lzma.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if 30 <= len(line) <= 400:
                out.append(line)
                total += len(line)
                if total >= n_chars:
                    break
    return out


def make_folder(root: Path, n: int, seed: int = 7) -> dict[str, int]:
    import docx

    rnd = random.Random(seed)
    paras = paragraphs(n * 3000)
    pos = 0
    kinds: dict[str, int] = {}
    plan = (["txt"] * 6 + ["docx"] * 6 + ["md"] * 3 + ["gbk"] * 2 + ["html"] * 2 + ["pdf", "ofd"]) * 10
    for i in range(n):
        kind = plan[i % len(plan)] if i >= 4 else "doc"  # a few .doc through LibreOffice
        size = rnd.randint(1500, 4000)
        body, got = [], 0
        while got < size:
            p = paras[pos % len(paras)]
            pos += 1
            for good, bad in SLIPS:
                if good in p and rnd.random() < 0.15:
                    p = p.replace(good, bad, 1)
            body.append(p)
            got += len(p)
        sub = root / f"乡镇{i % 12:02d}"
        sub.mkdir(exist_ok=True)
        name = f"材料{i:03d}"
        if kind in ("txt", "gbk", "md"):
            text = "\n".join(("# " + body[0][:20]) if kind == "md" and k == 0 else b for k, b in enumerate(body))
            enc = "gbk" if kind == "gbk" else "utf-8"
            (sub / f"{name}.{'md' if kind == 'md' else 'txt'}").write_bytes(text.encode(enc, "replace") + b"\n")
        elif kind == "docx":
            d = docx.Document()
            d.add_paragraph(body[0][:24], style="Title")
            for b in body:
                d.add_paragraph(b)
            d.save(sub / f"{name}.docx")
        elif kind == "html":
            html = "".join(f"<p>{b}</p>" for b in body)
            (sub / f"{name}.html").write_text(
                f"<html><head><meta charset='utf-8'><title>{body[0][:20]}</title></head><body>"
                f"<nav>首页 | 政务公开 | 上一篇 下一篇</nav><article><h1>{body[0][:20]}</h1>{html}</article>"
                "<footer>主办：某县人民政府 版权所有</footer></body></html>", encoding="utf-8")
        else:
            src = {"pdf": "draft.pdf", "ofd": "draft.ofd", "doc": "draft.doc"}[kind]
            shutil.copy(FIXTURES / src, sub / f"{name}.{kind}")
        kinds[kind] = kinds.get(kind, 0) + 1
    (root / "~$材料000.docx").write_bytes(b"owner file")
    (root / ".DS_Store").write_bytes(b"\0")
    return kinds


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of pid and all its descendants."""
    total = 0
    try:
        import psutil
        p = psutil.Process(pid)
        for q in [p, *p.children(recursive=True)]:
            try:
                total += q.memory_info().rss
            except psutil.Error:
                pass
    except Exception:
        pass
    return total


def run(folder: Path, jobs: int) -> tuple[float, int, dict, int]:
    cmd = [sys.executable, "-c", "from gwreport.cli import main; main()", "check", str(folder),
           "--format", "json", "-j", str(jobs)]
    out = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode("utf-8", "replace")
    out.seek(0)
    data = json.loads(out.read().decode("utf-8"))
    if err.strip():
        print(err.strip()[:2000], file=sys.stderr)
    return wall, peak, data, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--compare", action="store_true", help="also run -j 1 and compare results")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gw-folder-") as tmp:
        folder = Path(tmp) / "材料"
        folder.mkdir()
        kinds = make_folder(folder, args.files)
        print(f"folder: {args.files} files {kinds}")
        wall, peak, data, rc = run(folder, args.jobs)
        s = data["summary"]
        print(f"-j {args.jobs}: {s['files']} checked, {s.get('unreadable', 0)} unreadable, "
              f"{s['errors']} errors / {s['warnings']} warnings, exit {rc}")
        print(f"wall {wall:.1f} s, {args.files / wall:.2f} files/s, peak memory (all processes) {peak / 2**20:.0f} MB")
        if args.compare:
            wall1, peak1, data1, _ = run(folder, 1)
            print(f"-j 1: wall {wall1:.1f} s, {args.files / wall1:.2f} files/s, peak {peak1 / 2**20:.0f} MB; "
                  f"same findings: {data1['files'] == data['files']}")


if __name__ == "__main__":
    main()
