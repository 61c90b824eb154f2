"""Where the app keeps its files. MNIST_STUDIO_HOME moves all of them."""
import os
from pathlib import Path


def app_home() -> Path:
    return Path(os.environ.get("MNIST_STUDIO_HOME", Path.home() / ".mnist_studio"))


def runs_dir() -> Path:
    return app_home() / "runs"


def data_cache_file() -> Path:
    return app_home() / "data" / "mnist.npz"
