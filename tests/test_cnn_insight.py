"""The CNN page's numbers: schedule, layer table, feature maps, the machine."""
import threading
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from core import cnn_insight
from core.data import load_mnist
from core.runs import make_predictor


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


def test_a_device_file_is_no_gpu_for_the_cpu_build_of_tensorflow(monkeypatch):
    """Linux installs tensorflow-cpu (requirements.txt): /dev/nvidia0 alone must not promise a GPU."""
    from importlib import metadata

    monkeypatch.setattr(cnn_insight, "Path", lambda path: SimpleNamespace(exists=lambda: True))
    names = {d.metadata["Name"].lower().replace("_", "-") for d in metadata.distributions()}
    assert "tensorflow-cpu" in names and "tensorflow" not in names
    assert cnn_insight.machine_summary()["gpu"] is False


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
    probs = make_predictor(untrained, "cnn", threading.Lock())(x_test[:1] / 255.0)[0]
    assert probs.shape == (10,) and probs.sum() == pytest.approx(1, abs=1e-5)
