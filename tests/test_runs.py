"""The run store: round trips, snapshots, one training per config across
processes, damaged folders, and writes that a crash cannot leave half done."""
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from core import runs as runs_module
from core.data import load_mnist
from core.runs import DamagedRun, RunNotFound, RunStore
from core.training import TrainConfig
from tests.helpers import ROOT

pytestmark = pytest.mark.usefixtures("app_home")


def numpy_config(**fields):
    fields.setdefault("epochs", 2)
    fields.setdefault("train_limit", 2000)
    return TrainConfig(preset="numpy2layer", **fields)


def test_stored_run_comes_back_whole_without_training(tmp_path):
    store = RunStore(tmp_path / "runs")
    config = numpy_config(snapshot_epochs=(1,))
    fresh = store.get_or_train(config)
    assert not fresh.from_store and fresh.run_dir == tmp_path / "runs" / config.run_id

    calls = []
    again = RunStore(tmp_path / "runs").get_or_train(config, on_epoch=lambda *a: calls.append(a))
    assert again.from_store and calls == []
    assert again.run_id == fresh.run_id == config.run_id
    assert again.config == config.normalized()
    assert np.array_equal(again.test_probs, fresh.test_probs) and again.test_probs.dtype == np.float32
    assert again.metrics["test_accuracy"] == pytest.approx(fresh.metrics["test_accuracy"])
    assert again.metrics["status"] == "complete"
    cols = ["epoch", "loss", "accuracy", "test_accuracy"]
    assert np.allclose(again.history[cols].to_numpy(), fresh.history[cols].to_numpy())

    snap = store.load(f"{config.run_id}@1")
    assert snap.snapshot_of == config.run_id and snap.epoch == 1 and snap.config.epochs == 1
    assert np.array_equal(snap.test_probs, fresh.snapshots[1].test_probs)
    (_, _), (_, y_test) = load_mnist()
    assert snap.metrics["test_accuracy"] == pytest.approx(np.mean(snap.test_probs.argmax(1) == y_test))

    table = store.list()
    assert {"run_id", "preset", "epochs", "test_accuracy", "seconds", "created"} <= set(table.columns)
    assert sorted(table["run_id"]) == sorted([config.run_id, f"{config.run_id}@1"])
    row = table.set_index("run_id").loc[config.run_id]
    assert row["preset"] == "numpy2layer" and row["epochs"] == 2 and row["status"] == "complete"
    assert row["test_accuracy"] == pytest.approx(fresh.test_accuracy)
    assert store.problems == []


@pytest.mark.slow
def test_keras_run_and_its_snapshot_keep_their_own_models(tmp_path):
    store = RunStore(tmp_path / "runs")
    config = TrainConfig(preset="dense512", epochs=2, train_limit=2000, snapshot_epochs=(1,))
    run = store.get_or_train(config)
    (_, _), (x_test, _) = load_mnist()
    x = np.asarray(x_test[:200], np.float32) / 255
    for run_id in (config.run_id, f"{config.run_id}@1"):
        stored = store.load(run_id)
        assert np.allclose(store.predictor(run_id)(x), stored.test_probs[:200], atol=1e-5), run_id
    assert not np.allclose(store.load(f"{config.run_id}@1").test_probs, run.test_probs)


def test_label_and_delete(tmp_path):
    store = RunStore(tmp_path / "runs")
    config = numpy_config(epochs=2, snapshot_epochs=(1,))
    store.get_or_train(config)
    store.set_label(config.run_id, "  lr 0.5 ")
    assert store.load(config.run_id).label == "lr 0.5"
    store.delete(f"{config.run_id}@1")
    assert list(store.list()["run_id"]) == [config.run_id]
    store.delete(config.run_id)
    assert store.list().empty and not store.exists(config.run_id)
    with pytest.raises(RunNotFound):
        store.load(config.run_id)
    with pytest.raises(RunNotFound):
        store.delete(config.run_id)


# ---- damaged folders ---------------------------------------------------------------

