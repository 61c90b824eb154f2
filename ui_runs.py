"""Streamlit glue shared by the train, runs and compare pages: cached reads of
the run store, run names, and the charts they draw (Plotly, no math)."""
import plotly.graph_objects as go
import streamlit as st

from core import evaluate
from core.run_views import enlarge, run_report, run_stamp
from core.runs import RunStore
from ui import tr

COLORS = ["#1f77b4", "#e4572e", "#2ca02c", "#9467bd"]  # one per compared run


def store():
    return RunStore()  # cheap: reads MNIST_STUDIO_HOME each time, so tests can move it


@st.cache_data(show_spinner=False, ttl=3)
def _list(root):
    runs_store = RunStore(root)
    return runs_store.list(), list(runs_store.problems)


def stored_runs():
    """(RunStore.list(), damaged folders as (run_id, message)); refreshed every few seconds."""
    return _list(str(store().root))


def forget_runs():
    """After this session changed the store: drop the cached list and runs."""
    _list.clear()


@st.cache_data(show_spinner=False, max_entries=24)
def _load(root, run_id, stamp):
    return RunStore(root).load(run_id)


def load_run(run_id):
    """The stored Run; raises LookupError (gone) or ValueError (damaged).

    Cached per run and per version of its files, so a run replaced, relabelled
    or deleted in another tab is never served stale."""
    runs_store = store()
    stamp = run_stamp(runs_store, run_id)
    if stamp is None:
        from core.runs import RunNotFound

        raise RunNotFound(tr("runs.not_found", run=run_id))
    return _load(str(runs_store.root), run_id, stamp)


def run_name(row):
    """A short name for a list() row: label or preset, epoch, accuracy, id."""
    name = row["label"] or row["preset"]
    text = tr("runs.name", name=name, epoch=int(row["epoch"]), id=row["run_id"])
    accuracy = row["test_accuracy"]
    if accuracy == accuracy:  # not NaN
        text += f" · {accuracy:.2%}"
    if row["status"] != "complete":
        text += f" · {tr('runs.status_stopped')}"
    return text


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


# ---- charts -------------------------------------------------------------------

def curves_figure(histories, kind, height=320):
    """Loss or accuracy per epoch; histories = {name: history DataFrame}, one colour
    each; training dashed, validation (or test, without a validation split) solid."""
    fig = go.Figure()
    for i, (name, history) in enumerate(histories.items()):
        color = COLORS[i % len(COLORS)]
        if not len(history):
            continue
        fig.add_scatter(x=history["epoch"], y=history[kind], mode="lines+markers", marker_size=4,
                        line=dict(color=color, dash="dash"), name=f"{name} · {tr('common.train')}",
                        legendgroup=name)
        column = evaluate.validation_column(history, kind)
        if column is not None:
            which = tr("common.test") if column == "test_accuracy" else tr("common.validation")
            fig.add_scatter(x=history["epoch"], y=history[column], mode="lines+markers", marker_size=4,
                            line=dict(color=color), name=f"{name} · {which}", legendgroup=name)
    title = tr("runs.chart_loss") if kind == "loss" else tr("runs.chart_accuracy")
    fig.update_layout(title=title, height=height, margin=dict(l=0, r=0, t=40, b=0),
                      xaxis_title=tr("runs.axis_epoch"), legend=dict(orientation="h", y=-0.25))
    if kind == "accuracy":
        fig.update_yaxes(tickformat=".1%")
    return fig


def gap_figure(histories, height=300):
    fig = go.Figure()
    for i, (name, history) in enumerate(histories.items()):
        gap = evaluate.overfitting_gap(history)
        fig.add_scatter(x=gap.index, y=gap.to_numpy(), mode="lines+markers", marker_size=4, name=name,
                        line=dict(color=COLORS[i % len(COLORS)]))
    fig.add_hline(y=0, line=dict(color="#999", width=1))
    fig.update_layout(title=tr("runs.chart_gap"), height=height, margin=dict(l=0, r=0, t=40, b=0),
                      xaxis_title=tr("runs.axis_epoch"), yaxis_tickformat=".1%",
                      legend=dict(orientation="h", y=-0.25))
    return fig


def confusion_figure(matrix, title, difference=False, height=360):
    """A 10x10 heatmap, true digit down, predicted across. The diagonal of a
    difference is hidden in the colour scale's middle by symmetric limits."""
    digits = [str(d) for d in range(10)]
    if difference:
        limit = max(1, int(abs(matrix).max()))
        heat = go.Heatmap(z=matrix, x=digits, y=digits, colorscale="RdBu_r", zmin=-limit, zmax=limit,
                          text=matrix, texttemplate="%{text}", showscale=False)
    else:
        heat = go.Heatmap(z=matrix, x=digits, y=digits, colorscale="Blues", text=matrix,
                          texttemplate="%{text}", showscale=False, zmax=max(1, int(matrix.max())) * 0.1)
    fig = go.Figure(heat)
    fig.update_layout(title=title, height=height, margin=dict(l=0, r=0, t=40, b=0),
                      xaxis_title=tr("runs.axis_predicted"), yaxis_title=tr("runs.axis_true"))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="bottom")
    return fig


def per_class_figure(accuracies, height=320):
    """Grouped bars: accuracies = {name: (10,) per-class accuracy}."""
    fig = go.Figure()
    low = 1.0
    for i, (name, values) in enumerate(accuracies.items()):
        fig.add_bar(x=list(range(10)), y=values, name=name, marker_color=COLORS[i % len(COLORS)])
        low = min(low, float(min(values)))
    fig.update_layout(barmode="group", title=tr("runs.chart_per_class"), height=height,
                      margin=dict(l=0, r=0, t=40, b=0), xaxis_title=tr("common.digit"),
                      yaxis_tickformat=".1%", yaxis_range=[max(0.0, low - 0.02), 1.0],
                      legend=dict(orientation="h", y=-0.25))
    fig.update_xaxes(type="category")
    return fig


def digit_rows(images, captions, per_row=3, scale=3):
    """Digits as image rows (the notes' 3x3 grid with per_row=3 and 9 images)."""
    big = enlarge(images, scale)
    for start in range(0, len(big), per_row):
        st.image(list(big[start:start + per_row]), caption=captions[start:start + per_row],
                 width=28 * scale)


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
    report = run_report(run.test_probs, y_test)
    m = run.metrics
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(tr("runs.metric_accuracy"), f"{run.test_accuracy:.2%}", border=True)
    c2.metric(tr("runs.metric_errors", n=len(y_test)), f"{report['errors']:,}", border=True)
    c3.metric(tr("runs.metric_epochs"), str(run.epoch), border=True)
    c4.metric(tr("runs.metric_time"), duration(m.get("seconds")), border=True)
    if run.status != "complete":
        st.warning(tr("runs.stopped_note", epoch=m.get("stopped_at_epoch", run.epoch), epochs=run.config.epochs))
    best, epochs_run = m.get("best_epoch"), m.get("epochs_run")
    if run.snapshot_of is None and best and epochs_run and best != epochs_run:
        st.info(tr("runs.best_epoch", best=best, run=epochs_run))

    name = run.label or run.config.preset
    left, right = st.columns(2)
    left.plotly_chart(curves_figure({name: run.history}, "loss"), key=f"{key}_loss")
    right.plotly_chart(curves_figure({name: run.history}, "accuracy"), key=f"{key}_accuracy")
    left, right = st.columns(2)
    left.plotly_chart(confusion_figure(report["confusion"], tr("runs.chart_confusion")), key=f"{key}_confusion")
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
