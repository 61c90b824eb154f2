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
    <run_id>/class_held_out.npz  a class session run's held-out drawings and its readings of them
                                 (x, y, id, student, probs), so Compare needs no classroom
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
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

from core import models
from core.paths import runs_dir
from core.status import COMPLETE, STOPPED
from core.training import Run, TrainConfig, train

log = logging.getLogger(__name__)

CLASS_HELD_OUT = "class_held_out.npz"
LIST_COLUMNS = [
    "run_id", "preset", "epochs", "batch_size", "learning_rate", "optimizer", "loss",
    "validation_split", "augment", "early_stopping", "seed", "train_limit", "train_size",
    "hidden_sizes", "test_accuracy", "best_epoch", "epochs_run", "seconds", "created",
    "status", "label", "snapshot_of", "epoch", "class_session", "class_accuracy",
]


class RunNotFound(LookupError):
    """No run (or snapshot) with that id in the store."""


class DamagedRun(ValueError):
    """The run's folder exists but a file is missing or unreadable."""


RUN_ID = re.compile(r"([0-9a-f]{10})(?:@([1-9][0-9]{0,4}))?")  # TrainConfig.run_id, and "@<epoch>" for a snapshot


def split_id(run_id):
    """"3f9a0c21be@10" -> ("3f9a0c21be", 10); "3f9a0c21be" -> ("3f9a0c21be", None).

    Every store operation takes its id through here: anything else (a path,
    "x@²", an empty string) is RunNotFound, before any file is touched."""
    match = RUN_ID.fullmatch(str(run_id))
    if match is None:
        raise RunNotFound(f"{str(run_id)[:40]!r} is not a run id (10 hex digits, or <run_id>@<epoch>)")
    base, epoch = match.groups()
    return base, None if epoch is None else int(epoch)


def snapshot_dir_name(epoch):
    return f"epoch_{int(epoch):03d}"


