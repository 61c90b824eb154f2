import plotly.express as px
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from core import activations as act
from core import logreg
from ui import mnist_or_stop, presenting, tr
from ui.charts import digit_grid

data = mnist_or_stop()
(_, _), (x_test, y_test) = data
COLORS = px.colors.qualitative.Plotly
DEFAULT_LOGITS = [0.5, -1.0, 2.0, 0.3, -0.5, 1.0, 0.0, 3.0, -2.0, 1.5]


@st.cache_data(show_spinner=False, max_entries=32)
def digit_pair_model(a, b, learning_rate, steps):
    return logreg.train_digit_pair(a, b, learning_rate, steps, data=data)


@st.cache_data(show_spinner=False)
def softmax_model():
    return logreg.train_softmax_regression(data=data)


def labels(prefix, options):
    """format_func as a lookup table: AppTest calls it outside the script run, where tr() cannot see the language."""
    return {o: tr(prefix + o) for o in options}.__getitem__


name = labels("activations.name.", act.REGISTRY)


def compact(fig, height=380):
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10))
    return fig


st.title(tr("activations.title"))
st.write(tr("activations.intro"))

# --- The functions, their derivatives and parameters -------------------------------------------
st.header(tr("activations.functions"))
names = st.multiselect(tr("activations.pick"), act.ELEMENTWISE, default=["sigmoid", "tanh", "relu", "leaky_relu"],
                       format_func=name, key="act_pick")
left, right = st.columns(2)
x_min, x_max = left.slider(tr("activations.x_range"), -20.0, 20.0, (-6.0, 6.0), 0.5, key="act_x_range")
together = right.radio(tr("activations.layout"), ["together", "apart"], horizontal=True, key="act_layout",
                       format_func=labels("activations.layout.", ["together", "apart"])) == "together"

params = {}
if not names:
    st.info(tr("activations.pick_one"))
else:
    tunable = [n for n in names if act.REGISTRY[n].params]
    if tunable:
        with st.expander(tr("activations.params"), expanded=True):
            cols = st.columns(3)
            sliders = [(n, p, spec) for n in tunable for p, spec in act.REGISTRY[n].params.items()]
            for i, (n, p, spec) in enumerate(sliders):
                params.setdefault(n, {})[p] = cols[i % 3].slider(
                    tr(f"activations.param.{n}.{p}"), spec.low, spec.high, spec.default, spec.step, key=f"act_{n}_{p}")

    table = act.curves(names, x_min, x_max, params)
    fig = make_subplots(rows=1, cols=1 if together else 2,
                        subplot_titles=None if together else (tr("activations.f"), tr("activations.df")))
    for i, n in enumerate(names):
        part = table[table.function == n]
        color = COLORS[i % len(COLORS)]
        fig.add_scatter(x=part.x, y=part.f, name=tr("activations.curve_f", name=name(n)), legendgroup=n,
                        line=dict(color=color), row=1, col=1)
        fig.add_scatter(x=part.x, y=part.df, name=tr("activations.curve_df", name=name(n)), legendgroup=n,
                        line=dict(color=color, dash="dash"), row=1, col=1 if together else 2)
    fig.update_xaxes(title_text="x", zeroline=True)
    st.plotly_chart(compact(fig, 460), key="act_curves")
    st.caption(tr("activations.plot_help"))

    for tab, n in zip(st.tabs([name(n) for n in names]), names):
        with tab:
            a = act.REGISTRY[n]
            st.latex(a.latex)
            st.latex(a.derivative_latex)
            st.markdown(tr(f"activations.explain.{n}"))
            st.metric(tr("activations.max_slope"), f"{act.max_derivative(n, **params.get(n, {})):.3g}")

    st.subheader(tr("activations.vanishing"))
    st.write(tr("activations.vanishing_text"))
    layers = st.slider(tr("activations.layers"), 1, 30, 10, key="act_layers")
    bounds = act.gradient_bounds(names, layers, params)
    fig = px.line(bounds.assign(function=bounds.function.map(name)), x="layers", y="bound", color="function",
                  markers=True, log_y=True, color_discrete_sequence=COLORS,
                  labels={"layers": tr("activations.layer_axis"), "bound": tr("activations.bound_axis"),
                          "function": ""})
    st.plotly_chart(compact(fig), key="act_vanishing")
    st.metric(tr("activations.sigmoid_bound", layers=layers),
              f"{act.gradient_bound(act.max_derivative('sigmoid'), layers)[-1]:.2e}")

