"""proofread.recache: cached regex programs behave exactly like re.compile's."""
import importlib
import re

import pytest

PATTERNS = [
    (r"(?<=[一-鿿㐀-䶿])[ \u00a0]+(?=[一-鿿㐀-䶿\d])", 0),
    (r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月", 0),
    (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII),
    (r"(?=((?:截止|按装|一带一路)))", 0),
]
TEXT = "2023年5月 截止 按装 一带一路 张 三 a.b@x.cn 中 1"


def _fresh(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    from gwreport.proofread import recache
    return importlib.reload(recache)


@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_same_behaviour_before_and_after_the_cache(monkeypatch, tmp_path, pattern, flags):
    rc = _fresh(monkeypatch, tmp_path)
    want = re.compile(pattern, flags)
    first = rc.compile(pattern, flags)  # compiled, queued for the cache
    rc._save()
    assert list(tmp_path.glob("gwreport/regex/*.marshal"))
    rc = importlib.reload(rc)
    second = rc.compile(pattern, flags)  # from the cache file
    assert (pattern, flags) in rc._load()
    for rx in (first, second):
        assert rx.pattern == want.pattern and rx.flags == want.flags
        assert rx.groupindex == want.groupindex and rx.groups == want.groups
        assert [m.span() for m in rx.finditer(TEXT)] == [m.span() for m in want.finditer(TEXT)]
        assert [m.groups() for m in rx.finditer(TEXT)] == [m.groups() for m in want.finditer(TEXT)]


def test_bad_pattern_raises_and_corrupt_cache_is_ignored(monkeypatch, tmp_path):
    rc = _fresh(monkeypatch, tmp_path)
    with pytest.raises(re.error):
        rc.compile("(unclosed")
    path = rc._cache_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not marshal data")
    rc = importlib.reload(rc)
    assert rc.compile("a+b").search("xaab").span() == (1, 4)