class RunStore:
    def __init__(self, root=None):
        self.root = Path(root) if root is not None else runs_dir()
        self.problems = []  # (run_id, message) for damaged folders met by list()
        self._models = {}
        self._models_lock = threading.Lock()

    # ---- training ---------------------------------------------------------

    def get_or_train(self, config, on_epoch=None, should_stop=None, keep_stopped=True, on_batches=None):
        """The stored complete run for `config`, else train, store and return it.

        A stored run comes back with from_store=True and no training. Two
        callers (threads or processes) asking for the same config at once train
        it once: the second waits on a file lock and then reads the first's run.
        A stopped training is stored as status "stopped" (if keep_stopped and it
        finished at least one epoch) and trained again on the next request.
        """
        from filelock import FileLock

        run_id = config.run_id
        cached = self._complete_run(run_id)
        if cached is not None:
            return cached
        (self.root / ".locks").mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.root / ".locks" / f"{run_id}.lock"))
        while not _acquire(lock):  # another process trains it: wait, but a Stop ends the wait
            if should_stop is not None and should_stop():
                return _stopped_before_training(config)
        try:
            cached = self._complete_run(run_id)  # trained by someone else while we waited
            if cached is not None:
                return cached
            self._remove_leftovers(run_id)
            run = train(config, on_epoch=on_epoch, should_stop=should_stop, on_batches=on_batches)
            if run.status == STOPPED and (not keep_stopped or run.metrics.get("epochs_run", 0) == 0):
                return run
            self._write(run)
            return run
        finally:
            lock.release()

    def _complete_run(self, run_id):
        folder = self.root / run_id
        if not (folder / "metrics.json").exists():
            return None
        try:
            run = self.load(run_id)
        except (RunNotFound, DamagedRun) as e:
            log.warning("run %s is damaged and will be trained again: %s", run_id, e)
            return None
        if run.status != COMPLETE:
            return None
        run.from_store = True
        return run

    def _write(self, run):
        """Write the run into a temporary folder, then rename it into place."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{run.run_id}-", dir=self.root))
        try:
            _write_config(tmp, run.config)
            run.history.to_csv(tmp / "history.csv", index=False)
            np.save(tmp / "test_probs.npy", run.test_probs.astype(np.float32))
            if run.class_held_out is not None:
                np.savez_compressed(tmp / CLASS_HELD_OUT, **run.class_held_out)
            final_weights = run.model.get_weights()
            for epoch, snap in sorted(run.snapshots.items()):
                folder = tmp / "snapshots" / snapshot_dir_name(epoch)
                folder.mkdir(parents=True)
                np.save(folder / "test_probs.npy", snap.test_probs.astype(np.float32))
                run.model.set_weights(snap.weights)
                _save_model(run.model, folder, run.config.preset)
                _write_json(folder / "metrics.json", snap.metrics)
            run.model.set_weights(final_weights)
            _save_model(run.model, tmp, run.config.preset)
            _write_json(tmp / "metrics.json", run.metrics)  # last: its presence means "complete folder"
            target = self.root / run.run_id
            if target.exists():  # an older stopped or damaged copy: swap it out in one step
                self._replace_folder(tmp, target)
            else:
                os.replace(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        run.run_dir = target
        with self._models_lock:
            self._models = {k: v for k, v in self._models.items() if split_id(k)[0] != run.run_id}

    def _replace_folder(self, new, target):
        """Put folder `new` in the place of `target` with no moment where `target`
        is missing (other sessions and replicas read it meanwhile), keeping its label."""
        label = target / "label.txt"
        if label.is_file():
            shutil.copy2(label, new / "label.txt")
        if _exchange(new, target):  # `new` now holds the old copy
            if label.is_file() and (new / "label.txt").stat().st_mtime_ns > label.stat().st_mtime_ns:
                shutil.copy2(new / "label.txt", label)  # relabelled while we copied
            self._trash(new)
        else:  # no atomic exchange on this filesystem: the old way, with a short gap
            self._trash(target)
            os.replace(new, target)

    def _trash(self, folder):
        trash = self.root / f".trash-{folder.name}-{os.getpid()}-{time.monotonic_ns()}"
        os.replace(folder, trash)
        shutil.rmtree(trash, ignore_errors=True)

    def _remove_leftovers(self, run_id):
        """Temporary folders of this run left by a killed training (we hold its lock)."""
        for leftover in self.root.glob(f".tmp-{run_id}-*"):
            shutil.rmtree(leftover, ignore_errors=True)

    # ---- reading ----------------------------------------------------------

    def list(self):
        """One row per stored run and per snapshot, newest first (LIST_COLUMNS).

        Damaged folders are skipped, logged, and recorded in self.problems."""
        self.problems = []
        rows = []
        if self.root.is_dir():
            for folder in sorted(self.root.iterdir()):
                if not RUN_ID.fullmatch(folder.name) or not folder.is_dir():
                    continue  # the store's own folders (.locks, .tmp-...) or something not ours
                try:
                    run = self._read(folder.name, None, probs=False)
                    rows.append(_list_row(run))
                    for epoch in self._snapshot_epochs(folder):
                        rows.append(_list_row(self._read(folder.name, epoch, probs=False, parent=run)))
                except (RunNotFound, DamagedRun) as e:
                    self.problems.append((folder.name, str(e)))
                    log.warning("skipping damaged run folder %s: %s", folder, e)
        table = pd.DataFrame(rows, columns=LIST_COLUMNS)
        if len(table):
            table = table.sort_values(["created", "run_id"], ascending=[False, True], kind="stable")
        return table.reset_index(drop=True)

    def load(self, run_id):
        """The Run for a run id or a snapshot id "<run_id>@<epoch>".

        Raises RunNotFound (a LookupError) or DamagedRun (a ValueError)."""
        base, epoch = split_id(run_id)
        return self._read(base, epoch, probs=True)

    def exists(self, run_id):
        try:
            base, epoch = split_id(run_id)
        except RunNotFound:
            return False
        folder = self.root / base
        if epoch is not None:
            folder = folder / "snapshots" / snapshot_dir_name(epoch)
        return (folder / "metrics.json").is_file()

    def stamp(self, run_id):
        """Changes whenever the stored run (or snapshot) is replaced or relabelled:
        for cache keys. None when it is not in the store."""
        try:
            base, epoch = split_id(run_id)
        except RunNotFound:
            return None
        folder = self.root / base
        if epoch is not None:
            folder = folder / "snapshots" / snapshot_dir_name(epoch)
        stamps = []
        for name in ("metrics.json", "label.txt"):
            try:
                stamps.append((folder / name).stat().st_mtime_ns)
            except OSError:
                stamps.append(None)
        return None if stamps[0] is None else tuple(stamps)

    def _snapshot_epochs(self, folder):
        snaps = folder / "snapshots"
        if not snaps.is_dir():
            return []
        return sorted(int(p.name.split("_")[1]) for p in snaps.iterdir()
                      if p.name.startswith("epoch_") and p.name.split("_")[1].isdigit())

    def _read(self, base, epoch, probs=True, parent=None):
        if not base or "/" in base or "\\" in base or base.startswith("."):
            raise RunNotFound(f"no run {base!r} in the run store")
        folder = self.root / base
        if not folder.is_dir():
            raise RunNotFound(f"no run {base!r} in the run store")
        run_id = base if epoch is None else f"{base}@{epoch}"
        try:
            if parent is None:
                config = TrainConfig.from_dict(_read_json(folder / "config.json"))
                history = pd.read_csv(folder / "history.csv")
            else:
                config, history = parent.config, parent.history
            if epoch is None:
                metrics = _read_json(folder / "metrics.json")
                data_dir = folder
            else:
                data_dir = folder / "snapshots" / snapshot_dir_name(epoch)
                if not data_dir.is_dir():
                    raise RunNotFound(f"run {base} has no snapshot at epoch {epoch}")
                metrics = _read_json(data_dir / "metrics.json")
                history = history[history["epoch"] <= epoch].reset_index(drop=True)
                config = _replace(config, epochs=epoch, snapshot_epochs=())
            label_file = data_dir / "label.txt"
            if not {"epoch", "test_accuracy"} <= set(history.columns):
                raise DamagedRun(f"run {run_id} is damaged: history.csv lacks the epoch or test_accuracy column")
            missing = [name for name in ("test_probs.npy", _model_file(config.preset))
                       if not (data_dir / name).is_file()]
            if missing:
                raise DamagedRun(f"run {run_id} is damaged: {', '.join(missing)} missing")
            if "test_accuracy" not in metrics or "status" not in metrics:
                raise DamagedRun(f"run {run_id} is damaged: metrics.json lacks test_accuracy or status")
            test_probs = None
            if probs:
                test_probs = np.load(data_dir / "test_probs.npy")
                if test_probs.shape != (10000, 10):
                    raise DamagedRun(f"run {run_id} is damaged: test_probs.npy has shape {test_probs.shape}")
            label = label_file.read_text(encoding="utf-8").strip() if label_file.is_file() else ""
            class_held_out = None
            if probs and epoch is None and config.class_session is not None:
                with np.load(folder / CLASS_HELD_OUT, allow_pickle=False) as arrays:
                    class_held_out = {name: arrays[name] for name in arrays.files}
        except (RunNotFound, DamagedRun):
            raise
        except FileNotFoundError as e:
            raise DamagedRun(f"run {run_id} is damaged: {Path(e.filename).name} is missing") from e
        except OSError as e:  # its message names the server's paths: the file's name is enough
            raise DamagedRun(f"run {run_id} is damaged: {Path(e.filename or '?').name} cannot be read "
                             f"({type(e).__name__})") from e
        except (ValueError, TypeError, KeyError, pd.errors.ParserError) as e:
            raise DamagedRun(f"run {run_id} is damaged: {type(e).__name__}: {e}") from e
        return Run(run_id=run_id, config=config, history=history, metrics=metrics,
                   test_probs=test_probs, run_dir=data_dir,
                   snapshot_of=base if epoch is not None else None, label=label, class_held_out=class_held_out)

    # ---- changing -----------------------------------------------------------

    def delete(self, run_id):
        """Remove a run (with its snapshots) or one snapshot, damaged ones included."""
        base, epoch = split_id(run_id)
        folder = self.root / base
        if epoch is not None:
            folder = folder / "snapshots" / snapshot_dir_name(epoch)
        if not folder.is_dir():
            raise RunNotFound(f"no run {run_id!r} in the run store")
        if epoch is None:
            self._trash(folder)
        else:
            shutil.rmtree(folder)
        with self._models_lock:
            self._models.pop(run_id, None)
            if epoch is None:
                self._models = {k: v for k, v in self._models.items() if split_id(k)[0] != base}

    def set_label(self, run_id, text):
        """A free-text label for a run or snapshot, shown in list()."""
        run = self._read(*split_id(run_id), probs=False)
        path = run.run_dir / "label.txt"
        tmp = path.with_name(f".label-{os.getpid()}-{threading.get_ident()}.tmp")
        try:
            tmp.write_text(str(text).strip(), encoding="utf-8")
            os.replace(tmp, path)
        except FileNotFoundError as e:  # the folder went away meanwhile: deleted in another tab
            raise RunNotFound(f"run {run_id} is no longer in the run store") from e

    # ---- models (these import TensorFlow for Keras runs) -------------------

    def load_model(self, run_id):
        """The trained network: a keras.Model, or a TwoLayerNet for numpy2layer.

        A fresh object each call (the caller may change it)."""
        run = self._read(*split_id(run_id), probs=False)
        path = run.run_dir / _model_file(run.config.preset)
        try:
            if run.config.preset == "numpy2layer":
                from core.numpy_net import TwoLayerNet

                return TwoLayerNet.load(path)
            import keras

            return keras.models.load_model(path, compile=False)
        except Exception as e:
            log.warning("run %s: its model file %s cannot be read: %s", run_id, path, e)
            raise DamagedRun(f"run {run_id} is damaged: its model file {path.name} cannot be read") from e

    def predictor(self, run_id):
        """f(images (n, 28, 28) float32 in [0, 1]) -> (n, 10) float32 probabilities.

        Calls the model directly (not model.predict): a few ms for one digit.
        The model is loaded once per store and run id; f is safe to share
        between threads."""
        with self._models_lock:
            predict = self._models.get(run_id)
        if predict is None:
            run = self._read(*split_id(run_id), probs=False)
            predict = make_predictor(self.load_model(run_id), run.config.preset, threading.Lock())
            with self._models_lock:
                predict = self._models.setdefault(run_id, predict)
        return predict


def _acquire(lock, seconds=0.5):
    from filelock import Timeout

    try:
        lock.acquire(timeout=seconds)
    except Timeout:
        return False
    return True


def _exchange(a, b):
    """Swap two directories atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
    return done


