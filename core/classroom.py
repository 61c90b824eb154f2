"""The class session's drawing store: students send digits to a session code.

One SQLite file under the app folder by default (WAL, so several server
processes on one machine share it), or PostgreSQL (psycopg 3) when a
`postgresql://` URL is given, or set in MNIST_STUDIO_DATABASE_URL.

A drawing is stored as 784 uint8 bytes (pixel * 255, rounded): a quarter of
float32's size, exact for what the export writes (MNIST's own uint8), and the
rounding (at most 0.5/255) is far below what a model can tell apart.
Times are float seconds since the epoch in the database; `drawings()` gives
them as timezone-aware UTC timestamps.
"""
import io
import os
import secrets
import threading
import time
import unicodedata
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from core.paths import app_home

CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G
CODE_LENGTH = 5
PROMPT_LIMIT = 80
STUDENT_LIMIT = 40
IMPORT_LIMIT = 10_000
COLUMNS = ["id", "label", "student", "hidden", "created"]
IMPORTED_MARKER = ".imported-to-classroom"

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS sessions (
        code TEXT PRIMARY KEY,
        prompt TEXT,
        created DOUBLE PRECISION NOT NULL,
        ended DOUBLE PRECISION)""",
    """CREATE TABLE IF NOT EXISTS drawings (
        id {id_column},
        code TEXT NOT NULL REFERENCES sessions (code),
        label SMALLINT NOT NULL,
        student TEXT,
        hidden BOOLEAN NOT NULL,
        created DOUBLE PRECISION NOT NULL,
        pixels {blob} NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS drawings_by_session ON drawings (code, id)",
    """CREATE TABLE IF NOT EXISTS joins (
        code TEXT NOT NULL REFERENCES sessions (code),
        token TEXT NOT NULL,
        created DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (code, token))""",
]


class SessionNotFound(LookupError):
    pass


class SessionEnded(Exception):
    pass


class DrawingNotFound(LookupError):
    pass


@dataclass(frozen=True)
class SessionInfo:
    code: str
    prompt: str | None
    created: datetime
    ended: datetime | None


class Counts(NamedTuple):
    drawings: int
    visible: int
    students: int
    joined: int = 0  # browsers that opened the session (join), named or not


def configured_url():
    """MNIST_STUDIO_DATABASE_URL, or "" for the app folder's SQLite file."""
    return os.environ.get("MNIST_STUDIO_DATABASE_URL", "").strip()


