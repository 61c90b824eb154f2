"""The training engine: `TrainConfig` says what to train, `train()` trains it.

    config = TrainConfig(preset="mlp512x256", epochs=10)
    run = train(config, on_epoch=print_progress, should_stop=stop_button_pressed)
    run.history          # one row per epoch
    run.metrics          # test_accuracy, seconds, status, ...
    run.test_probs       # (10000, 10) float32

Fields left as None take the preset's defaults (`core.models.PRESETS`);
`config.normalized()` fills them in and `config.run_id` is a short hash of the
normalized config, so two configs that mean the same training share an id.

History columns, one row per epoch: epoch (1-based), loss and accuracy
(running averages over the epoch's batches, as Keras reports them), val_loss
and val_accuracy (NaN without a validation split), test_accuracy (all 10,000
test digits), seconds (that epoch's training time) and learning_rate.

The NumPy net (`numpy2layer`) counts an epoch as ceil(n_train / batch_size)
iterations, each on a minibatch drawn at random with replacement as the notes
do with np.random.choice: 600 iterations of 100 on the full training set, so its
default 17 epochs are 10,200 iterations, about the notes' 10,000.

How each step runs is `core/engines.py`'s (the NumPy net's loop and the
compiled Keras loop); TensorFlow is imported only when a Keras engine is built:
importing this module (e.g. to build a TrainConfig or read a stored run) stays cheap.
"""
import dataclasses
import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional

import numpy as np
import pandas as pd

from core import models
from core.engines import KerasEngine, NumpyEngine
from core.status import COMPLETE, STOPPED

TRAIN_SIZE = 60_000  # MNIST's training set, before train_limit and validation
# Class drawings make up 5 % of each epoch (bench/class_gain.py measured the shares).
CLASS_SHARE = 0.05
CLASS_FIELDS = ("class_session", "class_share", "class_swap", "class_drawings")
CLASS_CODE = re.compile(r"[A-Z0-9]{5}")  # core.classroom's codes, after normalizing
DRAWINGS_PIN = re.compile(r"[0-9]{1,9}-[0-9a-f]{8}")
HISTORY_COLUMNS = ["epoch", "loss", "accuracy", "val_loss", "val_accuracy",
                   "test_accuracy", "seconds", "learning_rate"]


