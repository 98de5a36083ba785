"""The shared safe I/O layer: what it refuses and what it guarantees."""
from __future__ import annotations

import errno
import io
import os
import zipfile

import pytest

from gwreport import safeio
from gwreport.errors import InputError


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "d.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="命名管道"):
        safeio.read_input(fifo, 100)


def test_symlink_to_dev_zero_is_refused(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="设备文件"):
        safeio.read_input(link, 100)


def test_read_is_bounded_whatever_the_size(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"x" * 101)
    assert safeio.read_input(p, 101) == b"x" * 101
    with pytest.raises(InputError, match="太大"):
        safeio.read_input(p, 100)


def test_dangling_symlink_and_folder_are_named(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere")
    with pytest.raises(InputError, match="符号链接"):
        safeio.read_input(tmp_path / "gone.txt", 100)
    with pytest.raises(InputError, match="文件夹"):
        safeio.read_input(tmp_path, 100)


def _bomb(path, size=20_000_000):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" + b"a" * size)
    return path


def test_zip_bomb_is_refused_before_parsing(tmp_path):
    p = _bomb(tmp_path / "b.docx")
    assert p.stat().st_size < 100_000
    with pytest.raises(InputError, match="压缩比异常"):
        safeio.open_zip(p)
    with pytest.raises(InputError, match="解压后过大"):
        safeio.package_bytes(p, max_total=1_000_000)


def test_guard_refuses_input_hardlink_symlink_and_dotdot(tmp_path):
    src = tmp_path / "d.txt"
    src.write_text("x", encoding="utf-8")
    os.link(src, tmp_path / "hard.txt")
    (tmp_path / "soft.txt").symlink_to(src)
    for out in (src, tmp_path / "hard.txt", tmp_path / "soft.txt", tmp_path / "nosuch" / ".." / "d.txt"):
        with pytest.raises(InputError, match="输入文件"):
            safeio.guard_output(out, "text", [src])
    assert src.read_text(encoding="utf-8") == "x"


def test_guard_refuses_other_kind_by_name_and_by_content(tmp_path):
    with pytest.raises(InputError, match="扩展名"):
        safeio.guard_output(tmp_path / "facts.yaml", "text")
    fake = tmp_path / "old.docx"
    fake.write_text("genre: x\n", encoding="utf-8")
    with pytest.raises(InputError, match="不是Word"):
        safeio.guard_output(fake, "docx")
    (tmp_path / "d.docx").mkdir()
    with pytest.raises(InputError, match="文件夹"):
        safeio.guard_output(tmp_path / "d.docx", "docx")


def test_atomic_writer_leaves_nothing_on_disk_full(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safeio.os, "fsync", lambda fd: full(fd, b""))
    with pytest.raises(InputError, match="磁盘空间不足") as e:
        safeio.atomic_write_bytes(target, b"new")
    assert "No space" not in e.value.message
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_cache_dir_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert safeio.cache_dir("x") == tmp_path / "gwreport" / "x"
    safeio.write_cache_file(tmp_path / "gwreport" / "x" / "k", b"v")
    assert (tmp_path / "gwreport" / "x" / "k").read_bytes() == b"v"
