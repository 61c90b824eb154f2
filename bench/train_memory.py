"""Memory over many trainings in one process (the app trains again and again).

    python bench/train_memory.py            # 10 x dense512, 1 epoch on 5,000 digits
    python bench/train_memory.py --runs 20 --limit 2000

Prints the resident memory (VmRSS from /proc/self/status) after each
training, and the growth from the first to the last and over the second half,
where a leak would keep climbing and a bounded process levels off.
"""
import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.training import TrainConfig, train  # noqa: E402


def rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--preset", default="dense512")
    p.add_argument("--limit", type=int, default=5000, help="training digits per run")
    args = p.parse_args()

    print(f"before any training: {rss_mib():.0f} MiB")
    after = []
    for i in range(args.runs):
        # a new seed each time: every training builds a new model, as the app does
        run = train(TrainConfig(preset=args.preset, epochs=1, train_limit=args.limit, seed=i))
        after.append(rss_mib())
        print(f"training {i + 1:>2}: test accuracy {run.test_accuracy:.2%}   RSS {after[-1]:.0f} MiB", flush=True)
        del run
    half = len(after) // 2
    print(f"growth first -> last: {after[-1] - after[0]:+.0f} MiB "
          f"({(after[-1] - after[0]) / max(len(after) - 1, 1):+.1f} MiB per training)")
    print(f"growth over the second half ({half + 1} -> {len(after)}): {after[-1] - after[half]:+.0f} MiB; "
          f"peak {max(after):.0f} MiB")


if __name__ == "__main__":
    main()
