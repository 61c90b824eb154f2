"""Logistic regression on two MNIST digits, and a tiny softmax regression on all ten.

Both are trained by plain gradient descent in NumPy, the way the notes describe the
root of the neuron: a weighted sum of the 784 pixels, then the sigmoid (two classes)
or the softmax (ten classes) turns the score into a probability.
"""
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.activations import sigmoid, softmax
from core.data import load_mnist, to_model_input

DEFAULT_PAIR = (0, 1)
DEFAULT_LEARNING_RATE = 0.5
DEFAULT_STEPS = 100


def digit_pair(x, y, a, b):
    """Images of digits a and b as (n, 784) float32 in [0, 1]; target 1 for b, 0 for a."""
    keep = (y == a) | (y == b)
    return to_model_input(x[keep]), (y[keep] == b).astype(np.float32)


def binary_cross_entropy(scores, t):
    # -[t log s(z) + (1-t) log(1-s(z))] written as log(1+e^z) - t z: finite for any score.
    return float(np.mean(np.logaddexp(0.0, scores) - t * scores))


def accuracy(scores, t):
    return float(np.mean((scores > 0) == (t > 0.5)))


@dataclass
class LogisticRegression:
    weights: np.ndarray  # (784,)
    bias: float
    history: pd.DataFrame  # one row per step: step, loss, train_accuracy, test_accuracy

    def scores(self, x):
        return x @ self.weights + self.bias

    def probability(self, x):
        return sigmoid(self.scores(x))


def train_logistic_regression(x, t, learning_rate=DEFAULT_LEARNING_RATE, steps=DEFAULT_STEPS,
                              x_test=None, t_test=None):
    """Full-batch gradient descent on the mean binary cross-entropy, from zero weights."""
    # A pixel blank in every training image gets a zero gradient at every step, so its
    # weight stays 0: leaving those pixels out gives the same model for a fifth less work.
    n_pixels = x.shape[1]
    used = np.flatnonzero(x.any(axis=0))
    x = np.ascontiguousarray(x[:, used])
    if x_test is not None:
        x_test = np.ascontiguousarray(x_test[:, used])
    w = np.zeros(len(used), dtype=np.float32)
    b = 0.0
    rows = []
    for step in range(steps + 1):
        # einsum rather than @: these matrix-vector products are limited by memory, not
        # arithmetic, and BLAS threads only slow them down on a busy 2-core CPU (2-3x measured).
        z = np.einsum("ij,j->i", x, w) + b
        row = {"step": step, "loss": binary_cross_entropy(z, t), "train_accuracy": accuracy(z, t)}
        if x_test is not None:
            row["test_accuracy"] = accuracy(np.einsum("ij,j->i", x_test, w) + b, t_test)
        rows.append(row)
        if step == steps:
            break
        error = (sigmoid(z) - t).astype(np.float32)  # d loss / d z, per image
        w -= learning_rate * np.einsum("i,ij->j", error, x) / len(t)
        b -= learning_rate * float(error.mean())
    weights = np.zeros(n_pixels, dtype=np.float32)
    weights[used] = w
    return LogisticRegression(weights, b, pd.DataFrame(rows))


@dataclass
class PairResult:
    digits: tuple  # (a, b): the model gives P(digit is b)
    weights: np.ndarray  # (28, 28): what the model looks for
    bias: float
    history: pd.DataFrame
    train_accuracy: float
    test_accuracy: float
    test_indices: np.ndarray  # which test images (indices into the full test set) are a or b
    test_scores: np.ndarray  # their score w . x + b
    test_probabilities: np.ndarray  # sigmoid(score) = P(digit is b)
    test_digits: np.ndarray  # their true digit
    test_mistakes: np.ndarray  # indices into the full test set of the misclassified ones
    n_train: int
    seconds: float

    def mistakes(self, limit=16):
        """(test index, true digit, P(digit is b)) of misclassified test images, surest mistakes first."""
        wrong = np.flatnonzero((self.test_scores > 0) != (self.test_digits == self.digits[1]))
        wrong = wrong[np.argsort(-np.abs(self.test_scores[wrong]), kind="stable")][:limit]
        return self.test_indices[wrong], self.test_digits[wrong], self.test_probabilities[wrong]


