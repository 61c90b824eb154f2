"""The Streamlit glue between pages/ and core/: language, translated text,
presenter mode, the dataset, and what the server keeps out of its garbage
collector. Pages import from `ui` and its modules; core/ never does.

    ui.sidebar      the language switch and presenter mode (the entry file draws them)
    ui.charts       Plotly figures and digit pictures
    ui.runs         the run store as the pages read it: cached lists, runs, names, shared models
    ui.jobs         the one training component: start or join a training, follow it, stop it
    ui.train_form   the Train page's settings form
    ui.compare      the Compare page's choice of runs and its cached comparison
"""
import gc
import sys

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


def lang():
    return normalize_language(st.session_state.get("lang"))


def tr(key, **fields):
    return t(key, lang(), **fields)


PRESENTER_SCALE = 1.25  # presenter mode: text, charts and the canvas this much larger


def presenting():
    """True in presenter mode: larger, with fewer controls and no developer detail."""
    return bool(st.session_state.get("present"))


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


def exempt_from_gc():
    """Take every object alive now out of the garbage collector's full passes.

    Once Keras is imported, Streamlit calls keras.backend.clear_session()
    after every script run, and that runs gc.collect() (no option turns it
    off). With TensorFlow and a model loaded each pass walks millions of
    objects: three quarters of the server's CPU under load (bench/load.py,
    py-spy). Call it after loading something big that lives as long as the server."""
    gc.collect()
    gc.freeze()


_modules_when_exempted = 0


def exempt_new_imports_from_gc():
    """After a script run that imported modules (a page's first visit), exempt
    what is alive: modules live as long as the server."""
    global _modules_when_exempted
    if len(sys.modules) > _modules_when_exempted:
        _modules_when_exempted = len(sys.modules)
        exempt_from_gc()
