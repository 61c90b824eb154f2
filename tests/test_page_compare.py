"""AppTest checks for the compare page, on tiny real runs of the NumPy net."""
import os
import shutil

import pytest

from core import background, compare, evaluate, experiments
from core.status import QUEUED
from core.data import load_mnist
from core.runs import RunStore
from core.training import TrainConfig
from tests.helpers import all_text, modules_after_page

TIMEOUT = 120
SLOW = TrainConfig(preset="numpy2layer", epochs=2, train_limit=2000, learning_rate=0.5, snapshot_epochs=(1,))
FAST = TrainConfig(preset="numpy2layer", epochs=2, train_limit=2000, learning_rate=1.5)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A store with two tiny runs (one with an epoch-1 snapshot), trained once per module."""
    root = tmp_path_factory.mktemp("compare_store") / "runs"
    store = RunStore(root)
    for config in (SLOW, FAST):
        store.get_or_train(config)
    return root


@pytest.fixture
def home(app_home, trained):
    shutil.copytree(trained, app_home / "runs")
    return app_home


def open_compare(runs=None, lang="en"):
    from streamlit.testing.v1 import AppTest

    from tests.helpers import ROOT

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    if runs is not None:
        at.query_params["runs"] = runs
    at.run()
    at.switch_page("pages/compare.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def image_captions(at):
    return [img.caption for image in at.get("image") for img in image.proto.imgs]


def cards(at):
    return [(m.label, m.value, m.delta) for m in at.metric]


def test_compares_two_runs_with_deltas_and_fixed_broken(home):
    a, b = SLOW.run_id, FAST.run_id
    at = open_compare(f"{a},{b}")
    assert at.multiselect(key="compare_runs").value == [a, b]
    assert at.query_params["runs"] == f"{a},{b}"

    store = RunStore()
    run_a, run_b = store.load(a), store.load(b)
    (_, _), (_, y_test) = load_mnist()
    shown = cards(at)
    assert len(shown) == 2
    assert shown[0][1] == f"{run_a.test_accuracy:.2%}" and shown[0][2] in (None, "")
    assert shown[1][1] == f"{run_b.test_accuracy:.2%}"
    assert shown[1][2] == f"{(run_b.test_accuracy - run_a.test_accuracy) * 100:+.2f} pt"

    table = at.dataframe[0].value
    assert any(str(c).startswith("Δ ") for c in table.columns)
    assert "Test errors (of 10,000)" in table.index

    fixed, broken = evaluate.changed_digits(run_a.test_probs, run_b.test_probs, y_test)
    text = all_text(at)
    assert f"Fixed: {len(fixed)} digits" in text
    assert f"Broken: {len(broken)} digits" in text
    assert len(fixed) and len(broken)  # lr 1.5 both loses and gains digits against 0.5
    captions = image_captions(at)
    assert len(captions) == min(len(fixed), 12) + min(len(broken), 12)
    n_fixed = min(len(fixed), 12)
    for i, caption in enumerate(captions):  # "true 7: 1 → 7"
        label, a_said, b_said = caption.replace("true ", "").replace(":", "").replace("→", "").split()
        if i < n_fixed:
            assert a_said != label and b_said == label
        else:
            assert a_said == label and b_said != label
    # six charts: loss, accuracy, gap, two confusion matrices, one difference, per class
    assert len(at.get("plotly_chart")) == 7


def test_korean(home):
    a = SLOW.run_id
    at = open_compare(f"{a}@1,{a}", lang="ko")
    text = all_text(at)
    assert "학습 비교" in text and "새로 맞힌 숫자" in text and "새로 틀린 숫자" in text
    assert any(label.startswith("테스트 정확도") for label, _, _ in cards(at))
    # a snapshot against its own run: named by epoch
    assert any("1 에포크" in label for label, _, _ in cards(at))
    assert any("2 에포크" in label for label, _, _ in cards(at))


def test_link_reopens_the_same_comparison(home):
    a, b = SLOW.run_id, FAST.run_id
    at = open_compare()
    at.multiselect(key="compare_runs").set_value([f"{a}@1", b, a]).run()
    assert not at.exception
    link = at.query_params["runs"]
    assert link == f"{a}@1,{b},{a}"
    again = open_compare(link)
    assert again.multiselect(key="compare_runs").value == [f"{a}@1", b, a]
    assert len(again.metric) == 3
    # with three runs, the fixed/broken section can pick which one to set against the baseline
    again.selectbox(key="compare_with").select_index(1).run()
    assert not again.exception


def test_bad_ids_in_the_link_are_named_and_left_out(home):
    a, b = SLOW.run_id, FAST.run_id
    at = open_compare(f"{a},nosuchrun,{b}@7,{b}")
    warning = " ".join(w.value for w in at.warning)
    assert "nosuchrun" in warning and f"{b}@7" in warning
    assert at.multiselect(key="compare_runs").value == [a, b]
    assert len(at.metric) == 2


def test_run_deleted_in_another_tab(home):
    from ui.runs import forget_runs

    a, b = SLOW.run_id, FAST.run_id
    at = open_compare(f"{a},{b}")
    RunStore().delete(b)
    at.run()  # the run list may still be cached: opening the run fails, with a message
    assert not at.exception
    assert any(b in e.value for e in at.error)
    assert "Choose at least two runs" in all_text(at)
    forget_runs()
    at.run()  # the list is fresh: the run is dropped from the choice, with a message
    assert not at.exception
    assert any(b in w.value for w in at.warning)
    assert at.multiselect(key="compare_runs").value == [a]


def test_damaged_runs_show_a_message(home):
    a, b = SLOW.run_id, FAST.run_id
    (home / "runs" / b / "test_probs.npy").write_bytes(b"not an array")
    (home / "runs" / "deadbeef00").mkdir()
    (home / "runs" / "deadbeef00" / "metrics.json").write_text("{")
    at = open_compare(f"{a},{b}")
    assert any("damaged run folder" in w.value for w in at.warning)
    assert any(b in e.value and "damaged" in e.value for e in at.error)
    at.multiselect(key="compare_runs").set_value([a, f"{a}@1"]).run()
    assert not at.exception
    assert len(at.metric) == 2


JOB = "job_compare"  # where ui.jobs keeps the page's training


@pytest.fixture
def tiny_experiments(monkeypatch):
    """The notes' experiments on the first 2,000 digits, one epoch (two for S2)."""
    monkeypatch.setenv(experiments.LIMIT_ENV, "2000")


