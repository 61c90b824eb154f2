"""How a training's steps run: the engines behind core.training.train().

    NumpyEngine   S3's loop: random minibatches, backprop, plain SGD (NumPy only)
    KerasEngine   the Keras presets, many steps per compiled call; the CNNs'
                  augmentation warp and fused BatchNorm; the one-cycle schedule

An engine is built from a normalized TrainConfig and its data, and offers
train_epoch(learning_rate, should_stop, report) -> (loss, accuracy, finished),
probs(x), get_weights(), set_weights(), learning_rate(epoch_rate), model, device.
TensorFlow is imported inside KerasEngine and the functions that need it only.
"""
import time

import numpy as np

from core import models


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
