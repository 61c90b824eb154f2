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

TensorFlow is imported only inside train() for Keras presets: importing this
module (e.g. to build a TrainConfig or read a stored run) stays cheap.
"""
import dataclasses
import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional

import numpy as np
import pandas as pd

from core import models
from core.status import COMPLETE, STOPPED

TRAIN_SIZE = 60_000  # MNIST's training set, before train_limit and validation
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
        for name in ("learning_rate", "validation_split", "lr_decay", "dropout"):
            if isinstance(values[name], (int, np.integer)) and not isinstance(values[name], bool):
                values[name] = float(values[name])
        if values["hidden_sizes"] is not None:
            values["hidden_sizes"] = tuple(values["hidden_sizes"])
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

    @property
    def run_id(self):
        """10 hex digits of a hash of the normalized config."""
        text = json.dumps(self.normalized().to_dict(), sort_keys=True)
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
    train_size, device.
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
    history = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
    return Run(run_id=c.run_id, config=c, history=history, metrics=metrics,
               test_probs=test_probs.astype(np.float32), model=engine.model, snapshots=snapshots)


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


def _load_data(c):
    from core.data import load_mnist, to_model_input, validation_split

    (x_train, y_train), (x_test, y_test) = load_mnist()
    if c.train_limit is not None:
        x_train, y_train = x_train[:c.train_limit], y_train[:c.train_limit]
    train_idx, val_idx = validation_split(y_train, c.validation_split, seed=c.seed)
    layout = models.input_layout(c.preset)
    return _Data(
        x_train=to_model_input(x_train[train_idx], layout), y_train=y_train[train_idx].astype(np.int64),
        x_val=to_model_input(x_train[val_idx], layout), y_val=y_train[val_idx].astype(np.int64),
        x_test=to_model_input(x_test, layout), y_test=y_test.astype(np.int64),
        train_images=x_train[train_idx],
    )


# ---- the NumPy net (S3) ----------------------------------------------------------

class NumpyEngine:
    """S3's loop: each iteration a random minibatch (with replacement, like
    np.random.choice), backprop, plain SGD. An epoch is ceil(n / batch) iterations."""
    device = "CPU (NumPy)"

    def __init__(self, c, data):
        from core.numpy_net import TwoLayerNet

        self.c, self.data = c, data
        self.rng = np.random.default_rng(c.seed)
        self.model = TwoLayerNet(784, 50, 10, seed=c.seed, loss=c.loss)
        self.targets = np.eye(10, dtype=np.float32)[data.y_train]

    def learning_rate(self, epoch_rate):
        return epoch_rate

    def train_epoch(self, learning_rate, should_stop, report=None):
        n, batch = len(self.data.y_train), self.c.batch_size
        iterations = -(-n // batch)
        loss_sum = correct = 0.0
        with np.errstate(over="ignore", invalid="ignore"):  # a too-large rate may diverge: let it show
            for i in range(iterations):
                idx = self.rng.integers(0, n, batch)
                x, t = self.data.x_train[idx], self.targets[idx]
                loss, grads = self.model.gradient(x, t)
                correct += np.sum(self.model.last_layer.y.argmax(axis=1) == self.data.y_train[idx])
                self.model.sgd_step(grads, learning_rate)
                loss_sum += loss
                if i % 100 == 99:
                    if should_stop():
                        return np.nan, np.nan, False
                    if report is not None:
                        report(i + 1, iterations, float(loss_sum / (i + 1)), float(correct / ((i + 1) * batch)))
        return float(loss_sum / iterations), float(correct / (iterations * batch)), True

    def probs(self, x):
        with np.errstate(over="ignore", invalid="ignore"):
            return self.model.predict(x).astype(np.float32)

    def get_weights(self):
        return self.model.get_weights()

    def set_weights(self, weights):
        self.model.set_weights(weights)


# ---- Keras presets ---------------------------------------------------------------

class KerasEngine:
    """Keras models trained by our own loop: the data sits on the device as one
    tensor, and each call runs many steps in one compiled tf.while_loop (XLA for the MLPs).

    That skips what model.fit on NumPy arrays pays per step (a Python call and
    a tf.data batch; see bench/train_speed.py for the measured gain), with the
    same maths as fit: shuffled every epoch, the same optimizers and
    losses, the last partial batch kept (weighted; for the CNNs it is dropped, as
    the notes' steps_per_epoch = n // 64 does). should_stop is polled between
    calls, which are sized to take about a third of a second.

    The CNNs' augmentation is drawn in NumPy (core.augment, one transform per
    digit per epoch) and applied to each batch inside the compiled step, and
    their BatchNormalization layers train through one fused kernel
    (`fused_batch_norm`); see bench/train_speed.py for what each saves.
    """
    CALL_SECONDS = 0.3

    def __init__(self, c, data):
        import keras
        import tensorflow as tf

        self.tf, self.keras = tf, keras
        keras.backend.clear_session()  # drop the last training's global state (memory)
        keras.utils.set_random_seed(c.seed)
        self.c, self.data = c, data
        self.rng = np.random.default_rng(c.seed)
        self.device = "GPU" if tf.config.list_physical_devices("GPU") else "CPU"
        self.model = models.build_model(c)
        self.one_cycle = models.PRESETS[c.preset].get("schedule") == "one_cycle"
        rate = one_cycle_schedule(c.learning_rate, c.epochs * self._steps_per_epoch()) if self.one_cycle \
            else c.learning_rate
        self.optimizer = make_optimizer(c.optimizer, rate)
        self.optimizer.build(self.model.trainable_variables)
        if c.loss == "mse":
            self.loss_fn = keras.losses.MeanSquaredError(reduction=None)
        else:
            self.loss_fn = keras.losses.CategoricalCrossentropy(reduction=None)
        self.x_train = tf.constant(data.x_train)
        self.y_train = tf.constant(np.eye(10, dtype=np.float32)[data.y_train])
        self.steps_per_call = 8
        # On this 2-core CPU, XLA made an MLP step 1.45x faster on an idle machine
        # (5.7 vs 8.3 ms) but a CNN step over 50x slower (2.8 s vs 50 ms), and it
        # has no kernel for the augmentation's image warp: no XLA for the CNNs.
        jit = models.input_layout(c.preset) == "flat"
        self._run_steps = tf.function(self._steps, jit_compile=jit)
        self._forward = tf.function(lambda x: self.model(x, training=False))

    def _steps(self, x, y, order, weights, transforms, start, count, loss_sum, correct):
        """Train on batches start .. start+count-1 of this epoch's order.

        A while loop, not `for i in tf.range`: XLA would treat range's bounds as
        compile-time constants and compile again for every new start."""
        tf, batch = self.tf, self.c.batch_size
        i = start
        while i < start + count:
            idx = tf.slice(order, [i * batch], [batch])
            w = tf.slice(weights, [i * batch], [batch])
            xb, yb = tf.gather(x, idx), tf.gather(y, idx)
            if self.c.augment:
                xb = warp(xb, tf.gather(transforms, idx))
            with tf.GradientTape() as tape:
                probs = self._train_forward(xb)
                loss = tf.reduce_sum(self.loss_fn(yb, probs) * w) / tf.reduce_sum(w)
            grads = tape.gradient(loss, self.model.trainable_variables)
            self.optimizer.apply(grads, self.model.trainable_variables)
            hits = tf.cast(tf.equal(tf.argmax(probs, axis=1), tf.argmax(yb, axis=1)), tf.float32)
            loss_sum += loss * tf.reduce_sum(w)
            correct += tf.reduce_sum(hits * w)
            i += 1
        return loss_sum, correct

    def _train_forward(self, x):
        """self.model(x, training=True), layer by layer, with the fused batch norm."""
        for layer in self.model.layers:
            if isinstance(layer, self.keras.layers.BatchNormalization) and len(x.shape) == 4:
                x = fused_batch_norm(layer, x)
            else:
                x = layer(x, training=True)
        return x

    def _steps_per_epoch(self):
        n, batch = len(self.data.y_train), self.c.batch_size
        if models.input_layout(self.c.preset) == "image":
            return max(n // batch, 1)
        return -(-n // batch)

    def _epoch_order(self):
        """This epoch's shuffled indices, padded to whole batches, with weights
        1 for real digits and 0 for padding."""
        n, batch, steps = len(self.data.y_train), self.c.batch_size, self._steps_per_epoch()
        order = self.rng.permutation(n).astype(np.int32)
        weights = np.ones(steps * batch, np.float32)
        weights[n:] = 0.0
        return np.resize(order, steps * batch), weights, steps

    def _epoch_transforms(self):
        """One random transform per training digit for this epoch, (n, 8) float32."""
        from core.augment import random_transforms, transform_matrices

        if not self.c.augment:
            return np.zeros((0, 8), np.float32)
        settings = models.augment_settings(self.c.preset)
        return transform_matrices(*random_transforms(len(self.data.y_train), settings, self.rng)).astype(np.float32)

    def learning_rate(self, epoch_rate):
        """The rate the history shows: one cycle's where the epoch ends, else the epoch's."""
        return float(self.optimizer.learning_rate) if self.one_cycle else epoch_rate

    def train_epoch(self, learning_rate, should_stop, report=None):
        tf = self.tf
        if not self.one_cycle:
            self.optimizer.learning_rate = learning_rate
        order, weights, steps = self._epoch_order()
        transforms = tf.constant(self._epoch_transforms())
        order, weights = tf.constant(order), tf.constant(weights)
        loss_sum = correct = tf.constant(0.0)
        step = 0
        while step < steps:
            count = min(self.steps_per_call, steps - step)
            call_start = time.perf_counter()
            loss_sum, correct = self._run_steps(self.x_train, self.y_train, order, weights, transforms,
                                                tf.constant(step), tf.constant(count), loss_sum, correct)
            seconds = time.perf_counter() - call_start  # (the first call also compiles)
            step += count
            self.steps_per_call = int(np.clip(self.CALL_SECONDS * count / max(seconds, 1e-6), 1, 512))
            if step < steps and should_stop():
                return np.nan, np.nan, False
            if report is not None and step < steps:
                seen = float(step * self.c.batch_size)  # only the last batch holds padding
                report(step, steps, float(loss_sum) / seen, float(correct) / seen)
        n = float(np.sum(weights))
        return float(loss_sum) / n, float(correct) / n, True

    def probs(self, x, chunk=2000):
        return np.concatenate([np.asarray(self._forward(x[i:i + chunk])) for i in range(0, len(x), chunk)])

    def get_weights(self):
        return [np.array(w) for w in self.model.get_weights()]

    def set_weights(self, weights):
        self.model.set_weights(weights)


def warp(images, matrices):
    """core.augment's transforms (`transform_matrices`) applied by TensorFlow:
    bilinear, background outside the image, as core.augment.augment does in NumPy."""
    import keras

    return keras.ops.image.affine_transform(images, matrices, interpolation="bilinear", fill_mode="constant")


def fused_batch_norm(layer, x):
    """What keras.layers.BatchNormalization(x, training=True) computes, in one
    fused kernel: the batch's mean and variance normalise x, and the layer's
    moving averages take them in with its momentum.

    Keras 3 runs it as a dozen separate element-wise ops and their gradients,
    which took a third of the CNN's training step on a 2-core CPU.
    """
    import tensorflow as tf

    y, mean, variance = tf.compat.v1.nn.fused_batch_norm(
        x, layer.gamma, layer.beta, epsilon=layer.epsilon, is_training=True)[:3]
    n = tf.cast(tf.reduce_prod(tf.shape(x)[:-1]), variance.dtype)
    variance = variance * (n - 1) / n  # the kernel returns the unbiased variance; Keras averages the biased one
    momentum = layer.momentum
    layer.moving_mean.assign(layer.moving_mean * momentum + mean * (1 - momentum))
    layer.moving_variance.assign(layer.moving_variance * momentum + variance * (1 - momentum))
    return y


ONE_CYCLE_START = 0.1  # of the peak
ONE_CYCLE_WARMUP = 0.25  # of the steps


def one_cycle_schedule(peak, total_steps, warmup=ONE_CYCLE_WARMUP):
    """One cycle (Smith's super-convergence): the rate climbs linearly from peak / 10
    to `peak` over the first quarter of the steps, then falls to 0 along a cosine."""
    import keras

    warmup_steps = max(int(total_steps * warmup), 1)
    return keras.optimizers.schedules.CosineDecay(
        peak * ONE_CYCLE_START, decay_steps=max(total_steps - warmup_steps, 1), alpha=0.0,
        warmup_target=peak, warmup_steps=warmup_steps)


def make_optimizer(name, learning_rate):
    import keras

    if name == "sgd":
        return keras.optimizers.SGD(learning_rate)
    if name == "momentum":
        return keras.optimizers.SGD(learning_rate, momentum=0.9)
    if name == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate)
    if name == "adam":
        return keras.optimizers.Adam(learning_rate)
    raise ValueError(f"optimizer must be one of {', '.join(models.OPTIMIZERS)}; got {name!r}")
