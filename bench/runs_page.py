"""How fast a stored 50-epoch run renders, warm, on the runs page and as the
training page's result view (curves, confusion matrix, per-class accuracy,
digit grids), against the home page rendered by the same AppTest as a baseline.

Each figure is one whole script run of the app (what a browser rerun costs
server-side), repeated; the first run of each page (imports, cold caches) is
not counted. Budget (issue 5): under 1 s warm.

The store is MNIST_STUDIO_HOME's when it holds a complete 50-epoch run; else a
temporary store gets a 50-epoch numpy2layer run on 2,000 training digits.
Usage: python bench/runs_page.py [--repeats 7]
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.runs import RunStore  # noqa: E402
from core.training import TrainConfig  # noqa: E402
from tests.helpers import open_page  # noqa: E402

BUDGET = 1.0


def fifty_epoch_run():
    runs = RunStore().list()
    if len(runs):
        done = runs[(runs.status == "complete") & (runs.epoch == 50)]
        if len(done):
            return done.run_id.iloc[0]
    home = tempfile.mkdtemp(prefix="bench_runs_page_")
    os.environ["MNIST_STUDIO_HOME"] = home
    print(f"no 50-epoch run in the store: training one into {home}")
    return RunStore().get_or_train(TrainConfig(preset="numpy2layer", epochs=50, train_limit=2000)).run_id


def timed_reruns(at, repeats, shows_run=True):
    seconds = []
    for _ in range(repeats):
        at.session_state["lang"] = "en"  # AppTest drops the sidebar's language radio after switch_page
        start = time.perf_counter()
        at.run()
        seconds.append(time.perf_counter() - start)
        assert not at.exception, [e.value for e in at.exception]
        assert not shows_run or any(m.label == "Test accuracy" for m in at.metric), "the run is not shown"
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    run_id = fifty_epoch_run()
    print(f"run {run_id} in {RunStore().root}")

    home = open_page("pages/home.py", timeout=120)
    runs_page = open_page("pages/runs.py", timeout=120)
    runs_page.selectbox(key="runs_chosen").set_value(run_id)
    train_page = open_page("pages/train.py", timeout=120)
    train_page.session_state["train_view"] = {"run_id": run_id, "how": "store"}
    results = {}
    for name, at in (("home page (baseline)", home), ("runs page, run open", runs_page),
                     ("train page, stored run", train_page)):
        shows_run = at is not home
        timed_reruns(at, 1, shows_run)  # warm up: caches, Plotly, the run's files
        results[name] = timed_reruns(at, args.repeats, shows_run)
    baseline = statistics.median(results["home page (baseline)"])
    for name, seconds in results.items():
        median = statistics.median(seconds)
        print(f"{name:26s} median {median:.3f} s  fastest {min(seconds):.3f} s  "
              f"ratio to baseline {median / baseline:.2f}  ({len(seconds)} repeats)")
    worst = max(statistics.median(s) for n, s in results.items() if "baseline" not in n)
    print(f"budget {BUDGET:.1f} s warm: {'met' if worst < BUDGET else 'MISSED'} (slowest median {worst:.3f} s)")


if __name__ == "__main__":
    main()
