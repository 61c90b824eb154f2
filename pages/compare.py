import streamlit as st

import ui_compare as uc
from core import compare, evaluate
from core.run_views import MAX_COMPARED, choosable, default_comparison
from ui import mnist_or_stop, tr
from ui_runs import digit_rows, load_run, run_name, stored_runs

(_, _), (x_test, y_test) = mnist_or_stop()

st.title(tr("compare.title"))
st.write(tr("compare.intro"))

finished = uc.pick_up_experiment()
runs, problems = stored_runs()
options = choosable(runs)
rows = runs.set_index("run_id", drop=False)
labels = {run_id: run_name(rows.loc[run_id]) for run_id in options}

if problems:
    st.warning(tr("compare.damaged", n=len(problems)), icon=":material/warning:")
    with st.expander(tr("compare.damaged_details")):
        for run_id, message in problems:
            st.code(message, language=None)
gone = uc.sync_choice(options, default_comparison(runs))
if st.session_state.get(uc.URL_MISSING):
    st.warning(tr("compare.unknown_ids", ids=", ".join(st.session_state[uc.URL_MISSING])),
               icon=":material/link_off:")
if gone:
    st.warning(tr("compare.gone", ids=", ".join(gone)), icon=":material/warning:")
uc.report_experiment(finished)


def show_comparison(loaded):
    names = compare.short_names(rows.loc[list(loaded)], lambda n: tr("compare.epoch_short", n=n))
    by_name, data, figures = uc.comparison(loaded, names, y_test)
    base, others = list(by_name)[0], list(by_name)[1:]

    st.header(tr("compare.curves_header"))
    st.caption(tr("compare.curves_help"))
    left, right = st.columns(2)
    left.plotly_chart(figures["loss"], key="compare_loss")
    right.plotly_chart(figures["accuracy"], key="compare_accuracy")
    st.plotly_chart(figures["gap"], key="compare_gap")

    st.header(tr("compare.metrics_header"))
    metrics = data["metrics"]
    for column, name in zip(st.columns(len(by_name)), by_name):
        delta = None
        if name != base:
            delta = compare.format_value("test_accuracy", metrics.loc["test_accuracy", f"Δ {name}"], delta=True)
        column.metric(tr("compare.metric_card", name=name),
                      compare.format_value("test_accuracy", metrics.loc["test_accuracy", name]), delta)
    metric_names = {m: tr(f"compare.metric.{m}") for m in evaluate.METRICS}
    table = compare.metrics_text(metrics, metric_names, lambda name: tr("compare.delta", name=name))
    st.dataframe(table.rename_axis(tr("compare.metric_column")), key="compare_metrics")
    st.caption(tr("compare.metrics_help", base=base))

    st.header(tr("compare.confusion_header"))
    st.caption(tr("compare.confusion_help"))
    for i, (column, figure) in enumerate(zip(st.columns(len(by_name)), figures["confusion"])):
        column.plotly_chart(figure, key=f"compare_cm_{i}")
    for i, (column, figure) in enumerate(zip(st.columns(len(by_name)), figures["differences"])):
        column.plotly_chart(figure, key=f"compare_cm_diff_{i}")

    st.header(tr("compare.per_class_header"))
    st.plotly_chart(figures["per_class"], key="compare_per_class")

    st.header(tr("compare.changes_header"))
    other = others[0]
    if len(others) > 1:
        other = st.selectbox(tr("compare.changes_with"), others, key="compare_with")
    said_a, said_b = data["predicted"][base], data["predicted"][other]
    fixed, broken, n_fixed, n_broken = compare.fixed_and_broken(by_name[base].test_probs,
                                                                by_name[other].test_probs, y_test)
    st.caption(tr("compare.changes_help", a=base, b=other))
    for column, title, help_key, shown, n in zip(
            st.columns(2), ("compare.fixed", "compare.broken"), ("compare.fixed_help", "compare.broken_help"),
            (fixed, broken), (n_fixed, n_broken)):
        with column:
            st.subheader(tr(title, n=n))
            st.caption(tr(help_key, b=other))
            if not n:
                st.write(tr("compare.none_changed"))
                continue
            if n > len(shown):
                st.caption(tr("compare.shown_of", shown=len(shown), n=n))
            captions = [tr("compare.digit_caption", label=y_test[i], a=said_a[i], b=said_b[i]) for i in shown]
            digit_rows(x_test[shown], captions, per_row=4, scale=3)


if not options:
    st.info(tr("compare.no_runs"), icon=":material/info:")
else:
    chosen = st.multiselect(tr("compare.choose"), options, key=uc.CHOSEN, max_selections=MAX_COMPARED,
                            format_func=labels.get, on_change=uc.choice_changed, help=tr("compare.choose_help"))
    uc.remember_choice(chosen)
    loaded = {}
    for run_id in chosen:
        try:
            loaded[run_id] = load_run(run_id)
        except (LookupError, ValueError) as e:
            st.error(tr("compare.load_error", run=run_id, error=e), icon=":material/error:")
    if len(loaded) < 2:
        st.info(tr("compare.pick_more"), icon=":material/info:")
    else:
        show_comparison(loaded)

st.divider()
st.header(tr("compare.experiments_header"))
busy = uc.experiment_running()
for column, kind in zip(st.columns(2), ("lr", "s2")):
    configs, ids, stored, seconds = uc.experiment_state(kind)
    with column:
        st.subheader(tr(f"compare.{kind}_title"))
        st.write(tr(f"compare.{kind}_text"))
        if stored:
            st.caption(tr("compare.stored"))
        else:
            if seconds is not None:
                st.caption(uc.estimate_text(seconds))
            if kind == "s2":
                st.warning(tr("compare.s2_time_warning"), icon=":material/schedule:")
        st.button(tr(f"compare.{kind}_button"), key=f"compare_{kind}", disabled=busy,
                  on_click=uc.start_experiment, args=(kind,), icon=":material/play_arrow:")
if busy:
    uc.experiment_progress()
