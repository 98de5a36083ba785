"""`gwreport format`: an honest change list, and the 签发人 name kept in 楷体."""
import docx
from typer.testing import CliRunner

from gwreport.cli import app
from gwreport.docxformat import format_docx

runner = CliRunner()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _name_fonts(path):
    p = next(p for p in docx.Document(str(path)).paragraphs if "签发人：" in p.text)
    out = []
    for r in p.runs:
        rf = r._r.rPr.rFonts if r._r.rPr is not None else None
        out.append((r.text, rf.get(W + "eastAsia") if rf is not None else None))
    return out


def _built(tmp_path, sample_yaml):
    out = tmp_path / "报告.docx"
    r = runner.invoke(app, ["build", str(sample_yaml), "--no-check", "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out


def test_formatting_a_gwreport_document_changes_nothing_and_says_so(tmp_path, sample_yaml):
    src = _built(tmp_path, sample_yaml)
    rep = format_docx(src, tmp_path / "again.docx")
    assert rep.changes == ["原稿版式已符合排版配置，未作修改"], rep.changes


def test_format_keeps_the_signer_name_in_kaiti(tmp_path, sample_yaml):
    src = _built(tmp_path, sample_yaml)
    # 上行文: 发文字号 and 签发人 on one line (GB/T 9704 §7.2.4)
    want = [("青政报〔2024〕18号\t签发人：", None), ("李明", "楷体_GB2312")]
    assert _name_fonts(src) == want
    out = tmp_path / "f.docx"
    format_docx(src, out)
    assert _name_fonts(out) == want


def test_format_sets_kaiti_on_a_hand_typed_signer_line(tmp_path):
    d = docx.Document()
    for t in ("某政报〔2024〕1号", "签发人：王五", "", "关于某事的报告", "县政府：", "正文内容。"):
        d.add_paragraph(t)
    src = tmp_path / "稿.docx"
    d.save(src)
    out = tmp_path / "f.docx"
    format_docx(src, out)
    assert _name_fonts(out) == [("签发人：", None), ("王五", "楷体_GB2312")]
    # the text is kept; format adds the standard's blank lines only (标题下空一行)
    assert [p.text for p in docx.Document(str(out)).paragraphs if p.text] == \
        [p.text for p in docx.Document(str(src)).paragraphs if p.text]
