"""The one training component: every page that trains starts, follows and
stops its training here.

    jobs.refusal([config])            # why this session may not train it (a student, the teacher's rules), or None
    jobs.start("train", [config])     # train in the background (or join the job already training it)
    ended = jobs.take_ended("train")  # at the top of the page: the job that has just ended, once
    jobs.follow("train")              # while it runs: state, bar, ETA, Stop; reruns the page at the end

The job (core.background) lives in this session's state under its name, so a
page can be left and opened again while it trains. A page shows what it
trained from `ended` (its final progress, and what the page kept with it).
start() refuses, on the server, what ui.roles does not allow this session;
Stop stops only a job this session started, or any job for the teacher.
"""
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core import background
from core.status import DONE, FAILED, QUEUED, STOPPED
from ui import roles, tr
from ui.charts import curves_figure
from ui.runs import duration, forget_runs, store


@dataclass
class Ended:
    """A job that has ended: its final progress (state DONE, STOPPED or FAILED)
    and what the page kept with it at the start."""
    progress: dict
    context: dict

    @property
    def state(self):
        return self.progress["state"]

    @property
    def last_run(self):
        """The last config's result (run_id, status, stored, from_store, ...) or None."""
        finished = self.progress["finished"]
        return finished[-1] if finished else None


def _key(name):
    return f"job_{name}"


def refusal(configs):
    """Why this session may not start training `configs` (translated), or None.
    Joining a job already training them is always allowed: it only watches."""
    return None if _running_elsewhere(configs) else roles.training_refusal(configs)


def start(name, configs, names=None, **context):
    """Train `configs` in the background for this page; `names` (one per config)
    are shown in the progress, `context` comes back with the ended job. A
    session that may not train them gets the reason instead (ui.roles)."""
    reason = refusal(configs)
    if reason is not None:
        roles.refuse(reason)
        return
    job = background.start_or_join(configs, store(), owner=roles.owner())
    names = names or [f"{c.preset} · lr {c.learning_rate:g}" for c in job.configs]
    st.session_state[_key(name)] = {"job": job, "names": list(names), "context": context}


def job(name):
    """This page's job (core.background.TrainingJob) while it runs, else None."""
    entry = st.session_state.get(_key(name))
    return entry["job"] if entry is not None and entry["job"].running else None


def take_ended(name):
    """The page's job once it has ended (and forget it), else None."""
    entry = st.session_state.get(_key(name))
    if entry is None or entry["job"].running:
        return None
    del st.session_state[_key(name)]
    forget_runs()
    return Ended(entry["job"].progress(), entry["context"])


def _running_elsewhere(configs):
    """A student may join (watch) a job someone else is training for these configs."""
    return background.running_job(configs, store()) is not None


def stop(name):
    entry = st.session_state.get(_key(name))
    if entry is not None and not entry["job"].stop_by(roles.owner()):
        roles.refuse(tr("roles.not_your_job"))


def this_server():
    """The jobs this server process trains or holds waiting."""
    return background.running_jobs()


@roles.teacher_only
def stop_any(run_ids):
    """The teacher stops a job of this server, whoever started it."""
    for job in background.running_jobs():
        if job.run_ids == list(run_ids):
            job.stop_by(roles.owner())


def queue():
    """The trainings waiting on this machine, every replica's, in the order they will train."""
    return background.waiting(store())


def training_elsewhere():
    """True while any training of this server runs or waits (another tab's, another page's)."""
    return background.training_elsewhere()


def report(ended):
    """The usual message for a job that stopped or failed; nothing when done."""
    if ended is None or ended.state == DONE:
        return
    if ended.state == FAILED:
        st.error(tr("jobs.failed", error=ended.progress["error"]), icon=":material/error:")
    elif ended.progress["cancelled"]:
        st.warning(tr("roles.cancelled"), icon=":material/stop_circle:")
    else:
        st.warning(tr("jobs.stopped"), icon=":material/stop_circle:")


def status_text(progress, names):
    """"Run 2 of 3: numpy2layer · lr 1.2 · Epoch 1 of 17 · batch 300 of 600 · about 40 s left"."""
    if progress["state"] == QUEUED:
        if progress["place"] is not None and progress["place"] > 1:
            return tr("jobs.queued") + " " + tr("roles.queue_place", n=progress["place"] - 1)
        return tr("jobs.queued")
    parts = []
    if progress["n"] > 1:
        parts.append(tr("jobs.run_of", i=progress["index"] + 1, n=progress["n"], name=names[progress["index"]]))
    batch = progress["batch"]
    if progress["epoch"] == 0 and batch is None:
        parts.append(tr("jobs.preparing"))
    else:
        epoch = batch["epoch"] if batch else progress["epoch"]
        parts.append(tr("jobs.epoch", epoch=epoch, epochs=progress["epochs"]))
        if batch:
            parts.append(tr("jobs.batches", done=batch["done"], total=batch["total"]))
    if progress["eta"] is not None:
        parts.append(tr("jobs.eta", time=duration(progress["eta"])))
    return " · ".join(parts)


def _finished_lines(progress, names):
    for i, member in enumerate(progress["finished"]):
        if member["status"] == STOPPED:
            st.caption(tr("jobs.member_stopped", name=names[i], epochs=member["epochs_run"]))
        else:
            st.caption(tr("jobs.member_done", name=names[i], accuracy=member["test_accuracy"] or 0,
                          time=duration(member["seconds"])))


def batch_figure(points):
    """The running loss of the epoch under way, one point per chunk of batches."""
    fig = go.Figure(go.Scatter(x=points["x"], y=points["loss"], mode="lines+markers", marker_size=4))
    fig.update_layout(title=tr("jobs.batch_loss"), height=260, margin=dict(l=0, r=0, t=40, b=0),
                      xaxis_title=tr("jobs.axis_epoch"), showlegend=False)
    return fig


def _progress(name, curves):
    entry = st.session_state.get(_key(name))
    if entry is None:
        return
    job = entry["job"]
    if not job.running:
        st.rerun(scope="app")  # once: the page's take_ended() shows what was trained
    progress = job.progress()
    st.progress(progress["fraction"], text=status_text(progress, entry["names"]))
    if job.stop_event.is_set():
        st.caption(tr("jobs.stopping"))
    elif job.may_stop(roles.owner()):
        st.button(tr("jobs.stop"), key=f"{name}_stop", on_click=stop, args=(name,), icon=":material/stop:")
    else:
        st.caption(tr("roles.not_your_job"))
    _finished_lines(progress, entry["names"])
    if curves and progress["state"] != QUEUED:
        points = pd.DataFrame(progress["batches"], columns=["x", "loss", "accuracy"])
        label = entry["names"][progress["index"]]
        if len(progress["history"]):
            left, right = st.columns(2)
            left.plotly_chart(curves_figure({label: progress["history"]}, "loss"), key=f"{name}_live_loss")
            right.plotly_chart(curves_figure({label: progress["history"]}, "accuracy"),
                               key=f"{name}_live_accuracy")
        if len(points):
            st.plotly_chart(batch_figure(points), key=f"{name}_live_batches")


def follow(name, curves=False):
    """While the page's job runs: its progress, refreshed every second, a Stop
    button and (with `curves`) the live loss and accuracy; at the end the whole
    page runs again once."""
    if st.session_state.get(_key(name)) is not None:
        st.fragment(_progress, run_every=1.0)(name, curves)
