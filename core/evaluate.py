"""Evaluate runs from their test-set probabilities: NumPy only, no TensorFlow.

Everything here takes `probs` (n, 10) softmax outputs and/or predicted
digits and the true labels, so the comparison pages work from the run
store's stored `test_probs.npy` without loading a model.

    predicted = probs.argmax(axis=1)
    confusion_matrix(y_test, predicted)       # rows: true digit, columns: predicted
    per_class_accuracy(y_test, predicted)     # share of each digit recognised
    correct_indices(y_test, predicted)        # the notes' np.nonzero(predicted == y_test)[0]
    most_confident_mistakes(probs, y_test)    # wrong, and sure of it
    changed_digits(probs_a, probs_b, y_test)  # fixed / broken going from run A to run B
    ensemble_probs([probs_a, probs_b, ...])   # the average of the members' softmax outputs
"""
import numpy as np
import pandas as pd

N_CLASSES = 10


def predictions(probs):
    """The predicted digit for each row of probabilities."""
    return np.asarray(probs).argmax(axis=1)


def _labels(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError(f"labels and predictions must be 1-D and of one length; "
                         f"got {y_true.shape} and {y_pred.shape}")
    return y_true.astype(np.int64), y_pred.astype(np.int64)


def confusion_matrix(y_true, y_pred, n_classes=N_CLASSES):
    """(n_classes, n_classes) counts: [i, j] = digits whose label is i, predicted j."""
    y_true, y_pred = _labels(y_true, y_pred)
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix


def per_class_accuracy(y_true, y_pred, n_classes=N_CLASSES):
    """For each digit, the share of its test images predicted right (NaN if it has none)."""
    matrix = confusion_matrix(y_true, y_pred, n_classes)
    totals = matrix.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(totals > 0, np.diag(matrix) / totals, np.nan)


def accuracy(y_true, y_pred):
    y_true, y_pred = _labels(y_true, y_pred)
    return float(np.mean(y_true == y_pred)) if len(y_true) else float("nan")


def correct_indices(y_true, y_pred):
    """Indices of the digits predicted right, in test-set order (as in the notes)."""
    y_true, y_pred = _labels(y_true, y_pred)
    return np.nonzero(y_pred == y_true)[0]


def incorrect_indices(y_true, y_pred):
    """Indices of the digits predicted wrong, in test-set order."""
    y_true, y_pred = _labels(y_true, y_pred)
    return np.nonzero(y_pred != y_true)[0]


def most_confident_mistakes(probs, y_true, k=9):
    """Indices of up to k wrong predictions, the most confident first.

    Confidence is the probability the network gave its (wrong) answer;
    ties keep test-set order."""
    probs = np.asarray(probs)
    y_pred = predictions(probs)
    wrong = incorrect_indices(y_true, y_pred)
    confidence = probs[wrong, y_pred[wrong]]
    order = np.argsort(-confidence, kind="stable")
    return wrong[order[:k]]


def changed_digits(probs_a, probs_b, y_true):
    """(fixed, broken): indices run B gets right and run A wrong, and the reverse."""
    y_true = np.asarray(y_true)
    right_a = predictions(probs_a) == y_true
    right_b = predictions(probs_b) == y_true
    return np.nonzero(~right_a & right_b)[0], np.nonzero(right_a & ~right_b)[0]


def ensemble_probs(probs_list):
    """The ensemble's output: the mean of the members' softmax probabilities."""
    arrays = [np.asarray(p, dtype=np.float64) for p in probs_list]
    if not arrays:
        raise ValueError("an ensemble needs at least one member")
    shapes = {a.shape for a in arrays}
    if len(shapes) != 1:
        raise ValueError(f"members' probabilities differ in shape: {sorted(shapes)}")
    return np.mean(arrays, axis=0).astype(np.float32)


def cross_entropy(probs, y_true):
    """Mean -log p(true digit), with p clipped at 1e-7 as Keras does."""
    probs = np.asarray(probs, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.int64)
    return float(-np.mean(np.log(np.clip(probs[np.arange(len(y_true)), y_true], 1e-7, 1.0))))


# ---- histories ----------------------------------------------------------------

def validation_column(history, kind="accuracy"):
    """The history column to draw as "validation": val_<kind> when the run held
    out a validation set, else test_accuracy (kind "accuracy") or None (kind "loss")."""
    column = f"val_{kind}"
    if column in history and history[column].notna().any():
        return column
    if kind == "accuracy" and "test_accuracy" in history and history["test_accuracy"].notna().any():
        return "test_accuracy"
    return None


def overfitting_gap(history):
    """Per epoch, train accuracy minus validation (or test) accuracy: a Series
    indexed by epoch. Growing means the network learns the training set by heart."""
    column = validation_column(history)
    if column is None or not len(history):
        return pd.Series(dtype=float, name="gap")
    gap = history["accuracy"].to_numpy(dtype=float) - history[column].to_numpy(dtype=float)
    return pd.Series(gap, index=history["epoch"].to_numpy(), name="gap")


# ---- a table of metrics, with differences to a baseline ---------------------------

METRICS = ["test_accuracy", "errors", "test_loss", "train_accuracy", "validation_accuracy",
           "gap", "epochs", "seconds", "seconds_per_epoch"]


def run_metrics(probs, y_true, history=None, seconds=None):
    """A dict of METRICS for one run from its test probabilities and history."""
    y_pred = predictions(probs)
    out = dict.fromkeys(METRICS, np.nan)
    out["test_accuracy"] = accuracy(y_true, y_pred)
    out["errors"] = int(np.sum(y_pred != np.asarray(y_true)))
    out["test_loss"] = cross_entropy(probs, y_true)
    if history is not None and len(history):
        last = history.iloc[-1]
        out["epochs"] = int(last["epoch"])
        out["train_accuracy"] = float(last["accuracy"])
        column = validation_column(history)
        if column is not None:
            out["validation_accuracy"] = float(last[column])
            out["gap"] = out["train_accuracy"] - out["validation_accuracy"]
        if seconds is None and "seconds" in history:
            seconds = float(history["seconds"].sum())
    if seconds is not None:
        out["seconds"] = float(seconds)
        if out["epochs"] and np.isfinite(out["epochs"]):
            out["seconds_per_epoch"] = float(seconds) / out["epochs"]
    return out


def metrics_with_deltas(metrics_by_run, baseline=None):
    """A table, one row per metric: a column per run, then "Δ <run>" columns
    holding each other run minus the baseline (the first run unless named)."""
    names = list(metrics_by_run)
    if not names:
        return pd.DataFrame(index=METRICS)
    baseline = names[0] if baseline is None else baseline
    if baseline not in metrics_by_run:
        raise ValueError(f"baseline {baseline!r} is not one of the runs {names}")
    metrics = [m for m in METRICS if any(m in row for row in metrics_by_run.values())]
    table = pd.DataFrame({name: [metrics_by_run[name].get(m, np.nan) for m in metrics] for name in names},
                         index=metrics, dtype=float)
    for name in names:
        if name != baseline:
            table[f"Δ {name}"] = table[name] - table[baseline]
    return table


def confusion_difference(matrix_a, matrix_b):
    """B minus A, cell by cell: positive where B predicts that cell more often."""
    return np.asarray(matrix_b, dtype=np.int64) - np.asarray(matrix_a, dtype=np.int64)


def run_report(test_probs, y_test, k=9):
    """What the results view shows of one run: its predictions and errors, the
    confusion matrix, per-class accuracy, the first k correct and k incorrect
    test digits (the notes' 3x3 grids) and the k most confident mistakes."""
    predicted = predictions(test_probs)
    return {
        "predicted": predicted,
        "confidence": np.asarray(test_probs)[np.arange(len(predicted)), predicted],
        "errors": int(np.sum(predicted != np.asarray(y_test))),
        "confusion": confusion_matrix(y_test, predicted),
        "per_class": per_class_accuracy(y_test, predicted),
        "correct": correct_indices(y_test, predicted)[:k],
        "incorrect": incorrect_indices(y_test, predicted)[:k],
        "mistakes": most_confident_mistakes(test_probs, y_test, k),
    }


def cell_indices(y_true, y_pred, true, predicted):
    """Test indices of one confusion-matrix cell: digit `true` read as `predicted`."""
    y_true, y_pred = _labels(y_true, y_pred)
    return np.flatnonzero((y_true == true) & (y_pred == predicted))
