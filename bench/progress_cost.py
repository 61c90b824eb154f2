"""What reporting progress within an epoch costs: the same training with and
without train()'s on_batches callback (which the background job sends to the
page after every chunk of batches, about every 0.3 s).

    python bench/progress_cost.py                         # cnn, 2 epochs on 10,000 digits, 3 rounds
    python bench/progress_cost.py --preset mlp512x256 --limit 60000

Each round trains the config twice in this process, in alternating order, one
without reports (the baseline) and one whose callback records every report as
the background job's child does (a JSON line per chunk). Prints the median and
fastest epoch time of each, their ratio, and how many reports an epoch made.
"""
import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.training import TrainConfig, train  # noqa: E402


def epoch_seconds(config, report):
    """(seconds of each epoch after the first, reports per epoch, seconds spent in the callback per epoch)."""
    lines, spent = [], [0.0]

    def on_batches(epoch, done, total, loss, accuracy):
        start = time.perf_counter()
        lines.append(json.dumps({"batch": {"epoch": epoch, "done": done, "total": total, "loss": loss,
                                           "accuracy": accuracy}}))
        spent[0] += time.perf_counter() - start

    run = train(config, on_batches=on_batches if report else None)
    seconds = list(run.history["seconds"][1:])  # the first epoch also compiles
    return seconds, len(lines) / len(run.history), spent[0] / len(run.history)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--preset", default="cnn")
    p.add_argument("--limit", type=int, default=10_000, help="training digits")
    p.add_argument("--epochs", type=int, default=3, help="per training; the first is not counted")
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    config = TrainConfig(preset=args.preset, epochs=args.epochs, train_limit=args.limit)
    timed = {False: [], True: []}
    reports, callback = [], []
    for r in range(args.rounds):
        for report in ((False, True) if r % 2 == 0 else (True, False)):
            seconds, per_epoch, in_callback = epoch_seconds(config, report)
            timed[report] += seconds
            if report:
                reports.append(per_epoch)
                callback.append(in_callback)
            print(f"round {r + 1}: {'with' if report else 'without'} reports: "
                  + ", ".join(f"{s:.2f}" for s in seconds) + " s per epoch", flush=True)
    without, with_reports = (statistics.median(timed[k]) for k in (False, True))
    print(f"{args.preset} on {config.normalized().train_size:,} digits, batch {config.normalized().batch_size}:")
    print(f"  without reports: median {without:.2f} s per epoch, fastest {min(timed[False]):.2f} s")
    print(f"  with reports:    median {with_reports:.2f} s per epoch, fastest {min(timed[True]):.2f} s, "
          f"{statistics.median(reports):.0f} reports per epoch")
    print(f"  ratio with / without: median {with_reports / without:.3f}, fastest "
          f"{min(timed[True]) / min(timed[False]):.3f} (budget 1.03)")
    spent = statistics.median(callback)
    print(f"  time in the callback: {spent * 1000:.2f} ms per epoch = {spent / without:.5f} of an epoch "
          f"(what the reports cost however noisy the machine)")


if __name__ == "__main__":
    main()
