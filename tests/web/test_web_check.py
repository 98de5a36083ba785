"""校对 endpoints through Starlette's TestClient (thread pool; the library calls are the real ones)."""
import io
import json

import docx

from .conftest import DRAFT_TXT, typo_docx


def _upload(client, name, data, mime="application/octet-stream"):
    return client.post("/api/check", files={"file": (name, data, mime)})


def test_page_is_chinese_and_offline(client):
    html = client.get("/check").text
    assert "公文工作台" in html and "开始校对" in html
    assert "http://" not in html and "https://" not in html  # no CDN, every asset local
    for asset in ("/static/app.css", "/static/common.js", "/static/check.js"):
        assert client.get(asset).status_code == 200


def test_upload_text_gives_findings_with_explanations(client):
    r = _upload(client, "乡镇草稿.txt", DRAFT_TXT.read_bytes(), "text/plain")
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["name"] == "乡镇草稿.txt" and d["kind"] == "txt"
    assert len(d["units"]) == len(DRAFT_TXT.read_text(encoding="utf-8").splitlines())
    rules = {f["rule"] for f in d["findings"]}
    assert "GW601" in rules  # xx placeholder
    hit = next(f for f in d["findings"] if f["text"] == "布署")
    assert hit["options"] == ["部署"] and hit["category"] == "错别字" and hit["place"] == "第10行"
    assert d["rules"][hit["rule"]]["description"] and d["rules"][hit["rule"]]["source"]


def test_severe_findings_come_first(client):
    text = "镇党政办负责布署落实。\n依据中华人名共和国有关法律开展工作。\n"
    d = client.post("/api/check", files={"text": (None, text)}).json()
    assert d["findings"][0]["category"] == "严重表述错误", d["findings"]
    assert d["findings"][0]["line"] == 2 and any(f["text"] == "布署" for f in d["findings"][1:])


def test_pasted_text(client):
    d = client.post("/api/check", files={"text": (None, "镇党政办负责布署落实。")}).json()
    assert d["name"] == "粘贴的文字.txt"
    assert [f["text"] for f in d["findings"]] == ["布署"]


def test_empty_request_is_a_chinese_message(client):
    r = client.post("/api/check", files={"text": (None, "  ")})
    assert r.status_code == 400 and "请选择" in r.json()["error"]


def test_accept_fix_and_download_docx(client, tmp_path):
    r = _upload(client, "草稿.docx", typo_docx(tmp_path / "a.docx").read_bytes())
    d = r.json()
    f = next(x for x in d["findings"] if x["text"] == "布署")
    r = client.post(f"/api/check/{d['id']}/decide", json={"index": f["index"], "action": "accept",
                                                          "replacement": "部署"})
    assert r.status_code == 200
    assert next(x for x in r.json()["findings"] if x["index"] == f["index"])["decision"]["action"] == "accept"
    r = client.get(f"/api/check/{d['id']}/download/fixed")
    assert r.status_code == 200
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    text = [p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs]
    assert "镇党政办负责部署落实，各村按要求完成自查。" in text
    assert "根据县政府办[2024]5号文件要求，我镇开展了自查。" in text  # not accepted: unchanged
    # 修订稿: the accepted fix as a tracked change (Word shows 布署 struck, 部署 inserted)
    r = client.get(f"/api/check/{d['id']}/download/reviewed")
    doc = docx.Document(io.BytesIO(r.content))
    body = doc.element.body
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert [t.text for t in body.iter(W + "delText")] == ["布署"]
    assert "部署" in "".join(t.text for ins in body.iter(W + "ins") for t in ins.iter(W + "t"))
    assert any("六角括号" in c.text or "〔〕" in c.text for c in doc.comments)
    # 审校稿: the accepted fix in the text, a comment for each open finding
    r = client.get(f"/api/check/{d['id']}/download/comments")
    doc = docx.Document(io.BytesIO(r.content))
    assert "镇党政办负责部署落实，各村按要求完成自查。" in [p.text for p in doc.paragraphs]
    comments = [c.text for c in doc.comments]
    assert comments and not any("布署" in c for c in comments)
    assert any("〔〕" in c or "六角括号" in c or "GW3" in c for c in comments), comments


