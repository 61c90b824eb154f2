"""Ensembles from stored test probabilities: exact averaging, members vs ensemble, plans."""
import numpy as np
import pytest

from core.data import load_mnist
import pandas as pd

from core.choices import default_ensemble_members
from core.ensemble import ensemble_report
from core.experiments import ensemble_configs as cnn_configs, is_stored
from core.runs import RunStore
from core.training import TrainConfig

SEEDS = (1, 2, 3)


def tiny_numpy_config(seed):
    return TrainConfig(preset="numpy2layer", epochs=1, train_limit=2000, seed=seed)


@pytest.fixture(scope="module")
def y_test():
    return load_mnist()[1][1]


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """A run store with three tiny real NumPy-net runs (different seeds)."""
    store = RunStore(tmp_path_factory.mktemp("ensemble_runs"))
    ids = [store.get_or_train(tiny_numpy_config(seed)).run_id for seed in SEEDS]
    return store, ids


def test_ensemble_of_stored_runs_is_the_mean_of_their_softmax(stored, y_test):
    store, ids = stored
    probs = {r: store.load(r).test_probs for r in ids}
    report = ensemble_report(probs, y_test)

    by_hand = (probs[ids[0]].astype(np.float64) + probs[ids[1]] + probs[ids[2]]) / 3
    assert report["probs"].shape == (10_000, 10)
    assert np.allclose(report["probs"], by_hand, rtol=0, atol=1e-7)
    assert np.allclose(report["probs"].sum(axis=1), 1, atol=1e-5)
    assert np.array_equal(report["predicted"], by_hand.argmax(axis=1))
    assert report["accuracy"] == np.mean(by_hand.argmax(axis=1) == y_test)
    assert report["errors"] == np.sum(by_hand.argmax(axis=1) != y_test)

    # Each member's row agrees with what the store recorded when it trained.
    assert report["members"].run_id.tolist() == ids
    for row in report["members"].itertuples():
        assert row.accuracy == pytest.approx(store.load(row.run_id).test_accuracy, abs=1e-9)
        assert row.errors == round((1 - row.accuracy) * 10_000)
    assert report["best"] == ids[int(report["members"].accuracy.to_numpy().argmax())]


def test_fixed_and_broken_are_against_the_best_member(stored, y_test):
    store, ids = stored
    probs = {r: store.load(r).test_probs for r in ids}
    report = ensemble_report(probs, y_test)
    best_right = probs[report["best"]].argmax(axis=1) == y_test
    ensemble_right = report["predicted"] == y_test
    assert np.array_equal(report["fixed"], np.flatnonzero(ensemble_right & ~best_right))
    assert np.array_equal(report["broken"], np.flatnonzero(~ensemble_right & best_right))
    # right = best member's right + fixed - broken
    best_errors = report["members"].set_index("run_id").errors[report["best"]]
    assert report["errors"] == best_errors - len(report["fixed"]) + len(report["broken"])


def test_ensemble_outvotes_mistakes_its_members_make_alone():
    # Three members, each sure and wrong on a different digit: the average is right everywhere.
    y = np.array([0, 1, 2, 3])
    members = {}
    for k, name in enumerate("abc"):
        p = np.full((4, 10), 0.01)
        p[np.arange(4), y] = 0.91
        p[k] = 0.01
        p[k, (y[k] + 1) % 10] = 0.91
        members[name] = p
    members["c"][3] = 0.01
    members["c"][3, 5] = 0.91  # c is also wrong on digit 3: a and b are the best members
    report = ensemble_report(members, y)
    assert report["members"].errors.tolist() == [1, 1, 2]
    assert report["best"] == "a"  # first of the tied best
    assert report["errors"] == 0 and report["accuracy"] == 1.0
    assert report["fixed"].tolist() == [0] and report["broken"].tolist() == []


def test_one_member_is_its_own_ensemble(stored, y_test):
    store, ids = stored
    probs = store.load(ids[0]).test_probs
    report = ensemble_report({ids[0]: probs}, y_test)
    assert np.array_equal(report["probs"], probs)
    assert len(report["fixed"]) == len(report["broken"]) == 0


