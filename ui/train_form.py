"""The Train page's settings form: its choices, its defaults and the
TrainConfig it makes. Every value the widgets offer is valid for TrainConfig.

The form's values live in session state under "train_<field>" and persist
when the user visits another page.
"""
import math

import streamlit as st

from core import models
from core.training import TrainConfig
from ui import tr

PRESETS = list(models.COURSE_NOTE)  # S1..S4, then custom
BATCH_SIZES = (16, 32, 64, 100, 128, 256, 512)
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 1.2, 1.5, 2.0)
TRAIN_LIMITS = (None, 20_000, 10_000, 5_000, 2_000)  # None: all 60,000 (>= 2,000 keeps batch 512 valid)
HIDDEN_SIZES = (16, 32, 64, 128, 256, 512, 1024)
MAX_EPOCHS = 200
MAX_LAYERS = 4
PERSIST = "session"
ALL_DIGITS = 0  # train_limit None: a selectbox shows None as "nothing chosen"


def form_defaults(preset):
    """The form's values for a preset (its TrainConfig defaults)."""
    d = models.PRESETS[preset]
    return {
        "epochs": d["epochs"], "batch_size": d["batch_size"], "learning_rate": d["learning_rate"],
        "optimizer": d["optimizer"], "loss": d["loss"], "validation_split": d["validation_split"],
        "early_stopping": False, "patience": 3, "augment": d["augment"], "seed": 0,
        "snapshot_epochs": [], "train_limit": None,
        "hidden_sizes": list(d.get("hidden_sizes", (256, 128))), "activation": d.get("activation", "relu"),
        "dropout": d.get("dropout", 0.0),
    }


def config_from_form(preset, values):
    """A TrainConfig from the form (ValueError names the field if one is off)."""
    fields = dict(
        preset=preset, epochs=int(values["epochs"]), batch_size=int(values["batch_size"]),
        learning_rate=float(values["learning_rate"]), optimizer=values["optimizer"], loss=values["loss"],
        validation_split=round(float(values["validation_split"]), 2),  # slider steps leave 0.15000000000000002
        early_stopping=bool(values["early_stopping"] and values["validation_split"] > 0),
        patience=int(values["patience"]),
        augment=bool(values["augment"]) if models.input_layout(preset) == "image" else False,
        seed=int(values["seed"]),
        snapshot_epochs=tuple(e for e in values["snapshot_epochs"] if e < int(values["epochs"])),
        train_limit=values["train_limit"],
    )
    if preset == "numpy2layer":
        fields["optimizer"] = "sgd"
    if preset == "custom":
        fields.update(hidden_sizes=tuple(values["hidden_sizes"]), activation=values["activation"],
                      dropout=round(float(values["dropout"]), 2))
    return TrainConfig(**fields)


def nearest(choices, value):
    """The choice closest to value (on a log scale for positive numbers)."""
    if value in choices:
        return value
    if value is None or not choices:
        return choices[0] if choices else value
    key = (lambda c: abs(math.log(c) - math.log(value))) if value > 0 else (lambda c: abs(c - value))
    return min((c for c in choices if c is not None), key=key)


# ---- the widgets -------------------------------------------------------------

def reset_form():
    """Preset changed: its defaults in every field."""
    for name, value in form_defaults(st.session_state.train_preset).items():
        if name == "hidden_sizes":
            st.session_state.train_layers = len(value)
            for i, size in enumerate(value):
                st.session_state[f"train_hidden_{i}"] = size
        else:
            st.session_state[f"train_{name}"] = ALL_DIGITS if name == "train_limit" and value is None else value


def _optimizer_changed():
    # each optimizer has its usual starting rate (adam 1e-3 would crawl with plain SGD)
    rate = models.OPTIMIZER_RATES[st.session_state.train_optimizer]
    st.session_state.train_learning_rate = nearest(LEARNING_RATES, rate)


def _fill_missing(preset):
    """Give every form key a value before its widget is drawn (first visit, or a
    widget that was hidden for another preset)."""
    defaults = form_defaults(preset)
    sizes = defaults["hidden_sizes"]
    defaults["layers"] = len(sizes)
    defaults.update({f"hidden_{i}": sizes[i] if i < len(sizes) else sizes[-1] for i in range(MAX_LAYERS)})
    defaults["train_limit"] = ALL_DIGITS
    del defaults["hidden_sizes"]
    for name, value in defaults.items():
        if f"train_{name}" not in st.session_state:
            st.session_state[f"train_{name}"] = value


