import threading

import plotly.graph_objects as go
import streamlit as st

from core import augment, cnn_insight, explore
from core.runs import RunStore
from ui import digit_grid, exempt_from_gc, mnist_or_stop, page_link, tr
from ui_runs import stored_runs

(x_train, y_train), (x_test, y_test) = mnist_or_stop()

st.title(tr("cnn.title"))
st.write(tr("cnn.intro"))


# Caches are keyed by the store's folder: MNIST_STUDIO_HOME may move it.
STORE = str(RunStore().root)


def cnn_runs():
    runs, _ = stored_runs()
    if len(runs):
        runs = runs[(runs["preset"] == "cnn") & (runs["status"] == "complete")]
    return runs.reset_index(drop=True)


@st.cache_data(show_spinner=False)
def run_details(root, run_id):
    run = RunStore(root).load(run_id)
    return run.history, run.metrics, run.config


def run_label(row):
    return f"{row.run_id} · seed {row.seed} · {row.epoch} ep · {row.test_accuracy:.2%}"


runs = cnn_runs()
labels = {row.run_id: run_label(row) for row in runs.itertuples()}

# ---- 1. augmentation --------------------------------------------------------
st.header(tr("cnn.aug_header"))
st.write(tr("cnn.aug_help"))

NOTES = augment.NOTES_SETTINGS
SLIDERS = {"cnn_rotation": NOTES.rotation, "cnn_zoom": NOTES.zoom,
           "cnn_width_shift": NOTES.width_shift, "cnn_height_shift": NOTES.height_shift}


def reset_sliders():
    for key, value in SLIDERS.items():
        st.session_state[key] = value


for key, value in SLIDERS.items():
    st.session_state.setdefault(key, value)

c1, c2, c3, c4 = st.columns(4)
rotation = c1.slider(tr("cnn.rotation"), 0.0, 45.0, step=1.0, key="cnn_rotation")
zoom = c2.slider(tr("cnn.zoom"), 0.0, 0.5, step=0.01, key="cnn_zoom")
width_shift = c3.slider(tr("cnn.width_shift"), 0.0, 0.3, step=0.01, key="cnn_width_shift")
height_shift = c4.slider(tr("cnn.height_shift"), 0.0, 0.3, step=0.01, key="cnn_height_shift")
b1, b2, _ = st.columns([1, 1, 4])
b1.button(tr("cnn.aug_reset"), on_click=reset_sliders, key="cnn_aug_reset")
if b2.button(tr("cnn.aug_resample"), key="cnn_aug_resample"):
    st.session_state.cnn_aug_seed = st.session_state.get("cnn_aug_seed", 0) + 1
seed = st.session_state.get("cnn_aug_seed", 0)

VARIANTS = 7
settings = augment.AugmentSettings(rotation, zoom, width_shift, height_shift)
idx = explore.sample_indices(y_train, n=5, seed=seed)
grid = augment.preview(x_train[idx], settings, variants=VARIANTS, seed=seed)
captions = []
for i in idx:
    captions.append(tr("cnn.aug_caption_original", label=y_train[i]))
    captions += [tr("cnn.aug_caption_variant", n=n) for n in range(1, VARIANTS + 1)]
st.caption(tr("cnn.aug_rows", n=VARIANTS))
st.plotly_chart(digit_grid(grid.reshape(-1, 28, 28), captions, cols=VARIANTS + 1), key="cnn_aug_grid")
with st.expander(tr("cnn.aug_code")):
    st.code(
        "ImageDataGenerator(rotation_range=15, zoom_range=0.15,\n"
        "                   width_shift_range=0.1, height_shift_range=0.1)\n\n"
        "# MNIST Studio: core/augment.py\n"
        f"augment(images, AugmentSettings(rotation={rotation:g}, zoom={zoom:g}, "
        f"width_shift={width_shift:g}, height_shift={height_shift:g}), rng=seed)",
        language="python",
    )

# ---- 2. learning rate -------------------------------------------------------
st.header(tr("cnn.lr_header"))
last = float(cnn_insight.scheduled_rate(39))
st.write(tr("cnn.lr_help", last=last, ratio=last / cnn_insight.NOTES_INITIAL_RATE))
left, mid, right = st.columns([3, 1, 1])
lr_run = left.selectbox(tr("cnn.lr_run"), [None, *labels], key="cnn_lr_run",
                        format_func=lambda r: tr("cnn.lr_no_run") if r is None else labels[r])
initial, decay, history, run_epochs = cnn_insight.NOTES_INITIAL_RATE, cnn_insight.NOTES_DECAY, None, 40
if lr_run:
    history, _, config = run_details(STORE, lr_run)
    initial, decay, run_epochs = config.learning_rate, config.lr_decay, config.epochs