class Classroom:
    def __init__(self, url=None):
        url = url or configured_url()
        if url.startswith(("postgresql://", "postgres://")):
            self.postgres, self.target = True, url
        elif url.startswith("sqlite:///"):
            self.postgres, self.target = False, url[len("sqlite:///"):]  # SQLAlchemy's form: sqlite:////abs/path
        elif url:
            raise ValueError("a classroom URL is postgresql://... or sqlite:///<path>")
        else:
            self.postgres, self.target = False, str(app_home() / "classroom.sqlite3")
        self._lock = threading.Lock()  # one connection per Classroom, shared by a server's threads
        self._conn = None
        with self._transaction() as cursor:
            if self.postgres:  # CREATE TABLE IF NOT EXISTS races with itself across processes in Postgres
                cursor.execute("SELECT pg_advisory_xact_lock(7243)")
            for statement in SCHEMA:
                cursor.execute(statement.format(
                    id_column="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" if self.postgres
                    else "INTEGER PRIMARY KEY",
                    blob="BYTEA" if self.postgres else "BLOB"))

    # -- sessions

    def start(self, prompt=None):
        """A new session; returns its code."""
        prompt = _text(prompt, PROMPT_LIMIT, "a prompt")
        for _ in range(50):
            rows = self._execute("INSERT INTO sessions (code, prompt, created) VALUES (?, ?, ?) "
                                 "ON CONFLICT (code) DO NOTHING RETURNING code", (_new_code(), prompt, time.time()))
            if rows:
                return rows[0][0]
        raise RuntimeError("no free session code after 50 tries")

    def session(self, code):
        rows = self._execute("SELECT code, prompt, created, ended FROM sessions WHERE code = ?", (_code(code),))
        if not rows:
            raise SessionNotFound(f"no class session {code!r:.20}")
        return _session_info(rows[0])

    def sessions(self):
        """Every session, newest first."""
        rows = self._execute("SELECT code, prompt, created, ended FROM sessions ORDER BY created DESC, code")
        return [_session_info(row) for row in rows]

    def end(self, code):
        """No drawing is taken after this; ending twice keeps the first time."""
        code = _code(code)
        self._execute("UPDATE sessions SET ended = ? WHERE code = ? AND ended IS NULL", (time.time(), code))
        self.session(code)

    # -- drawings

    def add(self, code, image, label, student=None):
        """Store one drawing; it is committed when this returns its id."""
        code, pixels, label = _code(code), _pixels(image), _label(label)
        student = _text(student, STUDENT_LIMIT, "a name")
        # In Postgres the session row's lock makes ids commit in order within a session,
        # so a wall that reads ids above the last it saw never skips one (SQLite has one writer anyway).
        rows = self._execute("INSERT INTO drawings (code, label, student, hidden, created, pixels) "
                             "SELECT code, ?, ?, ?, ?, ? FROM sessions WHERE code = ? AND ended IS NULL"
                             + (" FOR UPDATE" if self.postgres else "") + " RETURNING id",
                             (label, student, False, time.time(), pixels, code))
        if not rows:
            self.session(code)  # SessionNotFound
            raise SessionEnded(f"class session {code} has ended")
        return rows[0][0]

    def hide(self, drawing_id, hidden=True):
        if isinstance(drawing_id, bool) or not isinstance(drawing_id, (int, np.integer)) or not 0 < drawing_id < 2**63:
            raise DrawingNotFound(f"no drawing {drawing_id!r:.20}")
        found = self._execute("UPDATE drawings SET hidden = ? WHERE id = ? RETURNING id", (bool(hidden), int(drawing_id)))
        if not found:
            raise DrawingNotFound(f"no drawing {drawing_id}")

    def drawings(self, code):
        """DataFrame id, label, student, hidden, created (UTC), ordered by id, hidden ones included."""
        return self.drawings_since(code, 0)[0]

    def images(self, code):
        """(n, 28, 28) float32 in [0, 1], in the order of drawings(code)."""
        return self.drawings_since(code, 0)[1]

    def drawings_since(self, code, after_id):
        """(drawings, images) of the drawings with an id above after_id, read together,
        so they match even while students send more."""
        code = _code(code)
        rows = self._execute("SELECT id, label, student, hidden, created, pixels FROM drawings "
                             "WHERE code = ? AND id > ? ORDER BY id", (code, int(after_id)))
        if not rows:
            self.session(code)
        ids, labels, students, hidden, created, pixels = zip(*rows) if rows else [()] * 6
        frame = pd.DataFrame({
            "id": np.array(ids, np.int64),
            "label": np.array(labels, np.int64),
            "student": pd.Series(students, dtype=object),  # None where no name was given, not NaN
            "hidden": np.array(hidden, bool),
            "created": pd.to_datetime(np.array(created, float), unit="s", utc=True),
        }, columns=COLUMNS)
        return frame, _images(pixels)

    def counts(self, code):
        """Cheap numbers for a wall's poll: drawings, visible ones, distinct named students."""
        rows = self._execute("SELECT COUNT(d.id), COALESCE(SUM(CASE WHEN NOT d.hidden THEN 1 ELSE 0 END), 0), "
                             "COUNT(DISTINCT d.student) FROM sessions s LEFT JOIN drawings d ON d.code = s.code "
                             "WHERE s.code = ? GROUP BY s.code", (_code(code),))
        if not rows:
            raise SessionNotFound(f"no class session {code!r:.20}")
        joined = self._execute("SELECT COUNT(*) FROM joins WHERE code = ?", (_code(code),))[0][0]
        return Counts(*(int(n) for n in rows[0]), joined=int(joined))

    def join(self, code, token):
        """Count one browser (its own random token) as joined to an open session, once."""
        if self.session(code).ended is not None:
            raise SessionEnded(f"class session {code!r:.20} has ended")
        token = _text(token, 64, "a join token")
        self._execute("INSERT INTO joins (code, token, created) VALUES (?, ?, ?) ON CONFLICT (code, token) DO NOTHING",
                      (_code(code), token, time.time()))

    # -- files

    def export_npz(self, code):
        """The visible drawings as an MNIST-shaped .npz: x uint8 (n, 28, 28), y uint8 (n,),
        and student: "writer 1", "writer 2", ... in order of first drawing ("" without a name),
        so a split by student still works on the file without the children's names in it."""
        code = _code(code)
        rows = self._execute("SELECT label, pixels, student FROM drawings WHERE code = ? AND NOT hidden "
                             "ORDER BY id", (code,))
        if not rows:
            self.session(code)
        x = np.frombuffer(b"".join(row[1] for row in rows), np.uint8).reshape(-1, 28, 28)
        writers = {}
        for row in rows:
            if row[2]:
                writers.setdefault(row[2], f"writer {len(writers) + 1}")
        buffer = io.BytesIO()
        np.savez_compressed(buffer, x=x, y=np.array([row[0] for row in rows], np.uint8),
                            student=np.array([writers.get(row[2], "") for row in rows], dtype=f"<U{STUDENT_LIMIT}"))
        return buffer.getvalue()

    def import_npz(self, code, data_bytes, student=None):
        """Add every drawing of such a file, all or none; returns how many. A `student`
        array in the file names each drawing's writer; `student` names those it leaves unnamed."""
        x, y, students = _read_npz(data_bytes)
        names = [_text(name, STUDENT_LIMIT, "a name") or _text(student, STUDENT_LIMIT, "a name")
                 for name in (students or [None] * len(y))]
        self._add_many(_code(code), [image.tobytes() for image in x], [int(label) for label in y], names)
        return len(y)

    # -- the database

    def _add_many(self, code, pixels, labels, students):
        with self._transaction() as cursor:
            cursor.execute(self._sql("SELECT ended FROM sessions WHERE code = ?"
                                     + (" FOR UPDATE" if self.postgres else "")), (code,))
            row = cursor.fetchone()
            if row is None:
                raise SessionNotFound(f"no class session {code!r:.20}")
            if row[0] is not None:
                raise SessionEnded(f"class session {code} has ended")
            now = time.time()
            cursor.executemany(self._sql("INSERT INTO drawings (code, label, student, hidden, created, pixels) "
                                         "VALUES (?, ?, ?, ?, ?, ?)"),
                               [(code, label, student, False, now, blob)
                                for label, blob, student in zip(labels, pixels, students)])

    def _sql(self, sql):
        return sql.replace("?", "%s") if self.postgres else sql

    def _connection(self):
        # again after Postgres dropped the connection (a restart, a killed backend): only the call that saw it fails
        if self._conn is None or (self.postgres and self._conn.closed):
            self._conn = self._connect()
        return self._conn

    def _connect(self):
        if self.postgres:
            import psycopg

            return psycopg.connect(self.target, autocommit=True)
        import sqlite3

        Path(self.target).parent.mkdir(parents=True, exist_ok=True)
        # timeout: wait this long for another process's write instead of failing at once
        conn = sqlite3.connect(self.target, timeout=30, isolation_level=None, check_same_thread=False)
        for attempt in range(200):
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                break
            except sqlite3.OperationalError:  # a new file's first switch to WAL fails at once, without waiting
                if attempt == 199:
                    raise
                time.sleep(0.05)
        conn.execute("PRAGMA synchronous = FULL")  # "received" survives a power cut, as the class set's fsync did
        return conn

    def _execute(self, sql, params=()):
        """One statement in its own transaction; all its rows. Committed when it returns:
        SQLite commits a RETURNING statement only once every row is fetched."""
        with self._lock:
            cursor = self._connection().cursor()
            cursor.execute(self._sql(sql), params)
            return cursor.fetchall() if cursor.description else []

    @contextmanager
    def _transaction(self):
        with self._lock:
            conn = self._connection()
            if self.postgres:
                with conn.transaction():
                    yield conn.cursor()
                return
            conn.execute("BEGIN IMMEDIATE")  # the write lock up front: no deadlock upgrading a read
            try:
                yield conn.cursor()
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")


