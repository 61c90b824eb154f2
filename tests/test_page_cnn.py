"""AppTest checks for the CNN page: augmentation preview, learning-rate schedule, layers, feature maps."""
import base64
import io
import json

import numpy as np
import pytest
from PIL import Image

from ui.i18n import LANGUAGES
from core.training import TrainConfig
from tests.helpers import all_text, home_with_trained_runs, open_page

PAGE = "pages/cnn.py"
TINY_CNN = TrainConfig(preset="cnn", epochs=1, train_limit=1000)
TIMEOUT = 180


@pytest.fixture(scope="module")
def cnn_home(tmp_path_factory):
    """An app folder holding one tiny real cnn run (1 epoch on 1,000 digits)."""
    home, (run,) = home_with_trained_runs(tmp_path_factory, "cnn_home", [TINY_CNN])
    return home, run


@pytest.fixture
def home_with_run(cnn_home, monkeypatch):
    home, run = cnn_home
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(home))
    return run


def no_exception(at):
    assert not at.exception, [e.value for e in at.exception]


def keep_language(at, lang):
    """AppTest does not send the sidebar's language radio back, so the language
    falls back to English on the next run unless it is set again."""
    at.session_state["lang"] = lang
    return at


def chart(at, key):
    element = next(c for c in at.get("plotly_chart") if key in c.proto.id)
    return json.loads(element.proto.spec)


def values(array):
    """A Plotly array from a chart spec: a list, or typed binary data ({"dtype", "bdata"})."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
    return np.asarray(array)


def grid_tiles(spec, size):
    """The images of a ui.digit_grid chart (one PNG, a caption above each image), as bytes, in caption order."""
    png = base64.b64decode(spec["data"][0]["source"].split(",", 1)[1])
    sheet = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    tiles = []
    for caption in spec["layout"]["annotations"]:
        top, left = int(caption["y"]) + 1, int(caption["x"] - size / 2)
        tiles.append(sheet[top:top + size, left:left + size].tobytes())
    return tiles


def grid_rows(at):
    """The augmentation grid's images as rows: original, then its variants."""
    images = grid_tiles(chart(at, "cnn_aug_grid"), 28)
    return [images[i:i + 8] for i in range(0, len(images), 8)]


@pytest.mark.slow
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_page_with_a_trained_run(home_with_run, lang):
    run = home_with_run
    at = open_page(PAGE, lang=lang, timeout=TIMEOUT)
    no_exception(at)
    assert at.title[0].value == {"en": "A CNN with augmentation (S4)", "ko": "데이터 증강과 CNN (S4)"}[lang]
    # the stored run is the default source of weights, and its accuracy is shown
    assert at.selectbox(key="cnn_model_source").value == run.run_id
    assert f"{run.test_accuracy:.2%}" in all_text(at)
    # the layer table of the notes' network
    layers = at.dataframe[0].value
    assert len(layers) == 1 + 19  # input, 7 conv, 7 BatchNorm, 3 dropout, flatten, dense
    total = {"en": "Parameters in total", "ko": "전체 매개변수"}[lang]
    assert {m.label: m.value for m in at.metric}[total] == "327,242"
    # feature maps of the first convolution: 32 maps of 26x26
    maps = chart(at, "cnn_maps_grid")
    assert len(maps["layout"]["annotations"]) == 32 and len(set(grid_tiles(maps, 26))) > 1
    assert {"en": "32 maps of 26×26", "ko": "26×26 크기의 맵 32개"}[lang] in all_text(at)
    # the second convolution has 24x24 maps
    keep_language(at, lang).selectbox(key="cnn_maps_layer").select_index(1).run()
    no_exception(at)
    assert {"en": "32 maps of 24×24", "ko": "24×24 크기의 맵 32개"}[lang] in all_text(at)


@pytest.mark.slow
def test_learning_rate_of_a_run(home_with_run):
    run = home_with_run
    at = open_page(PAGE, timeout=TIMEOUT)
    lr = chart(at, "cnn_lr_chart")
    schedule = values(lr["data"][0]["y"])
    assert len(lr["data"]) == 1 and len(schedule) == 40  # the notes' 40 epochs, schedule only
    assert schedule[:2] == pytest.approx([1e-3, 9.5e-4]) and schedule[39] == pytest.approx(1e-3 * 0.95 ** 39)
    at.selectbox(key="cnn_lr_run").set_value(run.run_id).run()
    no_exception(at)
    lr = chart(at, "cnn_lr_chart")
    assert len(lr["data"]) == 2  # schedule and the rates the run really used
    assert len(values(lr["data"][0]["y"])) == run.config.epochs
    assert values(lr["data"][1]["y"]) == pytest.approx(run.history.learning_rate.tolist())


