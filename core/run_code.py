"""The code behind a run: a short, runnable script in the style of the course
notes that trains the same network with the same settings.

    print(run_script(TrainConfig(preset="mlp512x256", epochs=50)))

Keras presets give the notes' Keras program: `Sequential`, `compile`, `fit`
(for the CNN with the notes' ImageDataGenerator augmentation and
LearningRateScheduler); `numpy2layer` gives S3's NumPy two-layer net and its
training loop, written out in full (NumPy only, nothing of the app). Every
setting of the run is in it: epochs, batch size, learning rate (and its
decay), optimizer, loss, validation split, early stopping, train_limit, seed,
and for `custom` its layers, activation and dropout.

MNIST comes from `keras.datasets.mnist.load_data()` (a download of 11 MB,
once); run inside MNIST Studio's folder, the script takes the app's offline
copy instead (`core.data.load_mnist`, the same arrays).

The NumPy script repeats the app's training step for step (same seed, same
minibatches, float32): without a validation split it reaches the run's test
accuracy exactly. The Keras scripts use `fit`, which shuffles and splits a
little differently from the app's own loop, so they land near it, not on it.

Plain text only: no TensorFlow, no Streamlit.
"""
from core import models
from core.models import COURSE_NOTE
from core.engines import ONE_CYCLE_START, ONE_CYCLE_WARMUP
from core.training import TrainConfig

KERAS_OPTIMIZERS = {
    "sgd": "keras.optimizers.SGD(learning_rate={lr})",
    "momentum": "keras.optimizers.SGD(learning_rate={lr}, momentum=0.9)",
    "rmsprop": "keras.optimizers.RMSprop(learning_rate={lr})",
    "adam": "keras.optimizers.Adam(learning_rate={lr})",
}
KERAS_LOSSES = {"cross_entropy": "categorical_crossentropy", "mse": "mean_squared_error"}

LOAD_MNIST = """\
# MNIST: keras.datasets.mnist.load_data() downloads it once (11 MB) into ~/.keras/datasets.
# Run inside MNIST Studio's folder, the app's offline copy is used instead (the same arrays).
try:
    from core.data import load_mnist
except ImportError:
    from keras.datasets.mnist import load_data as load_mnist
(x_train, y_train), (x_test, y_test) = load_mnist()"""

NUMPY_LOAD_MNIST = LOAD_MNIST.replace(
    "\n# Run inside", "\n# (Without Keras: any copy of mnist.npz, loaded with np.load, does as well.)\n# Run inside")

NUMPY_LAYERS = '''\
def softmax(x):
    x = x - x.max(axis=-1, keepdims=True)  # against overflow in exp
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T


class Relu:
    def forward(self, x):
        self.mask = x <= 0
        return np.where(self.mask, 0, x)

    def backward(self, dout):
        return np.where(self.mask, 0, dout)


'''

SOFTMAX_WITH_LOSS = {
    "cross_entropy": '''\
class SoftmaxWithLoss:
    """Softmax, then the cross-entropy error against one-hot targets t."""

    def forward(self, x, t):
        self.y, self.t = softmax(x), t
        x = x - x.max(axis=1, keepdims=True)
        log_y = x - np.log(np.exp(x).sum(axis=1, keepdims=True))
        return -np.sum(t * log_y) / len(x)  # cross_entropy_error(y, t), exact

    def backward(self, dout=1.0):
        return dout * (self.y - self.t) / len(self.t)


''',
    "mse": '''\
class SoftmaxWithLoss:
    """Softmax, then the sum of squares 0.5 * sum((y - t)^2) per image."""

    def forward(self, x, t):
        self.y, self.t = softmax(x), t
        return 0.5 * np.sum((self.y - t) ** 2) / len(x)

    def backward(self, dout=1.0):
        dy = (self.y - self.t) / len(self.t)
        return dout * self.y * (dy - (dy * self.y).sum(axis=1, keepdims=True))  # through the softmax


''',
}

