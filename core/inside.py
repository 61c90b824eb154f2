"""Inside a trained network: what each layer outputs for one drawing, where the
network looked, its first layer's weights as pictures, and where the drawing
lands on a 2-D map of the test digits.

    layers = activations(store, run_id, image)     # [(layer name, output), ...], last = the 10 probabilities
    heat = saliency(store, run_id, image)          # (28, 28) in [0, 1]
    weights = first_layer(store, run_id)           # (k, h, w): one picture per hidden unit or kernel
    xy = embedding(store, run_id, images)          # (n, 2) on the map of embedding_reference()

`image` is one 28x28 float32 image in [0, 1] (what core.sketch.canvas_to_mnist
gives); run ids may be snapshot ids "<run_id>@<epoch>". An unknown id raises
core.runs.RunNotFound (a LookupError).

The NumPy net (numpy2layer) is handled with NumPy only; TensorFlow is
imported only for Keras runs. Each run's network is loaded once per store
folder, run id and metrics.json time stamp (a retrained run is loaded again),
with its forward pass and gradient traced once as TensorFlow graphs: called
eagerly, the CNN's 20 layers cost tens of ms for one digit. The graphs and the
models are shared by all threads, one call at a time per model (a lock).
"""
import os
import threading
from collections import OrderedDict

import numpy as np

from core import models
from core.numpy_net import Affine, ReLU, softmax
from core.runs import RunNotFound, snapshot_dir_name, split_id

REFERENCE_DIGITS = 2000  # the first test digits: the embedding map and its PCA basis
SMOOTHGRAD_COPIES = 8  # the image itself and 7 noisy copies
SMOOTHGRAD_NOISE = 0.15  # noise standard deviation, on the [0, 1] pixel scale
SMOOTHGRAD_SEED = 0
CACHED_RUNS = 8

_cache = OrderedDict()  # (store root, run id, stamp) -> _Inside, least recently used first
_cache_lock = threading.Lock()


# ---- the four views -------------------------------------------------------------

def activations(store, run_id, image):
    """Every layer's output for one image, first layer to last, as
    [(layer name, array without the batch dimension)]. Keras layers run in
    inference mode (BatchNorm's moving statistics, no dropout); the last entry
    is the 10 probabilities, the same as store.predictor(run_id) gives."""
    net = _inside(store, run_id)
    outputs = net.forward(_model_input(image, net.layout))
    return [(name, out[0]) for name, out in zip(net.layer_names, outputs)]


def saliency(store, run_id, image):
    """Where the network looked: (28, 28) float32 in [0, 1].

    Gradient x input for the predicted class's score (its logit, before the
    softmax): how much each pixel's ink pushes that score up or down. The
    gradient is SmoothGrad's: averaged over the image and a few noisy copies
    of it (fixed noise, so the same image always gives the same map), which
    takes out the speckle a single gradient of a ReLU network has. Absolute
    value, scaled so the strongest pixel is 1 (an all-zero map stays zero)."""
    net = _inside(store, run_id)
    x = _model_input(image, net.layout)
    noisy = x + _noise(x.shape[1:])
    gradient = net.score_gradient(noisy).mean(axis=0)
    heat = np.abs(gradient * x[0]).reshape(28, 28)
    peak = heat.max()
    return (heat / peak if peak > 0 else heat).astype(np.float32)


def first_layer(store, run_id):
    """The first layer's weights as pictures, (k, h, w) float32: for an MLP
    each hidden unit's 784 input weights as 28x28 (512 of them for dense512),
    for the CNN each first Conv2D kernel, summed over input channels (32, 3, 3)."""
    return _inside(store, run_id).first_layer.copy()


def embedding(store, run_id, images):
    """Where images (n, 28, 28) in [0, 1] land on the run's 2-D map: the last
    hidden layer's outputs projected onto the 2 principal components of the
    reference test digits (see embedding_reference). (n, 2) float32."""
    net = _inside(store, run_id)
    images = np.asarray(images, dtype=np.float32)
    if images.size % 784 or images.ndim < 2:
        raise ValueError(f"images must be (n, 28, 28); got shape {images.shape}")
    images = images.reshape(-1, 28, 28)
    pca = net.pca()
    if not len(images):
        return np.zeros((0, 2), np.float32)
    return pca.project(net.hidden(images))


