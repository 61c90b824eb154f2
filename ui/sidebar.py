"""The sidebar every page shares: language and presenter mode, both also in the URL."""
import streamlit as st

from core.i18n import LANGUAGES, normalize_language, t
from ui import tr

PRESENTER_CSS = """
<style>
/* Readable from the back of the room: scale the whole page, hide chrome. */
html { font-size: 20px; }
[data-testid="stToolbar"], [data-testid="stDecoration"], .stDeployButton { display: none; }
</style>
"""


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
        st.session_state.present = st.query_params.get("present") in ("1", "true", "yes")
    st.sidebar.toggle(tr("app.presenter"), key="present", help=tr("app.presenter_help"))
    if st.session_state.present:
        st.query_params["present"] = "1"
        st.html(PRESENTER_CSS)
    else:
        st.query_params.pop("present", None)