TWO_LAYER_NET = '''\
class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, seed=0):
        rng = np.random.default_rng(seed)
        self.params = {
            "W1": (weight_init_std * rng.standard_normal((input_size, hidden_size))).astype(np.float32),
            "b1": np.zeros(hidden_size, np.float32),
            "W2": (weight_init_std * rng.standard_normal((hidden_size, output_size))).astype(np.float32),
            "b2": np.zeros(output_size, np.float32),
        }
        p = self.params
        self.layers = [Affine(p["W1"], p["b1"]), Relu(), Affine(p["W2"], p["b2"])]
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, labels):
        return float(np.mean(self.predict(x).argmax(axis=1) == labels))

    def gradient(self, x, t):
        """Backpropagation: the gradient of the loss for every parameter."""
        self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        affine1, affine2 = self.layers[0], self.layers[2]
        return {"W1": affine1.dW, "b1": affine1.db, "W2": affine2.dW, "b2": affine2.db}


'''


def run_script(config):
    """A runnable Python script (str) that trains `config` (a TrainConfig or
    its dict) the way the course notes write it."""
    if isinstance(config, dict):
        config = TrainConfig.from_dict(config)
    c = config.normalized()
    if c.preset == "numpy2layer":
        return _numpy_script(c)
    return _keras_script(c)


# ---- pieces both kinds share ----------------------------------------------------------

def _number(value):
    """0.001 -> '0.001', 1e-05 -> '1e-05', 0.5 -> '0.5' (Python's shortest repr)."""
    return repr(float(value))


def _header(c):
    note = COURSE_NOTE.get(c.preset, "")
    what = f"{c.preset} ({note})" if note else c.preset
    lines = [f'"""Train {what} on MNIST with the settings of MNIST Studio\'s run {c.run_id}.', ""]
    rate = (f"one learning-rate cycle peaking at {_number(c.learning_rate)}"
            if models.PRESETS[c.preset].get("schedule") == "one_cycle" else f"learning rate {_number(c.learning_rate)}")
    settings = [f"{c.epochs} epoch{'s' if c.epochs != 1 else ''}", f"batch {c.batch_size}", f"{c.optimizer}, {rate}"]
    if c.lr_decay != 1.0:
        settings.append(f"x {_number(c.lr_decay)} per epoch")
    settings.append("cross-entropy" if c.loss == "cross_entropy" else "mean squared error")
    lines.append(", ".join(settings) + ".")
    data = f"The first {c.train_limit:,} training digits" if c.train_limit else "All 60,000 training digits"
    if c.validation_split:
        data += f", {c.validation_split:.0%} of them held out for validation"
    lines.append(data + f"; seed {c.seed}.")
    if c.early_stopping:
        lines.append(f"Early stopping on the validation loss (patience {c.patience}), best epoch kept.")
    if c.snapshot_epochs:
        lines.append(f"(The app also kept the model after epoch{'s' if len(c.snapshot_epochs) > 1 else ''} "
                     f"{', '.join(map(str, c.snapshot_epochs))}.)")
    lines += ["", "Written by MNIST Studio (core/run_code.py). Run it:  python this_file.py", '"""']
    return "\n".join(lines)


def _limit(c):
    if not c.train_limit:
        return ""
    return (f"x_train, y_train = x_train[:{c.train_limit}], y_train[:{c.train_limit}]"
            f"  # train_limit: the first {c.train_limit:,} digits\n")


def _validation(c, targets="y_train", extra=""):
    """Hold out validation_split of the training digits at random (seeded)."""
    if not c.validation_split:
        return ""
    lines = [
        "",
        f"# Hold out {c.validation_split:.0%} for validation (the app takes the same number per digit).",
        f"order = np.random.default_rng({c.seed}).permutation(len(x_train))",
        f"n_val = round(len(x_train) * {_number(c.validation_split)})",
        f"x_val, {targets.replace('train', 'val')} = x_train[order[:n_val]], {targets}[order[:n_val]]",
        f"x_train, {targets} = x_train[order[n_val:]], {targets}[order[n_val:]]",
    ]
    if extra:
        lines.append(extra)
    return "\n".join(lines) + "\n"


# ---- Keras --------------------------------------------------------------------------

def _keras_layers(c):
    """The run's network as Sequential lines, from the same table the engine builds it from."""
    lines = []
    for spec in models.network_layers(c):
        if spec is models.BLOCK_END:
            lines.append("")
            continue
        kind, args, kwargs = spec
        values = [_literal(v) for v in args] + [f"{k}={_literal(v)}" for k, v in kwargs.items()]
        lines.append(f"    layers.{kind}({', '.join(values)}),")
    return "\n".join(lines)


