"""S3: a two-layer network written from scratch in NumPy, as the notes build it.

    x -> Affine(W1, b1) -> ReLU -> Affine(W2, b2) -> SoftmaxWithLoss

Each layer is a small class with forward() and backward(); backward() takes
the gradient of the loss with respect to the layer's output and returns it with
respect to the input, keeping the parameter gradients (dW, db) on the layer.
`TwoLayerNet.gradient()` runs the layers backwards (backpropagation);
`TwoLayerNet.numerical_gradient()` nudges every parameter by h and measures the
loss (slow, only to check backpropagation). Training is plain SGD:
param -= learning_rate * grad.

The loss is cross-entropy, or with loss="mse" the notes' sum of squares
0.5 * sum((y - t)^2) per image, averaged over the batch.

No TensorFlow anywhere here.
"""
import numpy as np


def softmax(x):
    x = x - x.max(axis=-1, keepdims=True)  # against overflow in exp
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(x):
    x = x - x.max(axis=-1, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=-1, keepdims=True))


def cross_entropy_error(y, t):
    """Mean over the batch of -log(probability of the true class); t one-hot or labels."""
    if t.ndim == 2:
        t = t.argmax(axis=1)
    return -np.mean(np.log(y[np.arange(len(y)), t] + 1e-7))


def sum_squared_error(y, t):
    """The notes' 0.5 * sum((y - t)^2) per image, averaged over the batch."""
    return 0.5 * np.sum((y - t) ** 2) / len(y)


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = self.dW = self.db = None

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T


class ReLU:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        return np.where(self.mask, 0, x)

    def backward(self, dout):
        return np.where(self.mask, 0, dout)


class SoftmaxWithLoss:
    """Softmax, then the loss against one-hot targets t."""

    def __init__(self, loss="cross_entropy"):
        if loss not in ("cross_entropy", "mse"):
            raise ValueError(f"loss must be 'cross_entropy' or 'mse'; got {loss!r}")
        self.kind = loss
        self.y = self.t = None

    def forward(self, x, t):
        self.y, self.t = softmax(x), t
        if self.kind == "mse":
            return sum_squared_error(self.y, t)
        # cross_entropy_error(self.y, t) computed from the scores: exact (no +1e-7
        # inside the log, so backward's (y - t) / n is its true gradient) and finite
        return -np.sum(t * log_softmax(x)) / len(x)

    def backward(self, dout=1.0):
        n = len(self.t)
        if self.kind == "mse":
            dy = (self.y - self.t) / n
            # through the softmax: dx_i = y_i * (dy_i - sum_j dy_j y_j)
            return dout * self.y * (dy - (dy * self.y).sum(axis=1, keepdims=True))
        return dout * (self.y - self.t) / n  # softmax + cross-entropy together


class TwoLayerNet:
    def __init__(self, input_size=784, hidden_size=50, output_size=10,
                 weight_init_std=0.01, seed=0, dtype=np.float32, loss="cross_entropy"):
        rng = np.random.default_rng(seed)
        self.params = {
            "W1": (weight_init_std * rng.standard_normal((input_size, hidden_size))).astype(dtype),
            "b1": np.zeros(hidden_size, dtype),
            "W2": (weight_init_std * rng.standard_normal((hidden_size, output_size))).astype(dtype),
            "b2": np.zeros(output_size, dtype),
        }
        self.loss_kind = loss
        self._build()

    def _build(self):
        p = self.params
        self.layers = [Affine(p["W1"], p["b1"]), ReLU(), Affine(p["W2"], p["b2"])]
        self.last_layer = SoftmaxWithLoss(self.loss_kind)

    def scores(self, x):
        """The last Affine's outputs (before softmax)."""
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def predict(self, x):
        """Probabilities (n, 10) for flattened images (n, 784) in [0, 1]."""
        return softmax(self.scores(x))

    def __call__(self, x):
        return self.predict(x)

    def loss(self, x, t):
        return self.last_layer.forward(self.scores(x), t)

    def accuracy(self, x, t):
        labels = t.argmax(axis=1) if t.ndim == 2 else t
        return float(np.mean(self.scores(x).argmax(axis=1) == labels))

    def gradient(self, x, t):
        """Backpropagation: loss and {param name: gradient} for one batch."""
        loss = self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        affine1, affine2 = self.layers[0], self.layers[2]
        return loss, {"W1": affine1.dW, "b1": affine1.db, "W2": affine2.dW, "b2": affine2.db}

    def numerical_gradient(self, x, t, h=1e-4):
        """Central differences (f(w + h) - f(w - h)) / 2h for every parameter."""
        grads = {}
        for name, param in self.params.items():
            grad = np.zeros_like(param)
            it = np.nditer(param, flags=["multi_index"])
            for _ in it:
                i = it.multi_index
                saved = param[i]
                param[i] = saved + h
                loss_plus = self.loss(x, t)
                param[i] = saved - h
                loss_minus = self.loss(x, t)
                param[i] = saved
                grad[i] = (loss_plus - loss_minus) / (2 * h)
            grads[name] = grad
        return grads

    def sgd_step(self, grads, learning_rate):
        """Plain SGD, in place (the layers share these arrays)."""
        for name, param in self.params.items():
            param -= learning_rate * grads[name]

    # ---- weights in and out ------------------------------------------------

    def get_weights(self):
        return [self.params[k].copy() for k in ("W1", "b1", "W2", "b2")]

    def set_weights(self, weights):
        for k, w in zip(("W1", "b1", "W2", "b2"), weights):
            self.params[k][...] = w

    def save(self, path):
        with open(path, "wb") as f:
            np.savez(f, loss=np.array(self.loss_kind), **self.params)

    @classmethod
    def load(cls, path):
        with np.load(path) as f:
            params = {k: f[k] for k in ("W1", "b1", "W2", "b2")}
            loss = str(f["loss"]) if "loss" in f.files else "cross_entropy"  # runs saved before the loss was kept
        net = cls(params["W1"].shape[0], params["W1"].shape[1], params["W2"].shape[1],
                  dtype=params["W1"].dtype, loss=loss)
        net.set_weights([params[k] for k in ("W1", "b1", "W2", "b2")])
        return net
