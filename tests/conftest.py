import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.postgres import postgres_server, postgres_url  # noqa: E402,F401  (a throwaway PostgreSQL)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# The app hides error details from students (.streamlit/config.toml); a failing test shows them.
os.environ["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] = "full"

# No test touches the user's real app folder: every process the tests start,
# and every test that sets no folder of its own, uses one made for this session.
REAL_HOME = Path.home() / ".mnist_studio"
os.environ["MNIST_STUDIO_HOME"] = tempfile.mkdtemp(prefix="mnist-studio-tests-")
# Keras writes its settings file (and downloads) under KERAS_HOME, ~/.keras by default.
os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="mnist-studio-tests-keras-")
# Nothing outside the temporary folders: not the app folder, not Keras', not the repository.
WATCHED = [REAL_HOME, Path.home() / ".keras", ROOT / "test-output"]


def _state(folder):
    return sorted((str(p), p.stat().st_mtime_ns) for p in folder.rglob("*")) if folder.exists() else None


_before = {folder: _state(folder) for folder in WATCHED}


def pytest_sessionfinish(session, exitstatus):
    for folder, before in _before.items():
        if _state(folder) != before:
            print(f"\nFAILED: the tests wrote into {folder}, outside their temporary folders", file=sys.stderr)
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def app_home(tmp_path, monkeypatch):
    """A fresh, empty app folder (runs, caches) for one test."""
    home = tmp_path / "studio"
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(home))
    return home
