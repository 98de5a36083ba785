"""Damaged packages in, well-formed packages out: never two zip entries with the same name."""
from __future__ import annotations

import io
import re
import warnings
import zipfile
from pathlib import Path

import docx
import pytest

from gwreport.docx_writer import unique_names, write_docx
from gwreport.docxformat import format_docx
from gwreport.layout import audit_docx
from gwreport.model import Document, parse_body

TEXTS = ["某某镇人民政府关于政府网站自查情况的报告", "县人民政府办公室：", "现将有关情况报告如下。"]


def _plain_bytes() -> bytes:
    d = docx.Document()
    for t in TEXTS:
        d.add_paragraph(t)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def crafted(path: Path, *, rel_type: bytes | None = b"relationships/stylez\"",
            duplicate_styles: bool = False) -> Path:
    """A package whose styles relationship has a wrong type (python-docx then keeps the old
    word/styles.xml as a stray part and adds a new one of the same name), and/or with the
    styles part stored twice in the zip."""
    src = zipfile.ZipFile(io.BytesIO(_plain_bytes()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the duplicate entry below is on purpose
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for n in src.namelist():
                data = src.read(n)
                if n == "word/_rels/document.xml.rels" and rel_type is not None:
                    assert b'relationships/styles"' in data
                    data = data.replace(b'relationships/styles"', rel_type)
                out.writestr(n, data)
                if n == "word/styles.xml" and duplicate_styles:
                    out.writestr(n, data)
    return path


def assert_well_formed(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        ct = z.read("[Content_Types].xml").decode("utf-8")
    lower = [n.lower() for n in names]
    assert len(set(lower)) == len(lower), sorted(n for n in names if lower.count(n.lower()) > 1)
    # every XML part has a content type
    overrides = {m.lower() for m in re.findall(r'PartName="/([^"]+)"', ct)}
    for n in names:
        if n.endswith(".xml") and n != "[Content_Types].xml":
            assert n.lower() in overrides or 'Extension="xml"' in ct, n


@pytest.mark.parametrize("kw", [dict(), dict(duplicate_styles=True), dict(rel_type=None, duplicate_styles=True)])
def test_format_never_writes_duplicate_entries(tmp_path, kw):
    src = crafted(tmp_path / "坏样式.docx", **kw)
    out = tmp_path / "排版稿.docx"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        format_docx(src, out)
    assert not [w for w in caught if "Duplicate name" in str(w.message)]  # zipfile's warning
    assert_well_formed(out)
    d = docx.Document(str(out))
    assert [p.text for p in d.paragraphs if p.text] == [t for t in TEXTS if t]  # + 标题下空一行
    assert "公文正文" in [s.name for s in d.styles]
    assert not [f for f in audit_docx(out) if f.rule in ("GW904", "GW905")]


def test_stray_styles_part_was_really_there(tmp_path):
    """The crafted package does reproduce the bug in python-docx itself (so the test above can fail)."""
    d = docx.Document(str(crafted(tmp_path / "x.docx")))
    _ = d.styles  # python-docx adds a default styles part under the taken name
    names = [str(p.partname) for p in d.part.package.iter_parts()]
    assert names.count("/word/styles.xml") == 2


def test_build_with_a_damaged_reference_document(tmp_path):
    ref = crafted(tmp_path / "模板.docx", duplicate_styles=True)
    doc = Document(title="关于某事的报告", body=parse_body("正文内容。"), addressee="县政府")
    out = tmp_path / "报告.docx"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_docx(doc, out, reference=ref)
    assert not [w for w in caught if "Duplicate name" in str(w.message)]
    assert_well_formed(out)
    assert [p.text for p in docx.Document(str(out)).paragraphs][-1] == "正文内容。"


def test_unique_names_keeps_the_first_of_each():
    assert unique_names(["a.xml", "word/styles.xml", "word/Styles.xml", "a.xml", "b"]) == \
        ["a.xml", "word/styles.xml", "b"]
