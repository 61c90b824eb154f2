"""Train one of the notes' networks with your own settings, watch it learn, read its results.

The training runs in a background thread (core.train_job); this page only polls
it, so the app stays responsive and leaving the page does not stop or corrupt
the run being stored.
"""
import streamlit as st

import ui_runs
from core import models
from core.run_views import (BATCH_SIZES, HIDDEN_SIZES, LEARNING_RATES, MAX_EPOCHS, PRESET_SYSTEMS,
                            TRAIN_LIMITS, config_from_form, estimate_seconds_per_epoch, form_defaults,
                            nearest)
from core.train_job import DONE, FAILED, QUEUED, STOPPED_STATE, start_or_join
from ui import mnist_or_stop, presenting, tr

PRESETS = list(PRESET_SYSTEMS)  # S1..S4, then custom
MAX_LAYERS = 4
PERSIST = "session"  # the form keeps its values when the user visits another page
ALL_DIGITS = 0  # train_limit None: a selectbox shows None as "nothing chosen"


def set_form(values):
    for name, value in values.items():
        if name == "hidden_sizes":
            st.session_state.train_layers = len(value)
            for i, size in enumerate(value):
                st.session_state[f"train_hidden_{i}"] = size
        else:
            st.session_state[f"train_{name}"] = ALL_DIGITS if name == "train_limit" and value is None else value


def reset_form():
    set_form(form_defaults(st.session_state.train_preset))


def optimizer_changed():
    # each optimizer has its usual starting rate (adam 1e-3 would crawl with plain SGD)
    rate = models.OPTIMIZER_RATES[st.session_state.train_optimizer]
    st.session_state.train_learning_rate = nearest(LEARNING_RATES, rate)


def form_values(preset):
    values = {name: st.session_state[f"train_{name}"] for name in form_defaults(preset) if name != "hidden_sizes"}
    values["hidden_sizes"] = [st.session_state[f"train_hidden_{i}"] for i in range(st.session_state.train_layers)]
    values["train_limit"] = values["train_limit"] or None
    return values


def fill_missing(preset):
    """Give every form key a value before its widget is drawn (first visit, or a
    widget that was hidden for another preset)."""
    defaults = form_defaults(preset)
    sizes = defaults["hidden_sizes"]
    defaults["layers"] = len(sizes)
    defaults.update({f"hidden_{i}": sizes[i] if i < len(sizes) else sizes[-1] for i in range(MAX_LAYERS)})
    defaults["train_limit"] = ALL_DIGITS
    del defaults["hidden_sizes"]
    for name, value in defaults.items():
        if f"train_{name}" not in st.session_state:
            st.session_state[f"train_{name}"] = value


def settings_form(preset):
    fill_missing(preset)
    c1, c2, c3 = st.columns(3, gap="large")
    with c1:
        epochs = st.number_input(tr("train.epochs"), 1, MAX_EPOCHS, step=1, key="train_epochs",
                                 help=tr("train.epochs_help"), persist_state=PERSIST)
        st.select_slider(tr("train.batch_size"), BATCH_SIZES, key="train_batch_size",
                         help=tr("train.batch_size_help"), persist_state=PERSIST)
        st.select_slider(tr("train.learning_rate"), LEARNING_RATES, key="train_learning_rate",
                         format_func=lambda r: f"{r:g}", persist_state=PERSIST)
        if preset == "numpy2layer":
            st.session_state.train_optimizer = "sgd"
        optimizer_names = {o: tr(f"train.optimizer_{o}") for o in models.OPTIMIZERS}
        st.selectbox(tr("train.optimizer"), list(optimizer_names), format_func=optimizer_names.get,
                     key="train_optimizer", disabled=preset == "numpy2layer", on_change=optimizer_changed,
                     help=tr("train.optimizer_fixed") if preset == "numpy2layer" else None,
                     persist_state=PERSIST)
    with c2:
        loss_names = {name: tr(f"train.loss_{name}") for name in models.LOSSES}
        st.selectbox(tr("train.loss"), list(loss_names), format_func=loss_names.get, key="train_loss",
                     persist_state=PERSIST)
        split = st.slider(tr("train.validation_split"), 0.0, 0.5, step=0.05, key="train_validation_split",
                          help=tr("train.validation_split_help"), persist_state=PERSIST)
        if not split:
            st.session_state.train_early_stopping = False
        early = st.checkbox(tr("train.early_stopping"), key="train_early_stopping", disabled=not split,
                            help=tr("train.early_stopping_help"), persist_state=PERSIST)
        st.number_input(tr("train.patience"), 1, 50, step=1, key="train_patience", disabled=not early,
                        persist_state=PERSIST)
        if preset == "cnn":
            st.checkbox(tr("train.augment"), key="train_augment", persist_state=PERSIST)
    with c3:
        limit_names = {n or ALL_DIGITS: tr("train.train_limit_all") if n is None else tr("train.train_limit_n", n=n)
                       for n in TRAIN_LIMITS}
        st.selectbox(tr("train.train_limit"), list(limit_names), format_func=limit_names.get,
                     key="train_train_limit", persist_state=PERSIST)
        st.number_input(tr("train.seed"), 0, 2**31 - 1, step=1, key="train_seed", help=tr("train.seed_help"),
                        persist_state=PERSIST)
        st.session_state.train_snapshot_epochs = [e for e in st.session_state.train_snapshot_epochs if e < epochs]
        st.multiselect(tr("train.snapshots"), list(range(1, epochs)), key="train_snapshot_epochs",
                       help=tr("train.snapshots_help"), persist_state=PERSIST)
    if preset == "custom":
        c1, c2, c3 = st.columns(3, gap="large")
        with c1:
            layers = st.slider(tr("train.layers"), 1, MAX_LAYERS, key="train_layers", persist_state=PERSIST)
        with c2:
            for i in range(layers):
                st.select_slider(tr("train.hidden", i=i + 1), HIDDEN_SIZES, key=f"train_hidden_{i}",
                                 persist_state=PERSIST)
        with c3:
            st.selectbox(tr("train.activation"), models.ACTIVATIONS, key="train_activation", persist_state=PERSIST)
            st.slider(tr("train.dropout"), 0.0, 0.7, step=0.05, key="train_dropout", persist_state=PERSIST)


