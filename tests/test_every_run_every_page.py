"""Every page of the navigation opens every kind of run, in every language.

One tiny run of every preset in `models.PRESETS` (with a snapshot) is trained
into a fresh app folder, beside damaged runs. Every page is opened in AppTest,
and every run picker on it (a selectbox or multiselect that offers run ids) is
set to each run in turn: no exception may reach the page, ever. Then the
damaged runs: each has a clear message, and the Runs page can delete it.
"""
import shutil

import pytest

from core import models
from ui.i18n import LANGUAGES
from core.runs import RunStore
from core.training import TrainConfig
from tests.helpers import all_text, home_with_trained_runs, open_page
from ui.navigation import PAGES

pytestmark = pytest.mark.slow
TIMEOUT = 180
# The pages that show a chosen run (the list); every other page still opens beside every run.
TAKE_RUNS = {"pages/runs.py", "pages/inside.py", "pages/compare.py", "pages/sketch.py", "pages/cnn.py",
             "pages/ensemble.py"}


def tiny(preset):
    return TrainConfig(preset=preset, epochs=2, train_limit=600, snapshot_epochs=(1,), seed=1)


# A damaged run is a copy of a healthy one with one thing broken.
DAMAGES = {
    "c0ffee0001": ("no test probabilities", lambda folder: (folder / "test_probs.npy").unlink()),
    "c0ffee0002": ("garbage test probabilities", lambda folder: (folder / "test_probs.npy").write_bytes(b"\x93NUMPY junk")),
    "c0ffee0003": ("garbage metrics", lambda folder: (folder / "metrics.json").write_text("{not json")),
    "c0ffee0004": ("garbage model file", lambda folder: (folder / "model.keras").write_bytes(b"PK junk")),
    "c0ffee0005": ("no metrics (a copy cut short)", lambda folder: (folder / "metrics.json").unlink()),
}


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home, runs = home_with_trained_runs(tmp_path_factory, "every-run", [tiny(p) for p in models.PRESETS])
    source = next(r for r in runs if r.config.preset == "mlp512x256").run_dir
    for run_id, (_, damage) in DAMAGES.items():
        folder = home / "runs" / run_id
        shutil.copytree(source, folder)
        damage(folder)
    return home, runs


@pytest.fixture
def at_home(home, monkeypatch):
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(home[0]))
    return home


def offers(widget, run_id):
    """Whether a selectbox or multiselect lists this run among its options."""
    try:
        return widget.format_func(run_id) in widget.options
    except Exception:  # a picker of something else (digits, layers) whose format_func wants its own values
        return False


def choose_everywhere(at, run_id, other_id):
    """Point every run picker on the page at run_id (multiselects: run_id and other_id); True if any."""
    chosen = False
    for box in at.selectbox:
        if offers(box, run_id):
            box.set_value(run_id)
            chosen = True
    for box in at.multiselect:
        if offers(box, run_id):
            box.set_value([run_id] + ([other_id] if offers(box, other_id) and other_id != run_id else []))
            chosen = True
    return chosen


def exceptions(at):
    return [e.value for e in at.exception]


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("page", [path for path, _, _ in PAGES])
def test_every_page_opens_every_presets_run(at_home, page, lang):
    _, runs = at_home
    reference = next(r.run_id for r in runs if r.config.preset == "mlp512x256")
    at = open_page(page, lang=lang, timeout=TIMEOUT)
    assert not at.exception, exceptions(at)
    opened = []
    for run in runs:
        for run_id in (run.run_id, f"{run.run_id}@1"):
            if choose_everywhere(at, run_id, reference):
                at.run()
                assert not at.exception, (page, lang, run.config.preset, run_id, exceptions(at))
                assert not at.error, (page, lang, run.config.preset, run_id, [e.value for e in at.error])
                opened.append(run_id)
    if page in TAKE_RUNS:  # the pickers were found: the loop above opened runs
        assert opened, page


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("page", [path for path, _, _ in PAGES])
def test_a_damaged_run_gets_a_message_on_every_page(at_home, page, lang):
    at = open_page(page, lang=lang, timeout=TIMEOUT)
    assert not at.exception, exceptions(at)
    # c0ffee0004 reads as a run (its model is only read when a page needs it): choosing it gives a message
    if choose_everywhere(at, "c0ffee0004", "c0ffee0004"):
        at.run()
        assert not at.exception, (page, lang, exceptions(at))
        assert "Traceback" not in all_text(at)


def test_the_runs_page_deletes_every_damaged_run(home, tmp_path, monkeypatch):
    # a copy of the app folder: the other tests keep theirs
    copy = tmp_path / "home"
    shutil.copytree(home[0], copy)
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(copy))
    at = open_page("pages/runs.py", timeout=TIMEOUT)
    for run_id in DAMAGES:
        picker = at.selectbox(key="runs_chosen")
        if offers(picker, run_id):  # its folder reads as a run: it opens, or says what is wrong with it
            picker.set_value(run_id).run()
            key = "runs"
        else:  # listed apart as damaged
            assert f"The run folder {run_id} is damaged" in all_text(at)
            key = f"runs_damaged_{run_id}"
        at.button(key=f"{key}_delete").click().run()
        at.button(key=f"{key}_confirm_yes").click().run()
        assert not at.exception, exceptions(at)
        assert f"Run {run_id} was deleted." in all_text(at)
        assert not (copy / "runs" / run_id).exists()
    store = RunStore()
    store.list()
    assert not store.problems and "is damaged" not in all_text(at)
    assert len(store.list()) == 2 * len(models.PRESETS)  # the healthy runs and their snapshots are all kept