def embedding_reference(store, run_id):
    """The map the embedding is drawn on: (points (m, 2) float32, labels (m,))
    for the first REFERENCE_DIGITS test digits, whose principal components
    define the projection."""
    pca = _inside(store, run_id).pca()
    return pca.points.copy(), pca.labels.copy()


def clear_cache():
    """Forget every loaded network (tests, memory)."""
    with _cache_lock:
        _cache.clear()


# ---- one run's network, loaded once -------------------------------------------------

def _inside(store, run_id):
    """The cached _Inside for this store folder, run id and its metrics.json stamp."""
    root = os.path.abspath(store.root)
    run_id = str(run_id)
    stamp = _stamp(store, run_id)
    key = (root, run_id, stamp)
    with _cache_lock:
        net = _cache.get(key)
        if net is not None:
            _cache.move_to_end(key)
            return net
    run = store.load(run_id)  # raises RunNotFound / DamagedRun with a clear message
    model = store.load_model(run_id)
    if run.config.preset == "numpy2layer":
        net = _NumpyInside(model)
    else:
        net = _KerasInside(model, models.input_layout(run.config.preset))
    with _cache_lock:
        for old in [k for k in _cache if k[:2] == key[:2]]:  # an older stamp: retrained
            del _cache[old]
        net = _cache.setdefault(key, net)
        while len(_cache) > CACHED_RUNS:
            _cache.popitem(last=False)
    return net


def _stamp(store, run_id):
    """metrics.json's modification time (it is written last, so a new training
    changes it); RunNotFound where there is no such run or snapshot."""
    base, epoch = split_id(run_id)
    if not base or "/" in base or "\\" in base or base.startswith("."):
        raise RunNotFound(f"no run {base!r} in {store.root}")
    folder = os.path.join(store.root, base)
    if epoch is not None:
        folder = os.path.join(folder, "snapshots", snapshot_dir_name(epoch))
    try:
        return os.stat(os.path.join(folder, "metrics.json")).st_mtime_ns
    except OSError:
        store.load(run_id)  # the store's own error: no run, no snapshot, or damaged
        raise RunNotFound(f"no run {run_id!r} in {store.root}")


def _model_input(image, layout):
    """One image (28, 28) in [0, 1] -> a batch of one in the model's layout."""
    x = np.asarray(image, dtype=np.float32)
    if x.size != 784:
        raise ValueError(f"image must be 28x28; got shape {x.shape}")
    return x.reshape(1, 784) if layout == "flat" else x.reshape(1, 28, 28, 1)


_noise_cache = {}


def _noise(shape):
    """SmoothGrad's noise for one image shape: copy 0 is noise-free."""
    noise = _noise_cache.get(shape)
    if noise is None:
        rng = np.random.default_rng(SMOOTHGRAD_SEED)
        noise = (SMOOTHGRAD_NOISE * rng.standard_normal((SMOOTHGRAD_COPIES, *shape))).astype(np.float32)
        noise[0] = 0.0
        noise.setflags(write=False)
        _noise_cache[shape] = noise
    return noise


class _Projection:
    """A 2-D PCA basis fitted on the reference digits' hidden features."""

    def __init__(self, features, labels):
        features = np.asarray(features, dtype=np.float64)
        self.mean = features.mean(axis=0)
        _, _, vt = np.linalg.svd(features - self.mean, full_matrices=False)
        components = vt[:2]
        # an SVD's signs are arbitrary: fix them so the map never flips
        biggest = np.abs(components).argmax(axis=1)
        components *= np.sign(components[np.arange(len(components)), biggest])[:, None]
        if len(components) < 2:  # a hidden layer of one unit
            components = np.vstack([components, np.zeros_like(components)])
        self.components = components
        self.labels = np.asarray(labels).astype(np.int64)
        self.labels.setflags(write=False)
        self.points = self.project(features)

    def project(self, features):
        return ((np.asarray(features, dtype=np.float64) - self.mean) @ self.components.T).astype(np.float32)


