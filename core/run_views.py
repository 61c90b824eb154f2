"""What the train, runs and compare pages need from the run store, as plain data.

No Streamlit and no TensorFlow here: stored runs are read as json/csv/npy.
"""
import math
import statistics

import numpy as np
import pandas as pd

from core import models
from core.training import COMPLETE, TrainConfig

# Which course note each preset comes from (see DESIGN.md's table).
PRESET_SYSTEMS = {"dense512": "S1", "mlp512x256": "S2", "numpy2layer": "S3", "cnn": "S4", "custom": "S5"}

# Widget choices: every value in them is valid for TrainConfig.
BATCH_SIZES = (16, 32, 64, 100, 128, 256, 512)
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 1.2, 1.5, 2.0)
TRAIN_LIMITS = (None, 20_000, 10_000, 5_000, 2_000)  # None: all 60,000 (>= 2,000 keeps batch 512 valid)
HIDDEN_SIZES = (16, 32, 64, 128, 256, 512, 1024)
MAX_EPOCHS = 200
MAX_COMPARED = 4

# The notes' two experiments.
S2_EPOCHS, S2_SNAPSHOT = 50, 10
LR_EXPERIMENT_RATES = (0.5, 1.2, 1.5)


def form_defaults(preset):
    """The training form's values for a preset (its TrainConfig defaults)."""
    d = models.PRESETS[preset]
    return {
        "epochs": d["epochs"], "batch_size": d["batch_size"], "learning_rate": d["learning_rate"],
        "optimizer": d["optimizer"], "loss": d["loss"], "validation_split": d["validation_split"],
        "early_stopping": False, "patience": 3, "augment": d["augment"], "seed": 0,
        "snapshot_epochs": [], "train_limit": None,
        "hidden_sizes": list(d.get("hidden_sizes", (256, 128))), "activation": d.get("activation", "relu"),
        "dropout": d.get("dropout", 0.0),
    }


def form_values(config):
    """The form's values that reproduce a stored run's config."""
    c = config.normalized()
    values = form_defaults(c.preset)
    values.update(
        epochs=c.epochs, batch_size=c.batch_size, learning_rate=c.learning_rate, optimizer=c.optimizer,
        loss=c.loss, validation_split=c.validation_split, early_stopping=c.early_stopping,
        patience=c.patience or 3, augment=bool(c.augment), seed=c.seed,
        snapshot_epochs=list(c.snapshot_epochs), train_limit=c.train_limit,
    )
    if c.preset == "custom":
        values.update(hidden_sizes=list(c.hidden_sizes), activation=c.activation, dropout=c.dropout)
    return values


def config_from_form(preset, values):
    """A TrainConfig from the form (ValueError names the field if one is off)."""
    fields = dict(
        preset=preset, epochs=int(values["epochs"]), batch_size=int(values["batch_size"]),
        learning_rate=float(values["learning_rate"]), optimizer=values["optimizer"], loss=values["loss"],
        validation_split=round(float(values["validation_split"]), 2),  # slider steps leave 0.15000000000000002
        early_stopping=bool(values["early_stopping"] and values["validation_split"] > 0),
        patience=int(values["patience"]), augment=bool(values["augment"]) if preset == "cnn" else False,
        seed=int(values["seed"]),
        snapshot_epochs=tuple(e for e in values["snapshot_epochs"] if e < int(values["epochs"])),
        train_limit=values["train_limit"],
    )
    if preset == "numpy2layer":
        fields["optimizer"] = "sgd"
    if preset == "custom":
        fields.update(hidden_sizes=tuple(values["hidden_sizes"]), activation=values["activation"],
                      dropout=round(float(values["dropout"]), 2))
    return TrainConfig(**fields)


def nearest(choices, value):
    """The choice closest to value (on a log scale for positive numbers)."""
    if value in choices:
        return value
    if value is None or not choices:
        return choices[0] if choices else value
    key = (lambda c: abs(math.log(c) - math.log(value))) if value > 0 else (lambda c: abs(c - value))
    return min((c for c in choices if c is not None), key=key)


# ---- the run store as tables -------------------------------------------------------

def runs_table(runs):
    """RunStore.list() trimmed to what the runs page shows, newest first."""
    columns = ["run_id", "label", "preset", "epoch", "batch_size", "learning_rate", "optimizer",
               "validation_split", "train_size", "test_accuracy", "seconds", "created", "status"]
    table = runs.reindex(columns=columns).copy()
    table["created"] = pd.to_datetime(table["created"], errors="coerce", utc=True)
    return table.reset_index(drop=True)


def choosable(runs):
    """Run and snapshot ids that can be opened (complete or stopped with epochs)."""
    if runs is None or not len(runs):
        return []
    return [r for r, e in zip(runs["run_id"], runs["epoch"]) if e and e > 0]


def stored_complete_id(runs, config):
    """config's run id if its complete run is in `runs` (RunStore.list()), else None."""
    if runs is None or not len(runs):
        return None
    run_id = config.run_id
    rows = runs[(runs["run_id"] == run_id) & (runs["status"] == COMPLETE)]
    return run_id if len(rows) else None


