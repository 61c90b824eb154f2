"""Which stored runs a page offers, and which it opens first.

Every function takes RunStore.list()'s table (`runs`) and returns run ids
(snapshot ids "<run_id>@<epoch>" included). No Streamlit, no TensorFlow.
"""
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.experiments import S2_EPOCHS, S2_SNAPSHOT
from core.runs import RunNotFound, split_id
from core.status import COMPLETE

MAX_COMPARED = 4


def choosable(runs):
    """Run and snapshot ids that can be opened (complete, or stopped with epochs)."""
    if runs is None or not len(runs):
        return []
    return [r for r, e in zip(runs["run_id"], runs["epoch"]) if e and e > 0]


def parse_run_ids(text):
    """"a,b , c" -> ["a", "b", "c"] (no blanks or repeats, at most MAX_COMPARED);
    anything that is not a run or snapshot id is left out."""
    return read_run_ids(text)[0]


def read_run_ids(text):
    """(run ids, refused): the ids as parse_run_ids gives them, and the parts of
    the link that are not ids (at most MAX_COMPARED, each cut to 40 characters),
    so a page can name what it left out."""
    ids, refused = [], []
    for part in str(text or "").split(","):
        part = part.strip()
        if not part or part in ids or part[:40] in refused:
            continue
        (ids if is_run_id(part) else refused).append(part if is_run_id(part) else part[:40])
    return ids[:MAX_COMPARED], refused[:MAX_COMPARED]


def is_run_id(text):
    try:
        split_id(text)
    except RunNotFound:
        return False
    return True


def query_value(run_ids):
    """The ?runs= value for a list of run ids (parse_run_ids reads it back)."""
    return ",".join(run_ids)


def default_comparison(runs):
    """The notes' experiment when it is stored: S2 (mlp512x256) at epoch 10
    against epoch 50, as a snapshot of one 50-epoch run or two runs. Else the
    two newest runs. Returns a list of ids (possibly empty)."""
    ids = choosable(runs)
    if not ids:
        return []
    rows = runs[runs["run_id"].isin(ids)]
    s2 = rows[rows["preset"] == "mlp512x256"]
    full_data = s2["train_limit"].isna()
    for candidates in (s2[full_data], s2):
        fifty = candidates[(candidates["snapshot_of"] == "") & (candidates["epoch"] == S2_EPOCHS)]
        for run_id in fifty["run_id"]:
            if f"{run_id}@{S2_SNAPSHOT}" in ids:
                return [f"{run_id}@{S2_SNAPSHOT}", run_id]
        ten = candidates[(candidates["snapshot_of"] == "") & (candidates["epoch"] == S2_SNAPSHOT)]
        if len(fifty) and len(ten):
            return [ten["run_id"].iloc[0], fifty["run_id"].iloc[0]]
    return list(rows.sort_values("created", ascending=False, kind="stable")["run_id"][:2])[::-1]


def _epoch_of_each_row(runs):
    """The epoch a row's model stands at: a snapshot's own epoch, else the run's epochs."""
    epoch = runs["epoch"] if "epoch" in runs else pd.Series(np.nan, index=runs.index)
    for fallback in ("epochs_run", "epochs"):
        if fallback in runs:
            epoch = epoch.fillna(runs[fallback])
    return epoch


def default_sketch_runs(runs):
    """The models the Draw page asks first: the best run by test accuracy, then
    S2's `mlp512x256` at epoch 10 and at epoch 50 (the notes' overfitting
    example) when they exist, as runs of their own or as snapshots."""
    if runs is None or len(runs) == 0:
        return []
    runs = runs[runs["test_accuracy"].notna()]
    if len(runs) == 0:
        return []
    by_accuracy = runs.sort_values("test_accuracy", ascending=False, kind="stable")
    chosen = [by_accuracy.iloc[0]["run_id"]]
    mlp = by_accuracy[by_accuracy["preset"] == "mlp512x256"]
    mlp_epoch = _epoch_of_each_row(mlp)
    for epochs in (S2_SNAPSHOT, S2_EPOCHS):
        match = mlp[mlp_epoch == epochs]
        if len(match) and match.iloc[0]["run_id"] not in chosen:
            chosen.append(match.iloc[0]["run_id"])
    return chosen


