"""AppTest checks for the Inside page on real tiny runs: a NumPy net with a
snapshot at epoch 1 and a dense512; test digits from the link, drawings, the
epoch slider, both languages, presenter mode, no TensorFlow for the NumPy net."""
import base64
import io
import json
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from core.data import load_mnist
from core.runs import RunStore
from core.sketch import canvas_to_mnist, paste_on_canvas
from core.training import TrainConfig
from tests.helpers import ROOT, all_text, home_with_trained_runs

PAGE = "pages/inside.py"
NUMPY_NET = TrainConfig(preset="numpy2layer", epochs=2, train_limit=2000, snapshot_epochs=(1,))
DENSE = TrainConfig(preset="dense512", epochs=1, train_limit=1000)
CHARTS_NUMPY = {"inside_layer_0", "inside_layer_1", "inside_layer_2", "inside_weights", "inside_map"}


@pytest.fixture(scope="module")
def trained_home(tmp_path_factory):
    home, _ = home_with_trained_runs(tmp_path_factory, "inside_page", [NUMPY_NET, DENSE])
    return home


@pytest.fixture
def home(trained_home, monkeypatch):
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(trained_home))
    return trained_home


@pytest.fixture(scope="module")
def test_digits():
    (_, _), (x_test, y_test) = load_mnist()
    return x_test, y_test


