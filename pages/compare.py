"""Two to four runs side by side: curves, metrics, confusion matrices, the digits that changed."""
import streamlit as st

import ui.compare as uc
from core import compare, evaluate
from core.choices import MAX_COMPARED, choosable, default_comparison
from ui import jobs, markdown_text, mnist_or_stop, tr
from ui.charts import cell_digits, confusion_chart, digit_rows, per_class_figure
from ui.runs import duration, load_run, run_labels, stored_runs


def damaged(problems):
    st.warning(tr("compare.damaged", n=len(problems)), icon=":material/warning:")
    with st.expander(tr("compare.damaged_details")):
        for run_id, message in problems:
            st.code(message, language=None)


def curves(figures):
    st.header(tr("compare.curves_header"))
    st.caption(tr("compare.curves_help"))
    left, right = st.columns(2)
    left.plotly_chart(figures["loss"], key="compare_loss")
    right.plotly_chart(figures["accuracy"], key="compare_accuracy")
    st.plotly_chart(figures["gap"], key="compare_gap")


def metrics(by_name, data):
    st.header(tr("compare.metrics_header"))
    base = list(by_name)[0]
    table = data["metrics"]
    for column, name in zip(st.columns(len(by_name)), by_name):
        delta = None
        if name != base:
            delta = compare.format_value("test_accuracy", table.loc["test_accuracy", f"Δ {name}"], delta=True)
        column.metric(tr("compare.metric_card", name=markdown_text(name)),
                      compare.format_value("test_accuracy", table.loc["test_accuracy", name]), delta)
    metric_names = {m: tr(f"compare.metric.{m}") for m in evaluate.METRICS}
    text = compare.metrics_text(table, metric_names, lambda name: tr("compare.delta", name=name))
    st.dataframe(text.rename_axis(tr("compare.metric_column")), key="compare_metrics")
    st.caption(tr("compare.metrics_help", base=markdown_text(base)))


def confusion(figures, data, x_test, y_test):
    st.header(tr("compare.confusion_header"))
    st.caption(tr("compare.confusion_help"))
    n = len(figures["confusion"])
    for i, (column, figure, name) in enumerate(zip(st.columns(n), figures["confusion"], data["predicted"])):
        with column:
            cell = confusion_chart(figure, f"compare_cm_{i}")
            if cell is not None:
                cell_digits(x_test, y_test, data["predicted"][name], cell)
    for i, (column, figure) in enumerate(zip(st.columns(n), figures["differences"])):
        column.plotly_chart(figure, key=f"compare_cm_diff_{i}")
    st.header(tr("compare.per_class_header"))
    st.plotly_chart(figures["per_class"], key="compare_per_class")


def changes(by_name, data, x_test, y_test):
    st.header(tr("compare.changes_header"))
    base, others = list(by_name)[0], list(by_name)[1:]
    other = st.selectbox(tr("compare.changes_with"), others, key="compare_with") if len(others) > 1 else others[0]
    st.caption(tr("compare.changes_help", a=markdown_text(base), b=markdown_text(other)))
    fixed_and_broken(x_test, y_test, by_name[base].test_probs, by_name[other].test_probs,
                     (data["predicted"][base], data["predicted"][other]), ("compare.fixed", "compare.broken"),
                     help_keys=("compare.fixed_help", "compare.broken_help"), other=other)


def fixed_and_broken(images, labels, probs_a, probs_b, said, titles, help_keys=(None, None), other=""):
    """Two columns: the digits B reads right and A wrong, and the reverse, most confident first."""
    fixed, broken, n_fixed, n_broken = compare.fixed_and_broken(probs_a, probs_b, labels)
    said_a, said_b = said
    for column, title, help_key, shown, n in zip(st.columns(2), titles, help_keys, (fixed, broken),
                                                 (n_fixed, n_broken)):
        with column:
            st.subheader(tr(title, n=n))
            if help_key:
                st.caption(tr(help_key, b=other))
            if not n:
                st.write(tr("compare.none_changed"))
                continue
            if n > len(shown):
                st.caption(tr("compare.shown_of", shown=len(shown), n=n))
            captions = [tr("compare.digit_caption", label=labels[i], a=said_a[i], b=said_b[i]) for i in shown]
            digit_rows(images[shown], captions, per_row=4, scale=3)


