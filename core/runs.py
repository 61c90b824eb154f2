"""The run store: every training kept on disk, found again by its config.

A run id is 10 hex digits of a hash of the normalized TrainConfig
(`TrainConfig.run_id`): asking for the same training again returns the stored
run at once. A snapshot is addressed as "<run_id>@<epoch>", e.g. "3f9a0c21be@10"
is epoch 10 of the 50-epoch run 3f9a0c21be; `load()` gives it as a Run (history
cut at epoch 10, its own test_probs and test_accuracy) and `list()` shows it as
a row with `snapshot_of` = "3f9a0c21be" and `epoch` = 10.

Layout under root (default `core.paths.runs_dir()`):

    <run_id>/config.json         the normalized TrainConfig
    <run_id>/history.csv         one row per epoch
    <run_id>/metrics.json        test_accuracy, seconds, status, created, ...
    <run_id>/model.keras         (model.npz for numpy2layer)
    <run_id>/test_probs.npy      (10000, 10) float32
    <run_id>/label.txt           optional, set_label()
    <run_id>/snapshots/epoch_010/{metrics.json, model.keras, test_probs.npy}
    .locks/<run_id>.lock         one training per config at a time (filelock)
    .tmp-<run_id>-...            a run being written; renamed into place when done

A run is written to a temporary folder and renamed into place with
os.replace, so a killed training leaves no half run. A run stopped by the user
is kept with status "stopped" and stopped_at_epoch; get_or_train() trains
such a config again (and replaces it) instead of returning it.

Reading and listing runs reads json/csv/npy only and never imports
TensorFlow; only load_model() and predictor() of Keras runs do.
"""
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from core import models
from core.paths import runs_dir
from core.training import COMPLETE, STOPPED, Run, TrainConfig, train

log = logging.getLogger(__name__)

LIST_COLUMNS = [
    "run_id", "preset", "epochs", "batch_size", "learning_rate", "optimizer", "loss",
    "validation_split", "augment", "early_stopping", "seed", "train_limit", "train_size",
    "hidden_sizes", "test_accuracy", "best_epoch", "epochs_run", "seconds", "created",
    "status", "label", "snapshot_of", "epoch",
]


class RunNotFound(LookupError):
    """No run (or snapshot) with that id in the store."""


class DamagedRun(ValueError):
    """The run's folder exists but a file is missing or unreadable."""


def split_id(run_id):
    """"abc@10" -> ("abc", 10); "abc" -> ("abc", None)."""
    run_id = str(run_id)
    if "@" in run_id:
        base, epoch = run_id.split("@", 1)
        if not epoch.isdigit():
            raise RunNotFound(f"bad snapshot id {run_id!r}: expected <run_id>@<epoch>")
        return base, int(epoch)
    return run_id, None


def snapshot_dir_name(epoch):
    return f"epoch_{int(epoch):03d}"


class RunStore:
    def __init__(self, root=None):
        self.root = Path(root) if root is not None else runs_dir()
        self.problems = []  # (run_id, message) for damaged folders met by list()
        self._models = {}
        self._models_lock = threading.Lock()

    # ---- training ---------------------------------------------------------

    def get_or_train(self, config, on_epoch=None, should_stop=None, keep_stopped=True):
        """The stored complete run for `config`, else train, store and return it.

        A stored run comes back with from_store=True and no training. Two
        callers (threads or processes) asking for the same config at once train
        it once: the second waits on a file lock and then reads the first's run.
        A stopped training is stored as status "stopped" (if keep_stopped) and
        trained again on the next request.
        """
        raise NotImplementedError

    # ---- reading ----------------------------------------------------------

    def list(self):
        """One row per stored run and per snapshot, newest first (LIST_COLUMNS)."""
        raise NotImplementedError

    def load(self, run_id):
        """The Run for a run id or a snapshot id "<run_id>@<epoch>".

        Raises RunNotFound (a LookupError) or DamagedRun (a ValueError)."""
        raise NotImplementedError

    def exists(self, run_id):
        raise NotImplementedError

    def delete(self, run_id):
        """Remove a run (with its snapshots) or one snapshot."""
        raise NotImplementedError

    def set_label(self, run_id, text):
        """A free-text label for a run or snapshot, shown in list()."""
        raise NotImplementedError

    # ---- models (these import TensorFlow for Keras runs) -------------------

    def load_model(self, run_id):
        """The trained network: a keras.Model, or a TwoLayerNet for numpy2layer."""
        raise NotImplementedError

    def predictor(self, run_id):
        """f(images (n, 28, 28) float32 in [0, 1]) -> (n, 10) probabilities.

        Calls the model directly (not model.predict): a few ms for one digit.
        Safe to share between threads."""
        raise NotImplementedError
