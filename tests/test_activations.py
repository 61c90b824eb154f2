"""Unit tests for core/activations.py and core/logreg.py, on real MNIST where data is involved."""
import numpy as np
import pytest

from core import activations as act
from core import logreg
from core.data import load_mnist

# Smooth points only: kinks (ReLU-like functions at 0, Maxout where its pieces cross) have no derivative.
X = np.linspace(-6, 6, 121) + 0.0137
H = 1e-6

PARAM_CASES = [(name, {}) for name in act.ELEMENTWISE] + [
    ("leaky_relu", {"alpha": 0.3}),
    ("elu", {"alpha": 2.5}),
    ("elu", {"alpha": 0.4}),
    ("maxout", {"w1": 0.5, "b1": 1.0, "w2": -1.5, "b2": 0.2}),
    ("maxout", {"w1": 1.0, "b1": 0.0, "w2": 0.1, "b2": 0.0}),
    ("swish", {"beta": 3.0}),
]


def kinks(name, params):
    if name in ("relu", "leaky_relu", "elu"):
        return [0.0]
    if name == "maxout":
        p = {**act.REGISTRY["maxout"].defaults(), **params}
        return [(p["b2"] - p["b1"]) / (p["w1"] - p["w2"])]
    return []


@pytest.mark.parametrize("name,params", PARAM_CASES)
def test_derivative_matches_central_difference(name, params):
    f = act.REGISTRY[name]
    smooth = np.ones_like(X, dtype=bool)
    for k in kinks(name, params):
        smooth &= np.abs(X - k) > 10 * H
    x = X[smooth]
    numeric = (f(x + H, **params) - f(x - H, **params)) / (2 * H)
    np.testing.assert_allclose(f.grad(x, **params), numeric, rtol=1e-5, atol=1e-6)


def test_every_elementwise_function_is_tested():
    assert {name for name, _ in PARAM_CASES} == set(act.ELEMENTWISE)
    assert {"sigmoid", "tanh", "relu", "leaky_relu", "elu", "maxout", "softplus", "swish", "gelu"} <= set(act.REGISTRY)


@pytest.mark.parametrize("temperature", [1.0, 0.5, 3.0])
def test_softmax_jacobian_matches_central_difference(temperature):
    z = np.random.default_rng(0).normal(size=10) * 2
    numeric = np.empty((10, 10))
    for j in range(10):
        step = np.zeros(10)
        step[j] = H
        numeric[:, j] = (act.softmax(z + step, temperature) - act.softmax(z - step, temperature)) / (2 * H)
    np.testing.assert_allclose(act.REGISTRY["softmax"].grad(z, temperature=temperature), numeric, atol=1e-7)


def test_softmax_sums_to_one_and_stays_finite_at_extremes():
    for logits in ([1000.0, -1000.0, 0.0, 5.0], [-1000.0] * 10, [1000.0] * 10, np.linspace(-1000, 1000, 10)):
        for temperature in (0.1, 1.0, 5.0):
            p = act.softmax(logits, temperature)
            assert np.all(np.isfinite(p)) and np.all(p >= 0)
            assert p.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(act.softmax([1000.0, -1000.0]), [1.0, 0.0])
    np.testing.assert_allclose(act.softmax([-1000.0] * 4), [0.25] * 4)
    # adding the same number to every logit changes nothing
    z = np.array([0.3, -1.2, 2.0])
    np.testing.assert_allclose(act.softmax(z + 700), act.softmax(z))
    batch = act.softmax(np.random.default_rng(1).normal(size=(5, 10)) * 300)
    np.testing.assert_allclose(batch.sum(axis=1), 1.0)


def test_softmax_temperature_sharpens_and_flattens_but_keeps_the_winner():
    z = [0.5, 2.0, 1.0]
    cold, warm, hot = (act.softmax(z, t) for t in (0.5, 1.0, 3.0))
    assert cold.max() > warm.max() > hot.max()
    assert cold.argmax() == warm.argmax() == hot.argmax() == 1


def test_sigmoid_is_finite_at_extremes():
    x = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    s = act.sigmoid(x)
    assert np.all(np.isfinite(s))
    np.testing.assert_allclose(s, [0.0, 1.9287498479639178e-22, 0.5, 1.0, 1.0])
    assert np.all(np.isfinite(act.sigmoid_grad(x)))
    assert np.all(np.isfinite(act.REGISTRY["softplus"](x)))


def test_maxout_is_the_max_of_its_pieces():
    rng = np.random.default_rng(2)
    x = rng.normal(size=200) * 5
    for _ in range(20):
        w1, b1, w2, b2 = rng.normal(size=4)
        out = act.REGISTRY["maxout"](x, w1=w1, b1=b1, w2=w2, b2=b2)
        pieces = np.stack([w1 * x + b1, w2 * x + b2])
        np.testing.assert_allclose(out, pieces.max(axis=0))
        assert np.all((np.isclose(out, pieces[0])) | (np.isclose(out, pieces[1])))
    # w1=1, rest 0 is ReLU; w2=0.1 makes it the notes' Leaky ReLU
    np.testing.assert_allclose(act.maxout(x, 1, 0, 0, 0), act.relu(x))
    np.testing.assert_allclose(act.maxout(x, 1, 0, 0.1, 0), act.leaky_relu(x, 0.1))


