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
        with os.fdopen(fd, "wb") as f:
            np.save(f, np.clip(image, 0.0, 1.0))
        os.replace(tmp, self.root / f"{digit_id}.npy")
        return digit_id

    def _files(self):
        return sorted(self.root.glob("[0-9]_*.npy"), key=lambda p: p.stat().st_mtime_ns) if self.root.exists() else []

    def load(self):
        """(images (n, 28, 28) float32, labels (n,) int64, ids); unreadable files are skipped."""
        images, labels, ids = [], [], []
        for path in self._files():
            try:
                image = np.load(path)
            except (OSError, ValueError):
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

    def clear(self):
        for path in self._files():
            path.unlink(missing_ok=True)

    def export_npz(self):
        """The whole set as the bytes of an .npz file (images, labels) for download."""
        images, labels, _ = self.load()
        buffer = io.BytesIO()
        np.savez_compressed(buffer, images=images, labels=labels)
        return buffer.getvalue()
