"""The Inside page's glue: core.inside's views for one run version and one
input, cached; the link parameters (?run=<id>&digit=<test index>, read by
core.choices.inside_link); and the pictures: the saliency
overlay, strips of the most active units, feature-map grids, first-layer
weights and the 2-D map with the input as a star. Also the code behind a run
(`show_run_code`), for any page that shows one run.

Every cached call is keyed by the store's folder, the run (or snapshot) id
and its version (`RunStore.stamp`), so a run trained again under the same id
is never served stale."""
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from core import choices, inside
from core.run_code import run_script
from core.runs import RunNotFound, RunStore
from ui import tr
from ui.charts import digit_grid, enlarge
from ui.runs import store

TOP_UNITS = 32  # units in a dense layer's strip
TOP_MAPS = 16  # feature maps in a conv layer's grid
TOP_WEIGHTS = 16  # first-layer pictures
HIDDEN_LAYERS = ("batch_normalization", "dropout", "flatten")  # shown only as a count
DIGIT_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
HEAT_PERCENTILE = 99  # the saliency picture's white point
# the saliency colour scale, dark to bright: (heat, r, g, b)
HEAT_STOPS = np.array([[0.0, 0, 0, 0], [0.35, 120, 20, 110], [0.65, 230, 70, 30], [1.0, 255, 235, 90]],
                      dtype=np.float32)


# ---- the link: ?run=<id or id@epoch>&digit=<test index> ------------------------------------

def read_link(run_ids, n_test):
    """On a session's first visit, what the URL asks for: (run id, epoch or
    None, test digit index or None); Nones where it asks for nothing valid."""
    return choices.inside_link(st.query_params.get("run"), st.query_params.get("digit"), run_ids, n_test)


def write_link(run_id, digit):
    st.query_params["run"] = run_id
    if digit is None:
        st.query_params.pop("digit", None)
    else:
        st.query_params["digit"] = str(digit)


# ---- the drawing handed over by another page --------------------------------------------

HANDOFF = "inside_handoff"


def hand_over(image, run_id=None):
    """For another page (the Draw page): make `image` (28x28 in [0, 1]) the
    Inside page's input, with `run_id` chosen, the next time it opens. Call it,
    then link with st.page_link("pages/inside.py")."""
    previous = st.session_state.get(HANDOFF) or {}
    st.session_state[HANDOFF] = {"image": np.asarray(image, np.float32).reshape(28, 28), "run": run_id,
                                 "version": previous.get("version", 0) + 1}


def handed_over():
    """The handed-over drawing: {"image", "run", "version"} or None."""
    return st.session_state.get(HANDOFF)


# ---- the views, cached per run version and input ---------------------------------------------

@dataclass
class Views:
    layers: list  # [(layer name, output)], last = the 10 probabilities
    heat: np.ndarray  # (28, 28) saliency in [0, 1]
    xy: np.ndarray  # (2,) the input on the 2-D map

    @property
    def probs(self):
        return self.layers[-1][1]

    @property
    def digit(self):
        return int(np.argmax(self.probs))


def _version(run_id):
    runs_store = store()
    stamp = runs_store.stamp(run_id)
    if stamp is None:
        raise RunNotFound(tr("runs.not_found", run=run_id))
    return str(runs_store.root), run_id, stamp


@st.cache_data(show_spinner=False, max_entries=48)
def _views(root, run_id, stamp, image):
    runs_store = RunStore(root)
    return Views(inside.activations(runs_store, run_id, image), inside.saliency(runs_store, run_id, image),
                 inside.embedding(runs_store, run_id, image[None])[0])


@st.cache_data(show_spinner=False, max_entries=16)
def _first_layer(root, run_id, stamp):
    return inside.first_layer(RunStore(root), run_id)


@st.cache_data(show_spinner=False, max_entries=16)
def _reference(root, run_id, stamp):
    return inside.embedding_reference(RunStore(root), run_id)


def views(run_id, image):
    """Views of one 28x28 input for a run or snapshot. Raises LookupError or ValueError."""
    return _views(*_version(run_id), np.asarray(image, np.float32).reshape(28, 28))


def first_layer(run_id):
    return _first_layer(*_version(run_id))


def reference(run_id):
    """(points (m, 2), labels (m,)) of the test digits on the run's 2-D map."""
    return _reference(*_version(run_id))


# ---- pictures --------------------------------------------------------------------------

