"""The networks of the course notes (S1-S4) and a custom MLP, as presets.

`PRESETS` holds each preset's training defaults and `NETWORKS` each Keras
network's layers (plain data, no Keras); `build_model(preset_or_config)`
builds the network and `core.run_code` prints the same layers as a script. Keras is imported inside
the builders only, so this module is cheap to import; the `numpy2layer`
preset builds the NumPy net and never touches TensorFlow.

    dense512     S1: Dense 512 relu -> Dense 10 softmax, rmsprop, batch 128
    mlp512x256   S2: 784-512-256-10 relu/softmax, adam, batch 128
    numpy2layer  S3: the from-scratch two-layer net (hidden 50), plain SGD, lr 0.5, batch 100
    cnn          S4: Conv/BatchNorm/Dropout stack, adam, lr 1e-3 * 0.95^epoch, batch 64,
                     augmentation, 10 % held out for validation
    cnn_fast     S4's idea tuned for a laptop: 2 conv layers with max pooling, BatchNorm,
                     batch 256, one learning-rate cycle (PRESETS' schedule), light augmentation
    custom       an MLP with chosen hidden sizes, activation and dropout
"""

PRESETS = {
    "dense512": dict(
        epochs=5, batch_size=128, learning_rate=1e-3, optimizer="rmsprop",
        loss="cross_entropy", validation_split=0.0, augment=False, lr_decay=1.0,
    ),
    "mlp512x256": dict(
        epochs=10, batch_size=128, learning_rate=1e-3, optimizer="adam",
        loss="cross_entropy", validation_split=0.0, augment=False, lr_decay=1.0,
    ),
    # 17 epochs of 600 random minibatches = 10,200 iterations, about the notes' 10,000.
    "numpy2layer": dict(
        epochs=17, batch_size=100, learning_rate=0.5, optimizer="sgd",
        loss="cross_entropy", validation_split=0.0, augment=False, lr_decay=1.0,
    ),
    # The notes train 40 epochs. An epoch takes about a minute on a 2-core CPU, so the default is 3:
    # 98.8-99.2 % measured (seeds 0-3); seed 3 reached 99.39 % in 12 epochs, 99.68 % in 20 (35 s each).
    "cnn": dict(
        epochs=3, batch_size=64, learning_rate=1e-3, optimizer="adam",
        loss="cross_entropy", validation_split=0.1, augment=True, lr_decay=0.95,
    ),
    # The notes' CNN idea tuned for a laptop: a smaller network, batch 256, one learning-rate
    # cycle peaking at 0.01 (the learning rate is its peak), lighter augmentation, all 60,000 digits.
    # Seeds 0-4: 99.41-99.53 % in 45-75 s on a shared 2-core CPU (bench/cnn_fast.py).
    "cnn_fast": dict(
        epochs=8, batch_size=256, learning_rate=1e-2, optimizer="adam",
        loss="cross_entropy", validation_split=0.0, augment=True, lr_decay=1.0, schedule="one_cycle",
    ),
    "custom": dict(
        epochs=10, batch_size=128, learning_rate=1e-3, optimizer="adam",
        loss="cross_entropy", validation_split=0.0, augment=False, lr_decay=1.0,
        hidden_sizes=(256, 128), activation="relu", dropout=0.0,
    ),
}

# Each optimizer's usual starting rate, used when a config picks an optimizer
# other than its preset's and gives no learning rate.
OPTIMIZER_RATES = {"sgd": 0.01, "momentum": 0.01, "rmsprop": 1e-3, "adam": 1e-3}
OPTIMIZERS = tuple(OPTIMIZER_RATES)
LOSSES = ("cross_entropy", "mse")
ACTIVATIONS = ("relu", "sigmoid", "tanh", "elu", "leaky_relu")
# Which course note each preset comes from (DESIGN.md's table).
COURSE_NOTE = {"dense512": "S1", "mlp512x256": "S2", "numpy2layer": "S3", "cnn": "S4", "cnn_fast": "S4",
               "custom": "S5"}


def input_layout(preset):
    """'image' (n, 28, 28, 1) for the CNNs, 'flat' (n, 784) for everything else."""
    return "image" if preset in ("cnn", "cnn_fast") else "flat"


def augment_settings(preset):
    """The augmentation a preset trains with when its config says augment=True:
    the notes' for cnn, a lighter one for cnn_fast."""
    from core.augment import LIGHT_SETTINGS, NOTES_SETTINGS

    return LIGHT_SETTINGS if preset == "cnn_fast" else NOTES_SETTINGS


# ---- the networks ------------------------------------------------------------
# Each Keras network is written once, as its list of layers: `build_model`
# builds it and `core.run_code` prints it as the Sequential of a notes-style
# script, so the code behind a run is always the network that was trained.

def layer(kind, *args, **kwargs):
    """One Keras layer as data: layer("Dense", 512, activation="relu") is layers.Dense(512, activation="relu")."""
    return (kind, args, kwargs)


BLOCK_END = None  # a blank line between blocks in the printed code; builds nothing

