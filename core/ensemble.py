"""The ensemble page's work: compare members with their average, and train
N `cnn` networks with different seeds in the background.

Only stored test probabilities are read here: no TensorFlow is imported
unless a training actually starts (inside the engine's train()).
"""
import threading
import time

import numpy as np
import pandas as pd

from core.training import COMPLETE, TrainConfig


def ensemble_report(probs_by_run, y_test):
    """Compare each member with the ensemble (the mean of their softmax outputs).

    probs_by_run: {run_id: (n, 10) probabilities}, in the order to show.
    Returns a dict:
      members   DataFrame run_id, accuracy, errors (input order)
      accuracy  the ensemble's accuracy; errors its error count
      probs     (n, 10) averaged probabilities; predicted its argmax
      best      run_id of the most accurate member (first one on ties)
      fixed     indices the ensemble gets right and the best member wrong
      broken    indices the ensemble gets wrong and the best member right
    """
    from core.evaluate import ensemble_probs

    y_test = np.asarray(y_test)
    rows = []
    for run_id, probs in probs_by_run.items():
        correct = np.asarray(probs).argmax(axis=1) == y_test
        rows.append({"run_id": run_id, "accuracy": correct.mean(), "errors": int((~correct).sum())})
    members = pd.DataFrame(rows, columns=["run_id", "accuracy", "errors"])
    probs = ensemble_probs(list(probs_by_run.values()))
    predicted = probs.argmax(axis=1)
    right = predicted == y_test
    best = members.run_id.iloc[int(members.accuracy.to_numpy().argmax())]
    best_right = np.asarray(probs_by_run[best]).argmax(axis=1) == y_test
    return {
        "members": members,
        "accuracy": float(right.mean()),
        "errors": int((~right).sum()),
        "probs": probs,
        "predicted": predicted,
        "best": best,
        "fixed": np.flatnonzero(right & ~best_right),
        "broken": np.flatnonzero(~right & best_right),
    }


def cnn_configs(seeds, epochs, **overrides):
    """The notes' CNN, one TrainConfig per seed."""
    return [TrainConfig(preset="cnn", epochs=epochs, seed=int(seed), **overrides) for seed in seeds]


def stored_complete(runs, configs):
    """The configs whose complete run is in the store (`runs` = RunStore.list())."""
    if runs is None or len(runs) == 0:
        return []
    done = set(runs.loc[runs["status"] == COMPLETE, "run_id"])
    return [c for c in configs if c.run_id in done]


class EnsembleTraining:
    """Trains configs one after another in a thread, each stored as its own run.

    Poll `progress()` for what to show; `stop()` ends the current training
    within a few batches (the unfinished run is discarded; finished ones stay).
    """

    def __init__(self, store, configs, seconds_per_epoch=None):
        self.store = store
        self.configs = list(configs)
        self.estimate = seconds_per_epoch
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = None
        self._state = {
            "state": "waiting", "index": 0, "seed": None, "epoch": 0, "logs": {},
            "finished": [], "error": None, "started": None,
        }
        self._epoch_seconds = []

    def start(self):
        self._state["started"] = time.monotonic()
        self._state["state"] = "running"
        self._thread = threading.Thread(target=self._run, name="ensemble-training", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()

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
            for i, config in enumerate(self.configs):
                if self._stop.is_set():
                    break
                self._update(index=i, seed=config.seed, epoch=0, logs={})
                run = self.store.get_or_train(config, on_epoch=self._on_epoch,
                                              should_stop=self._stop.is_set, keep_stopped=False)
                if run.status != COMPLETE:
                    break
                with self._lock:
                    self._state["finished"].append({
                        "run_id": run.run_id, "seed": config.seed, "test_accuracy": run.test_accuracy,
                        "seconds": run.seconds, "from_store": run.from_store,
                    })
            self._update(state="stopped" if self._stop.is_set() else "done")
        except Exception as e:  # shown on the page; the thread must not die silently
            self._update(state="failed", error=f"{type(e).__name__}: {e}")

    def _on_epoch(self, epoch, logs, total_epochs):
        seconds = logs.get("seconds")
        if seconds and np.isfinite(seconds):
            self._epoch_seconds.append(float(seconds))
        self._update(epoch=int(epoch), logs=dict(logs))

    def seconds_per_epoch(self):
        """Measured in this job if possible, else the estimate given at start."""
        if self._epoch_seconds:
            return float(np.mean(self._epoch_seconds))
        return self.estimate

    def progress(self):
        """A copy of the state plus `fraction` (0..1) and `eta` (seconds or None)."""
        with self._lock:
            state = dict(self._state, finished=list(self._state["finished"]))
        total = sum(c.normalized().epochs for c in self.configs)
        current = self.configs[min(state["index"], len(self.configs) - 1)].normalized().epochs
        done = sum(c.normalized().epochs for c in self.configs[: state["index"]]) + state["epoch"]
        if state["state"] == "done":
            done = total
        state["fraction"] = min(done / total, 1.0) if total else 1.0
        state["epochs"] = current
        per_epoch = self.seconds_per_epoch()
        state["eta"] = (total - done) * per_epoch if per_epoch and state["state"] == "running" else None
        return state
