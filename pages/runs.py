"""Every stored run and snapshot: a sortable table, and open, label or delete one.

Reads the run store's json/csv/npy files only: this page never imports TensorFlow.
"""
import streamlit as st

from core.status import COMPLETE, STOPPED
from ui import mnist_or_stop, page_link, presenting, roles, tr
from ui.inside import show_run_code
from ui.runs import forget_runs, load_run, run_labels, runs_table, show_run, store, stored_runs

COLUMNS = {  # table column -> (label key, column type)
    "run_id": ("runs.col_run", None),
    "label": ("runs.col_label", None),
    "preset": ("runs.col_preset", None),
    "epoch": ("runs.col_epoch", None),
    "batch_size": ("runs.col_batch", None),
    "learning_rate": ("runs.col_lr", None),
    "optimizer": ("runs.col_optimizer", None),
    "validation_split": ("runs.col_validation", None),
    "train_size": ("runs.col_train_size", None),
    "test_accuracy": ("runs.col_accuracy", "percent"),
    "seconds": ("runs.col_seconds", "seconds"),
    "created": ("runs.col_created", "date"),
    "status": ("runs.col_status", None),
}


def column_config():
    config = {}
    for column, (key, kind) in COLUMNS.items():
        if kind == "percent":
            config[column] = st.column_config.NumberColumn(tr(key), format="%.2f%%")
        elif kind == "seconds":
            config[column] = st.column_config.NumberColumn(tr(key), format="%.1f")
        elif kind == "date":
            config[column] = st.column_config.DatetimeColumn(tr(key), format="YYYY-MM-DD HH:mm")
        else:
            config[column] = st.column_config.Column(tr(key))
    return config


@roles.teacher_only
def save_label(run_id):
    try:
        store().set_label(run_id, st.session_state[f"runs_label_{run_id}"])
    except LookupError:
        st.session_state.runs_flash = ("warning", "runs.not_found", run_id)
    else:
        st.session_state.runs_flash = ("success", "runs.label_saved", run_id)
    forget_runs()


@roles.teacher_only
def delete(run_id):
    try:
        store().delete(run_id)
    except LookupError:
        st.session_state.runs_flash = ("warning", "runs.not_found", run_id)
    else:
        st.session_state.runs_flash = ("success", "runs.deleted", run_id)
    st.session_state.pop("runs_confirm", None)
    st.session_state.pop("runs_chosen", None)
    forget_runs()


@roles.teacher_only
def ask_to_delete(run_id):
    st.session_state.runs_confirm = run_id


def cancel_delete():
    st.session_state.pop("runs_confirm", None)


def delete_button(run_id, key="runs"):
    """Delete, after one confirmation."""
    if st.session_state.get("runs_confirm") != run_id:
        refused = roles.reason_not_teacher()
        st.button(tr("runs.delete"), key=f"{key}_delete", on_click=ask_to_delete, args=(run_id,),
                  icon=":material/delete:", disabled=bool(refused), help=refused)
        return
    st.warning(tr("runs.confirm_delete", run=run_id), icon=":material/warning:")
    yes, no = st.columns(2)
    yes.button(tr("runs.confirm_yes"), key=f"{key}_confirm_yes", type="primary", on_click=delete, args=(run_id,))
    no.button(tr("runs.confirm_no"), key=f"{key}_confirm_no", on_click=cancel_delete)


def manage(run):
    """Label and delete one run."""
    run_id = run.run_id
    label_key = f"runs_label_{run_id}"
    if label_key not in st.session_state:
        st.session_state[label_key] = run.label
    refused = roles.reason_not_teacher()
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.text_input(tr("runs.label"), key=label_key, max_chars=80, help=refused or tr("runs.label_help"),
                    disabled=bool(refused))
    right.button(tr("runs.save_label"), key="runs_save_label", on_click=save_label, args=(run_id,),
                 icon=":material/label:", disabled=bool(refused), help=refused)
    delete_button(run_id)
    if refused:
        st.caption(tr("runs.read_only"))


def damaged(problems):
    """Each damaged run folder: what is wrong with it, and a way to delete it."""
    for run_id, message in problems:
        with st.container(border=True):
            st.warning(tr("runs.damaged", run=run_id, error=message), icon=":material/broken_image:")
            delete_button(run_id, key=f"runs_damaged_{run_id}")


st.title(tr("runs.title"))
if not presenting():
    st.write(tr("runs.intro"))

flash = st.session_state.pop("runs_flash", None)  # set by a callback: (kind, string key, run id)
if flash:
    kind, key, run_id = flash
    getattr(st, kind)(tr(key, run=run_id))

runs, problems = stored_runs()
damaged(problems)

if runs.empty:
    st.info(tr("runs.empty"))
    page_link("pages/train.py", tr("runs.go_train"))
    st.stop()

table = runs_table(runs)
table["test_accuracy"] = table["test_accuracy"] * 100
status_names = {COMPLETE: tr("runs.status_complete"), STOPPED: tr("runs.status_stopped")}
table["status"] = table["status"].map(lambda s: status_names.get(s, s))
st.dataframe(table, hide_index=True, column_config=column_config(), key="runs_table")

names = run_labels(runs)
if st.session_state.get("runs_chosen") not in names:
    st.session_state.pop("runs_chosen", None)
chosen = st.selectbox(tr("runs.choose"), list(names), format_func=names.get, key="runs_chosen")
try:
    run = load_run(chosen)
except LookupError as e:  # deleted in another tab since the list was read
    forget_runs()
    st.warning(str(e))
    st.stop()
except ValueError as e:
    st.error(tr("runs.cannot_open", run=chosen, error=e))
    delete_button(chosen)
    st.stop()

manage(run)
(_, _), (x_test, y_test) = mnist_or_stop()
show_run(run, x_test, y_test, key="runs_open")
if not presenting():
    with st.expander(tr("runs.code"), icon=":material/code:"):
        show_run_code(run.config)
