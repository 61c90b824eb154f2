"""Teacher and students (ui/roles.py, core/roles.py, core/queue.py).

A student's session sees every page but no enabled destructive action, and a
callback it should not reach (a crafted message can call any callback the
page registered) does nothing. The queue runs the teacher's jobs first, then
first come, first served, across processes; a student's queued job ends with
its session. The key never reaches a page.
"""
import subprocess
import sys
import time

import numpy as np
import pytest

from core import background
from core.background import Owner
from core.classset import ClassSet
from core.queue import Cancelled, TrainingQueue
from core.ratelimit import RateLimit
from core.roles import Rules, key_matches, load_rules, save_rules, training_refusal
from core.runs import RunStore
from core.training import TrainConfig
from tests.helpers import ROOT, all_text, home_with_trained_runs, open_page, use_copy_of
from ui.i18n import t
from ui.navigation import PAGES

KEY = "correct-horse-7"
TINY = TrainConfig(preset="numpy2layer", epochs=1, train_limit=1000)
TEACHER_ONLY = t("roles.teacher_only", "en")


@pytest.fixture(scope="module")
def stocked(tmp_path_factory):
    """An app folder with one run and two class drawings."""
    home, _ = home_with_trained_runs(tmp_path_factory, "roles", [TINY])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MNIST_STUDIO_HOME", str(home))
        for digit in (3, 7):
            ClassSet().add(np.full((28, 28), 0.5, np.float32), digit)
    return home


@pytest.fixture
def home(stocked, tmp_path, monkeypatch):
    """A copy of the stocked folder for one test, served with a teacher key."""
    copy = use_copy_of(stocked, tmp_path, monkeypatch)
    monkeypatch.setenv("MNIST_STUDIO_TEACHER_KEY", KEY)
    from ui.runs import forget_runs
    forget_runs()
    return copy


def state_of(home):
    """What a student must not be able to change: runs and labels, the class set, the rules, jobs."""
    store = RunStore(home / "runs")
    runs = store.list()
    rules = (home / "rules.json").read_text() if (home / "rules.json").exists() else None
    return (sorted(runs["run_id"]), sorted(runs["label"].fillna("")), class_set_size(), rules,
            background.training_elsewhere())


def class_set_size():
    from core.classroom import Classroom, class_set_code

    room = Classroom()
    return room.counts(class_set_code(room, legacy_folder=ClassSet().root)).visible


def sign_in(at, key=KEY):
    at.text_input(key="roles_key_typed").input(key).run()
    return at


def as_teacher(page):
    """The teacher's session on `page`. It signs in on its first run: AppTest
    drops the sidebar from the runs after a switch_page (a browser keeps it)."""
    at = sign_in(open_page("pages/home.py"))
    assert at.session_state["roles_teacher"] is True
    if page != "pages/home.py":
        at.switch_page(page).run()
    return at


def sidebar_script():
    import sys

    sys.path.insert(0, str(__import__("pathlib").Path.cwd()))
    from ui import roles

    roles.sidebar()
    roles.show_refusal()


def sidebar_alone():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(sidebar_script)
    at.run()
    return at


class Control:
    """A button or a download button: its key and proto (AppTest has no class for the latter)."""
    def __init__(self, key, proto):
        self.key, self.proto = key, proto


def buttons(at):
    downloads = [Control(d.proto.id.split("-")[-1] if "-" in d.proto.id else d.proto.id, d.proto)
                 for d in at.get("download_button")]
    return [Control(b.key, b.proto) for b in at.button] + downloads


# ---- every page, both roles ------------------------------------------------------------

