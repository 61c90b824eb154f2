import io

import numpy as np
import pytest

from core.classset import ClassSet
from core.data import load_mnist


def digits(n):
    (x, y), _ = load_mnist()
    return x[:n] / 255.0, y[:n]


def test_add_load_survives_a_new_instance(tmp_path):
    images, labels = digits(5)
    store = ClassSet(tmp_path)
    for image, label in zip(images, labels):
        store.add(image, label)
    again = ClassSet(tmp_path)  # as after a restart
    got_images, got_labels, ids = again.load()
    assert len(again) == 5 and len(ids) == 5
    assert list(got_labels) == list(labels)
    np.testing.assert_allclose(got_images, images.astype(np.float32))
    assert again.counts().sum() == 5


def test_bad_input_is_refused(tmp_path):
    store = ClassSet(tmp_path)
    with pytest.raises(ValueError, match="28x28"):
        store.add(np.zeros((20, 20)), 3)
    with pytest.raises(ValueError, match="0..9"):
        store.add(np.zeros((28, 28)), 10)
    assert len(store) == 0


def test_half_written_and_damaged_files_are_ignored(tmp_path):
    store = ClassSet(tmp_path)
    store.add(digits(1)[0][0], 5)
    (tmp_path / "leftover.tmp").write_bytes(b"partial")
    (tmp_path / "3_broken.npy").write_bytes(b"not an array")
    images, labels, _ = store.load()
    assert list(labels) == [5]


def test_export_and_clear(tmp_path):
    images, labels = digits(3)
    store = ClassSet(tmp_path)
    for image, label in zip(images, labels):
        store.add(image, label)
    exported = np.load(io.BytesIO(store.export_npz()))
    assert exported["images"].shape == (3, 28, 28)
    assert list(exported["labels"]) == list(labels)
    store.clear()
    assert len(store) == 0 and store.load()[0].shape == (0, 28, 28)
