"""Which stored runs a page offers, and which it opens first.

Every function takes RunStore.list()'s table (`runs`) and returns run ids
(snapshot ids "<run_id>@<epoch>" included). No Streamlit, no TensorFlow.
"""
import numpy as np
import pandas as pd

from core.experiments import S2_EPOCHS, S2_SNAPSHOT
from core.status import COMPLETE

MAX_COMPARED = 4


def choosable(runs):
    """Run and snapshot ids that can be opened (complete, or stopped with epochs)."""
    if runs is None or not len(runs):
        return []
    return [r for r, e in zip(runs["run_id"], runs["epoch"]) if e and e > 0]


def parse_run_ids(text):
    """"a,b , c" -> ["a", "b", "c"] (no blanks or repeats, at most MAX_COMPARED)."""
    ids = []
    for part in str(text or "").split(","):
        part = part.strip()
        if part and part not in ids:
            ids.append(part)
    return ids[:MAX_COMPARED]


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
