import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture
def app_home(tmp_path, monkeypatch):
    """A fresh, empty app folder (runs, caches) for one test."""
    home = tmp_path / "studio"
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(home))
    return home
