"""core.inside on real small runs trained into a temporary app folder."""
import os
import shutil
import subprocess
import sys
import threading

import numpy as np
import pytest

from core import inside
from core.data import load_mnist
from core.runs import RunStore
from core.training import TrainConfig
from tests.helpers import ROOT, home_with_trained_runs

NUMPY_NET = TrainConfig(preset="numpy2layer", epochs=2, train_limit=2000, snapshot_epochs=(1,))
MLP = TrainConfig(preset="mlp512x256", epochs=2, train_limit=1000, snapshot_epochs=(1,))
DENSE = TrainConfig(preset="dense512", epochs=2, train_limit=5000)  # good enough to trust its saliency
CNN = TrainConfig(preset="cnn", epochs=1, train_limit=500)
CUSTOM = TrainConfig(preset="custom", epochs=2, train_limit=2000, hidden_sizes=(64, 32),
                     activation="leaky_relu", dropout=0.2)  # Dense, LeakyReLU, Dropout twice, then Dense


@pytest.fixture(scope="module", autouse=True)
def studio_home(tmp_path_factory):
    """Every test here (and MNIST's decoded cache) uses a temporary app folder."""
    with pytest.MonkeyPatch.context() as mp:
        home = tmp_path_factory.mktemp("inside_home")
        mp.setenv("MNIST_STUDIO_HOME", str(home))
        yield home


@pytest.fixture(scope="module")
def numpy_store(tmp_path_factory):
    home, _ = home_with_trained_runs(tmp_path_factory, "inside_numpy", [NUMPY_NET])
    return RunStore(home / "runs")


@pytest.fixture(scope="module")
def keras_store(tmp_path_factory):
    home, _ = home_with_trained_runs(tmp_path_factory, "inside_keras", [MLP, DENSE, CNN, CUSTOM])
    return RunStore(home / "runs")


@pytest.fixture(scope="module")
def test_digits():
    (_, _), (x_test, y_test) = load_mnist()
    return x_test.astype(np.float32) / 255.0, y_test


def store_for(config, numpy_store, keras_store):
    return numpy_store if config.preset == "numpy2layer" else keras_store


def check_activations_match_predictor(store, run_id, digits, expected_layers):
    predict = store.predictor(run_id)
    for image in digits[:5]:
        layers = inside.activations(store, run_id, image)
        assert len(layers) == expected_layers
        assert all(isinstance(name, str) and isinstance(out, np.ndarray) for name, out in layers)
        name, probs = layers[-1]
        assert probs.shape == (10,)
        assert np.allclose(probs, predict(image[None])[0], atol=1e-5)
        assert probs.sum() == pytest.approx(1.0, abs=1e-5)


def test_numpy_net_layers_match_its_predictor(numpy_store, test_digits):
    run_id = NUMPY_NET.run_id
    check_activations_match_predictor(numpy_store, run_id, test_digits[0], 4)
    layers = inside.activations(numpy_store, run_id, test_digits[0][0])
    assert [name for name, _ in layers] == ["affine1", "relu", "affine2", "softmax"]
    assert [out.shape for _, out in layers] == [(50,), (50,), (10,), (10,)]
    assert np.array_equal(layers[1][1], np.maximum(layers[0][1], 0))


@pytest.mark.slow
@pytest.mark.parametrize("config, n_layers", [(MLP, 3), (DENSE, 2), (CNN, 19), (CUSTOM, 7)],
                         ids=["mlp512x256", "dense512", "cnn", "custom"])
def test_keras_layers_match_the_predictor(keras_store, test_digits, config, n_layers):
    check_activations_match_predictor(keras_store, config.run_id, test_digits[0], n_layers)