def _literal(value):
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float):
        return _number(value)
    return repr(value)


def _keras_script(c):
    image = models.input_layout(c.preset) == "image"
    shape = str(models.input_shape(c.preset))
    reshape = "reshape(-1, 28, 28, 1)" if image else "reshape(-1, 784)"
    augment = image and c.augment
    parts = [_header(c), ""]
    imports = ["import numpy as np", "import keras", "from keras import layers"]
    if augment:
        imports += [
            "",
            "try:",
            "    from keras.preprocessing.image import ImageDataGenerator  # the notes' import (Keras 2)",
            "except ImportError:  # Keras 3 keeps it under tf.keras only",
            "    from tensorflow.keras.preprocessing.image import ImageDataGenerator",
        ]
    parts += ["\n".join(imports), "", f"keras.utils.set_random_seed({c.seed})  # the run's seed", ""]
    parts.append(LOAD_MNIST)
    parts.append(_limit(c)
                 + f'x_train = x_train.{reshape}.astype("float32") / 255\n'
                 + f'x_test = x_test.{reshape}.astype("float32") / 255\n'
                 + "y_train = keras.utils.to_categorical(y_train, 10)\n"
                 + "y_test = keras.utils.to_categorical(y_test, 10)\n"
                 + _validation(c))

    one_cycle = models.PRESETS[c.preset].get("schedule") == "one_cycle"
    optimizer = KERAS_OPTIMIZERS[c.optimizer].format(lr="learning_rate" if one_cycle else _number(c.learning_rate))
    if one_cycle:
        parts.append(_one_cycle(c))
    parts.append(
        "model = keras.Sequential([\n"
        f"    keras.Input(shape={shape}),\n"
        f"{_keras_layers(c)}\n"
        "])\n"
        f"model.compile(optimizer={optimizer},\n"
        f'              loss="{KERAS_LOSSES[c.loss]}", metrics=["accuracy"])\n'
        "model.summary()\n")

    callbacks = []
    setup = []
    if c.lr_decay != 1.0:
        setup.append(f"annealer = keras.callbacks.LearningRateScheduler(lambda epoch: "
                     f"{_number(c.learning_rate)} * {_number(c.lr_decay)} ** epoch)")
        callbacks.append("annealer")
    if c.early_stopping:
        setup.append(f'early_stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience={c.patience}, '
                     "restore_best_weights=True)")
        callbacks.append("early_stop")
    if augment:
        a = models.augment_settings(c.preset)
        setup.insert(0, "# Every epoch sees new randomly rotated, zoomed and shifted copies of the digits.\n"
                        f"datagen = ImageDataGenerator(rotation_range={a.rotation:g}, zoom_range={a.zoom:g},\n"
                        f"                             width_shift_range={a.width_shift:g}, "
                        f"height_shift_range={a.height_shift:g})\n"
                        "# (The notes' Keras 2 also gave fit steps_per_epoch=len(x_train) // batch_size;\n"
                        "# Keras 3 runs out of data with it from the second epoch on.)")
    fit_args = []
    if augment:
        fit_args.append(f"datagen.flow(x_train, y_train, batch_size={c.batch_size}, seed={c.seed})")
        fit_args.append(f"epochs={c.epochs}")
    else:
        fit_args += ["x_train", "y_train", f"epochs={c.epochs}", f"batch_size={c.batch_size}"]
    if c.validation_split:
        fit_args.append("validation_data=(x_val, y_val)")
    if callbacks:
        fit_args.append(f"callbacks=[{', '.join(callbacks)}]")
    fit_args.append("verbose=2")
    fit = "history = model.fit(" + _wrap(fit_args, indent=len("history = model.fit(")) + ")"
    parts.append("\n".join(setup + [fit]) + "\n")
    parts.append("test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)\n"
                 'print(f"test accuracy: {test_accuracy:.4f}")')
    return "\n".join(parts) + "\n"


