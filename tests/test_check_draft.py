"""A realistic township draft full of error classes is fully marked; the clean set is silent."""
from __future__ import annotations

from pathlib import Path

from gwreport.config import Config
from gwreport.findings import TextUnit
from gwreport.proofread import proofread
from gwreport.readers import read_draft

DATA = Path(__file__).parent / "data"
CFG = Config(spelling="off")

# (line, rule) pairs a careful 校对 would mark in check_township_draft.txt
EXPECTED = {
    (1, "GW601"), (1, "GW322"),
    (3, "GW503"),
    (4, "GW321"), (4, "GW301"), (4, "GW317"),
    (6, "GW102"), (6, "GW801"),
    (7, "GW802"),
    (8, "GW501"), (9, "GW501"), (9, "GW502"),
    (10, "GW101"), (10, "GW203"),
    (12, "GW501"), (12, "GW307"), (12, "GW306"),
    (13, "GW501"), (13, "GW101"),
    (14, "GW502"),
    (15, "GW701"), (15, "GW309"), (15, "GW308"),
    (16, "GW304"), (16, "GW303"), (16, "GW311"),
    (17, "GW310"), (17, "GW313"),
    (18, "GW602"), (19, "GW602"),
    (20, "GW504"),
    (21, "GW601"),
    (22, "GW314"),
}


def test_township_draft_all_marked():
    draft = read_draft(DATA / "check_township_draft.txt")
    found = proofread(draft.units, CFG)
    got = {(f.line, f.rule) for f in found}
    missing = EXPECTED - got
    assert not missing, sorted(missing)
    # every finding has a Chinese reason
    assert all(f.message and any("\u4e00" <= c <= "\u9fff" for c in f.message) for f in found)
    # nothing unexpected on the lines that are correct
    assert not [f for f in found if f.line in (2, 5, 11)]


def _clean_lines():
    return [ln for ln in (DATA / "clean_sentences.txt").read_text(encoding="utf-8").splitlines()]


def test_clean_set_is_large_enough():
    assert len([ln for ln in _clean_lines() if ln.strip()]) >= 150


def test_clean_sentences_as_document_zero_findings():
    lines = _clean_lines()
    found = proofread([TextUnit(i + 1, t) for i, t in enumerate(lines)], CFG)
    assert not found, [(f.line, f.rule, f.text, f.message) for f in found]


def test_clean_sentences_one_by_one_zero_findings():
    cfg = Config(spelling="off", ignore={"GW502"})  # numbering needs the whole document
    bad = []
    for line in _clean_lines():
        for f in proofread([TextUnit(1, line)], cfg):
            bad.append((line, f.rule, f.text, f.message))
    assert not bad, bad


def test_clean_sentences_with_roles_from_model():
    """Units coming from the document model carry roles; still silent."""
    lines = _clean_lines()
    units = [TextUnit(i + 1, t, "body") for i, t in enumerate(lines[24:])]
    assert not proofread(units, Config(spelling="off", ignore={"GW502"}))


def test_same_findings_from_docx(tmp_path):
    import docx
    lines = (DATA / "check_township_draft.txt").read_text(encoding="utf-8").splitlines()
    d = docx.Document()
    for ln in lines:
        d.add_paragraph(ln)
    p = tmp_path / "draft.docx"
    d.save(str(p))
    from_txt = {(f.line, f.column, f.rule) for f in proofread(read_draft(DATA / "check_township_draft.txt").units, CFG)}
    from_docx = {(f.line, f.column, f.rule) for f in proofread(read_draft(p).units, CFG)}
    assert from_txt == from_docx
