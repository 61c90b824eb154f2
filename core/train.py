"""Train runs from the command line and keep them in the run store.

    python -m core.train --preset mlp512x256 --epochs 50 --snapshot 10
    python -m core.train --preset cnn --epochs 3 --seeds 1-7
    python -m core.train --list
    python -m core.train --demo           # the runs the pages open by default
    python -m core.train --preset cnn_fast --class-session ACD3F   # MNIST + the class's drawings

A teacher prepares the runs before class; the app then opens them at once.
The store is core.paths.runs_dir() (MNIST_STUDIO_HOME moves it) or --store.
"""
import argparse
import os
import sys
import time

from core import models


class CleanArgumentParser(argparse.ArgumentParser):
    def error(self, message):
        raise SystemExit(_fail(f"{self.prog}: error: {message}"))


def _fail(message):
    print(message.splitlines()[0] if message else "error", file=sys.stderr)
    return 2


def parse_seeds(text):
    """"3" -> [3]; "1-7" -> [1, ..., 7]; "1,4,9" -> [1, 4, 9]."""
    seeds = []
    for part in str(text).split(","):
        part = part.strip()
        if "-" in part:
            low, high = part.split("-", 1)
            if not (low.strip().isdigit() and high.strip().isdigit()) or int(low) > int(high):
                raise ValueError(f"--seeds must look like 1-7 or 1,2,3; got {text!r}")
            seeds += range(int(low), int(high) + 1)
        elif part.isdigit():
            seeds.append(int(part))
        else:
            raise ValueError(f"--seeds must look like 1-7 or 1,2,3; got {text!r}")
    return seeds


def parse_sizes(text):
    try:
        return tuple(int(s) for s in str(text).split(",") if s.strip())
    except ValueError:
        raise ValueError(f"--hidden must be sizes separated by commas, like 256,128; got {text!r}") from None


