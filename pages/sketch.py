"""Draw a digit (or upload one, or pick a test digit) and see what each stored model reads."""
import streamlit as st
from streamlit_drawable_canvas import st_canvas

from core.choices import default_sketch_runs
from core.sketch import canvas_steps, digit_steps, disagreement, for_display
from core.status import DONE
from core.training import TrainConfig
from ui import PRESENTER_SCALE, inside, jobs, mnist_or_stop, presenting, roles, tr
from ui.charts import digit_grid, probability_bars, side_by_side
from ui.runs import run_labels, stored_runs
from ui.sketch import (ask_to_clear_class_set, class_scores, class_set, clear_canvas, clear_class_set,
                       export_class_set, pick_random_test_digit, readings, save_to_class_set, upload_steps)

CANVAS_SIZE = 280
DEFAULT_STROKE = 24
QUICK_RUN = TrainConfig(preset="dense512", epochs=2)
SOURCES = ("draw", "upload", "test")
JOB = "sketch_quick"


# ---- the input ----------------------------------------------------------------------

def draw_input():
    # Larger for the room; the drawing still becomes the same 28x28 input.
    scale = PRESENTER_SCALE if presenting() else 1.0
    size = round(CANVAS_SIZE * scale)
    canvas = st_canvas(
        stroke_width=round(st.session_state.get("sketch_stroke", DEFAULT_STROKE) * scale), stroke_color="#FFFFFF",
        background_color="#000000", height=size, width=size, drawing_mode="freedraw",
        return_image_data=True, key=f"sketch_canvas_{st.session_state.get('sketch_canvas_gen', 0)}",
    )
    st.button(tr("sketch.clear"), key="sketch_clear", on_click=clear_canvas, icon=":material/ink_eraser:")
    pixels = canvas.image_data
    if pixels is not None and not roles.allow("drawing"):  # a flood: read nothing, say so
        st.warning(tr("roles.too_fast"), icon=":material/speed:")
        return None, None
    steps = canvas_steps(pixels) if pixels is not None else None
    if steps is None or steps.blank:
        return None, None
    return steps, None


def upload_input():
    upload = st.file_uploader(tr("sketch.upload_label"), type=["png", "jpg", "jpeg"], key="sketch_upload",
                              help=tr("sketch.upload_help", mb=st.get_option("server.maxUploadSize")))
    if upload is None:
        st.info(tr("sketch.upload_prompt"))
        return None, None
    steps, problem = upload_steps(upload)  # decoded once per file, whatever reruns
    if problem is not None:
        st.error(problem)
        return None, None
    if steps.blank:
        st.warning(tr("sketch.upload_no_ink"))
        return None, None
    return steps, None


def test_digit_input():
    (_, _), (x_test, y_test) = mnist_or_stop()
    if "sketch_test_index" not in st.session_state:
        st.session_state.sketch_test_index = 0
    st.number_input(tr("sketch.test_index"), 0, len(x_test) - 1, key="sketch_test_index")
    st.button(tr("sketch.random"), key="sketch_random", on_click=pick_random_test_digit, args=(len(x_test),),
              icon=":material/casino:")
    index = int(st.session_state.sketch_test_index)
    label = int(y_test[index])
    st.markdown(tr("sketch.true_label", label=label))
    steps = digit_steps(x_test[index])
    st.image(for_display(steps.centred, 196), width=196, caption=tr("sketch.steps_test"))
    return steps, label


INPUTS = {"draw": draw_input, "upload": upload_input, "test": test_digit_input}


# ---- the answers ----------------------------------------------------------------------

def answer(reading, label, true_label):
    st.metric(tr("sketch.prediction"), str(reading.digit), border=True)  # first: the boxes line up
    st.text(label)  # as typed: Markdown would still link a bare URL in a label, escaped or not
    st.caption(tr("sketch.confidence", percent=f"{reading.confidence:.1%}"))
    if reading.unsure:
        st.warning(tr("sketch.unsure", percent=f"{reading.confidence:.1%}"), icon=":material/help:")
    if true_label is not None:
        if reading.digit == true_label:
            st.success(tr("sketch.correct"))
        else:
            st.error(tr("sketch.wrong", label=true_label))
    st.image(probability_bars(reading.probs, reading.digit, PRESENTER_SCALE if presenting() else 1.0),
             caption=tr("sketch.probability"))


