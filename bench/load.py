"""A class of students drawing at once: concurrent browser sessions on the sketch page.

Starts the app (`streamlit run`, headless, a free port) on a run store that
holds at least one run, then drives Debian's Chromium through Playwright:
first one session alone (the baseline), then N sessions at once, each in its
own browser context, drawing digits with the mouse for a bounded time. For
every drawing it measures the time from the end of the stroke (mouse up) to
the prediction shown on the page, and counts answered and failed drawings
(no prediction within --answer-timeout, or an exception shown).

    python bench/load.py                      # 10 sessions x 60 s, temporary store with one tiny run
    python bench/load.py --with-training      # ... while the home page's demo button trains in the server
    python bench/load.py --home /work/studio_home --sessions 5 --seconds 30
      (with --home and --with-training, the demo runs are trained into that store)

Each session loops: draw a digit, wait for the prediction, press Clear, wait
for the fresh canvas. Prints per phase: answered, failed, p50 / p95 / min /
max latency, drawings per second, and the N-session p50 over the baseline's.
"""
import argparse
import asyncio
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from tests.e2e.conftest import CHROMIUM_ARGS, app_server, chromium_path, tiny_run_config  # noqa: E402
from tests.e2e.helpers import CANVAS  # noqa: E402

LOAD_TIMEOUT_MS = 180_000  # a fresh page on a busy 2-core machine
PREDICTION = "[data-testid=stMetric]:has-text('Prediction')"
DRAW_PROMPT = "text=Draw a digit in the black square"

# Single-stroke digits in the 280x280 canvas's pixels (each stroke end reruns the page).
DIGITS = {
    "0": [(140 + 60 * math.sin(a * math.pi / 5), 145 - 95 * math.cos(a * math.pi / 5)) for a in range(11)],
    "1": [(140, 40), (140, 250)],
    "2": [(80, 80), (140, 40), (200, 80), (90, 240), (210, 240)],
    "3": [(80, 50), (200, 60), (130, 140), (210, 200), (90, 250)],
    "7": [(80, 50), (200, 50), (130, 250)],
    "L": [(100, 40), (100, 240), (200, 240)],
}


def ensure_a_run(home):
    """At least one stored run in home (a tiny dense512 if there is none)."""
    from core.runs import RunStore

    store = RunStore(Path(home) / "runs")
    if store.list().empty:
        print("training one tiny run (dense512, 1 epoch, 10,000 digits) for the app to use ...", flush=True)
        store.get_or_train(tiny_run_config())
    return store


async def wait_for_app(page, timeout=LOAD_TIMEOUT_MS):
    await page.locator("[data-testid=stApp][data-test-connection-state=CONNECTED]").wait_for(
        state="attached", timeout=timeout)
    await page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(
        state="attached", timeout=timeout)


async def draw(page, points, rng):
    target = page.locator(CANVAS).first
    await target.wait_for(state="visible")
    box = await target.bounding_box()
    dx, dy, scale = rng.uniform(-20, 20), rng.uniform(-15, 15), rng.uniform(0.8, 1.05)
    xy = [(box["x"] + 140 + (x - 140) * scale + dx, box["y"] + 145 + (y - 145) * scale + dy) for x, y in points]
    await page.mouse.move(*xy[0])
    await page.mouse.down()
    for x, y in xy[1:]:
        await page.mouse.move(x, y, steps=5)
    await page.mouse.up()


async def clear(page):
    old = await page.locator(CANVAS).first.element_handle()
    await page.get_by_role("button", name="Clear", exact=True).click()
    await page.wait_for_function("el => !el.isConnected", arg=old)  # the fresh canvas replaces it
    await page.locator(CANVAS).first.wait_for(state="visible")
    await page.locator(PREDICTION).first.wait_for(state="detached")
    await wait_for_app(page)  # the fresh canvas is mounted once the rerun has finished


async def student(browser, url, seconds, answer_timeout, seed, results, ready, go):
    """One browser session: open the sketch page, then draw until time is up."""
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(LOAD_TIMEOUT_MS)
    page = await context.new_page()
    try:
        await page.goto(f"{url}/sketch")
        await wait_for_app(page)
        await page.locator(CANVAS).first.wait_for(state="visible")
    except Exception as e:
        results["failed_to_open"] += 1
        print(f"  session {seed}: the page did not open: {type(e).__name__}: {str(e).splitlines()[0]}")
        ready.release()
        await context.close()
        return
    ready.release()
    await go.wait()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        await draw(page, DIGITS[rng.choice(list(DIGITS))], rng)
        stroke_end = time.perf_counter()
        try:
            await page.locator(PREDICTION).first.wait_for(state="visible", timeout=answer_timeout * 1000)
            results["latencies"].append(time.perf_counter() - stroke_end)
        except Exception:
            results["failed"] += 1
            idle = await page.locator("[data-testid=stApp][data-test-script-state=notRunning]").count()
            results["lost" if idle and await page.locator(DRAW_PROMPT).count() else "slow"] += 1
        if await page.get_by_test_id("stException").count():
            results["exceptions"] += 1
        try:
            await clear(page)
        except Exception:  # start afresh, like a student pressing reload
            results["reloads"] += 1
            await page.reload()
            await wait_for_app(page)
    await context.close()


