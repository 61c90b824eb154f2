"""AppTest checks for the sketch page: blank canvas, drawn digit, upload, test digit, no runs."""
import base64
import io

import numpy as np
import pytest
from PIL import Image

from core.data import load_mnist
from ui.i18n import t
from core.runs import RunStore
from core.sketch import canvas_to_mnist, paste_on_canvas
from core.training import TrainConfig
from tests.helpers import all_text, home_with_trained_runs, modules_after_page, open_page, use_copy_of
from tests.test_sketch import flat_png

PAGE = "pages/sketch.py"
TINY_RUN = TrainConfig(preset="dense512", epochs=1, train_limit=10_000)
FIRST_CANVAS = "sketch_canvas_0"


@pytest.fixture(scope="module")
def trained_home(tmp_path_factory):
    """An app folder holding one tiny real run (dense512, 1 epoch on 10,000 digits)."""
    home, (run,) = home_with_trained_runs(tmp_path_factory, "sketch_home", [TINY_RUN])
    return home, run.run_id


@pytest.fixture
def home_with_run(trained_home, monkeypatch):
    home, run_id = trained_home
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(home))
    return run_id


@pytest.fixture(scope="module")
def easy_digits(trained_home):
    """(index, label) of test digits the tiny model reads right and surely, even drawn."""
    home, run_id = trained_home
    (_, _), (x_test, y_test) = load_mnist()
    predict = RunStore(home / "runs").predictor(run_id)
    probs = predict(x_test[:200].astype(np.float32) / 255)
    sure = np.flatnonzero((probs.argmax(1) == y_test[:200]) & (probs.max(1) > 0.95))
    return [(int(i), int(y_test[i])) for i in sure]


def png_bytes(array):
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, "PNG")
    return buf.getvalue()


def canvas_value(rgba):
    """What streamlit-drawable-canvas 0.13 keeps in session state after a stroke."""
    url = "data:image/png;base64," + base64.b64encode(png_bytes(rgba)).decode()
    return {"drawing": {"raw": {"objects": [{"type": "path"}]}, "data": url}}


def draw(at, rgba, key=FIRST_CANVAS):
    at.session_state[key] = canvas_value(rgba)
    return at.run()


def image_captions(at):
    return [img.caption for image in at.get("image") for img in image.proto.imgs]


def predictions(at):
    return [m.value for m in at.metric if m.label in ("Prediction", "예측")]


def test_blank_canvas_asks_for_a_drawing(home_with_run):
    at = open_page(PAGE)
    assert not at.exception
    assert "Draw a digit in the black square" in all_text(at)
    assert predictions(at) == []
    assert at.multiselect(key="sketch_runs").value == [home_with_run]  # the best (only) run


def test_drawn_digit_is_predicted_with_each_step_shown(home_with_run, easy_digits):
    (_, _), (x_test, _) = load_mnist()
    index, label = easy_digits[0]
    at = open_page(PAGE)
    draw(at, paste_on_canvas(x_test[index], 180, 70, 30))
    assert not at.exception
    assert predictions(at) == [str(label)]
    assert "Confidence" in all_text(at)
    captions = image_captions(at)
    [steps] = [c for c in captions if c.startswith("1. Your drawing")]  # one picture of the four steps
    names = ("1. Your drawing", "2. Cropped to the ink", "3. Longer side scaled to 20 px", "4. Centred in 28×28")
    positions = [steps.index(name) for name in names]  # each one there, in order
    assert positions == sorted(positions), steps
    assert "(28×28 px)" in steps.split("4. Centred")[1]
    assert captions.count("Probability") == 1 and not at.get("plotly_chart")  # a picture per model, no figure


def test_clear_empties_the_canvas(home_with_run, easy_digits):
    (_, _), (x_test, _) = load_mnist()
    at = open_page(PAGE)
    draw(at, paste_on_canvas(x_test[easy_digits[0][0]], 180, 70, 30))
    assert predictions(at)
    at.button(key="sketch_clear").click().run()
    assert not at.exception
    assert predictions(at) == []
    assert "Draw a digit in the black square" in all_text(at)


def shows_an_answer(at, probs):
    """The page shows one model's answer for these probabilities: the digit,
    its confidence, the probability picture, the four steps."""
    text = all_text(at)
    assert predictions(at) == [str(int(probs.argmax()))]
    assert f"Confidence {probs.max():.1%}" in text
    assert image_captions(at).count("Probability") == 1
    assert "What the model sees, step by step" in text
    assert "Draw a digit in the black square" not in text
    assert at.button(key="sketch_inside").label == "Look inside the network for this drawing"