def pick_models(runs):
    """The models to ask, as (run ids, {run id: label}). Outside the drawing's
    fragment: a stroke does not send the picker again, and a change reruns the
    whole page, class set included."""
    labels = run_labels(runs)
    chosen = st.multiselect(tr("sketch.models"), list(labels), default=default_sketch_runs(runs),
                            format_func=labels.get, key="sketch_runs",
                            help=None if presenting() else tr("sketch.models_help"))
    return chosen, labels


def answers(chosen, labels, steps, true_label, source):
    """Every chosen model's answer."""
    if not chosen:
        st.info(tr("sketch.pick_models"))
        return
    if steps is None:  # an upload says what is missing beside the uploader
        if source == "draw":
            st.info(tr("sketch.draw_prompt"))
        return
    found, failed = readings(chosen, steps.centred)
    for run_id in failed:
        st.error(tr("sketch.load_error", run_id=run_id))
    digits = disagreement(found)
    if len(digits) > 1:
        st.warning(tr("sketch.disagree", digits=", ".join(map(str, digits))), icon=":material/call_split:")
    elif len(found) > 1:
        st.success(tr("sketch.agree", digit=digits[0]))
    for column, reading in zip(st.columns(len(found)) if found else [], found):
        with column:
            answer(reading, labels[reading.run_id], true_label)
    if found and st.button(tr("sketch.look_inside"), key="sketch_inside", icon=":material/visibility:"):
        inside.hand_over(steps.centred, found[0].run_id)
        st.switch_page("pages/inside.py")


def quick_train():
    st.info(tr("sketch.no_runs"))
    config = QUICK_RUN.normalized()
    refused = jobs.refusal([QUICK_RUN])
    st.button(tr("sketch.quick_train", preset=config.preset, epochs=config.epochs), key="sketch_quick_train",
              type="primary", icon=":material/bolt:", disabled=jobs.job(JOB) is not None or refused is not None,
              on_click=jobs.start, args=(JOB, [QUICK_RUN]), kwargs={"names": [config.preset]})
    if refused:
        st.caption(refused)
    jobs.follow(JOB)


# ---- below the answers ------------------------------------------------------------------

def show_steps(steps):
    if steps.cropped is None:  # a test digit: nothing to prepare, and it is shown beside its number
        return
    st.subheader(tr("sketch.steps"))
    stages = [(steps.gray, "sketch.step_raw"), (steps.cropped, "sketch.step_crop"),
              (steps.scaled, "sketch.step_scaled"), (steps.centred, "sketch.step_centred")]
    # One picture, not four: it is sent after every stroke of every student.
    st.image(side_by_side([for_display(image, 160) for image, _ in stages]), width="stretch",
             caption="  →  ".join(f"{tr(key)} ({tr('sketch.step_size', width=image.shape[1], height=image.shape[0])})"
                                  for image, key in stages))


def save_drawing(steps, source):
    if source == "test":
        st.caption(tr("sketch.class_only_own"))
        return
    row = st.container(horizontal=True, vertical_alignment="bottom")  # one block: sent after every stroke
    digit = row.segmented_control(tr("sketch.class_digit"), list(range(10)), key="sketch_class_digit")
    row.button(tr("sketch.class_save", digit="?" if digit is None else digit), key="sketch_class_save",
               disabled=steps is None or digit is None, on_click=save_to_class_set,
               args=(None if steps is None else steps.centred, digit), icon=":material/save:",
               help=None if digit is not None else tr("sketch.class_pick_digit"))


