"""Training speed: the engine against the notes' recipes, in one process.

    python bench/train_speed.py              # 3 epochs each (quick)
    python bench/train_speed.py --epochs 10  # the figure for the report
    python bench/train_speed.py --sections cnn --cnn-epochs 2 --cnn-limit 12000   # a quick CNN look

1. S2 exactly as the notes write it (keras Sequential 784-512-256-10, compile
   adam + categorical_crossentropy, model.fit on float32 arrays /255 with
   one-hot labels, batch 128) against the engine's mlp512x256 preset.
2. S3's NumPy loop as the notes write it (their TwoLayerNet in float64,
   np.random.choice minibatches of 100, lr 0.5, train/test accuracy every
   epoch) against the engine's numpy2layer preset, same iterations.
3. The floor: FLOPs of the matrix products of one S2 epoch divided by the
   GFLOP/s this machine measures for those same products.
4. S4's CNN as the notes write it (keras Sequential as core.models.NETWORKS["cnn"],
   ImageDataGenerator(rotation_range=15, zoom_range=0.15, width_shift_range=0.1,
   height_shift_range=0.1).flow at batch 64, LearningRateScheduler(1e-3 * 0.95**epoch),
   fit with steps_per_epoch = n // 64 and the validation digits) against the
   engine's cnn preset, on the same digits (the engine's stratified 10 % split)
   and the same epochs; and the CNN's floor: FLOPs counted from the layer
   shapes over this machine's measured convolution and matmul throughput.

Epoch 1 also compiles, so medians and minima are over epochs 2.. (epoch 1 is
printed apart). The engine's epoch time includes scoring the 10,000 test
digits after each epoch; fit's does not (the CNN's fit scores its validation
digits, as the engine does). The notes' CNN needs scipy (ImageDataGenerator).
"""
import argparse
import os
import statistics
import sys
import time
import warnings
from collections import OrderedDict
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from core.data import load_mnist, one_hot  # noqa: E402

SIZES = [(784, 512), (512, 256), (256, 10)]


def summary(name, seconds):
    steady = seconds[1:] or seconds
    return (f"{name:<34} first {seconds[0]:6.2f} s   median {statistics.median(steady):6.2f} s"
            f"   fastest {min(steady):6.2f} s   ({len(steady)} epochs)")


def print_ratio(notes_seconds, engine_seconds, goal=2.0):
    """The notes' epoch time over the engine's, median and fastest (the first epoch left out)."""
    ratio = statistics.median(notes_seconds[1:]) / statistics.median(engine_seconds[1:])
    print(f"ratio (median notes / median engine): {ratio:.2f}x   fastest-epoch ratio "
          f"{min(notes_seconds[1:]) / min(engine_seconds[1:]):.2f}x   goal >= {goal} -> "
          f"{'met' if ratio >= goal else 'MISSED'}")


def EpochTimer():
    """A Keras callback that keeps each epoch's seconds in .seconds."""
    import keras

    class Timer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.seconds = []

        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.seconds.append(time.perf_counter() - self.start)

    return Timer()


# ---- S2 --------------------------------------------------------------------------

def notes_s2(epochs):
    """S2 as written: Sequential, Dense + Activation, adam, fit(batch_size=128)."""
    import keras
    from keras.layers import Activation, Dense, Input
    from keras.models import Sequential

    (x_train, y_train), (x_test, y_test) = load_mnist()
    X_train = x_train.reshape(60000, 784).astype("float32") / 255
    X_test = x_test.reshape(10000, 784).astype("float32") / 255
    Y_train, Y_test = one_hot(y_train, 10), one_hot(y_test, 10)

    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    model = Sequential()
    model.add(Input(shape=(784,)))  # Keras 3 spelling of Dense(512, input_shape=(784,))
    model.add(Dense(512))
    model.add(Activation("relu"))
    model.add(Dense(256))
    model.add(Activation("relu"))
    model.add(Dense(10))
    model.add(Activation("softmax"))
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])

    timer = EpochTimer()
    model.fit(X_train, Y_train, batch_size=128, epochs=epochs, verbose=0, callbacks=[timer])
    _, accuracy = model.evaluate(X_test, Y_test, verbose=0)
    return timer.seconds, float(accuracy)


