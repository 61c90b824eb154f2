"""Background training jobs: each training runs in a child process, reports
its epochs, stores its run, stops on request, and reports a failure."""
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core import background
from core.status import DONE, FAILED, STOPPED
from core.runs import RunStore
from core.training import TrainConfig
from tests.helpers import ROOT


def test_job_trains_in_a_child_process_and_stores_the_runs(tmp_path):
    code = (
        "import sys, json\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from core import background\n"
        "from core.runs import RunStore\n"
        "from core.training import TrainConfig\n"
        f"store = RunStore({str(tmp_path)!r})\n"
        "configs = [TrainConfig(preset='numpy2layer', epochs=2, train_limit=1000),\n"
        "           TrainConfig(preset='dense512', epochs=1, train_limit=1000)]\n"
        "job = background.start_or_join(configs, store)\n"
        "assert background.wait(job, timeout=600)\n"
        "p = job.progress()\n"
        "print(json.dumps({'state': p['state'], 'finished': p['finished'], 'epochs': len(p['history']),\n"
        "                  'tf': 'tensorflow' in sys.modules}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["state"] == DONE
    assert not report["tf"]  # the Keras training ran in the child, not here
    assert [f["status"] for f in report["finished"]] == ["complete", "complete"]
    assert report["epochs"] == 1  # the history shown is the last config's
    stored = RunStore(tmp_path).list()
    assert set(stored["run_id"]) == {f["run_id"] for f in report["finished"]}
    assert all(0.1 < f["test_accuracy"] <= 1.0 for f in report["finished"])


def test_stop_ends_the_child_and_keeps_at_most_whole_epochs(tmp_path):
    store = RunStore(tmp_path)
    job = background.start_or_join([TrainConfig(preset="numpy2layer", epochs=500, train_limit=5000)], store)
    wait_until(lambda: job.progress()["epoch"] >= 1, job)
    job.stop()
    assert background.wait(job, timeout=120)
    progress = job.progress()
    assert progress["state"] == STOPPED
    [finished] = progress["finished"]
    assert finished["status"] == "stopped" and 1 <= finished["epochs_run"] < 500
    assert store.load(finished["run_id"]).metrics["stopped_at_epoch"] == finished["epochs_run"]


def test_a_failing_training_is_reported(tmp_path):
    blocker = tmp_path / "runs"
    blocker.write_text("not a folder")  # the store cannot create its folder
    job = background.start_or_join([TrainConfig(preset="numpy2layer", epochs=1, train_limit=1000)],
                                  RunStore(blocker))
    assert background.wait(job, timeout=300)
    progress = job.progress()
    assert progress["state"] == FAILED
    assert "NotADirectoryError" in progress["error"] and "runs" in progress["error"], progress["error"]  # the cause


def wait_until(condition, job, timeout=300):
    deadline = time.monotonic() + timeout
    while not condition():
        assert job.running, job.progress()["error"]
        assert time.monotonic() < deadline, f"still waiting after {timeout} s: {job.progress()}"
        job.join(0.1)


def training_children(store_root):
    """(pid, nice) of the training processes of this store, from /proc."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            stat = (proc / "stat").read_text()
        except OSError:
            continue
        if b"core.background" in cmdline and str(store_root).encode() in cmdline:
            found.append((int(proc.name), int(stat.rsplit(")", 1)[1].split()[16])))
    return found


def test_the_child_trains_at_a_lower_priority_and_reports_batches(tmp_path):
    store = RunStore(tmp_path)
    epochs = 200  # long enough that the child is still there when this looks (it is stopped after two reports)
    job = background.start_or_join([TrainConfig(preset="numpy2layer", epochs=epochs, train_limit=20000)], store)
    reports = []

    def two_reports():  # two different batch reports: the bar moved
        batch = job.progress()["batch"]
        if batch is not None and (not reports or batch != reports[-1][1]):
            reports.append((job.progress(), batch))
        return len(reports) >= 2

    wait_until(two_reports, job)
    assert [nice for _, nice in training_children(tmp_path)] == [background.NICE]  # the server keeps its own
    # A fast machine may be past epoch 1 when this polls: the reports are checked
    # against what the NumPy engine does, whichever epoch they came from.
    (_, first), (progress, batch) = reports
    assert (batch["epoch"], batch["done"]) > (first["epoch"], first["done"])  # later in the training
    assert batch["epoch"] == progress["epoch"] + 1  # the epoch under way
    assert batch["total"] == 200 and batch["done"] % 100 == 0 and 0 < batch["done"] <= 200  # 20,000 / 100, every 100
    assert 0.0 < batch["loss"] < 2.31 and 0.0 <= batch["accuracy"] <= 1.0  # below chance's loss, ln 10
    assert progress["fraction"] == pytest.approx((batch["epoch"] - 1 + batch["done"] / 200) / epochs)
    job.stop()
    assert background.wait(job, timeout=120)
    assert job.progress()["state"] == STOPPED


def test_a_stray_line_on_the_childs_stdout_does_not_fail_the_job(tmp_path, monkeypatch):
    """Libraries print to stdout (TensorFlow, a warning, a debug print): the job's
    messages travel on a pipe of their own."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import atexit\nprint('a library says hello', flush=True)\n"
        "atexit.register(lambda: print('{not json', flush=True))\n")
    monkeypatch.setenv("PYTHONPATH", str(site))
    store = RunStore(tmp_path / "runs")
    job = background.start_or_join([TrainConfig(preset="numpy2layer", epochs=1, train_limit=1000)], store)
    assert background.wait(job, timeout=300)
    progress = job.progress()
    assert progress["state"] == DONE, progress["error"]
    assert store.exists(progress["finished"][0]["run_id"])
