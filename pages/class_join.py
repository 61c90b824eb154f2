"""A student's screen in a class session (a phone first): the teacher's prompt,
the canvas, one button to send, and what the class's model read."""
import streamlit as st
from streamlit_drawable_canvas import st_canvas

import ui.classroom as uc
from core.choices import default_sketch_runs
from core.sketch import canvas_steps, for_display
from ui import markdown_text, tr
from ui.runs import stored_runs
from ui.sketch import readings

CANVAS_SIZE = 280
NAME_LIMIT = 20


def ask_for_code():
    st.title(tr("class.join_title"))
    typed = st.text_input(tr("class.code_input"), max_chars=8, key="class_code_typed")
    if st.button(tr("class.join_button"), type="primary", key="class_join") and typed.strip():
        st.query_params["class"] = typed.strip().upper()[:8]
        st.rerun()


def canvas_key():
    """The canvas's key: a new one after each send empties it."""
    return f"class_canvas_{st.session_state.get('class_canvas_gen', 0)}"


def sent_before(code):
    """How many drawings this browser has sent to the session (0 to 9 in turn counts on)."""
    return st.session_state.get("class_sent", {}).get(code, 0)


def prompt_text(prompt, sent):
    if prompt.kind == "digit":
        return tr("class.draw_digit", digit=prompt.digit)
    if prompt.kind == "sequence":
        return tr("class.draw_next", digit=prompt.label(sent_before=sent))
    return tr("class.draw_any")


def result(code):
    sent = st.session_state.get("class_result")
    if not sent or sent["code"] != code:
        return
    if sent["read"] is None:
        st.success(tr("class.received_unread", id=sent["id"]))
        return
    st.success(tr("class.received", id=sent["id"], read=sent["read"]), icon=":material/check_circle:")
    st.caption(tr("class.received_right") if sent["read"] == sent["label"] else tr("class.received_wrong"))


def reader_answer(image):
    runs, _ = stored_runs()
    chosen = default_sketch_runs(runs)[:1]
    found, _ = readings(chosen, image) if chosen else ([], [])
    return found[0].digit if found else None


def send(code, prompt):
    """Send's callback, before the page runs again: the drawing is stored (or
    refused) and the canvas emptied in the same run that shows the answer. It
    reads the widgets' values now: a name typed just before the tap counts."""
    pixels = uc.canvas_pixels(canvas_key())
    steps = canvas_steps(pixels) if pixels is not None else None
    sent_count = sent_before(code)
    name = str(st.session_state.get("class_name") or "").strip() or None
    label = prompt.label(chosen=st.session_state.get("class_which"), sent_before=sent_count)
    if steps is None or steps.blank:
        st.session_state.class_problem = tr("class.draw_first")
    elif label is None:
        st.session_state.class_problem = tr("class.pick_first")
    else:
        drawing_id, refused = uc.send(code, steps.centred, label, name)
        if refused:
            st.session_state.class_problem = refused
            return
        st.session_state.class_result = {"code": code, "id": drawing_id, "label": label,
                                         "read": reader_answer(steps.centred)}
        st.session_state.setdefault("class_sent", {})[code] = sent_count + 1
        st.session_state.class_canvas_gen = st.session_state.get("class_canvas_gen", 0) + 1
        st.session_state.pop("class_which", None)


code = str(st.query_params.get("class") or "").strip().upper()[:8]
if not code:
    ask_for_code()
    st.stop()
info, problem = uc.session_of(code)
if problem is not None:
    st.error(problem)
    ask_for_code()
    st.stop()
uc.join(code)
prompt = uc.prompt_of(info)
st.title(prompt_text(prompt, sent_before(code)))
result(code)
problem = st.session_state.pop("class_problem", None)
if problem:
    st.warning(markdown_text(problem))
st.text_input(tr("class.name"), max_chars=NAME_LIMIT, key="class_name")
canvas = st_canvas(stroke_width=22, stroke_color="#FFFFFF", background_color="#000000", height=CANVAS_SIZE,
                   width=CANVAS_SIZE, drawing_mode="freedraw", return_image_data=True,
                   key=canvas_key())
steps = canvas_steps(canvas.image_data) if canvas.image_data is not None else None
if steps is not None and not steps.blank:  # what the model will be given: 28x28, as MNIST's digits
    st.image(for_display(steps.centred, 84), caption=tr("class.model_sees"))
if prompt.kind == "any":
    st.segmented_control(tr("class.which"), list(range(10)), key="class_which")
st.button(tr("class.send"), type="primary", icon=":material/send:", key="class_send", width="stretch",
          on_click=send, args=(code, prompt))
