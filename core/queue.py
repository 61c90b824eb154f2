"""One queue of trainings for every server process of a run store (all the
replicas of scripts/serve.py share it): one training at a time, the teacher's
first, then first come, first served.

    queue = TrainingQueue(store.root)
    ticket = queue.join(owner="session-id", teacher=False, runs=[...])
    queue.place(ticket)        # 1 = next; what a waiting student sees
    with queue.turn(ticket, cancelled=lambda: False):  # blocks until it is this ticket's turn
        ...train...

A ticket is a file in the store's `.queue` folder whose name sorts by
(teacher first, arrival); the training itself holds a file lock there, so a
teacher's job that arrives while a student's trains waits for that one
training to end, then goes before every student still waiting. Tickets of a
process that died are dropped by the next reader.
"""
import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

POLL_S = 0.2


class Cancelled(Exception):
    """The ticket's owner left or asked to stop before its turn came."""


@dataclass(frozen=True)
class Ticket:
    name: str  # its file's name: "<0 teacher | 1 student>-<arrival ns>-<pid>-<random>.json"
    owner: str
    teacher: bool
    runs: tuple = ()


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


class TrainingQueue:
    def __init__(self, store_root):
        self.folder = Path(store_root) / ".queue"
        self._lock = FileLock(str(self.folder / "training.lock"))

    def join(self, owner, teacher, runs=()):
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{0 if teacher else 1}-{time.time_ns():020d}-{os.getpid()}-{uuid.uuid4().hex[:8]}.json"
        path = self.folder / name
        path.write_text(json.dumps({"owner": owner, "teacher": teacher, "runs": list(runs)}))
        return Ticket(name, owner, teacher, tuple(runs))

    def leave(self, ticket):
        (self.folder / ticket.name).unlink(missing_ok=True)

    def waiting(self):
        """Tickets still waiting for their turn, in the order they will train."""
        tickets = []
        if not self.folder.is_dir():
            return tickets
        for path in sorted(self.folder.glob("*.json")):
            try:
                pid = int(path.name.split("-")[2])
                info = json.loads(path.read_text())
            except (OSError, ValueError, IndexError):
                continue  # being written or removed right now
            if not _alive(pid):
                path.unlink(missing_ok=True)
                continue
            tickets.append(Ticket(path.name, info.get("owner", ""), bool(info.get("teacher")),
                                  tuple(info.get("runs", ()))))
        return tickets

    def place(self, ticket):
        """1 for the next to train, 2 for the one after, ...; None once it is not waiting."""
        names = [t.name for t in self.waiting()]
        return names.index(ticket.name) + 1 if ticket.name in names else None

    @contextlib.contextmanager
    def turn(self, ticket, cancelled):
        """Wait until `ticket` is first and the machine is free, then hold it.
        Raises Cancelled (and leaves the queue) once `cancelled()` is true."""
        try:
            while True:
                if cancelled():
                    raise Cancelled()
                waiting = self.waiting()
                if waiting and waiting[0].name == ticket.name:
                    try:
                        self._lock.acquire(timeout=POLL_S)
                        break
                    except Timeout:
                        continue
                time.sleep(POLL_S)
        finally:
            self.leave(ticket)
        try:
            yield
        finally:
            self._lock.release()

    @contextlib.contextmanager
    def occupied(self):
        """Hold the machine as a training would (tests, a maintenance script)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            yield