def test_damaged_run_folders_are_reported_and_skipped(tmp_path):
    root = tmp_path / "runs"
    store = RunStore(root)
    good = store.get_or_train(numpy_config(epochs=1))
    damage = {
        "no_probs": lambda d: (d / "test_probs.npy").unlink(),
        "bad_json": lambda d: (d / "metrics.json").write_text("{not json"),
        "no_config": lambda d: (d / "config.json").unlink(),
        "bad_probs": lambda d: np.save(d / "test_probs.npy", np.zeros((5, 10), np.float32)),
        "bad_history": lambda d: (d / "history.csv").write_bytes(b"\x00\xff\x00\n\"unclosed"),
        "list_json": lambda d: (d / "metrics.json").write_text("[1, 2]"),
        "wrong_history": lambda d: (d / "history.csv").write_text("a,b\n1,2\n"),
        "bad_config": lambda d: (d / "config.json").write_text('{"preset": "resnet"}'),
    }
    ids = {name: f"dead{i:06x}" for i, name in enumerate(damage)}  # run ids, as a copied folder has
    for name, spoil in damage.items():
        shutil.copytree(good.run_dir, root / ids[name])
        spoil(root / ids[name])
    (root / "stray_file.txt").write_text("not a run")
    shutil.copytree(good.run_dir, root / "a copy of a run")  # not a run id: not the store's

    table = store.list()
    # list() reads no probabilities (it must stay fast), so only load() sees bad_probs
    assert sorted(table["run_id"]) == sorted([good.run_id, ids["bad_probs"]])
    assert sorted(name for name, _ in store.problems) == sorted(ids[n] for n in set(damage) - {"bad_probs"})
    assert all("damaged" in message for _, message in store.problems)
    assert not any(str(root) in message for _, message in store.problems)  # no server paths for a student
    for name in damage:
        with pytest.raises(DamagedRun):
            store.load(ids[name])
    # every damaged run can be deleted
    for run_id in ids.values():
        store.delete(run_id)
    assert not store.list()["run_id"].isin(list(ids.values())).any() and not store.problems


@pytest.mark.parametrize("bad", ["no_such_run", "../outside", "../../etc/passwd", "x@²", "0123456789@²",
                                 "0123456789@0", "0123456789@", "@1", "", "0123456789/../x", "ABCDEF0123",
                                 "0123456789\n", "0123456789@1@2"])
def test_every_store_operation_refuses_what_is_not_a_run_id(tmp_path, bad):
    store = RunStore(tmp_path / "runs")
    (tmp_path / "outside").mkdir()
    for operation in (store.load, store.delete, store.load_model, store.predictor,
                      lambda i: store.set_label(i, "x")):
        with pytest.raises(RunNotFound):
            operation(bad)
    assert store.exists(bad) is False and store.stamp(bad) is None
    assert (tmp_path / "outside").is_dir()


def test_a_damaged_run_is_trained_again(tmp_path):
    store = RunStore(tmp_path / "runs")
    config = numpy_config(epochs=1)
    first = store.get_or_train(config)
    (first.run_dir / "model.npz").unlink()
    assert store.list().empty and len(store.problems) == 1
    again = store.get_or_train(config)
    assert not again.from_store and np.array_equal(again.test_probs, first.test_probs)  # same seed
    assert store.load(config.run_id).status == "complete"


# ---- crashes and stops ---------------------------------------------------------------

def test_a_failed_write_leaves_nothing(tmp_path, monkeypatch):
    store = RunStore(tmp_path / "runs")
    config = numpy_config(epochs=1)

    def disk_full(model, folder, preset):
        (folder / "model.npz").write_bytes(b"half")
        raise OSError("No space left on device")

    monkeypatch.setattr(runs_module, "_save_model", disk_full)
    with pytest.raises(OSError, match="No space"):
        store.get_or_train(config)
    assert [p.name for p in (tmp_path / "runs").iterdir()] == [".locks"]
    assert store.list().empty and not store.exists(config.run_id)


def run_child(code, home, timeout=300):
    return subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r})\n" + code],
                          capture_output=True, text=True, cwd=ROOT, timeout=timeout,
                          env={**os.environ, "MNIST_STUDIO_HOME": str(home)})


