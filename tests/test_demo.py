"""The class demo pack: its list, the CLI (`python -m core.train --demo`) and the home page's button."""
import contextlib
import io
import shutil
import time

import pytest

from core import background, experiments as demo
from core.background import wait
from ui.i18n import t
from core.runs import RunStore
from core.train import main as train_main
from core.training import TrainConfig
from tests.helpers import all_text, open_page

LIMIT = 300  # digits per tiny demo run: numpy2layer's batch of 100 and the cnn's batch of 64 still fit


def test_demo_configs_are_the_runs_the_pages_default_to():
    configs = demo.demo_configs()
    ids = [c.run_id for c in configs]
    expected = [*demo.s2_experiment()[0], TrainConfig(preset="dense512"), *demo.lr_experiment()[0],
                TrainConfig(preset="cnn")]
    assert ids == [c.run_id for c in expected]
    s2 = configs[0].normalized()
    assert (s2.preset, s2.epochs, s2.snapshot_epochs) == ("mlp512x256", 50, (1, 2, 3, 5, 10, 20))
    assert demo.s2_experiment()[1] == [f"{s2.run_id}@10", s2.run_id]  # the notes' 10 against 50 epochs
    assert [c.normalized().learning_rate for c in configs if c.preset == "numpy2layer"] == [0.5, 1.2, 1.5]
    cnn = configs[-1].normalized()
    assert cnn.preset == "cnn" and cnn.epochs == 3 and cnn.augment
    assert len(set(ids)) == 6


def test_limited_demo_keeps_the_list_but_is_tiny():
    full, tiny = demo.demo_configs(), demo.demo_configs(LIMIT)
    assert [c.preset for c in tiny] == [c.preset for c in full]
    assert [c.normalized().learning_rate for c in tiny] == [c.normalized().learning_rate for c in full]
    assert all(c.train_limit == LIMIT for c in tiny)
    assert [c.epochs for c in tiny] == [2, 1, 1, 1, 1, 1]
    assert tiny[0].snapshot_epochs == (1,)


def test_status_of_an_empty_store_lists_everything_missing_with_an_estimate(tmp_path):
    status = demo.demo_status(RunStore(tmp_path))
    assert list(status["preset"]) == ["mlp512x256", "dense512"] + ["numpy2layer"] * 3 + ["cnn"]
    assert not status["ready"].any()
    assert (status["estimate"] > 0).all()
    # 50 epochs of S2 take longer than 5 of S1; 3 cnn epochs longer than either.
    assert status["estimate"][5] > status["estimate"][0] > status["estimate"][1]
    configs, estimates = demo.missing(status)
    assert len(configs) == 6 and estimates == list(status["estimate"])


def test_experiments_shrink_like_the_demo_pack(monkeypatch):
    configs, ids = demo.s2_experiment(LIMIT)
    assert ids == [f"{configs[0].run_id}@1", configs[0].run_id]
    assert [c.run_id for c in demo.lr_experiment(LIMIT)[0]] == [c.run_id for c in demo.demo_configs(LIMIT)[2:5]]
    monkeypatch.setenv(demo.LIMIT_ENV, str(LIMIT))
    assert demo.size_limit() == LIMIT
    monkeypatch.setenv(demo.LIMIT_ENV, "")
    assert demo.size_limit() is None


def run_cli(*args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = train_main(list(args))
    return code, out.getvalue()


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory):
    """An app folder holding the tiny demo pack, trained once through the CLI."""
    home = tmp_path_factory.mktemp("demo_home")
    code, out = run_cli("--demo", "--limit", str(LIMIT), "--store", str(home / "runs"))
    return home, code, out