def test_accept_only_offered_replacements(client):
    d = client.post("/api/check", files={"text": (None, "镇党政办负责布署落实。")}).json()
    r = client.post(f"/api/check/{d['id']}/decide", json={"index": 0, "action": "accept",
                                                          "replacement": "<script>"})
    assert r.status_code == 400 and "建议" in r.json()["error"]
    r = client.post(f"/api/check/{d['id']}/decide", json={"index": 99, "action": "ignore"})
    assert r.status_code == 400


def test_ignore_once_and_always(client, tmp_path):
    text = "镇党政办负责布署落实。\n"
    d = client.post("/api/check", files={"text": (None, text)}).json()
    r = client.post(f"/api/check/{d['id']}/decide", json={"index": 0, "action": "ignore"}).json()
    assert r["findings"][0]["decision"] == {"action": "ignore"}
    # once: a new check still reports it
    d2 = client.post("/api/check", files={"text": (None, text)}).json()
    assert [f["text"] for f in d2["findings"]] == ["布署"]
    r = client.post(f"/api/check/{d2['id']}/decide", json={"index": 0, "action": "ignore_always"}).json()
    assert r["findings"] == [] and r["ignored_always"] == 1
    # written to the project's ignore list, in the format gwreport check reads
    saved = (tmp_path / ".gwreport-ignore").read_text(encoding="utf-8")
    line = f"{d2['findings'][0]['rule']} | 布署 | 政办负责 | 落实。 | *"
    assert line in saved.splitlines()
    d3 = client.post("/api/check", files={"text": (None, text)}).json()
    assert d3["findings"] == [] and d3["ignored_always"] == 1
    # the command line honours it too
    from gwreport import ignore as gwignore
    from gwreport.check import Checker
    path = tmp_path / "另一份.txt"
    path.write_text(text, encoding="utf-8")
    checked = Checker().check_source(path)
    kept, ignored = gwignore.load(tmp_path / ".gwreport-ignore").apply(checked.draft, checked.findings)
    assert [f.text for f in ignored] == ["布署"] and not [f for f in kept if f.text == "布署"]
    client.post("/api/ignore/remove", json={"line": line})
    assert client.get(f"/api/check/{d3['id']}").json()["findings"]


def test_ignore_list_that_cannot_be_read_is_not_overwritten(client, tmp_path):
    bad = "GW101 | 只有两项\n"
    (tmp_path / ".gwreport-ignore").write_text(bad, encoding="utf-8")
    d = client.post("/api/check", files={"text": (None, "镇党政办负责布署落实。\n")}).json()
    assert d["findings"] and "忽略清单" in d["ignore_problem"]
    r = client.post(f"/api/check/{d['id']}/decide", json={"index": 0, "action": "ignore_always"})
    assert r.status_code == 400
    assert (tmp_path / ".gwreport-ignore").read_text(encoding="utf-8") == bad


def test_errata_workbook(client):
    import openpyxl
    d = client.post("/api/check", files={"text": (None, "镇党政办负责布署落实。\n")}).json()
    r = client.get(f"/api/check/{d['id']}/download/errata")
    assert r.status_code == 200 and "%E5%8B%98%E8%AF%AF%E8%A1%A8" in r.headers["content-disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    cells = [str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value is not None]
    assert "粘贴的文字.txt" in cells  # the clerk's name, not the server's temp path
    assert any("【布署】" in c for c in cells) and "部署" in cells, cells


def test_safe_fixes_download_for_text(client):
    d = client.post("/api/check", files={"text": (None, "根据县政府办[2024]5号文件要求，我镇开展了自查。\n")}).json()
    r = client.get(f"/api/check/{d['id']}/download/safe")
    assert r.status_code == 200 and "〔2024〕" in r.content.decode("utf-8")


def test_unreadable_upload_names_the_clerks_file(client):
    r = _upload(client, "坏文件.docx", b"PK\x03\x04not a real zip")
    assert r.status_code == 400
    msg = r.json()["error"]
    assert "坏文件.docx" in msg and "/tmp" not in msg and "gwreport-web" not in msg


def test_every_page_asset_is_package_data():
    """pip install (not editable) ships templates/ and static/: each file matches package-data."""
    import fnmatch

    import pytest
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    from .conftest import ROOT
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["gwreport.web"]
    web = ROOT / "src" / "gwreport" / "web"
    files = [p.relative_to(web).as_posix() for d in ("templates", "static") for p in (web / d).iterdir()]
    assert files and all(any(fnmatch.fnmatch(f, g) for g in globs) for f in files), files
