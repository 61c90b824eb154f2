"""The notes' CNN (S4): its augmentation, its learning-rate schedule, its layers and what they see;
and cnn_fast, the same idea tuned to train while the class watches."""
import streamlit as st

from core import augment, cnn_insight, explore
from core.estimates import estimated_seconds
from core.models import augment_settings
from core.status import COMPLETE
from core.training import TrainConfig
from ui import mnist_or_stop, page_link, tr
from ui.charts import digit_grid, learning_rate_figure
from ui.cnn import UNTRAINED, cnn_model, layer_table, maps_and_answer
from ui.runs import duration, load_run, run_labels, stored_runs

VARIANTS = 7
NOTES = augment.NOTES_SETTINGS
SLIDERS = {"cnn_rotation": NOTES.rotation, "cnn_zoom": NOTES.zoom,
           "cnn_width_shift": NOTES.width_shift, "cnn_height_shift": NOTES.height_shift}
CNN_PRESETS = ("cnn", "cnn_fast")
FAST = TrainConfig(preset="cnn_fast")


def cnn_runs():
    runs, _ = stored_runs()
    if len(runs):
        runs = runs[runs["preset"].isin(CNN_PRESETS) & (runs["status"] == COMPLETE)]
    return runs.reset_index(drop=True)


def reset_sliders():
    for key, value in SLIDERS.items():
        st.session_state[key] = value


def augmentation(x_train, y_train):
    st.header(tr("cnn.aug_header"))
    st.write(tr("cnn.aug_help"))
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


def learning_rate(labels):
    """The notes' schedule; only `cnn` runs follow it (cnn_fast's one cycle is another curve)."""
    st.header(tr("cnn.lr_header"))
    last = float(cnn_insight.scheduled_rate(39))
    st.write(tr("cnn.lr_help", last=last, ratio=last / cnn_insight.NOTES_INITIAL_RATE))
    left, mid, right = st.columns([3, 1, 1])
    names = {None: tr("cnn.lr_no_run"), **labels}
    lr_run = left.selectbox(tr("cnn.lr_run"), list(names), key="cnn_lr_run", format_func=names.get)
    initial, decay, history, run_epochs = cnn_insight.NOTES_INITIAL_RATE, cnn_insight.NOTES_DECAY, None, 40
    if lr_run:
        run = load_run(lr_run)
        history, initial, decay, run_epochs = run.history, run.config.learning_rate, run.config.lr_decay, run.config.epochs
    lr_epochs = mid.number_input(tr("cnn.lr_epochs"), 1, 200, value=run_epochs, key=f"cnn_lr_epochs_{lr_run}")
    log_scale = right.toggle(tr("cnn.lr_log"), key="cnn_lr_log")
    table = cnn_insight.learning_rate_table(int(lr_epochs), history, initial, decay)
    if lr_run and not table.actual.notna().any():
        st.caption(tr("cnn.lr_missing"))
    st.plotly_chart(learning_rate_figure(table, tr("cnn.lr_scheduled", initial=initial, decay=decay), log_scale),
                    key="cnn_lr_chart")


def network(runs, labels, x_test, y_test):
    st.header(tr("cnn.net_header"))
    st.write(tr("cnn.net_help"))
    best_first = runs.sort_values("test_accuracy", ascending=False).run_id.tolist() if len(runs) else []
    names = {**{r: labels[r] for r in best_first}, UNTRAINED: tr("cnn.untrained_option")}
    source = st.selectbox(tr("cnn.model_source"), list(names), key="cnn_model_source", format_func=names.get)
    try:
        with st.spinner(tr("cnn.loading_tf")):
            shared = cnn_model(source)
    except ImportError as e:
        st.error(tr("cnn.tf_missing"))
        st.code(str(e), language=None)
        return
    except (LookupError, ValueError) as e:
        st.error(tr("runs.cannot_open", run=source, error=e))
        return
    if source == UNTRAINED:
        st.warning(tr("cnn.untrained_warning"), icon=":material/warning:")
    else:
        row = runs[runs.run_id == source].iloc[0]
        st.info(tr("cnn.trained_info", run_id=source, epochs=row.epoch, accuracy=row.test_accuracy),
                icon=":material/check_circle:")

    layers = layer_table(source, shared)
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
    feature_maps(shared, source, x_test, y_test)


def feature_maps(shared, source, x_test, y_test):
    st.subheader(tr("cnn.maps_header"))
    st.write(tr("cnn.maps_help"))
    conv_names = cnn_insight.conv_layer_names(shared.model)
    left, right = st.columns(2)
    digit_index = left.number_input(tr("cnn.maps_digit"), 0, len(x_test) - 1, value=0, key="cnn_maps_digit")
    layer_name = right.selectbox(tr("cnn.maps_layer"), conv_names[:3], key="cnn_maps_layer")
    maps, probs = maps_and_answer(shared, x_test[digit_index], layer_name)
    height, width, channels = maps.shape
    image_col, maps_col = st.columns([1, 4])
    with image_col:
        st.plotly_chart(digit_grid(x_test[digit_index][None], [tr("cnn.maps_input", label=y_test[digit_index])],
                                   cols=1, height_per_row=180), key="cnn_maps_input")
        answer_key = "cnn.prediction_untrained" if source == UNTRAINED else "cnn.prediction"
        st.write(tr(answer_key, digit=int(probs.argmax()), confidence=float(probs.max())))
    with maps_col:
        st.caption(tr("cnn.maps_shape", layer=layer_name, channels=channels, height=height, width=width))
        st.plotly_chart(digit_grid(cnn_insight.maps_as_images(maps),
                                   [tr("cnn.maps_caption", n=n) for n in range(channels)], cols=8,
                                   height_per_row=100), key="cnn_maps_grid")
    if source == UNTRAINED:
        st.warning(tr("cnn.untrained_warning"), icon=":material/warning:")


def fast_training(runs):
    st.header(tr("cnn.fast_header"))
    c, light = FAST.normalized(), augment_settings("cnn_fast")
    st.write(tr("cnn.fast_help", epochs=c.epochs, batch=c.batch_size, peak=c.learning_rate,
                rotation=light.rotation, zoom=light.zoom, shift=light.width_shift))
    stored = runs[runs.run_id == FAST.run_id] if len(runs) else runs
    if len(stored):
        st.info(tr("cnn.fast_stored", run_id=FAST.run_id, accuracy=stored.test_accuracy.iloc[0]),
                icon=":material/check_circle:")
    else:
        all_runs, _ = stored_runs()
        st.info(tr("cnn.fast_missing", time=duration(estimated_seconds(all_runs, FAST))), icon=":material/bolt:")
        page_link("pages/train.py", tr("cnn.fast_to_train"), icon=":material/model_training:")
    st.code("python -m core.train --preset cnn_fast --seeds 0-4", language="bash")


(x_train, y_train), (x_test, y_test) = mnist_or_stop()
st.title(tr("cnn.title"))
st.write(tr("cnn.intro"))
runs = cnn_runs()
labels = run_labels(runs)
augmentation(x_train, y_train)
notes_runs = runs[runs.preset == "cnn"] if len(runs) else runs
learning_rate({run_id: labels[run_id] for run_id in notes_runs.run_id})
network(runs, labels, x_test, y_test)
fast_training(runs)
page_link("pages/ensemble.py", tr("cnn.to_ensemble"), icon=":material/groups:")
