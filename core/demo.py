"""The class demo pack: the runs the pages open by default, trained before class.

    python -m core.train --demo              # train the missing ones (progress, ETA)
    python -m core.train --demo --limit 500  # tiny versions of the same runs (tests)

`demo_configs()` lists them, `demo_status(store)` says which are stored; the
CLI and the home page's "Prepare the class demo" button both use these.
No Streamlit and no TensorFlow here.
"""
import dataclasses
import os
import statistics
import sys
import time

import pandas as pd

from core.run_views import (
    estimate_seconds_per_epoch,
    lr_experiment_configs,
    s2_experiment_config,
    stored_complete_id,
)
from core.training import TRAIN_SIZE, TrainConfig

# Tests (and a hurried teacher) can shrink the home page's demo pack like --limit does.
LIMIT_ENV = "MNIST_STUDIO_DEMO_LIMIT"

# Seconds per epoch on all 60,000 digits, for the estimate before any run of a
# preset is stored; once one is, its measured epoch time is used instead.
# `python -m core.train --demo` on an idle 2-core machine measured 1.4, 1.7, 0.4
# and 105 s (each with the test-set scoring); rounded up for slower laptops.
TYPICAL_SECONDS_PER_EPOCH = {"dense512": 2.0, "mlp512x256": 2.0, "numpy2layer": 0.5, "cnn": 120.0,
                             "custom": 2.0}


def demo_limit():
    """The demo's train_limit from MNIST_STUDIO_DEMO_LIMIT, or None (all digits)."""
    value = os.environ.get(LIMIT_ENV, "").strip()
    return int(value) if value else None


def demo_configs(limit=None):
    """The standard runs: S2 50 epochs keeping epoch 10 (the compare page's
    default), dense512 (S1), the NumPy net at lr 0.5 / 1.2 / 1.5 (S3) and a
    short cnn (S4), each with its preset's defaults.

    With `limit`, tiny versions for tests: the first `limit` digits and one
    epoch (two for S2, which keeps epoch 1 as its snapshot)."""
    configs = [s2_experiment_config(limit), TrainConfig(preset="dense512", train_limit=limit),
               *lr_experiment_configs(limit), TrainConfig(preset="cnn", train_limit=limit)]
    if limit is None:
        return configs
    return [dataclasses.replace(c, epochs=2, snapshot_epochs=(1,)) if c.snapshot_epochs
            else dataclasses.replace(c, epochs=1) for c in configs]


def estimated_seconds(runs, config):
    """How long `config` should take: stored runs' measured epoch time, else the typical one."""
    c = config.normalized()
    per_epoch = estimate_seconds_per_epoch(runs, c)
    if per_epoch is None:
        per_epoch = TYPICAL_SECONDS_PER_EPOCH[c.preset] * max(c.train_size / TRAIN_SIZE, 0.2)
    return c.epochs * per_epoch


def demo_status(store, limit=None, runs=None):
    """One row per demo run: run_id, preset, epochs, snapshot (epoch kept, or 0),
    learning_rate, train_size, ready (stored and complete), test_accuracy (None
    when missing) and estimate (seconds to train it here)."""
    runs = store.list() if runs is None else runs
    rows = []
    for config in demo_configs(limit):
        c = config.normalized()
        ready = stored_complete_id(runs, c) is not None
        accuracy = None
        if ready:
            accuracy = float(runs.loc[runs["run_id"] == c.run_id, "test_accuracy"].iloc[0])
        rows.append({"run_id": c.run_id, "preset": c.preset, "epochs": c.epochs,
                     "snapshot": c.snapshot_epochs[0] if c.snapshot_epochs else 0,
                     "learning_rate": c.learning_rate, "train_size": c.train_size, "ready": ready,
                     "test_accuracy": accuracy, "estimate": estimated_seconds(runs, c), "config": c})
    return pd.DataFrame(rows)


def missing(status):
    """The configs of the demo runs not stored yet, and their estimated seconds."""
    todo = status[~status["ready"]]
    return list(todo["config"]), [float(s) for s in todo["estimate"]]


def job_progress(progress, estimates):
    """(fraction done 0..1, seconds left or None) of a training job over the demo
    configs, from core.train_job's progress(): the current run's epochs left at
    its measured pace plus the estimates of the runs after it."""
    index, epochs = progress["index"], progress["epochs"]
    seconds = list(progress["history"]["seconds"]) if len(progress["history"]) else []
    done = sum(estimates[:index]) + estimates[index] * len(seconds) / epochs
    fraction = 1.0 if progress["state"] == "done" else min(done / sum(estimates), 1.0)
    if progress["state"] not in ("queued", "running"):
        return fraction, None
    if len(seconds) >= 2:
        per_epoch = statistics.median(seconds[1:])  # the first epoch also compiles
    else:
        per_epoch = seconds[0] if seconds else estimates[index] / epochs
    return fraction, (epochs - len(seconds)) * per_epoch + sum(estimates[index + 1:])


def describe(config):
    c = config.normalized()
    text = f"{c.preset} {c.epochs} epochs, lr {c.learning_rate:g}"
    if c.snapshot_epochs:
        text += f", keeping epoch {c.snapshot_epochs[0]}"
    if c.train_limit is not None:
        text += f", {c.train_limit} digits"
    return text


def rounded_time(seconds):
    """("seconds", n) under 90 s, else ("minutes", n): for "about n min" texts."""
    return ("seconds", round(seconds)) if seconds < 90 else ("minutes", round(seconds / 60))


def minutes(seconds):
    unit, n = rounded_time(seconds)
    return f"{n} s" if unit == "seconds" else f"{n} min"


def train_demo(store, limit=None):
    """The CLI: print the plan and its estimate, train what is missing, one line per epoch."""
    from core.train import progress_printer

    status = demo_status(store, limit)
    for row in status.itertuples():
        state = f"stored, test accuracy {row.test_accuracy:.2%}" if row.ready else f"to train, ~{minutes(row.estimate)}"
        print(f"  {row.run_id}  {describe(row.config):<50} {state}")
    configs, estimates = missing(status)
    if not configs:
        print(f"demo pack ready: all {len(status)} runs are stored in {store.root}")
        return 0
    print(f"demo pack: {len(status) - len(configs)} of {len(status)} runs stored; training {len(configs)}, "
          f"estimated {minutes(sum(estimates))} on this machine", flush=True)
    started = time.perf_counter()
    for i, config in enumerate(configs):
        label = f"[demo {i + 1}/{len(configs)} {config.preset} lr {config.learning_rate:g}]"
        try:
            run = store.get_or_train(config, on_epoch=progress_printer(label))
        except KeyboardInterrupt:
            print(f"{label} interrupted; the runs finished so far are stored", file=sys.stderr)
            return 130
        left = sum(estimates[i + 1:])
        how = "stored meanwhile by another process" if run.from_store else f"in {run.metrics['seconds']:.0f} s"
        print(f"{label} test accuracy {run.metrics['test_accuracy']:.2%} {how}"
              + (f"; about {minutes(left)} left" if left else ""), flush=True)
    print(f"demo pack ready: trained in {time.perf_counter() - started:.0f} s, {len(status)} runs in {store.root}")
    return 0
