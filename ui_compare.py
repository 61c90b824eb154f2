"""Streamlit glue of the compare page: which runs are chosen (widget, session,
URL), and the notes' experiments trained as background jobs."""
import streamlit as st

from core import compare, train_job
from core.run_views import estimate_seconds_per_epoch, parse_run_ids, stored_complete_id
from ui import tr
from ui_runs import duration, forget_runs, store

CHOSEN = "compare_runs"  # the multiselect's key
LAST = "compare_last"  # the last choice, kept while the user is on other pages
URL_MISSING = "compare_url_missing"  # ids from the link that are not stored
JOB = "compare_job"  # {"job": TrainingJob, "ids": what to compare when it is done}

EXPERIMENTS = {"lr": compare.lr_experiment, "s2": compare.s2_experiment}


def sync_choice(options, default):
    """Make the multiselect's state valid before it is drawn: first visit from
    the URL (?runs=a,b@10), else the last choice, else `default`; later visits
    keep the state and drop runs that are gone. Returns ids that were dropped
    because they vanished from the store."""
    if CHOSEN not in st.session_state:
        if "runs" in st.query_params:
            wanted = parse_run_ids(st.query_params.get("runs"))
            st.session_state[URL_MISSING] = [i for i in wanted if i not in options]
        else:
            wanted = st.session_state.get(LAST) or default
        st.session_state[CHOSEN] = [i for i in wanted if i in options]
        return []
    chosen = st.session_state[CHOSEN]
    gone = [i for i in chosen if i not in options]
    if gone:
        st.session_state[CHOSEN] = [i for i in chosen if i in options]
    return gone


def remember_choice(chosen):
    st.session_state[LAST] = list(chosen)
    st.query_params["runs"] = compare.query_value(chosen)


def choice_changed():
    st.session_state.pop(URL_MISSING, None)


# ---- experiments -------------------------------------------------------------------

def experiment_state(kind, runs):
    """(configs, ids, all stored?, estimated seconds or None) of one experiment."""
    configs, ids = EXPERIMENTS[kind]()
    stored = all(stored_complete_id(runs, c) for c in configs)
    per_epoch = estimate_seconds_per_epoch(runs, configs[0])
    seconds = None if per_epoch is None else per_epoch * sum(c.normalized().epochs for c in configs)
    return configs, ids, stored, seconds


def start_experiment(kind, runs):
    """Button callback: compare the experiment's runs now if they are stored,
    else train them in the background (joining a job already training them)."""
    configs, ids, stored, seconds = experiment_state(kind, runs)
    if stored:
        st.session_state[CHOSEN] = ids
        choice_changed()
        return
    per_epoch = None if seconds is None else seconds / sum(c.normalized().epochs for c in configs)
    job = train_job.start_or_join(configs, store(), seconds_per_epoch=per_epoch)
    st.session_state[JOB] = {"job": job, "ids": ids}


def experiment_running():
    entry = st.session_state.get(JOB)
    return entry is not None and entry["job"].running


def pick_up_experiment():
    """When this session's experiment has ended: compare its runs (if done) and
    return its final progress (to report a stop or a failure); else None."""
    entry = st.session_state.get(JOB)
    if entry is None or entry["job"].running:
        return None
    del st.session_state[JOB]
    forget_runs()
    progress = entry["job"].progress()
    if progress["state"] == train_job.DONE:
        st.session_state[CHOSEN] = entry["ids"]
        choice_changed()
    return progress


def report_experiment(progress):
    if progress is None or progress["state"] == train_job.DONE:
        return
    if progress["state"] == train_job.FAILED:
        st.error(tr("compare.experiment_failed", error=progress["error"]), icon=":material/error:")
    else:
        st.info(tr("compare.experiment_stopped"), icon=":material/info:")


@st.fragment(run_every=1.0)
def experiment_progress():
    """Live progress of this session's experiment; reruns the page when it ends."""
    entry = st.session_state.get(JOB)
    if entry is None:
        return
    job = entry["job"]
    if not job.running:
        st.rerun()  # the whole page: pick_up_experiment() shows the result
    p = job.progress()
    if p["state"] == train_job.QUEUED:
        text = tr("compare.queued")
    else:
        c = p["config"]
        name = f"{c.preset} · lr {c.learning_rate:g}"
        text = tr("compare.progress", i=p["index"] + 1, n=p["n"], name=name, epoch=p["epoch"],
                  epochs=p["epochs"])
        if p["eta"] is not None:
            text += tr("compare.eta", time=duration(p["eta"]))
    st.progress(p["fraction"], text=text)
    st.button(tr("compare.stop"), key="compare_stop", on_click=job.stop, icon=":material/stop:")


def estimate_text(seconds):
    return tr("compare.time_estimate", time=duration(seconds))
