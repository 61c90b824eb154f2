"""AppTest checks for the activation functions page."""
import base64
import json

import numpy as np
import pytest

from tests.helpers import all_text, modules_after_page, open_page

PAGE = "pages/activations.py"


def chart(at, key):
    return json.loads(next(c for c in at.get("plotly_chart") if c.proto.id.endswith(key)).proto.spec)


def values(data):
    """A Plotly trace's x or y as an array: plain lists or Plotly's typed-array encoding."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
    return np.asarray(data, dtype=float)


def trace(spec, name):
    return next(d for d in spec["data"] if d.get("name") == name)


def test_page_runs_in_english(app_home):
    at = open_page(PAGE)
    assert not at.exception
    text = all_text(at)
    assert "Activation functions and logistic regression" in text
    assert "0.25" in text and "Dying ReLU" in text
    assert r"\sigma(x) = \frac{1}{1 + e^{-x}}" in text
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Sum of the probabilities"] == "1.000000"
    assert metrics["Sigmoid, depth 10: at most 0.25^10"] == "9.54e-07"
    names = {d["name"] for d in chart(at, "act_curves")["data"]}
    assert {"Sigmoid", "Sigmoid′", "tanh", "ReLU", "Leaky ReLU", "Leaky ReLU′"} <= names


def test_page_runs_in_korean(app_home):
    at = open_page(PAGE, lang="ko")
    assert not at.exception
    text = all_text(at)
    assert "활성화 함수와 로지스틱 회귀" in text
    assert "기울기 소실" in text and "죽은 ReLU" in text
    # AppTest forgets the sidebar's language after switch_page (a browser keeps it): set it again.
    at.session_state["lang"] = "ko"
    at.button(key="act_train").click().run()
    assert not at.exception
    assert "테스트 정확도" in {m.label for m in at.metric}


def test_parameter_slider_changes_the_plotted_data(app_home):
    at = open_page(PAGE)
    before = values(trace(chart(at, "act_curves"), "Leaky ReLU")["y"])
    x = values(trace(chart(at, "act_curves"), "Leaky ReLU")["x"])
    np.testing.assert_allclose(before[x < 0], 0.1 * x[x < 0])  # the notes' max(0.1x, x)
    at.slider(key="act_leaky_relu_alpha").set_value(0.3).run()
    assert not at.exception
    after = values(trace(chart(at, "act_curves"), "Leaky ReLU")["y"])
    np.testing.assert_allclose(after[x < 0], 0.3 * x[x < 0])
    np.testing.assert_allclose(after[x > 0], before[x > 0])
    slope = values(trace(chart(at, "act_curves"), "Leaky ReLU′")["y"])
    assert set(np.round(slope, 6)) == {0.3, 1.0}


def test_maxout_sliders_and_x_range(app_home):
    at = open_page(PAGE)
    at.multiselect(key="act_pick").set_value(["maxout"]).run()
    at.slider(key="act_x_range").set_value((-2.0, 2.0)).run()
    at.slider(key="act_maxout_w2").set_value(0.0).run()
    assert not at.exception
    spec = chart(at, "act_curves")
    x, y = values(trace(spec, "Maxout")["x"]), values(trace(spec, "Maxout")["y"])
    assert x.min() == -2.0 and x.max() == 2.0
    np.testing.assert_allclose(y, np.maximum(x, 0.0))  # w1 = 1, w2 = 0: ReLU


def test_apart_layout_uses_two_plots(app_home):
    at = open_page(PAGE)
    at.radio(key="act_layout").set_value("apart").run()
    assert not at.exception
    spec = chart(at, "act_curves")
    assert trace(spec, "Sigmoid").get("xaxis", "x") == "x"
    assert trace(spec, "Sigmoid′")["xaxis"] == "x2"


def test_softmax_playground(app_home):
    at = open_page(PAGE)
    at.number_input(key="act_logit_3").set_value(1000.0).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Sum of the probabilities"] == "1.000000"
    assert metrics["Most likely digit"] == "3"
    assert metrics["Its probability"] == "100.0%"
    at.number_input(key="act_logit_3").set_value(0.0).run()
    at.slider(key="act_temperature").set_value(5.0).run()
    hot = values(chart(at, "act_softmax")["data"][1]["y"])
    at.slider(key="act_temperature").set_value(0.5).run()
    cold = values(chart(at, "act_softmax")["data"][1]["y"])
    assert cold.max() > hot.max() and cold.argmax() == hot.argmax() == 7
    assert cold.sum() == pytest.approx(1.0) and hot.sum() == pytest.approx(1.0)


@pytest.mark.slow
def test_softmax_logits_from_a_digit(app_home):
    at = open_page(PAGE, timeout=180)
    at.radio(key="act_logit_source").set_value("digit").run()
    assert not at.exception
    assert "True label of this image: 7" in all_text(at)  # test image 0 is a 7
    assert {m.label: m.value for m in at.metric}["Most likely digit"] == "7"


def test_why_non_linear_demo(app_home):
    at = open_page(PAGE)
    residuals = [m.value for m in at.metric if m.label == "Error of the best single affine map"]
    assert float(residuals[0]) < 1e-10 < 1e-2 < float(residuals[1])
    before = chart(at, "act_stack_linear")
    at.button(key="act_new_layers").click().run()
    assert chart(at, "act_stack_linear") != before


def test_logistic_regression_section(app_home):
    at = open_page(PAGE, timeout=120)
    assert "Press Train" in all_text(at)
    at.button(key="act_train").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert float(metrics["Test accuracy"].rstrip("%")) >= 99.0
    assert metrics["Training images"] == "12,665"  # 5923 zeros + 6742 ones
    loss = values(chart(at, "act_loss")["data"][0]["y"])
    assert len(loss) == 101 and loss[-1] < loss[0]
    assert chart(at, "act_weights")["data"][0]["type"] == "heatmap"
    sigmoid = chart(at, "act_sigmoid")
    assert [d["name"] for d in sigmoid["data"][1:]] == ["0", "1"]
    assert sum(len(values(d["x"])) for d in sigmoid["data"][1:]) == 2115  # every 0 and 1 of the test set
    # changing a setting retrains at once, no second click
    at.selectbox(key="act_digit_b").set_value(8).run()
    at.slider(key="act_steps").set_value(20).run()
    assert not at.exception
    assert len(values(chart(at, "act_loss")["data"][0]["y"])) == 21
    assert [d["name"] for d in chart(at, "act_sigmoid")["data"][1:]] == ["0", "8"]


def test_same_digit_twice_is_refused(app_home):
    at = open_page(PAGE)
    at.selectbox(key="act_digit_b").set_value(0).run()
    at.button(key="act_train").click().run()
    assert not at.exception
    assert "Pick two different digits." in all_text(at)


def test_page_does_not_import_tensorflow(app_home):
    modules = modules_after_page(PAGE)
    assert "core.logreg" in modules and "plotly" in modules
    assert not {m for m in modules if m == "tensorflow" or m.startswith(("tensorflow.", "keras"))}
