import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def sample_yaml() -> Path:
    return ROOT / "samples" / "website-selfcheck.yaml"
