"""What the CNN page explains: the learning-rate schedule, the layers, feature maps.

Keras is never imported here at module level: the functions take a built
model, and only `untrained_cnn` and `time_training_batches` import it.
"""
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

NOTES_INITIAL_RATE = 1e-3
NOTES_DECAY = 0.95


def scheduled_rate(epoch, initial=NOTES_INITIAL_RATE, decay=NOTES_DECAY):
    """The notes' schedule: initial * decay ** epoch, epoch counted from 0 as Keras does."""
    return initial * decay ** np.asarray(epoch)


def learning_rate_table(epochs, history=None, initial=NOTES_INITIAL_RATE, decay=NOTES_DECAY):
    """One row per epoch (1-based): the scheduled rate and, from a run's
    history, the rate it really used (NaN where the history has none)."""
    epoch = np.arange(1, epochs + 1)
    table = pd.DataFrame({"epoch": epoch, "scheduled": scheduled_rate(epoch - 1, initial, decay)})
    table["actual"] = np.nan
    rates = run_learning_rates(history)
    if rates is not None:
        n = min(epochs, len(rates))
        table.loc[: n - 1, "actual"] = rates[:n]
    return table


def run_learning_rates(history):
    """A run history's learning_rate column as a float array, or None."""
    if history is None or "learning_rate" not in getattr(history, "columns", ()):
        return None
    rates = pd.to_numeric(history["learning_rate"], errors="coerce").to_numpy(dtype=float)
    return rates if np.isfinite(rates).any() else None


def _shape_text(shape):
    return " × ".join(str(d) for d in shape[1:])


def layer_details(layer):
    """A short technical description from the layer's own config, e.g. "32 × 3×3, stride 2, same, relu"."""
    config = layer.get_config()
    kind = type(layer).__name__
    if kind == "Conv2D":
        kh, kw = config["kernel_size"]
        parts = [f"{config['filters']} × {kh}×{kw}"]
        if tuple(config["strides"]) != (1, 1):
            parts.append(f"stride {config['strides'][0]}")
        return ", ".join(parts + [config["padding"], config["activation"]])
    if kind == "Dense":
        return f"{config['units']}, {config['activation']}"
    if kind == "Dropout":
        return f"rate {config['rate']:g}"
    if kind == "BatchNormalization":
        return "γ, β + moving mean, variance"
    return ""


def layer_table(model):
    """The model's layers in order: name, type, details, output shape (per
    image) and parameter counts, found by pushing one blank image through it."""
    x = np.zeros((1, *model.input_shape[1:]), dtype=np.float32)
    rows = [{"layer": "input", "type": "Input", "details": "", "output_shape": _shape_text(x.shape),
             "params": 0, "trainable_params": 0}]
    for layer in model.layers:
        x = layer(x, training=False)
        trainable = int(sum(np.prod(w.shape) for w in layer.trainable_weights))
        rows.append({
            "layer": layer.name,
            "type": type(layer).__name__,
            "details": layer_details(layer),
            "output_shape": _shape_text(tuple(x.shape)),
            "params": int(layer.count_params()),
            "trainable_params": trainable,
        })
    return pd.DataFrame(rows)


def conv_layer_names(model):
    return [layer.name for layer in model.layers if type(layer).__name__ == "Conv2D"]


def feature_maps(model, image, layer_names=None):
    """{layer name: (height, width, channels) float32} for the chosen Conv2D
    layers (default: all), for one image (28, 28) uint8 or float in [0, 1].

    The layers run one after another in inference mode, as in `model(x)`."""
    wanted = set(conv_layer_names(model) if layer_names is None else layer_names)
    image = np.asarray(image, dtype=np.float32)
    if image.max() > 1.0:
        image = image / 255.0
    x = image.reshape(1, 28, 28, 1)
    maps = {}
    for layer in model.layers:
        if not wanted - maps.keys():
            break
        x = layer(x, training=False)
        if layer.name in wanted:
            maps[layer.name] = np.asarray(x)[0].astype(np.float32)
    return maps


def predict_digit(model, image):
    """The model's 10 probabilities for one (28, 28) uint8 image (a direct call, not predict)."""
    x = np.asarray(image, dtype=np.float32).reshape(1, 28, 28, 1) / 255.0
    return np.asarray(model(x, training=False))[0]


