"""A class of students drawing at once: concurrent sessions of the sketch page.

Starts the app (`streamlit run`, headless, a free port) on a run store that
holds at least one run, then opens sessions that speak Streamlit's own
websocket protocol, as the browser does: each one opens the sketch page and
then, again and again, sends the canvas's new state and waits for the page to
show its Prediction. Each drawing is a different MNIST test digit scaled up to
the 280x280 canvas and sent as a PNG, the same message the canvas component
sends when a stroke ends, so the server does all its real work: decode the
PNG, find and centre the digit, predict, send the page back.

First one session alone (the baseline), then N at once. For every drawing it
measures the time from sending the stroke to receiving the Prediction, and
counts answered and failed drawings (no prediction within --answer-timeout,
the run ended without one, or an exception shown). It also checks that the
predictions are real: how many match the digit's MNIST label.

    python bench/load.py                      # 10 sessions x 60 s, temporary store with one tiny run
    python bench/load.py --with-training      # ... while the home page's demo button trains
    python bench/load.py --pictures           # ... each answer's pictures fetched too, as a browser does
    python bench/load.py --home /work/studio_home --sessions 5 --seconds 30
    python bench/load.py --replicas 2 --sessions 50 --kill-replica-after 20   # kill -9 one replica mid-class
    python bench/load.py --replicas 2 --flood 20   # 20 pranksters ask for trainings and draw flat out

The server has a teacher key, as scripts/serve.sh gives a class: every
session is a student's except the teacher's, which signs in (the one that
presses "Prepare the class demo", and the teacher's own drawing session of --flood).

With --flood N: the teacher draws on the sketch page alone for
--baseline-seconds (its baseline), then N student sessions each ask the Train
page for a training (numpy2layer, their own seed and 1-5 epochs, as the
rules allow) and then draw with no pause at all, while the teacher prepares
the class demo and keeps drawing. It reports the teacher's drawing latency
(p50 / p95) alone and under the flood, what the students got (trainings
queued or refused, drawings answered or refused as too fast), and whether the
teacher's training started before every student job that was still waiting.

With --kill-replica-after, scripts/serve.py's supervisor runs as in a lecture
hall and one replica is killed that many seconds into the load: a session whose
websocket breaks opens the page again (as the browser reconnects), and the
report adds the sessions that reopened, the longest time a session went
without an answer, when the replica was back, and drawings that got two
different answers (the same model must read a drawing the same way on every replica).

Why not 10 browsers: 10 Chromium renderers on the same 2 cores as the server
measured the browsers (most failures were strokes the page never sent), not
the app. tests/e2e covers the real canvas in a real browser.

Prints per phase: answered, failed, p50 / p95 / min / max latency, drawings
per second, server CPU time, and the N-session p50 over the baseline's.
Exit status 1 if anything failed under load.
"""
import argparse
import asyncio
import base64
import contextlib
import io
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

from tests.e2e.conftest import app_server, free_port, tiny_run_config  # noqa: E402

CANVAS_SIZE = 280
OPEN_TIMEOUT_S = 180.0  # a fresh page on a busy 2-core machine
TEACHER_KEY = "bench-teacher-key"


def ensure_a_run(home):
    """At least one stored run in home (a tiny dense512 if there is none)."""
    from core.runs import RunStore

    store = RunStore(Path(home) / "runs")
    if store.list().empty:
        print("training one tiny run (dense512, 1 epoch, 10,000 digits) for the app to use ...", flush=True)
        store.get_or_train(tiny_run_config())
    return store


def drawings(count, seed=0):
    """(canvas state JSON, label) for `count` MNIST test digits: white on black,
    scaled up to the canvas, as a PNG data URL, like the canvas sends."""
    from PIL import Image

    from core.data import load_mnist

    _, (x_test, y_test) = load_mnist()
    rng = np.random.default_rng(seed)
    result = []
    for i in rng.choice(len(x_test), count, replace=False):
        gray = Image.fromarray(x_test[i]).resize((CANVAS_SIZE, CANVAS_SIZE), Image.BILINEAR)
        rgba = Image.merge("RGBA", (gray, gray, gray, Image.new("L", gray.size, 255)))
        buffer = io.BytesIO()
        rgba.save(buffer, format="PNG")
        url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
        state = {"drawing": {"raw": {"version": "7.4.0", "objects": [{"type": "Path"}], "background": "#000000"},
                             "data": url}}
        result.append((json.dumps(state), int(y_test[i])))
    return result


