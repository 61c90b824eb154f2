"""The training engine: config checks, small real trainings, determinism, stop paths."""
import json
import subprocess
import sys

import numpy as np
import pytest

from core.data import load_mnist, validation_split
from core.training import HISTORY_COLUMNS, TrainConfig, train
from tests.helpers import ROOT

pytestmark = pytest.mark.usefixtures("app_home")


# ---- config -----------------------------------------------------------------------

@pytest.mark.parametrize("fields, name", [
    (dict(epochs=0), "epochs"),
    (dict(epochs=-3), "epochs"),
    (dict(batch_size=0), "batch_size"),
    (dict(batch_size=60_001), "batch_size"),
    (dict(batch_size=1500, train_limit=1000), "batch_size"),
    (dict(batch_size=950, train_limit=1000, validation_split=0.1), "batch_size"),
    (dict(learning_rate=-0.1), "learning_rate"),
    (dict(learning_rate=0.0), "learning_rate"),
    (dict(preset="resnet"), "preset"),
    (dict(optimizer="adagrad"), "optimizer"),
    (dict(loss="hinge"), "loss"),
    (dict(validation_split=0.6), "validation_split"),
    (dict(validation_split=-0.1), "validation_split"),
    (dict(early_stopping=True), "validation_split"),
    (dict(snapshot_epochs=(11,), epochs=10), "snapshot_epochs"),
    (dict(preset="custom", hidden_sizes=()), "hidden_sizes"),
    (dict(preset="custom", activation="swish"), "activation"),
    (dict(preset="custom", dropout=1.0), "dropout"),
    (dict(hidden_sizes=(10,)), "hidden_sizes"),
    (dict(augment=True), "augment"),
    (dict(preset="numpy2layer", optimizer="adam"), "optimizer"),
    (dict(preset="cnn_fast", lr_decay=0.9), "lr_decay"),
])
def test_bad_config_names_the_field(fields, name):
    with pytest.raises(ValueError, match=name):
        TrainConfig(**fields)


def test_bad_config_message_gives_the_range():
    with pytest.raises(ValueError, match=r"between 0 and 0\.5"):
        TrainConfig(validation_split=0.9)
    with pytest.raises(ValueError, match=r"from 1 to 10000"):
        TrainConfig(epochs=0)
    with pytest.raises(ValueError, match="sgd, momentum, rmsprop, adam"):
        TrainConfig(optimizer="lbfgs")


def test_defaults_come_from_the_preset_and_fix_the_run_id():
    c = TrainConfig(preset="cnn").normalized()
    assert (c.epochs, c.batch_size, c.learning_rate, c.optimizer) == (3, 64, 1e-3, "adam")
    assert (c.validation_split, c.augment, c.lr_decay) == (0.1, True, 0.95)
    assert c.train_size == 54_000
    s3 = TrainConfig(preset="numpy2layer").normalized()
    assert (s3.batch_size, s3.learning_rate, s3.optimizer) == (100, 0.5, "sgd")
    s1 = TrainConfig(preset="dense512").normalized()
    assert (s1.batch_size, s1.optimizer) == (128, "rmsprop")

    # the same training spelled two ways has one id; any real change gives another
    explicit = TrainConfig(preset="mlp512x256", epochs=10, batch_size=128, learning_rate=0.001,
                           optimizer="adam", validation_split=0.0, patience=7)
    assert explicit.run_id == TrainConfig(preset="mlp512x256").run_id
    assert len(explicit.run_id) == 10
    ids = {TrainConfig(seed=1).run_id, TrainConfig(epochs=11).run_id, TrainConfig(learning_rate=0.01).run_id,
           TrainConfig(snapshot_epochs=[5]).run_id, TrainConfig(train_limit=1000).run_id, explicit.run_id}
    assert len(ids) == 6
    # another optimizer without a rate gets that optimizer's usual rate
    assert TrainConfig(optimizer="sgd").normalized().learning_rate == 0.01
    # lists from JSON or widgets are accepted and round-trip
    c = TrainConfig(preset="custom", hidden_sizes=[64, 32], snapshot_epochs=[2])
    assert TrainConfig.from_dict(json.loads(json.dumps(c.to_dict()))) == c


