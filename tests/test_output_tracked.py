"""修订: `check --format docx --track-changes` writes every safe fix as a tracked w:del + w:ins
(author gwreport, a date), leaves the other findings as comments and never touches the input.
Accepting every change gives the `--fix` result and rejecting every change gives the original:
computed from the XML here, and done by LibreOffice itself (a headless macro) in the slow test."""
from __future__ import annotations

import hashlib
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from gwreport.cli import app
from gwreport.output.tracked import accepted_text
from gwreport.readers import read_draft

runner = CliRunner()
DATA = Path(__file__).parent / "data"


def rejected_text(p) -> str:
    out = []
    for el in p.iter(qn("w:t"), qn("w:delText"), qn("w:tab")):
        anc = el.getparent()
        while anc is not None and anc is not p and anc.tag != qn("w:ins"):
            anc = anc.getparent()
        if anc is p or anc is None:
            out.append("\t" if el.tag == qn("w:tab") else el.text or "")
    return "".join(out)


def township_docx(path: Path) -> Path:
    """The township draft in python-docx's default template, each paragraph in several runs
    (bold / not bold), so fixes must split runs and keep their formatting."""
    d = docx.Document()
    for i, line in enumerate((DATA / "check_township_draft.txt").read_text(encoding="utf-8").splitlines()):
        p = d.add_paragraph(style="Heading 1" if re.match(r"^[一二三四五]、", line) else None)
        cut = [0, len(line) // 3, 2 * len(line) // 3 + 1, len(line)]
        for k, (a, b) in enumerate(zip(cut, cut[1:])):
            if a < b:
                p.add_run(line[a:b]).bold = (i + k) % 2 == 0
    d.save(path)
    return path


def body_paras(path):
    return [p for p in docx.Document(path).element.body.iter(qn("w:p"))]


@pytest.fixture
def pair(tmp_path):
    src = township_docx(tmp_path / "草稿.docx")
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    tc, fx = tmp_path / "修订稿.docx", tmp_path / "修正稿.docx"
    r = runner.invoke(app, ["check", str(src), "--format", "docx", "--track-changes", "-o", str(tc)])
    assert r.exit_code == 1 and "处修订" in r.output, r.output
    r2 = runner.invoke(app, ["check", str(src), "--fix", "-o", str(fx)])
    assert r2.exit_code in (0, 1), r2.output
    assert hashlib.sha256(src.read_bytes()).hexdigest() == digest  # the original is untouched
    return src, tc, fx, r.output, r2.output


def test_accepting_gives_the_fix_result_and_rejecting_the_original(pair):
    src, tc, fx, out, fix_out = pair
    n_fix = int(re.search(r"已应用 (\d+) 处", fix_out).group(1))
    assert f"（{n_fix} 处修订" in out and n_fix >= 15
    tracked = body_paras(tc)
    assert [accepted_text(p) for p in tracked] == [u.text for u in read_draft(fx).units]
    assert [rejected_text(p) for p in tracked] == [u.text for u in read_draft(src).units]
    xml = zipfile.ZipFile(tc).read("word/document.xml").decode("utf-8")
    revs = re.findall(r"<w:(ins|del) ([^>]*)>", xml)
    assert len([k for k, _ in revs if k == "del"]) >= n_fix - 3  # pure insertions have no w:del
    for _, attrs in revs:
        assert 'w:author="gwreport"' in attrs and re.search(r'w:date="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"', attrs)
    ids = re.findall(r"<w:(?:ins|del) w:id=\"(\d+)\"", xml)
    assert len(ids) == len(set(ids))
    assert "<w:delText" in xml and not re.search(r"<w:del [^>]*>(?:(?!</w:del>).)*<w:t[ >]", xml)
    # formatting kept: an inserted run in a bold stretch is bold too
    assert re.search(r"<w:ins [^>]*><w:r><w:rPr><w:b/>", xml)


def test_other_findings_stay_comments_and_no_comment_mark_lives_in_an_insertion(pair):
    src, tc, fx, out, fix_out = pair
    n_left = int(re.search(r"另有 (\d+) 处需要人工处理", fix_out).group(1))
    n_comments = int(re.search(r"(\d+) 条批注", out).group(1))
    assert n_comments == n_left > 10
    z = zipfile.ZipFile(tc)
    assert z.read("word/comments.xml").decode("utf-8").count("<w:comment ") == n_comments
    xml = z.read("word/document.xml").decode("utf-8")
    for ins in re.findall(r"<w:ins [^>]*>(.*?)</w:ins>", xml):
        assert not ins.startswith("<w:commentRange") and "commentReference" not in ins.rsplit("</w:t>", 1)[-1]


def test_track_changes_needs_docx_format_and_a_word_input(tmp_path):
    t = tmp_path / "稿.txt"
    t.write_text("经检查,共发现问题3个。\n", encoding="utf-8")
    r = runner.invoke(app, ["check", str(t), "--track-changes", "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 2 and "--format docx" in r.output
    r = runner.invoke(app, ["check", str(t), "-f", "docx", "--track-changes", "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 2 and "Word" in r.output and not (tmp_path / "x.docx").exists()


MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Review(inPath As String, outPath As String, how As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(inPath), "_blank", 0, args())
  dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
  dispatcher.executeDispatch(doc.CurrentController.Frame, ".uno:" &amp; how &amp; "AllTrackedChanges", "", 0, Array())
  Dim sargs(0) As New com.sun.star.beans.PropertyValue
  sargs(0).Name = "FilterName"
  sargs(0).Value = "MS Word 2007 XML"
  doc.storeToURL(ConvertToURL(outPath), sargs())
  doc.close(True)
End Sub
</script:module>
"""


@pytest.mark.slow
def test_libreoffice_accept_all_equals_fix_and_reject_all_equals_original(pair, tmp_path):
    from gwreport.pdf import find_soffice
    soffice = find_soffice()
    if not soffice:
        pytest.skip("LibreOffice not installed")
    src, tc, fx, _, _ = pair
    prof = tmp_path / "lo-profile"
    env_arg = f"-env:UserInstallation={prof.as_uri()}"
    subprocess.run([soffice, env_arg, "--headless", "--terminate_after_init"], capture_output=True, timeout=180)
    module = prof / "user" / "basic" / "Standard" / "Module1.xba"
    assert module.parent.is_dir()
    module.write_text(MACRO, encoding="utf-8")
    got = {}
    for how in ("Accept", "Reject"):
        out = tmp_path / f"{how}.docx"
        subprocess.run([soffice, env_arg, "--headless", "--invisible",
                        f'macro:///Standard.Module1.Review("{tc}","{out}","{how}")'],
                       capture_output=True, timeout=180)
        assert out.exists(), how
        xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
        assert "<w:ins " not in xml and "<w:del " not in xml  # every change was acted on
        got[how] = [u.text for u in read_draft(out).units]
    assert got["Accept"] == [u.text for u in read_draft(fx).units]
    assert got["Reject"] == [u.text for u in read_draft(src).units]