def engine_s2(epochs):
    from core.training import TrainConfig, train

    run = train(TrainConfig(preset="mlp512x256", epochs=epochs))
    return run.history["seconds"].tolist(), run.test_accuracy


def s2_flops_per_epoch(n=60000):
    """Matrix products of one epoch: forward, weight gradients, input gradients
    (none for the first layer, whose input is the data)."""
    forward = sum(2 * n * a * b for a, b in SIZES)
    input_grads = sum(2 * n * a * b for a, b in SIZES[1:])
    return 2 * forward + input_grads


def s2_step_matmuls(rng, batch=128):
    """The products of one training step at batch 128, as (a, b) pairs."""
    pairs = []
    for i, (a, b) in enumerate(SIZES):
        x = rng.random((batch, a), dtype=np.float32)
        w = rng.random((a, b), dtype=np.float32)
        d = rng.random((batch, b), dtype=np.float32)
        pairs += [(x, w), (x.T, d)]  # forward, weight gradient
        if i:
            pairs.append((d, w.T))  # input gradient
    return pairs


def matmul_gflops(repeats=7):
    """GFLOP/s of S2's own products at batch 128, with TensorFlow's kernels (the
    ones training uses), and of a large square product (the machine's peak).
    Fastest of `repeats`."""
    import tensorflow as tf

    rng = np.random.default_rng(0)
    pairs = [(tf.constant(x), tf.constant(w)) for x, w in s2_step_matmuls(rng)]
    flops = sum(2 * x.shape[0] * x.shape[1] * w.shape[1] for x, w in pairs)
    big = tf.constant(rng.random((2048, 2048), dtype=np.float32))

    @tf.function
    def step_products():  # summed so that none is optimised away
        return tf.add_n([tf.reduce_sum(tf.matmul(x, w)) for x, w in pairs])

    @tf.function
    def big_product():
        return tf.reduce_sum(tf.matmul(big, big))

    def fastest(fn, calls):
        fn().numpy()
        best = np.inf
        for _ in range(repeats):
            start = time.perf_counter()
            for _ in range(calls):
                result = fn()
            result.numpy()
            best = min(best, (time.perf_counter() - start) / calls)
        return best

    return flops / fastest(step_products, 50) / 1e9, 2 * 2048**3 / fastest(big_product, 3) / 1e9


# ---- S3 --------------------------------------------------------------------------

def notes_s3(iterations, per_epoch=600):
    """S3's loop as the notes write it, with their layers (float64 weights,
    np.random.choice, loss computed again after the update, accuracy on the
    whole train and test sets once per epoch). Seconds per `per_epoch` iterations."""

    def softmax(x):
        x = x.T
        x = x - np.max(x, axis=0)
        return (np.exp(x) / np.sum(np.exp(x), axis=0)).T

    def cross_entropy_error(y, t):
        t = t.argmax(axis=1)
        return -np.sum(np.log(y[np.arange(y.shape[0]), t] + 1e-7)) / y.shape[0]

    class Affine:
        def __init__(self, W, b):
            self.W, self.b = W, b

        def forward(self, x):
            self.x = x
            return np.dot(x, self.W) + self.b

        def backward(self, dout):
            dx = np.dot(dout, self.W.T)
            self.dW = np.dot(self.x.T, dout)
            self.db = np.sum(dout, axis=0)
            return dx

    class Relu:
        def forward(self, x):
            self.mask = x <= 0
            out = x.copy()
            out[self.mask] = 0
            return out

        def backward(self, dout):
            dout[self.mask] = 0
            return dout

    class SoftmaxWithLoss:
        def forward(self, x, t):
            self.t, self.y = t, softmax(x)
            return cross_entropy_error(self.y, t)

        def backward(self, dout=1):
            return (self.y - self.t) / self.t.shape[0]

    class TwoLayerNet:
        def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
            self.params = {
                "W1": weight_init_std * np.random.randn(input_size, hidden_size),
                "b1": np.zeros(hidden_size),
                "W2": weight_init_std * np.random.randn(hidden_size, output_size),
                "b2": np.zeros(output_size),
            }
            self.layers = OrderedDict()
            self.layers["Affine1"] = Affine(self.params["W1"], self.params["b1"])
            self.layers["Relu1"] = Relu()
            self.layers["Affine2"] = Affine(self.params["W2"], self.params["b2"])
            self.lastLayer = SoftmaxWithLoss()

        def predict(self, x):
            for layer in self.layers.values():
                x = layer.forward(x)
            return x

        def loss(self, x, t):
            return self.lastLayer.forward(self.predict(x), t)

        def accuracy(self, x, t):
            return np.sum(np.argmax(self.predict(x), axis=1) == np.argmax(t, axis=1)) / float(x.shape[0])

        def gradient(self, x, t):
            self.loss(x, t)
            dout = self.lastLayer.backward(1)
            for layer in reversed(list(self.layers.values())):
                dout = layer.backward(dout)
            return {"W1": self.layers["Affine1"].dW, "b1": self.layers["Affine1"].db,
                    "W2": self.layers["Affine2"].dW, "b2": self.layers["Affine2"].db}

    (x_train, y_train), (x_test, y_test) = load_mnist()
    x_train = x_train.reshape(60000, 784).astype(np.float32) / 255
    x_test = x_test.reshape(10000, 784).astype(np.float32) / 255
    t_train, t_test = one_hot(y_train, 10), one_hot(y_test, 10)

    np.random.seed(0)
    network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    train_size, batch_size, learning_rate = x_train.shape[0], 100, 0.5
    seconds, start = [], time.perf_counter()
    for i in range(iterations):
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        grad = network.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] -= learning_rate * grad[key]
        network.loss(x_batch, t_batch)
        if i % per_epoch == 0:
            network.accuracy(x_train, t_train)
            network.accuracy(x_test, t_test)
        if (i + 1) % per_epoch == 0:
            seconds.append(time.perf_counter() - start)
            start = time.perf_counter()
    return seconds, float(network.accuracy(x_test, t_test))


