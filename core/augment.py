"""The CNN's data augmentation (S4): random rotation, zoom and shift, in NumPy.

It means what the notes' Keras call means,

    ImageDataGenerator(rotation_range=15, zoom_range=0.15,
                       width_shift_range=0.1, height_shift_range=0.1)

one random affine transform per image: an angle in [-15, 15] degrees, a zoom
factor per axis in [0.85, 1.15] (above 1 the digit shrinks, as in Keras) and a
shift per axis of up to 10 % of the image side. Pixels are sampled bilinearly
and whatever comes in from outside the image is background (0), which for
MNIST's black borders is what Keras' fill_mode="nearest" gives too.

Each transform is also written as the affine map from an output pixel to
where it is read in the source (`transform_matrices`), in the layout of
`keras.ops.image.affine_transform`: the training engine warps each batch with
that op inside its compiled step, and `augment` here warps with NumPy, for the
pages' previews and the tests. The same transforms give the same images.

No TensorFlow here: the CNN trains with it and the pages preview it.
"""
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class AugmentSettings:
    rotation: float = 15.0  # degrees, either way
    zoom: float = 0.15  # zoom factor in [1 - zoom, 1 + zoom], per axis
    width_shift: float = 0.1  # fraction of the width, either way
    height_shift: float = 0.1  # fraction of the height, either way


NOTES_SETTINGS = AugmentSettings()
LIGHT_SETTINGS = AugmentSettings(rotation=10.0, zoom=0.1, width_shift=0.1, height_shift=0.1)  # cnn_fast
NO_AUGMENTATION = AugmentSettings(0.0, 0.0, 0.0, 0.0)


def random_transforms(n, settings=NOTES_SETTINGS, rng=None):
    """n random (angle in radians, zoom_y, zoom_x, shift_y, shift_x in pixels)."""
    rng = np.random.default_rng(rng)
    s = settings
    angle = np.deg2rad(rng.uniform(-s.rotation, s.rotation, n))
    zoom_y, zoom_x = rng.uniform(1 - s.zoom, 1 + s.zoom, (2, n))
    shift_y = rng.uniform(-s.height_shift, s.height_shift, n) * 28
    shift_x = rng.uniform(-s.width_shift, s.width_shift, n) * 28
    return angle, zoom_y, zoom_x, shift_y, shift_x


def transform_matrices(angle, zoom_y, zoom_x, shift_y, shift_x):
    """(n, 8) float64: each transform as [a0, a1, a2, b0, b1, b2, 0, 0], which reads
    output pixel (row y, column x) from the source at column a0*x + a1*y + a2,
    row b0*x + b1*y + b2 (output -> input, as Keras does): rotate(zoom(p - centre)
    + shift) + centre. The layout of keras.ops.image.affine_transform."""
    centre = 13.5
    cos, sin = np.cos(angle), np.sin(angle)
    a0, a1 = cos * zoom_x, sin * zoom_y
    b0, b1 = -sin * zoom_x, cos * zoom_y
    a2 = centre + cos * shift_x + sin * shift_y - centre * (a0 + a1)
    b2 = centre + cos * shift_y - sin * shift_x - centre * (b0 + b1)
    zeros = np.zeros_like(a0)
    return np.stack([a0, a1, a2, b0, b1, b2, zeros, zeros], axis=1)


def augment(images, settings=NOTES_SETTINGS, rng=None, chunk=4096):
    """Randomly transformed copies of `images`, same shape and dtype.

    images: (n, 28, 28) or (n, 28, 28, 1), uint8 in 0..255 or float in [0, 1].
    rng: a seed or a np.random.Generator; the same seed gives the same images.
    All-zero settings give the images back unchanged. The work goes `chunk`
    images at a time (memory stays small for a whole epoch), and the result
    does not depend on `chunk`.
    """
    images = np.asarray(images)
    shape, dtype = images.shape, images.dtype
    x = images.reshape(-1, 28, 28)
    matrices = transform_matrices(*random_transforms(len(x), settings, rng))
    out = np.empty(x.shape, dtype=np.float32)
    for start in range(0, len(x), chunk):
        part = slice(start, start + chunk)
        out[part] = _warp(x[part].astype(np.float32), matrices[part])
    if np.issubdtype(dtype, np.integer):
        out = np.clip(np.rint(out), 0, 255)
    return out.astype(dtype, copy=False).reshape(shape)


def _warp(x, matrices):
    """Apply one affine transform per image to float32 images (n, 28, 28)."""
    n = len(x)
    grid_y, grid_x = np.mgrid[0:28, 0:28].astype(np.float64)
    a0, a1, a2, b0, b1, b2 = (matrices[:, i, None, None] for i in range(6))
    src_x = a0 * grid_x + a1 * grid_y + a2
    src_y = b0 * grid_x + b1 * grid_y + b2

    # Bilinear sampling from images padded with one ring of zeros; every
    # coordinate outside the image lands on that ring.
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1))).reshape(n, -1)
    y0, x0 = np.floor(src_y), np.floor(src_x)
    wy, wx = (src_y - y0).astype(np.float32), (src_x - x0).astype(np.float32)
    y0, y1 = (np.clip(v, -1, 28).astype(np.intp) + 1 for v in (y0, y0 + 1))
    x0, x1 = (np.clip(v, -1, 28).astype(np.intp) + 1 for v in (x0, x0 + 1))

    def at(yy, xx):
        return np.take_along_axis(padded, (yy * 30 + xx).reshape(n, -1), axis=1).reshape(n, 28, 28)

    return ((1 - wy) * ((1 - wx) * at(y0, x0) + wx * at(y0, x1))
            + wy * ((1 - wx) * at(y1, x0) + wx * at(y1, x1)))


def augmented_batches(x, y, batch_size, settings=NOTES_SETTINGS, rng=None):
    """One epoch of shuffled (augmented x, y) batches, for a training loop."""
    rng = np.random.default_rng(rng)
    order = rng.permutation(len(x))
    for start in range(0, len(x), batch_size):
        idx = order[start:start + batch_size]
        yield augment(x[idx], settings, rng), y[idx]


def preview(images, settings=NOTES_SETTINGS, variants=7, seed=0):
    """(n, 1 + variants, 28, 28): each image followed by `variants` augmented copies."""
    images = np.asarray(images).reshape(-1, 28, 28)
    copies = np.repeat(images, variants, axis=0)
    augmented = augment(copies, settings, rng=seed).reshape(len(images), variants, 28, 28)
    return np.concatenate([images[:, None], augmented], axis=1)
