"""The CNN page's numbers: schedule, layer table, feature maps, time estimates."""
import numpy as np
import pandas as pd
import pytest

from core import cnn_insight
from core.data import load_mnist


def test_schedule_is_the_notes_formula():
    table = cnn_insight.learning_rate_table(40)
    assert list(table.epoch) == list(range(1, 41))
    assert table.scheduled.iloc[0] == pytest.approx(1e-3)
    assert table.scheduled.iloc[1] == pytest.approx(9.5e-4)
    assert table.scheduled.iloc[39] == pytest.approx(1e-3 * 0.95 ** 39)
    assert np.allclose(table.scheduled.iloc[1:].to_numpy() / table.scheduled.iloc[:-1].to_numpy(), 0.95)
    assert table.actual.isna().all()


def test_schedule_shows_a_runs_actual_rates():
    history = pd.DataFrame({"epoch": [1, 2, 3], "loss": [0.3, 0.1, 0.05],
                            "learning_rate": [1e-3, 9.5e-4, 9.025e-4]})
    table = cnn_insight.learning_rate_table(5, history)
    assert table.actual.iloc[:3].tolist() == pytest.approx([1e-3, 9.5e-4, 9.025e-4])
    assert table.actual.iloc[3:].isna().all()
    # A history without the column (e.g. an older or non-CNN run) draws the schedule only.
    assert cnn_insight.run_learning_rates(history.drop(columns="learning_rate")) is None
    assert cnn_insight.learning_rate_table(3, history.drop(columns="learning_rate")).actual.isna().all()


def test_maps_as_images_scales_each_map_by_its_peak():
    maps = np.zeros((4, 4, 3), dtype=np.float32)
    maps[0, 0, 0], maps[1, 1, 0] = 2.0, 1.0
    maps[2, 2, 1] = 0.01
    images = cnn_insight.maps_as_images(maps)
    assert images.shape == (3, 4, 4) and images.dtype == np.uint8
    assert images[0, 0, 0] == 255 and images[0, 1, 1] == 128
    assert images[1, 2, 2] == 255  # a weak filter is still visible
    assert not images[2].any()  # a silent one stays black


def test_seconds_per_epoch_from_stored_runs():
    runs = pd.DataFrame({
        "run_id": ["a", "b", "c", "d", "e", "b@2", "f"],
        "preset": ["cnn", "cnn", "dense512", "cnn", "cnn", "cnn", "cnn"],
        "epochs": [2, 4, 10, 3, 1, 4, 1],
        "epochs_run": [2, 4, 10, 0, 1, 2, 1],  # d was stopped before its first epoch ended
        "seconds": [200.0, 480.0, 20.0, 0.0, 3.0, 1.0, 55.0],
        "train_size": [54000, 54000, 60000, 54000, 540, 54000, 27000],  # e: 1 % of the digits, f: half
        "snapshot_of": ["", "", "", "", "", "b", ""],  # as RunStore.list() writes it
    })
    # a: 100 s, b: 120 s, f: 55 s on half the digits = 110 s; e (mostly start-up) is left out
    assert cnn_insight.seconds_per_epoch_from_runs(runs) == pytest.approx(110.0)
    # with only tiny runs, they are scaled up: 3 s on 540 digits = 300 s on 54,000
    assert cnn_insight.seconds_per_epoch_from_runs(runs[runs.run_id == "e"]) == pytest.approx(300.0)
    assert cnn_insight.seconds_per_epoch_from_runs(runs[runs.preset != "cnn"]) is None
    assert cnn_insight.seconds_per_epoch_from_runs(runs.iloc[:0]) is None


def test_suggested_epochs_fit_the_budget():
    assert cnn_insight.suggested_epochs(None, 7) == 40
    assert cnn_insight.suggested_epochs(1.0, 7) == 40  # a GPU: the notes' setting
    assert cnn_insight.suggested_epochs(120.0, 3, budget_seconds=3600) == 10
    assert cnn_insight.suggested_epochs(1000.0, 7) == 3


@pytest.fixture(scope="module")
def untrained():
    return cnn_insight.untrained_cnn(seed=0)


@pytest.mark.slow
def test_layer_table_of_the_notes_cnn(untrained):
    table = cnn_insight.layer_table(untrained)
    convs = table[table.type == "Conv2D"]
    # Two 3x3 convs shrink by 2 each, the strided 5x5 halves: 28 -> 26 -> 24 -> 12 -> 10 -> 8 -> 4 -> 1.
    assert convs.output_shape.tolist() == ["26 × 26 × 32", "24 × 24 × 32", "12 × 12 × 32", "10 × 10 × 64",
                                           "8 × 8 × 64", "4 × 4 × 64", "1 × 1 × 128"]
    # Parameters by hand: weights kh*kw*in*out plus one bias per filter.
    assert convs.params.tolist() == [3 * 3 * 1 * 32 + 32, 3 * 3 * 32 * 32 + 32, 5 * 5 * 32 * 32 + 32,
                                     3 * 3 * 32 * 64 + 64, 3 * 3 * 64 * 64 + 64, 5 * 5 * 64 * 64 + 64,
                                     4 * 4 * 64 * 128 + 128]
    assert convs.details.iloc[2] == "32 × 5×5, stride 2, same, relu"
    bn = table[table.type == "BatchNormalization"]
    assert (bn.params == 2 * bn.trainable_params).all()  # gamma, beta learnt; mean, variance tracked
    assert table.type.tolist().count("Dropout") == 3
    assert table.iloc[-1].output_shape == "10" and table.iloc[-1].params == 128 * 10 + 10
    assert table.params.sum() == untrained.count_params() == 327_242
    assert table.trainable_params.sum() == 326_410


@pytest.mark.slow
def test_feature_maps_match_the_model(untrained):
    _, (x_test, y_test) = load_mnist()
    names = cnn_insight.conv_layer_names(untrained)
    maps = cnn_insight.feature_maps(untrained, x_test[0], names[:2])
    assert list(maps) == names[:2]
    assert maps[names[0]].shape == (26, 26, 32) and maps[names[1]].shape == (24, 24, 32)
    assert (maps[names[0]] >= 0).all()  # after ReLU
    # The first map is exactly the first convolution applied by hand.
    kernel, bias = (np.asarray(w) for w in untrained.get_layer(names[0]).get_weights())
    image = x_test[0].astype(np.float32) / 255
    patches = np.lib.stride_tricks.sliding_window_view(image, (3, 3))  # (26, 26, 3, 3)
    by_hand = np.maximum(np.einsum("ijkl,klc->ijc", patches, kernel[:, :, 0, :]) + bias, 0)
    assert np.allclose(maps[names[0]], by_hand, atol=1e-5)
    # A blank image excites nothing but the biases: every map is flat.
    blank = cnn_insight.feature_maps(untrained, np.zeros((28, 28)), names[:1])[names[0]]
    assert np.allclose(blank.std(axis=(0, 1)), 0)
    probs = cnn_insight.predict_digit(untrained, x_test[0])
    assert probs.shape == (10,) and probs.sum() == pytest.approx(1, abs=1e-5)
    assert cnn_insight.conv_kernels(untrained, names[0]).shape == (32, 3, 3)
