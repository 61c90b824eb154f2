"""Numbers behind the dataset explorer page."""
import numpy as np
import pandas as pd

from core.data import NUM_CLASSES, validation_split


def class_counts(y):
    return np.bincount(np.asarray(y), minlength=NUM_CLASSES)


def label_distribution(y_train, y_test):
    """Long table: digit, split, count, share of that split."""
    rows = []
    for split, y in (("train", y_train), ("test", y_test)):
        counts = class_counts(y)
        for digit, n in enumerate(counts):
            rows.append({"digit": digit, "split": split, "count": int(n), "share": n / len(y)})
    return pd.DataFrame(rows)


def mean_images(x, y):
    """(10, 28, 28) float32: the average image of each class, 0..255."""
    return np.stack([x[y == c].mean(axis=0, dtype=np.float32) for c in range(NUM_CLASSES)])


def sample_indices(y, label=None, n=16, seed=0):
    """n random indices, all of one label when label is given."""
    pool = np.arange(len(y)) if label is None else np.flatnonzero(np.asarray(y) == label)
    rng = np.random.default_rng(seed)
    return rng.choice(pool, size=min(n, len(pool)), replace=False)


def split_summary(y, fraction, seed=0):
    """Per-class counts after a stratified train/validation split."""
    train_idx, val_idx = validation_split(y, fraction, seed)
    y = np.asarray(y)
    train_counts = class_counts(y[train_idx])
    val_counts = class_counts(y[val_idx])
    return pd.DataFrame({
        "digit": np.arange(NUM_CLASSES),
        "train": train_counts,
        "validation": val_counts,
        "validation_share": val_counts / np.maximum(train_counts + val_counts, 1),
    })
