"""Roles of the 版头 lines in plain-text drafts: any 机关代字 makes a 发文字号."""
from gwreport.findings import TextUnit
from gwreport.proofread.roles import infer_roles


def _roles(lines):
    return [u.role for u in infer_roles([TextUnit(i + 1, t) for i, t in enumerate(lines)])]


def test_doc_number_with_any_agency_code_then_title():
    lines = ["青政报〔2024〕18号\t签发人：李明", "", "青石镇人民政府关于2024年自查情况的报告", "", "临川县人民政府办公室："]
    assert _roles(lines)[:5] == ["doc_number", "empty", "title", "empty", "addressee"]


def test_signer_on_its_own_line():
    lines = ["青政报〔2024〕18号", "签发人：李明", "青石镇人民政府关于自查情况的报告"]
    assert _roles(lines) == ["doc_number", "signer", "title"]


def test_body_sentence_with_doc_number_is_not_a_doc_number():
    lines = ["关于开展检查的报告", "根据临政办函〔2024〕36号文件要求，我镇开展了自查。"]
    assert _roles(lines) == ["title", "body"]
