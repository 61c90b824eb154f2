"""The Draw page's glue: an upload read once per file, each chosen model's answer,
and the class set (its cached drawings and scores, saving and clearing)."""
import threading

import numpy as np
import pandas as pd
import streamlit as st

from core.classroom import class_set_code
from core.classset import score_runs
from core.paths import app_home
from core.sketch import ImageFileError, digit_counts, image_file_steps, pixel_limits, read_probs, to_uint8
from ui import markdown_text, roles, tr
from ui.classroom import classroom
from ui.runs import shared_model, store

UPLOADS_KEPT = 32  # decoded uploads kept for every session: each is at most ~2.5 MB (560 px float32 steps)
DECODING_AT_ONCE = 2  # uploads decoded at the same time on this server: each may take ~110 MB while it runs
_decoding = threading.BoundedSemaphore(DECODING_AT_ONCE)


def clear_canvas():
    """A canvas is emptied from Python by giving it a new key."""
    st.session_state.sketch_canvas_gen = st.session_state.get("sketch_canvas_gen", 0) + 1


# ---- an upload ---------------------------------------------------------------------------

def upload_steps(upload):
    """(SketchSteps, None) for an uploaded file, or (None, a translated message).

    Decoded once per file: a rerun (a click, another model chosen) finds the
    steps by the hash of the file's bytes instead of decoding it again."""
    max_mb = st.get_option("server.maxUploadSize")
    if upload.size > max_mb * 1024 * 1024:
        return None, tr("sketch.upload_too_large", mb=max_mb)
    if st.session_state.get("sketch_upload_seen") != upload.file_id:  # a new file, not a rerun
        if not roles.allow("upload"):
            return None, tr("roles.too_many_uploads")
        st.session_state.sketch_upload_seen = upload.file_id
    steps, reason = _read_upload(upload.getvalue())
    if reason is not None:
        return None, tr(f"sketch.upload_{reason}", mb=max_mb, **pixel_limits())
    return steps, None


@st.cache_data(show_spinner=False, max_entries=UPLOADS_KEPT)
def _read_upload(data):
    """(steps, None) or (None, ImageFileError.reason); a refusal is kept too, so a
    broken file is not read again on every rerun. Keyed by the bytes' hash."""
    with _decoding:
        try:
            return image_file_steps(data), None
        except ImageFileError as e:
            return None, e.reason


# ---- the models' answers -----------------------------------------------------------------

def readings(chosen, image):
    """(one Reading per chosen model that loads, the run ids that did not load)."""
    found, failed = [], []
    for run_id in chosen:
        try:
            probs = shared_model(run_id).predict(image[None])[0]
        except (LookupError, ValueError, OSError):
            failed.append(run_id)
            continue
        found.append(read_probs(run_id, probs))
    return found, failed


def pick_random_test_digit(n):
    st.session_state.sketch_test_index = int(np.random.default_rng().integers(n))


# ---- the class set: a standing session of the class store (core.classroom) ---------------

def _code():
    return class_set_code(classroom(), legacy_folder=app_home() / "class_digits")


@st.cache_data(show_spinner=False, max_entries=4)
def _class_set_data(home, code, version):
    """(images, digits) of the set's visible drawings; `version` changes with every drawing saved or hidden."""
    frame, images = classroom().drawings(code), classroom().images(code)
    visible = ~frame["hidden"].to_numpy(bool)
    return images[visible], frame["label"].to_numpy()[visible].astype(int)


@st.cache_data(show_spinner=False, max_entries=64)
def _class_set_probs(run_id, stamp, home, code, version):
    return shared_model(run_id).predict(_class_set_data(home, code, version)[0])


def class_set():
    """(the set's session code, its version, its digits (n,), per-digit counts (10,))."""
    code = _code()
    counts = classroom().counts(code)
    version = (counts.drawings, counts.visible)
    digits = _class_set_data(str(app_home()), code, version)[1]
    return code, version, digits, digit_counts(digits)


def export_class_set(code):
    return classroom().export_npz(code)


def save_to_class_set(image, digit):
    """The save button's callback: the message for the next run, a cleared canvas."""
    if not roles.allow("class_save"):
        st.session_state.sketch_class_message = ("warning", tr("roles.too_many_saves"))
        return
    code = _code()
    try:
        classroom().add(code, image, digit)
    except (OSError, ValueError) as e:
        st.session_state.sketch_class_message = ("error", tr("sketch.class_save_failed", error=markdown_text(e)))
        return
    st.session_state.sketch_class_message = ("success", tr("sketch.class_saved", digit=digit,
                                                           n=classroom().counts(code).visible))
    st.session_state.sketch_saved = True  # the class set below changed: the page runs whole
    st.session_state.sketch_class_digit = None
    clear_canvas()  # for the next student


@roles.teacher_only
def ask_to_clear_class_set():
    st.session_state.sketch_class_confirm = True


def clear_class_set(confirmed):
    st.session_state.sketch_class_confirm = False
    if confirmed:
        _clear_class_set()


@roles.teacher_only
def _clear_class_set():
    """A new, empty set; the old one's drawings stay in the store (ended, not deleted)."""
    classroom().end(_code())
    st.session_state.sketch_class_message = ("success", tr("sketch.class_cleared"))


def class_scores(runs, code, version, chosen, labels):
    """How the chosen models read the class set: (a table of each model's accuracy
    on it and on MNIST's test set, the drawings every model gets wrong as uint8
    pictures, their captions, the run ids that did not load)."""
    images, digits = _class_set_data(str(app_home()), code, version)
    probs, failed = {}, []
    for run_id in chosen:
        try:
            probs[run_id] = _class_set_probs(run_id, store().stamp(run_id), str(app_home()), code, version)
        except (LookupError, ValueError, OSError):
            failed.append(run_id)
    if not probs:
        return None, None, [], failed
    accuracy, predicted, all_wrong = score_runs(digits, probs)
    mnist = dict(zip(runs["run_id"], runs["test_accuracy"]))
    table = pd.DataFrame({
        tr("sketch.class_col_model"): [labels[r] for r in probs],
        tr("sketch.class_col_class"): [accuracy[r] * 100 for r in probs],
        tr("sketch.class_col_mnist"): [mnist[r] * 100 for r in probs],
    })
    captions = [tr("sketch.class_wrong_caption", label=digits[i],
                   read="/".join(sorted({str(p[i]) for p in predicted.values()}))) for i in all_wrong]
    return table, to_uint8(images[all_wrong]), captions, failed
