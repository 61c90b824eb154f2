"""Inside the network: what one of the class's own models does with a drawing,
layer by layer, and how that changed from epoch to epoch (its snapshots)."""
import numpy as np
import streamlit as st
from streamlit_drawable_canvas import st_canvas

from core import choices
from core.runs import split_id
from core.sketch import canvas_steps
from ui import PRESENTER_SCALE, inside, mnist_or_stop, page_link, presenting, tr
from ui.charts import probability_bars
from ui.runs import load_run, run_labels, stored_runs

CANVAS_SIZE = 240  # three columns fit beside the sidebar at 1280 px; the input is 28x28 anyway
STROKE = 21  # MNIST-thick strokes at this size (the Draw page's 24 px on 280)
SOURCES = ("draw", "test")
HANDED = "sketch"  # a drawing handed over by the Draw page


def clear_canvas():
    st.session_state.inside_canvas_gen = st.session_state.get("inside_canvas_gen", 0) + 1


def pick_random_digit():
    st.session_state.inside_test_index = int(np.random.default_rng().integers(10_000))


def picture_size():
    """The canvas's size, and every input picture's: larger in presenter mode."""
    return round(CANVAS_SIZE * (PRESENTER_SCALE if presenting() else 1.0))


def no_runs():
    st.info(tr("inside.no_runs"), icon=":material/info:")
    page_link("pages/train.py", tr("inside.to_train"), icon=":material/model_training:")
    st.stop()


def follow_link(bases, n_test):
    """A session's first visit follows ?run=<id>&digit=<index>; a drawing handed
    over by another page becomes the input once."""
    if not st.session_state.get("inside_link_read"):
        st.session_state.inside_link_read = True
        run, epoch, digit = inside.read_link(set(bases["run_id"]), n_test)
        if run:
            st.session_state.inside_run = run
            if epoch is not None:
                st.session_state[f"inside_epoch_{run}"] = epoch
        if digit is not None:
            st.session_state.inside_source = "test"
            st.session_state.inside_test_index = digit
    handed = inside.handed_over()
    if handed and handed["version"] != st.session_state.get("inside_handed_seen"):
        st.session_state.inside_handed_seen = handed["version"]
        st.session_state.inside_source = HANDED
        run, epoch = split_id(handed["run"]) if handed["run"] else (None, None)
        if run in set(bases["run_id"]):
            st.session_state.inside_run = run
            if epoch is not None:
                st.session_state[f"inside_epoch_{run}"] = epoch


# ---- the run and its epoch ------------------------------------------------------------

def choose_run(runs, bases):
    labels = run_labels(bases)
    if st.session_state.get("inside_run") not in labels:
        st.session_state.inside_run = choices.default_run(runs)
    return st.selectbox(tr("inside.run"), list(labels), format_func=labels.get, key="inside_run")


def choose_epoch(epochs):
    if len(epochs) == 1:
        st.caption(tr("inside.no_snapshots", epoch=epochs[0].epoch))
        return epochs[0]
    by_epoch = {e.epoch: e for e in epochs}
    key = f"inside_epoch_{epochs[-1].run_id}"
    if st.session_state.get(key) not in by_epoch:
        st.session_state[key] = epochs[-1].epoch
    names = {e: tr("inside.epoch_value", epoch=e) for e in by_epoch}
    epoch = st.select_slider(tr("inside.epoch"), list(by_epoch), key=key, format_func=names.get,
                             help=None if presenting() else tr("inside.epoch_help"))
    return by_epoch[epoch]


# ---- the input -------------------------------------------------------------------------

def draw_input():
    size = picture_size()
    canvas = st_canvas(stroke_width=round(STROKE * size / CANVAS_SIZE), stroke_color="#FFFFFF",
                       background_color="#000000", height=size, width=size, drawing_mode="freedraw",
                       return_image_data=True, key=f"inside_canvas_{st.session_state.get('inside_canvas_gen', 0)}")
    st.button(tr("inside.clear"), key="inside_clear", on_click=clear_canvas, icon=":material/ink_eraser:")
    steps = canvas_steps(canvas.image_data) if canvas.image_data is not None else None
    return (None if steps is None or steps.blank else steps.centred), None


def test_input(x_test, y_test):
    st.session_state.setdefault("inside_test_index", 0)
    st.number_input(tr("inside.test_index"), 0, len(x_test) - 1, key="inside_test_index")
    st.button(tr("inside.random"), key="inside_random", on_click=pick_random_digit, icon=":material/casino:")
    index = int(st.session_state.inside_test_index)
    image = x_test[index].astype(np.float32) / 255.0
    st.image(inside.input_picture(image, picture_size()), caption=tr("inside.true_label", label=int(y_test[index])),
             width=picture_size())
    return image, index


def handed_input():
    image = inside.handed_over()["image"]
    st.image(inside.input_picture(image, picture_size()), caption=tr("inside.handed_caption"), width=picture_size())
    return image, None


def choose_input(x_test, y_test):
    """(28x28 input or None, test index or None)."""
    sources = SOURCES + ((HANDED,) if inside.handed_over() else ())
    if st.session_state.get("inside_source") not in sources:
        st.session_state.inside_source = "draw"
    names = {s: tr(f"inside.source_{s}") for s in sources}
    source = st.radio(tr("inside.source"), sources, horizontal=True, key="inside_source",
                      format_func=names.get, label_visibility="collapsed")
    if source == "test":
        return test_input(x_test, y_test)
    if source == HANDED:
        return handed_input()
    return draw_input()