# --- Why non-linear -------------------------------------------------------------------------------
st.header(tr("activations.why"))
st.write(tr("activations.why_text"))
left, right = st.columns([3, 1], vertical_alignment="bottom")
between = left.selectbox(tr("activations.between"), act.ELEMENTWISE, index=act.ELEMENTWISE.index("relu"),
                         format_func=name, key="act_between")
if right.button(tr("activations.new_layers"), key="act_new_layers"):
    st.session_state.act_seed = st.session_state.get("act_seed", 0) + 1
demo = act.linear_stack_demo(seed=st.session_state.get("act_seed", 0), between=between)
for col, stack, title in zip(st.columns(2), ("linear", "nonlinear"),
                             (tr("activations.stack_linear"), tr("activations.stack_nonlinear", name=name(between)))):
    points = demo["points"][demo["points"]["stack"] == stack]
    fig = go.Figure()
    for line_id, line in points.groupby("line", sort=False):
        fig.add_scatter(x=line.x, y=line.y, mode="lines", showlegend=False, hoverinfo="skip",
                        line=dict(color=COLORS[0] if line_id.startswith("h") else COLORS[1], width=1.5))
    fig.update_yaxes(scaleanchor="x")
    fig.update_layout(title=title)
    col.plotly_chart(compact(fig), key=f"act_stack_{stack}")
    col.metric(tr("activations.residual"), f"{demo['residuals'][stack]:.1e}", help=tr("activations.residual_help"))
st.latex(r"W_2 W_1 = " + act.matrix_latex(demo["w2"]) + act.matrix_latex(demo["w1"]) + " = "
         + act.matrix_latex(demo["product"]))

# --- Softmax playground ---------------------------------------------------------------------------
st.header(tr("activations.softmax"))
st.write(tr("activations.softmax_text"))
st.latex(act.REGISTRY["softmax"].latex)
source = st.radio(tr("activations.logit_source"), ["manual", "digit"], horizontal=True, key="act_logit_source",
                  format_func=labels("activations.source.", ["manual", "digit"]))
if source == "manual":
    cols = st.columns(5)
    logits = [cols[d % 5].number_input(tr("activations.logit", digit=d), -1000.0, 1000.0, DEFAULT_LOGITS[d], 0.5,
                                       key=f"act_logit_{d}") for d in range(10)]
else:
    index = st.number_input(tr("activations.test_index"), 0, len(x_test) - 1, 0, key="act_softmax_index")
    with st.spinner(tr("activations.softmax_training")):
        model = softmax_model()
    logits = model.logits(x_test[index])[0]
    image_col, text_col = st.columns([1, 4], vertical_alignment="center")
    fig = px.imshow(x_test[index], color_continuous_scale="gray", zmin=0, zmax=255)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(coloraxis_showscale=False)
    image_col.plotly_chart(compact(fig, 160), key="act_softmax_digit")
    text_col.caption(tr("activations.softmax_model", accuracy=model.test_accuracy, label=int(y_test[index])))
left, right = st.columns(2)
temperature = left.slider(tr("activations.temperature"), 0.1, 5.0, 1.0, 0.1, key="act_temperature")
shift = right.slider(tr("activations.shift"), -1000.0, 1000.0, 0.0, 10.0, key="act_shift")
probs = act.softmax_playground(logits, temperature, shift)
fig = make_subplots(rows=1, cols=2, subplot_titles=(tr("activations.logit_axis"), tr("activations.probability")))
fig.add_bar(x=probs.digit, y=probs.logit, marker_color=COLORS[1], showlegend=False, row=1, col=1)
fig.add_bar(x=probs.digit, y=probs.probability, marker_color=COLORS[0], showlegend=False,
            text=[f"{p:.2f}" for p in probs.probability], row=1, col=2)
fig.update_xaxes(dtick=1, title_text=tr("common.digit"))
fig.update_yaxes(range=[0, 1], row=1, col=2)
st.plotly_chart(compact(fig), key="act_softmax")
winner = probs.loc[probs.probability.idxmax()]
c1, c2, c3 = st.columns(3)
c1.metric(tr("activations.sum"), f"{probs.probability.sum():.6f}")
c2.metric(tr("activations.winner"), int(winner.digit))
c3.metric(tr("activations.winner_p"), f"{winner.probability:.1%}")