async def warm_up(browser, url):
    """One uncounted drawing: the server's first prediction imports TensorFlow and loads the model."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(LOAD_TIMEOUT_MS)
    page = await context.new_page()
    await page.goto(f"{url}/sketch")
    await wait_for_app(page)
    started = time.perf_counter()
    await draw(page, DIGITS["7"], random.Random(0))
    await page.locator(PREDICTION).first.wait_for(state="visible")
    print(f"  warm-up: first prediction of this server in {time.perf_counter() - started:.1f} s", flush=True)
    await context.close()


async def start_training(browser, url):
    """Press the home page's "Prepare the class demo": a training in the server process."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(LOAD_TIMEOUT_MS)
    page = await context.new_page()
    await page.goto(url)
    await wait_for_app(page)
    button = page.get_by_role("button", name="Prepare the class demo")
    await button.click()
    await page.get_by_test_id("stProgress").first.wait_for(state="visible")
    return page


async def training_state(page):
    bar = page.get_by_test_id("stProgress").first
    return (await bar.inner_text()).strip() if await bar.count() else "(no progress bar: finished or stopped)"


async def phase(browser, url, sessions, seconds, answer_timeout, seed):
    results = {"latencies": [], "failed": 0, "lost": 0, "slow": 0, "exceptions": 0, "reloads": 0,
               "failed_to_open": 0}
    ready, go = asyncio.Semaphore(0), asyncio.Event()
    tasks = [asyncio.create_task(student(browser, url, seconds, answer_timeout, seed + i, results, ready, go))
             for i in range(sessions)]
    opened = time.perf_counter()
    for _ in range(sessions):
        await ready.acquire()
    print(f"  {sessions} session(s) opened the sketch page in {time.perf_counter() - opened:.1f} s", flush=True)
    started, cpu = time.perf_counter(), server_cpu_seconds()
    go.set()
    await asyncio.gather(*tasks)
    results["wall"] = time.perf_counter() - started
    results["server_cpu"] = server_cpu_seconds() - cpu
    return results


SERVER = {}


def server_cpu_seconds():
    """CPU time (user + system) the app's server process has used so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{SERVER['pid']}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (KeyError, OSError, IndexError, ValueError):
        return float("nan")


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def report(name, sessions, r):
    lat = [v * 1000 for v in r["latencies"]]
    print(f"{name}: {sessions} session(s), {r['wall']:.0f} s: answered {len(lat)}, failed {r['failed']}, "
          f"exceptions shown {r['exceptions']}, reloads {r['reloads']}, pages that did not open "
          f"{r['failed_to_open']}", flush=True)
    print(f"  failed = {r['slow']} still running after the timeout + {r['lost']} strokes the page never got; "
          f"server CPU {r['server_cpu']:.0f} s in {r['wall']:.0f} s", flush=True)
    if lat:
        print(f"  stroke end -> prediction shown: p50 {statistics.median(lat):.0f} ms, p95 {percentile(lat, 95):.0f} ms, "
              f"min {min(lat):.0f} ms, max {max(lat):.0f} ms; {len(lat) / r['wall']:.2f} drawings answered per s",
              flush=True)


async def main_async(args, url):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        trainer = None
        if args.with_training:
            trainer = await start_training(browser, url)
            print(f"training in the server: {await training_state(trainer)}", flush=True)
        await warm_up(browser, url)
        baseline = await phase(browser, url, 1, args.baseline_seconds, args.answer_timeout, seed=1000)
        report("baseline", 1, baseline)
        loaded = await phase(browser, url, args.sessions, args.seconds, args.answer_timeout, seed=0)
        report("load", args.sessions, loaded)
        if baseline["latencies"] and loaded["latencies"]:
            ratio = statistics.median(loaded["latencies"]) / statistics.median(baseline["latencies"])
            print(f"p50 with {args.sessions} sessions / p50 alone: {ratio:.1f}x")
        if trainer is not None:
            print(f"training in the server at the end: {await training_state(trainer)}", flush=True)
            stop = trainer.get_by_role("button", name="Stop")
            if await stop.count():
                await stop.click()
        await browser.close()
        return 0 if not (loaded["failed"] or loaded["exceptions"] or loaded["failed_to_open"]) else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0, help="drawing time per session")
    parser.add_argument("--baseline-seconds", type=float, default=20.0, help="drawing time of the lone session")
    parser.add_argument("--answer-timeout", type=float, default=30.0, help="seconds before a drawing counts as failed")
    parser.add_argument("--with-training", action="store_true",
                        help="press the home page's 'Prepare the class demo' first: a training in the server")
    parser.add_argument("--home", help="app folder to serve (default: a temporary one with one tiny run)")
    args = parser.parse_args()

    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="mnist_load_"))
    try:
        ensure_a_run(home)
        with app_server(home, home) as (url, server):
            SERVER["pid"] = server.pid
            print(f"app at {url}, store {home}, {os.cpu_count()} CPU cores, load average "
                  f"{os.getloadavg()[0]:.1f}", flush=True)
            code = asyncio.run(main_async(args, url))
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        return code
    finally:
        if not args.home:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
