"""Altair charts of an attempt: time split, decision paths, risk and task populations."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

RISK_COLORS = alt.Scale(domain=["low", "medium", "high"], range=["#4c9f70", "#e0a526", "#d1495b"])
ACTION_COLORS = alt.Scale(
    domain=["viewed", "selected", "changed", "task completed"],
    range=["#9aa5b1", "#3c78d8", "#e69138", "#38761d"],
)


def show_chart(chart: alt.TopLevelMixin) -> None:
    """Draw an Altair chart at full width.

    The spec is built once with `validate=False`: schema validation of every chart is the
    largest cost of an attempt page with many events, and the charts here are fixed code.
    """
    st.vega_lite_chart(chart.to_dict(validate=False), width="stretch")


def timeline_chart(windows: pd.DataFrame, signals: pd.DataFrame) -> alt.LayerChart:
    """Bars from each task's first to last event, with integrity signals as red marks.

    The x axis counts seconds since the attempt's first event: a time axis of an attempt that
    lasted a few seconds labels every tick with the same clock time.
    """
    order = list(dict.fromkeys(windows["task"]))
    times = pd.concat([windows["start"], signals["time"]], ignore_index=True)
    origin = pd.to_datetime(times, utc=True).min()
    windows = windows.assign(
        start_seconds=seconds_since(windows["start"], origin),
        end_seconds=seconds_since(windows["end"], origin),
    )
    signals = signals.assign(seconds=seconds_since(signals["time"], origin))
    bars = (
        alt.Chart(windows)
        .mark_bar(color="#3c78d8", opacity=0.75, height=16)
        .encode(
            x=alt.X("start_seconds:Q", title="seconds since the attempt's first event"),
            x2="end_seconds:Q",
            y=alt.Y("task:N", title=None, sort=order, axis=alt.Axis(labelLimit=240)),
            tooltip=[
                "task",
                "events",
                alt.Tooltip("start:T", format="%H:%M:%S", title="start (UTC)"),
                alt.Tooltip("end:T", format="%H:%M:%S", title="end (UTC)"),
            ],
        )
    )
    marks = (
        alt.Chart(signals)
        .mark_point(color="#d1495b", shape="triangle-down", filled=True, size=90)
        .encode(
            x="seconds:Q",
            y=alt.Y("task:N", sort=order),
            tooltip=["signal", "task", alt.Tooltip("time:T", format="%H:%M:%S", title="UTC")],
        )
    )
    return alt.layer(bars, marks).properties(height=alt.Step(26))


def seconds_since(times: pd.Series, origin: pd.Timestamp) -> pd.Series:
    """Return each time as seconds after `origin` (an aware UTC timestamp), as floats."""
    return (pd.to_datetime(times, utc=True) - origin).dt.total_seconds()


def time_split_chart(frame: pd.DataFrame) -> alt.Chart:
    """Stacked horizontal bars: active and idle seconds per task."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("sum(seconds):Q", title="seconds"),
            y=alt.Y("task:N", title=None, sort=None),
            color=alt.Color(
                "kind:N",
                title="time",
                scale=alt.Scale(domain=["active", "idle"], range=["#3c78d8", "#cfd8e3"]),
            ),
            tooltip=["task", "kind", alt.Tooltip("seconds:Q", format=".1f")],
        )
        .properties(height=alt.Step(28))
    )


def decision_path_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Options viewed, selected and changed over time: one lane per option, grouped by task."""
    lanes = list(dict.fromkeys(frame["lane"]))
    base = alt.Chart(frame).encode(
        x=alt.X("seconds:Q", title="seconds since the task started"),
        y=alt.Y("lane:N", title=None, sort=lanes, axis=alt.Axis(labelLimit=320)),
    )
    path = (
        base.transform_filter(alt.datum.action != "viewed")
        .mark_line(color="#666666", strokeDash=[4, 3])
        .encode(detail="task:N", order="seconds:Q")
    )
    points = base.mark_point(filled=True, size=70).encode(
        color=alt.Color("action:N", scale=ACTION_COLORS, title="action"),
        shape=alt.Shape("action:N", title="action"),
        tooltip=["task", "option", "action", "risk_level", alt.Tooltip("seconds:Q", format=".1f")],
    )
    return alt.layer(path, points).properties(height=alt.Step(24))


def risk_chart(frame: pd.DataFrame) -> alt.Chart:
    """Bars: how many final choices carried each risk level."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "risk_level:N",
                title="risk of the final choice",
                sort=["low", "medium", "high"],
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("count:Q", title="tasks", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("risk_level:N", scale=RISK_COLORS, legend=None),
            tooltip=["risk_level", "count"],
        )
        .properties(height=220)
    )


def population_chart(frame: pd.DataFrame, metric_title: str) -> alt.Chart:
    """Per task, the population's 10th-90th percentile range, middle half and median, and
    this candidate's value. The API sends no min or max, which could single out one candidate.
    """
    base = alt.Chart(frame).encode(y=alt.Y("task:N", title=None, sort=None))
    spread = base.mark_rule(color="#9aa5b1").encode(
        x=alt.X("p10:Q", title=metric_title), x2="p90:Q"
    )
    middle = base.mark_bar(color="#cfd8e3", size=14).encode(x="p25:Q", x2="p75:Q")
    median = base.mark_tick(color="#3c78d8", thickness=2, size=16).encode(
        x="p50:Q",
        tooltip=[
            "task",
            "attempts",
            alt.Tooltip("p50:Q", format=".1f", title="median"),
            alt.Tooltip("p25:Q", format=".1f", title="25th percentile"),
            alt.Tooltip("p75:Q", format=".1f", title="75th percentile"),
        ],
    )
    candidate = (
        base.transform_filter(alt.datum.candidate != None)  # noqa: E711 (Vega expression)
        .mark_point(color="#d1495b", filled=True, size=120, shape="diamond")
        .encode(
            x="candidate:Q",
            tooltip=["task", alt.Tooltip("candidate:Q", format=".1f", title="this candidate")],
        )
    )
    return alt.layer(spread, middle, median, candidate).properties(height=alt.Step(30))


def compare_chart(frame: pd.DataFrame, metric_title: str) -> alt.Chart:
    """Grouped bars: one metric per task, one bar per candidate, coloured by candidate.

    Each bar gets a fixed band wide enough for its label, and a legend names the colours, so
    no candidate goes unlabelled when labels would otherwise overlap and be dropped.
    """
    candidates = list(dict.fromkeys(frame["candidate"]))
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=metric_title),
            y=alt.Y(
                "candidate:N",
                title=None,
                sort=candidates,
                axis=alt.Axis(labelOverlap=False, labelLimit=200),
            ),
            color=alt.Color(
                "candidate:N",
                title="candidate",
                sort=candidates,
                scale=alt.Scale(scheme="tableau10"),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=240),
            ),
            row=alt.Row(
                "task:N",
                title=None,
                sort=list(dict.fromkeys(frame["task"])),
                header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=240),
            ),
            tooltip=["task", "candidate", alt.Tooltip("value:Q", format=".1f")],
        )
        .properties(width=520, height=alt.Step(24))
    )