@pytest.mark.slow
def test_cnn_layers_in_inference_mode(keras_store, test_digits):
    layers = inside.activations(keras_store, CNN.run_id, test_digits[0][0])
    outputs = dict(layers)
    assert layers[0][1].shape == (26, 26, 32)  # the first Conv2D, batch dimension dropped
    types = [name.rsplit("_", 1)[0] if name[-1].isdigit() else name for name, _ in layers]
    assert types.count("conv2d") == 7 and types.count("batch_normalization") == 7 and types.count("dropout") == 3
    # Dropout in inference mode passes its input through unchanged
    names = [name for name, _ in layers]
    for i, name in enumerate(names):
        if name.startswith("dropout"):
            assert np.array_equal(outputs[name], layers[i - 1][1])
    # the same image twice gives the same outputs (no dropout noise, no batch statistics)
    again = inside.activations(keras_store, CNN.run_id, test_digits[0][0])
    assert all(np.array_equal(a, b) for (_, a), (_, b) in zip(layers, again))


def ink_ratio(heat, image):
    ink = image > 0.1
    return heat[ink].mean() / max(heat[~ink].mean(), 1e-12)


def check_saliency_map(store, run_id, image):
    heat = inside.saliency(store, run_id, image)
    assert heat.shape == (28, 28) and heat.dtype == np.float32
    assert heat.min() >= 0.0 and heat.max() == pytest.approx(1.0)
    assert np.array_equal(heat, inside.saliency(store, run_id, image))  # seeded: deterministic
    return heat


@pytest.mark.slow
def test_saliency_of_a_trained_mlp_is_on_the_ink_and_matters(keras_store, test_digits):
    images, _ = test_digits
    run_id = DENSE.run_id
    predict = keras_store.predictor(run_id)
    rng = np.random.default_rng(0)
    ratios, salient_drops, random_drops = [], [], []
    for image in images[:20]:
        heat = check_saliency_map(keras_store, run_id, image)
        ratios.append(ink_ratio(heat, image))
        # erasing the 10 % most salient ink pixels hurts the answer more than erasing 10 % at random
        probs = predict(image[None])[0]
        digit = probs.argmax()
        ink = np.flatnonzero(image.ravel() > 0.1)
        k = len(ink) // 10
        for chosen, drops in ((ink[np.argsort(-heat.ravel()[ink])[:k]], salient_drops),
                              (rng.choice(ink, k, replace=False), random_drops)):
            erased = image.ravel().copy()
            erased[chosen] = 0.0
            drops.append(probs[digit] - predict(erased.reshape(1, 28, 28))[0][digit])
    assert np.mean(ratios) >= 3.0 and min(ratios) >= 3.0
    assert np.mean(salient_drops) > 2 * np.mean(random_drops)
    assert np.mean(salient_drops) > 0.1


def test_saliency_of_the_numpy_net(numpy_store, test_digits):
    images, _ = test_digits
    ratios = [ink_ratio(check_saliency_map(numpy_store, NUMPY_NET.run_id, image), image) for image in images[:10]]
    assert np.mean(ratios) >= 3.0


@pytest.mark.slow
def test_saliency_of_the_cnn(keras_store, test_digits):
    images, _ = test_digits
    ratios = [ink_ratio(check_saliency_map(keras_store, CNN.run_id, image), image) for image in images[:5]]
    assert np.mean(ratios) >= 3.0


def test_saliency_of_a_blank_image_is_zero(numpy_store):
    heat = inside.saliency(numpy_store, NUMPY_NET.run_id, np.zeros((28, 28), np.float32))
    assert heat.shape == (28, 28) and not heat.any()


def test_first_layer_of_the_numpy_net(numpy_store):
    weights = inside.first_layer(numpy_store, NUMPY_NET.run_id)
    assert weights.shape == (50, 28, 28) and weights.dtype == np.float32
    W1 = numpy_store.load_model(NUMPY_NET.run_id).params["W1"]
    assert np.array_equal(weights[7].ravel(), W1[:, 7])


@pytest.mark.slow
def test_first_layer_of_keras_runs(keras_store):
    for config, shape in ((DENSE, (512, 28, 28)), (MLP, (512, 28, 28)), (CNN, (32, 3, 3)), (CUSTOM, (64, 28, 28))):
        weights = inside.first_layer(keras_store, config.run_id)
        assert weights.shape == shape and weights.dtype == np.float32
    kernel = keras_store.load_model(DENSE.run_id).layers[0].get_weights()[0]  # (784, 512)
    assert np.array_equal(inside.first_layer(keras_store, DENSE.run_id)[3].ravel(), kernel[:, 3])
    conv = keras_store.load_model(CNN.run_id).layers[0].get_weights()[0]  # (3, 3, 1, 32)
    assert np.array_equal(inside.first_layer(keras_store, CNN.run_id)[5], conv[:, :, 0, 5])


