"""The CNN's augmentation on real digits: labels kept, images still digits."""
import numpy as np
import pytest

from core.augment import NO_AUGMENTATION, NOTES_SETTINGS, AugmentSettings, augment, augmented_batches
from core.data import load_mnist


@pytest.fixture(scope="module")
def digits():
    (x_train, y_train), _ = load_mnist()
    return x_train[:2000], y_train[:2000]


def ink(images):
    return images.reshape(len(images), -1).astype(np.float64).sum(axis=1)


def centre_of_mass(images):
    grid_y, grid_x = np.mgrid[0:28, 0:28]
    mass = images.reshape(len(images), 28, 28).astype(np.float64)
    total = mass.sum(axis=(1, 2))
    return (mass * grid_y).sum(axis=(1, 2)) / total, (mass * grid_x).sum(axis=(1, 2)) / total


def test_zero_settings_give_the_images_back(digits):
    x, _ = digits
    assert np.array_equal(augment(x, NO_AUGMENTATION, rng=0), x)
    as_float = x[:50, :, :, None].astype(np.float32) / 255
    assert np.array_equal(augment(as_float, NO_AUGMENTATION, rng=0), as_float)


@pytest.mark.parametrize("layout", ["uint8", "float32 nhwc"])
def test_shape_dtype_and_range_are_kept(digits, layout):
    x, _ = digits
    if layout == "uint8":
        images = x[:100]
    else:
        images = x[:100, :, :, None].astype(np.float32) / 255
    out = augment(images, rng=1)
    assert out.shape == images.shape and out.dtype == images.dtype
    assert out.min() >= 0 and out.max() <= (255 if layout == "uint8" else 1)
    assert not np.array_equal(out, images)


def test_same_seed_same_images_other_seed_other_images(digits):
    x, _ = digits
    assert np.array_equal(augment(x[:64], rng=7), augment(x[:64], rng=7))
    assert not np.array_equal(augment(x[:64], rng=7), augment(x[:64], rng=8))


def test_image_statistics_stay_sane(digits):
    x, _ = digits
    out = augment(x, NOTES_SETTINGS, rng=3)
    # Zoom is symmetric around 1, so the mean intensity barely moves ...
    assert abs(out.mean() / x.mean() - 1) < 0.05
    # ... and each digit keeps its ink: zoom changes the area by at most
    # 1/0.85^2 = 1.38, and a 10 % shift cannot push a centred digit out.
    ratio = ink(out) / ink(x)
    assert ratio.min() > 0.6 and ratio.max() < 1.5
    assert 0.95 < np.median(ratio) < 1.05
    # A shift of up to 2.8 px, a rotation and zoom about the centre move the
    # centre of mass by a few pixels, never off the image.
    (y0, x0), (y1, x1) = centre_of_mass(x), centre_of_mass(out)
    moved = np.hypot(y1 - y0, x1 - x0)
    assert moved.max() < 6 and 0.5 < moved.mean() < 3


def test_each_setting_does_its_own_thing(digits):
    x, _ = digits
    (y0, x0) = centre_of_mass(x)
    # Pure shifts move the centre of mass, horizontally or vertically only
    # (the odd digit touching the border loses ink, hence the median).
    wide = augment(x, AugmentSettings(0, 0, 0.1, 0), rng=4)
    (y1, x1) = centre_of_mass(wide)
    assert np.median(np.abs(y1 - y0)) < 0.05 and np.abs(x1 - x0).max() > 2
    tall = augment(x, AugmentSettings(0, 0, 0, 0.1), rng=4)
    (y2, x2) = centre_of_mass(tall)
    assert np.median(np.abs(x2 - x0)) < 0.05 and np.abs(y2 - y0).max() > 2
    # Zoom alone changes ink mass both ways; rotation alone barely does.
    zoomed = ink(augment(x, AugmentSettings(0, 0.15, 0, 0), rng=5)) / ink(x)
    assert zoomed.min() < 0.85 and zoomed.max() > 1.15
    turned = ink(augment(x, AugmentSettings(15, 0, 0, 0), rng=5)) / ink(x)
    assert np.abs(np.median(turned) - 1) < 0.03


def recentred(images):
    """Flattened float images, each rolled so its centre of mass is the middle."""
    cy, cx = centre_of_mass(images)
    rolled = [np.roll(im, (int(round(13.5 - y)), int(round(13.5 - x))), axis=(0, 1))
              for im, y, x in zip(images.reshape(-1, 28, 28), cy, cx)]
    return np.stack(rolled).reshape(len(images), -1).astype(np.float32)


def test_augmented_digits_keep_their_labels():
    # 1-nearest-neighbour against 10,000 other training digits (after undoing
    # the shift by centring) still reads the augmented digits as their own
    # label; a label-breaking transform would fall towards chance (10 %).
    (x, y), _ = load_mnist()
    query, labels = x[:1000], y[:1000]
    reference, reference_labels = recentred(x[10000:20000]), y[10000:20000]
    norms = (reference ** 2).sum(axis=1)

    def accuracy(images):
        distances = norms[None, :] - 2 * recentred(images) @ reference.T
        return (reference_labels[distances.argmin(axis=1)] == labels).mean()

    plain, augmented = accuracy(query), accuracy(augment(query, rng=6))
    assert plain > 0.9
    assert augmented > 0.88 and plain - augmented < 0.05


def test_batches_cover_the_epoch_once(digits):
    x, y = digits
    seen = []
    for xb, yb in augmented_batches(x[:130], y[:130], 64, rng=0):
        assert len(xb) == len(yb) <= 64 and xb.dtype == x.dtype
        seen.append(yb)
    assert [len(b) for b in seen] == [64, 64, 2]
    assert np.array_equal(np.sort(np.concatenate(seen)), np.sort(y[:130]))


def test_result_does_not_depend_on_chunking(digits):
    x, _ = digits
    assert np.array_equal(augment(x[:300], rng=9, chunk=4096), augment(x[:300], rng=9, chunk=7))
