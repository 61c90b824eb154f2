"""The Streamlit glue between pages/ and core/: language, translated text,
presenter mode, the dataset, and the two places where the app works around
Streamlit's internals. Pages import from `ui` and its modules; core/ never does.

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
from core.i18n import normalize_language, t


def _leave_old_multipage_mode():
    """A `pages/` folder beside the entry file starts Streamlit in its old
    multipage mode until some session has run st.navigation: a deep link
    (/sketch) as a fresh server's first request would run that page alone,
    without the entry file's sidebar and ?lang. The first script run of the
    server process imports this module: it switches the mode off and reruns,
    which runs the entry file for the same page.
    tests/e2e/test_deep_link_browser.py fails when this stops working."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        PagesManager.uses_pages_directory = False
        st.rerun()


_leave_old_multipage_mode()


def _keep_tensorflow_warm():
    """After every script run Streamlit calls keras.backend.clear_session(),
    for apps that build models in their script. It clears TensorFlow's kernel
    cache, so the next call of every loaded model costs ~50 ms instead of ~1 ms:
    most of the server's CPU per drawing (bench/load.py). This app builds no
    model in a script run (trainings run in child processes) and keeps its
    models across runs, and uses no matplotlib (the other module Streamlit
    cleans): the cleaning is left out.
    tests/test_pages_basic.py fails when this stops working."""
    from streamlit.runtime.scriptrunner import script_runner

    script_runner._clean_problem_modules = lambda: None


_keep_tensorflow_warm()


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
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~<>:$&])", r"\\\1", str(text))


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
