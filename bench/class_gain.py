"""What training on a class's handwriting gains, on writers it never saw.

The class is bench/data/uji_digits.npz (60 writers no one on the team is, 20
digits each), imported into a class session in a throwaway app folder. For each
preset: the plain run (MNIST only), the run with the session (its 30 % of
writers held out), and the run with the writers swapped (the held-out writers
train, the others are held out). Each plain run is read on the same held-out
drawings as the class run beside it. Prints accuracies on the held-out writers
and on MNIST's test set, and the training time of each class run as a ratio to
its plain run (median and fastest over the seeds).

    python bench/class_gain.py                                  # dense512, mlp512x256, cnn_fast; seeds 0, 1
    python bench/class_gain.py --presets dense512 --shares 0.01,0.02,0.05,0.1,0.2
    python bench/class_gain.py --weighted                       # repeating the drawings vs weighting them
    python bench/class_gain.py --writers 12                     # a smaller class: the first 12 writers
"""
import argparse
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
SET = Path(__file__).with_name("data") / "uji_digits.npz"


def class_session(classroom, writers):
    """A session holding the first `writers` writers of the set; its code."""
    import io

    with np.load(SET) as arrays:
        x, y, student = arrays["x"], arrays["y"], arrays["student"]
    keep = np.isin(student, sorted(set(student))[:writers])
    buffer = io.BytesIO()
    np.savez(buffer, x=x[keep], y=y[keep], student=student[keep])
    code = classroom.start("bench: UJIpenchars2 writers")
    classroom.import_npz(code, buffer.getvalue())
    return code


def accuracy(probs, labels):
    return float(np.mean(np.argmax(probs, axis=1) == labels))


def gains(store, code, presets, seeds, shares):
    from core.training import TrainConfig

    print(f"{'preset':<11} {'share':>5} {'side':<8} {'writers':>7} {'drawings':>9} {'before':>7} {'after':>7} "
          f"{'gain':>6} {'MNIST before':>12} {'after':>7} {'time ratio':>10}")
    for preset in presets:
        for share in shares:
            for swap in (False, True):
                rows = []
                for seed in seeds:
                    plain = store.get_or_train(TrainConfig(preset=preset, seed=seed))
                    run = store.get_or_train(TrainConfig(preset=preset, seed=seed, class_session=code,
                                                         class_share=share, class_swap=swap))
                    held = run.class_held_out
                    before = accuracy(store.predictor(plain.run_id)(held["x"] / np.float32(255)), held["y"])
                    rows.append((before, run.metrics["class_accuracy"], plain.test_accuracy, run.test_accuracy,
                                 run.seconds / plain.seconds))
                m = run.metrics
                before, after, mnist_before, mnist_after, ratio = np.array(rows).T
                print(f"{preset:<11} {share:>5g} {'swapped' if swap else 'held-out':<8} "
                      f"{m['class_students_held_out']:>3}/{m['class_students_trained'] + m['class_students_held_out']:<3} "
                      f"{m['class_held_out']:>4}/{m['class_trained']:<4} {np.median(before):>7.2%} {np.median(after):>7.2%} "
                      f"{np.median(after - before) * 100:>+5.1f}p {np.median(mnist_before):>12.2%} "
                      f"{np.median(mnist_after):>7.2%} {np.median(ratio):>5.2f} ({ratio.min():.2f})", flush=True)
                print(f"{'':<11} seeds {seeds}: before {' '.join(f'{v:.2%}' for v in before)}; after "
                      f"{' '.join(f'{v:.2%}' for v in after)}; MNIST after {' '.join(f'{v:.2%}' for v in mnist_after)}")


def weighted_against_repeated(code, seeds, share):
    """S1 (dense512) in plain Keras model.fit: each class drawing repeated r times
    per epoch, against once with sample weight r: the same total weight."""
    import keras

    from core.class_split import class_drawings
    from core.data import load_mnist
    from core.training import class_repeat

    (x_train, y_train), (x_test, y_test) = load_mnist()
    drawings = class_drawings(code)
    r = class_repeat(len(drawings.train_y), len(y_train), share)
    print(f"S1, share {share:g}: each of {len(drawings.train_y)} drawings repeated {r}x, or once with weight {r}")
    for how in ("repeated", "weighted"):
        results = []
        for seed in seeds:
            keras.utils.set_random_seed(seed)
            model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(512, activation="relu"),
                                      keras.layers.Dense(10, activation="softmax")])
            model.compile("rmsprop", "sparse_categorical_crossentropy", metrics=["accuracy"])
            times = r if how == "repeated" else 1
            x = np.concatenate([flat(x_train), np.tile(flat(drawings.train_x), (times, 1))])
            y = np.concatenate([y_train, np.tile(drawings.train_y, times)])
            weight = np.concatenate([np.ones(len(y_train)), np.full(len(y) - len(y_train), r / times)])
            model.fit(x, y, sample_weight=weight, batch_size=128, epochs=5, verbose=0, shuffle=True)
            results.append((accuracy(model.predict(flat(drawings.held_x), verbose=0), drawings.held_y),
                            accuracy(model.predict(flat(x_test), verbose=0), y_test)))
        held, mnist = np.array(results).T
        print(f"  {how:<9} held-out writers {np.median(held):.2%} ({' '.join(f'{v:.2%}' for v in held)}), "
              f"MNIST test {np.median(mnist):.2%}")


def flat(x):
    return x.reshape(len(x), 784).astype("float32") / 255


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--presets", default="dense512,mlp512x256,cnn_fast")
    p.add_argument("--seeds", default="0,1")
    p.add_argument("--shares", default="0.05", help="class_share values to try")
    p.add_argument("--writers", type=int, default=60)
    p.add_argument("--weighted", action="store_true", help="compare repeating with weighting (S1, plain Keras)")
    args = p.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    home = tempfile.mkdtemp(prefix="class-gain-")
    os.environ["MNIST_STUDIO_HOME"] = home  # a throwaway classroom and run store
    os.environ.pop("MNIST_STUDIO_DATABASE_URL", None)
    from core.classroom import Classroom
    from core.runs import RunStore

    code = class_session(Classroom(), args.writers)
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.weighted:
        weighted_against_repeated(code, seeds, float(args.shares.split(",")[0]))
        return
    gains(RunStore(), code, args.presets.split(","), seeds, [float(s) for s in args.shares.split(",")])


if __name__ == "__main__":
    main()
