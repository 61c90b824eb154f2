"""Activation functions with their derivatives and parameters, NumPy only.

REGISTRY maps a name to an Activation. Element-wise functions take an array x and
their parameters as keywords; softmax works along the last axis and its
derivative is the Jacobian. Everything is finite for inputs as large as +-1000.
"""
import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Param:
    default: float
    low: float
    high: float
    step: float


@dataclass(frozen=True)
class Activation:
    name: str
    fn: Callable
    derivative: Callable
    latex: str
    derivative_latex: str
    params: dict = field(default_factory=dict)
    elementwise: bool = True

    def defaults(self):
        return {k: p.default for k, p in self.params.items()}

    def __call__(self, x, **params):
        return self.fn(np.asarray(x, dtype=np.float64), **{**self.defaults(), **params})

    def grad(self, x, **params):
        return self.derivative(np.asarray(x, dtype=np.float64), **{**self.defaults(), **params})


def sigmoid(x):
    # Only ever exponentiate a non-positive number: exp(-|x|) never overflows.
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh_grad(x):
    return 1.0 - np.tanh(x) ** 2


def relu(x):
    return np.maximum(0.0, x)


def relu_grad(x):
    return (x > 0).astype(np.float64)


def leaky_relu(x, alpha=0.1):
    return np.where(x > 0, x, alpha * x)


def leaky_relu_grad(x, alpha=0.1):
    return np.where(x > 0, 1.0, alpha)


def elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_grad(x, alpha=1.0):
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def maxout(x, w1=1.0, b1=0.0, w2=-1.0, b2=0.0):
    return np.maximum(w1 * x + b1, w2 * x + b2)


def maxout_grad(x, w1=1.0, b1=0.0, w2=-1.0, b2=0.0):
    return np.where(w1 * x + b1 >= w2 * x + b2, w1, w2).astype(np.float64)


def softmax(z, temperature=1.0):
    z = np.asarray(z, dtype=np.float64) / temperature
    e = np.exp(z - z.max(axis=-1, keepdims=True))  # shifting by the max changes nothing but avoids overflow
    return e / e.sum(axis=-1, keepdims=True)


def softmax_jacobian(z, temperature=1.0):
    """d softmax_i / d z_j = p_i (delta_ij - p_j) / T, shape (..., n, n)."""
    p = softmax(z, temperature)
    return (p[..., :, None] * (np.eye(p.shape[-1]) - p[..., None, :])) / temperature


def softplus(x):
    return np.logaddexp(0.0, x)


def swish(x, beta=1.0):
    return x * sigmoid(beta * x)


def swish_grad(x, beta=1.0):
    s = sigmoid(beta * x)
    return s + beta * x * s * (1.0 - s)


_erf = np.vectorize(math.erf, otypes=[np.float64])


def gelu(x):
    """The exact GELU, x * Phi(x), with Phi the standard normal CDF."""
    return x * 0.5 * (1.0 + _erf(x / math.sqrt(2.0)))


def gelu_grad(x):
    cdf = 0.5 * (1.0 + _erf(x / math.sqrt(2.0)))
    pdf = np.exp(-0.5 * x**2) / math.sqrt(2.0 * math.pi)
    return cdf + x * pdf


REGISTRY = {
    a.name: a
    for a in [
        Activation("sigmoid", sigmoid, sigmoid_grad,
                   r"\sigma(x) = \frac{1}{1 + e^{-x}}",
                   r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)"),
        Activation("tanh", np.tanh, tanh_grad,
                   r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
                   r"\tanh'(x) = 1 - \tanh^2(x)"),
        Activation("relu", relu, relu_grad,
                   r"\mathrm{ReLU}(x) = \max(0, x)",
                   r"\mathrm{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}"),
        Activation("leaky_relu", leaky_relu, leaky_relu_grad,
                   r"\mathrm{LeakyReLU}(x) = \max(\alpha x, x)",
                   r"\mathrm{LeakyReLU}'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x < 0 \end{cases}",
                   {"alpha": Param(0.1, 0.0, 0.5, 0.01)}),
        Activation("elu", elu, elu_grad,
                   r"\mathrm{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
                   r"\mathrm{ELU}'(x) = \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0 \end{cases}",
                   {"alpha": Param(1.0, 0.0, 3.0, 0.05)}),
        Activation("maxout", maxout, maxout_grad,
                   r"\mathrm{maxout}(x) = \max(w_1 x + b_1,\; w_2 x + b_2)",
                   r"\mathrm{maxout}'(x) = \begin{cases} w_1 & w_1 x + b_1 \ge w_2 x + b_2 \\ "
                   r"w_2 & w_1 x + b_1 < w_2 x + b_2 \end{cases}",
                   {"w1": Param(1.0, -2.0, 2.0, 0.1), "b1": Param(0.0, -2.0, 2.0, 0.1),
                    "w2": Param(-1.0, -2.0, 2.0, 0.1), "b2": Param(0.0, -2.0, 2.0, 0.1)}),
        Activation("softmax", softmax, softmax_jacobian,
                   r"\mathrm{softmax}(z)_i = \frac{e^{z_i / T}}{\sum_{j} e^{z_j / T}}",
                   r"\frac{\partial p_i}{\partial z_j} = \frac{p_i\,(\delta_{ij} - p_j)}{T}",
                   {"temperature": Param(1.0, 0.1, 5.0, 0.1)}, elementwise=False),
        Activation("softplus", softplus, sigmoid,
                   r"\mathrm{softplus}(x) = \ln(1 + e^{x})",
                   r"\mathrm{softplus}'(x) = \sigma(x)"),
        Activation("swish", swish, swish_grad,
                   r"\mathrm{swish}(x) = x\,\sigma(\beta x) \quad (\beta = 1:\ \mathrm{SiLU})",
                   r"\mathrm{swish}'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)\bigl(1 - \sigma(\beta x)\bigr)",
                   {"beta": Param(1.0, 0.1, 5.0, 0.1)}),
        Activation("gelu", gelu, gelu_grad,
                   r"\mathrm{GELU}(x) = x\,\Phi(x) = \frac{x}{2}\Bigl(1 + \mathrm{erf}\bigl(\tfrac{x}{\sqrt{2}}\bigr)\Bigr)",
                   r"\mathrm{GELU}'(x) = \Phi(x) + x\,\varphi(x)"),
    ]
}

