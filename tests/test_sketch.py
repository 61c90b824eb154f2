"""core/sketch.py: canvas drawings and uploaded images -> MNIST-style 28x28 inputs."""
import io
import struct
import zlib

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


def flat_png(width, height, level=0, rows=None):
    """A one-colour 8-bit gray PNG built row by row, never whole in memory: a few
    KB on disk whatever it declares. `rows` < height: cut short (truncated)."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = height if rows is None else rows
    packer, row = zlib.compressobj(9), b"\x00" + bytes([level]) * width if rows else b""
    idat = b"".join(packer.compress(row) for _ in range(rows)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture
def decoded_sizes(monkeypatch):
    """The size of every image PIL decodes while the test runs."""
    from PIL import ImageFile

    sizes, load = [], ImageFile.ImageFile.load

    def spy(image):
        if image.tile:  # pixels still to decode (load() is also called on decoded images)
            sizes.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return sizes


def test_flat_png_is_a_real_image():
    assert np.asarray(Image.open(io.BytesIO(flat_png(300, 200, level=7)))).tolist() == [[7] * 300] * 200


@pytest.mark.parametrize("width, height", [(8000, 8000), (4097, 3073), (9000, 100), (20000, 20000), (2**31 - 1, 1)],
                         ids=["64MP", "just-over", "too-wide", "bomb", "absurd"])
def test_too_many_pixels_are_refused_before_decoding(decoded_sizes, width, height):
    # A 2 MB PNG can declare a gigapixel; PIL itself raises DecompressionBombError past 179 MP.
    data = flat_png(width, height, rows=None if width * height <= 64_000_000 else 0)  # header only
    assert len(data) < 100_000
    with pytest.raises(ImageFileError) as err:
        image_file_to_mnist(data)
    assert err.value.reason == "too_many_pixels"
    assert decoded_sizes == []  # refused from the header: not one pixel decoded


def test_the_largest_allowed_png_is_read(decoded_sizes):
    steps = image_file_steps(flat_png(4096, 3072, level=255))  # white paper, no ink
    assert steps.blank and max(steps.gray.shape) == 560  # the working copy, not the upload
    assert decoded_sizes == [(4096, 3072)]


def test_a_big_phone_photo_is_decoded_small_and_read_right(test_digits, decoded_sizes):
    # 12 MP, dark ink on lit paper, a JPEG as phones write them: decoded at a quarter of its size.
    x_test, _ = test_digits
    canvas = paste_on_canvas(x_test[4], 2000, 1000, 500, canvas=3024)
    ink = np.pad(canvas[..., 0], ((0, 0), (0, 4032 - 3024)))
    rng = np.random.default_rng(1)
    shading = np.linspace(0, 40, ink.shape[1], dtype=np.float32)[None, :]
    photo = np.clip(245 - shading - ink * 0.75 + rng.normal(0, 8, ink.shape).astype(np.float32), 0, 255)
    steps = image_file_steps(encoded(np.repeat(photo.astype(np.uint8)[..., None], 3, axis=2), "JPEG", quality=80))
    assert decoded_sizes == [(1008, 756)]
    assert_mnist_like(steps.centred)
    assert similarity(steps.centred, canvas_to_mnist(canvas)) > 0.9


def dark_on_paper(test_digits, index=2):
    """(a digit as dark ink on white paper, uint8 (200, 200); what it reads as)."""
    x_test, _ = test_digits
    canvas = paste_on_canvas(x_test[index], 150, 25, 25, canvas=200)
    return 255 - canvas[..., 0], canvas_to_mnist(canvas)


def as_file(image, fmt, **kwargs):
    buf = io.BytesIO()
    image.save(buf, fmt, **kwargs)
    return buf.getvalue()


def as_png(image, **kwargs):
    return as_file(image, "PNG", **kwargs)


def test_every_kind_of_png_and_jpg_reads_the_same_digit(test_digits):
    paper, expected = dark_on_paper(test_digits)
    gray = Image.fromarray(paper)
    transparent = gray.convert("RGBA")
    transparent.putalpha(Image.fromarray(255 - paper))  # ink only, no paper
    mpo = io.BytesIO()
    gray.convert("RGB").save(mpo, "MPO", save_all=True, append_images=[Image.new("RGB", (200, 200))])
    files = {
        "gray": as_png(gray),
        "16-bit gray": as_png(Image.fromarray(paper.astype(np.uint16) * 257)),
        "1-bit": as_png(gray.point(lambda v: 255 if v > 127 else 0).convert("1")),
        "palette": as_png(gray.convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE)),
        "palette, transparent colour": as_png(gray.point(lambda v: 255 if v > 127 else 0).convert("P"),
                                              transparency=255),
        "gray, transparent colour": as_png(gray.point(lambda v: 255 if v > 127 else 0), transparency=255),
        "gray + alpha": as_png(transparent.convert("LA")),
        "RGBA": as_png(transparent),
        "CMYK JPEG": as_file(gray.convert("CMYK"), "JPEG", quality=95),
        "MPO (its first picture)": mpo.getvalue(),
    }
    for name, data in files.items():
        image = image_file_to_mnist(data)
        assert image is not None, name
        assert_mnist_like(image)
        assert similarity(image, expected) > 0.95, name


def test_exif_orientation_is_applied(test_digits):
    paper, expected = dark_on_paper(test_digits, index=7)  # a 7: any turn shows
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90 degrees clockwise to show": the camera's sensor was sideways
    sideways = Image.fromarray(paper).transpose(Image.Transpose.ROTATE_90)
    upright = image_file_to_mnist(encoded(np.asarray(sideways), "JPEG", quality=95, exif=exif.tobytes()))
    assert similarity(upright, expected) > 0.95
    assert similarity(image_file_to_mnist(encoded(np.asarray(sideways), "JPEG", quality=95)), expected) < 0.6


def test_an_animated_png_is_refused(test_digits):
    paper, _ = dark_on_paper(test_digits)
    buf = io.BytesIO()
    Image.fromarray(paper).save(buf, "PNG", save_all=True, append_images=[Image.fromarray(255 - paper)])
    with pytest.raises(ImageFileError) as err:
        image_file_to_mnist(buf.getvalue())
    assert err.value.reason == "animated"


def test_damaged_files_are_refused_never_crash(test_digits):
    # Every cut and a few hundred random byte changes of a real PNG and JPEG:
    # each reads as a digit, as blank, or is refused with a reason.
    paper, _ = dark_on_paper(test_digits)
    rng = np.random.default_rng(0)
    for data in (encoded(paper, "PNG"), encoded(paper, "JPEG"), encoded(paper, "JPEG", progressive=True)):
        variants = [data[:n] for n in range(0, len(data), max(1, len(data) // 60))]
        for _ in range(100):
            damaged = bytearray(data)
            for at in rng.integers(0, len(data), int(rng.integers(1, 8))):
                damaged[at] = int(rng.integers(256))
            variants.append(bytes(damaged))
        variants += [data[:12] + b"\xff" * 4000, b"\x89PNG\r\n\x1a\n" + bytes(50), b"\xff\xd8\xff" + bytes(5000)]
        for variant in variants:
            try:
                image = image_file_to_mnist(variant)
            except ImageFileError as e:
                assert e.reason in ImageFileError.REASONS
                continue
            assert image is None or (image.shape == (28, 28) and np.isfinite(image).all())


def test_a_truncated_png_is_refused():
    data = flat_png(1000, 1000, level=200)
    with pytest.raises(ImageFileError) as err:
        image_file_to_mnist(data[:len(data) // 2])
    assert err.value.reason == "corrupt"


def test_every_refusal_has_a_message_in_every_language():
    from ui.i18n import LANGUAGES, catalogue
    from core.sketch import pixel_limits

    for reason in ImageFileError.REASONS:
        entry = catalogue()[f"sketch.upload_{reason}"]
        for lang in LANGUAGES:
            entry[lang].format(mb=2, **pixel_limits())  # every field it names is given


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