# ---- what the network does with it -------------------------------------------------------

def accuracy(epochs, epoch):
    """The test accuracy at this epoch, with the run's accuracy over its epochs as a sparkline."""
    st.metric(tr("inside.accuracy", epoch=epoch.epoch), f"{epoch.test_accuracy:.2%}", border=True,
              chart_data=[e.test_accuracy * 100 for e in epochs] if len(epochs) > 1 else None, chart_type="line")


def answer(epochs, epoch, views, true_label):
    st.metric(tr("inside.answer"), str(views.digit), border=True,
              delta=tr("inside.probability", percent=f"{views.probs[views.digit]:.1%}"),
              delta_color="off", delta_arrow="off")
    accuracy(epochs, epoch)
    if true_label is not None:
        st.caption(tr("inside.right" if views.digit == true_label else "inside.wrong", label=true_label))
    st.image(probability_bars(views.probs, views.digit, PRESENTER_SCALE if presenting() else 1.0),
             caption=tr("sketch.probability"))


def saliency(image, views):
    size = picture_size()
    st.image(inside.saliency_picture(image, views.heat, size), width=size,
             caption=tr("inside.saliency_caption", digit=views.digit))
    if not presenting():
        st.caption(tr("inside.saliency_help"))


def layers(views):
    st.header(tr("inside.layers_header"))
    shown = inside.shown_layers(views.layers)
    if not presenting():
        st.caption(tr("inside.layers_help", shown=len(shown) + 1, total=len(views.layers)))
    for n, (position, name, output) in enumerate(shown, start=1):
        if inside.is_map(output):
            h, w, maps = output.shape
            title = tr("inside.layer_maps", n=n, maps=maps, h=h, w=w, top=min(maps, inside.TOP_MAPS))
            figure = inside.feature_maps_figure(output)
        elif output.size == 10 and position == len(views.layers) - 2:  # the scores the softmax turns into probabilities
            title = tr("inside.layer_scores", n=n)
            figure = inside.strip_figure(output, digits=True)
        else:
            units = output.size
            title = tr("inside.layer_units", n=n, units=units, top=min(units, inside.TOP_UNITS))
            figure = inside.strip_figure(output)
        st.markdown(f"**{title}**" + ("" if presenting() else f" · `{name}`"))
        st.plotly_chart(figure, key=f"inside_layer_{position}", config={"displayModeBar": False})


def first_layer(run_id, views):
    st.header(tr("inside.weights_header"))
    weights = inside.first_layer(run_id)
    first_output = views.layers[0][1] if views is not None else None
    units = inside.first_layer_units(weights, first_output)
    if weights.shape[1:] != (28, 28):
        st.caption(tr("inside.weights_kernels", n=len(units), h=weights.shape[1], w=weights.shape[2]))
    elif first_output is not None:
        st.caption(tr("inside.weights_units", n=len(units), total=len(weights)))
    else:
        st.caption(tr("inside.weights_first", n=len(units), total=len(weights)))
    st.plotly_chart(inside.weights_figure(weights, units), key="inside_weights", config={"displayModeBar": False})


def embedding_map(run_id, views):
    st.header(tr("inside.map_header"))
    if not presenting():
        st.caption(tr("inside.map_help"))
    points, labels = inside.reference(run_id)
    star = None if views is None else views.xy
    st.plotly_chart(inside.map_figure(points, labels, star, None if views is None else views.digit),
                    key="inside_map", config={"displayModeBar": False})


def code(run_id):
    with st.expander(tr("inside.code_header"), icon=":material/code:"):
        inside.show_run_code(load_run(run_id).config)


# ---- the page ------------------------------------------------------------------------------

st.title(tr("inside.title"))
if not presenting():
    st.write(tr("inside.intro"))
runs, _ = stored_runs()
bases = choices.base_runs(runs)
if bases is None or not len(bases):
    no_runs()
(_, _), (x_test, y_test) = mnist_or_stop()
follow_link(bases, len(x_test))

run_column, epoch_column = st.columns([2, 3], gap="large")
with run_column:
    run_id = choose_run(runs, bases)
epochs = choices.epochs_of(runs, run_id)
with epoch_column:
    epoch = choose_epoch(epochs)

input_column, saliency_column, answer_column = st.columns(3, gap="medium")
with input_column:
    image, digit = choose_input(x_test, y_test)
inside.write_link(epoch.run_id, digit)
true_label = None if digit is None else int(y_test[digit])

views = None
try:
    if image is not None:
        views = inside.views(epoch.run_id, image)
    with saliency_column:
        if views is None:
            st.info(tr("inside.draw_prompt"), icon=":material/draw:")
        else:
            saliency(image, views)
    with answer_column:
        if views is not None:
            answer(epochs, epoch, views, true_label)
        else:
            accuracy(epochs, epoch)
    if views is not None:
        layers(views)
    first_layer(epoch.run_id, views)
    embedding_map(epoch.run_id, views)
except (LookupError, ValueError, OSError) as e:
    st.error(tr("runs.cannot_open", run=epoch.run_id, error=e))
if not presenting():
    code(run_id)
