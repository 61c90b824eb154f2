"""S3's from-scratch net: layers, backprop against the numerical gradient, training."""
import json
import subprocess
import sys

import numpy as np
import pytest

from core.data import load_mnist, one_hot, to_model_input
from core.numpy_net import Affine, ReLU, SoftmaxWithLoss, TwoLayerNet, softmax
from core.training import TrainConfig, train
from tests.helpers import ROOT


def real_batch(n=6, offset=0):
    (x_train, y_train), _ = load_mnist()
    x = to_model_input(x_train[offset:offset + n]).astype(np.float64)
    return x, one_hot(y_train[offset:offset + n]).astype(np.float64)


def relative_error(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-12)


@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_backprop_matches_numerical_gradient(loss):
    x, t = real_batch()
    net = TwoLayerNet(784, 12, 10, weight_init_std=0.1, seed=3, dtype=np.float64, loss=loss)
    _, backprop = net.gradient(x, t)
    numerical = net.numerical_gradient(x, t, h=1e-5)
    for name in ("W1", "b1", "W2", "b2"):
        assert backprop[name].shape == net.params[name].shape
        assert relative_error(backprop[name], numerical[name]) < 1e-6, name


def test_affine_relu_softmax_layers():
    rng = np.random.default_rng(0)
    W, b = rng.standard_normal((4, 3)), rng.standard_normal(3)
    affine = Affine(W, b)
    x = rng.standard_normal((5, 4))
    assert np.allclose(affine.forward(x), x @ W + b)
    dx = affine.backward(np.ones((5, 3)))
    assert dx.shape == x.shape and np.allclose(affine.db, 5.0) and np.allclose(affine.dW, x.T @ np.ones((5, 3)))

    relu = ReLU()
    z = np.array([[-1.0, 0.0, 2.0]])
    out = relu.forward(z)
    assert out.tolist() == [[0.0, 0.0, 2.0]] and z.tolist() == [[-1.0, 0.0, 2.0]]  # input untouched
    assert relu.backward(np.ones_like(z)).tolist() == [[0.0, 0.0, 1.0]]

    probs = softmax(np.array([[1000.0, 1000.0], [0.0, np.log(3.0)]]))  # no overflow
    assert np.allclose(probs, [[0.5, 0.5], [0.25, 0.75]])
    last = SoftmaxWithLoss()
    loss = last.forward(np.zeros((2, 10)), one_hot([3, 7]))
    assert loss == pytest.approx(np.log(10), rel=1e-5)
    with pytest.raises(ValueError, match="loss"):
        SoftmaxWithLoss("hinge")


def test_save_load_and_sgd_step(tmp_path):
    x, t = real_batch(50)
    net = TwoLayerNet(seed=1)
    before = net.loss(x.astype(np.float32), t.astype(np.float32))
    for _ in range(20):
        _, grads = net.gradient(x.astype(np.float32), t.astype(np.float32))
        net.sgd_step(grads, 0.5)
    assert net.loss(x.astype(np.float32), t.astype(np.float32)) < before
    net.save(tmp_path / "net.npz")
    again = TwoLayerNet.load(tmp_path / "net.npz")
    assert np.array_equal(again.predict(x), net.predict(x))
    assert again.loss_kind == "cross_entropy"


def test_load_keeps_the_loss_it_was_trained_with(tmp_path):
    x, t = real_batch(50)
    net = TwoLayerNet(seed=1, loss="mse")
    net.save(tmp_path / "net.npz")
    again = TwoLayerNet.load(tmp_path / "net.npz")
    assert again.loss_kind == "mse"
    assert again.loss(x, t) == pytest.approx(net.loss(x, t))


def test_numpy2layer_preset_learns(app_home):
    run = train(TrainConfig(preset="numpy2layer", epochs=2, train_limit=3000, validation_split=0.1))
    h = run.history
    assert list(h["epoch"]) == [1, 2]
    assert h["test_accuracy"].iloc[-1] > 0.8
    assert h["val_accuracy"].notna().all() and h["learning_rate"].eq(0.5).all()
    assert run.test_probs.shape == (10000, 10) and run.test_probs.dtype == np.float32
    assert np.allclose(run.test_probs.sum(axis=1), 1.0, atol=1e-4)
    # an epoch is ceil(2700 / 100) = 27 random minibatches; accuracy is theirs
    assert 0 < h["accuracy"].iloc[0] < 1


def test_numpy_path_never_imports_tensorflow(tmp_path):
    code = (
        "import sys, json\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from core.runs import RunStore\n"
        "from core.training import TrainConfig\n"
        f"store = RunStore({str(tmp_path / 'runs')!r})\n"
        "run = store.get_or_train(TrainConfig(preset='numpy2layer', epochs=1, train_limit=1000))\n"
        "f = store.predictor(run.run_id)\n"
        "p = f(__import__('numpy').zeros((1, 28, 28), 'float32'))\n"
        "store.load_model(run.run_id); store.list()\n"
        "print(json.dumps({'tf': 'tensorflow' in sys.modules, 'keras': 'keras' in sys.modules,"
        " 'shape': list(p.shape)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300,
                         env={**__import__("os").environ, "MNIST_STUDIO_HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"tf": False, "keras": False, "shape": [1, 10]}