@pytest.mark.parametrize("page", [path for path, _, _ in PAGES])
def test_a_student_sees_every_page_with_no_destructive_action_and_its_callbacks_do_nothing(home, page):
    student = open_page(page)
    assert not student.exception, [e.value for e in student.exception]
    locked = {b.key for b in buttons(student) if b.proto.help == TEACHER_ONLY}
    assert all(b.proto.disabled for b in buttons(student) if b.key in locked)

    teacher = as_teacher(page)
    assert not teacher.exception
    offered = {b.key for b in buttons(teacher) if not b.proto.disabled}
    assert locked <= offered, "a control the student sees locked must work for the teacher"
    before = state_of(home)
    for key in sorted(locked & {b.key for b in teacher.button}):
        # a crafted click: the teacher's page was drawn, then the session is a student's
        teacher = as_teacher(page)
        for field in teacher.text_input:  # what the crafted message would carry, e.g. a new label
            if not field.proto.disabled and field.key != "roles_key_typed":
                field.set_value("prank")
        teacher.session_state["roles_teacher"] = False
        teacher.button(key=key).click().run()
        assert not teacher.exception
        assert state_of(home) == before, key


def test_the_actions_a_student_may_not_take_are_locked_on_their_pages(home):
    """The table of the closing note: each page's teacher-only controls, by key."""
    locked = {}
    for page in ("pages/runs.py", "pages/sketch.py", "pages/home.py", "pages/teacher.py"):
        at = open_page(page)
        locked[page] = {b.key for b in buttons(at) if b.proto.disabled and b.proto.help == TEACHER_ONLY}
    assert {"runs_delete", "runs_save_label"} <= locked["pages/runs.py"]
    assert {"sketch_class_clear", "sketch_class_export"} <= locked["pages/sketch.py"]
    assert "home_demo_prepare" in locked["pages/home.py"]
    assert not open_page("pages/teacher.py").get("form_submit_button") or all(
        b.proto.disabled for b in open_page("pages/teacher.py").button)
    runs = open_page("pages/runs.py")
    assert runs.text_input(key=f"runs_label_{TINY.run_id}").proto.disabled


def test_the_confirmations_behind_a_teachers_click_refuse_a_student(home):
    at = as_teacher("pages/runs.py")
    at.button(key="runs_delete").click().run()  # the teacher asks; the confirmation shows
    at.session_state["roles_teacher"] = False
    at.button(key="runs_confirm_yes").click().run()
    assert TINY.run_id in list(RunStore().list()["run_id"])

    at = as_teacher("pages/sketch.py")
    at.button(key="sketch_class_clear").click().run()
    at.session_state["roles_teacher"] = False
    at.button(key="sketch_class_clear_yes").click().run()
    assert class_set_size() == 2


def test_the_teacher_deletes_labels_and_clears(home):
    at = as_teacher("pages/runs.py")
    at.text_input(key=f"runs_label_{TINY.run_id}").input("class demo").run()
    at.button(key="runs_save_label").click().run()
    assert RunStore().load(TINY.run_id).label == "class demo"
    at.button(key="runs_delete").click().run()
    at.button(key="runs_confirm_yes").click().run()
    assert RunStore().list().empty

    at = as_teacher("pages/sketch.py")
    at.button(key="sketch_class_clear").click().run()
    at.button(key="sketch_class_clear_yes").click().run()
    assert class_set_size() == 0


def test_the_teachers_rules_are_saved_for_everyone_and_a_student_cannot_send_them(home):
    at = as_teacher("pages/teacher.py")
    at.toggle[0].set_value(False)
    at.button[-1].click().run()  # the form's submit button
    assert not at.exception
    assert load_rules(home).students_train is False
    student = open_page("pages/train.py")
    assert t("roles.no_training", "en") in all_text(student)
    assert student.button(key="train_start").disabled

    at = as_teacher("pages/teacher.py")
    at.session_state["roles_teacher"] = False
    at.toggle[0].set_value(True)
    at.button[-1].click().run()
    assert load_rules(home).students_train is False  # refused on the server


def test_a_student_trains_within_the_rules_only(home):
    at = open_page("pages/train.py")
    at.radio(key="train_preset").set_value("cnn").run()
    assert at.button(key="train_start").disabled
    assert t("roles.preset_not_allowed", "en", preset="cnn") in all_text(at)
    at.session_state["train_clicked"] = True  # as if the click had come anyway
    at.run()
    assert not background.training_elsewhere()


