"""AppTest checks for the training page: real (tiny) trainings started from the page."""
import json
import time

import numpy as np
import pytest

from core.data import load_mnist
from core.runs import RunStore
from core.training import TrainConfig
from tests.helpers import all_text, open_page

TIMEOUT = 300


def rerun(at):
    # AppTest does not see the sidebar's language radio after switch_page, so it
    # would send no value for it: give the language again, as the URL does.
    at.session_state["lang"] = at.query_params.get("lang", "en")
    return at.run()


def click(at, key):
    at.button(key=key).click()
    return rerun(at)


def set_form(at, preset, **values):
    """Pick a preset (its defaults fill the form), then set some widgets by name."""
    if at.radio(key="train_preset").value != preset:
        at.radio(key="train_preset").set_value(preset)
        rerun(at)
    for name, value in values.items():
        widget = next(w for kind in ("number_input", "selectbox", "select_slider", "slider", "checkbox",
                                     "multiselect") for w in getattr(at, kind) if w.key == f"train_{name}")
        widget.set_value(value)
    return rerun(at)


JOB = "job_train"  # where ui.jobs keeps the page's training


def wait_for_job(at, timeout=TIMEOUT):
    """Re-run the page (as the fragment's timer does) until the training has ended."""
    deadline = time.monotonic() + timeout
    while JOB in at.session_state and time.monotonic() < deadline:
        time.sleep(0.5)
        rerun(at)
    assert JOB not in at.session_state, "the training did not end"
    return at


def running_job(at):
    return at.session_state[JOB]["job"]


