"""Time estimates: from stored runs, from a typical figure, and while a training runs."""
import pandas as pd
import pytest

from core import estimates
from core.training import TrainConfig

CNN = TrainConfig(preset="cnn")  # 54,000 training digits (10 % held out)


def runs_table():
    return pd.DataFrame({
        "run_id": ["a", "b", "c", "d", "e", "b@2", "f"],
        "preset": ["cnn", "cnn", "dense512", "cnn", "cnn", "cnn", "cnn"],
        "epochs": [2, 4, 10, 3, 1, 4, 1],
        "epochs_run": [2, 4, 10, 0, 1, 2, 1],  # d was stopped before its first epoch ended
        "seconds": [200.0, 480.0, 20.0, 0.0, 3.0, 1.0, 55.0],
        "train_size": [54000, 54000, 60000, 54000, 540, 54000, 27000],  # e: 1 % of the digits, f: half
        "snapshot_of": ["", "", "", "", "", "b", ""],  # as RunStore.list() writes it
    })


def test_seconds_per_epoch_from_stored_runs():
    runs = runs_table()
    # a: 100 s, b: 120 s, f: 55 s on half the digits = 110 s; e (mostly start-up) is left out
    assert estimates.measured_seconds_per_epoch(runs, CNN) == pytest.approx(110.0)
    # tiny runs alone say nothing of a full epoch (3 s on 540 digits is mostly start-up): no measure
    assert estimates.measured_seconds_per_epoch(runs[runs.run_id == "e"], CNN) is None
    assert estimates.seconds_per_epoch(runs[runs.run_id == "e"], CNN) == pytest.approx(
        estimates.TYPICAL_SECONDS_PER_EPOCH["cnn"] * 54000 / 60000)
    # for a small training the tiny run counts too: median of 100, 110, 120 and 300 s per 54,000 digits
    small = TrainConfig(preset="cnn", train_limit=1000)
    assert estimates.measured_seconds_per_epoch(runs, small) == pytest.approx(115.0 * small.train_size / 54000)
    assert estimates.measured_seconds_per_epoch(runs[runs.preset != "cnn"], CNN) is None
    assert estimates.measured_seconds_per_epoch(runs.iloc[:0], CNN) is None


def test_without_stored_runs_the_typical_figure_is_used():
    typical = estimates.TYPICAL_SECONDS_PER_EPOCH
    assert estimates.seconds_per_epoch(None, CNN) == pytest.approx(typical["cnn"] * 54000 / 60000)
    assert estimates.estimated_seconds(None, TrainConfig(preset="mlp512x256", epochs=50)) == pytest.approx(
        50 * typical["mlp512x256"])
    # never below a fifth of a full epoch: start-up and the test-set scoring cost that much
    tiny = TrainConfig(preset="dense512", train_limit=300)
    assert estimates.seconds_per_epoch(None, tiny) == pytest.approx(typical["dense512"] * 0.2)


def test_pace_skips_the_first_epoch_which_also_compiles():
    assert estimates.pace([]) is None
    assert estimates.pace([9.0]) == 9.0
    assert estimates.pace([9.0, 2.0, 3.0, 2.0]) == 2.0


def test_suggested_epochs_fit_the_budget():
    assert estimates.suggested_epochs(None, 7) == 40
    assert estimates.suggested_epochs(1.0, 7) == 40  # a GPU: the notes' setting
    assert estimates.suggested_epochs(120.0, 3, budget_seconds=3600) == 10
    assert estimates.suggested_epochs(1000.0, 7) == 3