@dataclass(frozen=True)
class TrainConfig:
    """What to train. None means "the preset's default"; see `normalized()`.

    learning_rate is the initial rate; with lr_decay d the rate of epoch e
    (counted from 0) is learning_rate * d**e (the CNN's 0.95 schedule). A preset
    whose PRESETS entry says schedule="one_cycle" (cnn_fast) instead takes
    learning_rate as the peak of one cycle over all its steps (`one_cycle_schedule`).
    early_stopping watches val_loss (so it needs validation_split > 0), stops
    after `patience` epochs without improvement and restores the best epoch.
    snapshot_epochs: epochs whose state (model + test probabilities) is kept
    besides the final one, e.g. (10,) in a 50-epoch run.
    train_limit: use only the first N training digits (tests, quick runs).
    class_session: a class session's code: train on MNIST plus the session's
    visible drawings (`core.class_split`): the part held out by student is
    not trained on, and the run's metrics gain class_accuracy on it.
    class_share: the part of each epoch's digits that are class drawings
    (default CLASS_SHARE), each drawing repeated to make it up.
    class_swap: train on the held-out part and hold out the rest instead.
    class_drawings: which drawings the run trains on ("<n>-<hash>",
    `core.class_split.fingerprint`); None takes the session's drawings as they
    are now, so the run id changes when a drawing comes or goes.
    """
    preset: str = "mlp512x256"
    epochs: Optional[int] = None
    batch_size: Optional[int] = None
    learning_rate: Optional[float] = None
    optimizer: Optional[str] = None  # sgd, momentum, rmsprop, adam
    loss: Optional[str] = None  # cross_entropy, mse
    validation_split: Optional[float] = None  # fraction in [0, 0.5], stratified
    early_stopping: bool = False
    patience: Optional[int] = None
    augment: Optional[bool] = None
    seed: int = 0
    snapshot_epochs: tuple = ()
    hidden_sizes: Optional[tuple] = None  # custom only
    activation: Optional[str] = None  # custom only
    dropout: Optional[float] = None  # custom only
    train_limit: Optional[int] = None
    lr_decay: Optional[float] = None
    class_session: Optional[str] = None
    class_share: Optional[float] = None
    class_swap: bool = False
    class_drawings: Optional[str] = None

    def __post_init__(self):
        # Lists from JSON or widgets become tuples, so configs stay hashable.
        for name in ("snapshot_epochs", "hidden_sizes"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, tuple):
                if isinstance(value, (int, np.integer)):
                    value = (value,)
                object.__setattr__(self, name, tuple(value))
        self.validate()

    # ---- checks ---------------------------------------------------------------

    def validate(self):
        """Raise ValueError naming the field and its allowed values."""
        if self.preset not in models.PRESETS:
            raise ValueError(f"preset must be one of {', '.join(models.PRESETS)}; got {self.preset!r}")
        c = self.normalized(check=False)
        _check_int("epochs", c.epochs, 1, 10_000)
        if c.train_limit is not None:
            _check_int("train_limit", c.train_limit, 10, TRAIN_SIZE)
        if not isinstance(c.validation_split, (int, float)) or not 0.0 <= c.validation_split <= 0.5:
            raise ValueError(f"validation_split must be between 0 and 0.5; got {c.validation_split!r}")
        n_train = c.train_size
        _check_int("batch_size", c.batch_size, 1, n_train,
                   f" (the number of training digits{' after the validation split' if c.validation_split else ''})")
        if (not isinstance(c.learning_rate, (int, float)) or isinstance(c.learning_rate, bool)
                or not np.isfinite(c.learning_rate) or not 0.0 < c.learning_rate <= 100.0):
            raise ValueError(f"learning_rate must be a number > 0 and <= 100; got {c.learning_rate!r}")
        if c.optimizer not in models.OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {', '.join(models.OPTIMIZERS)}; got {c.optimizer!r}")
        if c.loss not in models.LOSSES:
            raise ValueError(f"loss must be one of {', '.join(models.LOSSES)}; got {c.loss!r}")
        if not isinstance(c.lr_decay, (int, float)) or not 0.0 < c.lr_decay <= 1.0:
            raise ValueError(f"lr_decay must be in (0, 1]; got {c.lr_decay!r}")
        if c.lr_decay != 1.0 and models.PRESETS[c.preset].get("schedule") == "one_cycle":
            raise ValueError(f"lr_decay must be 1 for {c.preset}: its one-cycle schedule sets every step's rate")
        if c.early_stopping:
            _check_int("patience", c.patience, 1, 1000)
        _check_int("seed", c.seed, 0, 2**31 - 1)
        if c.early_stopping and not c.validation_split:
            raise ValueError("early_stopping watches val_loss: it needs validation_split > 0 (at most 0.5)")
        for e in c.snapshot_epochs:
            _check_int("snapshot_epochs", e, 1, c.epochs, " (each one an epoch of this run)")
        if c.augment and models.input_layout(c.preset) != "image":
            raise ValueError("augment works with the CNN presets only (it needs 28x28 images)")
        if c.preset == "numpy2layer" and c.optimizer != "sgd":
            raise ValueError("optimizer must be sgd for numpy2layer (the notes' plain SGD); "
                             f"got {c.optimizer!r}")
        if c.class_session is not None:
            if not isinstance(c.class_session, str) or not CLASS_CODE.fullmatch(c.class_session):
                raise ValueError(f"class_session must be a session code like ACD3F; got {self.class_session!r:.20}")
            if (not isinstance(c.class_share, (int, float)) or isinstance(c.class_share, bool)
                    or not 0.0 < c.class_share <= 0.5):
                raise ValueError(f"class_share must be a fraction above 0 and at most 0.5; got {c.class_share!r}")
            if c.class_drawings is not None and (not isinstance(c.class_drawings, str)
                                                 or not DRAWINGS_PIN.fullmatch(c.class_drawings)):
                raise ValueError(f"class_drawings must look like 212-3fa9c0d1; got {c.class_drawings!r:.20}")
        else:
            for name in ("class_share", "class_drawings"):
                if getattr(self, name) is not None:
                    raise ValueError(f"{name} needs a class_session")
            if self.class_swap:
                raise ValueError("class_swap needs a class_session")
        if c.preset == "custom":
            if not c.hidden_sizes or len(c.hidden_sizes) > 8:
                raise ValueError(f"hidden_sizes must list 1 to 8 layer sizes; got {c.hidden_sizes!r}")
            for size in c.hidden_sizes:
                _check_int("hidden_sizes", size, 1, 4096, " (units per layer)")
            if c.activation not in models.ACTIVATIONS:
                raise ValueError(f"activation must be one of {', '.join(models.ACTIVATIONS)}; "
                                 f"got {c.activation!r}")
            if not isinstance(c.dropout, (int, float)) or not 0.0 <= c.dropout < 1.0:
                raise ValueError(f"dropout must be in [0, 1); got {c.dropout!r}")
        else:
            for name in ("hidden_sizes", "activation", "dropout"):
                if getattr(self, name) is not None:
                    raise ValueError(f"{name} is for the custom preset only; {self.preset} has a fixed network")

    # ---- defaults, identity ---------------------------------------------------

    def normalized(self, check=True):
        """A copy with every None replaced by the preset's default."""
        defaults = models.PRESETS[self.preset]
        values = dataclasses.asdict(self)
        for name, value in values.items():
            if value is None and name in defaults:
                values[name] = defaults[name]
        if self.learning_rate is None and values["optimizer"] != defaults["optimizer"]:
            values["learning_rate"] = models.OPTIMIZER_RATES.get(values["optimizer"], defaults["learning_rate"])
        # patience means nothing without early stopping: keep it out of the run id
        if not values["early_stopping"]:
            values["patience"] = None
        elif values["patience"] is None:
            values["patience"] = 3
        values["snapshot_epochs"] = tuple(sorted(set(values["snapshot_epochs"])))
        for name in ("learning_rate", "validation_split", "lr_decay", "dropout", "class_share"):
            if isinstance(values[name], (int, np.integer)) and not isinstance(values[name], bool):
                values[name] = float(values[name])
        if values["hidden_sizes"] is not None:
            values["hidden_sizes"] = tuple(values["hidden_sizes"])
        if isinstance(values["class_session"], str):
            values["class_session"] = values["class_session"].strip().upper()
            if values["class_share"] is None:
                values["class_share"] = CLASS_SHARE
        if check:
            return TrainConfig(**values)
        c = object.__new__(TrainConfig)
        for name, value in values.items():
            object.__setattr__(c, name, value)
        return c

    @property
    def train_size(self):
        """How many digits the network trains on (after train_limit and validation)."""
        c = self.normalized(check=False)
        n = TRAIN_SIZE if c.train_limit is None else min(int(c.train_limit), TRAIN_SIZE)
        return n - int(round(n * float(c.validation_split or 0.0)))

    def to_dict(self):
        """Plain JSON-able values (tuples become lists)."""
        values = dataclasses.asdict(self)
        for name in ("snapshot_epochs", "hidden_sizes"):
            if values[name] is not None:
                values[name] = list(values[name])
        return values

    @classmethod
    def from_dict(cls, values):
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})

    def pinned(self):
        """The normalized config with class_drawings set to the session's drawings
        as they are now (reads the classroom store); the same config without a session."""
        c = self.normalized()
        if c.class_session is None or c.class_drawings is not None:
            return c
        from core.class_split import fingerprint
        from core.classroom import Classroom

        return dataclasses.replace(c, class_drawings=fingerprint(Classroom().drawings(c.class_session)))

    @property
    def run_id(self):
        """10 hex digits of a hash of the pinned config (runs from before class
        sessions existed keep their ids: the class fields count only when set)."""
        values = self.pinned().to_dict()
        if values["class_session"] is None:
            for name in CLASS_FIELDS:
                del values[name]
        text = json.dumps(values, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:10]