def test_a_student_cannot_stop_the_teachers_training_that_it_joined(home):
    teacher = as_teacher("pages/train.py")
    student = open_page("pages/train.py")
    config = TrainConfig(preset="numpy2layer", epochs=50, train_limit=5000)
    with background.occupied(RunStore()):  # the job waits: it cannot end before the checks
        for at in (teacher, student):
            at.radio(key="train_preset").set_value("numpy2layer").run()
        job = background.start_or_join([config], RunStore(), owner=Owner("teacher-session", teacher=True))
        student.session_state["job_train"] = {"job": job, "names": ["x"], "context": {}}  # as if it had joined
        student.run()
        assert "train_stop" not in [b.key for b in student.button]
        assert t("roles.not_your_job", "en") in all_text(student)
        assert not job.stop_by(Owner("a-student", teacher=False))
        assert not job.stop_event.is_set()
        assert job.stop_by(Owner("another-teacher-session", teacher=True))
    assert background.wait(job, timeout=120)


def test_the_teacher_stops_a_students_training_from_the_teacher_page(home):
    config = TrainConfig(preset="numpy2layer", epochs=50, train_limit=5000)
    with background.occupied(RunStore()):  # it waits: it cannot end before the checks
        job = background.start_or_join([config], RunStore(), owner=Owner("a-student", teacher=False))
        student = open_page("pages/teacher.py")
        assert student.button(key="teacher_stop_0").disabled
        teacher = as_teacher("pages/teacher.py")
        teacher.session_state["roles_teacher"] = False  # a crafted click from a student's session
        teacher.button(key="teacher_stop_0").click().run()
        assert not job.stop_event.is_set()
        teacher = as_teacher("pages/teacher.py")
        assert "a student: " + config.run_id in all_text(teacher)
        teacher.button(key="teacher_stop_0").click().run()
        assert job.stop_event.is_set()
    assert background.wait(job, timeout=60)


# ---- signing in ------------------------------------------------------------------------

def test_the_key_signs_in_and_never_reaches_the_page(home):
    at = sidebar_alone()
    sign_in(at, "wrong")
    assert t("roles.wrong_key", "en") in [toast.value for toast in at.toast]
    assert "roles_teacher" not in at.session_state
    sign_in(at)
    assert at.session_state["roles_teacher"] is True
    assert t("roles.signed_in", "en") in [s.value for s in at.sidebar.success]
    assert at.text_input(key="roles_key_typed").value == "" if at.text_input else True  # the key left the widget
    at.button(key="roles_sign_out").click().run()
    assert "roles_teacher" not in at.session_state

    at = as_teacher("pages/home.py")
    for path, _, _ in PAGES:
        at.switch_page(path).run()
        assert not at.exception
        shown = all_text(at) + " ".join(str(v) for v in at.query_params.values())
        shown += " ".join(str(w.value) for w in at.text_input)
        assert KEY not in shown, path


def guarded_script():
    import sys

    import streamlit as st

    sys.path.insert(0, str(__import__("pathlib").Path.cwd()))
    from ui import roles

    roles.sidebar()
    roles.show_refusal()
    st.button("delete everything", key="act", on_click=roles.teacher_only(lambda: st.session_state.update(done=1)))


def test_a_teacher_only_callback_refuses_a_student_with_a_message(home):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(guarded_script)
    at.run()
    at.button(key="act").click().run()
    assert "done" not in at.session_state
    assert [toast.value for toast in at.toast] == [TEACHER_ONLY]
    sign_in(at)
    at.button(key="act").click().run()
    assert at.session_state["done"] == 1
    assert not at.toast


def test_guessing_the_key_is_slowed_down(home):
    at = sidebar_alone()
    for _ in range(5):
        sign_in(at, "guess")
    sign_in(at)  # the right key, but after five wrong tries in a row
    assert t("roles.wait_to_sign_in", "en") in [toast.value for toast in at.toast]
    assert "roles_teacher" not in at.session_state


def test_no_key_on_this_computer_only_leaves_everything_open(home, monkeypatch):
    monkeypatch.delenv("MNIST_STUDIO_TEACHER_KEY")
    at = open_page("pages/runs.py")
    assert not at.button(key="runs_delete").disabled
    assert "roles_key_typed" not in [w.key for w in at.text_input]
    at.button(key="runs_delete").click().run()
    at.button(key="runs_confirm_yes").click().run()
    assert RunStore().list().empty