def _stopped_before_training(config):
    """What get_or_train gives when it was stopped while another process trained the config."""
    from core.training import HISTORY_COLUMNS

    return Run(run_id=config.run_id, config=config.normalized(), history=pd.DataFrame(columns=HISTORY_COLUMNS),
               metrics={"status": STOPPED, "epochs_run": 0, "test_accuracy": None, "seconds": 0.0},
               test_probs=None)


def make_predictor(model, preset, lock):
    """f(images (n, 28, 28) float32 in [0, 1]) -> (n, 10) probabilities for a
    loaded model of `preset`, one caller at a time under `lock`."""
    layout = models.input_layout(preset)
    forward = model.predict if preset == "numpy2layer" else _compiled_forward(model, layout)

    def predict(images):
        x = np.asarray(images, dtype=np.float32).reshape(-1, 28, 28)
        x = x.reshape(len(x), 784) if layout == "flat" else x.reshape(len(x), 28, 28, 1)
        with lock:
            return np.asarray(forward(x), dtype=np.float32)

    return predict


def _compiled_forward(model, layout):
    """model(x, training=False) as one traced TensorFlow graph: for a single
    digit the CNN's 20 layers cost ~30 ms called eagerly, a few ms as a graph."""
    import tensorflow as tf

    shape = [None, 784] if layout == "flat" else [None, 28, 28, 1]
    return tf.function(lambda x: model(x, training=False),
                       input_signature=[tf.TensorSpec(shape, tf.float32)])


