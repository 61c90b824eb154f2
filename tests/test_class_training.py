"""Training with a class session's drawings (TrainConfig(class_session=...)), on
real small sessions of real writers' digits (bench/data/uji_digits.npz): the
held-out split never shares a student, hidden drawings are never trained on,
the run id changes with the drawings, and every preset trains with a session."""
import io
import subprocess
import sys

import numpy as np
import pytest

from core import models
from core.class_split import class_drawings
from core.classroom import Classroom
from core.roles import Rules, training_refusal
from core.runs import RunStore
from core.training import TrainConfig, _load_data, class_repeat
from tests.helpers import ROOT

SET = ROOT / "bench" / "data" / "uji_digits.npz"


def writers_file(writers, names=True):
    """The npz of the first `writers` writers of the set (with or without their names)."""
    with np.load(SET) as arrays:
        x, y, student = arrays["x"], arrays["y"], arrays["student"]
    keep = np.isin(student, sorted(set(student))[:writers])
    buffer = io.BytesIO()
    extra = {"student": student[keep]} if names else {}
    np.savez(buffer, x=x[keep], y=y[keep], **extra)
    return buffer.getvalue()


@pytest.fixture
def room(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(tmp_path))
    monkeypatch.delenv("MNIST_STUDIO_DATABASE_URL", raising=False)
    return Classroom()


def session(room, writers=6):
    code = room.start()
    room.import_npz(code, writers_file(writers))
    return code


def test_the_held_out_part_never_shares_a_student_and_swapping_trades_the_sides(room):
    code = session(room, writers=12)
    drawings = class_drawings(code)
    frame = room.drawings(code)
    trained = set(frame["student"]) - set(drawings.held_students)
    assert drawings.held_out_students >= 1 and drawings.train_students >= 1
    assert drawings.train_students + drawings.held_out_students == 12
    assert not trained & set(drawings.held_students)
    assert len(drawings.train_y) + len(drawings.held_y) == 240
    swapped = class_drawings(code, swap=True)
    assert set(swapped.held_students) == trained
    assert len(swapped.held_y) == len(drawings.train_y)
    again = class_drawings(code)  # fixed per session
    np.testing.assert_array_equal(again.held_ids, drawings.held_ids)


def test_hidden_drawings_are_never_trained_on_nor_tested_on(room):
    code = session(room, writers=4)
    frame, images = room.drawings_since(code, 0)
    hidden = frame["id"].to_numpy()[::5]
    for drawing_id in hidden:
        room.hide(int(drawing_id))
    marked = np.rint(images[::5] * 255).astype(np.uint8)
    data = _load_data(TrainConfig(preset="dense512", train_limit=200, class_session=code).normalized())
    drawings = data.class_set
    assert not set(hidden) & set(drawings.held_ids)
    assert len(drawings.train_y) + len(drawings.held_y) == len(frame) - len(hidden)
    seen = {image.tobytes() for image in data.train_images} | {image.tobytes() for image in drawings.held_x}
    assert not any(image.tobytes() in seen for image in marked)
    # what is trained on: MNIST's 200 and each class drawing `repeat` times, nothing else
    assert data.class_repeat == class_repeat(len(drawings.train_y), 200, 0.05)
    assert len(data.y_train) == 200 + data.class_repeat * len(drawings.train_y)


def test_the_run_id_changes_with_the_drawings_and_a_stale_pin_is_refused(room):
    code = session(room, writers=3)
    config = TrainConfig(preset="dense512", class_session=code)
    first = config.run_id
    assert first == TrainConfig(preset="dense512", class_session=code.lower()).run_id
    assert first != TrainConfig(preset="dense512").run_id
    assert first != TrainConfig(preset="dense512", class_session=code, class_swap=True).run_id
    pinned = config.pinned()
    drawing = room.add(code, np.full((28, 28), 0.5), 7, student="uji-01")
    assert config.run_id != first  # one drawing more: a new run
    room.hide(drawing)
    assert config.run_id == first  # the same drawings again: the same run
    room.hide(int(room.drawings(code)["id"].iloc[0]))
    assert config.run_id != first
    with pytest.raises(ValueError, match="changed since"):
        _load_data(pinned)


def test_bad_class_settings_are_refused_with_the_field_named():
    for bad, field in [(dict(class_session="no such"), "class_session"), (dict(class_session=12345), "class_session"),
                       (dict(class_session="ACD3F", class_share=0.9), "class_share"),
                       (dict(class_share=0.1), "class_share"), (dict(class_swap=True), "class_swap"),
                       (dict(class_session="ACD3F", class_drawings="x"), "class_drawings")]:
        with pytest.raises(ValueError, match=field):
            TrainConfig(**bad)