# --- Logistic regression --------------------------------------------------------------------------
st.header(tr("activations.logreg"))
st.write(tr("activations.logreg_text"))
st.latex(r"p = \sigma(w \cdot x + b) = \frac{1}{1 + e^{-(w \cdot x + b)}}")
c1, c2, c3, c4 = st.columns(4)
a = c1.selectbox(tr("activations.digit_a"), range(10), index=logreg.DEFAULT_PAIR[0], key="act_digit_a")
b = c2.selectbox(tr("activations.digit_b"), range(10), index=logreg.DEFAULT_PAIR[1], key="act_digit_b")
learning_rate = c3.select_slider(tr("activations.learning_rate"), [0.01, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0],
                                 value=logreg.DEFAULT_LEARNING_RATE, key="act_lr")
steps = c4.slider(tr("activations.steps"), 10, 300, logreg.DEFAULT_STEPS, 10, key="act_steps")
st.caption(tr("activations.pairs_hint"))
if st.button(tr("activations.train"), type="primary", key="act_train"):
    st.session_state.act_trained = True  # from then on every change of the settings retrains at once

if a == b:
    st.warning(tr("activations.same_digit"))
elif not st.session_state.get("act_trained"):
    st.info(tr("activations.press_train"))
else:
    with st.spinner(tr("activations.training", a=a, b=b)):
        result = digit_pair_model(a, b, learning_rate, steps)
    history = result.history
    cols = st.columns(3 if presenting() else 5)
    cols[0].metric(tr("activations.train_acc"), f"{result.train_accuracy:.2%}")
    cols[1].metric(tr("activations.test_acc"), f"{result.test_accuracy:.2%}")
    cols[2].metric(tr("activations.final_loss"), f"{history.loss.iloc[-1]:.4f}")
    if not presenting():
        cols[3].metric(tr("activations.train_images"), f"{result.n_train:,}")
        cols[4].metric(tr("activations.seconds"), f"{result.seconds:.2f} s")

    left, right = st.columns(2)
    fig = px.line(history, x="step", y="loss", title=tr("activations.loss_title"),
                  labels={"step": tr("activations.step"), "loss": tr("activations.loss")})
    left.plotly_chart(compact(fig), key="act_loss")
    fig = go.Figure()
    fig.add_scatter(x=history.step, y=history.train_accuracy, name=tr("common.train"), line=dict(dash="dash"))
    fig.add_scatter(x=history.step, y=history.test_accuracy, name=tr("common.test"))
    fig.update_layout(title=tr("activations.acc_title"), xaxis_title=tr("activations.step"),
                      yaxis_title=tr("activations.accuracy"))
    right.plotly_chart(compact(fig), key="act_accuracy")

    left, right = st.columns([2, 3])
    with left:
        st.subheader(tr("activations.weights_title"))
        fig = px.imshow(result.weights, color_continuous_scale="RdBu_r", color_continuous_midpoint=0, aspect="equal")
        st.plotly_chart(compact(fig), key="act_weights")
        st.caption(tr("activations.weights_help", a=a, b=b))
    with right:
        st.subheader(tr("activations.sigmoid_title"))
        curve_x, curve_y = logreg.sigmoid_curve(result.test_scores)
        fig = go.Figure()
        fig.add_scatter(x=curve_x, y=curve_y, mode="lines", line=dict(color="gray"), showlegend=False,
                        hoverinfo="skip")
        for color, digit in zip(COLORS, (a, b)):
            mine = result.test_digits == digit
            fig.add_scatter(x=result.test_scores[mine], y=result.test_probabilities[mine], mode="markers",
                            name=str(digit), marker=dict(color=color, size=5, opacity=0.5))
        fig.add_hline(y=0.5, line_dash="dot", line_color="gray")
        fig.update_layout(xaxis_title=tr("activations.score"), yaxis_title=tr("activations.p_b", b=b),
                          legend_title_text=tr("activations.true_digit"))
        st.plotly_chart(compact(fig), key="act_sigmoid")
        st.caption(tr("activations.sigmoid_help", b=b, wrong=len(result.test_mistakes),
                      total=len(result.test_indices)))

    st.subheader(tr("activations.mistakes"))
    indices, digits, p_b = result.mistakes(limit=16)
    if len(indices):
        captions = [tr("activations.mistake_caption", label=d, b=b, p=p) for d, p in zip(digits, p_b)]
        st.plotly_chart(digit_grid(x_test[indices], captions, cols=8), key="act_mistakes")
    else:
        st.success(tr("activations.no_mistakes"))