NETWORKS = {
    # S1: the Keras book's first network.
    "dense512": [
        layer("Dense", 512, activation="relu"),
        layer("Dense", 10, activation="softmax"),
    ],
    # S2: 784-512-256-10. (The notes' listing forgets the second relu in its
    # code but says relu in the text; we follow the text.)
    "mlp512x256": [
        layer("Dense", 512, activation="relu"),
        layer("Dense", 256, activation="relu"),
        layer("Dense", 10, activation="softmax"),
    ],
    # S4: three Conv-BatchNorm blocks, strided 5x5 convs instead of pooling.
    "cnn": [
        layer("Conv2D", 32, kernel_size=3, activation="relu"),
        layer("BatchNormalization"),
        layer("Conv2D", 32, kernel_size=3, activation="relu"),
        layer("BatchNormalization"),
        layer("Conv2D", 32, kernel_size=5, strides=2, padding="same", activation="relu"),
        layer("BatchNormalization"),
        layer("Dropout", 0.4),
        BLOCK_END,
        layer("Conv2D", 64, kernel_size=3, activation="relu"),
        layer("BatchNormalization"),
        layer("Conv2D", 64, kernel_size=3, activation="relu"),
        layer("BatchNormalization"),
        layer("Conv2D", 64, kernel_size=5, strides=2, padding="same", activation="relu"),
        layer("BatchNormalization"),
        layer("Dropout", 0.4),
        BLOCK_END,
        layer("Conv2D", 128, kernel_size=4, activation="relu"),
        layer("BatchNormalization"),
        layer("Flatten"),
        layer("Dropout", 0.4),
        layer("Dense", 10, activation="softmax"),
    ],
    # The notes' CNN idea for a laptop: two conv blocks with max pooling, BatchNorm, one hidden dense layer.
    "cnn_fast": [
        layer("Conv2D", 24, kernel_size=5, activation="relu"),
        layer("MaxPooling2D"),
        layer("BatchNormalization", momentum=0.9),
        layer("Conv2D", 32, kernel_size=3, activation="relu"),
        layer("MaxPooling2D"),
        layer("BatchNormalization", momentum=0.9),
        layer("Flatten"),
        layer("Dense", 256, activation="relu"),
        layer("Dense", 10, activation="softmax"),
    ],
}


def custom_layers(hidden_sizes=(256, 128), activation="relu", dropout=0.0):
    """An MLP with the chosen hidden layers, each followed by dropout if > 0."""
    layers = []
    for size in hidden_sizes:
        if activation == "leaky_relu":  # the notes' Leaky ReLU: max(0.1x, x)
            layers += [layer("Dense", size), layer("LeakyReLU", negative_slope=0.1)]
        else:
            layers.append(layer("Dense", size, activation=activation))
        if dropout > 0:
            layers.append(layer("Dropout", dropout))
    return layers + [layer("Dense", 10, activation="softmax")]


def network_layers(preset_or_config):
    """The layers of a Keras preset (or of a TrainConfig's network), as `layer()` data,
    BLOCK_END marking blank lines. ValueError for numpy2layer, which is no Keras network."""
    preset, config = _preset_and_config(preset_or_config)
    if preset in NETWORKS:
        return NETWORKS[preset]
    if preset == "custom":
        return custom_layers() if config is None else custom_layers(config.hidden_sizes, config.activation,
                                                                     config.dropout)
    raise ValueError(f"{preset!r} has no Keras layers; Keras presets: {', '.join(keras_presets())}")


def keras_presets():
    return [name for name in PRESETS if name != "numpy2layer"]


def input_shape(preset):
    return (28, 28, 1) if input_layout(preset) == "image" else (784,)


def keras_model(preset_or_config):
    """The Keras Sequential of `network_layers`: Input, then one layer per entry."""
    import keras

    preset, _ = _preset_and_config(preset_or_config)
    model = keras.Sequential([keras.Input(shape=input_shape(preset))], name=preset)
    for spec in network_layers(preset_or_config):
        if spec is not BLOCK_END:
            kind, args, kwargs = spec
            model.add(getattr(keras.layers, kind)(*args, **kwargs))
    return model


def numpy2layer(seed=0):
    """S3: the NumPy two-layer net (no TensorFlow)."""
    from core.numpy_net import TwoLayerNet

    return TwoLayerNet(input_size=784, hidden_size=50, output_size=10, seed=seed)


def _preset_and_config(preset_or_config):
    if isinstance(preset_or_config, str):
        if preset_or_config not in PRESETS:
            raise ValueError(f"preset must be one of {', '.join(PRESETS)}; got {preset_or_config!r}")
        return preset_or_config, None
    config = preset_or_config.normalized()
    return config.preset, config


def build_model(preset_or_config):
    """A fresh, untrained network for a preset name or a TrainConfig.

    Keras presets give a `keras.Sequential` (not compiled); `numpy2layer`
    gives a `core.numpy_net.TwoLayerNet`. Seed Keras first
    (`keras.utils.set_random_seed`) for reproducible weights.
    """
    preset, config = _preset_and_config(preset_or_config)
    if preset == "numpy2layer":
        return numpy2layer(seed=config.seed if config else 0)
    return keras_model(preset_or_config)
