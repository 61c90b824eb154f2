"""The class session's pages under AppTest: the teacher starts a session and
sees the code, the join link and the wall; a student opens the link, draws,
sends, and reads what the class's model read; bad codes, bad names and floods
are refused with a message and store nothing."""
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.classroom import CODE_ALPHABET, Classroom
from core.data import load_mnist
from core.join import join_url, parse_prompt, qr_png, wall_numbers
from core.sketch import paste_on_canvas
from core.training import TrainConfig
from tests.helpers import ROOT, all_text, home_with_trained_runs, open_page, use_copy_of
from tests.test_page_sketch import canvas_value
from ui.i18n import t

KEY = "class-key"
RUN = TrainConfig(preset="dense512", epochs=1, train_limit=10_000)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    home, _ = home_with_trained_runs(tmp_path_factory, "class_session", [RUN])
    return home


@pytest.fixture
def home(trained, tmp_path, monkeypatch):
    copy = use_copy_of(trained, tmp_path, monkeypatch)
    monkeypatch.setenv("MNIST_STUDIO_TEACHER_KEY", KEY)
    monkeypatch.setenv("MNIST_STUDIO_PUBLIC_URL", "http://192.0.2.7:8501")
    return copy


def teacher_page():
    at = open_page("pages/home.py")
    at.text_input(key="roles_key_typed").input(KEY).run()
    return at.switch_page("pages/class_session.py").run()


def start(kind="digit"):
    at = teacher_page()
    if "class_end" in [b.key for b in at.button]:  # the session a previous start left open comes back: end it
        at.button(key="class_end").click().run()
    at.radio(key="class_prompt_kind").set_value(kind).run()
    at.button(key="class_start").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at, at.session_state["class_code"]


def student(code, lang="en"):
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params["class"] = code
    at.query_params["lang"] = lang
    return at.run()


def draw_and_send(at, digit_image, name=None):
    if name is not None:
        at.text_input(key="class_name").input(name)
    gen = at.session_state["class_canvas_gen"] if "class_canvas_gen" in at.session_state else 0
    at.session_state[f"class_canvas_{gen}"] = canvas_value(paste_on_canvas(digit_image, 180, 50, 50))
    at.run()
    return at.button(key="class_send").click().run()


@pytest.fixture(scope="module")
def sevens():
    _, (x_test, y_test) = load_mnist()
    return x_test[y_test == 7][:5]


def test_the_teacher_starts_a_session_and_the_projector_shows_its_code_and_join_link(home):
    at, code = start()
    assert len(code) == 5 and set(code) <= set(CODE_ALPHABET)
    url = join_url("http://192.0.2.7:8501", code)
    assert t("class.join_at", "en", url=url) in all_text(at)
    assert code in " ".join(h.proto.body for h in at.get("html"))
    import io

    import zxingcpp
    from PIL import Image

    assert [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(url))))] == [url]
    assert [m.value for m in at.metric][:2] == ["0", "0"]


def test_a_student_joins_draws_and_sees_the_reading_and_the_wall_counts_it(home, sevens):
    teacher, code = start()
    pupil = student(code)
    assert not pupil.exception
    assert pupil.title[0].value == "Draw a 7"
    assert "stSidebarNav" not in str(pupil)  # no menu in the way on the phone
    draw_and_send(pupil, sevens[0], name="Mina")
    assert not pupil.exception, [e.value for e in pupil.exception]
    [message] = [s.value for s in pupil.success]
    assert message.startswith("Received (#1). The class's model read ")
    stored = Classroom().drawings(code)
    assert list(stored["label"]) == [7] and list(stored["student"]) == ["Mina"]
    np.testing.assert_allclose(Classroom().images(code)[0].max(), 1.0, atol=1 / 255)
    teacher.run()
    assert [m.value for m in teacher.metric][:2] == ["1", "1"]
    assert "Drawing" not in [e.value for e in teacher.exception]

    teacher.number_input(key="class_hide_id").set_value(1).run()
    teacher.button(key="class_hide").click().run()
    assert Classroom().drawings(code)["hidden"].tolist() == [True]
    teacher.run()
    assert [m.value for m in teacher.metric][1] == "0"  # it left the wall and the counts


