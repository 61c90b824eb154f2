"""The held-out part of a class session's drawings, split by student, for
training on the class's handwriting (issue 23): no student's digits on both
sides, drawings without a name split one by one, and the same split every
time for the same session.

    train, held_out = split_by_student(drawings, held_out=0.3, seed="ACD3F")
"""
import hashlib

import numpy as np


def _unit(seed, key):
    """A number in [0, 1) fixed by (seed, key): the same split on every replica and every run."""
    digest = hashlib.sha256(f"{seed}\0{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2 ** 64


def split_by_student(drawings, held_out=0.3, seed=""):
    """(ids to train on, ids held out) of the visible drawings of a session
    (a DataFrame with `id`, `student`, `hidden`, as core.classroom gives).
    A named student's drawings all fall on one side; an unnamed drawing falls
    on its own. Hidden drawings are on neither side."""
    visible = drawings[~drawings["hidden"].astype(bool)]
    keys = [f"student:{s}" if isinstance(s, str) and s else f"drawing:{i}"
            for i, s in zip(visible["id"], visible["student"])]
    out = np.array([_unit(seed, key) < held_out for key in keys], dtype=bool)
    ids = visible["id"].to_numpy()
    return ids[~out], ids[out]
