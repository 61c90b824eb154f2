"""AppTest checks for the ensemble page: members vs ensemble on stored runs, training from the page."""
import numpy as np
import pytest

from core.background import wait
from core.data import load_mnist
from core.ensemble import ensemble_report
from core.experiments import ensemble_configs as cnn_configs
from ui.i18n import LANGUAGES, t
from core.status import DONE, STOPPED
from core.runs import RunStore
from core.training import TrainConfig
from tests.helpers import all_text, home_with_trained_runs, modules_after_page, open_page
from tests.test_page_cnn import keep_language, no_exception

PAGE = "pages/ensemble.py"
NUMPY_RUNS = [TrainConfig(preset="numpy2layer", epochs=1, train_limit=2000, seed=s) for s in (1, 2, 3)]


@pytest.fixture(scope="module")
def numpy_home(tmp_path_factory):
    """An app folder with three tiny real NumPy-net runs (no TensorFlow needed)."""
    home, runs = home_with_trained_runs(tmp_path_factory, "ensemble_home", NUMPY_RUNS)
    return home, [run.run_id for run in runs]


@pytest.fixture
def home_with_runs(numpy_home, monkeypatch):
    home, ids = numpy_home
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(home))
    return ids


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_empty_store_explains_and_offers_training(app_home, lang):
    at = open_page(PAGE, lang=lang)
    no_exception(at)
    text = all_text(at)
    title = {"en": "Ensemble: many networks, one answer", "ko": "앙상블: 여러 신경망, 하나의 답"}[lang]
    assert at.title[0].value == title
    assert {"en": "No stored runs yet", "ko": "저장된 학습 기록이 아직 없습니다"}[lang] in text
    # a 2-core machine without a GPU (as CI's) offers cnn_fast first; the command line says the same
    preset = at.radio(key="ensemble_preset").value
    assert preset in ("cnn_fast", "cnn")
    epochs = at.number_input(key=f"ensemble_epochs_{preset}").value
    n = at.number_input(key=f"ensemble_n_{preset}").value
    assert f"python -m core.train --preset {preset} --seeds 1-{n} --epochs {epochs}" in text
    assert at.button(key="ensemble_start").label == {"en": "Train the ensemble", "ko": "앙상블 학습 시작"}[lang]


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_members_beside_their_ensemble(home_with_runs, lang):
    ids = home_with_runs
    at = open_page(PAGE, lang=lang)
    no_exception(at)
    # Three runs of one recipe but for the seed: they are the members.
    assert sorted(at.multiselect(key="ensemble_members").value) == sorted(ids)
    store = RunStore()
    y_test = load_mnist()[1][1]
    report = ensemble_report({r: store.load(r).test_probs for r in at.multiselect(key="ensemble_members").value},
                             y_test)
    metrics = {m.label: m.value for m in at.metric}
    ensemble_label = {"en": "Ensemble of 3", "ko": "3개 앙상블"}[lang]
    assert metrics[ensemble_label] == f"{report['accuracy']:.2%}"
    best = report["members"].accuracy.max()
    assert metrics[{"en": "Best member", "ko": "가장 좋은 모델"}[lang]] == f"{best:.2%}"
    best_errors = int(report["members"].set_index("run_id").loc[report["best"], "errors"])
    assert metrics[t("ensemble.metric_errors", lang)] == f"{report['errors']:,} / {best_errors:,}"  # counts, not 47.0
    table = at.dataframe[0].value
    assert len(table) == 4  # three members and the ensemble
    assert table.iloc[:3, 0].tolist() == at.multiselect(key="ensemble_members").value

    # Two members: the numbers follow the choice.
    keep_language(at, lang).multiselect(key="ensemble_members").set_value(ids[:2]).run()
    no_exception(at)
    two = ensemble_report({r: store.load(r).test_probs for r in ids[:2]}, y_test)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[{"en": "Ensemble of 2", "ko": "2개 앙상블"}[lang]] == f"{two['accuracy']:.2%}"

    keep_language(at, lang).multiselect(key="ensemble_members").set_value(ids[:1]).run()
    no_exception(at)
    assert {"en": "at least two runs", "ko": "두 개 이상"}[lang] in all_text(at)