# ---- files ---------------------------------------------------------------------------

def _model_file(preset):
    return "model.npz" if preset == "numpy2layer" else "model.keras"


def _save_model(model, folder, preset):
    model.save(folder / _model_file(preset))  # keras.Model.save or TwoLayerNet.save


def _write_json(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(_plain(data), f, indent=1, sort_keys=True, allow_nan=False)


def _write_config(folder, config):
    _write_json(folder / "config.json", config.to_dict())


def _read_json(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} does not hold a JSON object")  # _read names the run
    return data


def _plain(value):
    """JSON-able: NumPy scalars to Python, NaN/inf to None."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else None
    return value


def _replace(config, **changes):
    import dataclasses

    return dataclasses.replace(config, **changes)


def _list_row(run):
    c, m = run.config, run.metrics
    return {
        "run_id": run.run_id, "preset": c.preset, "epochs": c.epochs, "batch_size": c.batch_size,
        "learning_rate": c.learning_rate, "optimizer": c.optimizer, "loss": c.loss,
        "validation_split": c.validation_split, "augment": c.augment,
        "early_stopping": c.early_stopping, "seed": c.seed, "train_limit": c.train_limit,
        "train_size": m.get("train_size", c.train_size),
        "hidden_sizes": ",".join(map(str, c.hidden_sizes)) if c.hidden_sizes else "",
        "test_accuracy": m.get("test_accuracy"), "best_epoch": m.get("best_epoch"),
        "epochs_run": m.get("epochs_run"), "seconds": m.get("seconds"),
        "created": m.get("created", ""), "status": m.get("status"), "label": run.label,
        "snapshot_of": run.snapshot_of or "", "epoch": run.epoch if len(run.history) else m.get("epochs_run", 0),
        "class_session": c.class_session or "", "class_accuracy": m.get("class_accuracy"),
    }
