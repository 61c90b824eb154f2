import numpy as np
import pandas as pd
import pytest

from core import evaluate
from core.data import load_mnist

# How many of each digit MNIST's test set holds.
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(scope="module")
def y_test():
    return load_mnist()[1][1]


def probs_from(predicted, confidence=0.9):
    """Probabilities that put `confidence` on each predicted digit."""
    predicted = np.asarray(predicted)
    probs = np.full((len(predicted), 10), (1 - confidence) / 9, dtype=np.float32)
    probs[np.arange(len(predicted)), predicted] = confidence
    return probs


def test_confusion_matrix_by_hand():
    y_true = [0, 0, 1, 2, 2, 2]
    y_pred = [0, 1, 1, 2, 0, 2]
    matrix = evaluate.confusion_matrix(y_true, y_pred, n_classes=3)
    assert matrix.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    np.testing.assert_allclose(evaluate.per_class_accuracy(y_true, y_pred, n_classes=3), [0.5, 1.0, 2 / 3])


def test_a_digit_missing_from_the_labels_has_no_accuracy():
    acc = evaluate.per_class_accuracy([0, 1], [0, 0], n_classes=3)
    assert acc[0] == 1.0 and acc[1] == 0.0 and np.isnan(acc[2])


def test_perfect_predictions_on_the_test_set(y_test):
    matrix = evaluate.confusion_matrix(y_test, y_test)
    assert np.diag(matrix).tolist() == TEST_COUNTS
    assert matrix.sum() == 10_000 and (matrix - np.diag(np.diag(matrix))).sum() == 0
    assert evaluate.per_class_accuracy(y_test, y_test).tolist() == [1.0] * 10


def test_every_seven_read_as_one(y_test):
    predicted = np.where(y_test == 7, 1, y_test)
    matrix = evaluate.confusion_matrix(y_test, predicted)
    assert matrix[7, 1] == TEST_COUNTS[7] and matrix[7, 7] == 0
    assert matrix[:, 1].sum() == TEST_COUNTS[1] + TEST_COUNTS[7]
    acc = evaluate.per_class_accuracy(y_test, predicted)
    assert acc[7] == 0.0 and acc[1] == 1.0
    wrong = evaluate.incorrect_indices(y_test, predicted)
    assert len(wrong) == TEST_COUNTS[7] and (y_test[wrong] == 7).all()
    right = evaluate.correct_indices(y_test, predicted)
    assert len(right) + len(wrong) == 10_000 and right[0] == 1  # test digit 0 is a 7
    assert evaluate.accuracy(y_test, predicted) == pytest.approx(1 - TEST_COUNTS[7] / 10_000)


def test_indices_keep_test_set_order():
    y_true = np.array([3, 1, 4, 1, 5])
    y_pred = np.array([3, 7, 4, 1, 9])
    assert evaluate.correct_indices(y_true, y_pred).tolist() == [0, 2, 3]
    assert evaluate.incorrect_indices(y_true, y_pred).tolist() == [1, 4]


def test_most_confident_mistakes_come_first():
    y_true = np.array([0, 1, 2, 3])
    probs = np.array([
        [0.9, 0.1, 0, 0],  # right
        [0.6, 0.4, 0, 0],  # wrong, 0.6 sure
        [0, 0.95, 0.05, 0],  # wrong, 0.95 sure
        [0, 0, 0.7, 0.3],  # wrong, 0.7 sure
    ])
    assert evaluate.most_confident_mistakes(probs, y_true, k=9).tolist() == [2, 3, 1]
    assert evaluate.most_confident_mistakes(probs, y_true, k=2).tolist() == [2, 3]


def test_fixed_and_broken_digits(y_test):
    a = y_test.copy()
    a[:10] = (y_test[:10] + 1) % 10  # run A misses the first ten
    b = y_test.copy()
    b[5:20] = (y_test[5:20] + 1) % 10  # run B misses 5..19
    fixed, broken = evaluate.changed_digits(probs_from(a), probs_from(b), y_test)
    assert fixed.tolist() == list(range(5))
    assert broken.tolist() == list(range(10, 20))
    fixed, broken = evaluate.changed_digits(probs_from(a), probs_from(a), y_test)
    assert len(fixed) == len(broken) == 0


