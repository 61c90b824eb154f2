"""How long a training will take: every time estimate of the app.

Before a training starts, from the stored runs of the same preset (their
measured seconds per epoch, scaled to the digits trained on), else from a
typical figure; while it runs, from its own epochs (`pace`).
`runs` is always RunStore.list()'s table. No Streamlit, no TensorFlow.
"""
import statistics

import numpy as np

from core.training import TRAIN_SIZE

# Seconds per epoch on all 60,000 digits, for the estimate before any run of a
# preset is stored. `python -m core.train --demo` on idle 2-core machines
# measured 1.0-1.4, 1.0-1.7, 0.4 and 36-57 s (each with the test-set scoring);
# the estimate is to land within 1.5x of the real time, either way.
TYPICAL_SECONDS_PER_EPOCH = {"dense512": 1.5, "mlp512x256": 1.5, "numpy2layer": 0.5, "cnn": 55.0,
                             "cnn_fast": 8.0,  # 5.6-9 s measured (bench/cnn_fast.py)
                             "custom": 2.0}


def measured_seconds_per_epoch(runs, config):
    """Median seconds per epoch of the stored runs of config's preset, each scaled
    to config's number of training digits; None without such runs.

    Only runs on at least a tenth of those digits count: on a few hundred
    digits an epoch is mostly start-up, which scales up badly."""
    if runs is None or not len(runs):
        return None
    c = config.normalized()
    rows = runs[(runs["preset"] == c.preset) & (runs["snapshot_of"].fillna("") == "")
                & (runs["epochs_run"].fillna(0) > 0) & (runs["seconds"].fillna(0) > 0)]
    if not len(rows):
        return None
    size = rows["train_size"].where(rows["train_size"] > 0, c.train_size).astype(float)
    per_epoch = rows["seconds"] / rows["epochs_run"] * c.train_size / size
    big_enough = size >= c.train_size / 10
    if not big_enough.any():
        return None
    return float(np.median(per_epoch[big_enough]))


def seconds_per_epoch(runs, config):
    """Measured from stored runs, else the typical figure scaled to the digits."""
    measured = measured_seconds_per_epoch(runs, config)
    if measured is not None:
        return measured
    c = config.normalized()
    return TYPICAL_SECONDS_PER_EPOCH[c.preset] * max(c.train_size / TRAIN_SIZE, 0.2)


def estimated_seconds(runs, config):
    """How long `config` should take to train here."""
    return config.normalized().epochs * seconds_per_epoch(runs, config)


def pace(epoch_seconds):
    """Seconds per epoch of a training under way: the median epoch after the
    first (which also compiles), else the first; None before any epoch."""
    seconds = [s for s in epoch_seconds if s is not None]
    if len(seconds) >= 2:
        return statistics.median(seconds[1:])
    return seconds[0] if seconds else None


def suggested_epochs(seconds_per_epoch, runs, budget_seconds=3600, notes_epochs=40):
    """The notes' 40 epochs when `runs` trainings fit the budget, else the most that do (at least 3)."""
    if not seconds_per_epoch:
        return notes_epochs
    fit = int(budget_seconds // (seconds_per_epoch * max(runs, 1)))
    return max(3, min(notes_epochs, fit))


def rounded_time(seconds):
    """("seconds", n) under 90 s, else ("minutes", n): for "about n min" texts."""
    return ("seconds", round(seconds)) if seconds < 90 else ("minutes", round(seconds / 60))