def wait_for(condition, job, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while not condition(job.progress()):
        assert job.running, job.progress()["error"]
        assert time.monotonic() < deadline, job.progress()
        job.join(0.1)


def chart_titles(at):
    return {json.loads(c.proto.spec)["layout"].get("title", {}).get("text") for c in at.get("plotly_chart")}


def image_captions(at):
    return [img.caption for image in at.get("image") for img in image.proto.imgs]


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_numpy_run_trained_from_the_page_shows_its_results(app_home):
    at = open_page("pages/train.py", timeout=TIMEOUT)
    set_form(at, "numpy2layer", epochs=1, train_limit=2000)
    click(at, "train_start")
    assert not at.exception
    wait_for_job(at)
    assert not at.exception

    config = TrainConfig(preset="numpy2layer", epochs=1, train_limit=2000)
    run = RunStore().load(config.run_id)
    assert run.status == "complete" and len(run.history) == 1
    text = all_text(at)
    assert f"stored as run {config.run_id}" in text
    assert metrics(at)["Test accuracy"] == f"{run.test_accuracy:.2%}"
    errors = int(np.sum(run.predicted != load_mnist()[1][1]))
    assert metrics(at)["Wrong answers (of 10,000)"] == f"{errors:,}"
    # The notes' grids: 9 right, 9 wrong, then the most confident mistakes.
    captions = image_captions(at)
    assert len(captions) == 27
    pairs = [c.split(" · ")[0].replace("true ", "").split(" / predicted ") for c in captions]
    assert all(t == p for t, p in pairs[:9]) and all(t != p for t, p in pairs[9:])
    titles = chart_titles(at)
    assert {"Loss per epoch", "Accuracy per epoch", "Confusion matrix (test set)", "Accuracy per digit"} <= titles

    # The run deleted in another tab: a message, not a traceback.
    RunStore().delete(config.run_id)
    rerun(at)
    assert not at.exception
    assert "no longer in the run store" in all_text(at)


@pytest.mark.slow
def test_keras_run_trained_from_the_page_in_korean(app_home):
    at = open_page("pages/train.py", lang="ko", timeout=TIMEOUT)
    assert "신경망 학습하기" in all_text(at)
    set_form(at, "dense512", epochs=1, train_limit=2000)
    click(at, "train_start")
    wait_for_job(at)
    assert not at.exception
    run = RunStore().load(TrainConfig(preset="dense512", epochs=1, train_limit=2000).run_id)
    assert run.status == "complete"
    assert "저장했습니다" in all_text(at)
    assert metrics(at)["테스트 정확도"] == f"{run.test_accuracy:.2%}"
    assert run.test_accuracy > 0.8  # one epoch on 2,000 digits already learns
    assert any(c.startswith("정답 ") and " / 예측 " in c for c in image_captions(at))


def test_stored_config_is_shown_without_training_again(app_home, monkeypatch):
    config = TrainConfig(preset="numpy2layer", epochs=2, train_limit=2000, learning_rate=0.1)
    stored = RunStore().get_or_train(config)

    import core.runs

    def no_training(*args, **kwargs):
        raise AssertionError("train() called for a stored config")

    monkeypatch.setattr(core.runs, "train", no_training)
    at = open_page("pages/train.py", timeout=TIMEOUT)
    set_form(at, "numpy2layer", epochs=2, train_limit=2000, learning_rate=0.1)
    click(at, "train_start")
    assert not at.exception
    assert JOB not in at.session_state  # no training started
    text = all_text(at)
    assert "from the run store, trained " in text
    assert stored.created.replace("T", " ")[:16] in text
    assert metrics(at)["Test accuracy"] == f"{stored.test_accuracy:.2%}"


def test_live_progress_then_stop_keeps_the_whole_epochs(app_home):
    at = open_page("pages/train.py", timeout=TIMEOUT)
    set_form(at, "numpy2layer", epochs=200)  # minutes of work: Stop comes long before the end
    click(at, "train_start")
    assert at.button(key="train_start").disabled  # one training per session at a time
    job = running_job(at)
    wait_for(lambda p: p["epoch"] >= 2 and p["batch"] is not None, job)
    rerun(at)  # what the page's fragment shows every second
    assert not at.exception
    [bar] = at.get("progress")
    assert bar.proto.text.startswith("Epoch ") and " · batch " in bar.proto.text and " left" in bar.proto.text
    assert {"Loss per epoch", "Accuracy per epoch", "Loss, batch by batch (this epoch)"} <= chart_titles(at)

    click(at, "train_stop")
    wait_for_job(at)
    assert not at.exception
    config = TrainConfig(preset="numpy2layer", epochs=200)
    run = RunStore().load(config.run_id)
    assert run.status == "stopped" and 2 <= run.metrics["stopped_at_epoch"] < 200
    assert f"Stopped at epoch {run.metrics['stopped_at_epoch']} of 200" in all_text(at)
    assert metrics(at)["Epochs"] == str(run.metrics["stopped_at_epoch"])  # the stopped run's results
    assert not list(RunStore().root.glob(".tmp-*"))  # no half-written run left behind

    # The page still works: the next training runs to the end.
    assert not at.button(key="train_start").disabled
    set_form(at, "numpy2layer", epochs=1, train_limit=2000)
    click(at, "train_start")
    wait_for_job(at)
    assert "stored as run" in all_text(at)


def test_form_makes_invalid_settings_impossible(app_home):
    at = open_page("pages/train.py", timeout=TIMEOUT)
    # early stopping needs a validation split
    assert at.slider(key="train_validation_split").value == 0.0
    assert at.checkbox(key="train_early_stopping").disabled
    set_form(at, "mlp512x256", validation_split=0.2)
    assert not at.checkbox(key="train_early_stopping").disabled
    # snapshots are epochs of this run, before its last
    set_form(at, "mlp512x256", epochs=3)
    assert at.multiselect(key="train_snapshot_epochs").options == ["1", "2"]
    # each preset brings its notes' settings; the NumPy net trains with plain SGD only
    set_form(at, "cnn")
    assert at.select_slider(key="train_batch_size").value == 64
    assert at.checkbox(key="train_augment").value is True
    set_form(at, "numpy2layer")
    assert at.selectbox(key="train_optimizer").value == "sgd"
    assert at.selectbox(key="train_optimizer").disabled
    assert at.select_slider(key="train_learning_rate").value == 0.5
    assert not [w for w in at.checkbox if w.key == "train_augment"]  # augmentation is for the CNN only
    # the custom MLP's layers
    set_form(at, "custom", layers=3)
    assert [at.select_slider(key=f"train_hidden_{i}").value for i in range(3)] == [256, 128, 128]
    assert not at.exception


def test_preset_notes_in_korean(app_home):
    at = open_page("pages/train.py", lang="ko", timeout=TIMEOUT)
    assert not at.exception
    preset = at.radio(key="train_preset")
    assert preset.options[:4] == ["S1 · dense512", "S2 · mlp512x256", "S3 · numpy2layer", "S4 · cnn"]
    assert "10 에포크 대 50 에포크" in preset.proto.captions[1]
    assert at.button(key="train_start").label == "학습 시작"


def test_leaving_the_page_mid_training_still_stores_the_run(app_home):
    from core import background

    at = open_page("pages/train.py", timeout=TIMEOUT)
    set_form(at, "numpy2layer", epochs=3, train_limit=5000)
    with background.occupied(RunStore()):  # as if another session were training: ours waits its turn
        click(at, "train_start")
        assert any(b.proto.text.startswith("Waiting: another training") for b in at.get("progress"))
        job = running_job(at)
        at.switch_page("pages/runs.py")
        rerun(at)
        assert not at.exception
    assert background.wait(job, timeout=TIMEOUT)  # the thread goes on without the page
    run = RunStore().load(TrainConfig(preset="numpy2layer", epochs=3, train_limit=5000).run_id)
    assert run.status == "complete" and len(run.history) == 3

    # Back on the training page, the finished job turns into its results.
    at.switch_page("pages/train.py")
    rerun(at)
    assert JOB not in at.session_state
    assert f"stored as run {run.run_id}" in all_text(at)
