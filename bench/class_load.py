"""A lecture hall in a class session: N students send drawings to the teacher's wall.

Serves the app through scripts/serve.py (--replicas, a teacher key), signs a
teacher in, starts a class session ("Draw a 7") and keeps its wall open as the
browser does (the wall's fragment reruns every second). Then N student
sessions open the join link (?class=CODE) and, every --pause seconds (0.5x to
1.5x at random), draw an MNIST test digit on the canvas and press Send, as
the phone does: one rerun with the stroke, one with Send. Each speaks
Streamlit's websocket protocol (bench/load.py's Session).

    python bench/class_load.py --replicas 2 --sessions 200 --pause 5 --seconds 60
    python bench/class_load.py ... --kill-replica-after 30     # kill -9 one replica halfway
    python bench/class_load.py ... --postgres                   # the store on a throwaway PostgreSQL

Reports: drawings acknowledged ("Received (#id)"), rows stored, drawings counted
on the wall, failed sends; the student's answer time (Send -> "Received", with
the model's reading) p50 / p95; the wall's delay (Send -> the wall's count
includes it) p50 / p95. Exit status 1 if any acknowledged drawing is missing
from the store or the wall, or a send failed.
"""
import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from bench import load  # noqa: E402
from bench.load import TEACHER_KEY, Session, drawings, percentile, widget, websocket_closed  # noqa: E402

RECEIVED = re.compile(r"Received \(#(\d+)\)")
SEVEN = 7


def canvas_of(elements):
    return [e.bidi_component.id for e in elements if e.WhichOneof("type") == "bidi_component"][-1]


def button_of(elements, label):
    return next(e.button.id for e in elements if e.WhichOneof("type") == "button" and e.button.label == label)


async def open_wall(url):
    """The teacher: sign in, open the Class session page, start a session. (session, code)."""
    teacher = Session(url, "", headers={"Cookie": "mnist_replica=r2"})  # not on the replica --kill-... kills
    await teacher.open()
    await teacher.sign_in(TEACHER_KEY)
    teacher.page, teacher.page_hash = "class_session", ""
    elements, _ = await teacher.rerun([])
    elements, _ = await teacher.rerun([widget(button_of(elements, "Start a class session"), trigger_value=True)])
    caption = next(e.markdown.body for e in elements if e.WhichOneof("type") == "markdown"
                   and "?class=" in e.markdown.body)
    return teacher, re.search(r"class=([A-Z0-9]+)", caption).group(1)


def wall_count(elements):
    counts = [e.metric.body for e in elements if e.WhichOneof("type") == "metric" and e.metric.label == "Drawings"]
    return int(counts[-1]) if counts else None


async def watch_wall(teacher, results, stop):
    """Rerun the wall's fragment whenever it asks (every second), as the browser's timer does;
    note when the count first reaches each number."""
    while not stop.is_set():
        seconds, fragment_id = teacher.auto_rerun
        await asyncio.sleep(seconds)
        try:
            elements, _ = await teacher.rerun([], fragment_id=fragment_id, auto=True)
        except (ConnectionError, OSError, websocket_closed()):
            results["wall_broke"] += 1
            return
        count = wall_count(elements)
        if count is None:
            continue
        now = time.perf_counter()
        for n in range(results["wall_count"] + 1, count + 1):
            results["shown_at"][n] = now
        results["wall_count"] = max(results["wall_count"], count)


async def join(url, code, headers=None):
    session = Session(url, "class_join", query=f"class={code}&lang=en", headers=headers)
    elements, _ = await session.open()
    return session, canvas_of(elements)


async def student(url, code, seconds, pause, drawing_list, seed, results, go):
    rng = random.Random(seed)
    session, canvas = await join(url, code)
    await go.wait()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        await asyncio.sleep(pause * rng.uniform(0.5, 1.5))
        state, _ = drawing_list[rng.randrange(len(drawing_list))]
        stroke = widget(canvas, json_value=state)
        try:
            elements, _ = await session.rerun([stroke])  # the stroke: the page shows the 28x28 input
            sent = time.perf_counter()
            elements, _ = await session.rerun([stroke, widget(button_of(elements, "Send"), trigger_value=True)])
        except (ConnectionError, OSError, websocket_closed(), StopIteration):
            results["reopened"] += 1  # its replica died: the phone reconnects; this drawing was not acknowledged
            while time.perf_counter() < deadline:
                try:
                    session, canvas = await join(url, code)
                    break
                except (ConnectionError, OSError, websocket_closed(), IndexError):
                    await asyncio.sleep(0.5)
            continue
        said = " ".join(e.alert.body for e in elements if e.WhichOneof("type") == "alert")
        found = RECEIVED.search(said)
        if not found:
            results["failed"] += 1
            results["said"].append(said[:120])
            continue
        results["acknowledged"][int(found.group(1))] = sent
        results["answer"].append(time.perf_counter() - sent)
        canvas = canvas_of(elements)  # the page cleared the canvas for the next drawing (a new one)
    await session.close()