def test_no_key_on_a_network_makes_everyone_a_student(home, monkeypatch):
    from streamlit import config

    monkeypatch.delenv("MNIST_STUDIO_TEACHER_KEY")
    address = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at = open_page("pages/runs.py")
        assert at.button(key="runs_delete").disabled
        sidebar = sidebar_alone()
        assert "MNIST_STUDIO_TEACHER_KEY" in " ".join(c.value for c in sidebar.sidebar.caption)
        assert "roles_key_typed" not in [w.key for w in sidebar.text_input]
    finally:
        config.set_option("server.address", address)


def test_the_key_comparison():
    assert key_matches(" abc ", "abc") and not key_matches("abd", "abc") and not key_matches("", "")
    assert not key_matches("abc", None)


# ---- the rules ---------------------------------------------------------------------------

def test_rules_refuse_what_the_teacher_did_not_allow(tmp_path):
    rules = Rules()
    cnn, quick = TrainConfig(preset="cnn", epochs=1), TrainConfig(preset="numpy2layer", epochs=3)
    assert training_refusal(rules, [quick], 0, 0) is None
    assert training_refusal(rules, [cnn], 0, 0) == ("roles.preset_not_allowed", {"preset": "cnn"})
    assert training_refusal(rules, [TrainConfig(preset="numpy2layer", epochs=6)], 0, 0)[0] == "roles.too_many_epochs"
    assert training_refusal(rules, [quick], 1, 0)[0] == "roles.own_job_first"
    assert training_refusal(rules, [quick], 0, 3)[0] == "roles.queue_full"
    assert training_refusal(rules, [quick] * 4, 0, 0)[0] == "roles.too_many_runs"
    assert training_refusal(Rules(students_train=False), [quick], 0, 0)[0] == "roles.no_training"

    save_rules(tmp_path, Rules(max_epochs=999, presets=["cnn", "no-such-net"], queued_limit=-4))
    assert load_rules(tmp_path) == Rules(max_epochs=50, presets=["cnn"], queued_limit=0)
    (tmp_path / "rules.json").write_text("{ damaged")
    assert load_rules(tmp_path) == Rules()


def test_rate_limit():
    now = [0.0]
    limit = RateLimit(rate=2, burst=3, clock=lambda: now[0])
    assert [limit.allow() for _ in range(4)] == [True, True, True, False]
    now[0] += 0.5  # one token back
    assert [limit.allow() for _ in range(2)] == [True, False]


def test_a_student_drawing_faster_than_a_hand_gets_a_message_and_no_reading(home, monkeypatch):
    from core.data import load_mnist
    from core.sketch import paste_on_canvas
    from tests.test_page_sketch import draw
    from ui import roles

    monkeypatch.setitem(roles.LIMITS, "drawing", (0.001, 2))  # two drawings, then none for a long while
    _, (x_test, _) = load_mnist()
    at = open_page("pages/sketch.py")
    refused = []
    for i in range(4):
        draw(at, paste_on_canvas(x_test[i], 180, 70, 30))
        at.run()
        refused.append(t("roles.too_fast", "en") in [w.value for w in at.warning])
        assert not at.exception
        if refused[-1]:
            assert not [m for m in at.metric if m.label == "Prediction"]
    assert refused[-1] and not refused[0]

    teacher = as_teacher("pages/sketch.py")
    for i in range(4):
        draw(teacher, paste_on_canvas(x_test[i], 180, 70, 30))
        teacher.run()
        assert t("roles.too_fast", "en") not in [w.value for w in teacher.warning]


# ---- the queue -----------------------------------------------------------------------------

