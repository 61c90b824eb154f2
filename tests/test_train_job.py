"""Background training jobs: each training runs in a child process, reports
its epochs, stores its run, stops on request, and reports a failure."""
import json
import subprocess
import sys

from core import train_job
from core.runs import RunStore
from core.training import TrainConfig
from tests.helpers import ROOT


def test_job_trains_in_a_child_process_and_stores_the_runs(tmp_path):
    code = (
        "import sys, json\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from core import train_job\n"
        "from core.runs import RunStore\n"
        "from core.training import TrainConfig\n"
        f"store = RunStore({str(tmp_path)!r})\n"
        "configs = [TrainConfig(preset='numpy2layer', epochs=2, train_limit=1000),\n"
        "           TrainConfig(preset='dense512', epochs=1, train_limit=1000)]\n"
        "job = train_job.start_or_join(configs, store)\n"
        "assert train_job.wait(job, timeout=600)\n"
        "p = job.progress()\n"
        "print(json.dumps({'state': p['state'], 'finished': p['finished'], 'epochs': len(p['history']),\n"
        "                  'tf': 'tensorflow' in sys.modules}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["state"] == train_job.DONE
    assert not report["tf"]  # the Keras training ran in the child, not here
    assert [f["status"] for f in report["finished"]] == ["complete", "complete"]
    assert report["epochs"] == 1  # the history shown is the last config's
    stored = RunStore(tmp_path).list()
    assert set(stored["run_id"]) == {f["run_id"] for f in report["finished"]}
    assert all(0.1 < f["test_accuracy"] <= 1.0 for f in report["finished"])


def test_stop_ends_the_child_and_keeps_at_most_whole_epochs(tmp_path):
    store = RunStore(tmp_path)
    job = train_job.start_or_join([TrainConfig(preset="numpy2layer", epochs=500, train_limit=5000)], store)
    while job.progress()["epoch"] < 1:
        assert job.running, job.progress()["error"]
        job.join(0.2)
    job.stop()
    assert train_job.wait(job, timeout=120)
    progress = job.progress()
    assert progress["state"] == train_job.STOPPED_STATE
    [finished] = progress["finished"]
    assert finished["status"] == "stopped" and 1 <= finished["epochs_run"] < 500
    assert store.load(finished["run_id"]).metrics["stopped_at_epoch"] == finished["epochs_run"]


def test_a_failing_training_is_reported(tmp_path):
    blocker = tmp_path / "runs"
    blocker.write_text("not a folder")  # the store cannot create its folder
    job = train_job.start_or_join([TrainConfig(preset="numpy2layer", epochs=1, train_limit=1000)],
                                  RunStore(blocker))
    assert train_job.wait(job, timeout=300)
    progress = job.progress()
    assert progress["state"] == train_job.FAILED
    assert progress["error"]
