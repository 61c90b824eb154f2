import streamlit as st

from ui import tr
from ui.sidebar import language_switch, presenter_switch, wants_presenter_mode

st.set_page_config(page_title="MNIST Studio", page_icon="✍️", layout="wide",
                   initial_sidebar_state="collapsed" if wants_presenter_mode() else "auto")
language_switch()
presenter_switch()

PAGES = [
    ("pages/home.py", "nav.home", ":material/home:"),
    ("pages/dataset.py", "nav.dataset", ":material/grid_on:"),
    ("pages/activations.py", "nav.activations", ":material/show_chart:"),
    ("pages/train.py", "nav.train", ":material/model_training:"),
    ("pages/runs.py", "nav.runs", ":material/table:"),
    ("pages/compare.py", "nav.compare", ":material/compare_arrows:"),
    ("pages/sketch.py", "nav.sketch", ":material/draw:"),
    ("pages/inside.py", "nav.inside", ":material/visibility:"),
    ("pages/cnn.py", "nav.cnn", ":material/filter_center_focus:"),
    ("pages/ensemble.py", "nav.ensemble", ":material/groups:"),
]

nav = st.navigation(
    [st.Page(path, title=tr(key), icon=icon, default=(i == 0)) for i, (path, key, icon) in enumerate(PAGES)]
)
nav.run()