def test_learning_rate_experiment_trains_then_loads(home, tiny_experiments):
    configs, ids = experiments.lr_experiment(2000)
    at = open_compare()
    # Hold the engine's one-training lock: the job waits, the page shows its progress.
    with background.occupied(RunStore()):
        at.button(key="compare_lr").click().run()
        assert [p.text for p in at.get("progress")] == ["Waiting: another training is running on this server…"]
        job = at.session_state[JOB]["job"]
        assert at.button(key="compare_lr").disabled
    assert background.wait(job, timeout=300)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="compare_runs").value == ids
    labels = [label for label, _, _ in cards(at)]
    assert [any(f"lr {rate}" in label for label in labels) for rate in (0.5, 1.2, 1.5)] == [True] * 3
    stored = RunStore()
    assert all(stored.load(i).status == "complete" for i in ids)

    # Stored now: the button opens the comparison at once, without a job.
    at.multiselect(key="compare_runs").set_value([SLOW.run_id, FAST.run_id]).run()
    assert "Already in the run store" in all_text(at)
    at.button(key="compare_lr").click().run()
    assert JOB not in at.session_state
    assert at.multiselect(key="compare_runs").value == ids


@pytest.mark.slow
def test_ten_against_fifty_epochs_trains_one_run_and_compares_its_snapshot(home, tiny_experiments):
    [config], ids = experiments.s2_experiment(2000)
    at = open_compare()
    at.button(key="compare_s2").click().run()
    job = at.session_state[JOB]["job"]
    assert job.run_ids == [config.run_id]  # one training gives both runs
    assert background.wait(job, timeout=300)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="compare_runs").value == ids == [f"{config.run_id}@1", config.run_id]
    assert [label for label, _, _ in cards(at)] == ["Test accuracy · mlp512x256 · 1 ep", "Test accuracy · mlp512x256 · 2 ep"]
    snapshot, run = RunStore().load(ids[0]), RunStore().load(ids[1])
    assert [value for _, value, _ in cards(at)] == [f"{snapshot.test_accuracy:.2%}", f"{run.test_accuracy:.2%}"]
    # Both can be seen: the snapshot is drawn last (on top of the run's first epoch), thick, and marked.
    import json

    [chart] = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if "compare_accuracy" in c.proto.id]
    names = [trace["name"] for trace in chart["data"]]
    assert names == ["mlp512x256 · 2 ep · Train", "mlp512x256 · 2 ep · Test",
                     "mlp512x256 · 1 ep · Train", "mlp512x256 · 1 ep · Test"]
    assert [trace["line"]["width"] for trace in chart["data"]] == [2, 2, 5, 5]
    assert [shape["x0"] for shape in chart["layout"]["shapes"]] == [1]
    assert chart["layout"]["annotations"][0]["text"] == "snapshot at epoch 1"


