"""What the compare page shows, as plain data: names for the chosen runs, the
metrics table with deltas, confusion matrices and their differences,
per-class accuracy, the digits one run fixed or broke.

No Streamlit and no TensorFlow: everything comes from stored test probabilities
(and, for a class's held-out drawings, the probabilities the page gives it).
"""
import math

import numpy as np
import pandas as pd

from core import evaluate

# Settings that tell two runs apart in a short name, in this order.
DISTINGUISHING = [("learning_rate", "lr"), ("batch_size", "batch"), ("optimizer", ""),
                  ("validation_split", "val"), ("train_size", "n"), ("seed", "seed")]


def short_names(rows, epoch_text, class_text=lambda code: f"class {code}"):
    """{run_id: short unique name} for RunStore.list() rows of the chosen runs.

    A name is the label (or preset) and epoch, plus the settings that differ
    between the chosen runs (e.g. "numpy2layer · 17 ep · lr 1.2") and the class
    session a run trained with (class_text(code) words it); the run id is added
    only if that still leaves two alike. epoch_text(n) words the epoch.
    """
    records = rows.to_dict("records")
    differing = [(column, prefix) for column, prefix in DISTINGUISHING
                 if len({_plain(r[column]) for r in records}) > 1]
    names = []
    for row in records:
        parts = [row["label"] or row["preset"], epoch_text(int(row["epoch"]))]
        parts += [f"{prefix} {_plain(row[column])}".strip() for column, prefix in differing]
        if row.get("class_session"):
            parts.append(class_text(row["class_session"]))
        names.append(" · ".join(parts))
    return {row["run_id"]: name + (f" · {row['run_id']}" if names.count(name) > 1 else "")
            for name, row in zip(names, records)}


def _plain(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def comparison(runs, y_test):
    """Everything the page draws for {name: Run} (the first is the baseline).

    metrics: evaluate.metrics_with_deltas table (rows: metrics; columns: runs,
    then "Δ <name>"); confusion: {name: 10x10}; differences: {name: that run's
    confusion minus the baseline's}, for every run but the first; per_class:
    {name: (10,) accuracy}; histories: {name: history}."""
    names = list(runs)
    predicted = {name: evaluate.predictions(run.test_probs) for name, run in runs.items()}
    confusion = {name: evaluate.confusion_matrix(y_test, p) for name, p in predicted.items()}
    metrics = {name: evaluate.run_metrics(run.test_probs, y_test, run.history, run.seconds)
               for name, run in runs.items()}
    return {
        "metrics": evaluate.metrics_with_deltas(metrics),
        "confusion": confusion,
        "differences": {name: evaluate.confusion_difference(confusion[names[0]], confusion[name])
                        for name in names[1:]},
        "per_class": {name: evaluate.per_class_accuracy(y_test, p) for name, p in predicted.items()},
        "histories": {name: run.history for name, run in runs.items()},
        "predicted": predicted,
    }


def class_comparison(probs, labels):
    """The runs on a class's held-out drawings, for {name: (n, 10) probabilities}
    (the first is the baseline): accuracy {name: float}, per_class {name: (10,)},
    predicted {name: (n,)}."""
    predicted = {name: evaluate.predictions(p) for name, p in probs.items()}
    return {
        "accuracy": {name: evaluate.accuracy(labels, p) for name, p in predicted.items()},
        "per_class": {name: evaluate.per_class_accuracy(labels, p) for name, p in predicted.items()},
        "predicted": predicted,
    }


def fixed_and_broken(probs_a, probs_b, y_test, limit=12):
    """(fixed, broken, n_fixed, n_broken): test indices B gets right and A wrong,
    and the reverse, each cut to `limit` (most confident B answer first for
    fixed, most confident wrong B answer first for broken)."""
    fixed, broken = evaluate.changed_digits(probs_a, probs_b, y_test)
    probs_b = np.asarray(probs_b)
    predicted_b = probs_b.argmax(axis=1)

    def top(indices):
        confidence = probs_b[indices, predicted_b[indices]]
        return indices[np.argsort(-confidence, kind="stable")[:limit]]

    return top(fixed), top(broken), len(fixed), len(broken)


# ---- the metrics table, worded ------------------------------------------------------

PERCENT = {"test_accuracy", "train_accuracy", "validation_accuracy", "gap"}


def format_value(metric, value, delta=False):
    """One cell of the metrics table as text ("98.12%", "+0.35 pt", "189", "-12")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "+" if delta else ""
    if metric in PERCENT:
        return f"{value * 100:{sign}.2f} pt" if delta else f"{value:.2%}"
    if metric in ("errors", "epochs"):
        return f"{int(round(value)):{sign}d}"
    if metric == "test_loss":
        return f"{value:{sign}.4f}"
    return f"{value:{sign}.1f} s" if metric == "seconds" else f"{value:{sign}.2f} s"


def metrics_text(table, metric_names, delta_word):
    """The metrics_with_deltas table as strings, rows renamed by metric_names
    {metric: words}, "Δ <name>" columns renamed with delta_word(name)."""
    runs = [c for c in table.columns if not str(c).startswith("Δ ")]
    out = pd.DataFrame(index=[metric_names.get(m, m) for m in table.index])
    for column in table.columns:
        delta = column not in runs
        title = delta_word(column[2:]) if delta else column
        out[title] = [format_value(m, v, delta) for m, v in zip(table.index, table[column])]
    return out
