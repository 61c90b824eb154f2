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


def test_empty_file_is_ignored_and_version_changes(tmp_path):
    store = ClassSet(tmp_path)
    before = store.version()
    store.add(digits(1)[0][0], 5)
    assert store.version() != before
    (tmp_path / "4_empty.npy").write_bytes(b"")
    assert list(store.load()[1]) == [5]


def test_score_runs_on_the_class_set():
    from core.classset import score_runs

    labels = np.array([3, 7, 1, 0])
    confident = np.eye(10)[[3, 7, 2, 9]]  # right, right, wrong, wrong
    other = np.eye(10)[[3, 1, 1, 8]]  # right, wrong, right, wrong
    accuracy, predicted, all_wrong = score_runs(labels, {"a": confident, "b": other})
    assert accuracy == {"a": 0.5, "b": 0.5}
    assert list(predicted["b"]) == [3, 1, 1, 8]
    assert list(all_wrong) == [3]  # only the 0 is missed by both


def test_a_real_model_reads_stored_class_digits(tmp_path, app_home):
    """Saved digits go back to a model exactly as they were drawn: a run's accuracy
    on MNIST test digits saved as a class set equals its accuracy on those digits."""
    from core.classset import score_runs
    from core.runs import RunStore
    from core.training import TrainConfig

    store = RunStore()
    run = store.get_or_train(TrainConfig(preset="numpy2layer", epochs=1, train_limit=2000))
    (_, _), (x_test, y_test) = load_mnist()
    class_set = ClassSet(tmp_path / "class")
    for image, label in zip(x_test[:40] / 255.0, y_test[:40]):
        class_set.add(image, label)
    images, labels, _ = class_set.load()
    accuracy, _, wrong = score_runs(labels, {run.run_id: store.predictor(run.run_id)(images)})
    assert accuracy[run.run_id] == pytest.approx(float(np.mean(run.predicted[:40] == y_test[:40])))
    assert len(wrong) == round((1 - accuracy[run.run_id]) * 40)
