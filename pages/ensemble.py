"""Average several runs' answers and see which digits the ensemble gets right; train the members."""
import streamlit as st

from core.choices import complete_runs, default_ensemble_members
from core.cnn_insight import machine_summary
from core.ensemble import ensemble_report
from core.estimates import measured_seconds_per_epoch, seconds_per_epoch, suggested_epochs
from core.experiments import ensemble_configs, is_stored
from core.training import TrainConfig
from ui import jobs, mnist_or_stop, page_link, tr
from ui.charts import digit_grid, ensemble_figure
from ui.runs import duration, load_run, run_labels, stored_runs

JOB = "ensemble"
FULL = 60_000
PRESETS = ("cnn_fast", "cnn")  # cnn_fast trains in about a minute on a laptop, cnn in minutes per epoch


def members_table(report, info):
    members = report["members"]
    table = members.assign(preset=info.preset[members.run_id].to_numpy(), seed=info.seed[members.run_id].to_numpy(),
                           epochs=info.epoch[members.run_id].to_numpy())
    table.loc[len(table)] = {"run_id": tr("ensemble.ensemble_row"), "accuracy": report["accuracy"],
                             "errors": report["errors"], "preset": "", "seed": None, "epochs": None}
    return table


def results(report, info, y_test, x_test):
    members = report["members"]
    best = members.set_index("run_id").loc[report["best"]]
    gain = (report["accuracy"] - best.accuracy) * 100
    st.subheader(tr("ensemble.results"))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(tr("ensemble.metric_ensemble", n=len(members)), f"{report['accuracy']:.2%}", f"{gain:+.2f}")
    c2.metric(tr("ensemble.metric_best"), f"{best.accuracy:.2%}")
    c3.metric(tr("ensemble.metric_mean"), f"{members.accuracy.mean():.2%}")
    c4.metric(tr("ensemble.metric_errors"), f"{report['errors']:,} / {int(best.errors):,}")
    summary = tr("ensemble.beats" if gain > 0 else "ensemble.no_gain", gain=gain, fixed=len(report["fixed"]),
                 broken=len(report["broken"]))
    (st.success if gain > 0 else st.warning)(summary)

    table = members_table(report, info)
    st.plotly_chart(ensemble_figure(table, len(members)), key="ensemble_chart")
    st.dataframe(
        table[["run_id", "preset", "seed", "epochs", "accuracy", "errors"]].rename(columns={
            "run_id": tr("ensemble.col_model"), "preset": tr("ensemble.col_preset"),
            "seed": tr("ensemble.col_seed"), "epochs": tr("ensemble.col_epochs"),
            "accuracy": tr("ensemble.col_accuracy"), "errors": tr("ensemble.col_errors")}),
        column_config={tr("ensemble.col_accuracy"): st.column_config.NumberColumn(format="percent")},
        hide_index=True, key="ensemble_table",
    )
    changed_digits(report, x_test, y_test)


def changed_digits(report, x_test, y_test):
    st.subheader(tr("ensemble.fixed_header"))
    fixed = report["fixed"][:48]
    if len(fixed):
        st.caption(tr("ensemble.fixed_help", n=len(report["fixed"]), best=report["best"]))
        best_said = load_run(report["best"]).test_probs.argmax(axis=1)
        captions = [tr("ensemble.fixed_caption", label=y_test[i], wrong=best_said[i],
                       share=report["probs"][i, y_test[i]]) for i in fixed]
        st.plotly_chart(digit_grid(x_test[fixed], captions, cols=8), key="ensemble_fixed")
    else:
        st.info(tr("ensemble.none_fixed"))
    broken = report["broken"][:24]
    if len(broken):
        with st.expander(tr("ensemble.broken_header", n=len(report["broken"]))):
            captions = [tr("ensemble.broken_caption", label=y_test[i], wrong=report["predicted"][i]) for i in broken]
            st.plotly_chart(digit_grid(x_test[broken], captions, cols=8), key="ensemble_broken")


def members(runs, x_test, y_test):
    complete = complete_runs(runs)
    if complete is None or not len(complete):
        st.info(tr("ensemble.no_runs"), icon=":material/info:")
        return
    labels = run_labels(complete)
    default = default_ensemble_members(complete, prefer=PRESETS)
    if not default:
        st.info(tr("ensemble.none_alike"), icon=":material/info:")
    chosen = st.multiselect(tr("ensemble.choose"), list(labels), default=default, format_func=labels.get,
                            help=tr("ensemble.choose_help"), key="ensemble_members")
    if len(chosen) < 2:
        st.info(tr("ensemble.pick_more"), icon=":material/info:")
        return
    probs = {}
    for run_id in chosen:
        try:
            probs[run_id] = load_run(run_id).test_probs
        except (LookupError, ValueError) as e:
            st.error(tr("runs.cannot_open", run=run_id, error=e), icon=":material/error:")
    if len(probs) < 2:
        st.info(tr("ensemble.pick_more"), icon=":material/info:")
        return
    results(ensemble_report(probs, y_test), complete.set_index("run_id"), y_test, x_test)


