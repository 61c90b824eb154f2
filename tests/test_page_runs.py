"""AppTest checks for the runs page, on small real runs of the NumPy net (no TensorFlow)."""
import os

import pytest

from ui.i18n import t
from core.runs import RunStore
from core.training import TrainConfig
from tests.helpers import all_text, modules_after_page, open_page
from tests.test_page_train import click, metrics, rerun

TIMEOUT = 120


@pytest.fixture
def stored(app_home):
    """A 2-epoch run with its epoch-1 snapshot, and a second run."""
    store = RunStore()
    first = store.get_or_train(TrainConfig(preset="numpy2layer", epochs=2, snapshot_epochs=(1,), train_limit=2000))
    second = store.get_or_train(TrainConfig(preset="numpy2layer", epochs=1, learning_rate=0.1, train_limit=2000))
    return store, first, second


def choose(at, run_id):
    at.selectbox(key="runs_chosen").set_value(run_id)
    return rerun(at)


def test_lists_every_run_and_snapshot(stored):
    store, first, second = stored
    at = open_page("pages/runs.py", timeout=TIMEOUT)
    assert not at.exception
    table = at.dataframe[0].value
    assert sorted(table["run_id"]) == sorted([first.run_id, f"{first.run_id}@1", second.run_id])
    row = table.set_index("run_id").loc[first.run_id]
    assert row["preset"] == "numpy2layer" and row["epoch"] == 2 and row["batch_size"] == 100
    assert row["test_accuracy"] == pytest.approx(first.test_accuracy * 100)
    assert table.set_index("run_id").loc[f"{first.run_id}@1", "epoch"] == 1

    # open: the chosen run's metrics and charts
    choose(at, f"{first.run_id}@1")
    snapshot = store.load(f"{first.run_id}@1")
    assert metrics(at)["Test accuracy"] == f"{snapshot.test_accuracy:.2%}"
    assert metrics(at)["Epochs"] == "1"
    assert len(at.get("plotly_chart")) == 4


def test_label_a_run(stored):
    store, first, _ = stored
    at = open_page("pages/runs.py", timeout=TIMEOUT)
    choose(at, first.run_id)
    at.text_input(key=f"runs_label_{first.run_id}").input("my first net")
    click(at, "runs_save_label")
    assert not at.exception
    assert f"Label saved for run {first.run_id}" in all_text(at)
    assert store.load(first.run_id).label == "my first net"
    assert at.dataframe[0].value.set_index("run_id").loc[first.run_id, "label"] == "my first net"
    assert any(option.startswith("my first net") for option in at.selectbox(key="runs_chosen").options)


def test_delete_asks_first(stored):
    store, first, second = stored
    at = open_page("pages/runs.py", timeout=TIMEOUT)
    choose(at, second.run_id)
    click(at, "runs_delete")
    assert f"Delete run {second.run_id}?" in all_text(at)
    assert store.exists(second.run_id)  # nothing happens before the confirmation
    click(at, "runs_confirm_no")
    assert store.exists(second.run_id)
    assert "runs_confirm_yes" not in [b.key for b in at.button]

    click(at, "runs_delete")
    click(at, "runs_confirm_yes")
    assert not at.exception
    assert not store.exists(second.run_id)
    assert f"Run {second.run_id} was deleted." in all_text(at)
    assert second.run_id not in set(at.dataframe[0].value["run_id"])
    assert store.exists(first.run_id)


def test_run_deleted_in_another_tab_is_a_message(stored):
    store, first, second = stored
    at = open_page("pages/runs.py", timeout=TIMEOUT)
    choose(at, first.run_id)
    click(at, "runs_delete")
    store.delete(first.run_id)  # the other tab, while this one asks for confirmation
    click(at, "runs_confirm_yes")
    assert not at.exception
    assert f"Run {first.run_id} is no longer in the run store" in all_text(at)
    # and the page goes on with the runs that are left
    assert set(at.dataframe[0].value["run_id"]) == {second.run_id}
    assert metrics(at)["Test accuracy"] == f"{second.test_accuracy:.2%}"


def test_damaged_run_folder_is_a_warning(stored):
    store, first, second = stored
    os.remove(store.root / first.run_id / "test_probs.npy")
    (store.root / "0123456789").mkdir()  # a folder with nothing in it
    at = open_page("pages/runs.py", timeout=TIMEOUT)
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any(first.run_id in w and "test_probs.npy" in w for w in warnings)
    assert any("0123456789" in w for w in warnings)
    assert list(at.dataframe[0].value["run_id"]) == [second.run_id]


def test_empty_store_and_korean(app_home):
    at = open_page("pages/runs.py", lang="ko", timeout=TIMEOUT)
    assert not at.exception
    assert "아직 저장된 학습 기록이 없습니다" in all_text(at)


def test_runs_page_in_korean(stored):
    store, first, _ = stored
    at = open_page("pages/runs.py", lang="ko", timeout=TIMEOUT)
    assert not at.exception
    assert "저장된 학습 기록" in all_text(at)
    choose(at, first.run_id)
    assert metrics(at)["테스트 정확도"] == f"{first.test_accuracy:.2%}"
    click(at, "runs_delete")
    assert f"기록 {first.run_id}을(를) 삭제할까요?" in all_text(at)


def test_runs_page_does_not_import_tensorflow(stored):
    store, _, _ = stored
    modules = modules_after_page("pages/runs.py", env={**os.environ, "MNIST_STUDIO_HOME": str(store.root.parent)})
    assert "core.evaluate" in modules  # a run was opened
    assert not {m for m in modules if m.split(".")[0] in ("tensorflow", "keras")}


def test_a_confusion_cell_opens_its_test_digits(stored):
    import numpy as np

    from core import evaluate
    from core.data import load_mnist

    store, first, _ = stored
    at = open_page("pages/runs.py", timeout=TIMEOUT)
    choose(at, first.run_id)
    y_test = load_mnist()[1][1]
    matrix = evaluate.confusion_matrix(y_test, first.predicted)
    off_diagonal = matrix - np.diag(np.diag(matrix))
    true, predicted = np.unravel_index(off_diagonal.argmax(), matrix.shape)  # the commonest mistake
    # What a click on that cell sends (the chart's selection state), as the browser does.
    at.session_state["runs_open_confusion"] = {"selection": {
        "points": [{"x": str(predicted), "y": str(true), "curve_number": 1}], "point_indices": [], "box": [],
        "lasso": []}}
    rerun(at)
    assert not at.exception
    n = int(matrix[true, predicted])
    assert t("runs.cell_digits", n=n, true=true, predicted=predicted) in all_text(at)
    [strip] = [img for image in at.get("image") for img in image.proto.imgs if img.caption.startswith("The first ")]
    assert strip.caption == f"The first {min(24, n)}"


def test_the_code_behind_a_run_is_shown(stored):
    from core.run_code import run_script

    store, first, _ = stored
    at = open_page("pages/runs.py", timeout=TIMEOUT)
    choose(at, first.run_id)
    assert run_script(first.config).strip() in [c.value.strip() for c in at.code]
    assert f"MNIST Studio's run {first.run_id}" in run_script(first.config)
