import numpy as np
import plotly.express as px
import streamlit as st

from core import explore
from core.data import loaded_from, one_hot, to_model_input
from ui import mnist_or_stop, presenting, tr
from ui.charts import digit_grid
from ui.dataset import label_distribution, mean_images

(x_train, y_train), (x_test, y_test) = mnist_or_stop()

st.title(tr("dataset.title"))
st.write(tr("dataset.intro"))

st.subheader(tr("dataset.facts"))
c1, c2, c3, c4 = st.columns(4)
c1.metric(tr("dataset.train_shape"), str(x_train.shape))
c2.metric(tr("dataset.test_shape"), str(x_test.shape))
c3.metric(tr("dataset.value_range"), f"{x_train.min()} .. {x_train.max()}")
c4.metric(tr("dataset.classes"), len(np.unique(y_train)))
if not presenting():
    st.caption(tr("dataset.source", source=loaded_from()))

st.subheader(tr("dataset.samples"))
left, right = st.columns([3, 1])
digit_names = {None: tr("dataset.all_digits"), **{d: str(d) for d in range(10)}}
choice = left.selectbox(tr("dataset.filter"), list(digit_names), format_func=digit_names.get, key="dataset_label")
if right.button(tr("dataset.reshuffle"), key="dataset_reshuffle"):
    st.session_state.dataset_seed = st.session_state.get("dataset_seed", 0) + 1
idx = explore.sample_indices(y_train, choice, n=24, seed=st.session_state.get("dataset_seed", 0))
st.plotly_chart(
    digit_grid(x_train[idx], [tr("dataset.sample_caption", label=y_train[i], index=i) for i in idx], cols=8),
    key="dataset_grid",
)

st.subheader(tr("dataset.matrix"))
st.caption(tr("dataset.matrix_help"))
index = st.number_input(tr("dataset.pick_index"), 0, len(x_train) - 1, value=3, key="dataset_index")
image, label = x_train[index], int(y_train[index])
fig = px.imshow(image, text_auto=True, color_continuous_scale="gray", zmin=0, zmax=255, aspect="equal")
fig.update_traces(textfont_size=8)
fig.update_layout(height=720, margin=dict(l=0, r=0, t=10, b=0), coloraxis_showscale=False)
st.plotly_chart(fig, key="dataset_matrix")

st.subheader(tr("dataset.distribution"))
dist = label_distribution()
counts = dist[dist.split == "train"]["count"]
st.caption(tr("dataset.distribution_help", low=counts.min(), high=counts.max()))
split_names = {"train": tr("common.train"), "test": tr("common.test")}
fig = px.bar(dist.assign(split=dist.split.map(split_names)), x="digit", y="count", color="split",
             barmode="group", labels={"digit": tr("common.digit"), "count": tr("common.count"), "split": ""})
fig.update_xaxes(dtick=1)
st.plotly_chart(fig, key="dataset_distribution")

st.subheader(tr("dataset.mean_images"))
st.caption(tr("dataset.mean_help"))
st.plotly_chart(digit_grid(mean_images(), [str(d) for d in range(10)], cols=10), key="dataset_means")

st.subheader(tr("dataset.preprocess"))
flat = image.reshape(784)
scaled = to_model_input(image)[0]
s1, s2 = st.columns(2)
with s1:
    st.markdown(tr("dataset.step_image"))
    fig = px.imshow(image, color_continuous_scale="gray", zmin=0, zmax=255)
    fig.update_layout(height=260, margin=dict(l=0, r=0, t=0, b=0), coloraxis_showscale=False)
    st.plotly_chart(fig, key="dataset_step_image")
with s2:
    st.markdown(tr("dataset.step_flat"))
    fig = px.bar(x=np.arange(784), y=flat, labels={"x": tr("dataset.pixel_index"), "y": tr("dataset.value")})
    fig.update_layout(height=260, margin=dict(l=0, r=0, t=0, b=0))
    st.plotly_chart(fig, key="dataset_step_flat")
st.markdown(tr("dataset.step_scale"))
st.caption(tr("dataset.nonzero", n=int(np.count_nonzero(scaled)), max=float(scaled.max())))
st.code(np.array2string(scaled[flat > 0][:12], precision=3, separator=", ") + " …", language=None)
st.markdown(tr("dataset.step_onehot", label=label))
st.dataframe({str(d): [v] for d, v in enumerate(one_hot([label])[0].astype(int))}, hide_index=True)

st.subheader(tr("dataset.split"))
st.caption(tr("dataset.split_help"))
fraction = st.slider(tr("dataset.val_fraction"), 0.05, 0.5, 0.2, 0.05, key="dataset_val_fraction")
summary = explore.split_summary(y_train, fraction)
st.write(tr("dataset.split_counts", train=int(summary.train.sum()), val=int(summary.validation.sum()),
            test=len(y_test)))
fig = px.bar(summary, x="digit", y=["train", "validation"],
             labels={"digit": tr("common.digit"), "value": tr("common.count"), "variable": ""})
fig.for_each_trace(lambda trace: trace.update(name=tr("common.train") if trace.name == "train" else tr("common.validation")))
fig.update_xaxes(dtick=1)
st.plotly_chart(fig, key="dataset_split")