lr_epochs = mid.number_input(tr("cnn.lr_epochs"), 1, 200, value=run_epochs, key=f"cnn_lr_epochs_{lr_run}")
log_scale = right.toggle(tr("cnn.lr_log"), key="cnn_lr_log")
table = cnn_insight.learning_rate_table(int(lr_epochs), history, initial, decay)
fig = go.Figure()
fig.add_scatter(x=table.epoch, y=table.scheduled, mode="lines",
                name=tr("cnn.lr_scheduled", initial=initial, decay=decay))
if table.actual.notna().any():
    fig.add_scatter(x=table.epoch, y=table.actual, mode="markers", name=tr("cnn.lr_actual"))
elif lr_run:
    st.caption(tr("cnn.lr_missing"))
fig.update_layout(height=320, margin=dict(l=0, r=0, t=10, b=0), xaxis_title=tr("cnn.lr_epoch_axis"),
                  yaxis_title=tr("cnn.lr_axis"), yaxis_type="log" if log_scale else "linear",
                  legend=dict(orientation="h", y=1.1))
fig.update_yaxes(exponentformat="e")
st.plotly_chart(fig, key="cnn_lr_chart")

# ---- 3. the network ---------------------------------------------------------
st.header(tr("cnn.net_header"))
st.write(tr("cnn.net_help"))

UNTRAINED = "untrained"
best_first = runs.sort_values("test_accuracy", ascending=False).run_id.tolist() if len(runs) else []
source = st.selectbox(tr("cnn.model_source"), [*best_first, UNTRAINED], key="cnn_model_source",
                      format_func=lambda r: tr("cnn.untrained_option") if r == UNTRAINED else labels[r])


@st.cache_resource(show_spinner=False, max_entries=3)
def load_network(root, run_id):
    """(model, lock): Keras models are shared by all sessions, one call at a time."""
    model = cnn_insight.untrained_cnn() if run_id == UNTRAINED else RunStore(root).load_model(run_id)
    exempt_from_gc()
    return model, threading.Lock()


try:
    with st.spinner(tr("cnn.loading_tf")):
        model, lock = load_network(STORE, source)
except ImportError as e:
    st.error(tr("cnn.tf_missing"))
    st.code(str(e), language=None)
    st.stop()

if source == UNTRAINED:
    st.warning(tr("cnn.untrained_warning"), icon=":material/warning:")
else:
    metrics = run_details(STORE, source)[1]
    row = runs[runs.run_id == source].iloc[0]
    st.info(tr("cnn.trained_info", run_id=source, epochs=row.epoch, accuracy=metrics["test_accuracy"]),
            icon=":material/check_circle:")


@st.cache_data(show_spinner=False)
def layers_of(root, run_id, _model, _lock):
    with _lock:
        return cnn_insight.layer_table(_model)


layers = layers_of(STORE, source, model, lock)
m1, m2, m3 = st.columns(3)
m1.metric(tr("cnn.total_params"), f"{layers.params.sum():,}")
m2.metric(tr("cnn.trainable_params"), f"{layers.trainable_params.sum():,}")
m3.metric(tr("cnn.frozen_params"), f"{layers.params.sum() - layers.trainable_params.sum():,}")
st.dataframe(
    layers.rename(columns={"layer": tr("cnn.col_layer"), "type": tr("cnn.col_type"),
                           "output_shape": tr("cnn.col_shape"), "params": tr("cnn.col_params"),
                           "trainable_params": tr("cnn.col_trainable")}),
    hide_index=True, key="cnn_layers",
)

st.subheader(tr("cnn.maps_header"))
st.write(tr("cnn.maps_help"))
conv_names = cnn_insight.conv_layer_names(model)
left, right = st.columns(2)
digit_index = left.number_input(tr("cnn.maps_digit"), 0, len(x_test) - 1, value=0, key="cnn_maps_digit")
layer_name = right.selectbox(tr("cnn.maps_layer"), conv_names[:3], key="cnn_maps_layer")

with lock:
    maps = cnn_insight.feature_maps(model, x_test[digit_index], [layer_name])[layer_name]
    probs = cnn_insight.predict_digit(model, x_test[digit_index])
height, width, channels = maps.shape
image_col, maps_col = st.columns([1, 4])
with image_col:
    st.plotly_chart(digit_grid(x_test[digit_index][None], [tr("cnn.maps_input", label=y_test[digit_index])], cols=1,
                               height_per_row=180), key="cnn_maps_input")
    answer_key = "cnn.prediction_untrained" if source == UNTRAINED else "cnn.prediction"
    st.write(tr(answer_key, digit=int(probs.argmax()), confidence=float(probs.max())))
with maps_col:
    st.caption(tr("cnn.maps_shape", layer=layer_name, channels=channels, height=height, width=width))
    st.plotly_chart(digit_grid(cnn_insight.maps_as_images(maps), [tr("cnn.maps_caption", n=n) for n in range(channels)],
                               cols=8, height_per_row=100), key="cnn_maps_grid")
if source == UNTRAINED:
    st.warning(tr("cnn.untrained_warning"), icon=":material/warning:")

page_link("pages/ensemble.py", tr("cnn.to_ensemble"), icon=":material/groups:")