@pytest.mark.parametrize("where", ["training", "writing"])
def test_a_killed_process_leaves_no_complete_looking_run(tmp_path, where):
    """SIGKILL (nothing runs after it) during an epoch, or in the middle of
    writing the run's files."""
    root = tmp_path / "runs"
    config = numpy_config(epochs=2, snapshot_epochs=(1,))
    kill = "lambda *a: os.kill(os.getpid(), signal.SIGKILL)"
    code = (
        "import os, signal\n"
        "from core import runs\n"
        "from core.training import TrainConfig\n"
        f"config = TrainConfig.from_dict({config.to_dict()!r})\n"
        f"store = runs.RunStore({str(root)!r})\n"
    )
    if where == "training":
        code += f"store.get_or_train(config, on_epoch={kill})\n"
    else:  # after the snapshot and the history are written, before the final model
        code += ("save = runs._save_model\n"
                 "def save_then_die(model, folder, preset):\n"
                 "    save(model, folder, preset)\n"
                 "    if folder.name.startswith('.tmp-'):\n"
                 "        os.kill(os.getpid(), signal.SIGKILL)\n"
                 "runs._save_model = save_then_die\n"
                 "store.get_or_train(config)\n")
    out = run_child(code, tmp_path)
    assert out.returncode == -9, out.stderr[-2000:]

    store = RunStore(root)
    assert not (root / config.run_id).exists() and not store.exists(config.run_id)
    assert store.list().empty and store.problems == []
    leftovers = list(root.glob(f".tmp-{config.run_id}-*"))
    assert len(leftovers) == (1 if where == "writing" else 0)
    if leftovers:  # a half-written folder really was there: history and a snapshot, no metrics.json
        assert (leftovers[0] / "history.csv").is_file() and not (leftovers[0] / "metrics.json").exists()

    run = store.get_or_train(config)  # trains it properly and sweeps the leftover
    assert not run.from_store and run.status == "complete"
    assert list(root.glob(".tmp-*")) == []


def test_a_stopped_run_is_kept_marked_and_trained_again(tmp_path):
    store = RunStore(tmp_path / "runs")
    config = numpy_config(epochs=3)
    done = []
    stopped = store.get_or_train(config, on_epoch=lambda e, *a: done.append(e), should_stop=lambda: len(done) >= 1)
    assert stopped.status == "stopped" and stopped.metrics["stopped_at_epoch"] == 1
    kept = store.load(config.run_id)
    assert kept.status == "stopped" and kept.metrics["stopped_at_epoch"] == 1 and list(kept.history["epoch"]) == [1]
    assert store.list().set_index("run_id").loc[config.run_id, "status"] == "stopped"

    full = store.get_or_train(config)
    assert not full.from_store and full.status == "complete" and len(full.history) == 3
    assert store.load(config.run_id).status == "complete"


def test_stopped_before_the_first_epoch_stores_nothing(tmp_path):
    store = RunStore(tmp_path / "runs")
    run = store.get_or_train(numpy_config(epochs=2), should_stop=lambda: True)
    assert run.status == "stopped" and run.metrics["epochs_run"] == 0
    assert store.list().empty and store.problems == []


# ---- two processes, one training ------------------------------------------------------