CLASS_SET = "class-set"  # the prompt of the standing session the Draw page saves into


def class_set_code(classroom, legacy_folder=None):
    """The code of the class digit set: the standing session the Draw page saves
    into (its prompt is CLASS_SET), made on first use; an old .npy class set in
    `legacy_folder` (core.classset) is imported into it once. Clearing the set
    ends that session (its drawings stay in the store) and the next call starts
    another. Creation is serialised by a file lock in the app folder, so two
    replicas on one machine make one."""
    from filelock import FileLock

    def standing():
        for info in classroom.sessions():  # newest first
            if info.prompt == CLASS_SET and info.ended is None:
                return info.code
        return None

    code = standing()
    if code is not None:
        return code
    app_home().mkdir(parents=True, exist_ok=True)
    with FileLock(str(app_home() / ".class-set.lock")):
        code = standing()
        if code is None:
            code = (import_class_set(legacy_folder, classroom, prompt=CLASS_SET) if legacy_folder else None) \
                or classroom.start(CLASS_SET)
    return code


def import_class_set(folder, classroom, prompt=None):
    """The class digit set in `folder` (core.classset) as a new session, once:
    the folder is marked, and a second call (another replica too) returns None."""
    from filelock import FileLock

    from core.classset import ClassSet

    folder = Path(folder)
    if not folder.is_dir():
        return None
    with FileLock(folder / ".import.lock"):
        marker = folder / IMPORTED_MARKER
        images, labels, _ = ClassSet(folder).load()
        if marker.exists() or not len(labels):
            return None
        code = classroom.start(prompt)
        classroom._add_many(code, [_pixels(image) for image in images], [int(label) for label in labels],
                            [None] * len(labels))
        marker.write_text(code + "\n")
        return code


