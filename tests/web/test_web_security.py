"""Host check, access token, CSRF and the rule that no client-supplied name reaches the disk."""
import os

import pytest
from starlette.testclient import TestClient

from .conftest import BASE, Client, csrf_of


def test_post_without_or_with_wrong_csrf_is_refused(client):
    r = client.tc.post("/api/check", files={"text": (None, "镇党政办负责布署落实。")})
    assert r.status_code == 403 and "CSRF" in r.json()["error"]
    r = client.post("/api/check", files={"text": (None, "x")}, headers={"X-CSRF-Token": "0" * 64})
    assert r.status_code == 403


def test_csrf_token_is_bound_to_the_session(make_app):
    app = make_app()
    with TestClient(app, base_url=BASE) as a, TestClient(app, base_url=BASE) as b:
        ta = csrf_of(a.get("/check").text)
        b.get("/check")
        r = b.post("/api/check", files={"text": (None, "镇党政办负责布署落实。")}, headers={"X-CSRF-Token": ta})
        assert r.status_code == 403


def test_cross_site_origin_is_refused(client):
    r = client.post("/api/check", files={"text": (None, "x")}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and "跨站" in r.json()["error"]
    r = client.post("/api/check", files={"text": (None, "镇党政办负责布署落实。")}, headers={"Origin": BASE})
    assert r.status_code == 200


def test_foreign_host_header_is_refused_on_loopback(make_app):
    # DNS rebinding: evil.example resolving to 127.0.0.1 still sends its own Host
    with TestClient(make_app(), base_url="http://evil.example:8765") as tc:
        r = tc.get("/check")
        assert r.status_code == 400 and "主机名" in r.text


def test_other_interface_requires_the_token(make_app):
    app = make_app(host="0.0.0.0")
    token = app.state.guard.token
    assert token and len(token) >= 24
    with TestClient(app, base_url="http://192.168.1.20:8765") as tc:
        r = tc.get("/check")
        assert r.status_code == 403 and "令牌" in r.text
        assert tc.get("/check?token=wrong").status_code == 403
        r = tc.get("/check?token=" + token, follow_redirects=False)
        assert r.status_code == 303 and "token" not in r.headers["location"]
        r = tc.get("/check")  # the cookie now carries it
        assert r.status_code == 200
        c = Client(tc)
        assert c.post("/api/check", files={"text": (None, "镇党政办负责布署落实。")}).status_code == 200


def test_loopback_needs_no_token(make_app):
    assert make_app().state.guard.token is None


def test_client_file_name_never_becomes_a_path(client, tmp_path):
    evil = "../../../../tmp/evil-gw.txt"
    r = client.post("/api/check", files={"file": (evil, "镇党政办负责布署落实。".encode(), "text/plain")})
    assert r.status_code == 200
    assert r.json()["name"] == "evil-gw.txt"  # shown name only
    assert not os.path.exists("/tmp/evil-gw.txt")
    stored = [p.name for p in (tmp_path / "work").rglob("*") if p.is_file()]
    assert stored == ["file.txt"]


@pytest.mark.parametrize("iid", ["../../etc", "x" * 32, "0" * 32])
def test_unknown_or_malformed_ids(client, iid):
    assert client.get(f"/api/check/{iid}").status_code == 404
    assert client.get(f"/api/check/{iid}/download/fixed").status_code == 404


def test_unsupported_and_oversized_uploads(make_app):
    from gwreport.web import uploads
    with TestClient(make_app(), base_url=BASE) as tc:
        c = Client(tc)
        r = c.post("/api/check", files={"file": ("表.xlsx", b"PK", "application/octet-stream")})
        assert r.status_code == 400 and "格式不支持" in r.json()["error"]
        old = uploads.MAX_FILE_BYTES
        try:
            uploads.MAX_FILE_BYTES = 1000  # the cap as read at call time
            r = c.post("/api/check", files={"file": ("大.txt", "字".encode() * 2000, "text/plain")})
        finally:
            uploads.MAX_FILE_BYTES = old
        assert r.status_code == 413 and "太大" in r.json()["error"]


def test_work_folder_is_removed_at_shutdown(make_app, tmp_path):
    app = make_app()
    with TestClient(app, base_url=BASE) as tc:
        Client(tc).post("/api/check", files={"text": (None, "镇党政办负责布署落实。")})
        assert any((tmp_path / "work").iterdir())
    assert not (tmp_path / "work").exists()


def test_serve_without_the_extra_names_the_install_command(monkeypatch):
    import sys

    from gwreport.errors import GwError
    from gwreport.web import server
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    with pytest.raises(GwError) as e:
        server.require_web()
    assert 'pip install "gwreport[web]"' in e.value.message


def test_serve_command_without_the_extra_is_a_chinese_message(tmp_path):
    """The real command in a Python where starlette/uvicorn/python-multipart cannot be imported."""
    import subprocess
    import sys
    code = ("import sys\n"
            "class Block:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] in ('starlette', 'uvicorn', 'python_multipart', 'multipart'):\n"
            "            raise ImportError(name)\n"
            "sys.meta_path.insert(0, Block())\n"
            "sys.argv = ['gwreport', 'serve', '--no-browser']\n"
            "from gwreport.cli import main\n"
            "main()\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert r.returncode == 2, r.stderr
    assert 'pip install "gwreport[web]"' in r.stderr and "Traceback" not in r.stderr
