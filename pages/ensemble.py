import plotly.graph_objects as go
import streamlit as st

from core import cnn_insight, train_job
from core.ensemble import cnn_configs, ensemble_report, stored_complete, training_seconds
from core.runs import RunStore
from ui import digit_grid, mnist_or_stop, page_link, tr
from ui_runs import duration, forget_runs, load_run, stored_runs

(x_train, y_train), (x_test, y_test) = mnist_or_stop()

st.title(tr("ensemble.title"))
st.write(tr("ensemble.intro"))


# Caches are keyed by the store's folder: MNIST_STUDIO_HOME may move it.
STORE = str(RunStore().root)


runs, _ = stored_runs()
complete = runs[runs.status == "complete"] if len(runs) else runs
info = complete.set_index("run_id")
labels = {row.run_id: tr("ensemble.run_label", run_id=row.run_id, preset=row.preset, seed=row.seed, epochs=row.epoch,
                         accuracy=f"{row.test_accuracy:.2%}") for row in complete.itertuples()}

# ---- compare members with their average -------------------------------------
if not labels:
    st.info(tr("ensemble.no_runs"), icon=":material/info:")
else:
    cnn_ids = [r for r in labels if info.preset[r] == "cnn" and not info.snapshot_of[r]]
    default = cnn_ids if len(cnn_ids) >= 2 else list(labels)[:3]
    chosen = st.multiselect(tr("ensemble.choose"), list(labels), default=default, format_func=labels.get,
                            help=tr("ensemble.choose_help"), key="ensemble_members")
    if len(chosen) < 2:
        st.info(tr("ensemble.pick_more"), icon=":material/info:")
    else:
        report = ensemble_report({r: load_run(r).test_probs for r in chosen}, y_test)
        members = report["members"]
        best = members.set_index("run_id").loc[report["best"]]
        gain = (report["accuracy"] - best.accuracy) * 100

        st.subheader(tr("ensemble.results"))
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(tr("ensemble.metric_ensemble", n=len(chosen)), f"{report['accuracy']:.2%}", f"{gain:+.2f}")
        c2.metric(tr("ensemble.metric_best"), f"{best.accuracy:.2%}")
        c3.metric(tr("ensemble.metric_mean"), f"{members.accuracy.mean():.2%}")
        c4.metric(tr("ensemble.metric_errors"), f"{report['errors']} / {best.errors}")
        summary_key = "ensemble.beats" if gain > 0 else "ensemble.no_gain"
        (st.success if gain > 0 else st.warning)(
            tr(summary_key, gain=gain, fixed=len(report["fixed"]), broken=len(report["broken"])))

        table = members.assign(preset=info.preset[members.run_id].to_numpy(),
                               seed=info.seed[members.run_id].to_numpy(),
                               epochs=info.epoch[members.run_id].to_numpy())
        table.loc[len(table)] = {"run_id": tr("ensemble.ensemble_row"), "accuracy": report["accuracy"],
                                 "errors": report["errors"], "preset": "", "seed": None, "epochs": None}
        fig = go.Figure(go.Bar(
            x=table.run_id, y=table.accuracy * 100, text=[f"{a:.2%}" for a in table.accuracy],
            marker_color=["#888"] * len(members) + ["#e4572e"],
        ))
        fig.update_layout(height=320, margin=dict(l=0, r=0, t=10, b=0), yaxis_title=tr("ensemble.chart_axis"),
                          yaxis_range=[max(0, table.accuracy.min() * 100 - 0.3),
                                       min(100, table.accuracy.max() * 100 + 0.1)])
        st.plotly_chart(fig, key="ensemble_chart")
        st.dataframe(
            table[["run_id", "preset", "seed", "epochs", "accuracy", "errors"]].rename(columns={
                "run_id": tr("ensemble.col_model"), "preset": tr("ensemble.col_preset"),
                "seed": tr("ensemble.col_seed"), "epochs": tr("ensemble.col_epochs"),
                "accuracy": tr("ensemble.col_accuracy"), "errors": tr("ensemble.col_errors")}),
            column_config={tr("ensemble.col_accuracy"): st.column_config.NumberColumn(format="percent")},
            hide_index=True, key="ensemble_table",
        )

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
                captions = [tr("ensemble.broken_caption", label=y_test[i], wrong=report["predicted"][i])
                            for i in broken]
                st.plotly_chart(digit_grid(x_test[broken], captions, cols=8), key="ensemble_broken")

# ---- train an ensemble ------------------------------------------------------
st.header(tr("ensemble.train_header"))
st.write(tr("ensemble.train_help"))


@st.cache_data(show_spinner=False)
def timed_seconds_per_epoch():
    return cnn_insight.time_training_batches()


machine = cnn_insight.machine_summary()
measured = cnn_insight.seconds_per_epoch_from_runs(runs)
per_epoch = measured or st.session_state.get("ensemble_timed")
small_cpu = not machine["gpu"] and machine["cpus"] <= 4
suggested = cnn_insight.suggested_epochs(per_epoch, 3) if small_cpu else 40
FULL = 60_000

