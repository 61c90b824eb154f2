"""How long the four "inside the network" views take for one drawing, server side.

For the cnn and mlp512x256 presets: load the run and warm up (the first call
of each view loads the model, traces its graphs and fits the embedding's PCA
on 2,000 test digits), then time core.inside's activations, saliency,
first_layer and embedding on one real test digit, REPEATS times. Prints the
median and fastest ms per view and for all four together, against the 150 ms
target, with the run's predictor on the same digit as a baseline measured in
the same run. Also: how many layer outputs the run has, and the saliency map's
mean on ink pixels (> 0.1) over its mean on background, averaged over 50 test
digits, and a deletion check: erasing the most salient ink pixels should hurt
the answer more than erasing as many at random.

    python bench/inside_latency.py                    # small runs trained (or reused) in a temp folder
    python bench/inside_latency.py --home ~/.mnist_studio   # the app folder's best run of each preset
"""
import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from core import inside  # noqa: E402
from core.data import load_mnist  # noqa: E402
from core.runs import RunStore  # noqa: E402
from core.training import TrainConfig  # noqa: E402

PRESETS = ("cnn", "mlp512x256")
TARGET_MS = 150.0
REPEATS = 30
RATIO_DIGITS = 50
# latency does not depend on how well a net is trained; the saliency ratio a little
SMALL_RUNS = {preset: TrainConfig(preset=preset, epochs=1, train_limit=2000) for preset in PRESETS}
VIEWS = ("activations", "saliency", "first_layer", "embedding")


def best_run(store, preset):
    runs = store.list()
    runs = runs[(runs["preset"] == preset) & (runs["snapshot_of"].fillna("") == "")
                & (runs["status"] == "complete")]
    if runs.empty:
        return None
    return runs.sort_values("test_accuracy", ascending=False).iloc[0]


def views(store, run_id, image):
    return {
        "activations": lambda: inside.activations(store, run_id, image),
        "saliency": lambda: inside.saliency(store, run_id, image),
        "first_layer": lambda: inside.first_layer(store, run_id),
        "embedding": lambda: inside.embedding(store, run_id, image[None]),
    }


def saliency_checks(store, run_id, images, seed=0):
    """Mean saliency on ink over mean on background (both averaged over the
    digits), the lowest one-digit ratio, and how much the predicted class's
    probability drops when the 10 % most salient ink pixels are erased, next
    to erasing 10 % of the ink at random (the baseline)."""
    predict = store.predictor(run_id)
    rng = np.random.default_rng(seed)
    ink_means, background_means, ratios, salient_drops, random_drops = [], [], [], [], []
    for image in images:
        heat = inside.saliency(store, run_id, image)
        ink = image > 0.1
        ink_means.append(heat[ink].mean())
        background_means.append(heat[~ink].mean())
        ratios.append(ink_means[-1] / max(background_means[-1], 1e-12))
        probs = predict(image[None])[0]
        digit = probs.argmax()
        pixels = np.flatnonzero(ink.ravel())
        k = len(pixels) // 10
        for chosen, drops in ((pixels[np.argsort(-heat.ravel()[pixels])[:k]], salient_drops),
                              (rng.choice(pixels, k, replace=False), random_drops)):
            erased = image.ravel().copy()
            erased[chosen] = 0.0
            drops.append(probs[digit] - predict(erased.reshape(1, 28, 28))[0][digit])
    return (float(np.mean(ink_means) / np.mean(background_means)), float(np.min(ratios)),
            float(np.mean(salient_drops)), float(np.mean(random_drops)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path,
                        help="an app folder (MNIST_STUDIO_HOME) whose runs/ holds real runs; "
                             "default: train small runs in a temp folder")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--digit", type=int, default=0, help="which test digit to time (default 0)")
    args = parser.parse_args()

    (_, _), (x_test, y_test) = load_mnist()
    images = x_test.astype(np.float32) / 255.0
    image = images[args.digit]

    temp_store = None
    if args.home is not None:
        store = RunStore(args.home / "runs")
        chosen = {}
        for preset in PRESETS:
            row = best_run(store, preset)
            if row is None:
                print(f"{preset}: no complete run in {store.root}, skipped")
            else:
                chosen[preset] = (row.run_id, row.test_accuracy)
    else:
        store = temp_store = RunStore(Path(tempfile.mkdtemp(prefix="inside_latency_")))
        print(f"Training small runs (1 epoch, 2,000 digits) in {store.root}")
        chosen = {}
        for preset, config in SMALL_RUNS.items():
            run = store.get_or_train(config)
            chosen[preset] = (run.run_id, run.test_accuracy)

    print(f"\ntest digit {args.digit} (a {y_test[args.digit]}), {args.repeats} repeats after warm-up; "
          f"target: all four views < {TARGET_MS:.0f} ms\n")
    header = f"{'preset':<11} {'run':<11} {'view':<12} {'median ms':>9} {'fastest ms':>10}"
    print(header)
    print("-" * len(header))
    for preset, (run_id, accuracy) in chosen.items():
        funcs = views(store, run_id, image)
        warm = {}
        for name, f in funcs.items():
            t0 = time.perf_counter()
            f()
            warm[name] = time.perf_counter() - t0
        predict = store.predictor(run_id)
        predict(image[None])

        times = {name: [] for name in (*VIEWS, "all four", "predictor")}
        for _ in range(args.repeats):
            start = time.perf_counter()
            for name, f in funcs.items():
                t0 = time.perf_counter()
                f()
                times[name].append((time.perf_counter() - t0) * 1000)
            times["all four"].append((time.perf_counter() - start) * 1000)
            t0 = time.perf_counter()
            predict(image[None])
            times["predictor"].append((time.perf_counter() - t0) * 1000)
        for name, ms in times.items():
            print(f"{preset:<11} {run_id:<11} {name:<12} {np.median(ms):>9.2f} {np.min(ms):>10.2f}")
        total, base = np.median(times["all four"]), np.median(times["predictor"])
        verdict = "within" if total < TARGET_MS else "OVER"
        n_layers = len(inside.activations(store, run_id, image))
        ratio, lowest, salient_drop, random_drop = saliency_checks(store, run_id, images[:RATIO_DIGITS])
        print(f"{'':<23} all four / target = {total / TARGET_MS:.2f} ({verdict}); "
              f"all four / predictor = {total / base:.1f}x")
        print(f"{'':<23} first calls (load, trace, PCA of {inside.REFERENCE_DIGITS} digits): "
              + ", ".join(f"{name} {s:.2f} s" for name, s in warm.items()))
        print(f"{'':<23} test accuracy {accuracy:.4f}; {n_layers} layer outputs")
        print(f"{'':<23} saliency over {RATIO_DIGITS} test digits: ink / background {ratio:.1f} "
              f"(lowest one digit {lowest:.1f}); erasing the 10 % most salient ink drops the answer's "
              f"probability by {salient_drop:.3f}, 10 % at random by {random_drop:.3f}\n")
    if temp_store is not None:
        shutil.rmtree(temp_store.root, ignore_errors=True)


if __name__ == "__main__":
    main()