def open_inside(lang="en", **params):
    """The page opened from a link: the entry file with ?lang=..&key=value, then the page."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_keys(at):
    return {chart.proto.id.rsplit("-", 1)[-1] for chart in at.get("plotly_chart")}


def metrics(at):
    return {m.label: (m.value, m.proto.delta) for m in at.metric}


def image_captions(at):
    return [img.caption for image in at.get("image") for img in image.proto.imgs]


def canvas_value(rgba):
    """What streamlit-drawable-canvas 0.13 keeps in session state after a stroke."""
    png = io.BytesIO()
    Image.fromarray(rgba).save(png, "PNG")
    url = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    return {"drawing": {"raw": {"objects": [{"type": "path"}]}, "data": url}}


def probability(store, run_id, image):
    probs = store.predictor(run_id)(image[None])[0]
    return int(probs.argmax()), float(probs.max())


# ---- a test digit from the link, and the epoch slider ------------------------------------------

def test_link_opens_a_test_digit_and_the_slider_goes_back_to_epoch_1(home, test_digits):
    x_test, y_test = test_digits
    store = RunStore(home / "runs")
    run_id, index = NUMPY_NET.run_id, 3
    at = open_inside(run=run_id, digit=str(index))
    assert at.selectbox(key="inside_run").value == run_id
    assert at.radio(key="inside_source").value == "test"
    assert at.number_input(key="inside_test_index").value == index
    image = x_test[index].astype(np.float32) / 255

    slider = at.select_slider(key=f"inside_epoch_{run_id}")
    assert list(slider.options) == ["epoch 1", "epoch 2"] and slider.value == 2
    final = store.load(run_id)
    digit, p = probability(store, run_id, image)
    shown = metrics(at)
    assert shown["Test accuracy after epoch 2"][0] == f"{final.test_accuracy:.2%}"
    assert shown["Answer"] == (str(digit), f"probability {p:.1%}")
    assert f"Where the network looked to answer {digit}" in image_captions(at)
    assert chart_keys(at) == CHARTS_NUMPY  # probabilities, 3 layer strips, first-layer weights, the map
    text = all_text(at)
    assert f"Test digit · its label: {y_test[index]}" in image_captions(at)
    assert "Layer 1: 50 units, the 32 most active" in text
    assert "Layer 3: the 10 scores, one per digit" in text
    assert "The 16 first-layer units (of 50) most active for this input" in text

    at.select_slider(key=f"inside_epoch_{run_id}").set_value(1).run()
    assert not at.exception
    snapshot = store.load(f"{run_id}@1")
    assert snapshot.test_accuracy != final.test_accuracy  # the slider has something to show
    digit_1, p_1 = probability(store, f"{run_id}@1", image)
    shown = metrics(at)
    assert "Test accuracy after epoch 2" not in shown
    assert shown["Test accuracy after epoch 1"][0] == f"{snapshot.test_accuracy:.2%}"
    assert shown["Answer"] == (str(digit_1), f"probability {p_1:.1%}")
    assert at.query_params["run"] == f"{run_id}@1" and at.query_params["digit"] == str(index)


def test_link_to_a_snapshot_opens_it(home):
    run_id = NUMPY_NET.run_id
    at = open_inside(run=f"{run_id}@1", digit="0")
    assert at.select_slider(key=f"inside_epoch_{run_id}").value == 1
    assert "Test accuracy after epoch 1" in metrics(at)


def test_a_bad_link_falls_back_to_the_default(home):
    at = open_inside(run="nosuchrun", digit="99999")
    assert at.selectbox(key="inside_run").value == NUMPY_NET.run_id  # the run with snapshots
    assert at.radio(key="inside_source").value == "draw"
    assert "Draw a digit in the black square" in all_text(at)


# ---- drawings ---------------------------------------------------------------------------------

def test_a_drawing_is_read_and_shown_inside_the_dense_run(home, test_digits):
    x_test, _ = test_digits
    store = RunStore(home / "runs")
    at = open_inside()
    assert "Draw a digit in the black square" in all_text(at)
    assert chart_keys(at) == {"inside_weights", "inside_map"}  # before any drawing: the weights and the map
    at.selectbox(key="inside_run").set_value(DENSE.run_id).run()
    assert "This run kept no snapshots" in all_text(at)
    drawing = paste_on_canvas(x_test[0], 200, 40, 40)
    at.session_state["inside_canvas_0"] = canvas_value(drawing)
    at.run()
    assert not at.exception
    digit, p = probability(store, DENSE.run_id, canvas_to_mnist(drawing))
    assert metrics(at)["Answer"] == (str(digit), f"probability {p:.1%}")
    assert chart_keys(at) == {"inside_layer_0", "inside_weights", "inside_map"}
    assert "Probability" in [img.caption for image in at.get("image") for img in image.proto.imgs]
    text = all_text(at)
    assert "Layer 1: 512 units, the 32 most active" in text
    assert "The 16 first-layer units (of 512)" in text
    assert "keras.Sequential" in text and "layers.Dense(512" in text  # the code behind the run

    at.button(key="inside_clear").click().run()
    assert "Draw a digit in the black square" in all_text(at)


def test_a_drawing_handed_over_by_another_page(home, test_digits):
    x_test, _ = test_digits
    at = open_inside()
    image = x_test[1].astype(np.float32) / 255
    at.session_state["inside_handoff"] = {"image": image, "run": f"{NUMPY_NET.run_id}@1", "version": 1}
    at.run()
    assert not at.exception
    assert at.radio(key="inside_source").value == "sketch"
    assert "Your drawing from the Draw page" in image_captions(at)
    assert "Test accuracy after epoch 1" in metrics(at)


# ---- languages, presenter mode, an empty store ----------------------------------------------

def test_korean(home):
    at = open_inside(lang="ko", run=NUMPY_NET.run_id, digit="0")
    text = all_text(at)
    assert "신경망 들여다보기" in text and "층별로 보기" in text and "입력이 놓이는 자리" in text
    assert "2 에포크 뒤 테스트 정확도" in metrics(at)
    assert metrics(at)["답"][1].startswith("확률 ")
    assert at.select_slider(key=f"inside_epoch_{NUMPY_NET.run_id}").options == ["1 에포크", "2 에포크"]
    assert "Layer 1" not in text and "Inside the network" not in text


def test_presenter_mode_hides_developer_detail(home):
    at = open_inside(present="1", run=NUMPY_NET.run_id, digit="0")
    text = all_text(at)
    assert "Layer 1: 50 units" in text
    assert "affine1" not in text  # layer names
    assert "SmoothGrad" not in text and "Pick one of your trained runs" not in text
    assert [e.label for e in at.expander] == []  # no code
    assert chart_keys(at) == CHARTS_NUMPY


def test_empty_store_says_so_and_links_to_training(app_home):
    at = open_inside()
    assert "No trained run yet" in all_text(at)
    links = [link.proto.page for link in at.get("page_link")]
    assert "train" in links, links


# ---- no TensorFlow for the NumPy net ---------------------------------------------------------

def test_numpy_run_imports_no_tensorflow(home):
    """The whole page for a NumPy run and a test digit, in a fresh interpreter."""
    code = (
        "import sys, json\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from tests.test_page_inside import open_inside, chart_keys\n"
        f"at = open_inside(run={NUMPY_NET.run_id!r}, digit='5')\n"
        "print(json.dumps({'charts': sorted(chart_keys(at)), 'modules': sorted(sys.modules)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert set(result["charts"]) == CHARTS_NUMPY
    assert not {m for m in result["modules"] if m.split(".")[0] in ("tensorflow", "keras")}