def _check_int(name, value, low, high, why=""):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}{why}; got {value!r}")


# ---- a finished (or stopped) training ------------------------------------------

@dataclass
class Run:
    """One training, fresh from train() or read back by RunStore.load().

    metrics: test_accuracy (0..1), test_loss, seconds (training time), status
    ("complete" or "stopped"), stopped_at_epoch (stopped runs), epochs_run,
    best_epoch (the epoch whose weights the model holds), created (ISO time),
    train_size, device; a class session run also class_accuracy (on its
    held-out drawings, None when none is held out), class_held_out, class_trained
    (drawings on each side), class_students_held_out, class_students_trained and class_repeat.
    A snapshot ("<run_id>@10") is a Run too: snapshot_of names its run and
    `history` stops at its epoch.
    """
    run_id: str
    config: TrainConfig
    history: pd.DataFrame
    metrics: dict
    test_probs: np.ndarray
    run_dir: Optional[Path] = None
    from_store: bool = False
    snapshot_of: Optional[str] = None
    label: str = ""
    model: object = field(default=None, repr=False)  # in memory after train(); use RunStore.load_model otherwise
    snapshots: dict = field(default_factory=dict, repr=False)  # train() only: epoch -> Snapshot
    # a class session run's held-out drawings: x uint8 (n, 28, 28), y, id, student, probs (n, 10)
    class_held_out: Optional[dict] = field(default=None, repr=False)

    @property
    def status(self):
        return self.metrics.get("status", COMPLETE)

    @property
    def test_accuracy(self):
        return self.metrics.get("test_accuracy")

    @property
    def seconds(self):
        return self.metrics.get("seconds")

    @property
    def created(self):
        return self.metrics.get("created")

    @property
    def epoch(self):
        """The last epoch this run (or snapshot) holds."""
        return int(self.history["epoch"].iloc[-1]) if len(self.history) else 0

    @property
    def predicted(self):
        """Predicted digit for each of the 10,000 test images."""
        return self.test_probs.argmax(axis=1)


