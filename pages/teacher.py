"""The teacher's rules for students (what they may train) and the training queue.
Students see the rules read-only."""
import streamlit as st

from core.models import PRESETS
from core.roles import Rules
from ui import jobs, roles, tr

st.title(tr("teacher.title"))
if roles.role() == roles.ALONE:
    st.info(tr("teacher.alone"), icon=":material/person:")
st.write(tr("teacher.intro") if roles.is_teacher() else tr("teacher.students_read_only"))

rules = roles.rules()
refused = roles.reason_not_teacher()
with st.form("teacher_rules", border=True):
    students_train = st.toggle(tr("teacher.students_train"), value=rules.students_train, disabled=bool(refused))
    presets = st.multiselect(tr("teacher.presets"), list(PRESETS), default=rules.presets, disabled=bool(refused))
    left, right = st.columns(2)
    max_epochs = left.number_input(tr("teacher.max_epochs"), 1, 50, rules.max_epochs, disabled=bool(refused))
    max_runs = right.number_input(tr("teacher.max_runs"), 1, 15, rules.max_runs, disabled=bool(refused))
    jobs_per_student = left.number_input(tr("teacher.jobs_per_student"), 1, 3, rules.jobs_per_student,
                                         disabled=bool(refused))
    queued_limit = right.number_input(tr("teacher.queued_limit"), 0, 50, rules.queued_limit, disabled=bool(refused))
    st.caption(tr("teacher.defaults_help"))
    saved = st.form_submit_button(tr("teacher.save"), type="primary", disabled=bool(refused),
                                  icon=":material/save:")
if saved:
    # roles.set_rules refuses a student's session on the server, whatever the form sent
    if roles.set_rules(Rules(students_train, presets, max_epochs, max_runs, jobs_per_student, queued_limit)):
        st.success(tr("teacher.saved"))
    else:
        roles.show_refusal()

st.subheader(tr("teacher.jobs"))
running = jobs.this_server()
if not running:
    st.caption(tr("teacher.jobs_none"))
for i, job in enumerate(running):
    progress = job.progress()
    who = tr("teacher.who_teacher") if job.owner.teacher else tr("teacher.who_student")
    text, stop = st.columns([4, 1], vertical_alignment="center")
    text.text(tr("teacher.job_row", who=who, runs=", ".join(job.run_ids), state=jobs.status_text(
        progress, [c.preset for c in job.configs])))
    stop.button(tr("jobs.stop"), key=f"teacher_stop_{i}", on_click=jobs.stop_any, args=(tuple(job.run_ids),),
                disabled=bool(refused) or job.stop_event.is_set(), help=refused, icon=":material/stop:")

st.subheader(tr("teacher.queue"))
waiting = jobs.queue()
if not waiting:
    st.caption(tr("teacher.queue_empty"))
for place, ticket in enumerate(waiting, start=1):
    who = tr("teacher.who_teacher") if ticket.teacher else tr("teacher.who_student")
    st.text(tr("teacher.queue_row", place=place, who=who, runs=", ".join(ticket.runs)))
