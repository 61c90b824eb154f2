"""Train one of the notes' networks with your own settings, watch it learn, read its results.

The training runs in the background (ui.jobs); leaving the page does not stop
or corrupt the run being stored.
"""
import streamlit as st

from core.status import COMPLETE, FAILED
from ui import jobs, mnist_or_stop, presenting, tr
from ui.runs import duration, load_run, show_run, trained_on
from ui.train_form import PERSIST, PRESETS, config_from_form, reset_form, settings_form

JOB = "train"


def start(config):
    """Show the stored run of this config, or start training it in the background."""
    try:
        run = load_run(config.run_id)
    except (LookupError, ValueError):  # not stored, or damaged: the store trains it again
        run = None
    if run is not None and run.status == COMPLETE:
        st.session_state.train_view = {"run_id": run.run_id, "how": "store"}
        return
    st.session_state.pop("train_view", None)
    jobs.start(JOB, [config], names=[config.preset])


def view_of(ended):
    """What to show once the training has ended."""
    result = ended.last_run
    if ended.state == FAILED:
        return {"how": "failed", "error": ended.progress["error"]}
    if result is None or not result["stored"]:
        return {"how": "stopped_nothing"}
    if result["status"] != COMPLETE:
        return {"run_id": result["run_id"], "how": "stopped"}
    return {"run_id": result["run_id"], "how": "store" if result["from_store"] else "trained"}


def show_view(view):
    how = view["how"]
    if how == "failed":
        st.error(tr("train.failed", error=view["error"]))
        return
    if how == "stopped_nothing":
        st.warning(tr("train.stopped_nothing"))
        return
    try:
        run = load_run(view["run_id"])
    except LookupError as e:  # deleted in another tab
        st.warning(str(e))
        return
    except ValueError as e:
        st.error(tr("runs.cannot_open", run=view["run_id"], error=e))
        return
    if how == "store":
        st.success(tr("train.from_store", date=trained_on(run.created), time=duration(run.seconds)),
                   icon=":material/inventory_2:")
    elif how == "trained":
        st.success(tr("train.trained", time=duration(run.seconds), id=run.run_id))
    else:
        st.warning(tr("train.stopped", epoch=run.metrics.get("stopped_at_epoch", run.epoch),
                      epochs=run.config.epochs))
    (_, _), (x_test, y_test) = mnist_or_stop()
    st.subheader(tr("train.results"))
    show_run(run, x_test, y_test, key="train_result")


st.title(tr("train.title"))
if not presenting():
    st.write(tr("train.intro"))

ended = jobs.take_ended(JOB)
if ended is not None:
    st.session_state.train_view = view_of(ended)

if "train_preset" not in st.session_state:
    st.session_state.train_preset = "mlp512x256"
# Names looked up now, not in format_func: that may be called outside this script run.
preset_names = {p: tr(f"train.preset_{p}") for p in PRESETS}
preset = st.radio(tr("train.preset"), PRESETS, key="train_preset", on_change=reset_form,
                  format_func=preset_names.get, captions=[tr(f"train.note_{p}") for p in PRESETS],
                  persist_state=PERSIST)
st.subheader(tr("train.settings"))
values = settings_form(preset)

# The click is handled before the button is drawn, so the button is disabled at
# once while a job runs (and no callback needs the translated strings).
if st.session_state.pop("train_clicked", False) and jobs.job(JOB) is None:
    try:
        start(config_from_form(preset, values))
    except ValueError as e:
        st.error(tr("train.invalid", error=e))
running = jobs.job(JOB)
refused = None
if running is None:
    try:
        refused = jobs.refusal([config_from_form(preset, values)])
    except ValueError:  # said when the button is pressed
        pass
st.button(tr("train.train"), key="train_start", type="primary", icon=":material/play_arrow:",
          on_click=lambda: st.session_state.update(train_clicked=True), disabled=bool(running or refused))
if refused:
    st.caption(refused)

if running is not None:
    config = running.configs[0]
    st.caption(tr("train.running_as", preset=config.preset, id=config.run_id))
    jobs.follow(JOB, curves=True)
elif "train_view" in st.session_state:
    show_view(st.session_state.train_view)