def class_set_scores(runs, code, version, chosen, labels):
    table, wrong, captions, failed = class_scores(runs, code, version, chosen, labels)
    for run_id in failed:
        st.error(tr("sketch.load_error", run_id=run_id))
    if table is None:
        return
    st.dataframe(table, hide_index=True, width="stretch", key="sketch_class_scores", column_config={
        tr("sketch.class_col_class"): st.column_config.NumberColumn(format="%.1f %%"),
        tr("sketch.class_col_mnist"): st.column_config.NumberColumn(format="%.2f %%")})
    st.caption(tr("sketch.class_lesson"))
    if not captions:
        st.success(tr("sketch.class_none_wrong"))
        return
    st.markdown(f"**{tr('sketch.class_all_wrong', n=len(captions))}**")
    st.plotly_chart(digit_grid(wrong, captions, cols=10), key="sketch_class_wrong", config={"displayModeBar": False})


def class_set_section(runs, chosen, labels):
    st.divider()
    st.subheader(tr("sketch.class_title"))
    if not presenting():
        st.caption(tr("sketch.class_intro"))
    message = st.session_state.pop("sketch_class_message", None)
    if message is not None:
        getattr(st, message[0])(message[1])
    code, version, digits, counts = class_set()
    n = len(digits)
    if not n:
        st.info(tr("sketch.class_empty"))
        return
    st.caption(tr("sketch.class_counts", n=n, counts=", ".join(f"{d}×{c}" for d, c in enumerate(counts) if c)))
    if chosen:
        class_set_scores(runs, code, version, chosen, labels)
    export_column, clear_column = st.columns(2)
    refused = roles.reason_not_teacher()
    # A student's button gets no data: the class's drawings are not sent to their browser.
    export_column.download_button(tr("sketch.class_export"), data=(lambda: export_class_set(code)) if not refused else b"",
                                  file_name="class_digits.npz", mime="application/octet-stream",
                                  key="sketch_class_export", icon=":material/download:", disabled=bool(refused),
                                  help=refused)
    if not st.session_state.get("sketch_class_confirm"):
        clear_column.button(tr("sketch.class_clear"), key="sketch_class_clear", icon=":material/delete:",
                            on_click=ask_to_clear_class_set, disabled=bool(refused), help=refused)
        return
    st.warning(tr("sketch.class_clear_confirm", n=n))
    yes, no = st.columns(2)
    yes.button(tr("sketch.class_clear_yes"), key="sketch_class_clear_yes", type="primary",
               on_click=clear_class_set, args=(True,))
    no.button(tr("sketch.class_clear_no"), key="sketch_class_clear_no", on_click=clear_class_set, args=(False,))


@st.fragment
def drawing(source, chosen, labels):
    """The input, every model's answer, the steps and the save button: a stroke reruns only this."""
    input_column, answer_column = st.columns([2, 3], gap="large")
    with input_column:
        steps, true_label = INPUTS[source]()
    with answer_column:
        if labels:
            answers(chosen, labels, steps, true_label, source)
        else:
            quick_train()
    if steps is not None:
        show_steps(steps)
    save_drawing(steps, source)
    if st.session_state.pop("sketch_saved", False):
        st.rerun(scope="app")


st.title(tr("sketch.title"))
if not presenting():
    st.write(tr("sketch.intro"))
ended = jobs.take_ended(JOB)  # the quick training, once it has ended
if ended is not None and ended.state == DONE:
    st.success(tr("sketch.trained", preset=QUICK_RUN.preset, accuracy=f"{ended.last_run['test_accuracy']:.2%}"))
jobs.report(ended)

runs, _ = stored_runs()
source_column, models_column = st.columns([2, 3])
source_labels = {s: tr(f"sketch.source_{s}") for s in SOURCES}
source = source_column.radio(tr("sketch.source"), SOURCES, horizontal=True, key="sketch_source",
                             format_func=source_labels.get, label_visibility="collapsed")
with models_column:
    chosen, labels = pick_models(runs) if not runs.empty else ([], {})
drawing(source, chosen, labels)
if source == "draw" and not presenting():
    with st.columns([2, 3], gap="large")[0]:
        st.caption(tr("sketch.canvas_help"))
        st.slider(tr("sketch.stroke"), 6, 50, DEFAULT_STROKE, key="sketch_stroke", help=tr("sketch.stroke_help"))
class_set_section(runs, chosen, labels)