def build_parser():
    p = CleanArgumentParser(prog="python -m core.train", description=__doc__.split("\n\n")[0])
    p.add_argument("--preset", choices=list(models.PRESETS), default="mlp512x256")
    p.add_argument("--epochs", type=int)
    p.add_argument("--batch-size", type=int)
    p.add_argument("--lr", "--learning-rate", dest="learning_rate", type=float)
    p.add_argument("--optimizer", choices=list(models.OPTIMIZERS))
    p.add_argument("--loss", choices=list(models.LOSSES))
    p.add_argument("--val", "--validation-split", dest="validation_split", type=float,
                   help="fraction held out for validation, 0 to 0.5")
    p.add_argument("--early-stopping", action="store_true", help="stop when val_loss stops improving")
    p.add_argument("--patience", type=int)
    p.add_argument("--augment", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--lr-decay", type=float, help="learning rate multiplier per epoch (cnn: 0.95)")
    p.add_argument("--snapshot", type=int, action="append", default=[], metavar="EPOCH",
                   help="also keep the state at this epoch (repeatable)")
    seeds = p.add_mutually_exclusive_group()
    seeds.add_argument("--seed", type=int, default=None)
    seeds.add_argument("--seeds", help="several runs, e.g. 1-7 or 1,2,3")
    p.add_argument("--hidden", help="custom preset: hidden sizes, e.g. 256,128")
    p.add_argument("--activation", choices=list(models.ACTIVATIONS))
    p.add_argument("--dropout", type=float)
    p.add_argument("--limit", dest="train_limit", type=int, help="train on the first N digits only")
    p.add_argument("--class-session", metavar="CODE",
                   help="also train on this class session's drawings (part held out by student to test on)")
    p.add_argument("--class-share", type=float, help="part of each epoch that is class drawings (default 0.05)")
    p.add_argument("--class-swap", action="store_true",
                   help="train on the held-out part of the class and test on the rest")
    p.add_argument("--store", help="run store folder (default: the app's)")
    p.add_argument("--list", action="store_true", help="print the stored runs and exit")
    p.add_argument("--demo", action="store_true",
                   help="train the class demo pack (core/experiments.py); with --limit, tiny versions")
    return p


def configs_from_args(args):
    from core.training import TrainConfig

    seeds = parse_seeds(args.seeds) if args.seeds else [args.seed if args.seed is not None else 0]
    common = dict(
        preset=args.preset, epochs=args.epochs, batch_size=args.batch_size,
        learning_rate=args.learning_rate, optimizer=args.optimizer, loss=args.loss,
        validation_split=args.validation_split, early_stopping=args.early_stopping,
        patience=args.patience, augment=args.augment, lr_decay=args.lr_decay,
        snapshot_epochs=tuple(args.snapshot), train_limit=args.train_limit,
        hidden_sizes=parse_sizes(args.hidden) if args.hidden else None,
        activation=args.activation, dropout=args.dropout,
        class_session=args.class_session, class_share=args.class_share, class_swap=args.class_swap,
    )
    return [TrainConfig(seed=seed, **common) for seed in seeds]


def class_result(m):
    held = f"{m['class_accuracy']:.2%} on" if m.get("class_accuracy") is not None else "nothing held out of"
    return (f"{held} {m['class_held_out']} held-out drawings by {m['class_students_held_out']} students; "
            f"trained on {m['class_trained']} by {m['class_students_trained']}, each {m['class_repeat']}x per epoch")


def print_table(store):
    import pandas as pd

    table = store.list()
    for run_id, problem in store.problems:
        print(f"warning: {problem}", file=sys.stderr)
    if table.empty:
        print(f"no runs in {store.root}")
        return
    shown = table[["run_id", "preset", "epochs", "batch_size", "learning_rate", "optimizer", "seed",
                   "train_size", "test_accuracy", "seconds", "status", "created", "label"]].copy()
    shown["test_accuracy"] = (shown["test_accuracy"] * 100).map("{:.2f} %".format)
    shown["seconds"] = shown["seconds"].map("{:.1f}".format)
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_rows", 1000):
        print(shown.to_string(index=False))


def progress_printer(label):
    from core.estimates import pace

    seconds = []

    def on_epoch(epoch, logs, total):
        seconds.append(logs["seconds"])
        eta = pace(seconds) * (total - epoch)
        val = ""
        if logs["val_accuracy"] == logs["val_accuracy"]:  # not NaN
            val = f"  val_loss {logs['val_loss']:.4f}  val_acc {logs['val_accuracy']:.2%}"
        print(f"{label} epoch {epoch:>3}/{total}  loss {logs['loss']:.4f}  acc {logs['accuracy']:.2%}"
              f"{val}  test_acc {logs['test_accuracy']:.2%}  {logs['seconds']:.1f} s"
              f"  ETA {eta:.0f} s", flush=True)

    return on_epoch


def minutes(seconds):
    from core.estimates import rounded_time

    unit, n = rounded_time(seconds)
    return f"{n} s" if unit == "seconds" else f"{n} min"


def train_demo(store, limit=None):
    """Print the demo pack's plan and its estimate, train what is missing, one line per epoch."""
    from core.experiments import demo_status, describe, missing

    status = demo_status(store, limit)
    for row in status.itertuples():
        state = f"stored, test accuracy {row.test_accuracy:.2%}" if row.ready else f"to train, ~{minutes(row.estimate)}"
        print(f"  {row.run_id}  {describe(row.config):<50} {state}")
    configs, estimates = missing(status)
    if not configs:
        print(f"demo pack ready: all {len(status)} runs are stored in {store.root}")
        return 0
    print(f"demo pack: {len(status) - len(configs)} of {len(status)} runs stored; training {len(configs)}, "
          f"estimated {minutes(sum(estimates))} on this machine", flush=True)
    started = time.perf_counter()
    for i, config in enumerate(configs):
        label = f"[demo {i + 1}/{len(configs)} {config.preset} lr {config.learning_rate:g}]"
        try:
            run = store.get_or_train(config, on_epoch=progress_printer(label))
        except KeyboardInterrupt:
            print(f"{label} interrupted; the runs finished so far are stored", file=sys.stderr)
            return 130
        left = sum(estimates[i + 1:])
        how = "stored meanwhile by another process" if run.from_store else f"in {run.metrics['seconds']:.0f} s"
        print(f"{label} test accuracy {run.metrics['test_accuracy']:.2%} {how}"
              + (f"; about {minutes(left)} left" if left else ""), flush=True)
    print(f"demo pack ready: trained in {time.perf_counter() - started:.0f} s, {len(status)} runs in {store.root}")
    return 0


def main(argv=None):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        args = build_parser().parse_args(argv)
        from core.runs import RunStore

        store = RunStore(args.store)
        if args.list:
            print_table(store)
            return 0
        if args.demo:
            return train_demo(store, args.train_limit)
        configs = configs_from_args(args)
    except (ValueError, LookupError) as e:
        return _fail(f"error: {e}")
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else _fail(str(e.code))

    for config in configs:
        c = config.normalized()
        label = f"[{c.preset} seed {c.seed}]"
        try:
            print(f"{label} run {config.run_id}: {c.epochs} epochs, batch {c.batch_size}, "
                  f"lr {c.learning_rate:g}, {c.optimizer}, {c.train_size} training digits"
                  + (f" + class session {c.class_session}" if c.class_session else ""), flush=True)
            run = store.get_or_train(config, on_epoch=progress_printer(label))
        except KeyboardInterrupt:
            print(f"{label} interrupted; nothing stored", file=sys.stderr)
            return 130
        except (ValueError, LookupError) as e:  # a class session that is gone or has nothing to train on
            return _fail(f"error: {e}")
        where = "already stored" if run.from_store else f"stored in {run.run_dir}"
        print(f"{label} test accuracy {run.metrics['test_accuracy']:.2%}  "
              f"({run.metrics['seconds']:.1f} s, {run.status}) {where}", flush=True)
        if c.class_session is not None:
            print(f"{label} class session {c.class_session}: {class_result(run.metrics)}", flush=True)
        for epoch in c.snapshot_epochs:
            snap = store.load(f"{run.run_id}@{epoch}")
            print(f"{label} snapshot {snap.run_id}: test accuracy {snap.metrics['test_accuracy']:.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