def settings_form(preset):
    """Draw the form for `preset`; returns its values (a dict for config_from_form)."""
    _fill_missing(preset)
    c1, c2, c3 = st.columns(3, gap="large")
    with c1:
        epochs = st.number_input(tr("train.epochs"), 1, MAX_EPOCHS, step=1, key="train_epochs",
                                 help=tr("train.epochs_help"), persist_state=PERSIST)
        st.select_slider(tr("train.batch_size"), BATCH_SIZES, key="train_batch_size",
                         help=tr("train.batch_size_help"), persist_state=PERSIST)
        st.select_slider(tr("train.learning_rate"), LEARNING_RATES, key="train_learning_rate",
                         format_func=lambda r: f"{r:g}", persist_state=PERSIST)
        if preset == "numpy2layer":
            st.session_state.train_optimizer = "sgd"
        optimizer_names = {o: tr(f"train.optimizer_{o}") for o in models.OPTIMIZERS}
        st.selectbox(tr("train.optimizer"), list(optimizer_names), format_func=optimizer_names.get,
                     key="train_optimizer", disabled=preset == "numpy2layer", on_change=_optimizer_changed,
                     help=tr("train.optimizer_fixed") if preset == "numpy2layer" else None,
                     persist_state=PERSIST)
    with c2:
        loss_names = {name: tr(f"train.loss_{name}") for name in models.LOSSES}
        st.selectbox(tr("train.loss"), list(loss_names), format_func=loss_names.get, key="train_loss",
                     persist_state=PERSIST)
        split = st.slider(tr("train.validation_split"), 0.0, 0.5, step=0.05, key="train_validation_split",
                          help=tr("train.validation_split_help"), persist_state=PERSIST)
        if not split:
            st.session_state.train_early_stopping = False
        early = st.checkbox(tr("train.early_stopping"), key="train_early_stopping", disabled=not split,
                            help=tr("train.early_stopping_help"), persist_state=PERSIST)
        st.number_input(tr("train.patience"), 1, 50, step=1, key="train_patience", disabled=not early,
                        persist_state=PERSIST)
        if models.input_layout(preset) == "image":
            st.checkbox(tr("train.augment"), key="train_augment", persist_state=PERSIST)
    with c3:
        limit_names = {n or ALL_DIGITS: tr("train.train_limit_all") if n is None else tr("train.train_limit_n", n=n)
                       for n in TRAIN_LIMITS}
        st.selectbox(tr("train.train_limit"), list(limit_names), format_func=limit_names.get,
                     key="train_train_limit", persist_state=PERSIST)
        st.number_input(tr("train.seed"), 0, 2**31 - 1, step=1, key="train_seed", help=tr("train.seed_help"),
                        persist_state=PERSIST)
        st.session_state.train_snapshot_epochs = [e for e in st.session_state.train_snapshot_epochs if e < epochs]
        st.multiselect(tr("train.snapshots"), list(range(1, epochs)), key="train_snapshot_epochs",
                       help=tr("train.snapshots_help"), persist_state=PERSIST)
    if preset == "custom":
        c1, c2, c3 = st.columns(3, gap="large")
        with c1:
            layers = st.slider(tr("train.layers"), 1, MAX_LAYERS, key="train_layers", persist_state=PERSIST)
        with c2:
            for i in range(layers):
                st.select_slider(tr("train.hidden", i=i + 1), HIDDEN_SIZES, key=f"train_hidden_{i}",
                                 persist_state=PERSIST)
        with c3:
            st.selectbox(tr("train.activation"), models.ACTIVATIONS, key="train_activation", persist_state=PERSIST)
            st.slider(tr("train.dropout"), 0.0, 0.7, step=0.05, key="train_dropout", persist_state=PERSIST)
    values = {name: st.session_state[f"train_{name}"] for name in form_defaults(preset) if name != "hidden_sizes"}
    values["hidden_sizes"] = [st.session_state[f"train_hidden_{i}"] for i in range(st.session_state.train_layers)]
    values["train_limit"] = values["train_limit"] or None
    return values
