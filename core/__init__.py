"""MNIST Studio core: plain Python, no Streamlit."""
