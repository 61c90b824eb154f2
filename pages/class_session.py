"""The teacher's class session: a code and a QR code for the projector, and a
live wall of the students' drawings read by one of the class's runs."""
import numpy as np
import streamlit as st

import ui.classroom as uc
from core.choices import default_sketch_runs
from core.join import PROMPT_KINDS, Prompt
from ui import jobs, page_link, roles, tr
from ui.charts import confusion_figure, digit_grid, per_class_figure
from ui.runs import run_labels, stored_runs

WALL_SIZE = 32  # newest drawings on the mosaic: four rows of eight


def start_form():
    st.write(tr("class.intro"))
    names = {kind: tr(f"class.prompt_{kind}") for kind in PROMPT_KINDS}
    kind = st.radio(tr("class.prompt"), PROMPT_KINDS, format_func=names.get, key="class_prompt_kind")
    digit = None
    if kind == "digit":
        digit = st.segmented_control(tr("class.prompt_which"), list(range(10)), default=7, key="class_prompt_digit")
    st.button(tr("class.start"), type="primary", icon=":material/qr_code_2:", key="class_start",
              on_click=uc.start_session, args=(Prompt(kind, 7 if kind == "digit" and digit is None else digit),))


def join_panel(code):
    url, reachable = uc.join_link(code)
    st.html(f'<div style="font-size:clamp(2.5rem,5vw,4.5rem);font-weight:700;letter-spacing:0.12em;'
            f'line-height:1.1;white-space:nowrap">{code}</div>')
    st.image(uc.join_picture(url), width=320)
    st.caption(tr("class.join_at", url=url))
    if not reachable:
        st.warning(tr("class.not_reachable"), icon=":material/wifi_off:")


def caption(row, read):
    return tr("class.caption", id=int(row.id), label=int(row.label), read=int(read)) + ("" if read == row.label
                                                                                       else " ✗")


@st.fragment(run_every=1.0)
def live_wall(code, run_id):
    drawings, images, numbers = uc.wall(code, run_id)
    counts = uc.classroom().counts(code)
    visible = ~drawings["hidden"].to_numpy(bool)
    a, b, c = st.columns(3)
    a.metric(tr("class.joined"), counts.joined)
    b.metric(tr("class.drawings"), counts.visible)
    c.metric(tr("class.accuracy"), "–" if numbers["accuracy"] is None else f"{numbers['accuracy']:.1%}")
    if not visible.any():
        st.info(tr("class.wall_empty"))
        return
    newest = np.flatnonzero(visible)[::-1][:WALL_SIZE]
    read = numbers["predicted"]
    read_by_row = dict(zip(np.flatnonzero(visible), read))
    st.markdown(f"**{tr('class.newest')}**")
    st.plotly_chart(digit_grid(images[newest], [caption(drawings.iloc[i], read_by_row[i]) for i in newest], cols=8),
                    key="class_wall_mosaic", config={"displayModeBar": False})
    left, right = st.columns(2)
    left.plotly_chart(per_class_figure({tr("class.per_digit"): numbers["per_digit"]}), key="class_wall_per_digit")
    right.plotly_chart(confusion_figure(numbers["confusion"], tr("class.confusion")), key="class_wall_confusion")
    hardest = np.flatnonzero(visible)[numbers["hardest"]]
    st.markdown(f"**{tr('class.hardest')}**")
    st.plotly_chart(digit_grid(images[hardest], [caption(drawings.iloc[i], read_by_row[i]) for i in hardest],
                               cols=8), key="class_wall_hardest", config={"displayModeBar": False})


def learn_panel(code, run_id):
    st.subheader(tr("class.learn_title"))
    st.write(tr("class.learn_text"))
    busy = jobs.job(uc.LEARN_JOB) is not None
    st.button(tr("class.learn"), type="primary", icon=":material/school:", key="class_learn", disabled=busy,
              on_click=uc.learn, args=(code, run_id))
    jobs.follow(uc.LEARN_JOB)


def controls(code):
    hide, end, export = st.columns(3, vertical_alignment="bottom")
    which = hide.number_input(tr("class.hide_which"), min_value=1, step=1, value=None, key="class_hide_id",
                              help=tr("class.hide_help"))
    if hide.button(tr("class.hide"), key="class_hide", icon=":material/visibility_off:", disabled=which is None):
        uc.hide_drawing(which)
        st.toast(tr("class.hidden", id=int(which)))
    end.button(tr("class.end"), key="class_end", icon=":material/stop_circle:", on_click=uc.end_session,
               args=(code,))
    export.download_button(tr("class.export"), data=lambda: uc.classroom().export_npz(code),
                           file_name=f"class_{code}.npz", mime="application/octet-stream", key="class_export",
                           icon=":material/download:", help=tr("class.export_help"))
    with st.expander(tr("class.import_title"), icon=":material/upload_file:"):
        upload = st.file_uploader(tr("class.import"), type=["npz"], key="class_import_file",
                                  help=tr("class.import_help"))
        st.button(tr("class.import_button"), key="class_import", disabled=upload is None,
                  on_click=uc.import_drawings, args=(code, upload))


st.title(tr("class.title"))
if not roles.is_teacher():
    st.info(tr("class.teacher_only_page"), icon=":material/school:")
    page_link("pages/class_join.py", tr("nav.class_join"), icon=":material/login:")
    st.stop()

jobs.report(uc.take_learned())
code = uc.open_session()
if code is None:
    start_form()
    st.stop()

runs, _ = stored_runs()
left, right = st.columns([1, 2], gap="large")
with left:
    join_panel(code)
with right:
    if runs.empty:
        st.warning(tr("class.no_runs"))
        page_link("pages/train.py", tr("nav.train"))
    else:
        labels = run_labels(runs)
        default = default_sketch_runs(runs)[0]
        run_id = st.selectbox(tr("class.reader"), list(labels), index=list(labels).index(default),
                              format_func=labels.get, key="class_reader")
        live_wall(code, run_id)
        learn_panel(code, run_id)
controls(code)
