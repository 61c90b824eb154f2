"""core/sketch.py: canvas drawings and uploaded images -> MNIST-style 28x28 inputs."""
import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.data import load_mnist
from core.sketch import (
    ImageFileError,
    canvas_steps,
    canvas_to_mnist,
    image_file_steps,
    image_file_to_mnist,
    paste_on_canvas,
)


@pytest.fixture(scope="module")
def test_digits():
    (_, _), (x_test, y_test) = load_mnist()
    return x_test, y_test


def ink_box(image, level=0.1):
    rows = np.flatnonzero((image > level).any(axis=1))
    cols = np.flatnonzero((image > level).any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


def centre_of_mass(image):
    idx = np.arange(image.shape[0])
    mass = image.sum()
    return (image.sum(axis=1) @ idx) / mass, (image.sum(axis=0) @ idx) / mass


def assert_mnist_like(image):
    assert image.shape == (28, 28) and image.dtype == np.float32
    assert 0.0 <= image.min() and image.max() <= 1.0 and image.max() > 0.9
    assert max(ink_box(image)) in (19, 20)
    cy, cx = centre_of_mass(image)
    assert abs(cy - 14) <= 1.0 and abs(cx - 14) <= 1.0


def similarity(a, b):
    """Best correlation over shifts of up to one pixel.

    The centre of mass is placed on a whole pixel, as MNIST did, so a tiny change
    in the input can move the digit by one pixel.
    """
    return max(
        np.corrcoef(np.roll(a, (dy, dx), axis=(0, 1)).ravel(), b.ravel())[0, 1]
        for dy in (-1, 0, 1)
        for dx in (-1, 0, 1)
    )


def blank_canvas(size=280):
    rgba = np.zeros((size, size, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    return rgba


def drawn(points, width, size=280, ellipse=None):
    """White strokes on an opaque black canvas, like the page's canvas sends."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 255))
    draw = ImageDraw.Draw(image)
    if points:
        draw.line(points, fill=(255, 255, 255, 255), width=width, joint="curve")
    if ellipse:
        draw.ellipse(ellipse, outline=(255, 255, 255, 255), width=width)
    return np.asarray(image)


def encoded(array, fmt, **kwargs):
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, fmt, **kwargs)
    return buf.getvalue()


def test_blank_canvas_is_none():
    assert canvas_to_mnist(blank_canvas()) is None
    assert canvas_to_mnist(np.zeros((280, 280, 4), dtype=np.uint8)) is None  # fully transparent
    steps = canvas_steps(blank_canvas())
    assert steps.blank and steps.cropped is None and steps.gray.shape == (280, 280)


@pytest.mark.parametrize(
    "height, left, top",
    [(40, 10, 10), (270, 5, 5), (120, 150, 150), (90, 180, 5), (200, 0, 70)],
    ids=["small-corner", "large", "off-centre", "top-right", "touching-left-edge"],
)
def test_any_size_and_place_comes_out_centred_in_a_20px_box(test_digits, height, left, top):
    x_test, _ = test_digits
    for i in range(10):
        assert_mnist_like(canvas_to_mnist(paste_on_canvas(x_test[i], height, left, top)))


@pytest.mark.parametrize("width", [3, 10, 26, 60])
def test_thin_and_thick_strokes(width):
    seven = drawn([(70, 40), (200, 40), (120, 250)], width)
    zero = drawn(None, width, ellipse=[60, 30, 220, 250])
    for canvas in (seven, zero):
        assert_mnist_like(canvas_to_mnist(canvas))


def test_aspect_ratio_is_kept():
    one = canvas_to_mnist(drawn([(140, 30), (140, 250)], 20))  # a tall thin "1"
    height, width = ink_box(one)
    assert height == 20 and width <= 4


def test_steps_show_each_stage(test_digits):
    x_test, _ = test_digits
    steps = canvas_steps(paste_on_canvas(x_test[0], 140, 60, 30))
    assert steps.gray.shape == (280, 280)
    assert max(steps.cropped.shape) <= 140 and max(steps.scaled.shape) == 20
    assert steps.centred.shape == (28, 28)


def test_mnist_digit_drawn_large_comes_back_as_itself(test_digits):
    # MNIST was made with this recipe, so blowing a digit up 10x and running
    # it back through must land close to the original.
    x_test, _ = test_digits
    for i in range(20):
        original = x_test[i].astype(np.float32) / 255
        back = canvas_to_mnist(paste_on_canvas(x_test[i], 280, 0, 0))
        assert similarity(original, back) > 0.9


def test_fully_scribbled_canvas_is_sane():
    full = np.full((280, 280, 4), 255, dtype=np.uint8)
    image = canvas_to_mnist(full)
    assert image.shape == (28, 28) and np.isfinite(image).all()
    assert ink_box(image) == (20, 20)


def test_non_square_canvas_and_rgb_input(test_digits):
    x_test, _ = test_digits
    rgba = np.zeros((200, 500, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    rgba[20:180, 300:460, :3] = np.asarray(Image.fromarray(x_test[3]).resize((160, 160)))[..., None]
    assert_mnist_like(canvas_to_mnist(rgba))
    assert_mnist_like(canvas_to_mnist(rgba[..., :3]))


# --- uploads -------------------------------------------------------------------------------


def test_upload_png_matches_the_canvas_path(test_digits):
    x_test, _ = test_digits
    canvas = paste_on_canvas(x_test[5], 200, 40, 40)
    from_canvas = canvas_to_mnist(canvas)
    from_png = image_file_to_mnist(encoded(canvas, "PNG"))
    assert similarity(from_png, from_canvas) > 0.97


def test_upload_photo_of_paper_is_inverted(test_digits):
    x_test, _ = test_digits
    canvas = paste_on_canvas(x_test[7], 200, 60, 20)
    # Dark ink on off-white paper, lit unevenly, with grain; a JPEG like a phone photo.
    rng = np.random.default_rng(0)
    shading = np.linspace(0, 50, canvas.shape[1])[None, :]
    paper = 250 - shading - canvas[..., 0].astype(np.float32) * 0.7 + rng.normal(0, 12, canvas.shape[:2])
    photo = np.clip(paper, 0, 255).astype(np.uint8)
    photo_rgb = np.stack([photo, photo, photo], axis=-1)
    steps = image_file_steps(encoded(photo_rgb, "JPEG", quality=85))
    assert_mnist_like(steps.centred)
    expected = canvas_to_mnist(canvas)
    assert similarity(steps.centred, expected) > 0.9


def test_upload_transparent_png_with_dark_ink(test_digits):
    x_test, _ = test_digits
    canvas = paste_on_canvas(x_test[9], 180, 30, 50)
    rgba = np.zeros_like(canvas)
    rgba[..., 3] = canvas[..., 0]  # black ink whose opacity is the stroke; no background
    image = image_file_to_mnist(encoded(rgba, "PNG"))
    assert_mnist_like(image)
    assert similarity(image, canvas_to_mnist(canvas)) > 0.97


def test_upload_of_blank_paper_is_none():
    paper = np.full((300, 400), 240, dtype=np.uint8)
    assert image_file_to_mnist(encoded(paper, "JPEG")) is None
    assert image_file_to_mnist(encoded(paper, "PNG")) is None


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"this is not an image at all", "corrupt"),
        (encoded(np.random.default_rng(0).integers(0, 255, (64, 64), np.uint8), "PNG")[:2000], "corrupt"),
        (encoded(np.zeros((10, 10), np.uint8), "GIF"), "unsupported"),
        (encoded(np.zeros((10, 10), np.uint8), "BMP"), "unsupported"),
    ],
    ids=["empty", "garbage", "truncated-png", "gif", "bmp"],
)
def test_bad_uploads_raise_value_error(data, reason):
    with pytest.raises(ValueError) as err:
        image_file_to_mnist(data)
    assert isinstance(err.value, ImageFileError) and err.value.reason == reason
    assert str(err.value)


def test_huge_image_is_refused_before_decoding():
    # A 2 MB PNG can still declare a billion pixels: check the header, not the memory.
    buf = io.BytesIO()
    Image.new("L", (9000, 9000), 0).save(buf, "PNG")
    with pytest.raises(ImageFileError) as err:
        image_file_to_mnist(buf.getvalue())
    assert err.value.reason == "too_large"


# --- a real model on drawn digits ------------------------------------------------------------


def _train_small_model(tmp_path):
    """(predict, clean test accuracy) for a dense512 net trained 2 epochs."""
    from core.runs import RunStore
    from core.training import TrainConfig

    store = RunStore(root=tmp_path / "runs")
    run = store.get_or_train(TrainConfig(preset="dense512", epochs=2))
    return store.predictor(run.run_id)


@pytest.mark.slow
def test_drawn_digits_keep_97_percent_of_clean_accuracy(test_digits, tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_STUDIO_HOME", str(tmp_path / "home"))
    x_test, y_test = test_digits
    predict = _train_small_model(tmp_path)
    rng = np.random.default_rng(0)
    idx = rng.choice(len(x_test), 2000, replace=False)
    clean = x_test[idx].astype(np.float32) / 255
    drawn_inputs = []
    for i in idx:
        height = int(rng.integers(60, 271))
        left, top = (int(v) for v in rng.integers(0, 281 - height, size=2))
        drawn_inputs.append(canvas_to_mnist(paste_on_canvas(x_test[i], height, left, top)))
    clean_accuracy = (predict(clean).argmax(1) == y_test[idx]).mean()
    drawn_accuracy = (predict(np.stack(drawn_inputs)).argmax(1) == y_test[idx]).mean()
    print(f"clean {clean_accuracy:.4f}, drawn {drawn_accuracy:.4f}")
    assert clean_accuracy > 0.9
    assert drawn_accuracy >= 0.97 * clean_accuracy