def test_a_damaged_member_is_named_and_the_others_still_average(numpy_home, tmp_path, monkeypatch):
    import shutil

    home, ids = numpy_home
    shutil.copytree(home, tmp_path / "home")
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(tmp_path / "home"))
    (tmp_path / "home" / "runs" / ids[2] / "test_probs.npy").write_bytes(b"not an array")
    at = open_page(PAGE)
    no_exception(at)
    assert any(ids[2] in e.value and "damaged" in e.value for e in at.error)
    store = RunStore()
    two = ensemble_report({r: store.load(r).test_probs for r in ids[:2]}, load_mnist()[1][1])
    assert {m.label: m.value for m in at.metric}["Ensemble of 2"] == f"{two['accuracy']:.2%}"


@pytest.mark.slow
def test_page_needs_no_tensorflow(numpy_home):
    import os

    home, _ = numpy_home
    modules = modules_after_page(PAGE, env={**os.environ, "MNIST_STUDIO_HOME": str(home)})
    assert "tensorflow" not in modules and "keras" not in modules
    assert "core.ensemble" in modules  # the page really ran its ensemble code


def start_training(at, n, epochs, first_seed, lang="en", preset="cnn"):
    keep_language(at, lang).radio(key="ensemble_preset").set_value(preset).run()
    keep_language(at, lang).number_input(key=f"ensemble_n_{preset}").set_value(n)
    at.number_input(key=f"ensemble_epochs_{preset}").set_value(epochs)
    at.number_input(key="ensemble_first_seed").set_value(first_seed)
    at.select_slider(key="ensemble_digits").set_value(1000)
    at.run()
    no_exception(at)
    code = [c.value for c in at.code]
    seeds = f"{first_seed}-{first_seed + n - 1}" if n > 1 else str(first_seed)
    assert f"python -m core.train --preset {preset} --seeds {seeds} --epochs {epochs} --limit 1000" in code
    keep_language(at, lang).button(key="ensemble_start").click().run()
    # AppTest does not deliver a click on the tree a st.rerun() left behind: refresh once, as the
    # browser's progress fragment does every second.
    at.run()
    no_exception(at)
    return at.session_state["job_ensemble"]["job"]


@pytest.mark.slow
@pytest.mark.parametrize("lang, preset", [("en", "cnn_fast"), ("ko", "cnn")])
def test_train_an_ensemble_from_the_page(app_home, lang, preset):
    at = open_page(PAGE, lang=lang, timeout=120)
    job = start_training(at, n=2, epochs=1, first_seed=11, lang=lang, preset=preset)
    assert [(c.preset, c.seed) for c in job.configs] == [(preset, 11), (preset, 12)]
    assert wait(job, timeout=900)
    keep_language(at, lang).run()
    no_exception(at)
    assert job.progress()["state"] == DONE, job.progress()["error"]
    text = all_text(at)
    assert {"en": "Done: 2 runs are ready.", "ko": "완료: 학습 기록 2개가 준비되었습니다."}[lang] in text
    expected = cnn_configs([11, 12], 1, preset=preset, train_limit=1000)
    stored = RunStore().list()
    assert set(stored[stored.status == "complete"].run_id) == {c.run_id for c in expected}
    # The new runs are the default members now, and nothing is left to train.
    assert sorted(at.multiselect(key="ensemble_members").value) == sorted(c.run_id for c in expected)
    assert len(at.metric) == 4
    assert {"en": "All 2 runs are stored already", "ko": "학습 기록 2개가 모두 이미 저장되어"}[lang] in all_text(at)


@pytest.mark.slow
def test_stop_ends_the_ensemble_training(app_home):
    import time

    at = open_page(PAGE, timeout=120)
    job = start_training(at, n=3, epochs=2, first_seed=21)
    deadline = time.monotonic() + 600
    while not job.progress()["finished"]:  # the first member is stored, the second is training
        assert job.running and time.monotonic() < deadline, job.progress()
        job.join(0.2)
    at.run()
    at.button(key="ensemble_stop").click().run()
    no_exception(at)
    assert job.stop_event.is_set(), job.progress()
    assert wait(job, timeout=600)
    at.run()
    no_exception(at)
    assert job.progress()["state"] == STOPPED
    assert "The training was stopped." in all_text(at)
    first, second, third = cnn_configs([21, 22, 23], 2, train_limit=1000)
    store = RunStore()
    run = store.load(first.run_id)  # the finished member is stored whole ...
    assert run.status == "complete" and len(run.history) == 2
    assert run.test_probs.shape == (10_000, 10) and np.isfinite(run.test_probs).all()
    # ... the one under way is kept as stopped at a whole epoch or not at all, the last never started
    if store.exists(second.run_id):
        assert store.load(second.run_id).status == "stopped" and len(store.load(second.run_id).history) == 1
    assert not store.exists(third.run_id)
    assert at.button(key="ensemble_start")  # it can be started again