c1, c2, c3, c4 = st.columns(4)
n_models = c1.number_input(tr("ensemble.n_models"), 1, 15, value=3 if small_cpu else 7, key="ensemble_n")
epochs = c2.number_input(tr("ensemble.epochs"), 1, 100, value=suggested, key="ensemble_epochs")
first_seed = c3.number_input(tr("ensemble.first_seed"), 0, 10_000, value=1, key="ensemble_first_seed")
digits = c4.select_slider(tr("ensemble.digits"), [1000, 5000, 10_000, 30_000, FULL], value=FULL,
                          format_func="{:,}".format, help=tr("ensemble.digits_help"), key="ensemble_digits")
seeds = list(range(int(first_seed), int(first_seed) + int(n_models)))
configs = cnn_configs(seeds, epochs, **({} if digits == FULL else {"train_limit": int(digits)}))
already = {c.run_id for c in stored_complete(runs, configs)}
todo = [c for c in configs if c.run_id not in already]

if not todo:
    st.success(tr("ensemble.all_stored", n=len(configs)))
elif per_epoch:
    key = "ensemble.estimate_runs" if measured else "ensemble.estimate_timed"
    st.info(tr(key, per_epoch=per_epoch, todo=len(todo), epochs=int(epochs),
               total=duration(training_seconds(todo, per_epoch))), icon=":material/schedule:")
else:
    st.info(tr("ensemble.estimate_unknown"), icon=":material/schedule:")
    if st.button(tr("ensemble.time_batches"), key="ensemble_time"):
        with st.spinner(tr("ensemble.timing")):
            st.session_state.ensemble_timed = timed_seconds_per_epoch()
        st.rerun()
if small_cpu and per_epoch:
    st.warning(tr("ensemble.small_cpu", cpus=machine["cpus"],
                  full=duration(training_seconds(cnn_configs(range(7), 40), per_epoch)), epochs=suggested),
               icon=":material/memory:")

st.caption(tr("ensemble.cli"))
limit = "" if digits == FULL else f" --limit {int(digits)}"
seed_text = str(seeds[0]) if len(seeds) == 1 else f"{seeds[0]}-{seeds[-1]}"
st.code(f"python -m core.train --preset cnn --seeds {seed_text} --epochs {int(epochs)}{limit}", language="bash")

job = st.session_state.get("ensemble_job")
if job is None or not job.running:
    if train_job.training_elsewhere():
        st.info(tr("ensemble.busy"), icon=":material/hourglass_top:")
    if todo and st.button(tr("ensemble.start"), type="primary", key="ensemble_start"):
        estimate = training_seconds(todo, per_epoch) / (len(todo) * int(epochs)) if per_epoch else None
        job = train_job.start_or_join(todo, RunStore(STORE), seconds_per_epoch=estimate)
        st.session_state.ensemble_job = job
        st.session_state.ensemble_seen_state = None
        st.rerun()


def show_progress():
    job = st.session_state.get("ensemble_job")
    if job is None:
        return
    p = job.progress()
    seed = p["config"].seed
    seed_of = {c.run_id: c.seed for c in job.configs}
    if p["state"] == train_job.QUEUED:
        st.info(tr("ensemble.queued"), icon=":material/hourglass_top:")
    elif p["state"] == train_job.RUNNING:
        if p["epoch"] == 0:
            text = tr("ensemble.starting", i=p["index"] + 1, n=p["n"], seed=seed)
        else:
            text = tr("ensemble.progress", i=p["index"] + 1, n=p["n"], seed=seed, epoch=p["epoch"],
                      epochs=p["epochs"], val=p["history"].val_accuracy.iloc[-1],
                      eta=duration(p["eta"]) if p["eta"] is not None else "?")
        st.progress(p["fraction"], text=text)
    for member in p["finished"]:
        key = "ensemble.member_done" if member["status"] == "complete" else "ensemble.member_stopped"
        st.write(tr(key, seed=seed_of[member["run_id"]], accuracy=member["test_accuracy"] or 0,
                    seconds=member["seconds"] or 0, epochs=member["epochs_run"]))
    if p["state"] == train_job.STOPPED_STATE:
        st.warning(tr("ensemble.stopped"))
    elif p["state"] == train_job.DONE:
        st.success(tr("ensemble.trained", n=len(p["finished"])))
    elif p["state"] == train_job.FAILED:
        st.error(tr("ensemble.failed", error=p["error"]))
    if not job.running and st.session_state.get("ensemble_seen_state") != p["state"]:
        st.session_state.ensemble_seen_state = p["state"]
        forget_runs()  # show the new runs above
        st.rerun(scope="app")


job = st.session_state.get("ensemble_job")
active = job is not None and job.running
# Outside the fragment: a click reruns the whole page, which AppTest and the browser both deliver.
if active and st.button(tr("ensemble.stop"), key="ensemble_stop", icon=":material/stop:"):
    job.stop()
st.fragment(run_every=1.0 if active else None)(show_progress)()
page_link("pages/cnn.py", tr("nav.cnn"), icon=":material/filter_center_focus:")