def test_any_digit_asks_which_and_zero_to_nine_counts_up(home, sevens):
    _, code = start("any")
    assert student(code, lang="ko").title[0].value == t("class.draw_any", "ko")
    pupil = student(code)  # AppTest forgets the sidebar's language after a rerun: the rest in English
    draw_and_send(pupil, sevens[0])
    assert t("class.pick_first", "en") in [w.value for w in pupil.warning]
    assert Classroom().drawings(code).empty
    pupil.segmented_control(key="class_which").set_value(7)
    draw_and_send(pupil, sevens[1])
    assert list(Classroom().drawings(code)["label"]) == [7]

    _, code = start("sequence")
    pupil = student(code)
    assert pupil.title[0].value == "Draw a 0 (0 to 9 in turn)"
    draw_and_send(pupil, sevens[2])
    assert pupil.title[0].value == "Draw a 1 (0 to 9 in turn)"
    assert list(Classroom().drawings(code)["label"]) == [0]


def test_wrong_and_ended_codes_get_a_message(home, sevens):
    pupil = student("ZZZZZ")
    assert t("class.no_such_code", "en", code="ZZZZZ") in [e.value for e in pupil.error]
    teacher, code = start()
    pupil = student(code)
    pupil.session_state["class_canvas_0"] = canvas_value(paste_on_canvas(sevens[0], 180, 50, 50))
    pupil.run()  # a stroke on the page: the drawing is ready to send
    teacher.button(key="class_end").click().run()
    pupil.button(key="class_send").click().run()
    assert t("class.ended", "en") in [e.value for e in pupil.error]
    assert "class_send" not in [b.key for b in pupil.button]
    assert Classroom().drawings(code).empty


def test_guessing_codes_is_slowed_down(home):
    at = student("ZZZZZ")
    for guess in ("ZZZZA", "ZZZZC", "ZZZZD", "ZZZZE", "ZZZZF"):
        at.query_params["class"] = guess
        at.run()
    assert t("class.too_many_codes", "en") in [e.value for e in at.error]


def test_a_hostile_name_or_a_flood_is_refused_and_stores_nothing(home, sevens, monkeypatch):
    from ui import roles

    _, code = start()
    pupil = student(code)
    draw_and_send(pupil, sevens[0], name="bad\u0000name")
    assert any("control characters" in w.value for w in pupil.warning)
    assert Classroom().drawings(code).empty

    monkeypatch.setitem(roles.LIMITS, "class_save", (0.001, 2))
    pupil = student(code)
    for image in sevens[:4]:
        draw_and_send(pupil, image)
    assert len(Classroom().drawings(code)) == 2
    assert t("roles.too_many_saves", "en") in [w.value for w in pupil.warning]


def test_the_teachers_wall_comes_back_after_a_reload(home):
    _, code = start()
    again = teacher_page()  # a new browser session: a reload, or the replica died
    assert again.session_state["class_code"] == code
    assert code in " ".join(h.proto.body for h in again.get("html"))
    again.button(key="class_end").click().run()
    assert "class_start" in [b.key for b in teacher_page().button]  # ended: nothing to come back to


def test_a_student_cannot_start_or_end_a_session(home):
    at = open_page("pages/class_session.py")
    assert t("class.teacher_only_page", "en") in all_text(at)
    assert "class_start" not in [b.key for b in at.button]
    teacher, code = start()
    teacher.session_state["roles_teacher"] = False  # a crafted click from a student's session
    teacher.button(key="class_end").click().run()
    assert Classroom().session(code).ended is None


def test_the_walls_numbers():
    labels = np.array([7, 7, 1, 3])
    probs = np.eye(10)[[7, 1, 1, 3]] * 0.9 + 0.01
    numbers = wall_numbers(labels, probs)
    assert numbers["accuracy"] == 0.75
    assert numbers["per_digit"][7] == 0.5 and numbers["per_digit"][1] == 1.0 and np.isnan(numbers["per_digit"][0])
    assert numbers["confusion"][7, 1] == 1
    assert numbers["hardest"][0] == 1  # the 7 read as a 1
    assert parse_prompt("digit:7").digit == 7 and parse_prompt("<script>").kind == "any"


@pytest.mark.slow
def test_learn_our_handwriting_trains_the_readers_recipe_and_compare_shows_the_gain(home):
    from tests.test_class_training import writers_file

    at, code = start("any")
    Classroom().import_npz(code, writers_file(12))
    at.run()
    at.button(key="class_learn").click().run()
    assert not at.exception, [e.value for e in at.exception]
    for _ in range(120):  # the training runs in the background; the page follows it
        if "compare_runs" in at.session_state:
            break
        at.run(timeout=60)
    chosen = at.session_state["compare_runs"]
    assert len(chosen) == 2 and chosen[0] == RUN.run_id
    at = at.switch_page("pages/compare.py").run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    text = all_text(at)
    assert "Our class's handwriting" in text and f"class {code}" in text
    cards = [m for m in at.metric if m.label.startswith("Held-out class drawings")]
    assert len(cards) == 2 and all(m.value.endswith("%") for m in cards)
    assert "Now read right" in text