def start(config):
    """Show the stored run of this config, or start training it in the background."""
    try:
        run = ui_runs.load_run(config.run_id)
    except (LookupError, ValueError):  # not stored, or damaged: the store trains it again
        run = None
    if run is not None and run.status == "complete":
        st.session_state.train_view = {"run_id": run.run_id, "how": "store"}
        return
    runs, _ = ui_runs.stored_runs()
    st.session_state.pop("train_view", None)
    st.session_state.train_job = start_or_join([config], ui_runs.store(), estimate_seconds_per_epoch(runs, config))


def finish(job, progress):
    """The job has ended: remember what to show, forget the job."""
    finished = progress["finished"][-1] if progress["finished"] else None
    if progress["state"] == FAILED:
        view = {"how": "failed", "error": progress["error"]}
    elif finished is None or not finished["stored"]:
        view = {"how": "stopped_nothing"}
    elif finished["status"] != "complete":
        view = {"run_id": finished["run_id"], "how": "stopped"}
    else:
        view = {"run_id": finished["run_id"], "how": "store" if finished["from_store"] else "trained"}
    st.session_state.train_view = view
    del st.session_state.train_job
    ui_runs.forget_runs()


@st.fragment(run_every=1.0)
def live_progress():
    job = st.session_state.get("train_job")
    if job is None:
        return
    progress = job.progress()
    if progress["state"] in (DONE, STOPPED_STATE, FAILED) and not job.running:
        finish(job, progress)
        st.rerun()
    config = progress["config"]
    st.caption(tr("train.running_as", preset=config.preset, id=config.run_id))
    if progress["state"] == QUEUED:
        st.info(tr("train.queued"), icon=":material/hourglass_top:")
    elif progress["epoch"] == 0:
        st.caption(tr("train.preparing"))
    text = tr("train.progress", epoch=progress["epoch"], epochs=progress["epochs"])
    if progress["eta"] is not None:
        text += " · " + tr("train.eta", time=ui_runs.duration(progress["eta"]))
    st.progress(progress["fraction"], text=text)
    if job.stop_event.is_set():
        st.caption(tr("train.stopping"))
    else:
        st.button(tr("train.stop"), key="train_stop", on_click=job.stop, icon=":material/stop:")
    history = progress["history"]
    left, right = st.columns(2)
    left.plotly_chart(ui_runs.curves_figure({config.preset: history}, "loss"), key="train_live_loss")
    right.plotly_chart(ui_runs.curves_figure({config.preset: history}, "accuracy"), key="train_live_accuracy")


def show_view(view):
    how = view["how"]
    if how == "failed":
        st.error(tr("train.failed", error=view["error"]))
        return
    if how == "stopped_nothing":
        st.warning(tr("train.stopped_nothing"))
        return
    try:
        run = ui_runs.load_run(view["run_id"])
    except LookupError as e:  # deleted in another tab
        st.warning(str(e))
        return
    except ValueError as e:
        st.error(tr("runs.cannot_open", run=view["run_id"], error=e))
        return
    if how == "store":
        st.success(tr("train.from_store", date=ui_runs.trained_on(run.created),
                      time=ui_runs.duration(run.seconds)), icon=":material/inventory_2:")
    elif how == "trained":
        st.success(tr("train.trained", time=ui_runs.duration(run.seconds), id=run.run_id))
    else:
        st.warning(tr("train.stopped", epoch=run.metrics.get("stopped_at_epoch", run.epoch),
                      epochs=run.config.epochs))
    (_, _), (x_test, y_test) = mnist_or_stop()
    st.subheader(tr("train.results"))
    ui_runs.show_run(run, x_test, y_test, key="train_result")


st.title(tr("train.title"))
if not presenting():
    st.write(tr("train.intro"))

if "train_preset" not in st.session_state:
    st.session_state.train_preset = "mlp512x256"
# Names looked up now, not in format_func: that may be called outside this script run.
preset_names = {p: tr(f"train.preset_{p}") for p in PRESETS}
preset = st.radio(tr("train.preset"), PRESETS, key="train_preset", on_change=reset_form,
                  format_func=preset_names.get, captions=[tr(f"train.note_{p}") for p in PRESETS],
                  persist_state=PERSIST)
st.subheader(tr("train.settings"))
settings_form(preset)

# The click is handled before the button is drawn, so the button is disabled at
# once while a job runs (and no callback needs the translated strings).
if st.session_state.pop("train_clicked", False) and "train_job" not in st.session_state:
    try:
        start(config_from_form(preset, form_values(preset)))
    except ValueError as e:
        st.error(tr("train.invalid", error=e))
st.button(tr("train.train"), key="train_start", type="primary", icon=":material/play_arrow:",
          on_click=lambda: st.session_state.update(train_clicked=True),
          disabled="train_job" in st.session_state)

if "train_job" in st.session_state:
    live_progress()
elif "train_view" in st.session_state:
    show_view(st.session_state.train_view)
