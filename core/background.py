"""Training in the background, so a Streamlit page stays responsive.

    job = start_or_join([config], store)   # returns at once
    job.progress()                         # poll: state, epoch k/N, batches, history so far, ETA
    job.stop()                             # ends cleanly after the current chunk of batches

The page keeps `job` in its session state and polls it; the thread never
touches Streamlit. Each training runs in a child process (`python -m
core.background`) at a lower CPU priority: a training in the server's own
process would hold its interpreter and starve every other session's page,
and Keras' global state (layer names, sessions) stays out of the server.
The child reports on a pipe of its own (not stdout, which a library may
print to). One training runs at a time on the machine (a 2-core laptop gains
nothing from two at once): the others wait in state "queued", in one queue
for every replica (core.queue), the teacher's first. Asking for a job whose
configs are already being trained joins the running job rather than
starting another, so two browser tabs see the same progress.

Each job has an owner (core.background.Owner): the session that started it.
Only the owner or a teacher may stop it (`stop_by`); a student's job still
waiting when every session that asked for it has ended is cancelled.
"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from core.estimates import estimated_seconds, pace
from core.queue import Cancelled, TrainingQueue
from core.status import COMPLETE, DONE, FAILED, QUEUED, RUNNING, STOPPED

ROOT = Path(__file__).resolve().parents[1]
NICE = 10  # the server's pages come first on a 2-core laptop
GONE_AFTER_S = 30.0  # a session unseen this long has ended (a phone's short sleep is not an end)

_jobs_lock = threading.Lock()
_jobs = {}  # (store root, run ids) -> the job training them


@dataclass(frozen=True)
class Owner:
    """Who asked for a job: a browser session (its id), a teacher or a student.
    `alive()` tells whether that session is still open. A script or a test is
    the default: a teacher, always there."""
    session: str = ""
    teacher: bool = True
    alive: Callable[[], bool] = field(default=lambda: True, compare=False)


SCRIPT = Owner()


class TrainingJob:
    """Trains configs one after another in a daemon thread; each run is stored.

    estimates: seconds each config should take (core.estimates), for the
    progress bar and the time left until the configs' own epochs are measured."""

    def __init__(self, configs, store, estimates, owner=SCRIPT):
        self.configs = [c.normalized() for c in configs]
        self.store = store
        self.estimates = list(estimates)
        self.owner = owner
        self.watchers = [owner]  # the owner and every session that joined
        self.stop_event = threading.Event()
        self._lock = threading.Lock()
        self._thread = None
        self._queue = self._ticket = None  # joined by the thread: a store it cannot use is the job's error
        self._gone_since = None
        self._state = {"state": QUEUED, "index": 0, "rows": [], "batch": None, "batches": [], "finished": [],
                       "error": None, "cancelled": False}

    @property
    def run_ids(self):
        return [c.run_id for c in self.configs]

    def start(self):
        self._thread = threading.Thread(target=self._run, name="mnist-studio-training", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self.stop_event.set()

    def may_stop(self, who):
        return who.teacher or who.session == self.owner.session

    def stop_by(self, who):
        """Stop, if `who` may (the owner or a teacher); True if it was allowed."""
        if not self.may_stop(who):
            return False
        self.stop()
        return True

    def watch(self, who):
        with self._lock:
            if who not in self.watchers:
                self.watchers.append(who)

    def _abandoned(self):
        """A student's job whose every session has been gone for GONE_AFTER_S."""
        with self._lock:
            watchers = list(self.watchers)
        if any(w.teacher for w in watchers) or any(w.alive() for w in watchers):
            self._gone_since = None
            return False
        self._gone_since = self._gone_since or time.monotonic()
        return time.monotonic() - self._gone_since >= GONE_AFTER_S

    def join(self, timeout=None):
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self):
        return self._thread is not None and self._thread.is_alive()

    def _update(self, **values):
        with self._lock:
            self._state.update(values)

    def _run(self):
        try:
            self._queue = TrainingQueue(self.store.root)
            self._ticket = self._queue.join(self.owner.session, self.owner.teacher, self.run_ids)
            with self._queue.turn(self._ticket, cancelled=lambda: self.stop_event.is_set() or self._abandoned()):
                self._train_all()
        except Cancelled:
            self._update(state=STOPPED, cancelled=not self.stop_event.is_set())
        except Exception as e:  # shown on the page; the thread must not die silently
            self._update(state=FAILED, error=f"{type(e).__name__}: {e}")

    def _train_all(self):
        for i, config in enumerate(self.configs):
            if self.stop_event.is_set():
                break
            self._update(state=RUNNING, index=i, rows=[], batch=None, batches=[])
            finished = self._train_in_child(config)
            with self._lock:
                self._state["finished"].append(finished)
            if finished["status"] == STOPPED:
                break
        self._update(state=STOPPED if self.stop_event.is_set() else DONE)

    def _train_in_child(self, config):
        """Train one config in a child process. It writes one JSON line per
        chunk of batches and per epoch, then one with the result, on a pipe of
        its own; a stop is a file the child polls."""
        with tempfile.TemporaryDirectory(prefix="mnist-studio-job-") as folder:
            stop_file = Path(folder) / "stop"
            read_end, write_end = os.pipe()
            command = [sys.executable, "-m", "core.background", json.dumps(config.to_dict()),
                       str(self.store.root), str(stop_file), str(write_end)]
            try:
                child = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.PIPE, text=True, pass_fds=(write_end,))
            finally:
                os.close(write_end)
            watcher = threading.Thread(target=self._forward_stop, args=(child, stop_file), daemon=True)
            watcher.start()
            errors = []
            reader = threading.Thread(target=lambda: errors.extend(child.stderr), daemon=True)
            reader.start()
            result = None
            with open(read_end, encoding="utf-8") as channel:
                for line in channel:
                    message = json.loads(line)
                    if "batch" in message:
                        b = message["batch"]
                        point = (b["epoch"] - 1 + b["done"] / b["total"], b["loss"], b["accuracy"])
                        with self._lock:
                            self._state["batch"] = b
                            self._state["batches"] = self._state["batches"] + [point]
                    elif "epoch" in message:
                        with self._lock:
                            self._state["rows"] = self._state["rows"] + [message["epoch"]]
                            self._state["batch"], self._state["batches"] = None, []
                    else:
                        result = message["result"]
            child.wait()
            reader.join()
        if child.returncode != 0 or result is None:
            last = [line.strip() for line in errors if line.strip()]
            raise RuntimeError(last[-1] if last else f"the training process ended with code {child.returncode}")
        return result

    def _forward_stop(self, child, stop_file):
        while child.poll() is None:
            if self.stop_event.wait(0.2):
                try:
                    stop_file.touch()
                except FileNotFoundError:  # the child has just ended and its folder is gone
                    pass
                return

    # ---- what a page shows ------------------------------------------------

    def progress(self):
        """A snapshot of the job for display.

        state (core.status: queued, running, done, stopped, failed), index and n
        (which config of how many), place (while queued: 1 = next to train,
        else None), config, epoch and epochs (of the current
        config), batch (the epoch under way: {"epoch", "done", "total", "loss",
        "accuracy"} after each chunk of batches, or None), batches (that epoch's
        (fractional epoch, running loss, running accuracy) points), history (a DataFrame
        of the current config's epochs so far), finished (one dict per config
        done), fraction (0..1 over all configs, by estimated time), eta (seconds
        or None), error (text or None), cancelled (True for a queued job
        dropped because its sessions ended)."""
        with self._lock:
            state = dict(self._state)
            rows = list(state["rows"])
            state["batches"] = list(state["batches"])
            state["finished"] = [dict(f) for f in state["finished"]]
        index = min(state["index"], len(self.configs) - 1)
        epochs = self.configs[index].epochs
        batch = state["batch"]
        epochs_done = len(rows) + (batch["done"] / batch["total"] if batch else 0.0)
        state.update(n=len(self.configs), config=self.configs[index], epoch=len(rows), epochs=epochs,
                     history=pd.DataFrame(rows),
                     place=self._queue.place(self._ticket) if state["state"] == QUEUED and self._ticket else None)
        total = sum(self.estimates) or 1.0
        done = sum(self.estimates[:index]) + self.estimates[index] * min(epochs_done / epochs, 1.0)
        state["fraction"] = 1.0 if state["state"] == DONE else min(done / total, 1.0)
        state["eta"] = None
        if state["state"] in (QUEUED, RUNNING):
            per_epoch = pace([r.get("seconds") for r in rows]) or self.estimates[index] / epochs
            state["eta"] = (epochs - epochs_done) * per_epoch + sum(self.estimates[index + 1:])
        return state


