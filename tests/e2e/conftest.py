"""Browser end-to-end fixtures: the real app in a Streamlit server, Debian's Chromium via Playwright.

`app_url` starts `streamlit run streamlit_app.py` on a free port against a
temporary MNIST_STUDIO_HOME that already holds two tiny trained runs
(`e2e_run_id` the better one), so pages that need models have them. `browser` is one headless
Chromium for the session; `page` is a fresh tab (its own context) per test.
Everything waits on conditions the app publishes (`/_stcore/health`,
`data-test-script-state`), never on fixed sleeps; see tests/e2e/helpers.py.
"""
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from serve import healthy  # noqa: E402  (the app's own health check, as scripts/serve.sh waits for it)
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SERVER_START_TIMEOUT_S = 120


def chromium_path():
    """CHROMIUM_PATH, else the chromium on the PATH, else Debian's /usr/bin/chromium."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("Chromium not found: `apt-get install -y chromium` (or set CHROMIUM_PATH)", pytrace=False)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tiny_run_config():
    from core.training import TrainConfig

    return TrainConfig(preset="dense512", epochs=1, train_limit=10_000)


@pytest.fixture(scope="session")
def e2e_home(tmp_path_factory):
    """The app folder the server uses, with two tiny trained runs in it."""
    from tests.helpers import home_with_trained_runs

    from core.training import TrainConfig

    # a second, weaker run, so the Compare page has two runs to draw
    other = TrainConfig(preset="numpy2layer", epochs=2, train_limit=10_000)
    home, _ = home_with_trained_runs(tmp_path_factory, "e2e_studio", [tiny_run_config(), other])
    return home


@pytest.fixture(scope="session")
def e2e_run_id(e2e_home):
    """The id of the tiny run stored in e2e_home (a run id is a hash of its config)."""
    return tiny_run_config().run_id


@contextlib.contextmanager
def app_server(home, log_dir):
    """`streamlit run streamlit_app.py` on a free port with MNIST_STUDIO_HOME=home;
    yields its base URL (no trailing slash) and the server process. The log is
    shown if it fails to start."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = Path(log_dir) / f"streamlit-{port}.log"
    env = {**os.environ, "MNIST_STUDIO_HOME": str(home), "TF_CPP_MIN_LOG_LEVEL": "2"}
    command = [
        sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
    ]
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the app did not start; log:\n{log_path.read_text()[-4000:]}", pytrace=False)
            time.sleep(0.25)  # poll interval
        yield url, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def app_url(e2e_home, tmp_path_factory):
    """Base URL of the running app shared by the browser tests."""
    with app_server(e2e_home, tmp_path_factory.mktemp("e2e_logs")) as (url, _):
        yield url


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory):
    """Where browser tests leave screenshots for a person to look at."""
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh desktop-sized tab with its own cookies and storage."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def phone_page(browser):
    """A fresh phone-sized tab with a touch screen (390x844, like a recent iPhone)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=3,
                                  is_mobile=True, has_touch=True, locale="en-US")
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()


SERVED_KEY = "browser-class-key"


@pytest.fixture
def served(tmp_path, e2e_home):
    """scripts/serve.sh with two replicas and a teacher key, on a copy of the e2e app folder."""
    import signal

    from tests.test_serve import wait_for_start

    home = tmp_path / "home"
    shutil.copytree(e2e_home, home)
    port = free_port()
    env = {**os.environ, "MNIST_STUDIO_HOME": str(home), "MNIST_STUDIO_TEACHER_KEY": SERVED_KEY}
    env.pop("MNIST_STUDIO_PUBLIC_URL", None)
    server = subprocess.Popen(["bash", "scripts/serve.sh", "--replicas", "2", "--port", str(port),
                               "--address", "127.0.0.1"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    wait_for_start(server)
    yield f"http://127.0.0.1:{port}"
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)
