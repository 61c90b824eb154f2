"""What the CNN page explains: the learning-rate schedule, the layers, feature maps.

Keras is never imported here at module level: the functions take a built
model, and only `untrained_cnn` imports it.
"""
import os
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


def untrained_cnn(seed=0):
    """The `cnn` preset's network with fresh random weights."""
    import keras

    from core.models import build_model  # engine's builder; imports Keras

    keras.utils.set_random_seed(seed)
    return build_model("cnn")


def machine_summary():
    """CPU count and whether TensorFlow here can use an NVIDIA GPU, without importing it:
    a device file is not enough, since Linux installs `tensorflow-cpu`."""
    return {"cpus": os.cpu_count() or 1, "gpu": Path("/dev/nvidia0").exists() and _tensorflow_has_cuda()}


def _tensorflow_has_cuda():
    from importlib import metadata

    names = {d.metadata["Name"].lower().replace("_", "-") for d in metadata.distributions() if d.metadata["Name"]}
    return "tensorflow" in names or any(name.startswith("tensorflow-gpu") for name in names)


def maps_as_images(maps):
    """(h, w, c) activations -> (c, h, w) uint8, each map scaled by its own
    maximum so weak filters stay visible; all-zero maps stay black."""
    maps = np.moveaxis(np.asarray(maps, dtype=np.float32), -1, 0)
    peak = maps.reshape(len(maps), -1).max(axis=1)
    scaled = np.clip(maps, 0, None) / np.where(peak > 0, peak, 1)[:, None, None]
    return np.rint(scaled * 255).astype(np.uint8)
