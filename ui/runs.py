"""The run store as the pages read it: cached lists and runs, one name for a
run, one shared copy of each model for all sessions, and one run's results view."""
import threading
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from core import evaluate
from core.runs import RunNotFound, RunStore, make_predictor
from core.status import COMPLETE
from ui import tr
from ui.charts import cell_digits, confusion_chart, confusion_figure, curves_figure, digit_rows, per_class_figure


def store():
    return RunStore()  # cheap: reads MNIST_STUDIO_HOME each time, so tests can move it


@st.cache_data(show_spinner=False, ttl=3)
def _list(root):
    runs_store = RunStore(root)
    return runs_store.list(), list(runs_store.problems)


def stored_runs():
    """(RunStore.list(), damaged folders as (run_id, message)); refreshed every
    few seconds, so a run stored by another process or replica shows up."""
    return _list(str(store().root))


def forget_runs():
    """After this session changed the store: drop the cached list."""
    _list.clear()


@st.cache_data(show_spinner=False, max_entries=24)
def _load(root, run_id, stamp):
    return RunStore(root).load(run_id)


def load_run(run_id):
    """The stored Run; raises LookupError (gone) or ValueError (damaged).

    Cached per run and per version of its files, so a run replaced, relabelled
    or deleted in another tab is never served stale."""
    runs_store = store()
    stamp = runs_store.stamp(run_id)
    if stamp is None:
        raise RunNotFound(tr("runs.not_found", run=run_id))
    return _load(str(runs_store.root), run_id, stamp)


def run_label(row):
    """The one name of a run in every list: label or preset, epoch, id, accuracy."""
    name = row["label"] or row["preset"]
    text = tr("runs.name", name=name, epoch=int(row["epoch"]), id=row["run_id"])
    accuracy = row["test_accuracy"]
    if accuracy == accuracy and accuracy is not None:  # not NaN
        text += f" · {accuracy:.2%}"
    if row.get("class_session"):
        text += f" · {tr('compare.class_short', code=row['class_session'])}"
    if row["status"] != COMPLETE:
        text += f" · {tr('runs.status_stopped')}"
    return text


def run_labels(runs):
    """{run_id: run_label} for RunStore.list() rows, in their order."""
    return {row["run_id"]: run_label(row) for _, row in runs.iterrows()}


@dataclass
class SharedModel:
    """A model loaded once for every session: `predict(images)` gives the 10
    probabilities; anything else done with `model` holds `lock`."""
    model: object
    lock: threading.Lock
    predict: object


@st.cache_resource(show_spinner=False, max_entries=16)
def _shared_model(root, run_id, stamp):
    runs_store = RunStore(root)
    preset = runs_store.load(run_id).config.preset
    model, lock = runs_store.load_model(run_id), threading.Lock()
    return SharedModel(model, lock, make_predictor(model, preset, lock))


def shared_model(run_id):
    """The run's SharedModel, loaded once per version of the run (a run trained
    again under the same id is loaded again). Raises LookupError or ValueError."""
    runs_store = store()
    stamp = runs_store.stamp(run_id)
    if stamp is None:
        raise RunNotFound(tr("runs.not_found", run=run_id))
    return _shared_model(str(runs_store.root), run_id, stamp)


def duration(seconds):
    if seconds is None or seconds != seconds:
        return "?"
    if seconds < 90:
        return tr("runs.duration_s", s=seconds)
    if seconds < 90 * 60:
        return tr("runs.duration_m", m=seconds / 60)
    return tr("runs.duration_h", h=seconds / 3600)


def trained_on(created):
    """'2026-11-03 14:05' from the ISO time a run stores."""
    return str(created or "?").replace("T", " ")[:16]


def runs_table(runs):
    """RunStore.list() trimmed to what the runs page shows, newest first."""
    columns = ["run_id", "label", "preset", "epoch", "batch_size", "learning_rate", "optimizer",
               "validation_split", "train_size", "test_accuracy", "seconds", "created", "status"]
    table = runs.reindex(columns=columns).copy()
    table["created"] = pd.to_datetime(table["created"], errors="coerce", utc=True)
    return table.reset_index(drop=True)


# ---- one run's results (train and runs pages) -------------------------------------

def _captions(indices, y_test, report, sure=False):
    captions = []
    for i in indices:
        text = tr("runs.true_predicted", true=int(y_test[i]), predicted=int(report["predicted"][i]))
        if sure:
            text += " · " + tr("runs.confidence", percent=f"{report['confidence'][i]:.1%}")
        captions.append(text)
    return captions


def show_run(run, x_test, y_test, key):
    """Test accuracy, curves, confusion matrix, per-class accuracy, the notes' 3x3
    grids of correct and incorrect test digits, and the most confident mistakes."""
    report = evaluate.run_report(run.test_probs, y_test)
    m = run.metrics
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(tr("runs.metric_accuracy"), f"{run.test_accuracy:.2%}", border=True)
    c2.metric(tr("runs.metric_errors", n=len(y_test)), f"{report['errors']:,}", border=True)
    c3.metric(tr("runs.metric_epochs"), str(run.epoch), border=True)
    c4.metric(tr("runs.metric_time"), duration(m.get("seconds")), border=True)
    if run.status != COMPLETE:
        st.warning(tr("runs.stopped_note", epoch=m.get("stopped_at_epoch", run.epoch), epochs=run.config.epochs))
    best, epochs_run = m.get("best_epoch"), m.get("epochs_run")
    if run.snapshot_of is None and best and epochs_run and best != epochs_run:
        st.info(tr("runs.best_epoch", best=best, run=epochs_run))

    name = run.label or run.config.preset
    left, right = st.columns(2)
    left.plotly_chart(curves_figure({name: run.history}, "loss"), key=f"{key}_loss")
    right.plotly_chart(curves_figure({name: run.history}, "accuracy"), key=f"{key}_accuracy")
    left, right = st.columns(2)
    with left:
        cell = confusion_chart(confusion_figure(report["confusion"], tr("runs.chart_confusion")), f"{key}_confusion")
        if cell is not None:
            cell_digits(x_test, y_test, report["predicted"], cell)
    right.plotly_chart(per_class_figure({name: report["per_class"]}), key=f"{key}_per_class")

    correct, incorrect, mistakes = st.columns(3, gap="large")
    with correct:
        st.subheader(tr("runs.correct_grid"))
        digit_rows(x_test[report["correct"]], _captions(report["correct"], y_test, report))
    with incorrect:
        st.subheader(tr("runs.incorrect_grid"))
        if len(report["incorrect"]):
            digit_rows(x_test[report["incorrect"]], _captions(report["incorrect"], y_test, report))
        else:
            st.write(tr("runs.no_mistakes"))
    with mistakes:
        st.subheader(tr("runs.mistakes"), help=tr("runs.mistakes_help"))
        if len(report["mistakes"]):
            digit_rows(x_test[report["mistakes"]], _captions(report["mistakes"], y_test, report, sure=True))
        else:
            st.write(tr("runs.no_mistakes"))