def estimate_seconds_per_epoch(runs, config):
    """Median seconds per epoch of stored complete runs of the same preset and
    training-set size (a guess for the ETA before the first epoch ends)."""
    if runs is None or not len(runs):
        return None
    c = config.normalized()
    same = runs[(runs["preset"] == c.preset) & (runs["status"] == COMPLETE) & (runs["snapshot_of"] == "")
                & (runs["train_size"] == c.train_size) & (runs["epochs_run"] > 0)]
    if not len(same):
        return None
    return float(statistics.median(same["seconds"] / same["epochs_run"]))


def parse_run_ids(text):
    """"a,b , c" -> ["a", "b", "c"] (no blanks or repeats, at most MAX_COMPARED)."""
    ids = []
    for part in str(text or "").split(","):
        part = part.strip()
        if part and part not in ids:
            ids.append(part)
    return ids[:MAX_COMPARED]


def default_comparison(runs):
    """The notes' experiment when it is stored: S2 (mlp512x256) at epoch 10
    against epoch 50, as a snapshot of one 50-epoch run or two runs. Else the
    two newest runs. Returns a list of ids (possibly empty)."""
    ids = choosable(runs)
    if not ids:
        return []
    rows = runs[runs["run_id"].isin(ids)]
    s2 = rows[rows["preset"] == "mlp512x256"]
    full_data = s2["train_limit"].isna()
    for candidates in (s2[full_data], s2):
        fifty = candidates[(candidates["snapshot_of"] == "") & (candidates["epoch"] == S2_EPOCHS)]
        for run_id in fifty["run_id"]:
            if f"{run_id}@{S2_SNAPSHOT}" in ids:
                return [f"{run_id}@{S2_SNAPSHOT}", run_id]
        ten = candidates[(candidates["snapshot_of"] == "") & (candidates["epoch"] == S2_SNAPSHOT)]
        if len(fifty) and len(ten):
            return [ten["run_id"].iloc[0], fifty["run_id"].iloc[0]]
    return list(rows.sort_values("created", ascending=False, kind="stable")["run_id"][:2])[::-1]


def s2_experiment_config(train_limit=None):
    """S2 trained 50 epochs, keeping epoch 10: the notes' two trainings in one."""
    return TrainConfig(preset="mlp512x256", epochs=S2_EPOCHS, snapshot_epochs=(S2_SNAPSHOT,),
                       train_limit=train_limit)


def s2_experiment_ids(config):
    return [f"{config.run_id}@{S2_SNAPSHOT}", config.run_id]


def lr_experiment_configs(train_limit=None, epochs=None):
    """S3's learning-rate experiment: the NumPy net at 0.5, 1.2 and 1.5."""
    return [TrainConfig(preset="numpy2layer", learning_rate=rate, train_limit=train_limit, epochs=epochs)
            for rate in LR_EXPERIMENT_RATES]


# ---- one run's results ------------------------------------------------------------

def run_report(test_probs, y_test, k=9):
    """What the results view shows of one run: its predictions and errors, the
    confusion matrix, per-class accuracy, the first k correct and k incorrect
    test digits (the notes' 3x3 grids) and the k most confident mistakes."""
    from core import evaluate

    predicted = evaluate.predictions(test_probs)
    return {
        "predicted": predicted,
        "confidence": np.asarray(test_probs)[np.arange(len(predicted)), predicted],
        "errors": int(np.sum(predicted != np.asarray(y_test))),
        "confusion": evaluate.confusion_matrix(y_test, predicted),
        "per_class": evaluate.per_class_accuracy(y_test, predicted),
        "correct": evaluate.correct_indices(y_test, predicted)[:k],
        "incorrect": evaluate.incorrect_indices(y_test, predicted)[:k],
        "mistakes": evaluate.most_confident_mistakes(test_probs, y_test, k),
    }


# ---- pictures ---------------------------------------------------------------------

def enlarge(images, factor=3):
    """uint8 digits scaled up by pixel repetition (crisp in the browser)."""
    images = np.asarray(images)
    return np.repeat(np.repeat(images, factor, axis=-2), factor, axis=-1)


def confusion_difference(matrix_a, matrix_b):
    """B minus A, cell by cell: positive where B predicts that cell more often."""
    return np.asarray(matrix_b, dtype=np.int64) - np.asarray(matrix_a, dtype=np.int64)


def run_stamp(store, run_id):
    """Changes whenever the stored run is replaced or relabelled (for cache keys);
    None when it is not in the store."""
    from core.runs import snapshot_dir_name, split_id

    try:
        base, epoch = split_id(run_id)
    except LookupError:
        return None
    folder = store.root / base
    if epoch is not None:
        folder = folder / "snapshots" / snapshot_dir_name(epoch)
    stamps = []
    for name in ("metrics.json", "label.txt"):
        try:
            stamps.append((folder / name).stat().st_mtime_ns)
        except OSError:
            stamps.append(None)
    return None if stamps[0] is None else tuple(stamps)
