"""A drawing or a photo of a digit -> a 28x28 image the models were trained on.

MNIST's own recipe: grayscale, crop to the ink, scale the longer side to 20 px
keeping the aspect ratio (anti-aliased), then paste into 28x28 so that the
centre of mass sits in the middle. Skip a step and a perfectly readable "7"
drawn small in a corner becomes noise to the network.
"""
import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

BOX = 20  # MNIST digits fill a 20x20 box ...
SIZE = 28  # ... centred in a 28x28 frame
INK = 0.1  # gray level (0..1) from which a pixel counts as ink
UPLOAD_WORKING_SIDE = 560  # uploads are shrunk to this first: enough for a 20 px digit


@dataclass(frozen=True)
class SketchSteps:
    """Every stage of the preprocessing, for the page to show.

    gray: the whole input as ink in [0, 1] (white ink on black).
    cropped: the ink's bounding box cut out of `gray`, or None when blank.
    scaled: `cropped` with its longer side scaled to 20 px, or None.
    centred: the 28x28 model input, or None when there is no ink.
    """

    gray: np.ndarray
    cropped: np.ndarray | None = None
    scaled: np.ndarray | None = None
    centred: np.ndarray | None = None

    @property
    def blank(self):
        return self.centred is None


def canvas_gray(rgba):
    """Canvas pixels (h, w, 4) uint8 -> ink in [0, 1], composited over black.

    Also takes (h, w, 3) RGB or (h, w) gray arrays.
    """
    pixels = np.asarray(rgba)
    if pixels.ndim == 2:
        return pixels.astype(np.float32) / 255.0
    if pixels.ndim != 3 or pixels.shape[2] not in (3, 4):
        raise ValueError(f"expected an (h, w), (h, w, 3) or (h, w, 4) image, not {pixels.shape}")
    rgb = pixels[..., :3].astype(np.float32)
    gray = (rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)) / 255.0
    if pixels.shape[2] == 4:
        gray *= pixels[..., 3].astype(np.float32) / 255.0  # transparent = no ink
    return gray


def _ink_box(gray):
    rows = np.flatnonzero((gray > INK).any(axis=1))
    cols = np.flatnonzero((gray > INK).any(axis=0))
    if rows.size == 0:
        return None
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1


def _scale_longer_side(cropped, box=BOX):
    h, w = cropped.shape
    scale = box / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))  # PIL wants (width, height)
    scaled = Image.fromarray(np.ascontiguousarray(cropped, dtype=np.float32)).resize(size, Image.Resampling.LANCZOS)
    scaled = np.clip(np.asarray(scaled, dtype=np.float32), 0.0, 1.0)  # Lanczos rings a little
    # A thin pen on a big canvas fades to gray at 20 px; MNIST strokes are full white.
    return scaled / scaled.max() if scaled.max() > 0 else scaled


def _paste_by_centre_of_mass(scaled, size=SIZE):
    h, w = scaled.shape
    mass = scaled.sum()
    cy = (scaled.sum(axis=1) @ np.arange(h)) / mass
    cx = (scaled.sum(axis=0) @ np.arange(w)) / mass
    # Put the centre of mass on pixel (14, 14), but never push ink out of the frame.
    top = int(np.clip(round(size / 2 - cy), 0, size - h))
    left = int(np.clip(round(size / 2 - cx), 0, size - w))
    out = np.zeros((size, size), dtype=np.float32)
    out[top:top + h, left:left + w] = scaled
    return out


def gray_steps(gray):
    """Ink image (white on black, [0, 1]) -> SketchSteps; blank when no pixel reaches INK."""
    gray = np.asarray(gray, dtype=np.float32)
    box = _ink_box(gray)
    if box is None:
        return SketchSteps(gray=gray)
    top, bottom, left, right = box
    cropped = gray[top:bottom, left:right]
    scaled = _scale_longer_side(cropped)
    if scaled.sum() <= 0:
        return SketchSteps(gray=gray)
    return SketchSteps(gray, cropped, scaled, _paste_by_centre_of_mass(scaled))


def canvas_steps(rgba):
    return gray_steps(canvas_gray(rgba))


def canvas_to_mnist(rgba):
    """Canvas pixels (h, w, 4) uint8 -> (28, 28) float32 in [0, 1], or None when blank."""
    return canvas_steps(rgba).centred


class ImageFileError(ValueError):
    """An upload we cannot read. `reason` is one of REASONS, for a translated message."""

    REASONS = ("empty", "corrupt", "unsupported", "too_large", "too_many_pixels", "animated")

    def __init__(self, reason, detail):
        assert reason in self.REASONS
        super().__init__(detail)
        self.reason = reason


