"""The README's test command must work on a clean checkout (git clone), not just in the shared tree."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tracked(path: str) -> bool:
    r = subprocess.run(["git", "ls-files", "--error-unmatch", path], cwd=ROOT, capture_output=True)
    return r.returncode == 0


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")
def test_relative_imports_in_tests_have_a_tracked_package_marker():
    relative = [p.name for p in (ROOT / "tests").glob("test_*.py")
                if re.search(r"^from \.", p.read_text(encoding="utf-8"), re.M)]
    if relative:
        assert _tracked("tests/__init__.py"), f"{relative} import relatively but tests/__init__.py is not committed"
