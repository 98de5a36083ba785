import re
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("python_multipart")

from starlette.testclient import TestClient  # noqa: E402

from gwreport.web.app import Settings, create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DRAFT_TXT = ROOT / "tests" / "data" / "check_township_draft.txt"
BASE = "http://127.0.0.1:8765"


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


class Client:
    """A TestClient that has opened a page (session cookie) and sends its CSRF token."""

    def __init__(self, tc: TestClient):
        self.tc = tc
        self.token = csrf_of(tc.get("/check").text)

    def post(self, url, **kw):
        headers = dict(kw.pop("headers", {}))
        headers.setdefault("X-CSRF-Token", self.token)
        return self.tc.post(url, headers=headers, **kw)

    def get(self, url, **kw):
        return self.tc.get(url, **kw)


@pytest.fixture
def make_app(tmp_path):
    made = []

    def make(**kw):
        kw.setdefault("pool", "thread")
        kw.setdefault("ignore_file", tmp_path / ".gwreport-ignore")
        kw.setdefault("root", tmp_path / "work")
        app = create_app(Settings(**kw))
        made.append(app)
        return app

    yield make


@pytest.fixture
def client(make_app):
    app = make_app()
    with TestClient(app, base_url=BASE) as tc:
        yield Client(tc)


def typo_docx(path: Path) -> Path:
    """A draft in python-docx's default template, the way many generated drafts start."""
    import docx
    d = docx.Document()
    d.add_paragraph("关于2024年政府网站自查情况的报告")
    d.add_paragraph("县人民政府办公室：")
    d.add_paragraph("镇党政办负责布署落实，各村按要求完成自查。")
    d.add_paragraph("根据县政府办[2024]5号文件要求，我镇开展了自查。")
    d.save(str(path))
    return path