def start_or_join(configs, store, owner=SCRIPT):
    """The running job for exactly these configs in this store (`owner` joins
    it), else a new started one that `owner` owns."""
    configs = [c.normalized() for c in configs]
    key = (str(store.root), tuple(c.run_id for c in configs))
    with _jobs_lock:
        job = _live(key)
        if job is not None:
            job.watch(owner)
            return job
    runs = store.list()
    estimates = [estimated_seconds(runs, c) for c in configs]
    with _jobs_lock:
        job = _live(key)
        if job is not None:
            job.watch(owner)
            return job
        job = TrainingJob(configs, store, estimates, owner).start()
        _jobs[key] = job
        for old in [k for k, j in _jobs.items() if not j.running and j is not job]:
            del _jobs[old]
        return job


def running_job(configs, store):
    """The job training exactly these configs in this store, or None."""
    with _jobs_lock:
        return _live((str(store.root), tuple(c.normalized().run_id for c in configs)))


def _live(key):
    """The job under `key` while it runs and has not been asked to stop (call with _jobs_lock held)."""
    job = _jobs.get(key)
    return job if job is not None and job.running and not job.stop_event.is_set() else None


def running_jobs():
    """This process's jobs that train or wait, oldest first."""
    with _jobs_lock:
        return [job for job in _jobs.values() if job.running]