async def warm_up(url, code, drawing_list, results):
    """One drawing through each replica first, as the teacher's own try before the class: each replica
    loads TensorFlow and the model once. They count as drawings; their times are not measured."""
    for replica in ("r1", "r2"):
        session, canvas = await join(url, code, headers={"Cookie": f"mnist_replica={replica}"})
        stroke = widget(canvas, json_value=drawing_list[0][0])
        elements, _ = await session.rerun([stroke])
        elements, _ = await session.rerun([stroke, widget(button_of(elements, "Send"), trigger_value=True)])
        found = RECEIVED.search(" ".join(e.alert.body for e in elements if e.WhichOneof("type") == "alert"))
        results["acknowledged"][int(found.group(1))] = time.perf_counter()
        results["warm"].add(int(found.group(1)))
        await session.close()


def summary(values):
    ms = [v * 1000 for v in values]
    if not ms:
        return "none"
    return f"p50 {statistics.median(ms):.0f} ms, p95 {percentile(ms, 95):.0f} ms, max {max(ms):.0f} ms"


async def hall(args, url):
    drawing_list = drawings(200)
    teacher, code = await open_wall(url)
    print(f"class session {code} started; wall open", flush=True)
    results = {"acknowledged": {}, "warm": set(), "answer": [], "failed": 0, "reopened": 0, "said": [], "shown_at": {},
               "wall_count": 0, "wall_broke": 0}
    stop, go = asyncio.Event(), asyncio.Event()
    wall = asyncio.create_task(watch_wall(teacher, results, stop))
    await warm_up(url, code, drawing_list, results)
    opened = time.perf_counter()
    students = [asyncio.create_task(student(url, code, args.seconds, args.pause, drawing_list, i, results, go))
                for i in range(args.sessions)]
    await asyncio.sleep(0)
    print(f"{args.sessions} students joining ...", flush=True)
    go.set()
    killer = None
    if args.kill_replica_after is not None:
        killer = asyncio.create_task(load.kill_a_replica_after(args.kill_replica_after, {}))
    await asyncio.gather(*students)
    print(f"  sending ended {time.perf_counter() - opened:.0f} s after the students joined", flush=True)
    if killer is not None:
        await killer
    settle = time.perf_counter() + 10  # the wall catches up with the last drawings
    acknowledged = results["acknowledged"]
    while results["wall_count"] < len(acknowledged) and time.perf_counter() < settle:
        await asyncio.sleep(0.5)
    stop.set()
    await wall
    from core.classroom import Classroom

    stored = Classroom(os.environ.get("MNIST_STUDIO_DATABASE_URL") or None).drawings(code)
    missing = sorted(set(acknowledged) - set(stored["id"]))
    delays = [results["shown_at"][i] - sent for i, sent in acknowledged.items()
              if i in results["shown_at"] and i not in results["warm"]]
    print(f"acknowledged {len(acknowledged)}, rows stored {len(stored)}, counted on the wall "
          f"{results['wall_count']}; acknowledged but not stored {len(missing)}; failed sends {results['failed']} "
          f"{results['said'][:3]}; sessions that reopened after a lost replica {results['reopened']}", flush=True)
    print(f"student: Send -> 'Received' with the model's reading: {summary(results['answer'])}", flush=True)
    print(f"wall: Send -> on the wall's count: {summary(delays)} ({len(delays)} of {len(acknowledged) - len(results['warm'])} after the warm-up seen)",
          flush=True)
    await teacher.close()
    lost = missing or results["wall_count"] < len(acknowledged) or results["failed"]
    return 1 if lost else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--pause", type=float, default=5.0)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--kill-replica-after", type=float, default=None)
    parser.add_argument("--postgres", action="store_true", help="keep the drawings in a throwaway PostgreSQL")
    args = parser.parse_args()
    os.environ["MNIST_STUDIO_TEACHER_KEY"] = TEACHER_KEY
    with ExitStack() as stack:
        home = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mnist_class_")))
        if args.postgres:
            from tests.postgres import throwaway_server

            server = stack.enter_context(throwaway_server())
            os.environ["MNIST_STUDIO_DATABASE_URL"] = server.create_database("class_load")
        load.ensure_a_run(home)
        url, pids = stack.enter_context(load.serving(home, args.replicas))
        load.SERVER["pids"] = pids
        store = "PostgreSQL" if args.postgres else "SQLite (WAL)"
        print(f"app at {url} ({args.replicas} replicas behind HAProxy), drawings in {store}, "
              f"{os.cpu_count()} cores", flush=True)
        return asyncio.run(hall(args, url))


if __name__ == "__main__":
    sys.exit(main())
