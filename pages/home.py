"""What the app holds (the data, the stored runs) and the class demo pack."""
import pandas as pd
import streamlit as st

from core.data import MnistUnavailable, loaded_from
from core.estimates import rounded_time
from core.experiments import demo_status, missing, size_limit
from ui import cached_mnist, jobs, page_link, presenting, roles, tr
from ui.runs import store, stored_runs

JOB = "home_demo"
SYSTEMS = [
    ("home.s1", "pages/train.py"),
    ("home.s2", "pages/compare.py"),
    ("home.s3", "pages/compare.py"),
    ("home.s4", "pages/cnn.py"),
    ("home.s5", "pages/activations.py"),
]


def about(seconds):
    unit, n = rounded_time(seconds)
    return tr(f"home.{unit}", n=n)


def demo_label(row):
    return tr(f"home.demo_{row['preset']}", epochs=row["epochs"], snapshot=row["snapshot"],
              lr=f"{row['learning_rate']:g}")


def systems():
    st.subheader(tr("home.systems"))
    for text_key, page in SYSTEMS:
        text_col, link_col = st.columns([5, 1], vertical_alignment="center")
        text_col.markdown(tr(text_key))
        with link_col:
            page_link(page, tr("home.go"))
    page_link("pages/dataset.py", tr("nav.dataset"), icon=":material/grid_on:")


def data_status():
    try:
        cached_mnist()
        st.success(tr("home.data_ready", source=loaded_from()), icon=":material/check_circle:")
    except MnistUnavailable as e:
        st.error(tr("app.data_error"))
        st.code(str(e), language=None)


def demo_table(status):
    table = pd.DataFrame({
        tr("home.demo_col_run"): [demo_label(row) for _, row in status.iterrows()],
        tr("home.demo_col_state"): ["✅ " + tr("home.demo_ready") if ready else "⏳ " + tr("home.demo_missing")
                                    for ready in status["ready"]],
        tr("home.demo_col_accuracy"): [None if a is None else a * 100 for a in status["test_accuracy"]],
        tr("home.demo_col_time"): [tr("home.demo_about", time=about(s)) for s in status["estimate"]],
    })
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        tr("home.demo_col_accuracy"): st.column_config.NumberColumn(format="%.2f %%")})


@roles.teacher_only
def start_demo(status):
    configs, _ = missing(status)
    jobs.start(JOB, configs, names=[demo_label(row) for _, row in status[~status["ready"]].iterrows()])


def class_demo(runs):
    st.subheader(tr("home.demo"))
    if not presenting():
        st.caption(tr("home.demo_intro"))
    ended = jobs.take_ended(JOB)
    if ended is not None:
        runs, _ = stored_runs()  # the job stored runs since the page listed them
    status = demo_status(store(), size_limit(), runs=runs)
    jobs.report(ended)
    demo_table(status)
    ready = int(status["ready"].sum())
    if ready == len(status):
        done = " " + tr("home.demo_done") if ended is not None else ""
        st.success(tr("home.demo_all_ready", n=len(status)) + done, icon=":material/check_circle:")
        return
    st.info(tr("home.demo_some_missing", ready=ready, n=len(status)), icon=":material/info:")
    configs, estimates = missing(status)
    refused = roles.reason_not_teacher()
    st.button(tr("home.demo_prepare", n=len(configs), time=about(sum(estimates))), key="home_demo_prepare",
              type="primary", icon=":material/school:", disabled=jobs.job(JOB) is not None or bool(refused),
              help=refused or tr("home.demo_prepare_help"), on_click=start_demo, args=(status,))
    if refused:
        st.caption(refused)
    jobs.follow(JOB)


st.title(tr("home.title"))
st.write(tr("home.tagline"))
systems()

st.subheader(tr("home.status"))
data_status()
try:
    runs, _ = stored_runs()
except Exception as e:  # a broken store must not take the home page down
    st.warning(tr("home.runs_problem", error=e))
else:
    if len(runs):
        st.success(tr("home.runs_ready", n=len(runs)), icon=":material/check_circle:")
    else:
        st.info(tr("home.no_runs"), icon=":material/info:")
    class_demo(runs)