class Session:
    """One browser tab's worth of Streamlit: a websocket, reruns, the elements they send."""

    def __init__(self, url, page, query="lang=en", headers=None):
        self.ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
        self.page, self.query, self.headers = page, query, headers or {}
        self.page_hash = ""
        self.auto_rerun = None  # (seconds, fragment id) of a fragment that asks to rerun itself
        self.fragment_of = {}  # widget id -> the fragment it is drawn in ("" for none)

    async def open(self):
        from websockets.asyncio.client import connect

        self.ws = await connect(self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=OPEN_TIMEOUT_S,
                                additional_headers=self.headers)
        # The proxy's replica cookie, as a browser keeps it: the pictures live in that replica.
        self.cookie = "; ".join(c.split(";", 1)[0] for c in self.ws.response.headers.get_all("Set-Cookie"))
        return await self.rerun([])

    async def sign_in(self, key):
        """Type the teacher key into the sidebar's Teacher box (and press Enter), as the teacher does."""
        [field] = [e.text_input.id for e in self.elements
                   if e.WhichOneof("type") == "text_input" and e.text_input.label in ("Teacher key", "교사 키")]
        return await self.rerun([widget(field, string_value=key)])

    async def rerun(self, widgets, timeout=OPEN_TIMEOUT_S, until=None, fragment_id="", auto=False):
        """Send a rerun with these WidgetState protos (of the fragment `fragment_id`,
        or the whole page); collect the new elements until the run finishes.
        `until(element)` -> True records the time it arrived. `auto`: a
        fragment's own timer, not a user's action. Returns (elements, seconds
        to `until`'s element or None)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.page_name = self.page
        message.rerun_script.page_script_hash = self.page_hash
        message.rerun_script.widget_states.widgets.extend(widgets)
        message.rerun_script.fragment_id = fragment_id
        message.rerun_script.is_auto_rerun = auto
        message.rerun_script.context_info.locale = "en-US"
        message.rerun_script.context_info.timezone = "UTC"
        sent = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        return await self._read_run(sent, sent + timeout, until)

    async def _read_run(self, sent, deadline, until):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        elements, hit = [], None
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), max(deadline - time.perf_counter(), 0.01))
            message = ForwardMsg()
            message.ParseFromString(raw)
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                elements.append(element)
                if element.WhichOneof("type") == "bidi_component":
                    self.fragment_of[element.bidi_component.id] = message.delta.fragment_id
                self.page_hash = message.metadata.active_script_hash or self.page_hash
                if hit is None and until is not None and until(element):
                    hit = time.perf_counter() - sent
            elif kind == "auto_rerun":
                self.auto_rerun = (message.auto_rerun.interval, message.auto_rerun.fragment_id)
            elif kind == "script_finished" and message.script_finished in (
                    ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
                    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                self.elements = elements
                return elements, hit

    async def close(self):
        await self.ws.close()


def widget(widget_id, **value):
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=widget_id, **value)


def is_prediction(element):
    return element.WhichOneof("type") == "metric" and element.metric.label == "Prediction"


async def fetch(url, path, cookie):
    """GET `path` of the app as the browser fetches a picture; the HTTP status."""
    where = urlsplit(url)
    reader, writer = await asyncio.open_connection(where.hostname, where.port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {where.netloc}\r\nCookie: {cookie}\r\n"
                 f"Connection: close\r\n\r\n".encode())
    await writer.drain()
    answer = await reader.read()  # until the server closes
    writer.close()
    return int(answer.split(b" ", 2)[1])


def picture_paths(elements):
    """The pictures a browser would fetch (a data: URL came inside the message)."""
    return [img.url for e in elements if e.WhichOneof("type") == "imgs" for img in e.imgs.imgs
            if not img.url.startswith("data:")]


async def student(url, seconds, pause, answer_timeout, drawing_list, seed, results, ready, go, pictures=False):
    """One session: open the sketch page, then draw until time is up (and,
    with `pictures`, fetch each answer's pictures, as a browser does)."""
    rng = random.Random(seed)
    session = Session(url, "sketch")
    try:
        elements, _ = await session.open()
        canvas_id = next(e.bidi_component.id for e in elements if e.WhichOneof("type") == "bidi_component")
    except Exception as e:
        results["failed_to_open"] += 1
        print(f"  session {seed}: the page did not open: {type(e).__name__}: {e}", flush=True)
        ready.release()
        return
    ready.release()
    await go.wait()
    deadline = time.perf_counter() + seconds
    lost = None  # (drawing, when it was first sent) of a stroke whose replica died: sent again at once
    while time.perf_counter() < deadline:
        if lost is None:
            await asyncio.sleep(pause * rng.uniform(0.5, 1.5))  # the student draws the next stroke
            index = rng.randrange(len(drawing_list))
        else:
            index = lost[0]
        state, label = drawing_list[index]
        sent = time.perf_counter()
        try:  # as the browser does: a stroke reruns the fragment the canvas is drawn in
            elements, latency = await session.rerun([widget(canvas_id, json_value=state)], timeout=answer_timeout,
                                                    until=is_prediction, fragment_id=session.fragment_of[canvas_id])
        except (ConnectionError, OSError, websocket_closed()):  # its replica died: the browser reconnects
            results["reopened"] += 1
            lost = lost or (index, sent)
            while time.perf_counter() < deadline:
                try:
                    session = Session(url, "sketch")
                    elements, _ = await session.open()
                    canvas_id = next(e.bidi_component.id for e in elements
                                     if e.WhichOneof("type") == "bidi_component")
                    break
                except (ConnectionError, OSError, websocket_closed(), StopIteration):
                    await asyncio.sleep(0.5)
            continue
        except asyncio.TimeoutError:
            results["failed"] += 1
            results["slow"] += 1
            await session.close()  # its late answer would mix with the next: start afresh, like a reload
            session = Session(url, "sketch")
            await session.open()
            continue
        if any(e.WhichOneof("type") == "exception" for e in elements):
            results["exceptions"] += 1
        if latency is None:
            results["failed"] += 1
            results["no_prediction"] += 1
            continue
        results["latencies"].append(latency)
        if lost is not None:  # from the stroke the dead replica lost to its answer from a live one
            results["longest_gap"] = max(results["longest_gap"], time.perf_counter() - lost[1])
            lost = None
        shown = next(e.metric.body for e in elements if is_prediction(e))
        results["answers"].setdefault(index, set()).add(shown)
        results["correct"] += shown == str(label)
        if pictures:
            statuses = await asyncio.gather(*(fetch(url, path, session.cookie) for path in picture_paths(elements)))
            if any(status != 200 for status in statuses):
                results["failed"] += 1
                results["pictures_missing"] += 1
            else:
                results["with_pictures"].append(time.perf_counter() - sent)
    await session.close()


def websocket_closed():
    import websockets

    return websockets.exceptions.ConnectionClosed


async def kill_a_replica_after(seconds, results):
    """kill -9 the first replica `seconds` into the load; note when it answers again."""
    await asyncio.sleep(seconds)
    pid, port = SERVER["replicas"][0].pid, SERVER["replica_ports"][0]
    os.kill(pid, 9)
    killed = time.perf_counter()
    results["killed_at"] = seconds
    print(f"  killed replica r1 (pid {pid}) with SIGKILL", flush=True)
    sys.path.insert(0, str(ROOT / "scripts"))
    import serve

    await asyncio.sleep(1)
    while not await asyncio.to_thread(serve.healthy, f"http://127.0.0.1:{port}"):
        await asyncio.sleep(0.25)
    results["back_after"] = time.perf_counter() - killed


async def phase(url, sessions, seconds, pause, answer_timeout, drawing_list, seed, pictures=False, kill_after=None):
    results = {"latencies": [], "failed": 0, "slow": 0, "no_prediction": 0, "exceptions": 0,
               "failed_to_open": 0, "correct": 0, "pictures_missing": 0, "with_pictures": [], "reopened": 0,
               "longest_gap": 0.0, "answers": {}}
    ready, go = asyncio.Semaphore(0), asyncio.Event()
    tasks = [asyncio.create_task(student(url, seconds, pause, answer_timeout, drawing_list, seed + i, results,
                                         ready, go, pictures)) for i in range(sessions)]
    opened = time.perf_counter()
    for _ in range(sessions):
        await ready.acquire()
    print(f"  {sessions} session(s) opened the sketch page in {time.perf_counter() - opened:.1f} s", flush=True)
    started, cpu, client_cpu = time.perf_counter(), server_cpu_seconds(), time.process_time()
    go.set()
    killer = asyncio.create_task(kill_a_replica_after(kill_after, results)) if kill_after is not None else None
    await asyncio.gather(*tasks)
    if killer is not None:
        await killer
    results["wall"] = time.perf_counter() - started
    results["server_cpu"] = server_cpu_seconds() - cpu
    results["client_cpu"] = time.process_time() - client_cpu  # the sessions themselves share the machine
    return results


async def start_training(url):
    """The teacher signs in and presses the home page's "Prepare the class demo":
    the server trains in its job."""
    session = Session(url, "")
    await session.open()
    elements, _ = await session.sign_in(TEACHER_KEY)
    button = next(e.button.id for e in elements
                  if e.WhichOneof("type") == "button" and e.button.label.startswith("Prepare the class demo"))
    session.progress = "(no progress bar)"
    await session.rerun([widget(button, trigger_value=True)])
    session.follower = asyncio.create_task(follow_training(session))
    return session


async def follow_training(session):
    """What the teacher's open home page does: rerun its progress fragment every
    interval it asked for, as the browser's timer does."""
    seconds, fragment_id = session.auto_rerun
    while True:
        await asyncio.sleep(seconds)
        elements, _ = await session.rerun([], fragment_id=fragment_id, auto=True)
        bars = [e.progress.text for e in elements if e.WhichOneof("type") == "progress"]
        session.progress = bars[-1] if bars else "(no progress bar: the training ended)"


# ---- --flood: pranksters ask for trainings and draw flat out, the teacher carries on -------------

def element_id(elements, kind, label):
    return next(getattr(e, kind).id for e in elements if e.WhichOneof("type") == kind
                and getattr(e, kind).label.startswith(label))


def alerts(elements):
    return [e.alert.body for e in elements if e.WhichOneof("type") == "alert"] + \
        [e.toast.body for e in elements if e.WhichOneof("type") == "toast"]


async def ask_for_training(url, seed, results):
    """A student on the Train page: numpy2layer, its own seed and epochs, Train."""
    session = Session(url, "train")
    elements, _ = await session.open()
    preset = widget(element_id(elements, "radio", "Network"), string_value="numpy2layer")
    elements, _ = await session.rerun([preset])
    form = [preset, widget(element_id(elements, "number_input", "Epochs"), int_value=1 + seed % 5),
            widget(element_id(elements, "number_input", "Seed"), int_value=1000 + seed)]
    elements, _ = await session.rerun(form)
    elements, _ = await session.rerun(form + [widget(element_id(elements, "button", "Train"), trigger_value=True)])
    bars = [e.progress.text for e in elements if e.WhichOneof("type") == "progress"]
    said = " ".join(alerts(elements) + [e.markdown.body for e in elements if e.WhichOneof("type") == "markdown"])
    if bars:
        results["trainings_queued"] += 1
    elif "Students may" in said or "queue is full" in said or "must end" in said or "not opened" in said:
        results["trainings_refused"] += 1
    else:
        results["trainings_other"] += 1
    return session  # left open: a closed tab's queued job would be dropped


async def flooder(url, seconds, drawing_list, seed, results, go):
    session = await ask_for_training(url, seed, results)
    await go.wait()
    sketch = Session(url, "sketch")
    elements, _ = await sketch.open()
    canvas_id = next(e.bidi_component.id for e in elements if e.WhichOneof("type") == "bidi_component")
    deadline = time.perf_counter() + seconds
    rng = random.Random(seed)
    while time.perf_counter() < deadline:
        state, _ = drawing_list[rng.randrange(len(drawing_list))]
        elements, latency = await sketch.rerun([widget(canvas_id, json_value=state)], timeout=60,
                                              until=is_prediction, fragment_id=sketch.fragment_of[canvas_id])
        if latency is not None:
            results["flood_answered"] += 1
        elif any("Slow down" in a for a in alerts(elements)):
            results["flood_refused"] += 1
        else:
            results["flood_other"] += 1
    await sketch.close()
    return session


async def teacher_drawing(url, seconds, pause, drawing_list, latencies):
    session = Session(url, "sketch")
    await session.open()
    elements, _ = await session.sign_in(TEACHER_KEY)
    canvas_id = next(e.bidi_component.id for e in elements if e.WhichOneof("type") == "bidi_component")
    deadline = time.perf_counter() + seconds
    rng = random.Random(7)
    while time.perf_counter() < deadline:
        await asyncio.sleep(pause)
        state, _ = drawing_list[rng.randrange(len(drawing_list))]
        _, latency = await session.rerun([widget(canvas_id, json_value=state)], timeout=60, until=is_prediction,
                                         fragment_id=session.fragment_of[canvas_id])
        latencies.append(latency if latency is not None else float("inf"))
    await session.close()


def summary(latencies):
    ms = sorted(v * 1000 for v in latencies)
    return (f"{len(ms)} drawings, p50 {statistics.median(ms):.0f} ms, p95 {percentile(ms, 95):.0f} ms, "
            f"max {max(ms):.0f} ms") if ms else "no drawings"


async def flood(args, url, drawing_list):
    await phase(url, max(args.replicas, 1), 0.1, 0.0, OPEN_TIMEOUT_S, drawing_list, seed=2000)  # warm every replica
    alone = []
    await teacher_drawing(url, args.baseline_seconds, 1.0, drawing_list, alone)
    print(f"teacher drawing alone: {summary(alone)}", flush=True)
    results = {k: 0 for k in ("trainings_queued", "trainings_refused", "trainings_other", "flood_answered",
                              "flood_refused", "flood_other")}
    go = asyncio.Event()
    students = [asyncio.create_task(flooder(url, args.seconds, drawing_list, i, results, go))
                for i in range(args.flood)]
    while sum(results[k] for k in ("trainings_queued", "trainings_refused", "trainings_other")) < args.flood:
        failed = [task for task in students if task.done() and task.exception()]
        if failed:
            raise failed[0].exception()
        await asyncio.sleep(0.2)
    from core.background import waiting
    from core.runs import RunStore

    store = RunStore(Path(args.home) / "runs")
    students_waiting = [t.runs for t in waiting(store) if not t.teacher]
    print(f"{args.flood} students asked for a training: {results['trainings_queued']} queued (or joined), "
          f"{results['trainings_refused']} refused by the rules, {results['trainings_other']} other; "
          f"students' jobs waiting when the teacher asks: {len(students_waiting)}", flush=True)
    trainer = await start_training(url)
    go.set()
    under = []
    await asyncio.gather(teacher_drawing(url, args.seconds, 1.0, drawing_list, under), *students)
    print(f"teacher drawing under the flood: {summary(under)}", flush=True)
    print(f"students' drawings flat out: {results['flood_answered']} answered, {results['flood_refused']} "
          f"refused as too fast, {results['flood_other']} other", flush=True)
    trained = await training_ends(trainer, args.training_timeout, args.home)
    trainer.follower.cancel()
    waited_for = [run_id for ids in students_waiting for run_id in ids]
    deadline = time.perf_counter() + args.training_timeout  # the waiting students' runs train after the teacher's
    while not set(waited_for) <= set(store.list()["run_id"]) and time.perf_counter() < deadline:
        await asyncio.sleep(1)
    runs = store.list().set_index("run_id")
    from core.experiments import demo_configs, size_limit

    teacher_ids = [c.run_id for c in demo_configs(size_limit())]
    first_teacher = runs.loc[runs.index.intersection(teacher_ids), "created"].min()
    waited_ids = [run_id for ids in students_waiting for run_id in ids if run_id in runs.index]
    before = [run_id for run_id in waited_ids if runs.loc[run_id, "created"] < first_teacher]
    print(f"teacher's first demo run stored before every student run that was waiting: {not before} "
          f"({len(before)} of the {len(waited_for)} waiting student runs finished first; {len(waited_ids)} of "
          f"them stored in all)", flush=True)
    worst = percentile(under, 95) if under else float("inf")
    return 0 if trained and not before and worst < 5.0 else 1


SERVER = {"pids": []}


def server_cpu_seconds():
    """CPU time (user + system) the app's server processes (and the proxy) have used so far (Linux /proc)."""
    total = 0.0
    for pid in SERVER["pids"]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return float("nan")
    return total


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def report(name, sessions, r):
    lat = [v * 1000 for v in r["latencies"]]
    print(f"{name}: {sessions} session(s), {r['wall']:.0f} s: answered {len(lat)}, failed {r['failed']} "
          f"({r['slow']} past the timeout, {r['no_prediction']} runs without a prediction, {r['pictures_missing']} "
          f"with a picture missing), exceptions shown "
          f"{r['exceptions']}, pages that did not open {r['failed_to_open']}", flush=True)
    per_drawing = r["server_cpu"] / len(lat) * 1000 if lat else float("nan")
    print(f"  server CPU {r['server_cpu']:.0f} s in {r['wall']:.0f} s ({per_drawing:.0f} ms per answered drawing, "
          f"{len(lat) / r['wall'] / os.cpu_count():.1f} drawings answered per s per core); "
          f"predictions equal to the MNIST label: {r['correct']} of {len(lat)}; this client's CPU "
          f"{r['client_cpu']:.0f} s", flush=True)
    if r["with_pictures"]:
        shown = [v * 1000 for v in r["with_pictures"]]
        print(f"  stroke sent -> whole answer and its pictures received: p50 {statistics.median(shown):.0f} ms, "
              f"p95 {percentile(shown, 95):.0f} ms, max {max(shown):.0f} ms; answers with a picture missing "
              f"{r['pictures_missing']}", flush=True)
    if r["reopened"] or r.get("killed_at") is not None:
        twice = sum(len(shown) > 1 for shown in r["answers"].values())
        print(f"  replica killed {r.get('killed_at', float('nan')):.0f} s in, back (answering its health check) "
              f"{r.get('back_after', float('nan')):.1f} s later; sessions that reopened the page {r['reopened']}; "
              f"longest wait from a lost stroke to its answer (reconnect and resend included) {r['longest_gap']:.1f} s; drawings given two "
              f"different answers {twice} of {len(r['answers'])}", flush=True)
    if lat:
        print(f"  stroke sent -> prediction received: p50 {statistics.median(lat):.0f} ms, p95 "
              f"{percentile(lat, 95):.0f} ms, min {min(lat):.0f} ms, max {max(lat):.0f} ms; "
              f"{len(lat) / r['wall']:.2f} drawings answered per s", flush=True)


async def main_async(args, url):
    drawing_list = drawings(200)
    if args.flood:
        return await flood(args, url, drawing_list)
    trainer = None
    if args.with_training:
        trainer = await start_training(url)
        await asyncio.sleep(5)
        print(f"training in the server: {trainer.progress}", flush=True)
    warm = time.perf_counter()
    # imports TensorFlow and loads the models, in every replica (the proxy sends each new session to the least busy)
    await phase(url, max(args.replicas, 1), 0.1, 0.0, OPEN_TIMEOUT_S, drawing_list, seed=2000)
    print(f"  warm-up: first prediction of this server after {time.perf_counter() - warm:.1f} s", flush=True)
    baseline = await phase(url, 1, args.baseline_seconds, args.pause, args.answer_timeout, drawing_list, seed=1000,
                           pictures=args.pictures)
    report("baseline", 1, baseline)
    loaded = await phase(url, args.sessions, args.seconds, args.pause, args.answer_timeout, drawing_list, seed=0,
                         pictures=args.pictures, kill_after=args.kill_replica_after)
    report("load", args.sessions, loaded)
    if baseline["latencies"] and loaded["latencies"]:
        ratio = statistics.median(loaded["latencies"]) / statistics.median(baseline["latencies"])
        print(f"p50 with {args.sessions} sessions / p50 alone: {ratio:.1f}x")
    trained = True
    if trainer is not None:
        print(f"training in the server when the load ended: {trainer.progress}", flush=True)
        trained = await training_ends(trainer, args.training_timeout, args.home)
        trainer.follower.cancel()
        await trainer.close()
    twice = sum(len(shown) > 1 for shown in loaded["answers"].values())
    failed = loaded["failed"] or loaded["exceptions"] or loaded["failed_to_open"] or twice
    return 0 if not failed and trained else 1


async def training_ends(trainer, timeout, home):
    """Wait for the home page's training to end, then check the store: every
    demo run stored, once (a run's folder is its config's id: a second training
    of it would have replaced, not added)."""
    from core.experiments import demo_status, size_limit
    from core.runs import RunStore

    waited = time.perf_counter()
    while not trainer.progress.startswith("(no progress bar") and time.perf_counter() - waited < timeout:
        await asyncio.sleep(1)
    store = RunStore(Path(home) / "runs")
    status = demo_status(store, size_limit())
    listed = store.list()["run_id"]
    print(f"training ended {time.perf_counter() - waited:.0f} s after the load: {int(status['ready'].sum())} of "
          f"{len(status)} demo runs stored; runs listed twice: {int(listed.duplicated().sum())}", flush=True)
    return bool(status["ready"].all()) and not listed.duplicated().any()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0, help="drawing time per session")
    parser.add_argument("--baseline-seconds", type=float, default=20.0, help="drawing time of the lone session")
    parser.add_argument("--pause", type=float, default=1.0,
                        help="mean seconds a student takes to draw the next stroke (0.5x to 1.5x, at random)")
    parser.add_argument("--answer-timeout", type=float, default=30.0, help="seconds before a drawing counts as failed")
    parser.add_argument("--with-training", action="store_true",
                        help="press the home page's 'Prepare the class demo' first: a training in the server's job")
    parser.add_argument("--pictures", action="store_true",
                        help="fetch each answer's pictures over HTTP (with the proxy's cookie), as a browser does")
    parser.add_argument("--training-timeout", type=float, default=900.0,
                        help="seconds to wait after the load for --with-training's training to end")
    parser.add_argument("--home", help="app folder to serve (default: a temporary one with one tiny run)")
    parser.add_argument("--replicas", type=int, default=0,
                        help="serve through scripts/serve.py: N Streamlit processes behind HAProxy (0: one server)")
    parser.add_argument("--kill-replica-after", type=float, default=None,
                        help="with --replicas: kill -9 one replica this many seconds into the load (serve.py restarts it)")
    parser.add_argument("--flood", type=int, default=0,
                        help="N student sessions ask for trainings and draw with no pause, while the teacher "
                             "prepares the demo (MNIST_STUDIO_DEMO_LIMIT digits, 2,000 by default) and draws")
    args = parser.parse_args()
    os.environ["MNIST_STUDIO_TEACHER_KEY"] = TEACHER_KEY  # a class is served with a key (scripts/serve.sh)
    if args.flood:
        os.environ.setdefault("MNIST_STUDIO_DEMO_LIMIT", "2000")
    if args.kill_replica_after is not None and args.replicas < 2:
        parser.error("--kill-replica-after needs --replicas 2 or more")

    temporary = not args.home
    home = Path(tempfile.mkdtemp(prefix="mnist_load_")) if temporary else Path(args.home)
    args.home = str(home)
    try:
        ensure_a_run(home)
        with serving(home, args.replicas) as (url, pids):
            SERVER["pids"] = pids
            how = f"{args.replicas} replicas behind HAProxy" if args.replicas else "one server"
            print(f"app at {url} ({how}), store {home}, {os.cpu_count()} CPU cores, load average "
                  f"{os.getloadavg()[0]:.1f}", flush=True)
            code = asyncio.run(main_async(args, url))
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        return code
    finally:
        if temporary:
            shutil.rmtree(home, ignore_errors=True)


@contextlib.contextmanager
def serving(home, replicas):
    """The app on `home`: one `streamlit run` (replicas 0), or scripts/serve.py's
    replicas behind HAProxy. Yields (URL, pids of the server side)."""
    if not replicas:
        log_dir = Path(tempfile.mkdtemp(prefix="mnist-load-log-"))  # not in the app folder
        with app_server(home, log_dir) as (url, server):
            yield url, [server.pid]
        return
    sys.path.insert(0, str(ROOT / "scripts"))
    import serve

    import threading

    os.environ["MNIST_STUDIO_HOME"] = str(home)
    port, log_dir = free_port(), tempfile.mkdtemp(prefix="mnist-load-serve-")
    processes, url = serve.start(replicas, port, "127.0.0.1", log_dir)
    SERVER["replicas"], SERVER["replica_ports"] = processes[:-1], [port + i for i in range(1, replicas + 1)]
    # the lecture hall's supervisor: a replica that dies is started again
    supervisor = threading.Thread(target=serve.supervise, args=(processes, port, log_dir), daemon=True)
    supervisor.start()
    try:
        yield url, [p.pid for p in processes]
    finally:
        serve.stop(processes)


if __name__ == "__main__":
    sys.exit(main())
