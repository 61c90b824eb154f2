"""The Streamlit glue between pages/ and core/: language, translated text,
presenter mode, the dataset, and text a person typed shown as typed. Pages
import from `ui` and its modules; core/ never does.

    ui.workarounds  the two places where the app works around Streamlit's internals
    ui.navigation   the pages, in menu order
    ui.sidebar      the language switch and presenter mode (the entry file draws them)
    ui.charts       Plotly figures and digit pictures
    ui.runs         the run store as the pages read it: cached lists, runs, names, shared models
    ui.jobs         the one training component: start or join a training, follow it, stop it
    ui.train_form   the Train page's settings form
    ui.compare      the Compare page's choice of runs and its cached comparison
"""
import html
import re

import streamlit as st

from core.data import MnistUnavailable, load_mnist
from ui.i18n import normalize_language, t
from ui import workarounds


workarounds.apply()


def lang():
    return normalize_language(st.session_state.get("lang"))


def tr(key, **fields):
    return t(key, lang(), **fields)


PRESENTER_SCALE = 1.25  # presenter mode: text, charts and the canvas this much larger


def presenting():
    """True in presenter mode: larger, with fewer controls and no developer detail."""
    return bool(st.session_state.get("present"))


def markdown_text(text):
    """Text a user typed (a run label, a name) inside Markdown, shown as typed:
    no links, images, colours or icons of its own."""
    text = re.sub(r"([\\`*_\[\]<>:$~|])", r"\\\1", str(text))
    # a bare address becomes a link even escaped: a zero-width space breaks it, and shows nothing
    return re.sub(r"(?i)(://|www\.)", lambda m: m.group(1)[0] + "\u200b" + m.group(1)[1:], text)


def chart_text(text):
    """Text a user typed inside a Plotly figure, which reads a few HTML tags (<a>, <b>, <br>)."""
    return html.escape(str(text), quote=False)


@st.cache_resource(show_spinner=False)
def cached_mnist():
    return load_mnist()


def mnist_or_stop():
    """The dataset, or a clear message and an end to this page's run."""
    try:
        return cached_mnist()
    except MnistUnavailable as e:
        st.error(tr("app.data_error"))
        st.code(str(e), language=None)
        st.stop()


def page_link(page, label, icon=":material/arrow_forward:"):
    """st.page_link that leaves a page out rather than fail if it is not registered."""
    from streamlit.errors import StreamlitAPIException

    try:
        st.page_link(page, label=label, icon=icon)
    except StreamlitAPIException:
        pass
