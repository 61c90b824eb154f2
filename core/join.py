"""Joining a class session: the join URL and its QR code, the teacher's
prompt, and the numbers the wall shows about the class's drawings.

    join_url("http://192.168.1.20:8501", "ACD3F")  # "http://192.168.1.20:8501/?class=ACD3F"
    qr_png(url)                                     # PNG bytes of its QR code
    parse_prompt("digit:7")                         # Prompt("digit", 7)
    wall_numbers(labels, probs)                     # accuracy, per digit, confusion, hardest
"""
import io
import os
from typing import NamedTuple

import numpy as np

from core.evaluate import confusion_matrix, per_class_accuracy, predictions
from core.network import lan_address

PUBLIC_URL_VARIABLE = "MNIST_STUDIO_PUBLIC_URL"
PROMPT_KINDS = ("digit", "any", "sequence")  # "Draw a 7", "any digit and say which", "0 to 9 in turn"


def public_base_url(port):
    """Where students reach this app: MNIST_STUDIO_PUBLIC_URL (a proxy, a name)
    or this machine's LAN address and `port`."""
    given = os.environ.get(PUBLIC_URL_VARIABLE, "").strip().rstrip("/")
    return given or f"http://{lan_address()}:{port}"


def public_url_set():
    return bool(os.environ.get(PUBLIC_URL_VARIABLE, "").strip())


def join_url(base_url, code):
    return f"{base_url.rstrip('/')}/?class={code}"


def qr_png(text, scale=10):
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


class Prompt(NamedTuple):
    kind: str  # one of PROMPT_KINDS
    digit: int | None = None  # for "digit"

    def text(self):
        """How the store keeps it: "digit:7", "any", "sequence"."""
        return f"digit:{self.digit}" if self.kind == "digit" else self.kind

    def label(self, chosen=None, sent_before=0):
        """The label of a student's next drawing: the prompt's digit, the one the
        student chose, or the next in 0..9. None where the student must choose."""
        if self.kind == "digit":
            return self.digit
        if self.kind == "sequence":
            return sent_before % 10
        return chosen


def parse_prompt(text):
    """The stored prompt back as a Prompt; anything unknown reads as "any"."""
    text = str(text or "")
    if text.startswith("digit:") and text[6:] in tuple("0123456789"):
        return Prompt("digit", int(text[6:]))
    return Prompt(text) if text in PROMPT_KINDS else Prompt("any")


def wall_numbers(labels, probs, hardest=8):
    """What the wall shows of the class's drawings read by one model: accuracy,
    per-digit accuracy (NaN for a digit nobody drew), the confusion matrix,
    each drawing's predicted digit, and the indices of the hardest drawings
    (the lowest probability given to their own label)."""
    labels = np.asarray(labels, dtype=int)
    if len(labels) == 0:
        return {"accuracy": None, "per_digit": np.full(10, np.nan), "confusion": np.zeros((10, 10), int),
                "predicted": np.zeros(0, int), "hardest": np.zeros(0, int)}
    predicted = predictions(probs)
    per_digit = per_class_accuracy(labels, predicted)
    own = probs[np.arange(len(labels)), labels]
    return {"accuracy": float(np.mean(predicted == labels)), "per_digit": per_digit,
            "confusion": confusion_matrix(labels, predicted), "predicted": predicted,
            "hardest": np.argsort(own, kind="stable")[:hardest]}