# ---- small real trainings ----------------------------------------------------------

def small(preset="mlp512x256", **fields):
    fields.setdefault("epochs", 1)
    fields.setdefault("train_limit", 2000)
    return TrainConfig(preset=preset, **fields)


def test_small_training_gives_a_full_run():
    calls = []
    run = train(small(epochs=2, validation_split=0.2), on_epoch=lambda e, logs, total: calls.append((e, logs, total)))
    assert list(run.history.columns) == HISTORY_COLUMNS
    assert list(run.history["epoch"]) == [1, 2]
    assert [(e, total) for e, _, total in calls] == [(1, 2), (2, 2)]
    assert calls[1][1]["test_accuracy"] == run.history["test_accuracy"].iloc[1]
    assert run.history[["loss", "accuracy", "val_loss", "val_accuracy", "test_accuracy"]].notna().all().all()
    assert run.history["loss"].iloc[1] < run.history["loss"].iloc[0]

    (_, _), (_, y_test) = load_mnist()
    assert run.test_probs.shape == (10000, 10) and run.test_probs.dtype == np.float32
    assert np.allclose(run.test_probs.sum(axis=1), 1.0, atol=1e-4)
    accuracy = float(np.mean(run.test_probs.argmax(axis=1) == y_test))
    assert run.metrics["test_accuracy"] == pytest.approx(accuracy)
    assert accuracy == pytest.approx(run.history["test_accuracy"].iloc[-1])
    assert accuracy > 0.85
    m = run.metrics
    assert m["status"] == "complete" and m["epochs_run"] == 2 and m["best_epoch"] == 2
    assert m["train_size"] == 1600 and m["val_size"] == 400 and m["seconds"] > 0
    # the model returned is the trained one
    x = (np.asarray(load_mnist()[1][0][:20], np.float32) / 255).reshape(20, 784)
    assert np.allclose(np.asarray(run.model(x, training=False)), run.test_probs[:20], atol=1e-5)


def test_same_config_same_run():
    config = small("custom", epochs=2, hidden_sizes=(64,), dropout=0.3, validation_split=0.1)
    a, b = train(config), train(config)
    cols = [c for c in HISTORY_COLUMNS if c != "seconds"]
    assert a.history[cols].equals(b.history[cols])
    assert np.array_equal(a.test_probs, b.test_probs)
    c = train(TrainConfig(**{**config.to_dict(), "seed": 1}))
    assert not np.array_equal(a.test_probs, c.test_probs)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "rmsprop"])
def test_every_optimizer_learns(optimizer):
    run = train(small("dense512", optimizer=optimizer, batch_size=20))
    assert run.metrics["test_accuracy"] > 0.7
    assert run.history["learning_rate"].iloc[0] == TrainConfig(optimizer=optimizer).normalized().learning_rate


def test_mean_squared_error_loss_learns():
    run = train(small("dense512", epochs=2, loss="mse", validation_split=0.1))
    assert run.history["loss"].iloc[-1] < 0.1  # MSE of probabilities is small
    assert run.metrics["test_accuracy"] > 0.7


def test_snapshot_keeps_that_epochs_state():
    run = train(small(epochs=3, snapshot_epochs=(1,)))
    snap = run.snapshots[1]
    assert set(run.snapshots) == {1}
    (_, _), (_, y_test) = load_mnist()
    assert np.mean(snap.test_probs.argmax(axis=1) == y_test) == pytest.approx(run.history["test_accuracy"].iloc[0])
    assert snap.metrics["test_accuracy"] == pytest.approx(run.history["test_accuracy"].iloc[0])
    assert snap.metrics["epochs_run"] == 1
    assert not np.array_equal(snap.test_probs, run.test_probs)
    # one 3-epoch run's epoch 1 is exactly the 1-epoch run
    assert np.array_equal(snap.test_probs, train(small(epochs=1)).test_probs)


