"""The notes' experiments and the class demo pack, as TrainConfigs.

    s2_experiment()      S2 for 50 epochs keeping epoch 10: "10 vs 50 epochs" in one training
    lr_experiment()      S3's NumPy net at learning rates 0.5, 1.2 and 1.5
    ensemble_configs()   N seeds of the notes' CNN
    demo_configs()       the runs the pages open by default (`python -m core.train --demo`)

With a size limit (`--limit N`, or MNIST_STUDIO_DEMO_LIMIT=N for the app) each
is a tiny version of the same runs: the first N digits and one epoch (two for
S2, which keeps epoch 1 as its snapshot). Tests use it, and so can a teacher
in a hurry. No Streamlit and no TensorFlow here.
"""
import dataclasses
import os

import pandas as pd

from core.estimates import estimated_seconds
from core.status import COMPLETE
from core.training import TrainConfig

LIMIT_ENV = "MNIST_STUDIO_DEMO_LIMIT"
S2_EPOCHS, S2_SNAPSHOT = 50, 10
# Epochs S2 keeps besides its last: the 10 the notes compare with 50, and enough
# more for the Inside page's slider to show the network learning (about 2.5 MB each).
S2_KEPT = (1, 2, 3, 5, S2_SNAPSHOT, 20)
LR_EXPERIMENT_RATES = (0.5, 1.2, 1.5)


def size_limit():
    """The app's size limit from MNIST_STUDIO_DEMO_LIMIT, or None (the notes' full setting)."""
    value = os.environ.get(LIMIT_ENV, "").strip()
    return int(value) if value else None


def _tiny(configs, limit):
    if limit is None:
        return configs
    return [dataclasses.replace(c, train_limit=limit, epochs=2, snapshot_epochs=(1,)) if c.snapshot_epochs
            else dataclasses.replace(c, train_limit=limit, epochs=1) for c in configs]


def s2_experiment(limit=None):
    """(configs, run ids to compare): one S2 training, its epoch-10 snapshot and itself
    (in a tiny version, its epoch-1 snapshot)."""
    [config] = _tiny([TrainConfig(preset="mlp512x256", epochs=S2_EPOCHS, snapshot_epochs=S2_KEPT)], limit)
    compared = S2_SNAPSHOT if S2_SNAPSHOT in config.snapshot_epochs else config.snapshot_epochs[0]
    return [config], [f"{config.run_id}@{compared}", config.run_id]


def lr_experiment(limit=None):
    """(configs, run ids to compare) of S3's learning-rate experiment."""
    configs = _tiny([TrainConfig(preset="numpy2layer", learning_rate=rate) for rate in LR_EXPERIMENT_RATES], limit)
    return configs, [c.run_id for c in configs]


def ensemble_configs(seeds, epochs, preset="cnn", **overrides):
    """One TrainConfig per seed: the members of an ensemble."""
    return [TrainConfig(preset=preset, epochs=int(epochs), seed=int(seed), **overrides) for seed in seeds]


def demo_configs(limit=None):
    """The standard runs: S2's experiment (the compare page's default), dense512
    (S1), S3's learning-rate experiment and a short cnn (S4), with their presets' defaults."""
    return (s2_experiment(limit)[0] + _tiny([TrainConfig(preset="dense512")], limit) + lr_experiment(limit)[0]
            + _tiny([TrainConfig(preset="cnn")], limit))


def is_stored(runs, config):
    """True if config's complete run is in `runs` (RunStore.list())."""
    if runs is None or not len(runs):
        return False
    return bool(((runs["run_id"] == config.run_id) & (runs["status"] == COMPLETE)).any())


def demo_status(store, limit=None, runs=None):
    """One row per demo run: run_id, preset, epochs, snapshot (the epoch compared, or 0),
    learning_rate, train_size, ready (stored and complete), test_accuracy (None
    when missing), estimate (seconds to train it here) and config."""
    runs = store.list() if runs is None else runs
    rows = []
    for config in demo_configs(limit):
        c = config.normalized()
        ready = is_stored(runs, c)
        accuracy = float(runs.loc[runs["run_id"] == c.run_id, "test_accuracy"].iloc[0]) if ready else None
        rows.append({"run_id": c.run_id, "preset": c.preset, "epochs": c.epochs,
                     "snapshot": (S2_SNAPSHOT if S2_SNAPSHOT in c.snapshot_epochs else c.snapshot_epochs[0])
                     if c.snapshot_epochs else 0,
                     "learning_rate": c.learning_rate, "train_size": c.train_size, "ready": ready,
                     "test_accuracy": accuracy, "estimate": estimated_seconds(runs, c), "config": c})
    return pd.DataFrame(rows)


def missing(status):
    """The configs of the demo runs not stored yet, and their estimated seconds."""
    todo = status[~status["ready"]]
    return list(todo["config"]), [float(s) for s in todo["estimate"]]


def describe(config):
    """A line of the CLI's plan: "mlp512x256 50 epochs, lr 0.001, keeping epoch 10"."""
    c = config.normalized()
    text = f"{c.preset} {c.epochs} epochs, lr {c.learning_rate:g}"
    if c.snapshot_epochs:
        text += f", keeping epochs {', '.join(map(str, c.snapshot_epochs))}"
    if c.train_limit is not None:
        text += f", {c.train_limit} digits"
    return text
