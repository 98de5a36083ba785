"""OFD drafts (GB/T 33190-2016, the national fixed-layout format) read natively.

An .ofd is a zip of XML parts: OFD.xml names the document root (Doc_0/Document.xml), which
lists the pages; each page's Content.xml holds TextObjects whose TextCode elements carry the
text and its position in millimetres (y grows downwards). Text codes sharing a baseline make a
line; lines.py rebuilds paragraphs. Positions are page/line; no GW9xx layout rules run.
"""
from __future__ import annotations

import posixpath

import zipfile
from pathlib import Path

from ..errors import InputError
from .lines import PageLine, paragraphs, units_and_places

MAX_OFD_BYTES = 100 * 1024 * 1024
MAX_UNPACKED = 300 * 1024 * 1024
MAX_MEMBERS = 20000
MAX_PAGES = 2000


def _parser():
    from lxml import etree
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el, name: str):
    return [c for c in el.iter() if _local(c) == name]


def _floats(s: str | None) -> list[float]:
    out: list[float] = []
    toks = (s or "").split()
    i = 0
    while i < len(toks):
        if toks[i] == "g" and i + 2 < len(toks):  # "g 3 5.6": three advances of 5.6
            try:
                out += [float(toks[i + 2])] * min(int(toks[i + 1]), 10000)
            except ValueError:
                pass
            i += 3
            continue
        try:
            out.append(float(toks[i]))
        except ValueError:
            pass
        i += 1
    return out


class _Package:
    def __init__(self, p: Path):
        self.where = str(p)
        try:
            self.z = zipfile.ZipFile(p)
        except (zipfile.BadZipFile, OSError):
            raise InputError(f"{p} 已损坏或不是 OFD 文件（OFD 应为 zip 压缩包），无法打开") from None
        infos = self.z.infolist()
        if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise InputError(f"{p} 解压后过大，疑似异常文件，已拒绝读取")
        from ..safeio import check_zip
        try:  # the same compression-ratio cap as Office packages
            check_zip(self.z, self.where, max_total=MAX_UNPACKED)
        except InputError:
            self.z.close()
            raise
        self.names = {i.filename.lstrip("/"): i for i in infos}

    def xml(self, name: str):
        from lxml import etree
        key = posixpath.normpath(name.lstrip("/")).lstrip("/")
        info = self.names.get(key)
        if info is None:
            # some producers differ in case only
            info = next((v for k, v in self.names.items() if k.lower() == key.lower()), None)
        if info is None:
            raise InputError(f"{self.where} 不是完整的 OFD 文件：缺少 {key}")
        try:
            return etree.fromstring(self.z.read(info), _parser())
        except etree.XMLSyntaxError as e:
            raise InputError(f"{self.where} 中的 {key} 不是有效的 XML（第 {e.lineno} 行）") from None
        except (zipfile.BadZipFile, OSError, RuntimeError):
            raise InputError(f"{self.where} 中的 {key} 已损坏或已加密，无法读取") from None


def ofd_lines(p: Path) -> tuple[list[PageLine], int]:
    pkg = _Package(p)
    try:
        root = pkg.xml("OFD.xml")
        doc_roots = [(e.text or "").strip() for e in _children(root, "DocRoot") if (e.text or "").strip()]
        if not doc_roots:
            raise InputError(f"{p} 不是有效的 OFD 文件：OFD.xml 中没有 DocRoot")
        doc_path = doc_roots[0].lstrip("/")
        base = posixpath.dirname(doc_path)
        doc = pkg.xml(doc_path)
        pages = _children(doc, "Page")
        pages = [pg for pg in pages if pg.get("BaseLoc")]
        if len(pages) > MAX_PAGES:
            raise InputError(f"{p} 有 {len(pages)} 页，超过 {MAX_PAGES} 页的上限，疑似异常文件")
        lines: list[PageLine] = []
        for pno, pg in enumerate(pages, 1):
            loc = pg.get("BaseLoc")
            loc = loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc)
            lines += _page_lines(pkg.xml(loc), pno)
        return lines, len(pages)
    finally:
        pkg.z.close()


def _page_lines(page, pno: int) -> list[PageLine]:
    codes = []  # (baseline y, x0, x1, size, text)
    for obj in _children(page, "TextObject"):
        box = _floats(obj.get("Boundary"))
        bx, by = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
        try:
            size = float(obj.get("Size") or 3.5)
        except ValueError:
            size = 3.5
        x = y = 0.0
        for tc in _children(obj, "TextCode"):
            text = tc.text or ""
            if not text.strip():
                continue
            try:
                x = float(tc.get("X")) if tc.get("X") is not None else x
                y = float(tc.get("Y")) if tc.get("Y") is not None else y
            except ValueError:
                pass
            deltas = _floats(tc.get("DeltaX"))
            width = sum(deltas[:len(text) - 1]) + size if deltas else size * len(text)
            codes.append((by + y, bx + x, bx + x + width, size, text))
    codes.sort(key=lambda c: (c[0], c[1]))
    out: list[PageLine] = []
    group: list = []

    def flush():
        if group:
            group.sort(key=lambda c: c[1])
            size = max(c[3] for c in group)
            base = group[0][0]
            out.append(PageLine(pno, group[0][1], max(c[2] for c in group), base - size, base,
                                "".join(c[4] for c in group)))

    for c in codes:
        if group and abs(c[0] - group[0][0]) > 0.4 * max(c[3], group[0][3]):
            flush()
            group = []
        group.append(c)
    flush()
    return out


def read_ofd(p: Path):
    from ..draft import Draft

    spath = str(p)
    size = p.stat().st_size
    if size > MAX_OFD_BYTES:
        raise InputError(f"{spath} 太大（{size // 1024 // 1024} MB），超过 {MAX_OFD_BYTES // 1024 // 1024} MB 的上限")
    lines, pages = ofd_lines(p)
    if not any(ln.text.strip() for ln in lines):
        raise InputError(f"{spath} 中没有可提取的文字（共 {pages} 页；可能是扫描件），无法校对")
    units, places = units_and_places(paragraphs(lines))
    return Draft(spath, "ofd", units, places=places, source_kind="ofd")


