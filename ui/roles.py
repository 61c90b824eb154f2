"""Who this session is, and what it may do.

Where a teacher key is set (MNIST_STUDIO_TEACHER_KEY, or `teacher_key` in
.streamlit/secrets.toml), a session is a student until the key is typed in
the sidebar; then it is the teacher's. Where none is set and the server
listens on this computer only, its one user may do everything (ALONE). With
no key on a network, everyone is a student: nobody can delete the class's runs.

Every action a student may not take is refused here, on the server, whatever
the page shows (a callback can be called by a crafted message):

    @teacher_only                         # a callback: refused, with a message, for a student
    def delete(run_id): ...
    if not allow("drawing"): ...          # a rate limit per student session
    training_refusal(configs)             # why this session may not train these, or None
"""
import functools
import uuid

import streamlit as st

from core import background
from core.paths import app_home
from core.ratelimit import RateLimit
from core.roles import key_from_environment, key_matches, load_rules, save_rules
from core.roles import training_refusal as rules_refusal
from ui import tr
from ui.runs import store
from ui.workarounds import session_liveness

TEACHER, STUDENT, ALONE = "teacher", "student", "alone"
LOOPBACK = ("localhost", "127.0.0.1", "::1")
SIGNED_IN = "roles_teacher"
TYPED = "roles_key_typed"
REFUSAL = "roles_refusal"

# (actions a second, at once) for a student's session; the teacher has no limits.
LIMITS = {
    "drawing": (5, 15),  # a canvas stroke read by the models: no hand draws faster
    "upload": (0.5, 3),
    "class_save": (1, 5),
    "sign_in": (1 / 12, 5),  # key attempts: 5, then one every 12 s
    "class_code": (1 / 5, 5),  # class codes that do not exist: 5, then one every 5 s
}


def configured_key():
    key = key_from_environment()
    if key:
        return key
    try:
        return str(st.secrets.get("teacher_key", "")).strip() or None
    except (FileNotFoundError, KeyError, OSError, ValueError):  # no secrets file, or an unreadable one
        return None


def serving_loopback():
    return st.get_option("server.address") in LOOPBACK


def role():
    key = configured_key()
    if key is None:
        return ALONE if serving_loopback() else STUDENT
    return TEACHER if st.session_state.get(SIGNED_IN) else STUDENT


def is_teacher():
    return role() != STUDENT


def session_id():
    """This browser session's own id (it owns the jobs it starts)."""
    if "roles_session" not in st.session_state:
        st.session_state.roles_session = uuid.uuid4().hex
    return st.session_state.roles_session


def owner():
    """This session as the owner of a training job (core.background.Owner)."""
    return background.Owner(session=session_id(), teacher=is_teacher(), alive=session_liveness())


# ---- refusals ------------------------------------------------------------------------

def refuse(text):
    """Tell the user why an action did nothing (a toast at the next run)."""
    st.session_state[REFUSAL] = text


def show_refusal():
    refusal = st.session_state.pop(REFUSAL, None)
    if refusal:
        st.toast(refusal, icon=":material/lock:")


def teacher_only(action):
    """A callback only the teacher's session may run; a student's call is refused."""
    @functools.wraps(action)
    def guarded(*args, **kwargs):
        if not is_teacher():
            refuse(tr("roles.teacher_only"))
            return None
        return action(*args, **kwargs)
    return guarded


def reason_not_teacher():
    """The short reason shown beside a disabled teacher-only control, or None for the teacher."""
    return None if is_teacher() else tr("roles.teacher_only")


def allow(action):
    """True if a student's session is within its limit for `action` (always for the teacher)."""
    if is_teacher():
        return True
    buckets = st.session_state.setdefault("roles_limits", {})
    if action not in buckets:
        buckets[action] = RateLimit(*LIMITS[action])
    return buckets[action].allow()


# ---- training ------------------------------------------------------------------------

def rules():
    return load_rules(app_home())


@teacher_only
def set_rules(new_rules):
    """Save the rules for every replica; True once saved (None: refused)."""
    save_rules(app_home(), new_rules)
    return True


def training_refusal(configs):
    """The translated reason this session may not start training `configs`, or None."""
    if is_teacher():
        return None
    refusal = rules_refusal(rules(), configs, len(background.jobs_of(session_id())),
                            background.queued_students(store()))
    return None if refusal is None else tr(refusal[0], **refusal[1])


# ---- signing in ------------------------------------------------------------------------

def sign_in():
    typed = st.session_state.get(TYPED, "")
    st.session_state[TYPED] = ""  # the key leaves the widget at once
    if st.session_state.get(SIGNED_IN):
        return
    if not allow("sign_in"):  # not signed in yet: a student's limit
        refuse(tr("roles.wait_to_sign_in"))
    elif key_matches(typed, configured_key()):
        st.session_state[SIGNED_IN] = True
    else:
        refuse(tr("roles.wrong_key"))


def sign_out():
    st.session_state.pop(SIGNED_IN, None)


def sidebar():
    """The sidebar's teacher box: sign in or out where a key is set; a note where
    the server is on a network without one."""
    who = role()
    if who == ALONE:
        return
    if configured_key() is None:
        st.sidebar.caption(tr("roles.no_key_on_network"))
        return
    if who == TEACHER:
        st.sidebar.success(tr("roles.signed_in"), icon=":material/school:")
        st.sidebar.button(tr("roles.sign_out"), key="roles_sign_out", on_click=sign_out)
        return
    with st.sidebar.expander(tr("roles.teacher"), icon=":material/school:"):
        st.text_input(tr("roles.key"), type="password", key=TYPED, max_chars=64, autocomplete="off",
                      on_change=sign_in)
        st.button(tr("roles.sign_in"), key="roles_sign_in", on_click=sign_in)