@pytest.mark.slow
def test_cli_trains_the_tiny_demo_then_nothing(demo_home):
    home, code, out = demo_home
    assert code == 0, out
    assert "demo pack: 0 of 6 runs stored; training 6, estimated" in out
    assert "[demo 1/6 mlp512x256 lr 0.001] epoch   1/2" in out
    assert "[demo 6/6 cnn lr 0.001] epoch   1/1" in out
    status = demo.demo_status(RunStore(home / "runs"), LIMIT)
    assert status["ready"].all()
    assert RunStore(home / "runs").exists(f"{status['run_id'][0]}@1")  # S2's snapshot
    created = sorted(RunStore(home / "runs").list()["created"])

    code, out = run_cli("--demo", "--limit", str(LIMIT), "--store", str(home / "runs"))
    assert code == 0
    assert "demo pack ready: all 6 runs are stored" in out
    assert "[demo" not in out  # nothing trained
    assert sorted(RunStore(home / "runs").list()["created"]) == created


@pytest.fixture
def partial_home(demo_home, tmp_path, monkeypatch):
    """A copy of the tiny demo pack without its three NumPy runs (cheap to train again)."""
    home = tmp_path / "home"
    shutil.copytree(demo_home[0], home)
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(home))
    monkeypatch.setenv(demo.LIMIT_ENV, str(LIMIT))
    store = RunStore()
    for config in demo.demo_configs(LIMIT):
        if config.preset == "numpy2layer":
            store.delete(config.run_id)
    return store


@pytest.mark.slow
def test_home_page_shows_missing_runs_and_prepares_them(partial_home):
    at = open_page("pages/home.py")
    assert not at.exception
    assert "3 of 6 demo runs are ready." in all_text(at)
    table = at.dataframe[0].value
    assert list(table["State"]) == ["✅ ready"] * 2 + ["⏳ missing"] * 3 + ["✅ ready"]
    assert "S3 · NumPy two-layer net, learning rate 1.2" in list(table["Run"])
    button = at.button(key="home_demo_prepare")
    assert button.label.startswith("Prepare the class demo (3 runs, about")

    with background.occupied(RunStore()):  # another training first: the page shows the job waiting, with a bar
        button.click().run()
        seen = progress_texts(at)
        assert any(t.startswith("Waiting: another training is running") for t in seen), seen
    deadline = time.monotonic() + 300
    while "All 6 demo runs are ready." not in all_text(at) and time.monotonic() < deadline:
        assert not at.exception
        seen += progress_texts(at)
        time.sleep(0.2)  # poll, as the page's fragment does
        at.run()
    assert not at.exception
    # every bar it showed said where the job was: waiting, or which of the 3 runs it trained
    runs = tuple(t("jobs.run_of", i=i, n=3, name="").strip() for i in (1, 2, 3))
    assert all(text.startswith(("Waiting", *runs)) for text in seen), seen
    assert "All 6 demo runs are ready. The class demo is ready." in all_text(at)
    assert demo.demo_status(partial_home, LIMIT)["ready"].all()
    assert "home_demo_prepare" not in [b.key for b in at.button]


def progress_texts(at):
    return [p.proto.text for p in at.get("progress")]


@pytest.mark.slow
def test_home_page_stop_while_queued_keeps_the_store_sound(partial_home):
    at = open_page("pages/home.py", lang="ko")
    assert t("home.demo_some_missing", "ko", ready=3, n=6) in all_text(at)
    at = open_page("pages/home.py")
    with background.occupied(RunStore()):  # as if the train page were training: the demo job waits its turn
        at.button(key="home_demo_prepare").click().run()
        assert any(t.startswith("Waiting: another training is running") for t in progress_texts(at))
        assert at.button(key="home_demo_prepare").disabled
        job = at.session_state["job_home_demo"]["job"]
        at.button(key="home_demo_stop").click().run()
        shown = all_text(at)  # the job may end during this run: the page then reruns and reports it
        assert wait(job, timeout=60)
    at.run()
    assert not at.exception
    assert "The training was stopped. Runs that finished are stored." in shown + all_text(at)
    assert demo.demo_status(partial_home, LIMIT)["ready"].sum() == 3
    assert at.button(key="home_demo_prepare").label.startswith("Prepare the class demo (3 runs")
    assert not at.button(key="home_demo_prepare").disabled
