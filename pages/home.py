import streamlit as st

from core.data import MnistUnavailable, loaded_from
from ui import cached_mnist, page_link, presenting, tr

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


def about(seconds):
    from core.demo import rounded_time

    unit, n = rounded_time(seconds)
    return tr(f"home.{unit}", n=n)


def demo_label(row):
    return tr(f"home.demo_{row['preset']}", epochs=row["epochs"], snapshot=row["snapshot"],
              lr=f"{row['learning_rate']:g}")


def demo_table(status):
    import pandas as pd

    table = pd.DataFrame({
        tr("home.demo_col_run"): [demo_label(row) for _, row in status.iterrows()],
        tr("home.demo_col_state"): ["✅ " + tr("home.demo_ready") if ready else "⏳ " + tr("home.demo_missing")
                                    for ready in status["ready"]],
        tr("home.demo_col_accuracy"): [None if a is None else a * 100 for a in status["test_accuracy"]],
        tr("home.demo_col_time"): [tr("home.demo_about", time=about(s)) for s in status["estimate"]],
    })
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        tr("home.demo_col_accuracy"): st.column_config.NumberColumn(format="%.2f %%")})


def start_demo(store, status):
    from core.demo import missing
    from core.train_job import start_or_join

    configs, estimates = missing(status)
    job = start_or_join(configs, store, seconds_per_epoch=estimates[0] / configs[0].epochs)
    labels = [demo_label(row) for _, row in status[~status["ready"]].iterrows()]
    st.session_state.home_demo = {"job": job, "estimates": estimates, "labels": labels}


def demo_progress():
    from core.demo import job_progress

    demo = st.session_state.get("home_demo")
    if demo is None:
        return
    job = demo["job"]
    progress = job.progress()
    if job.running:
        fraction, eta = job_progress(progress, demo["estimates"])
        if progress["state"] == "queued":
            text = tr("home.demo_queued")
        else:
            text = tr("home.demo_progress", i=progress["index"] + 1, n=progress["n"],
                      what=demo["labels"][progress["index"]], epoch=progress["epoch"], epochs=progress["epochs"])
        st.progress(fraction, text=f"{text} · {tr('home.demo_eta', time=about(eta))}")
        st.button(tr("home.demo_stop"), key="home_demo_stop", on_click=job.stop, icon=":material/stop:")
    else:
        st.rerun(scope="app")  # the full run reports the outcome and refreshes the table


def demo_outcome():
    """(state, error) of this session's demo job once it has ended (and forget the job), else None."""
    demo = st.session_state.get("home_demo")
    if demo is None or demo["job"].running:
        return None
    del st.session_state.home_demo
    progress = demo["job"].progress()
    return progress["state"], progress["error"]


def class_demo(store, runs):
    from core.demo import demo_limit, demo_status, missing

    st.subheader(tr("home.demo"))
    if not presenting():
        st.caption(tr("home.demo_intro"))
    outcome = demo_outcome()
    if outcome is not None:
        runs = store.list()  # the job may have stored runs since the page listed them
    status = demo_status(store, demo_limit(), runs=runs)
    if outcome is not None:
        state, error = outcome
        if state == "failed":
            st.error(tr("home.demo_failed", error=error))
        elif state == "stopped":
            st.warning(tr("home.demo_stopped"))
    demo_table(status)
    ready = int(status["ready"].sum())
    if ready == len(status):
        st.success(tr("home.demo_all_ready", n=len(status)) + (" " + tr("home.demo_done") if outcome else ""),
                   icon=":material/check_circle:")
        return
    st.info(tr("home.demo_some_missing", ready=ready, n=len(status)), icon=":material/info:")
    configs, estimates = missing(status)
    running = st.session_state.get("home_demo") is not None
    st.button(tr("home.demo_prepare", missing=len(configs), time=about(sum(estimates))), key="home_demo_prepare",
              type="primary", icon=":material/school:", disabled=running, help=tr("home.demo_prepare_help"),
              on_click=start_demo, args=(store, status))
    st.fragment(demo_progress, run_every=1.0 if running else None)()


st.subheader(tr("home.status"))
try:
    cached_mnist()
    st.success(tr("home.data_ready", source=loaded_from()), icon=":material/check_circle:")
except MnistUnavailable as e:
    st.error(tr("app.data_error"))
    st.code(str(e), language=None)

try:
    from core.runs import RunStore

    store = RunStore()
    runs = store.list()
except Exception as e:  # a broken store must not take the home page down
    st.warning(tr("home.runs_problem", error=e))
else:
    if len(runs):
        st.success(tr("home.runs_ready", n=len(runs)), icon=":material/check_circle:")
    else:
        st.info(tr("home.no_runs"), icon=":material/info:")
    class_demo(store, runs)