def engine_s3(epochs):
    from core.training import TrainConfig, train

    run = train(TrainConfig(preset="numpy2layer", epochs=epochs))
    return run.history["seconds"].tolist(), run.test_accuracy


# ---- S4: the CNN -----------------------------------------------------------------

def cnn_digits(limit):
    """The engine's cnn digits: (x_train, y_train), (x_val, y_val), (x_test, y_test),
    uint8 images, the first `limit` training digits split 90/10 as the preset does."""
    from core.data import validation_split
    from core.training import TrainConfig

    c = TrainConfig(preset="cnn", train_limit=limit).normalized()
    (x_train, y_train), (x_test, y_test) = load_mnist()
    if limit is not None:
        x_train, y_train = x_train[:limit], y_train[:limit]
    train_idx, val_idx = validation_split(y_train, c.validation_split, seed=c.seed)
    return (x_train[train_idx], y_train[train_idx]), (x_train[val_idx], y_train[val_idx]), (x_test, y_test)


def notes_cnn(epochs, limit):
    """S4 as written: the notes' Sequential, ImageDataGenerator(...).flow, batch 64,
    LearningRateScheduler(1e-3 * 0.95 ** epoch), fit with validation data."""
    import keras
    from keras.callbacks import LearningRateScheduler
    from tensorflow.keras.preprocessing.image import ImageDataGenerator

    from core import models

    (x_train2, y_train2), (x_val2, y_val2), (x_test, y_test) = cnn_digits(limit)
    X_train2 = (x_train2 / 255.0).reshape(-1, 28, 28, 1)
    X_val2 = (x_val2 / 255.0).reshape(-1, 28, 28, 1)
    X_test = (x_test / 255.0).reshape(-1, 28, 28, 1)
    Y_train2, Y_val2 = one_hot(y_train2, 10), one_hot(y_val2, 10)

    datagen = ImageDataGenerator(rotation_range=15, zoom_range=0.15,
                                 width_shift_range=0.1, height_shift_range=0.1)
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    np.random.seed(0)  # ImageDataGenerator draws from NumPy's global generator
    model = models.build_model("cnn")  # the notes' layers, one for one
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    annealer = LearningRateScheduler(lambda x: 1e-3 * 0.95 ** x)
    timer = EpochTimer()
    flow = datagen.flow(X_train2, Y_train2, batch_size=64)
    # Keras 2, which the notes ran, drew from this flow forever; Keras 3 stops a
    # PyDataset after one pass (epoch 2 would get one batch), so keep drawing.
    batches = (next(flow) for _ in iter(int, 1))
    warnings.filterwarnings("ignore", message="`shuffle=True` was passed")  # a generator is never shuffled
    model.fit(batches, epochs=epochs,
              steps_per_epoch=X_train2.shape[0] // 64, validation_data=(X_val2, Y_val2),
              callbacks=[annealer, timer], verbose=0)
    results = model.predict(X_test, verbose=0)
    return timer.seconds, float(np.mean(np.argmax(results, axis=1) == y_test))


