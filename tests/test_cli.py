"""`python -m core.train`: train and store from the command line, list the store."""
import os
import subprocess
import sys

import pytest

from core.runs import RunStore
from core.train import main, parse_seeds
from core.training import TrainConfig
from tests.helpers import ROOT


def cli(*args, home, timeout=600):
    return subprocess.run([sys.executable, "-m", "core.train", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout, env={**os.environ, "MNIST_STUDIO_HOME": str(home)})


def test_list_of_an_empty_store(app_home, capsys):
    assert main(["--list"]) == 0
    assert f"no runs in {app_home / 'runs'}" in capsys.readouterr().out


def test_tiny_training_from_the_command_line_then_listed(app_home):
    args = ["--preset", "numpy2layer", "--epochs", "2", "--limit", "1000", "--lr", "0.3", "--snapshot", "1"]
    out = cli(*args, home=app_home)
    assert out.returncode == 0, out.stderr[-2000:]
    run_id = TrainConfig(preset="numpy2layer", epochs=2, train_limit=1000, learning_rate=0.3,
                         snapshot_epochs=(1,)).run_id
    lines = out.stdout.splitlines()
    assert lines[0].startswith(f"[numpy2layer seed 0] run {run_id}: 2 epochs, batch 100, lr 0.3")
    progress = [line for line in lines if " epoch " in line]
    assert [line.split(" epoch ")[1].split()[0] for line in progress] == ["1/2", "2/2"]
    assert all("loss" in line and "acc" in line and "ETA" in line for line in progress)
    assert f"stored in {app_home / 'runs' / run_id}" in out.stdout
    assert f"snapshot {run_id}@1: test accuracy" in out.stdout

    stored = RunStore(app_home / "runs").load(run_id)
    assert f"test accuracy {stored.test_accuracy:.2%}" in out.stdout

    again = cli(*args, home=app_home)
    assert again.returncode == 0 and "already stored" in again.stdout and " epoch " not in again.stdout

    listed = cli("--list", home=app_home)
    assert listed.returncode == 0, listed.stderr[-2000:]
    rows = {line.split()[0]: line for line in listed.stdout.splitlines()[1:]}
    assert set(rows) == {run_id, f"{run_id}@1"}
    assert "numpy2layer" in rows[run_id] and "complete" in rows[run_id]
    assert f"{stored.test_accuracy * 100:.2f} %" in rows[run_id]


@pytest.mark.slow
def test_keras_preset_from_the_command_line(app_home):
    out = cli("--preset", "dense512", "--epochs", "1", "--limit", "1000", "--seeds", "1-2", home=app_home)
    assert out.returncode == 0, out.stderr[-2000:]
    table = RunStore(app_home / "runs").list()
    assert sorted(table["seed"]) == [1, 2] and set(table["preset"]) == {"dense512"}
    assert out.stdout.count("stored in") == 2


@pytest.mark.parametrize("args, field", [
    (["--epochs", "0"], "epochs"),
    (["--batch-size", "0"], "batch_size"),
    (["--batch-size", "2000", "--limit", "1000"], "batch_size"),
    (["--lr", "-1"], "learning_rate"),
    (["--preset", "resnet"], "preset"),
    (["--optimizer", "adagrad"], "optimizer"),
    (["--seeds", "7-3"], "seeds"),
    (["--val", "0.9"], "validation_split"),
])
def test_bad_input_is_one_clear_line_and_exit_2(app_home, capsys, args, field):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert field.replace("_", "") in err.replace("_", "").replace("-", "") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not (app_home / "runs").exists() or RunStore(app_home / "runs").list().empty


def test_parse_seeds():
    assert parse_seeds("3") == [3] and parse_seeds("1-4") == [1, 2, 3, 4] and parse_seeds("1,5") == [1, 5]
    with pytest.raises(ValueError, match="seeds"):
        parse_seeds("a")
