"""One model, one role inference: build's model, the .docx it writes read back by `check`, and the
layout audit give every paragraph the same role; `check` with the same config finds nothing in
what `build` and `format` write."""
from __future__ import annotations

from pathlib import Path

import pytest

from gwreport.check import check
from gwreport.config import Config
from gwreport.docx_writer import write_docx
from gwreport.docxformat import format_docx
from gwreport.genre import GenreRegistry
from gwreport.layout import audit_docx, roles_of
from gwreport.pipeline import build_file
from gwreport.readers import read_draft

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
DATA = ROOT / "tests" / "data"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_build_model_check_and_audit_agree_and_find_nothing(sample, tmp_path):
    res = build_file(sample, GenreRegistry())
    out = tmp_path / "out.docx"
    write_docx(res.document, out)
    built = [u.role for u in res.document.text_units()]
    read = [u.role for u in read_draft(out).units]
    audited = [r for _, r, _ in roles_of(out)]
    assert built == read == audited
    assert audit_docx(out) == []
    assert [(f.rule, f.line, f.text) for f in check(out, Config())] == []


@pytest.mark.parametrize("src", [DATA / "docmodel" / "gbt_styles_numbering.docx",
                                 DATA / "docmodel" / "gbt_gutter_frame_unsealed.docx",
                                 DATA / "docmodel" / "gbt_mistakes.docx",
                                 DATA / "formats" / "draft.docx"], ids=lambda p: p.stem)
def test_format_output_audits_clean_and_roles_agree(src, tmp_path):
    out = tmp_path / "formatted.docx"
    format_docx(src, out)
    assert [(f.rule, f.line, f.message) for f in audit_docx(out)] == []
    assert [u.role for u in read_draft(out).units] == [r for _, r, _ in roles_of(out)]
    # the 红头 stays a 红头 after format (it was audited as body text)
    if "frame" in src.stem:
        assert roles_of(out)[0][1] == "letterhead"


def test_format_keeps_word_numbering_from_heading_styles(tmp_path):
    """The 一、 of a LibreOffice/Word heading comes from numbering linked to the Heading style;
    restyling the paragraph must not drop it (format compares the text as Word shows it)."""
    import docx

    from gwreport.docmodel import read_model

    src = DATA / "docmodel" / "gbt_styles_numbering.docx"
    out = tmp_path / "f.docx"
    rep = format_docx(src, out)
    shown = lambda p: [b.shown for b in read_model(docx.Document(str(p))).paragraphs]  # noqa: E731
    assert shown(out) == shown(src)
    assert "一、总体情况" in shown(out)
    assert any("自动编号" in n for n in rep.notes)


def test_one_style_role_table_both_ways():
    """The writer's style for each role reads back as that role, and every style name the
    role inference knows is one the writer writes."""
    from gwreport.docx_writer import STYLES
    from gwreport.roles import ROLE_STYLES, STYLE_ROLES

    assert {name: role for role, (_sid, name) in STYLES.items()} == STYLE_ROLES
    for role, (_sid, name) in STYLES.items():
        if role != "colophon":
            assert ROLE_STYLES[role] == name
    assert ROLE_STYLES["cc"] == ROLE_STYLES["printer"] == STYLES["colophon"][1]


@pytest.mark.parametrize("name", ["gbt_styles_numbering", "gbt_gutter_frame_unsealed"])
def test_check_finds_no_layout_issue_in_correct_libreoffice_documents(name):
    """Every GW9xx family (the audit and the 版头/版记 writer-guarantee rules) on documents made
    with Word's own styles, numbering, frames and gutters."""
    found = [(f.rule, f.line, f.message) for f in check(DATA / "docmodel" / f"{name}.docx", Config())
             if f.rule.startswith("GW9")]
    assert found == []
