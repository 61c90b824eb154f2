"""The class's own handwriting: drawings saved with their true digit.

One .npy file per drawing, written to a temporary name and renamed into place,
so a crash never leaves half a drawing and the set survives restarts.
"""
import io
import os
import tempfile
import uuid
from pathlib import Path

import numpy as np

from core.paths import app_home


class ClassSet:
    def __init__(self, root=None):
        self.root = Path(root) if root else app_home() / "class_digits"

    def add(self, image, label):
        """Save one (28, 28) image in [0, 1] as the digit `label`; return its id."""
        image = np.asarray(image, dtype=np.float32)
        if image.shape != (28, 28):
            raise ValueError(f"a class digit must be 28x28, not {image.shape}")
        if int(label) not in range(10):
            raise ValueError(f"label must be a digit 0..9, not {label}")
        self.root.mkdir(parents=True, exist_ok=True)
        digit_id = f"{int(label)}_{uuid.uuid4().hex[:12]}"
        fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                np.save(f, np.clip(image, 0.0, 1.0))
                f.flush()
                os.fsync(f.fileno())  # on disk before it gets its real name: a power cut loses nothing half-written
            os.replace(tmp, self.root / f"{digit_id}.npy")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digit_id

    def _files(self):
        return sorted(self.root.glob("[0-9]_*.npy"), key=lambda p: p.stat().st_mtime_ns) if self.root.exists() else []

    def load(self):
        """(images (n, 28, 28) float32, labels (n,) int64, ids); unreadable files are skipped."""
        images, labels, ids = [], [], []
        for path in self._files():
            try:
                image = np.load(path)
            except (OSError, ValueError, EOFError):  # EOFError: an empty file
                continue
            if image.shape == (28, 28):
                images.append(image.astype(np.float32))
                labels.append(int(path.name[0]))
                ids.append(path.stem)
        if not images:
            return np.zeros((0, 28, 28), np.float32), np.zeros(0, np.int64), []
        return np.stack(images), np.array(labels, dtype=np.int64), ids

    def __len__(self):
        return len(self._files())

    def counts(self):
        return np.bincount(self.load()[1], minlength=10)

    def version(self):
        """Changes whenever a drawing is added or removed (a cache key for scores)."""
        files = self._files()
        return len(files), files[-1].stat().st_mtime_ns if files else 0, files[-1].name if files else ""

    def clear(self):
        for path in self._files():
            path.unlink(missing_ok=True)

    def export_npz(self):
        """The whole set as the bytes of an .npz file (images, labels) for download."""
        images, labels, _ = self.load()
        buffer = io.BytesIO()
        np.savez_compressed(buffer, images=images, labels=labels)
        return buffer.getvalue()


def score_runs(labels, probs_by_run):
    """How each run does on the class set.

    probs_by_run: {run_id: (n, 10) probabilities for the class digits}.
    Returns (accuracy {run_id: 0..1}, predicted {run_id: (n,) digits},
    indices of the class digits that every run gets wrong)."""
    labels = np.asarray(labels)
    predicted = {run_id: np.asarray(probs).argmax(axis=1) for run_id, probs in probs_by_run.items()}
    accuracy = {run_id: float(np.mean(p == labels)) if len(labels) else float("nan")
                for run_id, p in predicted.items()}
    wrong = np.ones(len(labels), bool)
    for p in predicted.values():
        wrong &= p != labels
    return accuracy, predicted, np.flatnonzero(wrong) if predicted else np.zeros(0, np.int64)