def training_elsewhere():
    """True while any job of this process is training or waiting to."""
    return bool(running_jobs())


def jobs_of(session):
    """This process's jobs (running or waiting) that `session` started."""
    return [job for job in running_jobs() if job.owner.session == session]


def waiting(store):
    """The store's queue (every replica's jobs that wait), in the order they will train."""
    return TrainingQueue(store.root).waiting()


def occupied(store):
    """Hold the machine's one training slot, as another training would (tests)."""
    return TrainingQueue(store.root).occupied()


def queued_students(store):
    """How many students' jobs wait in the store's queue."""
    return sum(not ticket.teacher for ticket in waiting(store))


def wait(job, timeout=600.0, poll=0.05):
    """Block until the job's thread ends (tests, scripts). True if it ended."""
    deadline = time.monotonic() + timeout
    while job.running and time.monotonic() < deadline:
        time.sleep(poll)
    return not job.running


def child_main(config_json, store_root, stop_file, channel_fd):
    """The child process: train and store one config, reporting on the channel."""
    os.nice(NICE)
    from core.runs import RunStore
    from core.training import TrainConfig

    parent = os.getppid()
    stop_file = Path(stop_file)
    channel = os.fdopen(int(channel_fd), "w", encoding="utf-8")

    def send(message):
        channel.write(json.dumps(message) + "\n")
        channel.flush()

    def on_epoch(epoch, logs, total_epochs):
        send({"epoch": logs})

    def on_batches(epoch, done, total, loss, accuracy):
        send({"batch": {"epoch": epoch, "done": done, "total": total, "loss": loss, "accuracy": accuracy}})

    def should_stop():  # asked to, or the server is gone
        return stop_file.exists() or os.getppid() != parent

    run = RunStore(store_root).get_or_train(TrainConfig.from_dict(json.loads(config_json)), on_epoch=on_epoch,
                                            should_stop=should_stop, on_batches=on_batches)
    stored = run.status == COMPLETE or run.metrics.get("epochs_run", 0) > 0
    send({"result": {
        "run_id": run.run_id, "status": run.status, "stored": stored, "from_store": run.from_store,
        "test_accuracy": run.test_accuracy, "seconds": run.seconds,
        "epochs_run": run.metrics.get("epochs_run", len(run.history)),
    }})


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    child_main(*sys.argv[1:5])
