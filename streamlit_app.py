import streamlit as st

from ui import roles, tr
from ui.navigation import PAGES
from ui.sidebar import language_switch, presenter_switch, wants_presenter_mode

st.set_page_config(page_title="MNIST Studio", page_icon="✍️", layout="wide",
                   initial_sidebar_state="collapsed" if wants_presenter_mode() else "auto")
language_switch()
presenter_switch()
roles.sidebar()
roles.show_refusal()  # an action a callback refused (ui.roles)

nav = st.navigation(
    [st.Page(path, title=tr(key), icon=icon, default=(i == 0)) for i, (path, key, icon) in enumerate(PAGES)]
)
nav.run()