def test_experiment_shows_progress_and_can_be_stopped(home, tiny_experiments):
    from filelock import FileLock

    configs, ids = experiments.lr_experiment(2000)
    at = open_compare()
    # Hold the store's lock on the first run: the job is running but cannot train it yet.
    (home / "runs" / ".locks").mkdir(parents=True, exist_ok=True)
    with FileLock(str(home / "runs" / ".locks" / f"{ids[0]}.lock")):
        at.button(key="compare_lr").click().run()
        job = at.session_state[JOB]["job"]
        for _ in range(2400):  # until the job holds the engine (at most ~2 min)
            if job.progress()["state"] != QUEUED:
                break
            job.join(0.05)
        at.run()
        [text] = [p.text for p in at.get("progress")]
        assert text.startswith("Run 1 of 3: numpy2layer · lr 0.5 · Loading the digits and building the network…")
        at.button(key="compare_stop").click().run()
        shown = all_text(at)
    assert background.wait(job, timeout=120)
    at.run()
    assert not at.exception
    # said once, on the first run after the job ended (the Stop click's own run if it ended that fast)
    assert "The training was stopped." in shown + all_text(at)
    assert JOB not in at.session_state
    assert not any(RunStore().exists(i) for i in ids)


def test_s2_experiment_warns_about_time(home):
    at = open_compare()
    assert "50 epochs take a while" in all_text(at)
    assert not at.button(key="compare_s2").disabled


def test_no_tensorflow_on_the_page(home):
    modules = modules_after_page("pages/compare.py", env=dict(os.environ))
    assert "tensorflow" not in modules and "keras" not in modules


def test_short_names_tell_runs_apart(home):
    runs = RunStore().list()
    names = compare.short_names(runs, lambda n: f"{n} ep")
    assert names[FAST.run_id] == "numpy2layer · 2 ep · lr 1.5"
    assert names[SLOW.run_id] == "numpy2layer · 2 ep · lr 0.5"
    assert names[f"{SLOW.run_id}@1"] == "numpy2layer · 1 ep · lr 0.5"
    assert len(set(names.values())) == 3


def test_empty_store_points_to_training(app_home):
    at = open_compare("abc123")
    assert "No trained run is stored yet" in all_text(at)
    assert "abc123" in " ".join(w.value for w in at.warning)
    assert not at.button(key="compare_lr").disabled