# How large an upload may be, read from its header before anything is decoded.
# A PNG (and a progressive or multi-scan JPEG) costs memory for every pixel the
# header declares, whatever the file's size: a 2 MB PNG of one colour can
# declare a gigapixel. Measured peaks while decoding at the limit: about 110 MB
# for an RGBA PNG, 40 MB for a progressive JPEG, 5 MB for a baseline JPEG
# (decoded at 1/4 to 1/8 scale). The limit still takes a 12 MP phone photo
# (4032x3024) and an A4 page scanned at 300 dpi (2480x3508).
MAX_SIDE = 8192
MAX_PIXELS = 4096 * 3072  # 12.6 megapixels
FORMATS = ("PNG", "JPEG", "MPO")  # MPO: a phone's JPEG with a preview or depth map after its picture
_ORIENTATION = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
                4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270,
                7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90}


def pixel_limits():
    """The upload limits as a message states them."""
    return {"megapixels": MAX_PIXELS // 1_000_000, "example": "4096×3072", "side": MAX_SIDE}


def _orientation(image):
    """The EXIF orientation tag (1..8), or None; a damaged EXIF block is ignored."""
    try:
        return image.getexif().get(0x0112)
    except Exception:  # noqa: BLE001 - whatever the EXIF parser trips on, the picture is still readable
        return None


def _open_image(data):
    """Upload bytes -> a PIL image at most UPLOAD_WORKING_SIDE a side, upright, in a mode
    image_file_gray reads. Every check on the header comes before the pixels are decoded."""
    if not data:
        raise ImageFileError("empty", "the file is empty")
    try:
        image = Image.open(io.BytesIO(data))  # reads the header only
    except Image.DecompressionBombError:
        raise ImageFileError("too_many_pixels", "the header declares a decompression bomb") from None
    except Exception:  # noqa: BLE001 - hostile bytes can make any header parser raise anything
        raise ImageFileError("corrupt", "not an image file, or a damaged one") from None
    if image.format not in FORMATS:
        raise ImageFileError("unsupported", f"{image.format} images are not supported; use PNG or JPG")
    width, height = image.size
    if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
        raise ImageFileError("too_many_pixels", f"{width}x{height} pixels is too many")
    if image.format == "PNG" and getattr(image, "n_frames", 1) > 1:
        raise ImageFileError("animated", "an animated PNG has no one picture to read")
    try:
        if image.format in ("JPEG", "MPO"):  # an MPO's first picture; gray, decoded at down to 1/8 scale
            image.draft("L", (UPLOAD_WORKING_SIDE, UPLOAD_WORKING_SIDE))
        image.load()
        orientation = _orientation(image)
        image = _working_mode(image)
        image.thumbnail((UPLOAD_WORKING_SIDE, UPLOAD_WORKING_SIDE), Image.Resampling.LANCZOS)
        if image.mode in ("I", "I;16", "I;16B", "I;16L"):  # 16-bit gray: 0..65535 -> 0..255, on the small copy
            image = Image.fromarray(np.clip(np.asarray(image, np.float32) / 257, 0, 255).round().astype(np.uint8))
        if orientation in _ORIENTATION:
            image = image.transpose(_ORIENTATION[orientation])
    except Exception as e:  # noqa: BLE001 - truncated, damaged or odd files fail in the decoder in many ways
        raise ImageFileError("corrupt", f"the image could not be decoded ({type(e).__name__}: {e})") from None
    return image


def _working_mode(image):
    """A mode that shrinks well and keeps its transparency: palette and 1-bit images
    are resized pixel by pixel (nearest), which drops thin strokes, and a
    transparent colour (PNG's tRNS) would blend away in the resize."""
    if image.mode == "1":
        image = image.convert("L")
    if image.mode in ("L", "RGB", "P") and "transparency" in image.info:
        return image.convert("RGBA")
    if image.mode == "P":
        return image.convert("RGB")
    if image.mode in ("L", "LA", "RGB", "RGBA", "CMYK", "I", "I;16", "I;16B", "I;16L"):
        return image
    return image.convert("RGBA")  # PA, La, RGBa, ...: anything else a PNG decoder may give


def _flatten_alpha(image):
    """RGBA -> gray, laid on paper that contrasts with the ink.

    A PNG with a transparent background has no paper colour of its own: dark
    strokes go on white paper, light strokes on black.
    """
    rgba = np.asarray(image.convert("RGBA"), dtype=np.float32) / 255.0
    alpha = rgba[..., 3]
    gray = rgba[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    if alpha.min() >= 1.0:
        return gray
    ink_brightness = (gray * alpha).sum() / max(alpha.sum(), 1e-6)
    paper = 1.0 if ink_brightness < 0.5 else 0.0
    return gray * alpha + paper * (1.0 - alpha)


def _paper_shading(gray):
    """The paper's brightness across a photo (light falls unevenly), without the ink.

    A morphological opening on a small copy removes strokes narrower than
    about a twelfth of the image and keeps the slow shading.
    """
    h, w = gray.shape
    small = Image.fromarray(gray).resize((max(1, w // 8), max(1, h // 8)), Image.Resampling.BOX)
    small = small.filter(ImageFilter.MinFilter(7)).filter(ImageFilter.MaxFilter(7))
    return np.asarray(small.resize((w, h), Image.Resampling.BILINEAR), dtype=np.float32)


def image_file_gray(data):
    """PNG/JPG bytes -> ink in [0, 1], white on black, background pulled to 0.

    Dark ink on light paper (the usual photo or scan) is detected and inverted.
    Raises ImageFileError (a ValueError) for empty, corrupt, unsupported, animated
    files and for more pixels than MAX_PIXELS or MAX_SIDE (checked before decoding).
    """
    image = _open_image(data)
    if "A" in image.getbands():
        gray = _flatten_alpha(image)
    else:
        gray = np.asarray(image.convert("L"), dtype=np.float32) / 255.0
    paper = float(np.median(gray))  # the ink is the minority of pixels
    if paper > 0.5:
        gray, paper = 1.0 - gray, 1.0 - paper
    top = float(gray.max())
    if top - paper < 0.15:  # no stroke stands out from the paper
        return np.zeros_like(gray)
    # A drawing saved by a program has flat paper; a photo or scan has grain
    # and specks that would widen the ink box: smooth them away first.
    flat_paper = np.mean(np.abs(gray - paper) < 1 / 255) > 0.5
    if not flat_paper:
        gray = np.asarray(Image.fromarray(gray).filter(ImageFilter.MedianFilter(3)))
        gray = gray - _paper_shading(gray) + paper
        top = float(gray.max())
    # Paper is rarely pure black or white: stretch so paper is 0 and ink is 1.
    gray = np.clip((gray - paper) / (top - paper), 0.0, 1.0)
    if not flat_paper:
        # Keep only ink at least 3 px wide (a morphological opening): lone specks go.
        ink = Image.fromarray(((gray >= 0.15) * 255).astype(np.uint8))
        ink = ink.filter(ImageFilter.MinFilter(3)).filter(ImageFilter.MaxFilter(3))
        gray = np.where(np.asarray(ink) > 0, gray, 0.0)
    return gray.astype(np.float32)


def image_file_steps(data):
    return gray_steps(image_file_gray(data))


def image_file_to_mnist(data):
    """PNG/JPG bytes -> (28, 28) float32 in [0, 1], or None when there is no ink."""
    return image_file_steps(data).centred


def paste_on_canvas(digit, height, left, top, canvas=280):
    """A 28x28 uint8 digit scaled to `height` px and placed on a black RGBA canvas.

    What a student's drawing looks like to the page; used by tests and benchmarks.
    """
    digit = Image.fromarray(np.asarray(digit, dtype=np.uint8)).resize((height, height), Image.Resampling.BILINEAR)
    rgba = np.zeros((canvas, canvas, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    patch = np.asarray(digit)[: canvas - top, : canvas - left]
    rgba[top:top + patch.shape[0], left:left + patch.shape[1], :3] = patch[..., None]
    return rgba


def digit_steps(digit):
    """A 28x28 uint8 MNIST digit as SketchSteps: it is already the model input."""
    image = np.asarray(digit, dtype=np.float32) / 255.0
    return SketchSteps(gray=image, centred=image)


def for_display(image, size, frame=0.3):
    """A [0, 1] image as a size x size uint8 picture with square pixels.

    Scaled (nearest neighbour, so a 20x20 stays crisp) until its longer side
    fills `size`, on a gray frame that shows where the image really ends.
    """
    pixels = Image.fromarray(np.round(np.clip(np.asarray(image, np.float32), 0, 1) * 255).astype(np.uint8))
    scale = size / max(pixels.size)
    width, height = (max(1, round(side * scale)) for side in pixels.size)
    picture = Image.new("L", (size, size), round(frame * 255))
    picture.paste(pixels.resize((width, height), Image.Resampling.NEAREST),
                  ((size - width) // 2, (size - height) // 2))
    return np.asarray(picture)


def to_uint8(images):
    """[0, 1] images (any shape) -> uint8 pictures, 0..255."""
    return np.round(np.clip(np.asarray(images, np.float32), 0, 1) * 255).astype(np.uint8)


def digit_counts(digits):
    """How many of each digit 0..9 a list of labels holds."""
    return np.bincount(np.asarray(digits, np.int64), minlength=10)


# ---- reading the models' answers ---------------------------------------------------------

UNSURE_BELOW = 0.6  # a top probability under this is shown as "not sure"


@dataclass(frozen=True)
class Reading:
    """One model's answer for one image."""

    run_id: str
    probs: np.ndarray  # (10,)
    digit: int
    confidence: float
    unsure: bool


def read_probs(run_id, probs, unsure_below=UNSURE_BELOW):
    probs = np.asarray(probs, dtype=np.float32).reshape(10)
    digit = int(probs.argmax())
    confidence = float(probs[digit])
    return Reading(run_id, probs, digit, confidence, confidence < unsure_below)


def disagreement(readings):
    """The distinct digits the models read, smallest first; more than one means they disagree."""
    return sorted({r.digit for r in readings})
