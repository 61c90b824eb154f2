"""How fast a stored run opens, and how fast the compare page renders two runs.

open cold: RunStore.load (history, metrics, test probabilities) as the first
           load of a fresh interpreter (imports not counted), one process per repeat;
open warm: the same load repeated in one process;
compare warm: the compare page for two runs rendered again by the same AppTest
           (the whole app script, as a browser rerun does);
compare a new pair: the same AppTest switched to pairs it has not shown yet.
Budgets (DESIGN.md, issue 5): 0.5 s to open a run, 1 s for a comparison.

The store is MNIST_STUDIO_HOME's; without it (or with no run in it) a temporary
store is filled with a 50-epoch numpy2layer run and a 50-epoch mlp512x256 run
(with an epoch-10 snapshot), both on 2,000 training digits.
Usage: python bench/open_run.py [--repeats 5]
"""
import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.choices import choosable, default_comparison  # noqa: E402
from core.runs import RunStore  # noqa: E402
from core.status import COMPLETE  # noqa: E402
from core.training import TrainConfig  # noqa: E402

OPEN_BUDGET, COMPARE_BUDGET = 0.5, 1.0
COLD = (
    "import sys, time; sys.path.insert(0, {root!r});"
    "from core.runs import RunStore; store = RunStore();"
    "t = time.perf_counter(); store.load({run_id!r}); print(time.perf_counter() - t)"
)
FILL = [
    TrainConfig(preset="numpy2layer", epochs=50, train_limit=2000),
    TrainConfig(preset="mlp512x256", epochs=50, train_limit=2000, snapshot_epochs=(10,)),
]


def fill(store):
    for config in FILL:
        started = time.perf_counter()
        run = store.get_or_train(config)
        print(f"  trained {config.preset} {config.epochs} epochs on {config.train_limit} digits: "
              f"{time.perf_counter() - started:.0f} s, test accuracy {run.test_accuracy:.2%}")


def longest_run(runs):
    """The complete stored run (not a snapshot) with the most epochs, preferring full data."""
    whole = runs[(runs["snapshot_of"] == "") & (runs["status"] == COMPLETE)]
    whole = whole.assign(full=whole["train_limit"].isna())
    return whole.sort_values(["epoch", "full", "test_accuracy"], ascending=False).iloc[0]


def report(name, seconds, budget):
    median = statistics.median(seconds)
    print(f"{name}: median {median:.3f} s, fastest {min(seconds):.3f} s "
          f"(budget {budget} s: median is {median / budget:.2f}x the budget)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    temporary = None
    if not os.environ.get("MNIST_STUDIO_HOME"):
        temporary = tempfile.TemporaryDirectory()
        os.environ["MNIST_STUDIO_HOME"] = temporary.name
    store = RunStore()
    print(f"run store: {store.root}")
    runs = store.list()
    if not len(runs):
        print("  empty: filling it")
        fill(store)
        runs = store.list()

    row = longest_run(runs)
    run_id = row["run_id"]
    print(f"open: {run_id} ({row['preset']}, {row['epoch']} epochs, "
          f"train_limit {row['train_limit']}, {row['test_accuracy']:.2%})")
    cold = []
    for _ in range(args.repeats):
        out = subprocess.run([sys.executable, "-c", COLD.format(root=str(ROOT), run_id=run_id)],
                             capture_output=True, text=True, check=True, env=dict(os.environ))
        cold.append(float(out.stdout.split()[-1]))
    warm = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        store.load(run_id)
        warm.append(time.perf_counter() - started)
    report("open cold (first load in a new process)", cold, OPEN_BUDGET)
    report("open warm (same process)", warm, OPEN_BUDGET)

    pair = default_comparison(runs)
    if len(pair) < 2:
        print("compare: fewer than two runs stored, skipped")
        return
    from tests.helpers import open_page

    print(f"compare: {', '.join(pair)}")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    started = time.perf_counter()
    at = open_page("pages/compare.py", timeout=300)  # its default comparison is `pair`
    first = time.perf_counter() - started
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="compare_runs").value == pair and len(at.metric) == 2
    seconds = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        at.run()
        seconds.append(time.perf_counter() - started)
    assert not at.exception, [e.value for e in at.exception]
    print(f"compare first render (app start, data load, caches empty): {first:.2f} s")
    report("compare warm (rerun of the same AppTest)", seconds, COMPARE_BUDGET)

    # A pair not shown yet: the runs are loaded, but its comparison and charts are built anew.
    new_pairs = [list(p) for p in itertools.permutations(choosable(runs), 2) if list(p) != pair]
    seconds = []
    for new_pair in new_pairs[:args.repeats]:
        started = time.perf_counter()
        at.multiselect(key="compare_runs").set_value(new_pair).run()
        seconds.append(time.perf_counter() - started)
        assert not at.exception and len(at.metric) == 2, [e.value for e in at.exception]
    if seconds:
        report(f"compare a new pair ({len(seconds)} pairs, charts not cached)", seconds, COMPARE_BUDGET)


if __name__ == "__main__":
    main()
