"""Cold and warm (on-disk caches filled) runs build the very same document."""
import os
import subprocess
import sys

SCRIPT = ("from gwreport.pipeline import build_file; from gwreport.genre import GenreRegistry; "
          "import sys; r = build_file(sys.argv[1], GenreRegistry()); print(r.document.plain_text())")


def _run(sample, cache):
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    return subprocess.run([sys.executable, "-c", SCRIPT, str(sample)], env=env, capture_output=True,
                          text=True, encoding="utf-8", check=True).stdout


def test_warm_cache_renders_like_cold(tmp_path, sample_yaml, root):
    cold = _run(sample_yaml, tmp_path)
    assert any((tmp_path / "gwreport" / "jinja").rglob("*.cache"))
    warm = _run(sample_yaml, tmp_path)
    golden = (root / "tests" / "golden" / "website-selfcheck.txt").read_text(encoding="utf-8")
    assert cold == warm == golden