def shows_no_answer(at):
    """The page asks for a drawing and shows no answer, no steps and nothing to save."""
    text = all_text(at)
    assert "Draw a digit in the black square to see what the models read." in text
    assert predictions(at) == [] and "Confidence" not in text
    assert "Probability" not in image_captions(at)
    assert "What the model sees, step by step" not in text
    assert at.button(key="sketch_class_save").disabled
    assert [b for b in at.button if b.key == "sketch_inside"] == []


def test_a_scribble_gets_an_answer_and_a_blank_drawing_the_prompt(home_with_run):
    scribble = np.full((280, 280, 4), 255, np.uint8)  # the whole square inked
    probs = RunStore().predictor(home_with_run)(canvas_to_mnist(scribble)[None])[0]
    black = np.zeros((280, 280, 4), np.uint8)
    black[..., 3] = 255
    at = open_page(PAGE)
    draw(at, black)  # a stroke drawn in black: nothing shows
    assert not at.exception
    shows_no_answer(at)
    draw(at, scribble)
    assert not at.exception
    shows_an_answer(at, probs)
    draw(at, black)  # and back: the answer goes
    assert not at.exception
    shows_no_answer(at)


def test_disagreement_and_low_confidence_are_flagged(trained_home, tmp_path, monkeypatch):
    # Beside the tiny run, a weak one trained on 200 digits: they must differ somewhere.
    import shutil

    home, good_id = trained_home
    shutil.copytree(home, tmp_path / "home")
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(tmp_path / "home"))
    store = RunStore()
    weak_id = store.get_or_train(TrainConfig(preset="dense512", epochs=1, train_limit=200)).run_id
    (_, _), (x_test, _) = load_mnist()
    images = x_test[:500].astype(np.float32) / 255
    good, weak = store.predictor(good_id)(images), store.predictor(weak_id)(images)
    differ = int(np.flatnonzero(good.argmax(1) != weak.argmax(1))[0])
    unsure = int(np.flatnonzero(weak.max(1) < 0.5)[0])

    at = open_page(PAGE)
    at.multiselect(key="sketch_runs").set_value([good_id, weak_id]).run()
    at.radio(key="sketch_source").set_value("test").run()
    at.number_input(key="sketch_test_index").set_value(differ).run()
    assert not at.exception
    digits = sorted({int(good[differ].argmax()), int(weak[differ].argmax())})
    assert f"The models disagree: they read {digits[0]}, {digits[1]}." in all_text(at)
    at.number_input(key="sketch_test_index").set_value(unsure).run()
    assert "Not sure: the top probability is only" in all_text(at)


def test_upload_png_is_predicted(home_with_run, easy_digits):
    (_, _), (x_test, _) = load_mnist()
    index, label = easy_digits[1]
    at = open_page(PAGE)
    at.radio(key="sketch_source").set_value("upload").run()
    assert "Upload a picture of a single handwritten digit" in all_text(at)
    # Dark ink on white paper, as a phone photo of a notebook would be.
    paper = 255 - paste_on_canvas(x_test[index], 200, 40, 40)[..., 0]
    at.file_uploader(key="sketch_upload").set_value(("digit.png", png_bytes(paper), "image/png")).run()
    assert not at.exception
    assert predictions(at) == [str(label)]


def animated_png():
    buf = io.BytesIO()
    Image.new("L", (40, 40), 255).save(buf, "PNG", save_all=True, append_images=[Image.new("L", (40, 40), 0)])
    return buf.getvalue()


def gif():
    buf = io.BytesIO()
    Image.new("L", (20, 20)).save(buf, "GIF")
    return buf.getvalue()


@pytest.mark.parametrize(
    "name, make, message",
    [
        ("broken.png", lambda: b"\x89PNG\r\n\x1a\n not really", "could not be read as an image"),
        ("noise.jpg", lambda: np.random.default_rng(0).bytes(50_000), "could not be read as an image"),
        ("cut.png", lambda: flat_png(500, 500, level=200)[:300], "could not be read as an image"),
        ("anim.png", gif, "Only PNG and JPG images are supported"),
        ("huge.jpg", lambda: b"\xff\xd8\xff" + bytes(3 * 1024 * 1024), "too large"),
        ("64mp.png", lambda: flat_png(8000, 8000, level=255), "This picture has too many pixels to read safely"),
        ("bomb.png", lambda: flat_png(30000, 30000, rows=0), "This picture has too many pixels to read safely"),
        ("moving.png", animated_png, "This is an animated picture"),
        ("blank.png", lambda: png_bytes(np.full((100, 100), 250, np.uint8)), "No digit found in this picture"),
    ],
    ids=["corrupt", "garbage", "truncated", "gif-in-disguise", "oversized", "64-megapixels", "decompression-bomb",
         "animated", "no-ink"],
)
def test_bad_uploads_get_a_clear_message(home_with_run, name, make, message):
    at = open_page(PAGE)
    at.radio(key="sketch_source").set_value("upload").run()
    at.file_uploader(key="sketch_upload").set_value((name, make(), "image/png")).run()
    assert not at.exception
    text = all_text(at)
    assert message in text
    assert predictions(at) == [] and "What the model sees, step by step" not in text
    assert "Draw a digit in the black square" not in text  # it is not the canvas that is missing