def estimate(runs, preset, todo, epochs, small_cpu, suggested):
    if not todo:
        return
    config = TrainConfig(preset=preset)
    measured = measured_seconds_per_epoch(runs, config)
    per_epoch = seconds_per_epoch(runs, config)
    total = sum(seconds_per_epoch(runs, c) * c.epochs for c in todo)
    st.info(tr("ensemble.estimate_runs" if measured else "ensemble.estimate_typical", preset=preset,
               per_epoch=per_epoch, todo=len(todo), epochs=int(epochs), total=duration(total)),
            icon=":material/schedule:")
    if small_cpu and preset == "cnn":
        full = per_epoch * 7 * 40
        st.warning(tr("ensemble.small_cpu", cpus=machine_summary()["cpus"], full=duration(full), epochs=suggested),
                   icon=":material/memory:")


def training(runs):
    st.header(tr("ensemble.train_header"))
    st.write(tr("ensemble.train_help"))
    ended = jobs.take_ended(JOB)
    if ended is not None:
        jobs.report(ended)
        if ended.state == jobs.DONE:
            st.success(tr("ensemble.trained", n=len(ended.progress["finished"])))
    machine = machine_summary()
    small_cpu = not machine["gpu"] and machine["cpus"] <= 4
    names = {p: tr(f"ensemble.preset_{p}") for p in PRESETS}
    preset = st.radio(tr("ensemble.preset"), PRESETS, index=0 if small_cpu else 1, format_func=names.get,
                      horizontal=True, key="ensemble_preset")
    if preset == "cnn":
        suggested = suggested_epochs(seconds_per_epoch(runs, TrainConfig(preset="cnn")), 3) if small_cpu else 40
    else:  # its one learning-rate cycle is laid out over the preset's epochs
        suggested = TrainConfig(preset=preset).normalized().epochs
    default_n = {"cnn_fast": 5, "cnn": 3 if small_cpu else 7}[preset]
    c1, c2, c3, c4 = st.columns(4)
    n_models = c1.number_input(tr("ensemble.n_models"), 1, 15, value=default_n, key=f"ensemble_n_{preset}")
    epochs = c2.number_input(tr("ensemble.epochs"), 1, 100, value=suggested, key=f"ensemble_epochs_{preset}")
    first_seed = c3.number_input(tr("ensemble.first_seed"), 0, 10_000, value=1, key="ensemble_first_seed")
    digits = c4.select_slider(tr("ensemble.digits"), [1000, 5000, 10_000, 30_000, FULL], value=FULL,
                              format_func="{:,}".format, help=tr("ensemble.digits_help"), key="ensemble_digits")
    seeds = list(range(int(first_seed), int(first_seed) + int(n_models)))
    configs = ensemble_configs(seeds, epochs, preset=preset,
                               **({} if digits == FULL else {"train_limit": int(digits)}))
    todo = [c for c in configs if not is_stored(runs, c)]
    if not todo:
        st.success(tr("ensemble.all_stored", n=len(configs)))
    estimate(runs, preset, todo, epochs, small_cpu, suggested)

    st.caption(tr("ensemble.cli"))
    limit = "" if digits == FULL else f" --limit {int(digits)}"
    seed_text = str(seeds[0]) if len(seeds) == 1 else f"{seeds[0]}-{seeds[-1]}"
    st.code(f"python -m core.train --preset {preset} --seeds {seed_text} --epochs {int(epochs)}{limit}",
            language="bash")

    if jobs.job(JOB) is None and todo:
        if jobs.training_elsewhere():
            st.info(tr("ensemble.busy"), icon=":material/hourglass_top:")
        refused = jobs.refusal(todo)
        st.button(tr("ensemble.start"), type="primary", key="ensemble_start", on_click=jobs.start,
                  disabled=refused is not None, args=(JOB, todo),
                  kwargs={"names": [tr("ensemble.member", preset=c.preset, seed=c.seed) for c in todo]})
        if refused:
            st.caption(refused)
    jobs.follow(JOB)


(_, _), (x_test, y_test) = mnist_or_stop()
st.title(tr("ensemble.title"))
st.write(tr("ensemble.intro"))
runs, _ = stored_runs()
members(runs, x_test, y_test)
training(runs)
page_link("pages/cnn.py", tr("nav.cnn"), icon=":material/filter_center_focus:")