@dataclass
class Snapshot:
    """The state of a run at the end of one epoch, kept by train()."""
    epoch: int
    test_probs: np.ndarray
    weights: list  # Keras get_weights() or the NumPy net's params
    metrics: dict


def train(config: TrainConfig, on_epoch: Optional[Callable] = None,
          should_stop: Optional[Callable] = None, on_batches: Optional[Callable] = None) -> Run:
    """Train `config` and return the Run (not stored: RunStore.get_or_train stores).

    on_epoch(epoch, logs, total_epochs) is called after each epoch with that
    epoch's history row as a dict; an exception there aborts the training.
    on_batches(epoch, done, total, loss, accuracy) is called after each chunk
    of batches (about every 0.3 s) with the batches done in this epoch, of
    how many, and the epoch's running loss and accuracy so far.
    should_stop() is polled between chunks of batches (about every 0.3 s) and
    after each epoch; when it returns True the training ends with status
    "stopped" at the last finished epoch, whose weights the model holds.
    """
    c = config.normalized()
    started = time.perf_counter()
    created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    data = _load_data(c)
    if data.class_set is not None:  # the run's id names the drawings it trained on
        c = dataclasses.replace(c, class_drawings=data.class_set.fingerprint)
    engine = NumpyEngine(c, data) if c.preset == "numpy2layer" else KerasEngine(c, data)
    stop = should_stop or (lambda: False)

    rows, snapshots = [], {}
    last = _State(0, engine.get_weights(), None)  # what a stop falls back to
    best, best_val_loss, waited = None, np.inf, 0
    status, stopped_early = COMPLETE, False
    for epoch in range(1, c.epochs + 1):
        if stop():
            status = STOPPED
            break
        epoch_start = time.perf_counter()
        learning_rate = c.learning_rate * c.lr_decay ** (epoch - 1)
        report = None if on_batches is None else (lambda done, total, loss, acc, epoch=epoch:
                                                   on_batches(epoch, done, total, loss, acc))
        loss, accuracy, finished = engine.train_epoch(learning_rate, stop, report)
        if not finished:  # stopped inside the epoch: go back to the last whole epoch
            engine.set_weights(last.weights)
            status = STOPPED
            break
        val_loss = val_accuracy = np.nan
        if len(data.y_val):
            val_loss, val_accuracy = _loss_and_accuracy(engine.probs(data.x_val), data.y_val, c.loss)
        test_probs = engine.probs(data.x_test)
        test_accuracy = float(np.mean(test_probs.argmax(axis=1) == data.y_test))
        row = {"epoch": epoch, "loss": loss, "accuracy": accuracy, "val_loss": val_loss,
               "val_accuracy": val_accuracy, "test_accuracy": test_accuracy,
               "seconds": time.perf_counter() - epoch_start, "learning_rate": engine.learning_rate(learning_rate)}
        rows.append(row)
        last = _State(epoch, engine.get_weights(), test_probs)
        if epoch in c.snapshot_epochs:
            snapshots[epoch] = Snapshot(epoch, test_probs, last.weights, _metrics(
                rows, test_probs, data, c, status=COMPLETE, created=created,
                seconds=time.perf_counter() - started, best_epoch=epoch, device=engine.device))
            if data.class_set is not None:
                snapshots[epoch].metrics.update(_class_metrics(data, _class_probs(engine, data)))
        if on_epoch is not None:
            on_epoch(epoch, dict(row), c.epochs)
        if c.early_stopping:  # the notes' EarlyStopping + ModelCheckpoint(save_best_only)
            if val_loss < best_val_loss:
                best, best_val_loss, waited = last, val_loss, 0
            else:
                waited += 1
                if waited >= c.patience:
                    stopped_early = True
                    break

    final = last
    if c.early_stopping and best is not None and best.epoch != last.epoch:
        engine.set_weights(best.weights)
        final = best
    test_probs = final.test_probs if final.test_probs is not None else engine.probs(data.x_test)
    metrics = _metrics(rows, test_probs, data, c, status=status, created=created,
                       seconds=time.perf_counter() - started, best_epoch=final.epoch,
                       device=engine.device)
    metrics["stopped_early"] = stopped_early
    if status == STOPPED:
        metrics["stopped_at_epoch"] = last.epoch
    class_held_out = None
    if data.class_set is not None:
        class_held_out = _class_held_out(data.class_set, _class_probs(engine, data))
        metrics.update(_class_metrics(data, class_held_out["probs"]))
    history = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
    return Run(run_id=c.run_id, config=c, history=history, metrics=metrics,
               test_probs=test_probs.astype(np.float32), model=engine.model, snapshots=snapshots,
               class_held_out=class_held_out)


