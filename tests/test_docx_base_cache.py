"""The styled base .docx cached on disk gives exactly the parts a fresh build gives."""
from gwreport import docx_writer
from gwreport.profile import load_profile


def test_cached_base_equals_fresh_build(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    profile = load_profile(None)
    fresh = docx_writer._build_base(profile, None)
    first = docx_writer._cached_base(profile)  # builds and stores
    files = list((tmp_path / "gwreport" / "docx-base").glob("*.zip"))
    assert len(files) == 1
    second = docx_writer._cached_base(profile)  # read back from disk
    for b in (first, second):
        assert b.parts == fresh.parts and b.order == fresh.order and b.style_ids == fresh.style_ids
        assert docx_writer.etree.tostring(b.doc_root) == docx_writer.etree.tostring(fresh.doc_root)


def test_damaged_cache_entry_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    profile = load_profile("windows")
    docx_writer._cached_base(profile)
    (entry,) = (tmp_path / "gwreport" / "docx-base").glob("*.zip")
    entry.write_bytes(b"not a zip")
    base = docx_writer._cached_base(profile)
    assert base.style_ids == docx_writer._build_base(profile, None).style_ids


def test_unwritable_cache_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file, so mkdir fails
    base = docx_writer._cached_base(load_profile(None))
    assert base.parts
