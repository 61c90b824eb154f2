import streamlit as st

from ui import roles, tr
from ui.navigation import JOIN_PAGE, PAGES
from ui.sidebar import language_switch, presenter_switch, wants_presenter_mode

st.set_page_config(page_title="MNIST Studio", page_icon="✍️", layout="wide",
                   initial_sidebar_state="collapsed" if wants_presenter_mode() else "auto")
language_switch()
presenter_switch()
roles.sidebar()
roles.show_refusal()  # an action a callback refused (ui.roles)

# A ?class=CODE link (the projector's QR code) opens a student's screen, with no menu in the way.
joining = bool(st.query_params.get("class"))
nav = st.navigation(
    [st.Page(path, title=tr(key), icon=icon, default=(path == JOIN_PAGE) if joining else (i == 0),
             visibility="hidden" if path == JOIN_PAGE else "visible")
     for i, (path, key, icon) in enumerate(PAGES)],
    position="hidden" if joining else "sidebar",
)
nav.run()
