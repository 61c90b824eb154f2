"""core.classroom on both backends: SQLite (a file) and PostgreSQL (a throwaway server)."""
import io
import multiprocessing
import re
import sqlite3
import time
import zipfile

import numpy as np
import pandas as pd
import pytest

import core.classroom
from core.classroom import (CODE_ALPHABET, Classroom, DrawingNotFound, SessionEnded, SessionNotFound,
                            import_class_set)
from core.classset import ClassSet

WITHIN_ROUNDING = 0.5 / 255 + 1e-6


@pytest.fixture(params=["sqlite", "postgres"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/classroom.sqlite3"
    return request.getfixturevalue("postgres_url")


def random_images(n, seed=0):
    return np.random.default_rng(seed).random((n, 28, 28)).astype(np.float32)


def npz_bytes(**arrays):
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def test_drawings_come_back_in_order_with_their_labels_and_images(url):
    room = Classroom(url)
    code = room.start("draw a seven")
    images, labels = random_images(6), [7, 0, 9, 3, 3, 1]
    ids = [room.add(code, image, label, student=f"s{i % 2}") for i, (image, label) in enumerate(zip(images, labels))]
    assert ids == sorted(ids) and len(set(ids)) == 6 and all(type(i) is int for i in ids)

    again = Classroom(url)  # another connection sees every drawing: each add was committed
    drawings = again.drawings(code)
    assert list(drawings.columns) == ["id", "label", "student", "hidden", "created"]
    assert drawings["id"].tolist() == ids
    assert drawings["label"].tolist() == labels
    assert drawings["student"].tolist() == ["s0", "s1"] * 3
    assert not drawings["hidden"].any() and drawings["hidden"].dtype == bool
    assert str(drawings["created"].dt.tz) == "UTC"
    assert (drawings["created"] - pd.Timestamp.now(tz="UTC")).abs().max() < pd.Timedelta(minutes=1)
    got = again.images(code)
    assert got.dtype == np.float32 and got.shape == (6, 28, 28)
    np.testing.assert_allclose(got, images, atol=WITHIN_ROUNDING)
    assert again.session(code).prompt == "draw a seven" and again.session(code).ended is None


def test_a_hidden_drawing_is_listed_but_not_exported(url):
    room = Classroom(url)
    code = room.start()
    ids = [room.add(code, image, label) for image, label in zip(random_images(3), [1, 2, 3])]
    room.hide(ids[1])
    assert room.drawings(code)["hidden"].tolist() == [False, True, False]
    assert room.counts(code) == (3, 2, 0, 0)
    with np.load(io.BytesIO(room.export_npz(code))) as exported:
        assert exported["y"].tolist() == [1, 3]
    room.hide(ids[1], hidden=False)
    assert not room.drawings(code)["hidden"].any()
    for unknown in (ids[-1] + 100, 0, -1, 2**70, "1", True, None):
        with pytest.raises(DrawingNotFound):
            room.hide(unknown)


BAD_IMAGES = [
    (np.zeros((27, 28)), "28x28"),
    (np.zeros((28, 28, 1)), "28x28"),
    (np.zeros(784), "28x28"),
    (np.full((28, 28), np.nan), "NaN"),
    (np.full((28, 28), np.inf), "NaN or infinity"),
    (np.full((28, 28), -0.01), r"\[0, 1\]"),
    (np.full((28, 28), 1.01), r"\[0, 1\]"),
    (np.full((28, 28), 255, np.uint8), r"\[0, 1\]"),
    (np.full((28, 28), "0.5"), "numbers"),
    (np.zeros((28, 28), bool), "numbers"),
    (np.zeros((28, 28), complex), "numbers"),
    (None, "numbers"),
    ("a drawing", "numbers"),
]


def test_bad_images_labels_and_names_are_refused_and_nothing_is_stored(url):
    room = Classroom(url)
    code = room.start()
    good = np.zeros((28, 28), np.float32)
    for image, message in BAD_IMAGES:
        with pytest.raises(ValueError, match=message):
            room.add(code, image, 3)
    for label in (True, False, np.bool_(True), 3.5, float("nan"), "3", None, -1, 10, 10.0, [3]):
        with pytest.raises(ValueError, match="label"):
            room.add(code, good, label)
    for student in ("x" * 41, "a\nb", "nul\x00", "\u202eevil", "t\tab", "li\u2028ne", 5):
        with pytest.raises(ValueError, match="name"):
            room.add(code, good, 3, student=student)
    assert room.counts(code) == (0, 0, 0, 0) and room.drawings(code).empty and room.images(code).shape == (0, 28, 28)

    room.add(code, np.ones((28, 28), np.uint8), np.int64(4), student="   ")
    room.add(code, good.tolist(), 9.0, student="  민준 Min-jun ")
    room.add(code, good, np.uint8(0), student="x" * 40)
    drawings = room.drawings(code)
    assert drawings["label"].tolist() == [4, 9, 0]
    assert drawings["student"].tolist() == [None, "민준 Min-jun", "x" * 40]
    assert room.images(code)[0].min() == 1.0


def test_a_prompt_is_short_text(url):
    room = Classroom(url)
    with pytest.raises(ValueError, match="80"):
        room.start("p" * 81)
    with pytest.raises(ValueError, match="control"):
        room.start("two\nlines")
    assert room.sessions() == []
    assert room.session(room.start()).prompt is None


def test_unknown_and_ended_sessions(url):
    room = Classroom(url)
    data = npz_bytes(x=np.zeros((1, 28, 28), np.uint8), y=np.array([1], np.uint8))
    for code in ("ZZZZZ", "", 12345, None):
        for call in (lambda: room.add(code, np.zeros((28, 28)), 1), lambda: room.drawings(code),
                     lambda: room.images(code), lambda: room.counts(code), lambda: room.export_npz(code),
                     lambda: room.import_npz(code, data), lambda: room.end(code), lambda: room.session(code),
                     lambda: room.drawings_since(code, 0)):
            with pytest.raises(SessionNotFound):
                call()
    assert room.sessions() == []

    code = room.start()
    room.add(f" {code.lower()} ", np.zeros((28, 28)), 5)  # as a student may type it
    room.end(code)
    ended = room.session(code).ended
    assert ended is not None and ended.tzinfo is not None
    with pytest.raises(SessionEnded):
        room.add(code, np.zeros((28, 28)), 1)
    with pytest.raises(SessionEnded):
        room.import_npz(code, data)
    room.end(code)
    assert room.session(code).ended == ended  # ending again keeps the first time
    assert room.drawings(code)["label"].tolist() == [5]  # still readable


def test_codes_are_from_the_alphabet_and_unique(url, monkeypatch):
    room = Classroom(url)
    codes = [room.start() for _ in range(300)]
    assert all(re.fullmatch(f"[{CODE_ALPHABET}]{{5}}", code) for code in codes)
    assert not set("0O1IL2Z5S8B6G") & set("".join(codes))
    assert len(set(codes)) == 300
    assert [s.code for s in room.sessions()] == list(dict.fromkeys(reversed(codes)))  # newest first

    taken, fresh = codes[0], "XXXXX" if "XXXXX" not in codes else "YYYYY"
    drawn = iter([taken, taken, fresh])
    monkeypatch.setattr(core.classroom, "_new_code", lambda: next(drawn))
    assert room.start() == fresh  # a clash is drawn again
    assert len(room.sessions()) == 301


def test_drawings_since_gives_only_new_rows_with_their_images(url):
    room = Classroom(url)
    code = room.start()
    images = random_images(3)
    ids = [room.add(code, image, label, student=name) for image, label, name in zip(images, [4, 5, 6], ["a", None, "a"])]
    frame, new_images = room.drawings_since(code, ids[0])
    assert frame["id"].tolist() == ids[1:] and frame["label"].tolist() == [5, 6]
    np.testing.assert_allclose(new_images, images[1:], atol=WITHIN_ROUNDING)
    frame, new_images = room.drawings_since(code, ids[-1])
    assert frame.empty and list(frame.columns) == ["id", "label", "student", "hidden", "created"]
    assert new_images.shape == (0, 28, 28)
    assert room.counts(code) == (3, 3, 1, 0)  # one named student; no name is not a student


def add_fifty(url, code, worker, barrier):
    room = Classroom(url)
    barrier.wait()
    for i in range(50):
        label = (worker + i) % 10
        room.add(code, np.full((28, 28), label / 9), label, student=f"worker{worker}")


def open_and_start(url, barrier):
    barrier.wait()
    Classroom(url).start()


def import_at_once(url, folder, barrier):
    room = Classroom(url)
    barrier.wait()
    import_class_set(folder, room)


def run_processes(target, args_of, while_running=lambda: None):
    context = multiprocessing.get_context("spawn")  # each its own interpreter, as server processes are
    barrier = context.Barrier(len(args_of))
    processes = [context.Process(target=target, args=(*args, barrier)) for args in args_of]
    for p in processes:
        p.start()
    deadline = time.monotonic() + 120
    while any(p.is_alive() for p in processes) and time.monotonic() < deadline:
        while_running()
    for p in processes:
        p.join(1)
    assert [p.exitcode for p in processes] == [0] * len(processes)


def test_four_processes_writing_at_once_lose_nothing(url):
    room = Classroom(url)
    code = room.start()
    seen = []  # what a live wall fetches: only the ids above the last it saw

    def poll_like_a_wall():
        seen.extend(room.drawings_since(code, seen[-1] if seen else 0)[0]["id"])

    run_processes(add_fifty, [(url, code, worker) for worker in range(4)], poll_like_a_wall)
    poll_like_a_wall()
    drawings, images = room.drawings(code), room.images(code)
    assert len(drawings) == 200 and drawings["id"].is_unique and drawings["id"].is_monotonic_increasing
    assert seen == drawings["id"].tolist()  # the wall skipped none: ids become visible in order
    for worker in range(4):
        mine = drawings[drawings["student"] == f"worker{worker}"]
        assert mine["label"].tolist() == [(worker + i) % 10 for i in range(50)]  # each in the order sent
    np.testing.assert_allclose(images.mean(axis=(1, 2)), drawings["label"] / 9, atol=WITHIN_ROUNDING)


def test_processes_opening_a_new_store_at_once(url):
    run_processes(open_and_start, [(url,)] * 4)
    assert len(Classroom(url).sessions()) == 4


def test_export_and_import_round_trip(url):
    room = Classroom(url)
    code = room.start()
    images, labels = random_images(5, seed=1), [0, 1, 2, 8, 9]
    ids = [room.add(code, image, label) for image, label in zip(images, labels)]
    room.hide(ids[2])
    with np.load(io.BytesIO(room.export_npz(code))) as exported:
        x, y = exported["x"], exported["y"]
    assert x.dtype == np.uint8 and x.shape == (4, 28, 28) and y.dtype == np.uint8 and y.tolist() == [0, 1, 8, 9]
    visible = images[[0, 1, 3, 4]]
    assert np.abs(x / 255 - visible).max() <= 1 / 255

    other = room.start()
    assert room.import_npz(other, room.export_npz(code), student="teacher") == 4
    drawings = room.drawings(other)
    assert drawings["label"].tolist() == [0, 1, 8, 9] and set(drawings["student"]) == {"teacher"}
    np.testing.assert_allclose(room.images(other), visible, atol=1 / 255)
    assert room.import_npz(other, npz_bytes(x=np.zeros((0, 28, 28), np.uint8), y=np.zeros(0, np.int64))) == 0


def test_a_bad_npz_is_refused_and_nothing_is_stored(url):
    room = Classroom(url)
    code = room.start()
    x, y = np.zeros((3, 28, 28), np.uint8), np.array([1, 2, 3], np.uint8)
    bad = {
        "not a zip": (b"hello", "npz"),
        "no y": (npz_bytes(x=x), "npz"),
        "float pixels": (npz_bytes(x=x / 255, y=y), "uint8"),
        "wrong shape": (npz_bytes(x=np.zeros((3, 28, 27), np.uint8), y=y), "uint8"),
        "flat": (npz_bytes(x=np.zeros((3, 784), np.uint8), y=y), "uint8"),
        "labels short": (npz_bytes(x=x, y=y[:2]), "whole numbers"),
        "float labels": (npz_bytes(x=x, y=y.astype(float)), "whole numbers"),
        "label 10": (npz_bytes(x=x, y=np.array([1, 2, 10])), "0-9"),
        "negative label": (npz_bytes(x=x, y=np.array([1, -1, 3])), "0-9"),
        "too many": (npz_bytes(x=np.zeros((10_001, 28, 28), np.uint8), y=np.zeros(10_001, np.uint8)), "10000"),
        "pickled": (npz_bytes(x=np.array([None] * 3, object), y=y), "pickle"),
    }
    for name, (data, message) in bad.items():
        with pytest.raises(ValueError, match=message):
            room.import_npz(code, data)
    with pytest.raises(ValueError, match="larger than"):
        room.import_npz(code, zip_bomb())
    with pytest.raises(ValueError, match="name"):
        room.import_npz(code, npz_bytes(x=x, y=y), student="a\nb")
    assert room.counts(code).drawings == 0


def zip_bomb():
    """An .npz whose x.npy would unzip to 16 MB (16 KB zipped): refused before it is inflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("x.npy", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(16):
                f.write(chunk)
        archive.writestr("y.npy", b"")
    return buffer.getvalue()


def test_the_class_set_is_imported_once(url, tmp_path):
    folder = tmp_path / "class_digits"
    class_set = ClassSet(folder)
    images = random_images(4, seed=2)
    for image, label in zip(images, [3, 1, 4, 1]):
        class_set.add(image, label)
    set_images, set_labels, _ = class_set.load()
    room = Classroom(url)

    code = import_class_set(folder, room)
    assert code is not None
    assert room.drawings(code)["label"].tolist() == set_labels.tolist()
    np.testing.assert_allclose(room.images(code), set_images, atol=WITHIN_ROUNDING)
    assert import_class_set(folder, room) is None
    assert import_class_set(folder, Classroom(url)) is None  # another process, as another replica
    assert [s.code for s in room.sessions()] == [code]
    assert len(class_set) == 4  # the class set itself is left as it was

    assert import_class_set(tmp_path / "missing", room) is None
    (tmp_path / "empty").mkdir()
    assert import_class_set(tmp_path / "empty", room) is None
    assert len(room.sessions()) == 1


def test_two_replicas_importing_the_class_set_at_once_import_it_once(url, tmp_path):
    folder = tmp_path / "class_digits"
    for image, label in zip(random_images(3), [1, 2, 3]):
        ClassSet(folder).add(image, label)
    run_processes(import_at_once, [(url, folder)] * 2)
    (session,) = Classroom(url).sessions()
    assert Classroom(url).drawings(session.code)["label"].tolist() == [1, 2, 3]


def test_the_default_store_is_a_wal_sqlite_file_in_the_app_folder(app_home, monkeypatch):
    monkeypatch.delenv("MNIST_STUDIO_DATABASE_URL", raising=False)
    code = Classroom().start()
    path = app_home / "classroom.sqlite3"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT code FROM sessions").fetchall() == [(code,)]
    with pytest.raises(ValueError, match="postgresql://"):
        Classroom("mysql://somewhere/db")


def test_the_environment_names_the_database_and_an_explicit_url_wins(postgres_url, tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_STUDIO_DATABASE_URL", postgres_url)
    code = Classroom().start()
    assert [s.code for s in Classroom(postgres_url).sessions()] == [code]
    explicit = f"sqlite:///{tmp_path}/explicit.sqlite3"
    assert Classroom(explicit).sessions() == []
    assert (tmp_path / "explicit.sqlite3").exists()


def test_postgres_dropping_the_connection_costs_one_call(postgres_url):
    import psycopg

    room = Classroom(postgres_url)
    code = room.start()
    with psycopg.connect(postgres_url, autocommit=True) as admin:  # as a server restart would
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    with pytest.raises(psycopg.OperationalError):
        room.add(code, np.zeros((28, 28)), 1)
    room.add(code, np.zeros((28, 28)), 2)
    assert room.drawings(code)["label"].tolist() == [2]


def test_joins_are_counted_once_per_browser_and_not_after_the_end(url):
    room = Classroom(url)
    code = room.start()
    room.join(code, "tab-a")
    room.join(code.lower(), "tab-a")  # the same browser again, the code as typed
    room.join(code, "tab-b")
    assert room.counts(code).joined == 2
    room.end(code)
    with pytest.raises(SessionEnded):
        room.join(code, "tab-c")
    with pytest.raises(SessionNotFound):
        room.join("NOPE1", "tab-a")
    assert room.counts(code).joined == 2
