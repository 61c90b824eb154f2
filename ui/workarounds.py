"""The three places where the app works around Streamlit's internals, in one file.

Each reaches into a private module of Streamlit, so each is applied only on
the Streamlit versions it was checked on (TESTED); on another version it is
left out with a warning in the server's log, and the test named in its
docstring fails until it is checked again and the version added.
"""
import logging

import streamlit as st

log = logging.getLogger(__name__)
TESTED = ("1.67",)  # major.minor versions of Streamlit both workarounds were checked on


def tested_version(version=None):
    version = version or st.__version__
    return ".".join(version.split(".")[:2]) in TESTED


def apply():
    if not tested_version():
        log.warning("Streamlit %s is not among the versions MNIST Studio's workarounds were checked on (%s): "
                    "they are left out", st.__version__, ", ".join(TESTED))
        return
    _leave_old_multipage_mode()
    _keep_tensorflow_warm()


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


def _keep_tensorflow_warm():
    """After every script run Streamlit calls keras.backend.clear_session(),
    for apps that build models in their script. It clears TensorFlow's kernel
    cache, so the next call of every loaded model costs ~50 ms instead of ~1 ms:
    most of the server's CPU per drawing (bench/load.py). This app builds no
    model in a script run (trainings run in child processes) and keeps its
    models across runs, and uses no matplotlib (the other module Streamlit
    cleans): the cleaning is left out.
    tests/test_pages_basic.py fails when this stops working."""
    from streamlit.runtime.scriptrunner import script_runner

    script_runner._clean_problem_modules = lambda: None


def session_liveness():
    """A callable that tells whether this browser session is still connected,
    so a student's queued training can be dropped once they have left.
    Streamlit has no public "session ended" hook; its Runtime knows which
    sessions are connected. Where there is no runtime (AppTest, a script) or
    the version is not checked, every session counts as connected.
    tests/test_roles.py fails when this stops working."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if not tested_version() or ctx is None or not Runtime.exists():
        return lambda: True
    runtime, session = Runtime.instance(), ctx.session_id
    return lambda: runtime.is_active_session(session)