@pytest.mark.slow
def test_augmentation_sliders_drive_the_preview(home_with_run):
    at = open_page(PAGE, timeout=TIMEOUT)
    rows = grid_rows(at)
    assert len(rows) == 5
    assert all(len(set(row)) == 8 for row in rows)  # with the notes' settings every variant differs
    for key in ("cnn_rotation", "cnn_zoom", "cnn_width_shift", "cnn_height_shift"):
        at.slider(key=key).set_value(0.0)
    at.run()
    no_exception(at)
    assert all(len(set(row)) == 1 for row in grid_rows(at))  # no augmentation: copies of the original
    at.button(key="cnn_aug_reset").click().run()
    assert at.slider(key="cnn_rotation").value == 15.0 and at.slider(key="cnn_zoom").value == 0.15
    assert all(len(set(row)) == 8 for row in grid_rows(at))


@pytest.mark.slow
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_page_without_runs_shows_the_untrained_network(app_home, lang):
    at = open_page(PAGE, lang=lang, timeout=TIMEOUT)
    no_exception(at)
    assert at.selectbox(key="cnn_model_source").value == "untrained"
    assert {"en": "UNTRAINED network", "ko": "학습하지 않은 신경망"}[lang] in all_text(at)
    assert len(at.dataframe[0].value) == 20


@pytest.mark.slow
def test_a_run_trained_again_under_its_id_is_not_served_stale(cnn_home, tmp_path, monkeypatch):
    """A stopped run is trained again under the same id: the page must use the new model."""
    import os
    import shutil

    from core.data import load_mnist
    from core.runs import RunStore

    home, run = cnn_home
    shutil.copytree(home, tmp_path / "home")
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(tmp_path / "home"))
    other = RunStore(tmp_path / "other").get_or_train(TrainConfig(preset="cnn", epochs=1, train_limit=1000, seed=7))
    x_test = load_mnist()[1][0]

    def answer(store, run_id):
        probs = store.predictor(run_id)(x_test[:1] / 255.0)[0]
        return f"{int(probs.argmax())} ({float(probs.max()):.1%} sure)"

    at = open_page(PAGE, timeout=TIMEOUT)
    no_exception(at)
    assert answer(RunStore(), run.run_id) in all_text(at)
    # The run's folder is replaced by a new training (here: another seed's model under the same id).
    folder = tmp_path / "home" / "runs" / run.run_id
    shutil.copy(other.run_dir / "model.keras", folder / "model.keras")
    os.utime(folder / "metrics.json", ns=(1, (folder / "metrics.json").stat().st_mtime_ns + 10**9))
    at.run()
    no_exception(at)
    assert answer(RunStore(tmp_path / "other"), other.run_id) != answer(RunStore(home / "runs"), run.run_id)
    assert answer(RunStore(tmp_path / "other"), other.run_id) in all_text(at)


TINY_FAST = TrainConfig(preset="cnn_fast", epochs=1, train_limit=1000)


@pytest.fixture(scope="module")
def both_home(tmp_path_factory):
    """An app folder with one tiny cnn run and one tiny cnn_fast run."""
    home, runs = home_with_trained_runs(tmp_path_factory, "cnn_both_home", [TINY_CNN, TINY_FAST])
    return home, runs


@pytest.mark.slow
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_cnn_fast_runs_are_offered_beside_cnn(both_home, monkeypatch, lang):
    home, (cnn, fast) = both_home
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(home))
    at = open_page(PAGE, lang=lang, timeout=TIMEOUT)
    no_exception(at)
    assert len(at.selectbox(key="cnn_model_source").options) == 3  # both runs, and the untrained network
    # the notes' schedule is drawn for cnn runs only: cnn_fast's one cycle is another curve
    assert len(at.selectbox(key="cnn_lr_run").options) == 2  # none, and the cnn run
    keep_language(at, lang).selectbox(key="cnn_model_source").set_value(fast.run_id).run()
    no_exception(at)
    layers = at.dataframe[0].value
    assert len(layers) == 1 + 9  # input, 2 conv, 2 max pooling, 2 BatchNorm, flatten, 2 dense
    assert at.selectbox(key="cnn_maps_layer").options == [n for n in layers.iloc[:, 0] if n.startswith("conv2d")]
    # the page says how cnn_fast differs from the notes, and how to train it
    text = all_text(at)
    assert {"en": "batches of 256 instead of 64", "ko": "배치 64 대신 256"}[lang] in text
    assert "python -m core.train --preset cnn_fast --seeds 0-4" in text
    # its default run is not stored (these are tiny ones): the page says where to train it
    assert {"en": "cnn_fast with its defaults is not stored yet", "ko": "기본 설정의 cnn_fast 학습이 아직"}[lang] in text
