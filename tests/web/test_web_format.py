"""版式 endpoint: a LibreOffice-written clerk draft formatted (text unchanged), its changes and
the layout audit before and after."""
import io

import docx

from .conftest import ROOT

CLERK = ROOT / "tests" / "data" / "gongwen" / "clerk_lo.docx"


def _words(data: bytes) -> str:
    """Every character of the text, body and tables, without the spaces used to indent."""
    from gwreport.readers import docx_units
    units, _ = docx_units(docx.Document(io.BytesIO(data)))
    return "".join("".join(u.text.split()) for u in units)


def test_format_clerk_draft(client):
    raw = CLERK.read_bytes()
    r = client.post("/api/format", files={"file": ("局里的草稿.docx", raw)})
    assert r.status_code == 200, r.text
    d = r.json()
    assert any("页边距" in c and "37.0" in c for c in d["changes"])
    assert d["before"] and all(f["rule"].startswith("GW9") for f in d["before"])
    assert len(d["after"]) < len(d["before"])
    out = client.get(f"/api/format/{d['id']}/download")
    assert "%E6%8E%92%E7%89%88%E7%A8%BF" in out.headers["content-disposition"]  # 排版稿
    assert _words(out.content) == _words(raw)


def test_format_refuses_what_is_not_docx(client):
    r = client.post("/api/format", files={"file": ("草稿.doc", b"\xd0\xcf\x11\xe0")})
    assert r.status_code == 400 and "另存为 .docx" in r.json()["error"]
    r = client.post("/api/format", files={"file": ("坏.docx", b"PK\x03\x04broken")})
    assert r.status_code == 400 and "坏.docx" in r.json()["error"] and "/tmp" not in r.json()["error"]