def engine_cnn(epochs, limit):
    from core.training import TrainConfig, train

    run = train(TrainConfig(preset="cnn", epochs=epochs, train_limit=limit))
    return run.history["seconds"].tolist(), run.test_accuracy, run.metrics["train_size"], run.metrics["val_size"]


def multiply_adds(model):
    """Multiply-adds of one forward pass per layer with weights, from the layer shapes."""
    import keras

    counts = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D):
            kh, kw, cin, cout = layer.kernel.shape
            _, oh, ow, _ = layer.output.shape
            counts.append((layer.name, oh * ow * cout * kh * kw * cin))
        elif isinstance(layer, keras.layers.Dense):
            cin, cout = layer.kernel.shape
            counts.append((layer.name, cin * cout))
    return counts


def cnn_flops_per_epoch(n_train, n_scored):
    """Training: forward, weight gradients and input gradients (none for the first
    layer, whose input is the data), 2 FLOPs a multiply-add; scoring: forward only."""
    from core import models

    counts = [n for _, n in multiply_adds(models.build_model("cnn"))]
    forward = 2 * sum(counts)
    train_image = 3 * forward - 2 * counts[0]
    return n_train * train_image + n_scored * forward, forward


def conv_gflops(repeats=7, batch=64):
    """GFLOP/s of the CNN's own convolutions and dense layer at batch 64, forward,
    through TensorFlow's kernels (the ones training uses); fastest of `repeats`."""
    import keras
    import tensorflow as tf

    from core import models

    model = models.build_model("cnn")
    layers_with_weights = [layer for layer in model.layers
                           if isinstance(layer, (keras.layers.Conv2D, keras.layers.Dense, keras.layers.Flatten))]
    x = tf.constant(np.random.default_rng(0).random((batch, 28, 28, 1), dtype=np.float32))

    @tf.function
    def forward(x):
        for layer in layers_with_weights:
            x = layer(x)
        return tf.reduce_sum(x)

    forward(x).numpy()
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(20):
            result = forward(x)
        result.numpy()
        best = min(best, (time.perf_counter() - start) / 20)
    return 2 * batch * sum(n for _, n in multiply_adds(model)) / best / 1e9


