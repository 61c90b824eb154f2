"""Several app processes behind HAProxy (scripts/serve.sh): one port, sticky
sessions, one shared app folder. Sessions speak Streamlit's websocket protocol
through the proxy, as browsers do (bench/load.py's Session)."""
import asyncio
import concurrent.futures
import os
import signal
import subprocess
import time
import urllib.request

import pytest

from bench.load import Session, widget
from core.experiments import LIMIT_ENV, demo_configs
from tests.e2e.conftest import free_port
from tests.helpers import ROOT

pytestmark = pytest.mark.slow
LIMIT = 300  # the tiny demo pack: six runs of a few seconds each
COOKIE = "mnist_replica"
KEY = "served-class-key"


def wait_for_start(server):
    """serve.py's terminal up to the line it prints once every part answers."""
    said = []
    while not said or "replicas behind HAProxy" not in said[-1]:
        said.append(server.stdout.readline())
        assert said[-1], said  # it ended before that line
    return said


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """Two replicas behind HAProxy on one port, sharing one empty app folder."""
    home = tmp_path_factory.mktemp("served_home")
    port = free_port()
    env = {**os.environ, "MNIST_STUDIO_HOME": str(home), LIMIT_ENV: str(LIMIT), "MNIST_STUDIO_TEACHER_KEY": KEY}
    server = subprocess.Popen(["bash", "scripts/serve.sh", "--replicas", "2", "--port", str(port),
                               "--address", "127.0.0.1"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    said = wait_for_start(server)
    assert KEY not in "".join(said)  # the teacher chose it: it is not printed
    yield f"http://127.0.0.1:{port}", home
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)


def run(coroutine):
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an event loop in this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def get(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": f"{COOKIE}={cookie}"} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers["X-Replica"], response.headers.get("Set-Cookie", "")


def test_both_replicas_answer_through_one_port_and_a_browser_stays_on_its_own(proxy):
    url, _ = proxy
    served = {get(url)[0] for _ in range(10)}
    assert served == {"r1", "r2"}
    replica, cookie = get(url)
    assert cookie.startswith(f"{COOKIE}={replica}")
    assert {get(url, replica)[0] for _ in range(10)} == {replica}  # the cookie keeps it there

    async def websocket_replica(cookie):
        session = Session(url, "", headers={"Cookie": f"{COOKIE}={cookie}"})
        elements, _ = await session.open()
        assert any(e.WhichOneof("type") == "heading" for e in elements)  # the home page ran
        served_by = session.ws.response.headers["X-Replica"]
        await session.close()
        return served_by

    assert run(websocket_replica("r1")) == "r1"
    assert run(websocket_replica("r2")) == "r2"


def texts(elements):
    return " ".join(e.alert.body for e in elements if e.WhichOneof("type") == "alert")


async def press_demo_button(session):
    await session.open()
    elements, _ = await session.sign_in(KEY)  # only the teacher prepares the demo
    [button] = [e.button.id for e in elements
                if e.WhichOneof("type") == "button" and e.button.label.startswith("Prepare the class demo")]
    await session.rerun([widget(button, trigger_value=True)])


def test_one_training_asked_through_both_replicas_is_stored_once_and_both_see_it(proxy):
    url, home = proxy
    runs = home / "runs"
    ids = [c.run_id for c in demo_configs(LIMIT)]
    sessions = [Session(url, "", headers={"Cookie": f"{COOKIE}={replica}"}) for replica in ("r1", "r2")]

    async def both_press():
        await asyncio.gather(*(press_demo_button(s) for s in sessions))
        await asyncio.gather(*(s.close() for s in sessions))

    def look(written):
        for run_id in ids:
            try:
                written[run_id].add((runs / run_id / "metrics.json").stat().st_ino)
            except FileNotFoundError:
                pass

    run(both_press())
    # Watch the store while both replicas train the same six configs: every run folder
    # must be written once (a second training would replace it: a new metrics.json file).
    written = {run_id: set() for run_id in ids}
    deadline = time.monotonic() + 600
    while not all(written.values()):
        look(written)
        assert time.monotonic() < deadline, written
        time.sleep(0.05)
    for _ in range(100):  # the other replica's job goes on meanwhile: it reads what this one stored
        look(written)
        time.sleep(0.05)
    assert all(len(inodes) == 1 for inodes in written.values()), written

    async def home_page(replica):
        session = Session(url, "", headers={"Cookie": f"{COOKIE}={replica}"})
        elements, _ = await session.open()
        await session.close()
        return texts(elements)

    for replica in ("r1", "r2"):  # each replica's cached run list refreshes within a few seconds
        deadline = time.monotonic() + 30
        while "All 6 demo runs are ready." not in (shown := run(home_page(replica))):
            assert time.monotonic() < deadline, (replica, shown)
            time.sleep(0.5)


@pytest.fixture
def own_proxy(tmp_path):
    """Two replicas behind HAProxy of their own (this test kills one), and serve.py's terminal."""
    port = free_port()
    env = {**os.environ, "MNIST_STUDIO_HOME": str(tmp_path / "home")}
    env.pop("MNIST_STUDIO_TEACHER_KEY", None)
    server = subprocess.Popen(["bash", "scripts/serve.sh", "--replicas", "2", "--port", str(port),
                               "--address", "127.0.0.1"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    said = wait_for_start(server)
    assert "Teacher key for this lesson: " in said[0], said  # none was set: serve.py made one for the teacher
    yield f"http://127.0.0.1:{port}", port, server
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)


def replica_pid(port):
    out = subprocess.run(["pgrep", "-f", "--", f"--server.port {port} "], capture_output=True, text=True)
    [pid] = [int(p) for p in out.stdout.split()]
    return pid


def test_a_killed_replica_leaves_the_others_serving_and_is_started_again(own_proxy):
    url, port, server = own_proxy
    os.kill(replica_pid(port + 1), signal.SIGKILL)  # r1, as a crash or the kernel's OOM killer would
    assert run(websocket_replica(url, "r1")) == "r2"  # a tab opened now, even with r1's cookie, runs on r2
    # The URL keeps answering: every request from now on is served, by r2 while r1 is down.
    served, deadline = [], time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            served.append(get(url, "r1")[0])  # a browser that was on r1 is sent to a live replica
        except OSError as e:
            served.append(str(e))
        time.sleep(0.2)
    assert set(served) <= {"r1", "r2"}, served  # not one request failed
    assert served[:3] == ["r2"] * 3, served  # r2 took them at once; r1 may be back before the 10 s end

    said = [server.stdout.readline() for _ in range(2)]  # the terminal says what happened
    assert "replica r1" in said[0] and "stopped" in said[0] and "starting it again" in said[0], said
    assert "replica r1" in said[1] and "is back" in said[1], said
    served = set()
    deadline = time.monotonic() + 30
    while served != {"r1", "r2"} and time.monotonic() < deadline:  # the proxy sends sessions to it again
        served.add(get(url)[0])
    assert served == {"r1", "r2"}
    assert run(websocket_replica(url, "r1")) == "r1"


async def websocket_replica(url, cookie):
    """Which replica a new websocket session (a browser tab opening the app) runs on."""
    session = Session(url, "", headers={"Cookie": f"{COOKIE}={cookie}"} if cookie else {})
    elements, _ = await session.open()
    assert any(e.WhichOneof("type") == "heading" for e in elements)  # the home page ran
    served_by = session.ws.response.headers["X-Replica"]
    await session.close()
    return served_by