def complete_runs(runs):
    """The rows of complete runs and snapshots."""
    if runs is None or not len(runs):
        return runs
    return runs[runs["status"] == COMPLETE]


# What makes two runs "of one kind": the same training but for the seed.
RECIPE = ["preset", "epochs", "batch_size", "learning_rate", "optimizer", "loss", "validation_split", "augment",
          "train_size", "hidden_sizes"]


def default_ensemble_members(runs, prefer=("cnn",)):
    """Members that make sense together: complete runs of one recipe that
    differ only in their seed (the preferred presets first, then the most
    runs, then the best mean accuracy), else one run with its snapshots; []
    when the store holds no two runs of one kind."""
    complete = complete_runs(runs)
    if complete is None or not len(complete):
        return []
    whole = complete[complete["snapshot_of"] == ""]
    recipe = [c for c in RECIPE if c in whole]
    groups = [group for _, group in whole.groupby(recipe, sort=False, dropna=False) if len(group) >= 2]
    if groups:
        best = max(groups, key=lambda g: (g["preset"].iloc[0] in prefer, len(g), g["test_accuracy"].mean()))
        return list(best["run_id"])
    families = [complete[(complete["run_id"] == base) | (complete["snapshot_of"] == base)]
                for base in complete.loc[complete["snapshot_of"] != "", "snapshot_of"].unique()]
    families = [f for f in families if len(f) >= 2]
    if families:
        best = max(families, key=lambda f: f["test_accuracy"].mean())
        return list(best.sort_values("epoch")["run_id"])
    return []


# ---- the Inside page: one run, its epochs, and its link ---------------------------------

def base_runs(runs):
    """Rows of whole runs (not snapshots) that hold at least one epoch."""
    if runs is None or not len(runs):
        return runs
    return runs[(runs["snapshot_of"].fillna("") == "") & (runs["epoch"].fillna(0) > 0)].reset_index(drop=True)


def default_run(runs):
    """The run the page opens first: the one with the most snapshots (its
    slider tells the longest story), then the best test accuracy."""
    bases = base_runs(runs)
    counts = snapshot_counts(runs)
    ranked = bases.assign(_snapshots=[counts.get(r, 0) for r in bases["run_id"]])
    ranked = ranked.sort_values(["_snapshots", "test_accuracy"], ascending=False, kind="stable")
    return ranked["run_id"].iloc[0]


@dataclass(frozen=True)
class Epoch:
    epoch: int
    run_id: str  # the snapshot id, or the run's own id at its last epoch
    test_accuracy: float


def epochs_of(runs, run_id):
    """The run's snapshots and the run itself as Epochs, first epoch first."""
    rows = runs[(runs["snapshot_of"] == run_id) | (runs["run_id"] == run_id)]
    found = {}
    for _, row in rows.sort_values("snapshot_of").iterrows():  # the run itself ("") first: it wins a tie
        epoch = int(row["epoch"])
        found.setdefault(epoch, Epoch(epoch, row["run_id"], float(row["test_accuracy"])))
    return [found[e] for e in sorted(found)]


def snapshot_counts(runs):
    """{run id: number of its snapshots}."""
    snaps = runs[runs["snapshot_of"].fillna("") != ""]
    return snaps.groupby("snapshot_of").size().to_dict()


def inside_link(run_text, digit_text, run_ids, n_test):
    """What an Inside link (?run=<id or id@epoch>&digit=<test index>) asks for:
    (run id, epoch or None, test digit index or None), with None for anything
    that is not a stored run, a snapshot id, or a test index below n_test."""
    run, epoch, digit = None, None, None
    if run_text:
        try:
            base, epoch = split_id(run_text)
        except RunNotFound:
            base, epoch = None, None
        if base in run_ids:
            run = base
        else:
            epoch = None
    digit = parse_index(digit_text, n_test)
    return run, epoch, digit


def parse_index(text, n):
    """A whole number 0 <= i < n written in ASCII digits, else None ("²" and "٣" are digits to
    str.isdigit, not to int)."""
    text = str(text or "").strip()
    if not re.fullmatch(r"[0-9]{1,9}", text) or int(text) >= n:
        return None
    return int(text)