# -- checks on what a student or teacher sends

def _new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _code(code):
    """A code as typed (spaces and lower case allowed); anything else is not found."""
    if not isinstance(code, str):
        raise SessionNotFound(f"no class session {code!r:.20}")
    return code.strip().upper()


def _text(value, limit, what):
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text, not {type(value).__name__}")
    value = value.strip()
    if len(value) > limit:
        raise ValueError(f"{what} must be at most {limit} characters, not {len(value)}")
    if any(unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp") for ch in value):
        raise ValueError(f"{what} must not hold control characters")
    return value or None


def _pixels(image):
    """784 uint8 bytes of a 28x28 image in [0, 1]."""
    array = np.asarray(image)
    if array.dtype.kind not in "fiu":
        raise ValueError(f"an image must be numbers, not {array.dtype}")
    if array.shape != (28, 28):
        raise ValueError(f"an image must be 28x28, not {array.shape}")
    array = array.astype(np.float64)
    if not np.isfinite(array).all():
        raise ValueError("an image must not hold NaN or infinity")
    if array.min() < 0 or array.max() > 1:
        raise ValueError("an image's values must lie in [0, 1] (0-255 pixels divided by 255)")
    return np.rint(array * 255).astype(np.uint8).tobytes()


def _label(label):
    if isinstance(label, (int, np.integer)) and not isinstance(label, (bool, np.bool_)):
        value = int(label)
    elif isinstance(label, (float, np.floating)) and float(label).is_integer():
        value = int(label)
    else:
        raise ValueError(f"a label must be a whole number 0-9, not {label!r:.20}")
    if not 0 <= value <= 9:
        raise ValueError(f"a label must be a digit 0-9, not {value}")
    return value


def _images(blobs):
    return (np.frombuffer(b"".join(blobs), np.uint8).reshape(-1, 28, 28) / np.float32(255)).astype(np.float32)


def _read_npz(data_bytes):
    """x uint8 (n, 28, 28), y labels 0-9 (n,), n <= IMPORT_LIMIT, and the names of an optional
    `student` array (else None), from the bytes of an .npz."""
    try:
        with zipfile.ZipFile(io.BytesIO(data_bytes)) as archive:
            arrays = {}
            names = ["x", "y"] + (["student"] if "student.npy" in archive.namelist() else [])
            for name in names:
                info = archive.getinfo(f"{name}.npy")
                if info.file_size > IMPORT_LIMIT * 28 * 28 + 1024:  # before inflating: a small file can unzip huge
                    raise ValueError(f"{name} is larger than {IMPORT_LIMIT} drawings")
                with archive.open(info) as f:
                    arrays[name] = np.lib.format.read_array(f, allow_pickle=False)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as error:
        raise ValueError(f"not an .npz file with arrays x and y ({error})") from None
    x, y = arrays["x"], arrays["y"]
    if x.dtype != np.uint8 or x.ndim != 3 or x.shape[1:] != (28, 28):
        raise ValueError(f"x must be uint8 (n, 28, 28), not {x.dtype} {x.shape}")
    if y.dtype.kind not in "iu" or y.shape != (len(x),):
        raise ValueError(f"y must be {len(x)} whole numbers, not {y.dtype} {y.shape}")
    if len(x) > IMPORT_LIMIT:
        raise ValueError(f"at most {IMPORT_LIMIT} drawings at once, not {len(x)}")
    if len(y) and (y.min() < 0 or y.max() > 9):
        raise ValueError("y must hold digits 0-9")
    students = arrays.get("student")
    if students is not None:
        if students.dtype.kind != "U" or students.shape != (len(x),):
            raise ValueError(f"student must be {len(x)} names (text), not {students.dtype} {students.shape}")
        students = [str(name) for name in students]
    return x, y, students


def _session_info(row):
    code, prompt, created, ended = row
    return SessionInfo(code, prompt, datetime.fromtimestamp(created, timezone.utc),
                       None if ended is None else datetime.fromtimestamp(ended, timezone.utc))