def check_embedding(store, run_id, test_digits):
    images, labels = test_digits
    points, point_labels = inside.embedding_reference(store, run_id)
    assert points.shape == (inside.REFERENCE_DIGITS, 2) and np.isfinite(points).all()
    assert np.array_equal(point_labels, labels[:inside.REFERENCE_DIGITS])
    assert points.std(axis=0).min() > 0
    xy = inside.embedding(store, run_id, images[[3, 10, 1500]])
    assert xy.shape == (3, 2) and xy.dtype == np.float32
    assert np.array_equal(xy, inside.embedding(store, run_id, images[[3, 10, 1500]]))
    scale = np.abs(points).max()
    # a test digit lands on its own reference point
    assert np.allclose(xy, points[[3, 10, 1500]], atol=1e-4 * scale)
    assert inside.embedding(store, run_id, images[:0]).shape == (0, 2)
    # new digits land among test digits of their class: 10 nearest neighbours vote
    new = inside.embedding(store, run_id, images[2000:2300])
    nearest = np.argsort(((new[:, None] - points[None]) ** 2).sum(axis=2), axis=1)[:, :10]
    votes = np.array([np.bincount(row, minlength=10).argmax() for row in point_labels[nearest]])
    assert np.mean(votes == labels[2000:2300]) > 0.3  # chance is 0.1
    return points


def test_embedding_of_the_numpy_net(numpy_store, test_digits):
    check_embedding(numpy_store, NUMPY_NET.run_id, test_digits)


@pytest.mark.slow
def test_embedding_of_an_mlp(keras_store, test_digits):
    check_embedding(keras_store, MLP.run_id, test_digits)


@pytest.mark.slow
def test_embedding_of_a_custom_mlp_uses_its_last_hidden_layer(keras_store, test_digits):
    images, _ = test_digits
    layers = inside.activations(keras_store, CUSTOM.run_id, images[0])
    assert layers[-2][1].shape == (32,)  # the last Dropout (inference: the last hidden layer)
    points = check_embedding(keras_store, CUSTOM.run_id, test_digits)
    assert points.shape == (inside.REFERENCE_DIGITS, 2)


@pytest.mark.slow
def test_keras_views_survive_clear_session(keras_store, test_digits):
    """Streamlit's server calls keras.backend.clear_session() after script runs."""
    import gc

    import keras

    image = test_digits[0][0]
    before = inside.activations(keras_store, CNN.run_id, image), inside.saliency(keras_store, CNN.run_id, image)
    keras.backend.clear_session()
    gc.collect()
    after = inside.activations(keras_store, CNN.run_id, image), inside.saliency(keras_store, CNN.run_id, image)
    assert np.array_equal(before[0][-1][1], after[0][-1][1]) and np.array_equal(before[1], after[1])


@pytest.mark.slow
def test_embedding_of_the_cnn(keras_store, test_digits):
    images, _ = test_digits
    points, _ = inside.embedding_reference(keras_store, CNN.run_id)
    assert points.shape == (inside.REFERENCE_DIGITS, 2)
    xy = inside.embedding(keras_store, CNN.run_id, images[[3, 10]])
    assert xy.shape == (2, 2)
    assert np.allclose(xy, points[[3, 10]], atol=1e-4 * np.abs(points).max())


@pytest.mark.parametrize("config", [NUMPY_NET, pytest.param(MLP, marks=pytest.mark.slow)],
                         ids=["numpy2layer", "mlp512x256"])