def test_the_queue_puts_the_teacher_first_then_first_come_first_served(tmp_path):
    queue = TrainingQueue(tmp_path)
    a = queue.join("s1", teacher=False)
    b = queue.join("s2", teacher=False)
    teacher = queue.join("t", teacher=True)
    assert [x.owner for x in queue.waiting()] == ["t", "s1", "s2"]
    assert (queue.place(teacher), queue.place(a), queue.place(b)) == (1, 2, 3)
    with queue.turn(teacher, cancelled=lambda: False):
        assert queue.place(teacher) is None and queue.place(a) == 1
    with pytest.raises(Cancelled):
        with queue.turn(b, cancelled=lambda: True):
            pass
    assert [x.owner for x in queue.waiting()] == ["s1"]


def test_the_queue_is_shared_by_processes_and_forgets_dead_ones(tmp_path):
    code = ("import sys; sys.path.insert(0, %r)\n"
            "from core.queue import TrainingQueue\n"
            "TrainingQueue(%r).join('other-replica', teacher=False)\n") % (str(ROOT), str(tmp_path))
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    # the process that joined has ended: its ticket is dropped
    assert TrainingQueue(tmp_path).waiting() == []
    child = subprocess.Popen([sys.executable, "-c", code + "import time; time.sleep(30)\n"])
    try:
        deadline = time.monotonic() + 30
        while not TrainingQueue(tmp_path).waiting() and time.monotonic() < deadline:
            time.sleep(0.1)
        mine = TrainingQueue(tmp_path).join("here", teacher=False)
        assert [x.owner for x in TrainingQueue(tmp_path).waiting()] == ["other-replica", "here"]
        assert TrainingQueue(tmp_path).place(mine) == 2
    finally:
        child.kill()
        child.wait()


def test_a_students_queued_job_is_dropped_when_their_session_ends(tmp_path, monkeypatch):
    monkeypatch.setattr(background, "GONE_AFTER_S", 0.5)
    store = RunStore(tmp_path / "runs")
    connected = [True]
    student = Owner("s1", teacher=False, alive=lambda: connected[0])
    with background.occupied(store):
        job = background.start_or_join([TINY], store, owner=student)
        time.sleep(1.0)
        assert job.running and job.progress()["state"] == "queued"
        connected[0] = False
        assert background.wait(job, timeout=10)
    progress = job.progress()
    assert progress["state"] == "stopped" and progress["cancelled"]
    assert background.waiting(store) == []
    assert store.list().empty


def test_a_teachers_job_goes_before_students_who_came_first(tmp_path):
    store = RunStore(tmp_path / "runs")
    student_config = TrainConfig(preset="numpy2layer", epochs=1, train_limit=1000, seed=1)
    with background.occupied(store):
        student = background.start_or_join([student_config], store, owner=Owner("s1", teacher=False))
        time.sleep(0.5)
        teacher = background.start_or_join([TINY], store, owner=Owner("t", teacher=True))
        time.sleep(0.5)
        assert student.progress()["place"] == 2 and teacher.progress()["place"] == 1
    started = []  # the order in which the jobs leave the queue
    deadline = time.monotonic() + 120
    while len(started) < 2 and time.monotonic() < deadline:
        for name, job in (("teacher", teacher), ("student", student)):
            if name not in started and job.progress()["state"] != "queued":
                started.append(name)
        time.sleep(0.01)
    assert started == ["teacher", "student"]
    assert background.wait(teacher, timeout=120) and background.wait(student, timeout=120)
    assert {TINY.run_id, student_config.run_id} <= set(store.list()["run_id"])


def test_the_session_liveness_workaround_reads_the_runtime(monkeypatch):
    """ui.workarounds.session_liveness asks Streamlit's Runtime whether a session is connected."""
    import inspect
    from types import SimpleNamespace

    from streamlit.runtime import Runtime
    from streamlit.runtime import scriptrunner

    from ui import workarounds

    assert list(inspect.signature(Runtime.is_active_session).parameters) == ["self", "session_id"]
    connected = {"abc"}
    monkeypatch.setattr(Runtime, "_instance", SimpleNamespace(is_active_session=lambda sid: sid in connected))
    monkeypatch.setattr(scriptrunner, "get_script_run_ctx", lambda: SimpleNamespace(session_id="abc"))
    alive = workarounds.session_liveness()
    assert alive() is True
    connected.clear()  # the tab was closed
    assert alive() is False
