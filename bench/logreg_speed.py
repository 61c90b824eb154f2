"""Time of the activations page's default logistic regression (0 vs 1, lr 0.5, 100 steps).

Measured: core.logreg.train_digit_pair with the data already in memory (the page has it cached),
so the time covers picking the two digits' images, 100 full-batch gradient steps and the test scores.
Baseline, same run: the same gradient descent written plainly with `@` on all 784 pixels.
Prints the median and fastest of the repeats and their ratio to the 3 s budget, and the median
CPU time: on a shared, busy machine that is the better guess of the wall time on an idle one
(core.logreg runs on one thread; the baseline's BLAS may use several).
Usage: python bench/logreg_speed.py [--repeats 5]
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core import logreg  # noqa: E402
from core.activations import sigmoid  # noqa: E402
from core.data import load_mnist  # noqa: E402

BUDGET_S = 3.0


def plain_gradient_descent(data, a=0, b=1, learning_rate=logreg.DEFAULT_LEARNING_RATE, steps=logreg.DEFAULT_STEPS):
    (x_train, y_train), (x_test, y_test) = data
    x, t = logreg.digit_pair(x_train, y_train, a, b)
    xt, tt = logreg.digit_pair(x_test, y_test, a, b)
    w, bias = np.zeros(784, dtype=np.float32), 0.0
    for _ in range(steps):
        z = x @ w + bias
        logreg.binary_cross_entropy(z, t), logreg.accuracy(xt @ w + bias, tt)
        error = (sigmoid(z) - t).astype(np.float32)
        w -= learning_rate * (x.T @ error) / len(t)
        bias -= learning_rate * float(error.mean())
    return logreg.accuracy(xt @ w + bias, tt)


def timed(fn, repeats):
    seconds, cpu_seconds = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = fn()
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
    return (seconds, cpu_seconds), result


def report(label, times):
    seconds, cpu_seconds = times
    median, fastest = statistics.median(seconds), min(seconds)
    print(f"{label}: median {median:.3f} s, fastest {fastest:.3f} s, "
          f"median / {BUDGET_S:.0f} s budget = {median / BUDGET_S:.2f}; "
          f"median CPU time {statistics.median(cpu_seconds):.3f} s")
    return median


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    data = load_mnist()
    print(f"{os.cpu_count()} CPUs, load average before: {os.getloadavg()[0]:.2f}")
    engine, result = timed(lambda: logreg.train_digit_pair(data=data), args.repeats)
    baseline, baseline_accuracy = timed(lambda: plain_gradient_descent(data), args.repeats)
    print(f"default 0 vs 1: test accuracy {result.test_accuracy:.2%} (plain baseline {baseline_accuracy:.2%})")
    engine_median = report("core.logreg.train_digit_pair", engine)
    baseline_median = report("plain @ baseline", baseline)
    print(f"baseline / core.logreg (median): {baseline_median / engine_median:.2f}x")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
