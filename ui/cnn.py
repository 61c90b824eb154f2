"""The CNN page's models: a stored run's, or the notes' CNN untrained, shared by
every session with its lock, and what the page reads from them."""
import threading

import streamlit as st

from core import cnn_insight
from core.runs import make_predictor
from ui.runs import SharedModel, shared_model, store

UNTRAINED = "untrained"  # the choice of the notes' CNN with random weights


def cnn_model(source):
    """A SharedModel for a run id, or for UNTRAINED. Raises ImportError (no
    TensorFlow), LookupError (gone) or ValueError (damaged)."""
    return untrained_cnn() if source == UNTRAINED else shared_model(source)


@st.cache_resource(show_spinner=False)
def untrained_cnn():
    """The `cnn` preset with fresh random weights."""
    model, lock = cnn_insight.untrained_cnn(), threading.Lock()
    return SharedModel(model, lock, make_predictor(model, "cnn", lock))


def layer_table(source, shared):
    return _layer_table(source, None if source == UNTRAINED else store().stamp(source), shared)


@st.cache_data(show_spinner=False, max_entries=8)
def _layer_table(source, stamp, _shared):
    with _shared.lock:
        return cnn_insight.layer_table(_shared.model)


def maps_and_answer(shared, image, layer_name):
    """(the layer's maps for one uint8 28x28 test digit, the model's 10 probabilities for it)."""
    with shared.lock:
        maps = cnn_insight.feature_maps(shared.model, image, [layer_name])[layer_name]
    return maps, shared.predict(image[None] / 255.0)[0]