def test_two_processes_asking_for_one_config_train_it_once(tmp_path):
    """Both start together (each waits for the other's ready file), both miss
    the cache, and the file lock lets only one train; the other reads its run."""
    root, sync = tmp_path / "runs", tmp_path / "sync"
    sync.mkdir()
    config = numpy_config(epochs=3, train_limit=3000)
    code = (
        "import json, os, sys, time\n"
        "from pathlib import Path\n"
        "from core.runs import RunStore\n"
        "from core.training import TrainConfig\n"
        f"sync = Path({str(sync)!r})\n"
        "(sync / f'ready-{os.getpid()}').touch()\n"
        "while len(list(sync.glob('ready-*'))) < 2:\n"
        "    time.sleep(0.01)\n"
        "def on_epoch(epoch, logs, total):\n"
        "    with open(sync / 'trained', 'a') as f:\n"
        "        f.write(f'{os.getpid()} {epoch}\\n')\n"
        "    time.sleep(0.3)  # keep the lock a little longer: the other process is waiting on it\n"
        f"config = TrainConfig.from_dict({config.to_dict()!r})\n"
        f"run = RunStore({str(root)!r}).get_or_train(config, on_epoch=on_epoch)\n"
        "print(json.dumps({'pid': os.getpid(), 'from_store': run.from_store, 'run_id': run.run_id,"
        " 'sum': float(run.test_probs.astype('float64').sum(axis=0)[0])}))\n"
    )
    prefix = f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
    env = {**os.environ, "MNIST_STUDIO_HOME": str(tmp_path)}
    procs = [subprocess.Popen([sys.executable, "-c", prefix + code], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err[-2000:]
    results = [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]

    trained = [line.split() for line in (sync / "trained").read_text().splitlines()]
    trainers = {pid for pid, _ in trained}
    assert len(trainers) == 1 and [int(e) for _, e in trained] == [1, 2, 3]
    assert sorted(r["from_store"] for r in results) == [False, True]
    assert str([r for r in results if not r["from_store"]][0]["pid"]) in trainers
    assert results[0]["run_id"] == results[1]["run_id"] == config.run_id
    assert results[0]["sum"] == pytest.approx(results[1]["sum"], rel=1e-6)
    assert list(RunStore(root).list()["run_id"]) == [config.run_id]


def stopped_copy(store, config):
    """A stopped run of `config` in the store (one whole epoch), as a Stop press leaves it."""
    epochs = []
    run = store.get_or_train(config, on_epoch=lambda e, logs, n: epochs.append(e), should_stop=lambda: bool(epochs))
    assert run.status == "stopped" and store.exists(config.run_id)
    return run


@pytest.mark.parametrize("exchange", [True, False], ids=["atomic", "without-exchange"])
def test_rewriting_a_run_leaves_no_moment_where_it_is_missing_and_keeps_its_label(tmp_path, monkeypatch, exchange):
    import threading

    store = RunStore(tmp_path / "runs")
    config = numpy_config(epochs=3)
    stopped_copy(store, config)
    store.set_label(config.run_id, "the class's favourite")
    if not exchange:  # what a filesystem without renameat2 gets: the old two steps
        monkeypatch.setattr(runs_module, "_exchange", lambda a, b: False)
    missing, done = [], threading.Event()

    def watch():  # another session (or replica) reading the run all the while
        reader = RunStore(tmp_path / "runs")
        while not done.is_set():
            if not reader.exists(config.run_id):
                missing.append(1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        run = store.get_or_train(config)  # the stopped copy is trained again and replaces itself
    finally:
        done.set()
        watcher.join()
    assert run.status == "complete" and store.load(config.run_id).status == "complete"
    assert store.load(config.run_id).label == "the class's favourite"
    if exchange:
        assert not missing
    else:
        assert missing  # the gap the exchange closes (if this fails, the watcher cannot see a gap at all)


def test_stop_ends_the_wait_for_a_run_another_process_trains(tmp_path):
    import threading
    import time

    from filelock import FileLock

    store = RunStore(tmp_path / "runs")
    config = numpy_config()
    (store.root / ".locks").mkdir(parents=True)
    other_process = FileLock(str(store.root / ".locks" / f"{config.run_id}.lock"))
    other_process.acquire()  # as a replica training this config would hold it
    stop, result = threading.Event(), []
    waiter = threading.Thread(target=lambda: result.append(store.get_or_train(config, should_stop=stop.is_set)))
    waiter.start()
    time.sleep(1.0)
    assert waiter.is_alive()  # it waits for the other's run rather than training it a second time
    stop.set()
    waiter.join(timeout=5)
    other_process.release()
    assert not waiter.is_alive(), "Stop did not end the wait on the lock"
    assert result[0].status == "stopped" and result[0].metrics["epochs_run"] == 0
    assert not store.exists(config.run_id)