class _Inside:
    """What the views need of one network; subclasses for NumPy and Keras."""

    layout = "flat"

    def __init__(self):
        self._lock = threading.Lock()
        self._pca = None

    def hidden(self, images):
        """The last hidden layer's outputs (the input of the output layer) for (n, 28, 28)."""
        x = images.reshape(len(images), 784) if self.layout == "flat" else images.reshape(-1, 28, 28, 1)
        return np.concatenate([self.forward(x[i:i + 500])[-2] for i in range(0, len(x), 500)])

    def pca(self):
        if self._pca is None:
            from core.data import load_mnist

            (_, _), (x_test, y_test) = load_mnist()
            images = x_test[:REFERENCE_DIGITS].astype(np.float32) / 255.0
            projection = _Projection(self.hidden(images), y_test[:REFERENCE_DIGITS])
            self._pca = projection  # two threads may both fit it: the same result
        return self._pca


class _NumpyInside(_Inside):
    """S3's net: Affine -> ReLU -> Affine -> softmax, forward and backward by its own layers."""

    layer_names = ["affine1", "relu", "affine2", "softmax"]

    def __init__(self, net):
        super().__init__()
        self.params = net.params
        self.first_layer = self.params["W1"].T.reshape(-1, 28, 28).astype(np.float32)

    def _layers(self):
        # fresh layer objects per call: they keep their inputs for backward, so
        # sharing them between threads would mix two drawings
        p = self.params
        return [Affine(p["W1"], p["b1"]), ReLU(), Affine(p["W2"], p["b2"])]

    def forward(self, x):
        outputs = []
        for layer in self._layers():
            x = layer.forward(x)
            outputs.append(x)
        outputs.append(softmax(x).astype(np.float32))
        return outputs

    def score_gradient(self, x):
        """d(score of the class predicted for x[0]) / dx for each row of x."""
        layers = self._layers()
        scores = x
        for layer in layers:
            scores = layer.forward(scores)
        dout = np.zeros_like(scores)
        dout[:, scores[0].argmax()] = 1.0
        for layer in reversed(layers):
            dout = layer.backward(dout)
        return dout


class _KerasInside(_Inside):
    """A Keras Sequential network, layer by layer, in inference mode."""

    def __init__(self, model, layout):
        import tensorflow as tf

        super().__init__()
        self.model, self.layout = model, layout
        self.layer_names = [layer.name for layer in model.layers]
        self.first_layer = _keras_first_layer(model)
        shape = [None, 784] if layout == "flat" else [None, 28, 28, 1]
        spec = [tf.TensorSpec(shape, tf.float32)]
        self._forward = tf.function(self._all_outputs, input_signature=spec)
        self._gradient = tf.function(self._score_gradient, input_signature=spec)

    def _all_outputs(self, x):
        outputs = []
        for layer in self.model.layers:
            x = layer(x, training=False)
            outputs.append(x)
        return outputs

    def _score_gradient(self, x):
        import tensorflow as tf

        with tf.GradientTape() as tape:
            tape.watch(x)
            h = x
            for layer in self.model.layers[:-1]:
                h = layer(h, training=False)
            scores = _scores(self.model.layers[-1], h)
            predicted = tf.argmax(scores[0])
            target = tf.reduce_sum(tf.gather(scores, predicted, axis=1))
        return tape.gradient(target, x)

    def forward(self, x):
        with self._lock:
            outputs = self._forward(np.ascontiguousarray(x, dtype=np.float32))
            return [np.asarray(out, dtype=np.float32) for out in outputs]

    def score_gradient(self, x):
        with self._lock:
            return np.asarray(self._gradient(np.ascontiguousarray(x, dtype=np.float32)))


def _scores(layer, h):
    """The output layer's scores before its softmax (the logits); the output
    itself for a layer that ends in something else."""
    import keras

    if isinstance(layer, keras.layers.Dense) and layer.activation is keras.activations.softmax:
        scores = keras.ops.matmul(h, layer.kernel)
        return scores + layer.bias if layer.use_bias else scores
    return layer(h, training=False)


def _keras_first_layer(model):
    for layer in model.layers:
        if not layer.get_weights():
            continue
        kernel = np.asarray(layer.get_weights()[0], dtype=np.float32)
        if kernel.ndim == 4:  # Conv2D (kh, kw, in, out) -> (out, kh, kw)
            return kernel.sum(axis=2).transpose(2, 0, 1).copy()
        if kernel.ndim == 2 and kernel.shape[0] == 784:  # Dense (784, units) -> (units, 28, 28)
            return kernel.T.reshape(-1, 28, 28).copy()
        raise ValueError(f"the first layer with weights, {layer.name}, is neither Dense on 784 pixels nor Conv2D")
    raise ValueError("the model has no layer with weights")