def cnn_report(epochs, limit):
    notes_seconds, notes_acc = notes_cnn(epochs, limit)
    engine_seconds, engine_acc, n_train, n_val = engine_cnn(epochs, limit)
    engine_median = statistics.median(engine_seconds[1:])
    print(f"\nS4 CNN (the notes' network, augmentation, batch 64, lr 1e-3 * 0.95^epoch), {epochs} epochs each, "
          f"{n_train:,} training + {n_val:,} validation digits")
    print(summary("notes' recipe (datagen.flow + fit)", notes_seconds))
    print(summary("engine cnn", engine_seconds))
    print_ratio(notes_seconds, engine_seconds)
    gap = abs(notes_acc - engine_acc) * 100
    print(f"test accuracy after {epochs} epochs: notes {notes_acc:.2%}   engine {engine_acc:.2%}   "
          f"gap {gap:.2f} points (goal <= 0.2 -> {'met' if gap <= 0.2 else 'MISSED'}; one seed each, "
          f"seed-to-seed spread at 3 epochs is ~0.4 points)")

    flops, forward = cnn_flops_per_epoch(n_train // 64 * 64, n_val + 10_000)
    conv_rate = conv_gflops()
    _, peak_rate = matmul_gflops()
    conv_floor, peak_floor = flops / 1e9 / conv_rate, flops / 1e9 / peak_rate
    print(f"floor: {forward / 2e6:.1f} M multiply-adds per image forward; {flops / 1e12:.2f} TFLOP per epoch "
          f"(training {n_train // 64 * 64:,} + scoring {n_val + 10_000:,}); the CNN's convolutions run at "
          f"{conv_rate:.0f} GFLOP/s forward (batch 64) -> {conv_floor:.1f} s/epoch; matmul peak "
          f"{peak_rate:.0f} GFLOP/s -> {peak_floor:.1f} s/epoch")
    print(f"engine median / floor: {engine_median / conv_floor:.2f}x at conv speed, "
          f"{engine_median / peak_floor:.2f}x at matmul peak (goal <= 2.0 -> "
          f"{'met' if engine_median <= 2 * peak_floor else 'MISSED'})")


# ---- report ----------------------------------------------------------------------

def s2_report(epochs):
    notes_seconds, notes_acc = notes_s2(epochs)
    engine_seconds, engine_acc = engine_s2(epochs)
    engine_median = statistics.median(engine_seconds[1:])
    print(f"S2 (784-512-256-10, adam, batch 128), {epochs} epochs each")
    print(summary("notes' recipe (model.fit)", notes_seconds))
    print(summary("engine mlp512x256", engine_seconds))
    print_ratio(notes_seconds, engine_seconds)
    gap = abs(notes_acc - engine_acc) * 100
    print(f"test accuracy: notes {notes_acc:.2%}   engine {engine_acc:.2%}   gap {gap:.2f} points "
          f"(goal <= 0.3 -> {'met' if gap <= 0.3 else 'MISSED'})")

    small_gflops, peak_gflops = matmul_gflops()
    flops = s2_flops_per_epoch()
    print(f"floor: {flops / 1e9:.0f} GFLOP of matrix products per epoch; TensorFlow float32 matmul "
          f"{small_gflops:.0f} GFLOP/s at S2's batch-128 shapes -> {flops / 1e9 / small_gflops:.2f} s/epoch; "
          f"peak {peak_gflops:.0f} GFLOP/s (2048x2048) -> {flops / 1e9 / peak_gflops:.2f} s/epoch")
    print(f"engine median / floor at S2's shapes: {engine_median / (flops / 1e9 / small_gflops):.2f}x")


def s3_report(s3_epochs):
    notes3_seconds, notes3_acc = notes_s3(600 * s3_epochs)
    engine3_seconds, engine3_acc = engine_s3(s3_epochs)
    ratio3 = statistics.median(notes3_seconds[1:]) / statistics.median(engine3_seconds[1:])
    print(f"\nS3 (NumPy two-layer net, batch 100, lr 0.5), {s3_epochs} x 600 iterations each")
    print(summary("notes' loop (per 600 iterations)", notes3_seconds))
    print(summary("engine numpy2layer (per epoch)", engine3_seconds))
    print(f"ratio (median notes / median engine): {ratio3:.2f}x   goal >= 2.0 -> "
          f"{'met' if ratio3 >= 2.0 else 'MISSED'}")
    print(f"test accuracy after {600 * s3_epochs} iterations: notes {notes3_acc:.2%}   engine {engine3_acc:.2%}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--epochs", type=int, default=3, help="epochs of S2 each (at least 2)")
    p.add_argument("--s3-epochs", type=int, default=None,
                   help="S3 epochs of 600 iterations each (default: --epochs)")
    p.add_argument("--cnn-epochs", type=int, default=3, help="epochs of S4's CNN each (at least 2)")
    p.add_argument("--cnn-limit", type=int, default=None,
                   help="the CNN trains on the first N digits (default: all 60,000, 10 %% held out)")
    p.add_argument("--sections", default="s2,s3,cnn", help="which to run, e.g. s2 or cnn or s2,s3,cnn")
    p.add_argument("--skip-s3", action="store_true")
    args = p.parse_args()
    sections = {part.strip() for part in args.sections.split(",")}
    if args.skip_s3:
        sections.discard("s3")
    load_mnist()  # warm the data cache outside the timings

    if "s2" in sections:
        s2_report(max(args.epochs, 2))
    if "s3" in sections:
        s3_report(max(args.s3_epochs or args.epochs, 2))
    if "cnn" in sections:
        cnn_report(max(args.cnn_epochs, 2), args.cnn_limit)


if __name__ == "__main__":
    main()