def test_early_stopping_restores_the_best_epoch():
    # 100 digits to learn from and a high rate: val_loss soon gets worse
    config = small("mlp512x256", epochs=30, train_limit=200, validation_split=0.5, batch_size=20,
                   learning_rate=0.01, early_stopping=True, patience=2)
    run = train(config)
    h = run.history
    best = int(h["val_loss"].idxmin()) + 1
    assert run.metrics["stopped_early"] and len(h) == best + 2 < 30
    assert run.metrics["best_epoch"] == best
    assert run.metrics["test_accuracy"] == pytest.approx(h["test_accuracy"].iloc[best - 1])
    assert run.metrics["test_accuracy"] != pytest.approx(h["test_accuracy"].iloc[-1])
    x = (np.asarray(load_mnist()[1][0], np.float32) / 255).reshape(-1, 784)
    restored = np.asarray(run.model(x, training=False))
    assert np.allclose(restored, run.test_probs, atol=1e-5)


def test_should_stop_between_epochs():
    done = []
    run = train(small(epochs=5), on_epoch=lambda e, logs, total: done.append(e), should_stop=lambda: len(done) >= 2)
    assert run.status == "stopped" and run.metrics["stopped_at_epoch"] == 2
    assert list(run.history["epoch"]) == [1, 2]
    assert run.metrics["test_accuracy"] == pytest.approx(run.history["test_accuracy"].iloc[-1])


@pytest.mark.parametrize("preset", ["numpy2layer", "mlp512x256"])
def test_should_stop_inside_an_epoch_goes_back_to_the_last_whole_epoch(preset):
    done, polls = [], []

    def should_stop():
        polls.append(len(done))
        return len(done) == 1 and polls.count(1) > 1  # asked again inside epoch 2

    # small batches make epoch 2 long enough to be polled inside
    run = train(small(preset, epochs=3, train_limit=6000, batch_size=10),
                on_epoch=lambda e, logs, total: done.append(e), should_stop=should_stop)
    assert run.status == "stopped" and run.metrics["stopped_at_epoch"] == 1
    assert list(run.history["epoch"]) == [1]
    (_, _), (x_test, y_test) = load_mnist()
    assert run.metrics["test_accuracy"] == pytest.approx(run.history["test_accuracy"].iloc[0])
    x = (np.asarray(x_test[:50], np.float32) / 255).reshape(50, 784)
    now = run.model.predict(x) if preset == "numpy2layer" else np.asarray(run.model(x, training=False))
    assert np.allclose(now, run.test_probs[:50], atol=1e-5)  # the model holds epoch 1's weights


def test_an_exception_in_on_epoch_aborts():
    def boom(epoch, logs, total):
        raise RuntimeError("page closed")

    with pytest.raises(RuntimeError, match="page closed"):
        train(small("numpy2layer"), on_epoch=boom)


@pytest.mark.slow
def test_cnn_trains_with_augmentation_and_the_notes_schedule():
    run = train(small("cnn", epochs=2, train_limit=1280))
    h = run.history
    assert h["learning_rate"].tolist() == pytest.approx([1e-3, 1e-3 * 0.95])
    assert h["val_accuracy"].notna().all()  # 10 % held out, as in the notes
    train_idx, val_idx = validation_split(load_mnist()[0][1][:1280], 0.1, seed=0)  # stratified
    assert (run.metrics["train_size"], run.metrics["val_size"]) == (len(train_idx), len(val_idx))
    assert len(train_idx) + len(val_idx) == 1280 and 120 <= len(val_idx) <= 136
    # 36 steps leave BatchNorm's moving statistics far from settled, so test
    # accuracy says little yet; the training accuracy shows it learns
    assert h["accuracy"].iloc[1] > max(h["accuracy"].iloc[0], 0.3)
    assert np.allclose(run.test_probs.sum(axis=1), 1.0, atol=1e-4)