@dataclass
class _State:
    epoch: int
    weights: list
    test_probs: Optional[np.ndarray]


def _metrics(rows, test_probs, data, c, status, created, seconds, best_epoch, device):
    test_loss, test_accuracy = _loss_and_accuracy(test_probs, data.y_test, c.loss)
    return {
        "test_accuracy": test_accuracy,
        "test_loss": test_loss,
        "seconds": round(sum(row["seconds"] for row in rows), 3),  # training epochs only
        "wall_seconds": round(seconds, 3),  # also loading data, building, compiling
        "status": status,
        "created": created,
        "epochs_run": len(rows),
        "best_epoch": best_epoch,
        "train_size": len(data.y_train),
        "val_size": len(data.y_val),
        "device": device,
    }


def _loss_and_accuracy(probs, labels, loss):
    """The loss as the training defines it, and the accuracy, from probabilities."""
    probs = np.asarray(probs, dtype=np.float64)
    n = len(labels)
    if loss == "mse":  # Keras' MSE: mean over the 10 outputs, then over the images
        target = np.zeros_like(probs)
        target[np.arange(n), labels] = 1.0
        value = np.mean((probs - target) ** 2)
    else:
        value = -np.mean(np.log(np.clip(probs[np.arange(n), labels], 1e-7, 1.0)))
    return float(value), float(np.mean(probs.argmax(axis=1) == labels))


