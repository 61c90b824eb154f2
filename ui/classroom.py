"""The class session's glue: the store of this server process, the join link,
a student's sending, and the wall's drawings read by one model (only new
drawings are read on each poll)."""
import dataclasses
import time
import uuid

import numpy as np
import streamlit as st

from core.classroom import CLASS_SET, Classroom, SessionEnded, SessionNotFound, configured_url
from core.join import join_url, parse_prompt, public_base_url, public_url_set, qr_png, wall_numbers
from core.paths import app_home
from core.status import DONE
from ui import jobs, roles, tr
from ui.compare import choose
from ui.runs import shared_model, store

ACTIVE = "class_code"  # the teacher's open session, in their browser session


@st.cache_resource(show_spinner=False)
def _classroom(home, url):
    return Classroom(url or None)


def classroom():
    """One store connection per server process (and per app folder, for tests)."""
    return _classroom(str(app_home()), configured_url())


def reachable_url():
    """(the join URL's base, whether students can reach it): a server on loopback only is not reachable."""
    return public_base_url(st.get_option("server.port")), not roles.serving_loopback() or public_url_set()


@st.cache_data(show_spinner=False, max_entries=16)
def join_picture(url):
    return qr_png(url)


def join_link(code):
    base, reachable = reachable_url()
    return join_url(base, code), reachable


# ---- the teacher ----------------------------------------------------------------------

@roles.teacher_only
def start_session(prompt):
    st.session_state[ACTIVE] = classroom().start(prompt.text())
    st.session_state.pop("wall", None)


@roles.teacher_only
def end_session(code):
    classroom().end(code)
    st.session_state.pop(ACTIVE, None)


@roles.teacher_only
def hide_drawing(drawing_id):
    classroom().hide(int(drawing_id))


@roles.teacher_only
def import_drawings(code, upload):
    """Add an uploaded .npz class set (x, y, optional student) to the session; a toast says how it went."""
    if not roles.allow("upload"):
        roles.refuse(tr("roles.too_many_uploads"))
        return
    try:
        n = classroom().import_npz(code, upload.getvalue())
    except (ValueError, SessionEnded) as e:
        st.toast(tr("class.import_refused", error=str(e)), icon=":material/error:")
        return
    st.toast(tr("class.imported", n=n), icon=":material/upload_file:")


LEARN_JOB = "class_learn"  # the "Learn our handwriting" training (ui.jobs)


def learn_config(code, run_id):
    """The recipe of `run_id` trained with session `code`'s drawings."""
    config = store().load(run_id).config.normalized()
    return dataclasses.replace(config, snapshot_epochs=(), class_session=code, class_share=None,
                               class_swap=False, class_drawings=None)


@roles.teacher_only
def learn(code, run_id):
    """Button callback: train the reader's recipe with the class's drawings; the
    page opens Compare with both runs when it is done (take_learned)."""
    try:
        config = learn_config(code, run_id)
        jobs.start(LEARN_JOB, [config], names=[tr("class.learn_name", preset=config.preset, code=code)],
                   baseline=run_id)
    except (LookupError, ValueError) as e:  # the run or the session is gone since the page was drawn
        st.toast(tr("class.learn_failed", error=str(e)), icon=":material/error:")


def take_learned():
    """The learning that has just ended, once; a finished one opens Compare with the reader beside it."""
    ended = jobs.take_ended(LEARN_JOB)
    if ended is not None and ended.state == DONE and ended.last_run is not None:
        choose([ended.context["baseline"], ended.last_run["run_id"]])
        st.switch_page("pages/compare.py")
    return ended


RESUME_WITHIN_S = 12 * 3600


def open_session():
    """The teacher's open session: this browser session's, else the newest one
    still open (a reload, or a replica that died, loses the browser session,
    not the class's), else None."""
    code = st.session_state.get(ACTIVE)
    if code is not None:
        try:
            if classroom().session(code).ended is None:
                return code
        except SessionNotFound:
            pass
        st.session_state.pop(ACTIVE, None)
    now = time.time()
    for info in classroom().sessions():
        if info.ended is None and now - info.created.timestamp() < RESUME_WITHIN_S and info.prompt != CLASS_SET:
            st.session_state[ACTIVE] = info.code
            return info.code
    return None


def wall(code, run_id):
    """(the session's drawings (a DataFrame), their images, wall_numbers over
    the visible ones) with `run_id` reading.
    Only drawings that arrived since the last poll are read by the model."""
    key = (code, run_id, store().stamp(run_id))
    cached = st.session_state.get("wall")
    if cached is None or cached["key"] != key:
        cached = {"key": key, "last": 0, "images": np.zeros((0, 28, 28), np.float32), "probs": np.zeros((0, 10))}
    frame, images = classroom().drawings_since(code, cached["last"])
    if len(frame):
        probs = shared_model(run_id).predict(images)
        cached.update(last=int(frame["id"].iloc[-1]), images=np.concatenate([cached["images"], images]),
                      probs=np.concatenate([cached["probs"], probs]))
    st.session_state.wall = cached
    drawings = classroom().drawings(code)
    drawings = drawings[drawings["id"] <= cached["last"]].reset_index(drop=True)
    visible = ~drawings["hidden"].to_numpy(bool)
    numbers = wall_numbers(drawings["label"].to_numpy()[visible], cached["probs"][visible])
    return drawings, cached["images"], numbers


# ---- a student --------------------------------------------------------------------------

def canvas_pixels(key):
    """The RGBA pixels of the canvas drawn under `key`, read from its state in
    a callback (before the canvas is drawn again), or None."""
    from streamlit_drawable_canvas import CanvasResult

    state = st.session_state.get(key) or {}
    drawing = state.get("drawing") or {}
    if not drawing.get("data"):
        return None
    return CanvasResult(json_data=drawing.get("raw"), image_data_url=drawing["data"], return_image_data=True,
                        background_fit=None).image_data


def session_of(code):
    """(SessionInfo, None) for an open session, or (None, the message for the student).
    Codes that do not exist are rate-limited: guessing one at random takes a long while."""
    if st.session_state.get("class_guessing") == code:  # the same wrong code again, as the page reruns
        return None, tr("class.no_such_code", code=str(code)[:12])
    try:
        info = classroom().session(code)
    except SessionNotFound:
        if not roles.allow("class_code"):
            return None, tr("class.too_many_codes")
        st.session_state.class_guessing = code
        return None, tr("class.no_such_code", code=str(code)[:12])
    if info.ended is not None:
        return None, tr("class.ended")
    return info, None


def join(code):
    """Count this browser as joined, once."""
    if "class_token" not in st.session_state:
        st.session_state.class_token = uuid.uuid4().hex
    if st.session_state.get("class_joined") != code:
        try:
            classroom().join(code, st.session_state.class_token)
        except (SessionNotFound, SessionEnded):
            return
        st.session_state.class_joined = code


def send(code, image, label, name):
    """Store a student's drawing: (the drawing id, None) or (None, the message)."""
    if not roles.allow("class_save"):
        return None, tr("roles.too_many_saves")
    try:
        return classroom().add(code, image, label, student=name or None), None
    except SessionEnded:
        return None, tr("class.ended")
    except SessionNotFound:
        return None, tr("class.no_such_code", code=str(code)[:12])
    except ValueError as e:
        return None, tr("class.refused", error=str(e))


def prompt_of(info):
    return parse_prompt(info.prompt)