def test_notes_facts():
    assert act.REGISTRY["leaky_relu"].defaults() == {"alpha": 0.1}
    np.testing.assert_allclose(act.REGISTRY["leaky_relu"]([-10.0, 10.0]), [-1.0, 10.0])
    assert act.max_derivative("sigmoid") == pytest.approx(0.25)
    assert act.max_derivative("tanh") == pytest.approx(1.0)
    np.testing.assert_allclose(act.REGISTRY["elu"](np.array([-50.0]), alpha=2.0), [-2.0])  # saturates at -alpha
    np.testing.assert_allclose(act.gradient_bound(0.25, 3), [0.25, 0.0625, 0.015625])


def test_curves_follow_the_parameters():
    a = act.curves(["leaky_relu"], -2, 2, {"leaky_relu": {"alpha": 0.1}}, points=5)
    b = act.curves(["leaky_relu"], -2, 2, {"leaky_relu": {"alpha": 0.3}}, points=5)
    np.testing.assert_allclose(a.f, [-0.2, -0.1, 0.0, 1.0, 2.0])
    np.testing.assert_allclose(b.f, [-0.6, -0.3, 0.0, 1.0, 2.0])


def test_linear_stacking_stays_linear():
    for seed in range(3):
        demo = act.linear_stack_demo(seed=seed, between="relu")
        assert demo["residuals"]["linear"] < 1e-10  # two matrices are exactly one matrix
        assert demo["residuals"]["nonlinear"] > 1e-2  # with a ReLU between, no matrix fits
        np.testing.assert_allclose(demo["product"], demo["w2"] @ demo["w1"])
        x = np.random.default_rng(seed).normal(size=(7, 2))
        np.testing.assert_allclose(x @ demo["w1"].T @ demo["w2"].T, x @ demo["product"].T)


def test_softmax_playground_shift_changes_nothing():
    base = act.softmax_playground(np.arange(10.0), temperature=2.0)
    shifted = act.softmax_playground(np.arange(10.0), temperature=2.0, shift=-1000.0)
    np.testing.assert_allclose(base.probability, shifted.probability)
    assert base.probability.sum() == pytest.approx(1.0)


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_logistic_regression_zero_vs_one_with_defaults(mnist):
    result = logreg.train_digit_pair(data=mnist)
    assert result.digits == (0, 1)
    assert result.test_accuracy >= 0.99
    assert result.train_accuracy >= 0.99
    assert len(result.history) == logreg.DEFAULT_STEPS + 1
    loss = result.history.loss.to_numpy()
    assert loss[0] == pytest.approx(np.log(2), rel=1e-5)  # zero weights: p = 0.5 for every image
    assert loss[-1] < 0.05 and np.all(np.diff(loss) < 0)
    (_, _), (x_test, y_test) = mnist
    assert len(result.test_indices) == np.sum((y_test == 0) | (y_test == 1)) == 2115
    np.testing.assert_array_equal(result.test_digits, y_test[result.test_indices])
    np.testing.assert_allclose(result.test_probabilities, act.sigmoid(result.test_scores))
    wrong = len(result.test_mistakes)
    assert result.test_accuracy == pytest.approx(1 - wrong / 2115)
    indices, digits, p_one = result.mistakes()
    np.testing.assert_array_equal(np.sort(indices), np.sort(result.test_mistakes))
    assert np.all((p_one > 0.5) != (digits == 1))


def test_logistic_regression_weights_look_for_the_right_ink(mnist):
    result = logreg.train_digit_pair(0, 1, steps=50, data=mnist)
    (x_train, y_train), _ = mnist
    assert result.weights.shape == (28, 28)
    # a 1 is a vertical stroke through the centre, a 0 a ring around it
    assert result.weights[10:18, 13:15].mean() > 0
    assert result.weights[4:24, 6:9].mean() < 0
    # pixels blank in every 0 and 1 of the training set never move from 0
    blank = ~(x_train[(y_train == 0) | (y_train == 1)] > 0).any(axis=0)
    assert blank.sum() > 100 and np.all(result.weights[blank] == 0)


def test_logistic_regression_harder_pair_and_learning_rate(mnist):
    slow = logreg.train_digit_pair(3, 8, learning_rate=0.01, steps=20, data=mnist)
    fast = logreg.train_digit_pair(3, 8, learning_rate=0.5, steps=20, data=mnist)
    assert 0.5 < slow.test_accuracy < fast.test_accuracy
    assert set(np.unique(fast.test_digits)) == {3, 8}


def test_logistic_regression_rejects_bad_settings(mnist):
    for kwargs in ({"a": 3, "b": 3}, {"a": 0, "b": 10}, {"learning_rate": 0}, {"steps": 0}):
        with pytest.raises(ValueError):
            logreg.train_digit_pair(**kwargs, data=mnist)


@pytest.mark.slow
def test_softmax_regression_gives_ten_logits(mnist):
    model = logreg.train_softmax_regression(data=mnist)
    assert model.test_accuracy > 0.88
    (_, _), (x_test, y_test) = mnist
    logits = model.logits(x_test[:100])
    assert logits.shape == (100, 10)
    assert np.mean(logits.argmax(axis=1) == y_test[:100]) > 0.8
    np.testing.assert_allclose(model.probabilities(x_test[:5]).sum(axis=1), 1.0, rtol=1e-6)