def test_the_engines_augmentation_is_core_augment():
    # The engine draws each epoch's transforms with core.augment and warps each
    # batch in TensorFlow: the same digits come out as core.augment.augment makes.
    from core.augment import NOTES_SETTINGS, augment, random_transforms, transform_matrices
    from core.engines import warp

    x = load_mnist()[0][0][:300, :, :, None].astype(np.float32) / 255
    matrices = transform_matrices(*random_transforms(len(x), NOTES_SETTINGS, np.random.default_rng(4)))
    warped = np.asarray(warp(x, matrices.astype(np.float32)))
    expected = augment(x, NOTES_SETTINGS, rng=np.random.default_rng(4))
    assert warped.shape == expected.shape
    assert np.abs(warped - expected).max() < 1e-4
    assert np.abs(warped - x).max() > 0.5  # and they were moved


def test_fused_batch_norm_computes_what_keras_batch_norm_does():
    import keras
    import tensorflow as tf

    from core.engines import fused_batch_norm

    rng = np.random.default_rng(0)
    x = tf.constant(rng.normal(2.0, 3.0, (64, 5, 5, 8)).astype(np.float32))
    upstream = tf.constant(rng.normal(size=(64, 5, 5, 8)).astype(np.float32))
    gamma, beta = rng.uniform(0.5, 2.0, 8).astype(np.float32), rng.normal(size=8).astype(np.float32)
    layers = []
    for _ in range(2):
        layer = keras.layers.BatchNormalization()
        layer.build(x.shape)
        layer.gamma.assign(gamma)
        layer.beta.assign(beta)
        layers.append(layer)
    keras_bn, fused = layers
    results = []
    for forward, layer in ((lambda v: keras_bn(v, training=True), keras_bn),
                           (lambda v: fused_batch_norm(fused, v), fused)):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = forward(x)
            loss = tf.reduce_sum(y * upstream)
        grads = tape.gradient(loss, [x, layer.gamma, layer.beta])
        results.append([y, *grads, layer.moving_mean, layer.moving_variance])
    for a, b in zip(*results):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-4, atol=1e-4)
    assert not np.allclose(np.asarray(fused.moving_variance), 1.0)  # the moving averages moved


def test_one_cycle_climbs_to_its_peak_then_falls_to_zero():
    from core.engines import one_cycle_schedule

    schedule = one_cycle_schedule(0.01, 100)
    rates = [float(schedule(step)) for step in (0, 10, 25, 60, 100)]
    assert rates[0] == pytest.approx(0.001) and rates[2] == pytest.approx(0.01)
    assert rates[0] < rates[1] < rates[2] > rates[3] > rates[4] and rates[4] == pytest.approx(0.0, abs=1e-9)


def test_cnn_fast_learns_with_its_defaults_and_is_deterministic():
    c = TrainConfig(preset="cnn_fast").normalized()
    assert (c.batch_size, c.optimizer, c.augment, c.validation_split, c.lr_decay) == (256, "adam", True, 0.0, 1.0)
    # 50 steps of 256, one whole learning-rate cycle (fewer leave BatchNorm's moving statistics unsettled)
    config = small("cnn_fast", train_limit=12_800)
    a, b = train(config), train(config)
    assert np.array_equal(a.test_probs, b.test_probs)
    assert a.metrics["test_accuracy"] > 0.9
    assert a.history["learning_rate"].iloc[-1] == pytest.approx(0.0, abs=1e-9)  # the cycle's end
    (_, _), (x_test, _) = load_mnist()
    x = x_test[:20, :, :, None].astype(np.float32) / 255
    assert np.allclose(np.asarray(a.model(x, training=False)), a.test_probs[:20], atol=1e-5)


def test_config_and_store_modules_do_not_import_tensorflow():
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "import core.training, core.runs, core.models, core.train\n"
        "core.training.TrainConfig(preset='cnn').run_id\n"
        "print('tensorflow' in sys.modules, 'keras' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["False", "False"]