def test_ensemble_averages_softmax_outputs():
    a = np.array([[0.6, 0.4], [0.2, 0.8]])
    b = np.array([[0.2, 0.8], [0.4, 0.6]])
    mean = evaluate.ensemble_probs([a, b])
    np.testing.assert_allclose(mean, [[0.4, 0.6], [0.3, 0.7]], rtol=1e-6)
    assert mean.dtype == np.float32
    with pytest.raises(ValueError):
        evaluate.ensemble_probs([a, b[:1]])
    with pytest.raises(ValueError):
        evaluate.ensemble_probs([])


def test_an_ensemble_outvotes_single_mistakes(y_test):
    # Three runs that each miss a different third of the digits 0..29: each member
    # is wrong on 10, their average (2 of 3 right, at 0.9) on none.
    members = []
    for k in range(3):
        predicted = y_test.copy()
        predicted[10 * k:10 * k + 10] = (y_test[10 * k:10 * k + 10] + 3) % 10
        members.append(probs_from(predicted))
    assert all(evaluate.accuracy(y_test, evaluate.predictions(p)) == 0.999 for p in members)
    mean = evaluate.ensemble_probs(members)
    assert evaluate.accuracy(y_test, evaluate.predictions(mean)) == 1.0


def test_cross_entropy_matches_hand_value():
    probs = np.array([[0.5, 0.5], [0.25, 0.75]])
    assert evaluate.cross_entropy(probs, [0, 1]) == pytest.approx(-(np.log(0.5) + np.log(0.75)) / 2)


def history(train, val=None, test=None):
    n = len(train)
    return pd.DataFrame({
        "epoch": np.arange(1, n + 1), "loss": np.linspace(1, 0.1, n), "accuracy": train,
        "val_loss": np.nan if val is None else np.linspace(1, 0.2, n),
        "val_accuracy": np.nan if val is None else val,
        "test_accuracy": np.nan if test is None else test, "seconds": [2.0] * n,
    })


def test_gap_uses_validation_else_test():
    with_val = history([0.9, 0.95, 0.99], val=[0.9, 0.93, 0.94], test=[0.5, 0.5, 0.5])
    assert evaluate.validation_column(with_val) == "val_accuracy"
    assert evaluate.validation_column(with_val, "loss") == "val_loss"
    np.testing.assert_allclose(evaluate.overfitting_gap(with_val).to_numpy(), [0.0, 0.02, 0.05], atol=1e-12)
    assert evaluate.overfitting_gap(with_val).index.tolist() == [1, 2, 3]
    test_only = history([0.9, 0.99], test=[0.91, 0.97])
    assert evaluate.validation_column(test_only) == "test_accuracy"
    assert evaluate.validation_column(test_only, "loss") is None
    np.testing.assert_allclose(evaluate.overfitting_gap(test_only).to_numpy(), [-0.01, 0.02], atol=1e-12)


def test_metrics_table_with_deltas(y_test):
    ten = y_test.copy()
    ten[:200] = (y_test[:200] + 1) % 10
    fifty = y_test.copy()
    fifty[:150] = (y_test[:150] + 1) % 10
    metrics = {
        "10 epochs": evaluate.run_metrics(probs_from(ten), y_test, history([0.97] * 10, test=[0.98] * 10)),
        "50 epochs": evaluate.run_metrics(probs_from(fifty), y_test, history([0.995] * 50, test=[0.985] * 50)),
    }
    assert metrics["10 epochs"]["errors"] == 200 and metrics["10 epochs"]["seconds_per_epoch"] == 2.0
    table = evaluate.metrics_with_deltas(metrics)
    assert list(table.columns) == ["10 epochs", "50 epochs", "Δ 50 epochs"]
    assert table.loc["test_accuracy", "10 epochs"] == pytest.approx(0.98)
    assert table.loc["test_accuracy", "Δ 50 epochs"] == pytest.approx(0.005)
    assert table.loc["errors", "Δ 50 epochs"] == -50
    assert table.loc["epochs", "Δ 50 epochs"] == 40
    assert table.loc["seconds", "Δ 50 epochs"] == pytest.approx(80.0)
    assert table.loc["gap", "50 epochs"] == pytest.approx(0.01)
    reverse = evaluate.metrics_with_deltas(metrics, baseline="50 epochs")
    assert reverse.loc["errors", "Δ 10 epochs"] == 50
    with pytest.raises(ValueError):
        evaluate.metrics_with_deltas(metrics, baseline="nope")


def test_predictions_need_matching_labels():
    with pytest.raises(ValueError):
        evaluate.confusion_matrix([0, 1, 2], [0, 1])
