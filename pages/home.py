import streamlit as st

from core.data import MnistUnavailable, loaded_from
from ui import cached_mnist, page_link, tr

st.title(tr("home.title"))
st.write(tr("home.tagline"))

st.subheader(tr("home.systems"))
SYSTEMS = [
    ("home.s1", "pages/train.py"),
    ("home.s2", "pages/compare.py"),
    ("home.s3", "pages/compare.py"),
    ("home.s4", "pages/cnn.py"),
    ("home.s5", "pages/activations.py"),
]
for text_key, page in SYSTEMS:
    text_col, link_col = st.columns([5, 1], vertical_alignment="center")
    text_col.markdown(tr(text_key))
    with link_col:
        page_link(page, tr("home.go"))
page_link("pages/dataset.py", tr("nav.dataset"), icon=":material/grid_on:")

st.subheader(tr("home.status"))
try:
    cached_mnist()
    st.success(tr("home.data_ready", source=loaded_from()), icon=":material/check_circle:")
except MnistUnavailable as e:
    st.error(tr("app.data_error"))
    st.code(str(e), language=None)

try:
    from core.runs import RunStore

    n_runs = len(RunStore().list())
except Exception as e:  # a broken store must not take the home page down
    st.warning(tr("home.runs_problem", error=e))
else:
    if n_runs:
        st.success(tr("home.runs_ready", n=n_runs), icon=":material/check_circle:")
    else:
        st.info(tr("home.no_runs"), icon=":material/info:")