def test_old_run_ids_are_kept():
    """Runs stored before class sessions existed are found under the same id."""
    assert TrainConfig(preset="dense512").run_id == "cd7e427624"  # computed on main before class sessions
    assert TrainConfig(preset="cnn_fast", seed=3).run_id == "28a11ceab7"


def test_a_session_with_nothing_to_train_on_or_none_at_all_says_so(room):
    code = room.start()
    with pytest.raises(ValueError, match="no drawings to train on"):
        _load_data(TrainConfig(preset="dense512", train_limit=500, class_session=code).normalized())
    with pytest.raises(LookupError):
        TrainConfig(preset="dense512", class_session="XXXXX").run_id


def test_students_may_not_train_on_the_class(room):
    config = TrainConfig(preset="dense512", class_session="ACD3F")
    assert training_refusal(Rules(), [config], 0, 0) == ("roles.teacher_only", {})
    assert training_refusal(Rules(), [TrainConfig(preset="dense512")], 0, 0) is None


@pytest.mark.slow
@pytest.mark.parametrize("preset", list(models.PRESETS))
def test_every_preset_trains_with_a_session_and_stores_its_held_out_reading(room, tmp_path, preset):
    code = session(room, writers=3)  # 3 named writers may all fall on one side: 60 unnamed drawings split one by one
    room.import_npz(code, writers_file(3, names=False))
    store = RunStore(tmp_path / "runs")
    config = TrainConfig(preset=preset, epochs=1, train_limit=1000, class_session=code)
    run = store.get_or_train(config)
    m = run.metrics
    assert run.run_id == config.run_id and run.config.class_drawings is not None
    assert m["class_held_out"] > 0 and m["class_trained"] > 0 and m["class_held_out"] + m["class_trained"] == 120
    assert 0.0 <= m["class_accuracy"] <= 1.0 and m["class_repeat"] >= 1
    loaded = store.load(run.run_id)
    held = loaded.class_held_out
    assert held["x"].dtype == np.uint8 and held["x"].shape == (m["class_held_out"], 28, 28)
    assert np.mean(held["probs"].argmax(axis=1) == held["y"]) == pytest.approx(m["class_accuracy"])
    np.testing.assert_allclose(store.predictor(run.run_id)(held["x"] / np.float32(255)), held["probs"], atol=1e-4)
    assert store.get_or_train(config).from_store  # the same drawings: no second training
    assert set(store.list().loc[lambda t: t.run_id == run.run_id, "class_session"]) == {code}


@pytest.mark.slow
def test_the_class_drawings_teach_the_model_the_class_handwriting(room, tmp_path):
    """On writers it never saw, S1 trained with the other writers' digits reads better than
    S1 without, both ways round (the session's code, so its split, is new every time)."""
    code = session(room, writers=60)
    store = RunStore(tmp_path / "runs")
    plain = store.predictor(store.get_or_train(TrainConfig(preset="dense512")).run_id)
    gains = []
    for swap in (False, True):
        run = store.get_or_train(TrainConfig(preset="dense512", class_session=code, class_swap=swap))
        held = run.class_held_out
        before = np.mean(plain(held["x"] / np.float32(255)).argmax(axis=1) == held["y"])
        gains.append(run.metrics["class_accuracy"] - before)
        assert run.test_accuracy > 0.975
    assert np.mean(gains) > 0.005 and min(gains) > -0.005, gains


def test_the_cli_trains_with_a_session_and_refuses_an_unknown_one(room, tmp_path):
    code = session(room, writers=3)
    env = {"MNIST_STUDIO_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "2"}
    args = [sys.executable, "-m", "core.train", "--preset", "numpy2layer", "--epochs", "1", "--limit", "500"]
    done = subprocess.run(args + ["--class-session", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"class session {code}:" in done.stdout and "held-out drawings" in done.stdout
    refused = subprocess.run(args + ["--class-session", "XXXXX"], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=300)
    assert refused.returncode == 2 and "no class session" in refused.stderr and "Traceback" not in refused.stderr


def test_an_exported_set_keeps_its_writers_apart_without_their_names(room):
    code = room.start()
    for i, name in enumerate(["Mina", "Jun", None, "Mina"]):
        room.add(code, np.full((28, 28), i / 4), i, student=name)
    with np.load(io.BytesIO(room.export_npz(code))) as exported:
        assert exported["student"].tolist() == ["writer 1", "writer 2", "", "writer 1"]
    other = room.start()
    room.import_npz(other, room.export_npz(code), student="imported")
    assert room.drawings(other)["student"].tolist() == ["writer 1", "writer 2", "imported", "writer 1"]
