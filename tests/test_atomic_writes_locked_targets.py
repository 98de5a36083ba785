"""Atomic writes when the target is open in Word/Excel, and file permissions."""
import os
import stat

import pytest
from typer.testing import CliRunner

from gwreport.cli import app
from gwreport.errors import InputError
from gwreport.fsutil import atomic_path

runner = CliRunner()


def _locked(name):
    real = os.replace

    def fake(src, dst, *a, **k):
        if str(dst).endswith(name):
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst, *a, **k)
    return fake


def test_atomic_path_locked_target_is_a_chinese_input_error(tmp_path, monkeypatch):
    target = tmp_path / "summary.xlsx"
    monkeypatch.setattr(os, "replace", _locked("summary.xlsx"))
    with pytest.raises(InputError) as ei:
        with atomic_path(target) as tmp:
            tmp.write_text("x", encoding="utf-8")
    assert "Excel" in ei.value.message and "Permission" not in ei.value.message
    assert ei.value.exit_code == 2
    assert list(tmp_path.iterdir()) == []  # no temp file left behind


def test_check_fix_onto_a_file_open_elsewhere_no_traceback(tmp_path, monkeypatch):
    draft = tmp_path / "草稿.txt"
    draft.write_text("我镇共检查企业12家,发现问题3个。\n", encoding="utf-8")
    monkeypatch.setattr(os, "replace", _locked("修正稿.txt"))
    r = runner.invoke(app, ["check", str(draft), "--fix", "-o", str(tmp_path / "修正稿.txt")])
    assert r.exit_code == 2, r.output
    assert isinstance(r.exception, SystemExit), repr(r.exception)
    assert "正在 Word" in r.output


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_atomic_path_gives_new_files_normal_permissions(tmp_path):
    target = tmp_path / "a.json"
    with atomic_path(target) as tmp:
        tmp.write_text("{}", encoding="utf-8")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
