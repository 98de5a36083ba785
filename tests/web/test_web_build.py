"""生成 endpoints: genres and schemas, messages per field as the CLI gives them, YAML load/save,
findings on the generated text, .docx download (PDF preview only with LibreOffice, slow)."""
import io
import shutil

import docx
import pytest
import yaml

from gwreport.facts import parse_facts_text

from .conftest import ROOT


def _sample(client, gid="website-selfcheck"):
    info = client.get(f"/api/genres/{gid}").json()
    return info, info["sample"]


def test_genres_and_schema(client):
    gs = client.get("/api/genres").json()["genres"]
    ids = {g["id"] for g in gs}
    assert {"website-selfcheck", "inspection-notice"} <= ids
    info, sample = _sample(client)
    props = info["schema"]["properties"]
    assert props["websites"]["title"] == "政府网站自查情况"
    assert "document" in props and sample["unit"]["name"]
    assert client.get("/api/genres/no-such-genre").status_code == 404


def test_build_sample_and_download_docx(client):
    _, sample = _sample(client)
    r = client.post("/api/build", json={"genre": "website-selfcheck", "data": sample})
    d = r.json()
    assert r.status_code == 200 and d.get("docx"), d
    assert d["title"].endswith("自查情况的报告")
    assert d["derived"]["网站合格率"].endswith("%")
    r = client.get(f"/api/build/{d['id']}/file/docx")
    assert r.status_code == 200
    paras = [p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs]
    assert any(sample["unit"]["name"] in p for p in paras)


def test_messages_name_the_field_like_the_cli(client):
    _, sample = _sample(client)
    bad = dict(sample, websites=dict(sample["websites"], total="很多"))
    bad["measures"] = [{"title": "x"}]
    d = client.post("/api/build", json={"genre": "website-selfcheck", "data": bad}).json()
    got = {p["path"]: p["message"] for p in d["problems"]}
    assert got["websites.total"] == "应为非负整数，实际为“很多”"
    assert "measures[1].content" in got and "measures[1].title" in got
    assert all(p["text"].startswith("表单 ") for p in d["problems"])


def test_cross_field_check_lands_on_its_path(client):
    _, sample = _sample(client)
    bad = dict(sample, websites=dict(sample["websites"], checked=sample["websites"]["total"] + 5))
    d = client.post("/api/build", json={"genre": "website-selfcheck", "data": bad}).json()
    assert [p["path"] for p in d["problems"]] == ["websites.checked"]
    assert "不能多于" in d["problems"][0]["message"]


def test_proofreading_errors_block_unless_forced(client):
    _, sample = _sample(client)
    bad = dict(sample, problems=[{"detail": "个别栏目由专人布署更新"}])
    d = client.post("/api/build", json={"genre": "website-selfcheck", "data": bad}).json()
    hit = next(f for f in d["findings"] if f["text"] == "布署")
    assert hit["field"] == "problems[1].detail"  # the clerk fixes the field, not the draft
    assert d.get("blocked") and not d.get("docx")
    assert client.get(f"/api/build/{d['id']}/file/docx").status_code == 404
    d = client.post("/api/build", json={"genre": "website-selfcheck", "data": bad, "force": True}).json()
    assert d.get("docx")


def test_save_yaml_builds_like_the_form(client, tmp_path):
    _, sample = _sample(client)
    r = client.post("/api/facts/save", json={"genre": "website-selfcheck", "data": sample})
    assert r.status_code == 200 and "filename*=UTF-8''" in r.headers["content-disposition"]
    text = r.content.decode("utf-8")
    assert "# 单位名称（必填）" in text  # commented like gwreport new
    facts = parse_facts_text(text, "x.yaml")
    assert facts.data["genre"] == "website-selfcheck"
    assert facts.data["websites"] == sample["websites"]
    # and it loads back into the form unchanged
    r = client.post("/api/facts/load", files={"facts": ("事实.yaml", text.encode("utf-8"), "text/yaml")})
    got = r.json()
    assert got["genre"] == "website-selfcheck"
    assert got["data"] == {k: v for k, v in facts.data.items() if k != "genre"}


def test_load_yaml_errors_name_the_clerks_file_and_line(client):
    r = client.post("/api/facts/load", files={"facts": ("我的事实.yaml", "unit:\n\tname: x\n".encode(), "text/yaml")})
    assert r.status_code == 400
    msg = r.json()["problems"][0]
    assert msg.startswith("我的事实.yaml 第2行") and "Tab" in msg
    r = client.post("/api/facts/load", files={"facts": ("a.txt", b"x", "text/plain")})
    assert r.status_code == 400


def test_bad_requests(client):
    assert client.post("/api/build", json={"genre": 3, "data": []}).status_code == 400
    assert client.post("/api/build", content=b"{not json", headers={"Content-Type": "application/json"}).status_code == 400
    big = {"genre": "website-selfcheck", "data": {"x": "字" * 400_000}}
    assert "太大" in client.post("/api/build", json=big).json()["error"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_pdf_and_first_page_previews(client):
    _, sample = _sample(client)
    d = client.post("/api/build", json={"genre": "website-selfcheck", "data": sample}).json()
    prev = client.get(f"/api/build/{d['id']}/file/preview").json()
    assert len(prev["pages"]) == 2 and prev["total"] >= 2
    png = client.get(prev["pages"][0]).content
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000
    pdf = client.get(f"/api/build/{d['id']}/file/pdf")
    assert pdf.content.startswith(b"%PDF")