def train_digit_pair(a=DEFAULT_PAIR[0], b=DEFAULT_PAIR[1], learning_rate=DEFAULT_LEARNING_RATE,
                     steps=DEFAULT_STEPS, data=None):
    """Train a logistic regression telling digit a from digit b on the real MNIST images."""
    if a == b or not {a, b} <= set(range(10)):
        raise ValueError(f"digits must be two different values in 0..9, not {a} and {b}")
    if learning_rate <= 0 or steps < 1:
        raise ValueError(f"learning_rate must be > 0 and steps >= 1, not {learning_rate} and {steps}")
    (x_train, y_train), (x_test, y_test) = data if data is not None else load_mnist()
    started = time.perf_counter()
    x, t = digit_pair(x_train, y_train, a, b)
    xt, tt = digit_pair(x_test, y_test, a, b)
    model = train_logistic_regression(x, t, learning_rate, steps, xt, tt)
    scores = model.scores(xt)
    test_indices = np.flatnonzero((y_test == a) | (y_test == b))
    wrong = (scores > 0) != (tt > 0.5)
    last = model.history.iloc[-1]
    return PairResult(
        digits=(a, b), weights=model.weights.reshape(28, 28), bias=model.bias, history=model.history,
        train_accuracy=float(last.train_accuracy), test_accuracy=float(last.test_accuracy),
        test_indices=test_indices, test_scores=scores, test_probabilities=sigmoid(scores),
        test_digits=np.where(tt > 0.5, b, a), test_mistakes=test_indices[wrong], n_train=len(t),
        seconds=time.perf_counter() - started,
    )


def sigmoid_curve(scores, points=401, margin=1.0):
    """x and sigmoid(x) over the span of the scores, for drawing the curve behind them."""
    reach = max(6.0, float(np.abs(scores).max()) + margin) if len(scores) else 6.0
    x = np.linspace(-reach, reach, points)
    return x, sigmoid(x)


@dataclass
class SoftmaxRegression:
    weights: np.ndarray  # (10, 784): one row of pixel weights per digit
    bias: np.ndarray  # (10,)
    test_accuracy: float

    def logits(self, images):
        """uint8 images (n, 28, 28) or one (28, 28) -> (n, 10) scores."""
        return to_model_input(images) @ self.weights.T + self.bias

    def probabilities(self, images, temperature=1.0):
        return softmax(self.logits(images), temperature)


def train_softmax_regression(epochs=1, batch_size=100, learning_rate=0.5, seed=0, data=None):
    """Ten-class logistic regression (one linear layer + softmax), minibatch SGD on cross-entropy."""
    (x_train, y_train), (x_test, y_test) = data if data is not None else load_mnist()
    rng = np.random.default_rng(seed)
    w = np.zeros((10, 784), dtype=np.float32)
    b = np.zeros(10, dtype=np.float32)
    for _ in range(epochs):
        for batch in np.array_split(rng.permutation(len(x_train)), len(x_train) // batch_size):
            x = to_model_input(x_train[batch])
            # einsum for the same reason as in train_logistic_regression: small products, no BLAS threads
            p = softmax(np.einsum("ij,kj->ik", x, w) + b).astype(np.float32)
            p[np.arange(len(batch)), y_train[batch]] -= 1.0  # d loss / d logits = p - one_hot
            w -= learning_rate * np.einsum("ik,ij->kj", p, x) / len(batch)
            b -= learning_rate * p.mean(axis=0)
    model = SoftmaxRegression(w, b, 0.0)
    model.test_accuracy = float(np.mean(model.logits(x_test).argmax(axis=1) == y_test))
    return model
