"""The sidebar every page shares: language and presenter mode, both also in the URL."""
import streamlit as st

from ui.i18n import LANGUAGES, normalize_language, t
from ui import PRESENTER_SCALE, tr

# Streamlit sizes its text, widgets, metrics and Plotly's fonts in rem, so a
# larger root font scales them all; the theme's own baseFontSize is one size
# for every session of the server. Chrome has no option per session: hidden by
# its test ids. tests/e2e/test_class_mode_browser.py measures both.
PRESENTER_CSS = f"""
<style>
html {{ font-size: {16 * PRESENTER_SCALE:g}px; }}
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stAppDeployButton"] {{ display: none; }}
</style>
"""


def wants_presenter_mode():
    """Presenter mode asked for by this session's toggle or by the URL (?present=1)."""
    if "present" in st.session_state:
        return bool(st.session_state.present)
    return st.query_params.get("present") in ("1", "true", "yes")


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


def presenter_switch():
    """Sidebar toggle for presenter mode, also `?present=1` in the URL."""
    if "present" not in st.session_state:
        st.session_state.present = wants_presenter_mode()
    st.sidebar.toggle(tr("app.presenter"), key="present", help=tr("app.presenter_help"))
    if st.session_state.present:
        st.query_params["present"] = "1"
        st.html(PRESENTER_CSS)
    else:
        st.query_params.pop("present", None)
