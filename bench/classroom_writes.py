"""Drawings per second the classroom store takes: SQLite (WAL) and PostgreSQL.

N writer processes (1, 2, 4), each its own Classroom, add random 28x28 drawings
to one session as fast as they can for a few seconds; the figure is all of
them together: drawings stored / seconds. Both stores commit durably (SQLite
synchronous=FULL, Postgres' default fsync), each add its own transaction, as a
student's drawing is. PostgreSQL is a throwaway server from Debian's package
(tests/postgres.py), on the same disk as the SQLite file. A fresh database per
repeat, the cases taken in turn each round; prints the median and the fastest of the repeats, and their ratio to
1-process SQLite's median in the same run.
Usage: python bench/classroom_writes.py [--seconds 3] [--repeats 3]
"""
import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from core.classroom import Classroom  # noqa: E402
from tests.postgres import throwaway_server  # noqa: E402


def writer(url, code, seconds, barrier, counts):
    room = Classroom(url)
    images = np.random.default_rng().random((64, 28, 28))
    barrier.wait()
    n, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        room.add(code, images[n % 64], n % 10)
        n += 1
    counts.put(n)


def writes_per_second(url, writers, seconds):
    room = Classroom(url)
    code = room.start()
    context = multiprocessing.get_context("spawn")
    barrier, counts = context.Barrier(writers + 1), context.Queue()
    processes = [context.Process(target=writer, args=(url, code, seconds, barrier, counts)) for _ in range(writers)]
    for p in processes:
        p.start()
    barrier.wait()
    started = time.monotonic()
    total = sum(counts.get() for _ in processes)
    elapsed = time.monotonic() - started
    for p in processes:
        p.join()
    assert room.counts(code).drawings == total, "a drawing was lost"
    return total / elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    cases = [(store, writers) for store in ("sqlite", "postgres") for writers in (1, 2, 4)]
    rates = {case: [] for case in cases}
    with tempfile.TemporaryDirectory() as folder, throwaway_server() as server:
        for repeat in range(args.repeats):  # every case once per round: a busy moment of the machine hits all
            for store, writers in cases:
                name = f"bench_{store}_{writers}_{repeat}"
                url = f"sqlite:///{folder}/{name}.sqlite3" if store == "sqlite" else server.create_database(name)
                rates[store, writers].append(writes_per_second(url, writers, args.seconds))
            print(f"  round {repeat + 1}: " + ", ".join(f"{s} x{w} {rates[s, w][-1]:.0f}" for s, w in cases), flush=True)
    baseline = statistics.median(rates["sqlite", 1])
    print(f"\ndrawings/s, {args.repeats} repeats of {args.seconds:g} s; ratio to SQLite x1's median ({baseline:.0f}/s)")
    print(f"{'store':<10} {'writers':>7} {'median':>8} {'fastest':>8} {'ratio':>6}")
    for store, writers in cases:
        median = statistics.median(rates[store, writers])
        print(f"{store:<10} {writers:>7} {median:>8.0f} {max(rates[store, writers]):>8.0f} {median / baseline:>6.2f}")


if __name__ == "__main__":
    main()
