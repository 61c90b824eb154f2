"""Streamlit glue shared by the pages: language, translated text, error display.

Pages import from here; core/ never does.
"""
import gc
import sys

import streamlit as st

from core.data import MnistUnavailable, load_mnist
from core.i18n import LANGUAGES, normalize_language, t


def lang():
    return normalize_language(st.session_state.get("lang"))


def _leave_old_multipage_mode():
    """A `pages/` folder beside the entry file starts Streamlit in its old
    multipage mode until some session has run st.navigation: a deep link
    (/sketch) as a fresh server's first request would run that page alone,
    without the entry file's sidebar and ?lang. The first script run of the
    server process imports this module: it switches the mode off and reruns,
    which runs the entry file for the same page."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        PagesManager.uses_pages_directory = False
        st.rerun()


_leave_old_multipage_mode()


def tr(key, **fields):
    return t(key, lang(), **fields)


def language_switch():
    """Sidebar language picker, kept in session state and in the URL (?lang=ko)."""
    if "lang" not in st.session_state:
        st.session_state.lang = normalize_language(st.query_params.get("lang"))
    st.sidebar.radio(
        t("app.language", st.session_state.lang),
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="lang",
        horizontal=True,
    )
    # Page switches drop query params: write it back on every run.
    st.query_params["lang"] = st.session_state.lang


PRESENTER_CSS = """
<style>
/* Readable from the back of the room: scale the whole page, hide chrome. */
section[data-testid="stMain"] { zoom: 1.3; }
[data-testid="stToolbar"], [data-testid="stDecoration"], .stDeployButton { display: none; }
</style>
"""


def presenter_switch():
    """Sidebar toggle for presenter mode, also `?present=1` in the URL."""
    if "present" not in st.session_state:
        st.session_state.present = st.query_params.get("present") in ("1", "true", "yes")
    st.sidebar.toggle(tr("app.presenter"), key="present", help=tr("app.presenter_help"))
    if st.session_state.present:
        st.query_params["present"] = "1"
        st.html(PRESENTER_CSS)
    else:
        st.query_params.pop("present", None)


def presenting():
    """True in presenter mode: pages show fewer controls and no developer detail."""
    return bool(st.session_state.get("present"))


def exempt_from_gc():
    """Take every object alive now out of the garbage collector's full passes.

    Streamlit runs gc.collect() after every script run, and once Keras is
    imported it also calls keras.backend.clear_session(), which runs another.
    With TensorFlow and a model loaded each pass walks millions of objects:
    three quarters of the server's CPU under load (bench/load.py, py-spy).
    Call it after loading something big that lives as long as the server."""
    gc.collect()
    gc.freeze()


_modules_when_exempted = 0


def exempt_new_imports_from_gc():
    """After a script run that imported modules (a page's first visit), exempt
    what is alive: modules live as long as the server. Without TensorFlow the
    collection after each rerun still walks ~120,000 objects (~60 ms)."""
    global _modules_when_exempted
    if len(sys.modules) > _modules_when_exempted:
        _modules_when_exempted = len(sys.modules)
        exempt_from_gc()


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


def digit_grid(images, captions, cols=8, height_per_row=110):
    """The digits in rows of `cols`, a caption above each one, as one Plotly image.

    One image with the captions as annotations builds in a few ms; a Plotly
    facet per digit cost about 10 ms each, on every rerun. Images that are not
    uint8 are scaled to 0..255 over all of them together."""
    import base64
    import io

    import numpy as np
    import plotly.graph_objects as go
    from PIL import Image

    images = np.asarray(images)
    if images.dtype != np.uint8:
        low, high = float(images.min()), float(images.max())
        images = np.rint((images - low) / ((high - low) or 1.0) * 255).astype(np.uint8)
    n, h, w = images.shape
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    gap_x, gap_y = max(2, w // 10), max(8, h // 3)  # room between digits, and above them for the caption
    sheet = np.full((rows * (h + gap_y), cols * (w + gap_x) - gap_x), 255, np.uint8)
    annotations = []
    for i, image in enumerate(images):
        top, left = (i // cols) * (h + gap_y) + gap_y, (i % cols) * (w + gap_x)
        sheet[top:top + h, left:left + w] = image
        annotations.append(dict(text=captions[i], x=left + w / 2, y=top - 1, xref="x", yref="y", showarrow=False,
                                yanchor="bottom", font=dict(size=11)))
    png = io.BytesIO()
    Image.fromarray(sheet).save(png, format="PNG")
    fig = go.Figure(go.Image(source="data:image/png;base64," + base64.b64encode(png.getvalue()).decode(),
                             hoverinfo="skip"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=60 + height_per_row * rows, margin=dict(l=0, r=0, t=10, b=0),
                      annotations=annotations)
    return fig


def page_link(page, label, icon=":material/arrow_forward:"):
    """st.page_link that leaves a page out rather than fail if it is not registered."""
    from streamlit.errors import StreamlitAPIException

    try:
        st.page_link(page, label=label, icon=icon)
    except StreamlitAPIException:
        pass
