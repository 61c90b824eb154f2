"""The Compare page's glue: which runs are chosen (widget, session, URL), the
comparison built once per set of runs, the runs read on a class's held-out
drawings, and the notes' experiments."""
import numpy as np
import streamlit as st

from core import compare, experiments
from core.choices import query_value, read_run_ids
from core.estimates import estimated_seconds
from core.status import DONE
from ui import jobs, lang, tr
from ui.charts import confusion_figure, curves_figure, gap_figure, per_class_figure
from ui.runs import shared_model, store, stored_runs

CHOSEN = "compare_runs"  # the multiselect's key
LAST = "compare_last"  # the last choice, kept while the user is on other pages
URL_MISSING = "compare_url_missing"  # ids from the link that are not stored
JOB = "compare"  # the experiments' training (ui.jobs)

EXPERIMENTS = {"lr": experiments.lr_experiment, "s2": experiments.s2_experiment}


def sync_choice(options, default):
    """Make the multiselect's state valid before it is drawn: first visit from
    the URL (?runs=a,b@10), else the last choice, else `default`; later visits
    keep the state and drop runs that are gone. Returns ids that were dropped
    because they vanished from the store."""
    if CHOSEN not in st.session_state:
        wanted, refused = read_run_ids(st.query_params.get("runs"))
        if wanted or refused:
            st.session_state[URL_MISSING] = refused + [i for i in wanted if i not in options]
        if not wanted:
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
    st.query_params["runs"] = query_value(chosen)


def choose(ids):
    st.session_state[CHOSEN] = list(ids)
    st.session_state.pop(URL_MISSING, None)


def choice_changed():
    st.session_state.pop(URL_MISSING, None)


# ---- the comparison ------------------------------------------------------------------

def comparison(loaded, names, y_test):
    """(runs by name, compare.comparison's data, Plotly figures) for {run_id: Run},
    built once per set of run versions and language: a rerun only redraws."""
    runs_store = store()
    key = (str(runs_store.root), tuple(loaded), tuple(runs_store.stamp(i) for i in loaded),
           tuple(names[i] for i in loaded), lang())
    return _comparison(key, loaded, names, y_test)


@st.cache_resource(max_entries=8, show_spinner=False)
def _comparison(key, _loaded, _names, _y_test):
    by_name = {_names[run_id]: run for run_id, run in _loaded.items()}
    data = compare.comparison(by_name, _y_test)
    base, others = list(by_name)[0], list(by_name)[1:]
    # A snapshot shares its first epochs with its run: draw it so both can be seen.
    snapshots = {name: run.epoch for name, run in by_name.items() if run.snapshot_of in _loaded}
    figures = {
        "loss": curves_figure(data["histories"], "loss", snapshots=snapshots),
        "accuracy": curves_figure(data["histories"], "accuracy", snapshots=snapshots),
        "gap": gap_figure(data["histories"], snapshots=snapshots),
        "confusion": [confusion_figure(data["confusion"][name], name, height=330) for name in by_name],
        "differences": [confusion_figure(data["differences"][name], tr("compare.difference_title", name=name,
                                                                        base=base), difference=True, height=330)
                        for name in others],
        "per_class": per_class_figure(data["per_class"]),
    }
    return by_name, data, figures


# ---- the class's handwriting ----------------------------------------------------------

def class_held_out(loaded):
    """(run id, held-out drawings) of the first chosen run that trained on a class
    session, or (None, None): every run is read on that run's held-out drawings."""
    for run_id, run in loaded.items():
        if run.class_held_out is not None and len(run.class_held_out["y"]):
            return run_id, run.class_held_out
    return None, None


def class_readings(loaded, held):
    """{run_id: (n, 10) probabilities} of every chosen run on the held-out drawings:
    a run's own stored readings where it held out these same drawings, else the
    model reads them (loaded once per run version)."""
    readings = {}
    for run_id, run in loaded.items():
        own = run.class_held_out
        if own is not None and np.array_equal(own["id"], held["id"]):
            readings[run_id] = own["probs"]
        else:
            readings[run_id] = shared_model(run_id).predict(held["x"] / np.float32(255))
    return readings


# ---- experiments -------------------------------------------------------------------

def experiment_state(kind):
    """(configs, ids, all stored?, estimated seconds) of one experiment."""
    runs, _ = stored_runs()
    configs, ids = EXPERIMENTS[kind](experiments.size_limit())
    stored = all(experiments.is_stored(runs, c) for c in configs)
    return configs, ids, stored, sum(estimated_seconds(runs, c) for c in configs)


def start_experiment(kind):
    """Button callback: compare the experiment's runs now if they are stored,
    else train them in the background (joining a job already training them)."""
    configs, ids, stored, _ = experiment_state(kind)
    if stored:
        choose(ids)
    else:
        jobs.start(JOB, configs, ids=ids)


def take_ended_experiment():
    """The experiment that has just ended, once; a finished one is chosen for comparing."""
    ended = jobs.take_ended(JOB)
    if ended is not None and ended.state == DONE:
        choose(ended.context["ids"])
    return ended
