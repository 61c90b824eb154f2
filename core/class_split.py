"""A class session's drawings as training data (issue 23): the part held out,
split by student, and the fingerprint that pins which drawings a run used.

No student's digits are on both sides, drawings without a name are split one
by one, and a session always splits the same way (on every replica, in every
run): the split is a hash of the session code and the student, not a random draw.

    train, held_out = split_by_student(drawings, held_out=0.3, seed="ACD3F")
    drawings = class_drawings("ACD3F")      # what TrainConfig(class_session="ACD3F") trains on
    drawings.fingerprint                    # "212-3fa9c0d1": changes when a drawing comes or goes
"""
import hashlib
from dataclasses import dataclass

import numpy as np

HELD_OUT = 0.3  # of the class's drawings, by student: enough to measure, most left to learn from


def _unit(seed, key):
    """A number in [0, 1) fixed by (seed, key): the same split on every replica and every run."""
    digest = hashlib.sha256(f"{seed}\0{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2 ** 64


def split_by_student(drawings, held_out=HELD_OUT, seed=""):
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


def fingerprint(drawings):
    """'<n>-<8 hex>' of the visible drawings (ids and labels): the part of a run's id
    that says which of the session's drawings it trained on."""
    visible = drawings[~drawings["hidden"].astype(bool)]
    text = ",".join(f"{i}:{label}" for i, label in zip(visible["id"], visible["label"]))
    return f"{len(visible)}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


@dataclass
class ClassDrawings:
    """The two sides of a session's split, images (n, 28, 28) uint8 and labels."""
    code: str
    fingerprint: str
    train_x: np.ndarray
    train_y: np.ndarray
    held_x: np.ndarray
    held_y: np.ndarray
    held_ids: np.ndarray
    held_students: np.ndarray  # str, "" for a drawing without a name
    train_students: int  # distinct named students on each side
    held_out_students: int


def class_drawings(code, swap=False, classroom=None):
    """Session `code`'s visible drawings split by student (swap: the held-out part
    trains and the rest is held out: the same test the other way round)."""
    from core.classroom import Classroom

    classroom = classroom or Classroom()
    frame, images = classroom.drawings_since(code, 0)
    train_ids, held_ids = split_by_student(frame, seed=classroom.session(code).code)
    if swap:
        train_ids, held_ids = held_ids, train_ids
    position = {drawing_id: i for i, drawing_id in enumerate(frame["id"])}
    pixels = np.rint(images * 255).astype(np.uint8)
    students = frame["student"].fillna("").to_numpy(dtype=str)
    train, held = [position[i] for i in train_ids], [position[i] for i in held_ids]
    labels = frame["label"].to_numpy(np.int64)
    return ClassDrawings(code=classroom.session(code).code, fingerprint=fingerprint(frame),
                         train_x=pixels[train], train_y=labels[train], held_x=pixels[held], held_y=labels[held],
                         held_ids=np.asarray(held_ids, np.int64), held_students=students[held],
                         train_students=_named(students[train]), held_out_students=_named(students[held]))


def _named(students):
    return len({s for s in students if s})
