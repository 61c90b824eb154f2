"""Streamlit glue of the compare page: which runs are chosen (widget, session,
URL), and the notes' experiments trained as background jobs."""
import streamlit as st

from core import compare, train_job
from core.run_views import estimate_seconds_per_epoch, parse_run_ids, run_stamp, stored_complete_id
from ui import lang, tr
from ui_runs import (confusion_figure, curves_figure, duration, forget_runs, gap_figure, per_class_figure, store,
                     stored_runs)

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
        wanted = parse_run_ids(st.query_params.get("runs"))
        if wanted:
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


# ---- the comparison ------------------------------------------------------------------

def comparison(loaded, names, y_test):
    """(runs by name, compare.comparison's data, Plotly figures) for {run_id: Run},
    built once per set of run versions and language: a rerun only redraws."""
    runs_store = store()
    key = (str(runs_store.root), tuple(loaded), tuple(run_stamp(runs_store, i) for i in loaded),
           tuple(names[i] for i in loaded), lang())
    return _comparison(key, loaded, names, y_test)


@st.cache_resource(max_entries=8, show_spinner=False)
def _comparison(key, _loaded, _names, _y_test):
    by_name = {_names[run_id]: run for run_id, run in _loaded.items()}
    data = compare.comparison(by_name, _y_test)
    base, others = list(by_name)[0], list(by_name)[1:]
    figures = {
        "loss": curves_figure(data["histories"], "loss"),
        "accuracy": curves_figure(data["histories"], "accuracy"),
        "gap": gap_figure(data["histories"]),
        "confusion": [confusion_figure(data["confusion"][name], name, height=330) for name in by_name],
        "differences": [confusion_figure(data["differences"][name], tr("compare.difference_title", name=name,
                                                                        base=base), difference=True, height=330)
                        for name in others],
        "per_class": per_class_figure(data["per_class"]),
    }
    return by_name, data, figures


# ---- experiments -------------------------------------------------------------------

def experiment_state(kind):
    """(configs, ids, all stored?, estimated seconds or None) of one experiment."""
    settings = repr((compare.LR_EXPERIMENT, compare.S2_EXPERIMENT))
    return _experiment_state(kind, str(store().root), settings)


@st.cache_data(show_spinner=False, ttl=3)
def _experiment_state(kind, root, settings):
    runs, _ = stored_runs()
    configs, ids = EXPERIMENTS[kind]()
    stored = all(stored_complete_id(runs, c) for c in configs)
    per_epoch = estimate_seconds_per_epoch(runs, configs[0])
    seconds = None if per_epoch is None else per_epoch * sum(c.normalized().epochs for c in configs)
    return configs, ids, stored, seconds


def start_experiment(kind):
    """Button callback: compare the experiment's runs now if they are stored,
    else train them in the background (joining a job already training them)."""
    configs, ids, stored, seconds = experiment_state(kind)
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
    _experiment_state.clear()
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
