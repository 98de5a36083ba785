"""Inputs for the hostile catalogue, built at test time (big ones too: nothing large is committed)."""
from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
TEMPLATES = ROOT / "templates"

SAMPLE = (SAMPLES / "website-selfcheck.yaml").read_text(encoding="utf-8")
DRAFT = ("关于开展政府网站自查工作的报告\n\n县政府办公室：\n\n"
         "根据工作安排，我镇于2024年9月开展了政府网站自查。现将有关情况报告如下。\n\n"
         "一、总体情况\n\n全镇共有网站1个，已全部检查。\n\n特此报告。\n")


def write(folder: Path, name: str, data) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        p.write_text(data, encoding="utf-8")
    else:
        p.write_bytes(data)
    return p


def facts(folder: Path, name: str = "facts.yaml", text: str = SAMPLE, extra: str = "") -> Path:
    return write(folder, name, text + extra)


def facts_with(replace: dict, extra: str = "") -> str:
    text = SAMPLE
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text + extra


def draft(folder: Path, name: str = "d.txt", text: str = DRAFT) -> Path:
    return write(folder, name, text)


def docx_bytes(paragraphs=("关于开展自查工作的报告", "县政府办公室：", "现将有关情况报告如下。", "特此报告。")) -> bytes:
    from docx import Document
    d = Document()
    for t in paragraphs:
        d.add_paragraph(t)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


_DOCX_CACHE: dict = {}


def docx(folder: Path, name: str = "d.docx", **kw) -> Path:
    key = tuple(sorted(kw.items()))
    if key not in _DOCX_CACHE:
        _DOCX_CACHE[key] = docx_bytes(**kw)
    return write(folder, name, _DOCX_CACHE[key])


def rezip(data: bytes, change: dict | None = None, drop: tuple = (), add: dict | None = None,
          method=zipfile.ZIP_DEFLATED) -> bytes:
    """A copy of an Office package with members replaced, dropped or added."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for info in src.infolist():
            if info.filename in drop:
                continue
            body = (change or {}).get(info.filename, src.read(info.filename))
            z.writestr(info.filename, body)
        for k, v in (add or {}).items():
            z.writestr(k, v)
    return out.getvalue()


def docx_variant(folder: Path, name: str, **kw) -> Path:
    return write(folder, name, rezip(docx_bytes(), **kw))


_BOMBS: dict = {}


def bomb(folder: Path, name: str, member: str = "word/document.xml", size: int = 200_000_000,
         base: bytes | None = None) -> Path:
    """A small package whose one member inflates to size bytes (deflate ~1000:1); made once per
    (member, size, base) and reused."""
    base = base if base is not None else docx_bytes()
    key = (member, size, hash(base))
    if key in _BOMBS:
        return write(folder, name, _BOMBS[key])
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename != member:
                z.writestr(info.filename, src.read(info.filename))
        with z.open(member, "w", force_zip64=True) as m:
            chunk = b" " * 1_000_000
            for _ in range(size // len(chunk)):
                m.write(chunk)
    _BOMBS[key] = out.getvalue()
    return write(folder, name, _BOMBS[key])


def sample_table(folder: Path, name: str = "t.csv") -> Path:
    """The shipped batch table (CSV) with its 清单 and base facts beside it."""
    src = SAMPLES / "batch"
    stem = Path(name).stem
    shutil.copy(src / "填报表.csv", folder / name) if name.endswith(".csv") else \
        shutil.copy(src / "填报表.xlsx", folder / name)
    shutil.copy(src / "填报表-清单.csv", folder / f"{stem}-清单.csv")
    shutil.copy(src / "base.yaml", folder / "base.yaml")
    return folder / name


def csv_rows(folder: Path, rows: list[list[str]], name: str = "t.csv", keep: int | None = None) -> Path:
    """The sample table's header with the given rows (or its first keep rows edited)."""
    import csv
    sample_table(folder, name)
    (folder / f"{Path(name).stem}-清单.csv").unlink()
    with open(SAMPLES / "batch" / "填报表.csv", encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    body = rows if keep is None else table[1:1 + keep]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(table[0])
    for r in body:
        w.writerow(r)
    return write(folder, name, buf.getvalue().encode("utf-8-sig"))


def sample_row(**cells) -> list[str]:
    """The first sample row with some columns (by header) replaced."""
    import csv
    with open(SAMPLES / "batch" / "填报表.csv", encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    head, row = table[0], list(table[1])
    for k, v in cells.items():
        row[head.index(k)] = v
    return row


def user_genre(folder: Path, body: str | None = None, genre_extra: str = "", genre_yaml: str | None = None,
               gid: str = "mine", files: dict | None = None) -> Path:
    """A user genre folder (templates/<gid>/) copied from website-selfcheck, then altered."""
    base = folder / "templates"
    g = base / gid
    shutil.copytree(TEMPLATES / "website-selfcheck", g)
    text = (g / "genre.yaml").read_text(encoding="utf-8").replace("id: website-selfcheck", f"id: {gid}", 1)
    if genre_yaml is not None:
        text = genre_yaml
    (g / "genre.yaml").write_text(text + genre_extra, encoding="utf-8")
    if body is not None:
        (g / "body.md.j2").write_text(body, encoding="utf-8")
    for k, v in (files or {}).items():
        write(g, k, v)
    facts(folder, "facts.yaml", SAMPLE.replace("genre: website-selfcheck", f"genre: {gid}", 1))
    return base


def mkfifo(folder: Path, name: str) -> Path:
    p = folder / name
    os.mkfifo(p)
    return p


def symlink(folder: Path, name: str, target) -> Path:
    p = folder / name
    p.symlink_to(target)
    return p