def conv_kernels(model, layer_name):
    """The kernels of one Conv2D layer as (out_channels, kh, kw), summed over input channels."""
    kernel = np.asarray(model.get_layer(layer_name).get_weights()[0])  # (kh, kw, in, out)
    return kernel.sum(axis=2).transpose(2, 0, 1)


def untrained_cnn(seed=0):
    """The `cnn` preset's network with fresh random weights."""
    import keras

    from core.models import build_model  # engine's builder; imports Keras

    keras.utils.set_random_seed(seed)
    return build_model("cnn")


# ---- how long will it take -------------------------------------------------

def seconds_per_epoch_from_runs(runs, preset="cnn"):
    """Median seconds per epoch over the stored runs of `preset` that finished
    an epoch, scaled to a full training set; None without such runs.

    Runs on at least a tenth of the digits are preferred: on a few hundred
    digits an epoch is mostly start-up, which scales up badly.
    `runs` is RunStore.list()'s table (preset, epochs_run, seconds, train_size,
    snapshot_of: "" for a run itself)."""
    if runs is None or len(runs) == 0:
        return None
    rows = runs[runs["preset"] == preset]
    if "snapshot_of" in rows:
        rows = rows[rows["snapshot_of"].fillna("") == ""]
    epochs = rows["epochs_run"] if "epochs_run" in rows else rows["epochs"]
    rows = rows[(epochs.fillna(0) > 0) & (rows["seconds"].fillna(0) > 0)]
    if rows.empty:
        return None
    epochs = rows["epochs_run"] if "epochs_run" in rows else rows["epochs"]
    per_epoch = rows["seconds"] / epochs
    if "train_size" in rows:
        full = full_train_size(preset)
        size = rows["train_size"].where(rows["train_size"] > 0, full)
        per_epoch = per_epoch * full / size
        if (size >= full / 10).any():
            per_epoch = per_epoch[size >= full / 10]
    return float(np.median(per_epoch))


def full_train_size(preset="cnn"):
    """Training digits per epoch with the preset's defaults (the CNN holds out 10 %)."""
    from core.training import TrainConfig

    return TrainConfig(preset=preset).train_size


def time_training_batches(batch_size=64, batches=6, seed=0):
    """Seconds per epoch of the `cnn` preset, measured on this machine by
    timing a few training steps (after one warm-up step) on random images."""
    import keras

    model = untrained_cnn(seed)
    rng = np.random.default_rng(seed)
    x = rng.random((batch_size, 28, 28, 1), dtype=np.float32)
    y = keras.utils.to_categorical(rng.integers(0, 10, batch_size), 10)
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.train_on_batch(x, y)
    start = time.perf_counter()
    for _ in range(batches):
        model.train_on_batch(x, y)
    per_batch = (time.perf_counter() - start) / batches
    return per_batch * -(-full_train_size() // batch_size)


def machine_summary():
    """CPU count and whether an NVIDIA GPU device is visible (no TF import)."""
    gpu = Path("/dev/nvidia0").exists() or bool(os.environ.get("CUDA_VISIBLE_DEVICES", "").strip(" -1"))
    return {"cpus": os.cpu_count() or 1, "gpu": gpu}


def suggested_epochs(seconds_per_epoch, runs, budget_seconds=3600, notes_epochs=40):
    """The notes' 40 epochs when they fit the budget, else the most that do (at least 3)."""
    if not seconds_per_epoch:
        return notes_epochs
    fit = int(budget_seconds // (seconds_per_epoch * max(runs, 1)))
    return max(3, min(notes_epochs, fit))


def maps_as_images(maps):
    """(h, w, c) activations -> (c, h, w) uint8, each map scaled by its own
    maximum so weak filters stay visible; all-zero maps stay black."""
    maps = np.moveaxis(np.asarray(maps, dtype=np.float32), -1, 0)
    peak = maps.reshape(len(maps), -1).max(axis=1)
    scaled = np.clip(maps, 0, None) / np.where(peak > 0, peak, 1)[:, None, None]
    return np.rint(scaled * 255).astype(np.uint8)