# ---- data ----------------------------------------------------------------------

@dataclass
class _Data:
    x_train: np.ndarray  # float32 in the model's layout
    y_train: np.ndarray  # labels 0..9
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    train_images: np.ndarray  # uint8 (n, 28, 28), for augmentation
    class_set: object = None  # core.class_split.ClassDrawings of a class session run
    x_class: np.ndarray = None  # its held-out drawings in the model's layout
    class_repeat: int = 0


def class_repeat(n_drawings, n_mnist, share):
    """How many times each class drawing goes into an epoch of n_mnist digits so
    that the drawings make up `share` of it (at least once)."""
    return max(1, round(share * n_mnist / ((1 - share) * max(n_drawings, 1))))


def _load_data(c):
    from core.data import load_mnist, to_model_input, validation_split

    (x_train, y_train), (x_test, y_test) = load_mnist()
    if c.train_limit is not None:
        x_train, y_train = x_train[:c.train_limit], y_train[:c.train_limit]
    train_idx, val_idx = validation_split(y_train, c.validation_split, seed=c.seed)
    images, labels = x_train[train_idx], y_train[train_idx].astype(np.int64)
    class_set, repeat = None, 0
    if c.class_session is not None:
        class_set = _class_set(c)
        repeat = class_repeat(len(class_set.train_y), len(labels), c.class_share)
        images = np.concatenate([images, np.tile(class_set.train_x, (repeat, 1, 1))])
        labels = np.concatenate([labels, np.tile(class_set.train_y, repeat)])
    layout = models.input_layout(c.preset)
    return _Data(
        x_train=to_model_input(images, layout), y_train=labels,
        x_val=to_model_input(x_train[val_idx], layout), y_val=y_train[val_idx].astype(np.int64),
        x_test=to_model_input(x_test, layout), y_test=y_test.astype(np.int64),
        train_images=images, class_set=class_set, class_repeat=repeat,
        x_class=None if class_set is None else to_model_input(class_set.held_x, layout),
    )


def _class_set(c):
    from core.class_split import class_drawings

    drawings = class_drawings(c.class_session, swap=c.class_swap)
    if c.class_drawings is not None and c.class_drawings != drawings.fingerprint:
        raise ValueError(f"class session {c.class_session}'s drawings changed since this run was set up "
                         f"({c.class_drawings.split('-')[0]} then, {drawings.fingerprint.split('-')[0]} now): "
                         "train it again with the drawings as they are now")
    if not len(drawings.train_y):
        raise ValueError(f"class session {c.class_session} has no drawings to train on"
                         + (" (all of them are held out to test on)" if len(drawings.held_y) else ""))
    return drawings


def _class_probs(engine, data):
    return engine.probs(data.x_class) if len(data.x_class) else np.zeros((0, 10), np.float32)


def _class_held_out(class_set, probs):
    return {"x": class_set.held_x, "y": class_set.held_y, "id": class_set.held_ids,
            "student": class_set.held_students, "probs": np.asarray(probs, np.float32)}


def _class_metrics(data, probs):
    s = data.class_set
    accuracy = float(np.mean(probs.argmax(axis=1) == s.held_y)) if len(s.held_y) else None
    return {"class_accuracy": accuracy, "class_held_out": len(s.held_y), "class_trained": len(s.train_y),
            "class_students_held_out": s.held_out_students, "class_students_trained": s.train_students,
            "class_repeat": data.class_repeat}