def test_members_must_agree_in_shape(y_test):
    with pytest.raises(ValueError, match="shape"):
        ensemble_report({"a": np.full((10, 10), 0.1), "b": np.full((9, 10), 0.1)}, y_test[:10])


def test_cnn_configs_are_the_notes_cnn_one_per_seed():
    configs = cnn_configs(range(1, 8), 40)
    assert [c.seed for c in configs] == list(range(1, 8))
    assert len({c.run_id for c in configs}) == 7
    for c in configs:
        n = c.normalized()
        assert (n.preset, n.epochs, n.batch_size, n.optimizer) == ("cnn", 40, 64, "adam")
        assert n.augment and n.lr_decay == 0.95 and n.learning_rate == 1e-3
    # The CLI's --preset cnn --seeds 1-7 --epochs 40 names the very same runs.
    from core.train import build_parser, configs_from_args

    args = build_parser().parse_args(["--preset", "cnn", "--seeds", "1-7", "--epochs", "40"])
    assert [c.run_id for c in configs_from_args(args)] == [c.run_id for c in configs]
    small = cnn_configs([5], 2, train_limit=1000)[0]
    assert small.train_limit == 1000 and small.run_id != cnn_configs([5], 2)[0].run_id


def test_is_stored_skips_missing_and_stopped_runs(tmp_path):
    store = RunStore(tmp_path)
    done = store.get_or_train(tiny_numpy_config(1))
    stopped_config = TrainConfig(preset="numpy2layer", epochs=3, train_limit=2000, seed=2)
    epochs_seen = []
    stopped = store.get_or_train(stopped_config, on_epoch=lambda e, logs, n: epochs_seen.append(e),
                                 should_stop=lambda: len(epochs_seen) >= 1)
    assert stopped.status == "stopped" and store.load(stopped.run_id).status == "stopped"
    missing = tiny_numpy_config(3)
    configs = [tiny_numpy_config(1), stopped_config, missing]
    assert [c.run_id for c in configs if is_stored(store.list(), c)] == [done.run_id]
    assert not any(is_stored(RunStore(tmp_path / "empty").list(), c) for c in configs)


def listing(rows):
    """A RunStore.list()-like table from (run_id, preset, learning_rate, seed, accuracy, snapshot_of, epoch, status)."""
    table = pd.DataFrame(rows, columns=["run_id", "preset", "learning_rate", "seed", "test_accuracy", "snapshot_of",
                                        "epoch", "status"])
    return table.assign(epochs=table["epoch"], train_size=60000)


def test_default_members_are_runs_of_one_kind():
    # The demo pack: one CNN, the NumPy net at three learning rates, S2 with its snapshot at epoch 10.
    demo = listing([
        ("cnn1", "cnn", 1e-3, 0, 0.989, "", 3, "complete"),
        ("np05", "numpy2layer", 0.5, 0, 0.9748, "", 17, "complete"),
        ("np12", "numpy2layer", 1.2, 0, 0.9414, "", 17, "complete"),
        ("np15", "numpy2layer", 1.5, 0, 0.1009, "", 17, "complete"),
        ("s2", "mlp512x256", 1e-3, 0, 0.9842, "", 50, "complete"),
        ("s2@10", "mlp512x256", 1e-3, 0, 0.9801, "s2", 10, "complete"),
    ])
    assert default_ensemble_members(demo) == ["s2@10", "s2"]  # not three learning rates, not unlike models
    # Seeds of one recipe are the members, CNNs first, whatever else is stored; a stopped run is left out.
    seeds = listing([(f"c{i}", "cnn", 1e-3, i, 0.99, "", 3, "complete") for i in range(1, 4)]
                    + [("c9", "cnn", 1e-3, 9, 0.99, "", 3, "stopped"),
                       ("m1", "mlp512x256", 1e-3, 1, 0.98, "", 50, "complete")])
    assert default_ensemble_members(pd.concat([demo, seeds])) == ["cnn1", "c1", "c2", "c3"]
    assert default_ensemble_members(demo[demo.preset != "mlp512x256"]) == []
    assert default_ensemble_members(demo.iloc[:0]) == []