ELEMENTWISE = [name for name, a in REGISTRY.items() if a.elementwise]


def curves(names, x_min=-6.0, x_max=6.0, params=None, points=601):
    """Long table (function, x, f, df) of each named function on a grid, for plotting."""
    params = params or {}
    x = np.linspace(x_min, x_max, points)
    frames = []
    for name in names:
        act = REGISTRY[name]
        frames.append(pd.DataFrame({"function": name, "x": x, "f": act(x, **params.get(name, {})),
                                    "df": act.grad(x, **params.get(name, {}))}))
    return pd.concat(frames, ignore_index=True)


def max_derivative(name, x_min=-20.0, x_max=20.0, points=40001, **params):
    """Largest |f'(x)| on a fine grid: 0.25 for the sigmoid, 1 for tanh and ReLU."""
    x = np.linspace(x_min, x_max, points)
    return float(np.abs(REGISTRY[name].grad(x, **params)).max())


def gradient_bound(max_slope, layers):
    """Upper bound on the gradient factor after `layers` activations whose slope is at most max_slope."""
    return float(max_slope) ** np.arange(1, layers + 1)


def gradient_bounds(names, layers, params=None):
    """Long table (function, layers, bound): gradient_bound of each named function, 1..layers deep."""
    params = params or {}
    return pd.concat([
        pd.DataFrame({"function": name, "layers": np.arange(1, layers + 1),
                      "bound": gradient_bound(max_derivative(name, **params.get(name, {})), layers)})
        for name in names
    ], ignore_index=True)


def _random_map(rng, max_condition=3.0):
    # A nearly singular map squashes the grid onto a line, and the picture shows nothing.
    while True:
        w = rng.normal(size=(2, 2))
        if np.linalg.cond(w) < max_condition:
            return w


def linear_stack_demo(seed=0, between="relu", grid_lines=9, extent=2.0):
    """Two random 2x2 linear maps, composed with nothing or an activation in between.

    Returns the product matrix W2 @ W1 and, for a square grid of points, their image
    through linear -> linear and through linear -> activation -> linear, plus how far
    each is from the best single affine map (least squares, largest error). That
    residual is ~0 for the plain stack (it *is* one matrix) and clearly not otherwise.
    """
    rng = np.random.default_rng(seed)
    w1, w2 = _random_map(rng), _random_map(rng)
    ticks = np.linspace(-extent, extent, grid_lines)
    fine = np.linspace(-extent, extent, 41)
    lines = []  # grid lines, each a polyline of points: horizontal ones, then vertical ones
    for i, t in enumerate(ticks):
        lines.append((f"h{i}", np.column_stack([fine, np.full_like(fine, t)])))
        lines.append((f"v{i}", np.column_stack([np.full_like(fine, t), fine])))
    rows = []
    residuals = {}
    for stack in ("linear", "nonlinear"):
        outs = []
        for line_id, pts in lines:
            hidden = pts @ w1.T
            if stack == "nonlinear":
                hidden = REGISTRY[between](hidden)
            out = hidden @ w2.T
            outs.append((pts, out))
            rows.append(pd.DataFrame({"stack": stack, "line": line_id, "x": out[:, 0], "y": out[:, 1]}))
        inputs = np.concatenate([p for p, _ in outs])
        inputs = np.column_stack([inputs, np.ones(len(inputs))])
        outputs = np.concatenate([o for _, o in outs])
        fit, *_ = np.linalg.lstsq(inputs, outputs, rcond=None)
        residuals[stack] = float(np.abs(inputs @ fit - outputs).max())
    return {"w1": w1, "w2": w2, "product": w2 @ w1, "points": pd.concat(rows, ignore_index=True),
            "residuals": residuals}


def matrix_latex(m, digits=2):
    """A matrix as LaTeX bmatrix, for st.latex."""
    rows = [" & ".join(f"{v:.{digits}f}" for v in row) for row in np.atleast_2d(m)]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def softmax_playground(logits, temperature=1.0, shift=0.0):
    """Table (digit, logit, probability) of softmax(logits + shift, temperature)."""
    z = np.asarray(logits, dtype=np.float64) + shift
    return pd.DataFrame({"digit": np.arange(len(z)), "logit": z, "probability": softmax(z, temperature)})