def test_a_snapshot_is_its_own_network(numpy_store, keras_store, test_digits, config):
    store = store_for(config, numpy_store, keras_store)
    image = test_digits[0][0]
    snapshot = f"{config.run_id}@1"
    check_activations_match_predictor(store, snapshot, test_digits[0], len(inside.activations(store, config.run_id, image)))
    final = inside.activations(store, config.run_id, image)
    early = inside.activations(store, snapshot, image)
    assert [name for name, _ in early] == [name for name, _ in final]
    assert not np.allclose(early[0][1], final[0][1])
    assert not np.array_equal(inside.first_layer(store, snapshot), inside.first_layer(store, config.run_id))
    assert inside.saliency(store, snapshot, image).shape == (28, 28)
    assert not np.allclose(inside.embedding_reference(store, snapshot)[0],
                           inside.embedding_reference(store, config.run_id)[0])


@pytest.mark.parametrize("bad", ["nope000000", "", "../runs", "abc@x", "{run_id}@99"])
def test_a_bad_run_id_raises_lookup_error(numpy_store, bad):
    bad = bad.format(run_id=NUMPY_NET.run_id)
    image = np.zeros((28, 28), np.float32)
    for view in (lambda: inside.activations(numpy_store, bad, image),
                 lambda: inside.saliency(numpy_store, bad, image),
                 lambda: inside.first_layer(numpy_store, bad),
                 lambda: inside.embedding(numpy_store, bad, image[None]),
                 lambda: inside.embedding_reference(numpy_store, bad)):
        with pytest.raises(LookupError):
            view()


def test_a_wrong_image_shape_is_refused(numpy_store):
    with pytest.raises(ValueError, match="28x28"):
        inside.activations(numpy_store, NUMPY_NET.run_id, np.zeros((14, 14), np.float32))


def test_a_retrained_run_is_not_served_stale(numpy_store, test_digits, tmp_path):
    """The cache is keyed by metrics.json's time stamp: a run written again is read again."""
    store = RunStore(tmp_path / "runs")
    shutil.copytree(numpy_store.root / NUMPY_NET.run_id, store.root / NUMPY_NET.run_id)
    run_id, image = NUMPY_NET.run_id, test_digits[0][0]
    before = inside.activations(store, run_id, image)
    points_before, _ = inside.embedding_reference(store, run_id)
    folder = store.root / run_id
    shutil.copy(folder / "snapshots" / "epoch_001" / "model.npz", folder / "model.npz")  # "retrained"
    stat = os.stat(folder / "metrics.json")
    os.utime(folder / "metrics.json", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    after = inside.activations(store, run_id, image)
    snapshot = inside.activations(store, f"{run_id}@1", image)
    assert not np.allclose(before[-1][1], after[-1][1])
    assert all(np.array_equal(a, b) for (_, a), (_, b) in zip(after, snapshot))
    assert not np.allclose(points_before, inside.embedding_reference(store, run_id)[0])


@pytest.mark.slow
def test_threads_share_a_keras_network(keras_store, test_digits):
    images = test_digits[0][:8]
    expected = [inside.saliency(keras_store, CNN.run_id, image) for image in images]
    results, errors = {}, []

    def work(i):
        try:
            results[i] = (inside.saliency(keras_store, CNN.run_id, images[i]),
                          inside.activations(keras_store, CNN.run_id, images[i])[-1][1])
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(images))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    predict = keras_store.predictor(CNN.run_id)
    for i, image in enumerate(images):
        assert np.array_equal(results[i][0], expected[i])
        assert np.allclose(results[i][1], predict(image[None])[0], atol=1e-5)


def test_the_numpy_net_needs_no_tensorflow(numpy_store):
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "import numpy as np\n"
        "from core import inside\n"
        "from core.runs import RunStore\n"
        f"store = RunStore({str(numpy_store.root)!r})\n"
        "image = np.zeros((28, 28), np.float32)\n"
        "image[8:20, 13:15] = 1.0\n"
        f"run_id = {NUMPY_NET.run_id!r}\n"
        "inside.activations(store, run_id, image); inside.saliency(store, run_id, image)\n"
        "inside.first_layer(store, run_id); inside.embedding(store, run_id, image[None])\n"
        "print('tensorflow' in sys.modules, 'keras' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "MNIST_STUDIO_HOME": str(numpy_store.root.parent)}, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split() == ["False", "False"]
