"""How long the sketch page takes to read one drawing, server side.

For each preset with a stored run (its best complete run), 200 drawings, MNIST
test digits pasted at random size and place on 280x280 black RGBA canvases,
go through what the page does: decode the canvas's PNG data URL (as
streamlit-drawable-canvas does), canvas_to_mnist, then the run's predictor on
one image. Prints median, p95 and min per stage and in total, over 3 repeats
(median of the repeats' medians), against the 20 ms budget. As a baseline
measured in the same run, Keras presets are also timed with `model.predict`
on the same inputs (what the page deliberately avoids).

    python bench/predict_latency.py            # the app's runs (MNIST_STUDIO_HOME moves them)
    python bench/predict_latency.py --quick    # no stored runs? train a small run of each preset in a temp folder
"""
import argparse
import base64
import io
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from core.data import load_mnist  # noqa: E402
from core.models import input_layout  # noqa: E402
from core.runs import RunStore  # noqa: E402
from core.sketch import canvas_to_mnist, paste_on_canvas  # noqa: E402
from core.training import TrainConfig  # noqa: E402

BUDGET_MS = 20.0
DRAWINGS = 200
REPEATS = 3
QUICK_PRESETS = ("dense512", "mlp512x256", "numpy2layer", "cnn")


def drawings(n, seed=0):
    """n PNG data URLs of MNIST test digits drawn at random size and place."""
    (_, _), (x_test, _) = load_mnist()
    rng = np.random.default_rng(seed)
    urls = []
    for i in rng.choice(len(x_test), n, replace=False):
        height = int(rng.integers(80, 271))
        left, top = (int(v) for v in rng.integers(0, 281 - height, size=2))
        buf = io.BytesIO()
        Image.fromarray(paste_on_canvas(x_test[i], height, left, top)).save(buf, "PNG")
        urls.append("data:image/png;base64," + base64.b64encode(buf.getvalue()).decode())
    return urls


def decode(url):
    _, encoded = url.split(";base64,", 1)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(encoded))))


def stats(ms):
    ms = np.asarray(ms)
    return np.median(ms), np.percentile(ms, 95), ms.min()


def time_pass(urls, predict):
    stages = {"decode": [], "preprocess": [], "predict": [], "total": []}
    for url in urls:
        t0 = time.perf_counter()
        rgba = decode(url)
        t1 = time.perf_counter()
        image = canvas_to_mnist(rgba)
        t2 = time.perf_counter()
        predict(image[None])
        t3 = time.perf_counter()
        for name, ms in zip(stages, ((t1 - t0), (t2 - t1), (t3 - t2), (t3 - t0))):
            stages[name].append(ms * 1000)
    return stages


def best_run_per_preset(store):
    runs = store.list()
    if "snapshot_of" in runs:
        runs = runs[runs["snapshot_of"].fillna("") == ""]  # runs, not their snapshots
    if "status" in runs:
        runs = runs[runs["status"] == "complete"]
    runs = runs.sort_values("test_accuracy", ascending=False)
    return runs.groupby("preset", sort=False).head(1)[["preset", "run_id", "test_accuracy"]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="with no stored runs, train a small run of each preset (1 epoch, 5,000 digits) in a temp folder")
    args = parser.parse_args()

    store = RunStore()
    chosen = best_run_per_preset(store)
    if chosen.empty:
        if not args.quick:
            sys.exit(f"No stored runs in {store.root}. Train some in the app, or pass --quick.")
        store = RunStore(Path(tempfile.mkdtemp(prefix="predict_latency_")))
        print("No stored runs: training each preset for 1 epoch on 5,000 digits in", store.root)
        for preset in QUICK_PRESETS:  # latency does not depend on how well a net is trained
            store.get_or_train(TrainConfig(preset=preset, epochs=1, train_limit=5000))
        chosen = best_run_per_preset(store)

    urls = drawings(DRAWINGS)
    print(f"{DRAWINGS} drawings x {REPEATS} repeats per preset; budget: median < {BUDGET_MS:.0f} ms\n")
    header = f"{'preset':<12} {'run':<12} {'stage':<11} {'median ms':>9} {'p95 ms':>8} {'min ms':>8}"
    print(header)
    print("-" * len(header))
    for row in chosen.itertuples():
        t_load = time.perf_counter()
        predict = store.predictor(row.run_id)
        load_s = time.perf_counter() - t_load
        predict(np.zeros((1, 28, 28), np.float32))  # warm up (first call builds the graph)
        passes = [time_pass(urls, predict) for _ in range(REPEATS)]
        for stage in ("decode", "preprocess", "predict", "total"):
            medians = [np.median(p[stage]) for p in passes]
            _, p95, low = stats(np.concatenate([p[stage] for p in passes]))
            print(f"{row.preset:<12} {row.run_id:<12} {stage:<11} {np.median(medians):>9.2f} {p95:>8.2f} {low:>8.2f}")
        total = np.median([np.median(p["total"]) for p in passes])
        verdict = "within" if total < BUDGET_MS else "OVER"
        print(f"{'':<25} total / budget = {total / BUDGET_MS:.2f} ({verdict}); predictor loaded in {load_s:.2f} s")
        baseline = getattr(store, "load_model", None)
        if row.preset != "numpy2layer" and baseline is not None:
            model = store.load_model(row.run_id)
            layout = (-1, 28, 28, 1) if input_layout(row.preset) == "image" else (-1, 784)
            images = [canvas_to_mnist(decode(u)).reshape(layout) for u in urls[:50]]
            model.predict(images[0], verbose=0)
            ms = []
            for image in images:
                t0 = time.perf_counter()
                model.predict(image, verbose=0)
                ms.append((time.perf_counter() - t0) * 1000)
            direct = np.median([np.median(p["predict"]) for p in passes])
            print(f"{'':<25} baseline model.predict: median {np.median(ms):.2f} ms, "
                  f"{np.median(ms) / direct:.1f}x the predictor's {direct:.2f} ms")
        print()


if __name__ == "__main__":
    main()
