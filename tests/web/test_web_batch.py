"""批量 endpoints: fill-in table, upload, progress as server-sent events, failed rows with the
CLI's reasons, the zip with documents and summary.xlsx."""
import io
import json
import zipfile

import openpyxl

from .conftest import ROOT

SAMPLE = ROOT / "samples" / "batch"


def _small_table() -> tuple[bytes, bytes]:
    """Two rows of the sample CSV, the second with a word where a count belongs."""
    lines = (SAMPLE / "填报表.csv").read_text(encoding="utf-8-sig").splitlines()
    bad = lines[2].split(",")
    bad[2] = "很多"
    table = "\n".join([lines[0], lines[1], ",".join(bad)]) + "\n"
    lists = [x for x in (SAMPLE / "填报表-清单.csv").read_text(encoding="utf-8-sig").splitlines()
             if x.startswith("清单") or "青石镇" in x or "白沙镇" in x]
    return table.encode("utf-8"), ("\n".join(lists) + "\n").encode("utf-8")


def _events(client, iid):
    out = []
    with client.tc.stream("GET", f"/api/batch/{iid}/events") as s:
        assert s.headers["content-type"].startswith("text/event-stream")
        for line in s.iter_lines():
            if line.startswith("data: "):
                out.append(json.loads(line[6:]))
    return out


def test_fill_in_table_download(client):
    r = client.get("/api/batch/table/website-selfcheck")
    assert r.status_code == 200 and "%E5%A1%AB%E6%8A%A5%E8%A1%A8" in r.headers["content-disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert "*单位名称" in [c.value for c in wb.worksheets[0][1]]  # required fields are starred
    assert client.get("/api/batch/table/no-such").status_code == 404


def test_batch_progress_failed_rows_and_zip(client):
    table, lists = _small_table()
    r = client.post("/api/batch", data={"genre": "website-selfcheck"}, files={
        "table": ("乡镇填报表.csv", table, "text/csv"), "lists": ("清单.csv", lists, "text/csv"),
        "base": ("base.yaml", (SAMPLE / "base.yaml").read_bytes(), "text/yaml")})
    assert r.status_code == 200, r.text
    iid = r.json()["id"]
    ev = _events(client, iid)
    assert ev[-1]["status"] == "done" and ev[-1]["total"] == 2 and ev[-1]["done"] == 2
    assert [e["done"] for e in ev] == sorted(e["done"] for e in ev)  # progress only moves forward
    s = ev[-1]["summary"]
    assert s["ok"] == 1 and len(s["failed"]) == 1
    fail = s["failed"][0]
    assert fail["unit"] == "白沙镇人民政府"
    assert any("网站数量" in e and "很多" in e for e in fail["errors"]), fail
    assert not any("/tmp" in e for e in fail["errors"])
    z = zipfile.ZipFile(io.BytesIO(client.get(f"/api/batch/{iid}/zip").content))
    names = z.namelist()
    assert "青石镇人民政府.docx" in names and "summary.xlsx" in names and "summary.json" in names
    summary = json.loads(z.read("summary.json"))
    assert [x["status"] for x in summary] == ["ok", "failed"]


def test_batch_errors_before_any_row(client):
    r = client.post("/api/batch", data={"genre": ""}, files={"table": ("t.csv", b"a,b\n1,2\n", "text/csv")})
    ev = _events(client, r.json()["id"])
    assert ev[-1]["status"] == "error" and "体裁" in ev[-1]["error"]
    r = client.post("/api/batch", data={"genre": "website-selfcheck"}, files={"base": ("b.yaml", b"x: 1\n")})
    assert r.status_code == 400 and "填报表" in r.json()["error"]
    r = client.post("/api/batch", data={"genre": "website-selfcheck"},
                    files={"table": ("事实.yaml", b"genre: x\n", "text/yaml")})
    assert r.status_code == 400 and "格式不支持" in r.json()["error"]
    assert client.get("/api/batch/" + "0" * 32 + "/zip").status_code == 404
