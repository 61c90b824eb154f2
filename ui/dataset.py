"""The Dataset page's summaries of MNIST, computed once per server."""
import streamlit as st

from core import explore
from ui import cached_mnist


@st.cache_data(show_spinner=False)
def mean_images():
    (x_train, y_train), _ = cached_mnist()
    return explore.mean_images(x_train, y_train)


@st.cache_data(show_spinner=False)
def label_distribution():
    (_, y_train), (_, y_test) = cached_mnist()
    return explore.label_distribution(y_train, y_test)
