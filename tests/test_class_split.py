"""The class session's held-out split: by student, fixed per session, hidden drawings on neither side."""
import numpy as np
import pandas as pd

from core.class_split import split_by_student


def session(n_students=12, per_student=10, unnamed=30, hidden_every=7):
    rows = []
    for s in range(n_students):
        rows += [{"student": f"pupil {s}"}] * per_student
    rows += [{"student": None}] * unnamed
    frame = pd.DataFrame(rows)
    frame["id"] = np.arange(1, len(frame) + 1)
    frame["hidden"] = frame["id"] % hidden_every == 0
    return frame


def test_no_student_is_on_both_sides_and_hidden_drawings_are_on_neither():
    frame = session()
    train, held = split_by_student(frame, held_out=0.3, seed="ACD3F")
    by_id = frame.set_index("id")
    named = lambda ids: {s for s in by_id.loc[ids, "student"] if isinstance(s, str)}  # noqa: E731
    assert named(train) and named(held) and not named(train) & named(held)
    assert not set(train) & set(held)
    assert set(train) | set(held) == set(frame.loc[~frame["hidden"], "id"])
    unnamed = set(frame.loc[frame["student"].isna() & ~frame["hidden"], "id"])
    assert unnamed & set(train) and unnamed & set(held)  # drawings without a name are split one by one


def test_the_split_is_fixed_per_session_and_differs_between_sessions():
    frame = session()
    first = split_by_student(frame, 0.3, seed="ACD3F")
    again = split_by_student(frame.sample(frac=1, random_state=1), 0.3, seed="ACD3F")  # another order
    assert set(first[1]) == set(again[1])
    other = split_by_student(frame, 0.3, seed="HJK79")
    assert set(first[1]) != set(other[1])


def test_the_held_out_share_is_about_what_was_asked():
    frame = session(n_students=200, per_student=5, unnamed=0, hidden_every=10**9)
    _, held = split_by_student(frame, 0.3, seed="ACD3F")
    assert 0.2 < len(held) / len(frame) < 0.4