def test_a_huge_upload_is_refused_in_korean_too(home_with_run):
    at = open_page(PAGE, lang="ko")
    at.session_state["lang"] = "ko"
    at.radio(key="sketch_source").set_value("upload").run()
    at.session_state["lang"] = "ko"  # AppTest drops the sidebar's language when a file is set: set it again
    at.file_uploader(key="sketch_upload").set_value(("big.png", flat_png(8000, 8000), "image/png")).run()
    assert not at.exception
    text = all_text(at)
    assert "픽셀이 너무 많아" in text and "12메가픽셀(예: 4096×3072px) 이하" in text


def phone_photo(digit):
    """A JPEG like a phone's photo of a notebook: dark ink on unevenly lit, grainy paper."""
    ink = paste_on_canvas(digit, 900, 350, 150, canvas=1200)[..., 0].astype(np.float32)
    ink = np.pad(ink, ((0, 0), (0, 400)))  # 1600x1200
    shading = np.linspace(0, 45, ink.shape[1], dtype=np.float32)[None, :]
    noise = np.random.default_rng(3).normal(0, 10, ink.shape).astype(np.float32)
    paper = np.clip(240 - shading - ink * 0.7 + noise, 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(paper).convert("RGB").save(buf, "JPEG", quality=85)
    return buf.getvalue()


def test_a_photo_upload_is_read_right_and_decoded_once(home_with_run, easy_digits, monkeypatch):
    import ui.sketch

    (_, _), (x_test, _) = load_mnist()
    index, label = easy_digits[3]
    photo = phone_photo(x_test[index])
    decoded = []
    read = ui.sketch.image_file_steps
    monkeypatch.setattr(ui.sketch, "image_file_steps", lambda data: decoded.append(len(data)) or read(data))
    at = open_page(PAGE)
    at.radio(key="sketch_source").set_value("upload").run()
    at.file_uploader(key="sketch_upload").set_value(("photo.jpg", photo, "image/jpeg")).run()
    assert not at.exception
    assert predictions(at) == [str(label)]
    assert "(1600×1200 px)" not in " ".join(image_captions(at))  # shrunk before anything else
    for _ in range(3):
        at.run()  # a rerun: a click elsewhere, another model chosen
    again = open_page(PAGE)  # another student with the same file
    again.radio(key="sketch_source").set_value("upload").run()
    again.file_uploader(key="sketch_upload").set_value(("same.jpg", photo, "image/jpeg")).run()
    assert predictions(at) == predictions(again) == [str(label)]
    assert decoded == [len(photo)]  # decoded once, for everyone
    broken = b"\x89PNG\r\n\x1a\n" + bytes(100)
    for _ in range(2):
        at.file_uploader(key="sketch_upload").set_value(("broken.png", broken, "image/png")).run()
        assert "could not be read as an image" in all_text(at)
    assert decoded == [len(photo), len(broken)]  # a refusal is remembered too


def test_test_digit_shows_label_and_verdict(home_with_run, easy_digits):
    index, label = easy_digits[2]
    at = open_page(PAGE)
    at.radio(key="sketch_source").set_value("test").run()
    at.number_input(key="sketch_test_index").set_value(index).run()
    assert not at.exception
    text = all_text(at)
    assert f"True label: {label}" in text
    assert predictions(at) == [str(label)]
    assert "Correct" in text
    # the digit itself beside its number, and no preparation steps (it needs none)
    assert "A test digit is already 28×28 and centred" in " ".join(image_captions(at))
    assert "What the model sees, step by step" not in text
    at.button(key="sketch_random").click().run()
    assert not at.exception and len(predictions(at)) == 1


def test_korean_labels(home_with_run, easy_digits):
    (_, _), (x_test, _) = load_mnist()
    at = open_page(PAGE, lang="ko")
    assert "검은 칸에 숫자를 그리면" in all_text(at)
    # AppTest forgets the sidebar's language after switch_page (a browser keeps it): set it again.
    at.session_state["lang"] = "ko"
    draw(at, paste_on_canvas(x_test[easy_digits[0][0]], 180, 70, 30))
    assert not at.exception
    assert [m.label for m in at.metric] == ["예측"]


def test_no_runs_offers_a_quick_training(app_home):
    at = open_page(PAGE)
    assert not at.exception
    assert "No trained model yet" in all_text(at)
    assert at.button(key="sketch_quick_train").label.startswith("Train a quick model (dense512, 2 epochs")


@pytest.mark.slow
def test_quick_training_from_the_page(app_home):
    from core.background import wait

    at = open_page(PAGE, timeout=600)
    at.button(key="sketch_quick_train").click().run()
    assert not at.exception
    job = at.session_state["job_sketch_quick"]["job"]
    assert at.get("progress") and at.button(key="sketch_quick_train").disabled  # it trains in the background
    assert wait(job, timeout=600)
    at.run()
    assert not at.exception
    assert "Done: dense512 reaches" in all_text(at)
    assert len(RunStore().list()) >= 1
    assert "No trained model yet" not in all_text(at)
    at.radio(key="sketch_source").set_value("test").run()
    assert not at.exception and len(predictions(at)) == 1


def test_blank_page_does_not_import_tensorflow(app_home):
    modules = modules_after_page(PAGE)
    assert not {m for m in modules if m.split(".")[0] in ("tensorflow", "keras")}


# ---- the class's own handwriting ----------------------------------------------------

@pytest.fixture
def own_home_with_run(trained_home, tmp_path, monkeypatch):
    """A copy of the trained home, so saved class digits stay inside one test."""
    home, run_id = trained_home
    return use_copy_of(home, tmp_path, monkeypatch), run_id


def save_as(at, digit):
    at.button_group(key="sketch_class_digit").set_value(digit).run()
    at.button(key="sketch_class_save").click().run()
    assert not at.exception


def class_set_in_store():
    """(images, labels) of the Draw page's class set, as the class store keeps it."""
    from core.classroom import Classroom, class_set_code

    room = Classroom()
    code = class_set_code(room)
    frame, images = room.drawings(code), room.images(code)
    visible = ~frame["hidden"].to_numpy(bool)
    return images[visible], frame["label"].to_numpy()[visible]


def test_saved_drawings_make_a_class_set_that_is_scored(own_home_with_run, easy_digits):
    from core.sketch import canvas_to_mnist

    home, run_id = own_home_with_run
    (_, _), (x_test, _) = load_mnist()
    (first, first_label), (second, second_label) = easy_digits[:2]
    at = open_page(PAGE)
    assert "No drawings saved yet." in all_text(at)
    assert at.button(key="sketch_class_save").disabled  # nothing drawn yet

    drawing = paste_on_canvas(x_test[first], 180, 70, 30)
    draw(at, drawing)
    assert at.button(key="sketch_class_save").disabled  # no digit chosen yet
    save_as(at, first_label)
    assert t("sketch.class_saved", digit=first_label, n=1) in all_text(at)  # its wording for one drawing
    assert predictions(at) == []  # the canvas is cleared for the next student
    images, labels = class_set_in_store()
    assert list(labels) == [first_label]
    np.testing.assert_allclose(images[0], canvas_to_mnist(drawing), atol=0.5 / 255)  # the model input, as drawn

    # The second drawing is saved under a wrong digit: every model must "get it wrong".
    wrong_label = (second_label + 1) % 10
    draw(at, paste_on_canvas(x_test[second], 200, 40, 40), key="sketch_canvas_1")
    save_as(at, wrong_label)
    text = all_text(at)
    assert "2 drawings saved." in text
    assert "Drawings every chosen model gets wrong (1)" in text
    scores = at.dataframe[0].value
    assert list(scores["Our handwriting"]) == [50.0]
    mnist_accuracy = RunStore().load(run_id).test_accuracy
    assert list(scores["MNIST test set"]) == [pytest.approx(mnist_accuracy * 100)]
    assert len(at.get("download_button")) == 1

    again = open_page(PAGE)  # a new session, as after a restart
    assert "2 drawings saved. Per digit:" in all_text(again)


def test_clearing_the_class_set_asks_first(own_home_with_run, easy_digits):
    from core.classroom import CLASS_SET, Classroom

    home, _ = own_home_with_run
    (_, _), (x_test, _) = load_mnist()
    at = open_page(PAGE)
    draw(at, paste_on_canvas(x_test[easy_digits[0][0]], 180, 70, 30))
    save_as(at, easy_digits[0][1])
    at.button(key="sketch_class_clear").click().run()
    assert t("sketch.class_clear_confirm", n=1) in all_text(at)
    at.button(key="sketch_class_clear_no").click().run()
    assert len(class_set_in_store()[1]) == 1
    at.button(key="sketch_class_clear").click().run()
    at.button(key="sketch_class_clear_yes").click().run()
    assert not at.exception
    assert len(class_set_in_store()[1]) == 0
    kept = [info for info in Classroom().sessions() if info.prompt == CLASS_SET and info.ended is not None]
    assert len(Classroom().drawings(kept[0].code)) == 1  # cleared from the page, kept in the store
    text = all_text(at)
    assert "The class set is empty again." in text and "No drawings saved yet." in text


def test_an_old_class_set_of_npy_files_is_imported_once(own_home_with_run, easy_digits):
    from core.classset import ClassSet

    home, _ = own_home_with_run
    for path in home.glob("classroom.sqlite3*"):  # an app folder from before the class store
        path.unlink()
    (_, _), (x_test, _) = load_mnist()
    old = ClassSet(home / "class_digits")  # as the Draw page kept it before the class store
    for index, label in easy_digits[:3]:
        old.add(x_test[index] / 255.0, label)
    at = open_page(PAGE)
    assert "3 drawings saved." in all_text(at)
    assert list(class_set_in_store()[1]) == [label for _, label in easy_digits[:3]]
    assert "3 drawings saved." in all_text(open_page(PAGE))  # not imported twice


def test_test_digits_cannot_join_the_class_set_and_korean_works(own_home_with_run):
    at = open_page(PAGE, lang="ko")
    at.session_state["lang"] = "ko"
    at.radio(key="sketch_source").set_value("test").run()
    assert not at.exception
    text = all_text(at)
    assert "우리 반의 손글씨" in text
    assert "테스트 숫자는 MNIST의 것입니다" in text
    assert [b for b in at.button if b.key == "sketch_class_save"] == []


def test_look_inside_opens_the_inside_page_with_the_drawing(home_with_run, easy_digits):
    (_, _), (x_test, _) = load_mnist()
    index, label = easy_digits[0]
    at = open_page(PAGE)
    draw(at, paste_on_canvas(x_test[index], 180, 70, 30))
    at.button(key="sketch_inside").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Inside the network"
    assert at.radio(key="inside_source").value == "sketch"  # the drawing came along
    assert f"Answer {label}" in all_text(at)


# ---- what a student types ---------------------------------------------------------

HOSTILE_LABEL = "[x](http://evil.example) ![img](http://x/a.png) <b>bold</b> **loud** :red[boo]"


def test_a_run_label_is_shown_as_typed(own_home_with_run, easy_digits):
    from tests.test_hostile_input import markdown_sources

    _, run_id = own_home_with_run
    RunStore().set_label(run_id, HOSTILE_LABEL)
    (_, _), (x_test, _) = load_mnist()
    index, label = easy_digits[0]
    at = open_page(PAGE)
    draw(at, paste_on_canvas(x_test[index], 180, 70, 30))
    save_as(at, label)  # the class set's table names the model too
    draw(at, paste_on_canvas(x_test[index], 180, 70, 30), key="sketch_canvas_1")
    assert not at.exception
    assert predictions(at) == [str(label)]
    name = at.multiselect(key="sketch_runs").format_func(run_id)
    assert name.startswith(HOSTILE_LABEL)  # the picker's options are plain text
    # The answer names its model as plain text. Not as Markdown, even escaped: GitHub
    # Markdown links a bare URL by itself ("http\\://evil.example" is still a link).
    assert [el.value for el in at.text] == [name]
    assert not [source for source in markdown_sources(at) if "evil" in source]
    assert list(at.dataframe[0].value["Model"]) == [name]  # a table cell is plain text


def test_junk_in_the_address_leaves_the_page_working(home_with_run, easy_digits):
    from streamlit.testing.v1 import AppTest

    from tests.helpers import ROOT

    # The page reads no query string of its own; the sidebar's (?lang, ?present) and
    # other pages' (?run, ?digit, ?runs) are ignored here when they are junk.
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    for key, value in {"lang": "../../ko", "present": "<script>", "run": "../../etc/passwd", "digit": "²",
                       "runs": "[evil](http://evil.example),,", "sketch_runs": "x"}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    (_, _), (x_test, _) = load_mnist()
    index, label = easy_digits[0]
    draw(at, paste_on_canvas(x_test[index], 180, 70, 30))
    assert not at.exception
    assert predictions(at) == [str(label)]
    assert "Draw a digit" in at.title[0].value  # English: the junk language was ignored