def saliency_picture(image, heat, size=280):
    """The input in gray with the saliency laid over it in a dark-to-bright
    colour scale: (size, size, 3) uint8, each pixel a crisp square. The scale
    tops out at the map's 99th percentile, as SmoothGrad's authors show their
    maps: one extreme pixel would otherwise leave the rest dark."""
    image = np.asarray(image, np.float32).reshape(28, 28)
    heat = np.clip(np.asarray(heat, np.float32).reshape(28, 28), 0, None)
    top = np.percentile(heat, HEAT_PERCENTILE)
    heat = np.clip(heat / top, 0, 1) if top > 0 else heat
    colour = np.stack([np.interp(heat, HEAT_STOPS[:, 0], HEAT_STOPS[:, i]) for i in (1, 2, 3)], axis=-1)
    alpha = (heat ** 0.6)[..., None]
    base = (image * 150.0)[..., None]  # the ink dimmed, so the heat stands out
    rgb = np.rint(base * (1 - alpha) + colour * alpha).clip(0, 255).astype(np.uint8)
    factor = max(1, -(-size // 28))
    return np.repeat(np.repeat(rgb, factor, axis=0), factor, axis=1)


def input_picture(image, size=280):
    factor = max(1, -(-size // 28))
    return enlarge(np.rint(np.asarray(image, np.float32).reshape(28, 28) * 255).astype(np.uint8), factor)


def shown_layers(layers):
    """The layers the page draws, as (position, name, output): all but the
    last (the probabilities have their own chart) and those in HIDDEN_LAYERS."""
    return [(i, name, out) for i, (name, out) in enumerate(layers[:-1]) if not name.startswith(HIDDEN_LAYERS)]


def is_map(output):
    """A conv layer's output worth drawing as pictures: (h, w, channels) with h, w > 2."""
    return output.ndim == 3 and min(output.shape[:2]) > 2


def strip_figure(output, digits=False, height=110):
    """A dense layer as one strip: its TOP_UNITS most active units, strongest
    first, coloured by activation (diverging around 0 where it can be negative);
    with digits=True the 10 outputs in digit order, named by their digit."""
    values = np.asarray(output, np.float32).ravel()
    order = np.arange(len(values)) if digits else np.argsort(-values, kind="stable")[:TOP_UNITS]
    signed = values.min() < 0
    peak = float(np.abs(values).max()) or 1.0
    fig = go.Figure(go.Heatmap(
        z=[values[order]], x=[str(u) if digits else f"#{u}" for u in order], y=[""], colorscale="RdBu_r" if signed else "Viridis",
        zmin=-peak if signed else 0.0, zmax=peak, showscale=False, xgap=2,
        hovertemplate=tr("inside.unit_hover") + "<extra></extra>",
        text=[[f"{v:.2f}" for v in values[order]]], texttemplate="%{text}" if len(order) <= 16 else None))
    fig.update_xaxes(type="category", tickangle=0, tickfont_size=10)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=height, margin=dict(l=0, r=0, t=4, b=0))
    return fig


def feature_maps_figure(output):
    """A conv layer's TOP_MAPS most active feature maps (by mean), each
    scaled to its own maximum, captioned with its channel number."""
    maps = np.asarray(output, np.float32)
    strength = maps.mean(axis=(0, 1))
    channels = np.argsort(-strength, kind="stable")[:TOP_MAPS]
    chosen = np.moveaxis(maps[..., channels], -1, 0)
    peaks = chosen.max(axis=(1, 2), keepdims=True)
    pictures = np.rint(np.where(peaks > 0, chosen / np.where(peaks > 0, peaks, 1), 0) * 255).astype(np.uint8)
    pictures = enlarge(pictures, max(1, -(-28 // pictures.shape[1])))
    return digit_grid(pictures, [f"#{c}" for c in channels], cols=8, height_per_row=105)


def weights_figure(weights, units):
    """First-layer weights as pictures, gray = 0, white positive, black negative
    (one scale for all of them), captioned with their unit or kernel number."""
    chosen = np.asarray(weights, np.float32)[units]
    peak = float(np.abs(chosen).max()) or 1.0
    pictures = np.rint((chosen / peak + 1) * 127.5).clip(0, 255).astype(np.uint8)
    pictures = enlarge(pictures, max(1, -(-28 // pictures.shape[1])))
    return digit_grid(pictures, [f"#{u}" for u in units], cols=8 if len(units) <= 16 else 16, height_per_row=105)


def first_layer_units(weights, first_output):
    """Which first-layer pictures to show: the TOP_WEIGHTS units most active
    for this input where the first layer is dense, every kernel (up to 32) of a conv layer."""
    if weights.shape[1:] == (28, 28) and first_output is not None and first_output.ndim == 1:
        return list(np.argsort(-first_output, kind="stable")[:TOP_WEIGHTS])
    return list(range(min(len(weights), 32)))


def map_figure(points, labels, star=None, digit=None, height=460):
    """The test digits on the run's 2-D map, one colour per label, the input
    (its (x, y), read as `digit`) as a star."""
    fig = go.Figure()
    for d in range(10):
        mine = labels == d
        fig.add_scatter(x=points[mine, 0], y=points[mine, 1], mode="markers", name=str(d),
                        marker=dict(size=5, color=DIGIT_COLORS[d], opacity=0.55), hoverinfo="name")
    if star is not None:
        fig.add_scatter(x=[float(star[0])], y=[float(star[1])], mode="markers+text", name=tr("inside.map_star"),
                        text=[tr("inside.map_star_text", digit=digit)], textposition="top center",
                        textfont=dict(size=14, color="#111"),
                        marker=dict(symbol="star", size=24, color="#FFD60A", line=dict(color="#111", width=2)))
    fig.update_xaxes(showticklabels=False, title=tr("inside.map_x"), zeroline=False)
    fig.update_yaxes(showticklabels=False, title=tr("inside.map_y"), zeroline=False)
    fig.update_layout(height=height, margin=dict(l=0, r=0, t=30, b=0),
                      legend=dict(itemsizing="constant", orientation="h", y=1.02, yanchor="bottom", x=0))
    return fig


# ---- the code behind a run -------------------------------------------------------------------

def show_run_code(config):
    """The runnable script that trains `config` the notes' way, in st.code
    (which has a copy button), with a line on how to run it."""
    st.caption(tr("inside.code_help"))
    st.code(run_script(config), language="python", line_numbers=False)