def _one_cycle(c):
    """The engine's one-cycle schedule (core.engines.one_cycle_schedule) as script lines."""
    start = _number(c.learning_rate * ONE_CYCLE_START)
    return (f"# One learning-rate cycle: from {start} up to {_number(c.learning_rate)} over the first "
            f"{ONE_CYCLE_WARMUP:.0%} of the steps,\n"
            "# then down to 0 along a cosine (every step's rate, so no scheduler callback).\n"
            f"steps = {c.epochs} * (len(x_train) // {c.batch_size})\n"
            f"warmup_steps = max(int(steps * {_number(ONE_CYCLE_WARMUP)}), 1)\n"
            f"learning_rate = keras.optimizers.schedules.CosineDecay(\n"
            f"    {start}, decay_steps=max(steps - warmup_steps, 1), alpha=0.0,\n"
            f"    warmup_target={_number(c.learning_rate)}, warmup_steps=warmup_steps)\n")


def _wrap(args, indent, width=100):
    """Arguments joined with ', ', broken onto aligned lines before `width`."""
    lines, line = [], ""
    for arg in args:
        piece = arg if not line else f"{line}, {arg}"
        if line and indent + len(piece) > width:
            lines.append(line + ",")
            line = arg
        else:
            line = piece
    lines.append(line)
    return ("\n" + " " * indent).join(lines)


# ---- the NumPy net (S3) -------------------------------------------------------------

def _numpy_script(c):
    parts = [_header(c), "", "import numpy as np", ""]
    parts.append(NUMPY_LOAD_MNIST)
    parts.append(_limit(c)
                 + "x_train = x_train.reshape(-1, 784).astype(np.float32) / 255\n"
                 + "x_test = x_test.reshape(-1, 784).astype(np.float32) / 255\n"
                 + "t_train = np.eye(10, dtype=np.float32)[y_train]  # one-hot targets\n"
                 + _validation(c, targets="y_train", extra="t_val, t_train = t_train[order[:n_val]], "
                                                            "t_train[order[n_val:]]"))
    parts.append("\n" + NUMPY_LAYERS + SOFTMAX_WITH_LOSS[c.loss] + TWO_LAYER_NET.rstrip() + "\n\n")

    rate = "learning_rate" if c.lr_decay == 1.0 else f"learning_rate * {_number(c.lr_decay)} ** (epoch - 1)"
    loop = [
        f"network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10, seed={c.seed})",
        f"rng = np.random.default_rng({c.seed})",
        f"epochs, batch_size, learning_rate = {c.epochs}, {c.batch_size}, {_number(c.learning_rate)}",
        "train_size = len(x_train)",
        "iter_per_epoch = -(-train_size // batch_size)  # 600 iterations per epoch on all 60,000 digits",
    ]
    if c.early_stopping:
        loop += ["best_loss, best_params, waited = np.inf, None, 0"]
    loop += [
        "",
        "for epoch in range(1, epochs + 1):",
        f"    rate = {rate}",
        "    for i in range(iter_per_epoch):",
        "        batch_mask = rng.integers(0, train_size, batch_size)  # like np.random.choice(train_size, batch_size)",
        "        grad = network.gradient(x_train[batch_mask], t_train[batch_mask])",
        '        for key in ("W1", "b1", "W2", "b2"):',
        "            network.params[key] -= rate * grad[key]  # plain SGD, in place",
    ]
    report = ('    print(f"epoch {epoch}: train accuracy {network.accuracy(x_train, y_train):.4f}, "'
              '\n          f"test accuracy {network.accuracy(x_test, y_test):.4f}"')
    if c.validation_split:
        report += '\n          f", validation accuracy {network.accuracy(x_val, y_val):.4f}"'
    loop.append(report + ")")
    if c.early_stopping:
        loop += [
            "    val_loss = network.loss(x_val, t_val)",
            "    if val_loss < best_loss:",
            "        best_loss, best_params, waited = val_loss, {k: v.copy() for k, v in network.params.items()}, 0",
            "    else:",
            "        waited += 1",
            f"        if waited >= {c.patience}:  # early stopping",
            "            break",
            "for key, value in best_params.items():  # back to the best epoch",
            "    network.params[key][...] = value",
        ]
    loop += ["", 'print(f"test accuracy: {network.accuracy(x_test, y_test):.4f}")']
    parts.append("\n".join(loop))
    return "\n".join(parts) + "\n"