def class_handwriting(loaded, names):
    """What training on the class's drawings gained, on the students it held out."""
    class_run, held = uc.class_held_out(loaded)
    if class_run is None:
        return
    st.header(tr("compare.class_header"))
    m = loaded[class_run].metrics
    st.caption(tr("compare.class_help", n=len(held["y"]), students=m.get("class_students_held_out", 0),
                  run=markdown_text(names[class_run]), code=loaded[class_run].config.class_session))
    try:
        readings = uc.class_readings(loaded, held)
    except (LookupError, ValueError) as e:
        st.error(tr("compare.load_error", run=class_run, error=e), icon=":material/error:")
        return
    by_name = {names[run_id]: probs for run_id, probs in readings.items()}
    data = compare.class_comparison(by_name, held["y"])
    base = list(by_name)[0]
    for column, name in zip(st.columns(len(by_name)), by_name):
        accuracy = data["accuracy"][name]
        delta = None if name == base else compare.format_value("test_accuracy", accuracy - data["accuracy"][base],
                                                               delta=True)
        column.metric(tr("compare.class_card", name=markdown_text(name)),
                      compare.format_value("test_accuracy", accuracy), delta)
    st.plotly_chart(per_class_figure(data["per_class"]), key="compare_class_per_digit")
    others = list(by_name)[1:]
    other = st.selectbox(tr("compare.changes_with"), others, key="compare_class_with") if len(others) > 1 \
        else others[0]
    fixed_and_broken(held["x"], held["y"], by_name[base], by_name[other],
                     (data["predicted"][base], data["predicted"][other]), ("compare.class_fixed", "compare.class_broken"))


def comparison(runs, labels, x_test, y_test):
    chosen = st.multiselect(tr("compare.choose"), list(labels), key=uc.CHOSEN, max_selections=MAX_COMPARED,
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
        return
    rows = runs.set_index("run_id", drop=False)
    names = compare.short_names(rows.loc[list(loaded)], lambda n: tr("compare.epoch_short", n=n),
                                lambda code: tr("compare.class_short", code=code))
    by_name, data, figures = uc.comparison(loaded, names, y_test)
    metrics(by_name, data)
    class_handwriting(loaded, names)
    curves(figures)
    confusion(figures, data, x_test, y_test)
    changes(by_name, data, x_test, y_test)


def experiments():
    st.divider()
    st.header(tr("compare.experiments_header"))
    busy = jobs.job(uc.JOB) is not None
    for column, kind in zip(st.columns(2), ("lr", "s2")):
        configs, ids, stored, seconds = uc.experiment_state(kind)
        with column:
            st.subheader(tr(f"compare.{kind}_title"))
            st.write(tr(f"compare.{kind}_text"))
            if stored:
                st.caption(tr("compare.stored"))
            else:
                st.caption(tr("compare.time_estimate", time=duration(seconds)))
                if kind == "s2":
                    st.warning(tr("compare.s2_time_warning"), icon=":material/schedule:")
            refused = None if stored else jobs.refusal(configs)
            st.button(tr(f"compare.{kind}_button"), key=f"compare_{kind}", disabled=busy or refused is not None,
                      on_click=uc.start_experiment, args=(kind,), icon=":material/play_arrow:")
            if refused:
                st.caption(refused)
    jobs.follow(uc.JOB)


(_, _), (x_test, y_test) = mnist_or_stop()
st.title(tr("compare.title"))
st.write(tr("compare.intro"))

ended = uc.take_ended_experiment()
runs, problems = stored_runs()
options = choosable(runs)
if problems:
    damaged(problems)
gone = uc.sync_choice(options, default_comparison(runs))
if st.session_state.get(uc.URL_MISSING):
    st.warning(tr("compare.unknown_ids", ids=", ".join(map(markdown_text, st.session_state[uc.URL_MISSING]))),
               icon=":material/link_off:")
if gone:
    st.warning(tr("compare.gone", ids=", ".join(gone)), icon=":material/warning:")
jobs.report(ended)

if not options:
    st.info(tr("compare.no_runs"), icon=":material/info:")
else:
    all_labels = run_labels(runs)
    comparison(runs, {run_id: all_labels[run_id] for run_id in options}, x_test, y_test)
experiments()
