"""The figures the pages draw: training curves, confusion matrices, bars and
digit pictures. Plotly, no maths: the numbers come from core/."""
import base64
import functools
import io

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from PIL import Image

from core import evaluate
from ui import chart_text, tr

COLORS = ["#1f77b4", "#e4572e", "#2ca02c", "#9467bd"]  # one per compared run


def enlarge(images, factor=3):
    """uint8 digits scaled up by pixel repetition (crisp in the browser)."""
    images = np.asarray(images)
    return np.repeat(np.repeat(images, factor, axis=-2), factor, axis=-1)


def digit_grid(images, captions, cols=8, height_per_row=110):
    """The digits in rows of `cols`, a caption above each one, as one Plotly image.

    One image with the captions as annotations builds in a few ms; a Plotly
    facet per digit cost about 10 ms each, on every rerun. Images that are not
    uint8 are scaled to 0..255 over all of them together."""
    images = np.asarray(images)
    if images.dtype != np.uint8:
        low, high = float(images.min()), float(images.max())
        images = np.rint((images - low) / ((high - low) or 1.0) * 255).astype(np.uint8)
    n, h, w = images.shape
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    gap_x, gap_y = max(2, w // 10), max(8, h // 3)  # room between digits, and above them for the caption
    sheet = np.full((rows * (h + gap_y), cols * (w + gap_x) - gap_x), 255, np.uint8)
    annotations = []
    for i, image in enumerate(images):
        top, left = (i // cols) * (h + gap_y) + gap_y, (i % cols) * (w + gap_x)
        sheet[top:top + h, left:left + w] = image
        annotations.append(dict(text=captions[i], x=left + w / 2, y=top - 1, xref="x", yref="y", showarrow=False,
                                yanchor="bottom"))
    png = io.BytesIO()
    Image.fromarray(sheet).save(png, format="PNG")
    fig = go.Figure(go.Image(source="data:image/png;base64," + base64.b64encode(png.getvalue()).decode(),
                             hoverinfo="skip"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=60 + height_per_row * rows, margin=dict(l=0, r=0, t=10, b=0),
                      annotations=annotations)
    return fig


def _drawing_order(histories, snapshots):
    """(colour index, name, history), snapshots last so they are drawn on top of
    the run they were taken from (which holds the same first epochs)."""
    items = [(i, name, history) for i, (name, history) in enumerate(histories.items())]
    return sorted(items, key=lambda item: item[1] in snapshots)


def _mark_snapshots(fig, snapshots):
    for name, epoch in snapshots.items():
        fig.add_vline(x=epoch, line=dict(color="#555", width=1, dash="dot"),
                      annotation_text=tr("compare.snapshot_marker", epoch=epoch), annotation_position="top left")


def curves_figure(histories, kind, height=320, snapshots=None):
    """Loss or accuracy per epoch; histories = {name: history DataFrame}, one colour
    each; training dashed, validation (or test, without a validation split) solid.
    snapshots = {name: epoch} of runs that are snapshots of another run drawn
    here: thick, on top, and marked at their epoch."""
    snapshots = snapshots or {}
    fig = go.Figure()
    for i, name, history in _drawing_order(histories, snapshots):
        color = COLORS[i % len(COLORS)]
        if not len(history):
            continue
        width, marker = (5, 8) if name in snapshots else (2, 4)
        fig.add_scatter(x=history["epoch"], y=history[kind], mode="lines+markers", marker_size=marker,
                        line=dict(color=color, dash="dash", width=width), name=f"{chart_text(name)} · {tr('common.train')}",
                        legendgroup=name)
        column = evaluate.validation_column(history, kind)
        if column is not None:
            which = tr("common.test") if column == "test_accuracy" else tr("common.validation")
            fig.add_scatter(x=history["epoch"], y=history[column], mode="lines+markers", marker_size=marker,
                            line=dict(color=color, width=width), name=f"{chart_text(name)} · {which}", legendgroup=name)
    _mark_snapshots(fig, snapshots)
    title = tr("runs.chart_loss") if kind == "loss" else tr("runs.chart_accuracy")
    fig.update_layout(title=title, height=height, margin=dict(l=0, r=0, t=40, b=0),
                      xaxis_title=tr("runs.axis_epoch"), legend=dict(orientation="h", y=-0.25))
    if kind == "accuracy":
        fig.update_yaxes(tickformat=".1%")
    return fig


def gap_figure(histories, height=300, snapshots=None):
    snapshots = snapshots or {}
    fig = go.Figure()
    for i, name, history in _drawing_order(histories, snapshots):
        gap = evaluate.overfitting_gap(history)
        width, marker = (5, 8) if name in snapshots else (2, 4)
        fig.add_scatter(x=gap.index, y=gap.to_numpy(), mode="lines+markers", marker_size=marker,
                        name=chart_text(name), line=dict(color=COLORS[i % len(COLORS)], width=width))
    fig.add_hline(y=0, line=dict(color="#999", width=1))
    _mark_snapshots(fig, snapshots)
    fig.update_layout(title=tr("runs.chart_gap"), height=height, margin=dict(l=0, r=0, t=40, b=0),
                      xaxis_title=tr("runs.axis_epoch"), yaxis_tickformat=".1%",
                      legend=dict(orientation="h", y=-0.25))
    return fig


def confusion_figure(matrix, title, difference=False, height=360):
    """A 10x10 heatmap, true digit down, predicted across. The diagonal of a
    difference is hidden in the colour scale's middle by symmetric limits."""
    digits = [str(d) for d in range(10)]
    if difference:
        limit = max(1, int(abs(matrix).max()))
        heat = go.Heatmap(z=matrix, x=digits, y=digits, colorscale="RdBu_r", zmin=-limit, zmax=limit,
                          text=matrix, texttemplate="%{text}", showscale=False)
    else:
        heat = go.Heatmap(z=matrix, x=digits, y=digits, colorscale="Blues", text=matrix,
                          texttemplate="%{text}", showscale=False, zmax=max(1, int(matrix.max())) * 0.1)
    fig = go.Figure(heat)
    # Heatmap cells cannot be selected: an all but invisible marker on each cell takes the click.
    cells = [(x, y) for y in digits for x in digits]
    fig.add_scatter(x=[x for x, _ in cells], y=[y for _, y in cells], mode="markers", hoverinfo="skip",
                    marker=dict(size=24, symbol="square", opacity=0.01, color="#000"), showlegend=False)
    fig.update_layout(title=chart_text(title), height=height, margin=dict(l=0, r=0, t=40, b=0),
                      xaxis_title=tr("runs.axis_predicted"), yaxis_title=tr("runs.axis_true"),
                      clickmode="event+select")
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="bottom")
    return fig


def confusion_chart(figure, key, where=st):
    """A confusion matrix whose cells can be clicked: returns the (true, predicted)
    digits of the clicked cell, or None."""
    event = where.plotly_chart(figure, key=key, on_select="rerun", selection_mode="points")
    points = event["selection"]["points"] if event else []
    if not points:
        return None
    return int(points[0]["y"]), int(points[0]["x"])


def cell_digits(x_test, y_test, predicted, cell, limit=24):
    """The test digits of one confusion-matrix cell, with a caption that says so."""
    true, said = cell
    indices = evaluate.cell_indices(y_test, predicted, true, said)
    st.markdown(tr("runs.cell_digits", n=len(indices), true=true, predicted=said))
    if len(indices):
        st.image(digit_strip(x_test[indices[:limit]]), caption=tr("runs.cell_shown", shown=min(limit, len(indices))))


def digit_strip(images, scale=2):
    """Digits side by side in one picture (uint8, white on black as MNIST is)."""
    return enlarge(np.concatenate(list(np.asarray(images)), axis=1), scale)


def per_class_figure(accuracies, height=320):
    """Grouped bars: accuracies = {name: (10,) per-class accuracy}."""
    fig = go.Figure()
    low = 1.0
    for i, (name, values) in enumerate(accuracies.items()):
        fig.add_bar(x=list(range(10)), y=values, name=chart_text(name), marker_color=COLORS[i % len(COLORS)])
        if not np.all(np.isnan(values)):  # a digit nobody drew has no bar
            low = min(low, float(np.nanmin(values)))
    fig.update_layout(barmode="group", title=tr("runs.chart_per_class"), height=height,
                      margin=dict(l=0, r=0, t=40, b=0), xaxis_title=tr("common.digit"),
                      yaxis_tickformat=".1%", yaxis_range=[max(0.0, low - 0.02), 1.0],
                      legend=dict(orientation="h", y=-0.25))
    fig.update_xaxes(type="category")
    return fig


def digit_rows(images, captions, per_row=3, scale=3):
    """Digits as image rows (the notes' 3x3 grid with per_row=3 and 9 images)."""
    big = enlarge(images, scale)
    for start in range(0, len(big), per_row):
        st.image(list(big[start:start + per_row]), caption=captions[start:start + per_row],
                 width=28 * scale)


def side_by_side(pictures, gap=12):
    """Gray uint8 pictures in a row, top-aligned on white, `gap` pixels apart."""
    height = max(p.shape[0] for p in pictures)
    row = np.full((height, sum(p.shape[1] for p in pictures) + gap * (len(pictures) - 1)), 255, np.uint8)
    left = 0
    for picture in pictures:
        row[:picture.shape[0], left:left + picture.shape[1]] = picture
        left += picture.shape[1] + gap
    return row


def probability_bars(probs, digit, scale=1.0):
    """The 10 probabilities as a small bar picture, the answer highlighted.

    A picture, not a Plotly chart: it is drawn after every stroke of every
    student, and building a Plotly figure costs ~10x more server CPU."""
    from PIL import ImageDraw

    picture = _bar_axis(scale).copy()
    width, height, pad, label_h, font = _bar_layout(scale)
    draw = ImageDraw.Draw(picture)
    slot = width / 10
    top, bottom = label_h, height - label_h
    for d, p in enumerate(np.clip(np.asarray(probs, dtype=float), 0, 1)):
        bar_top = bottom - (bottom - top) * p
        draw.rectangle([d * slot + pad, min(bar_top, bottom - 1), (d + 1) * slot - pad, bottom - 1],
                       fill="#4F46E5" if d == digit else "#A5A8B8")
        if d == digit:
            draw.text(((d + 0.5) * slot, bar_top - 2), f"{p:.0%}", fill="#31333F", font=font, anchor="md")
    return picture


@functools.lru_cache(maxsize=4)
def _bar_layout(scale):
    from PIL import ImageFont

    font = ImageFont.load_default(size=round(14 * scale))
    return round(300 * scale), round(120 * scale), round(4 * scale), round(18 * scale), font


@functools.lru_cache(maxsize=4)
def _bar_axis(scale):
    """The bars' empty picture: the digits under a base line (text is the slow part to draw)."""
    from PIL import ImageDraw

    width, height, _, label_h, font = _bar_layout(scale)
    picture = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(picture)
    for d in range(10):
        draw.text(((d + 0.5) * width / 10, height), str(d), fill="#31333F", font=font, anchor="md")
    draw.line([0, height - label_h, width, height - label_h], fill="#BBBBBB")
    return picture


def learning_rate_figure(table, scheduled_name, log_scale=False, height=320):
    """The scheduled learning rate per epoch and, where a run stored them, the rates it used."""
    fig = go.Figure()
    fig.add_scatter(x=table.epoch, y=table.scheduled, mode="lines", name=scheduled_name)
    if table.actual.notna().any():
        fig.add_scatter(x=table.epoch, y=table.actual, mode="markers", name=tr("cnn.lr_actual"))
    fig.update_layout(height=height, margin=dict(l=0, r=0, t=10, b=0), xaxis_title=tr("cnn.lr_epoch_axis"),
                      yaxis_title=tr("cnn.lr_axis"), yaxis_type="log" if log_scale else "linear",
                      legend=dict(orientation="h", y=1.1))
    fig.update_yaxes(exponentformat="e")
    return fig


def ensemble_figure(table, n_members, height=320):
    """Each member's test accuracy beside the ensemble's (the last row of `table`)."""
    fig = go.Figure(go.Bar(
        x=table.run_id, y=table.accuracy * 100, text=[f"{a:.2%}" for a in table.accuracy],
        marker_color=["#888"] * n_members + ["#e4572e"],
    ))
    fig.update_layout(height=height, margin=dict(l=0, r=0, t=10, b=0), yaxis_title=tr("ensemble.chart_axis"),
                      yaxis_range=[max(0, table.accuracy.min() * 100 - 0.3), min(100, table.accuracy.max() * 100 + 0.1)])
    return fig
