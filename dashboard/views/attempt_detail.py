"""Rendering of the attempt detail page from already loaded data (no API calls here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.loaders import AttemptDetail
from dashboard.views import charts, frames
from dashboard.views.widgets import (
    format_time,
    integrity_flag_text,
    render_evidence,
    render_profile_history,
    status_badge,
)

DEFAULT_POPULATION_METRIC = "total_time_ms"


def render_attempt_detail(
    data: AttemptDetail, *, dagster_url: str = "", key: str = "attempt-detail"
) -> None:
    """Draw the whole attempt detail page for `data`; makes no API calls.

    Args:
        data: The loaded attempt (see `dashboard.loaders.load_attempt_detail`).
        dagster_url: Base URL of the Dagster UI, for links to the runs behind each profile.
        key: Prefix of the widget keys, so one script run can draw several attempts.
    """
    attempt = data.attempt
    titles = frames.task_titles(attempt)
    events = frames.events_frame(data.events)
    info = attempt.get("candidate_info") or {}
    st.header(info.get("name") or "Unnamed candidate")
    st.markdown(f"{status_badge(attempt.get('status'))} &nbsp; {info.get('position') or ''}")
    render_candidate(attempt, len(data.events))
    render_timeline(events, titles)
    profile_tab, metrics_tab, decisions_tab, integrity_tab, history_tab, events_tab = st.tabs(
        ["Skill profile", "Metrics", "Decisions", "Integrity", "Profile history", "Events"]
    )
    with profile_tab:
        render_profile(data.skills, titles)
    with metrics_tab:
        render_metrics(data, titles, key)
    with decisions_tab:
        render_decisions(data, events, titles)
    with integrity_tab:
        render_integrity(data.skills, events, titles)
    with history_tab:
        render_profile_history(data.skills, dagster_url)
    with events_tab:
        render_events(events, titles)


def render_candidate(attempt: Mapping[str, Any], event_count: int) -> None:
    info = attempt.get("candidate_info") or {}
    left, right = st.columns(2)
    with left:
        st.markdown(
            f"**Email:** {info.get('email') or '-'}  \n"
            f"**Phone:** {info.get('phone') or '-'}  \n"
            f"**Skills:** {', '.join(info.get('skills') or []) or '-'}  \n"
            f"**Tasks:** {len(attempt.get('task_ids') or [])} &nbsp; **Events:** {event_count}"
        )
    with right:
        timeline = [
            ("Created", attempt.get("created_at")),
            ("Started", attempt.get("started_at")),
            ("Completed", attempt.get("completed_at")),
            ("Link expires", attempt.get("expires_at")),
        ]
        st.markdown("  \n".join(f"**{name}:** {format_time(value)}" for name, value in timeline))


def render_timeline(events: pd.DataFrame, titles: Mapping[str, str]) -> None:
    windows = frames.task_windows_frame(events, titles)
    if windows.empty:
        st.caption("Timeline: the candidate has not started a task yet.")
        return
    signals = frames.signal_times_frame(events, titles)
    charts.show_chart(charts.timeline_chart(windows, signals))


def render_profile(skills: Mapping[str, Any] | None, titles: Mapping[str, str]) -> None:
    if not skills:
        st.info(
            "No skill profile yet. The pipeline scores an attempt once the candidate completes "
            "it; an analyst can also rerun it from Dagster.",
            icon=":material/hourglass_empty:",
        )
        return
    meta = f"Rules version **{skills.get('rules_version', '?')}**"
    if skills.get("version"):
        meta += f", profile version {skills['version']}"
    st.caption(f"{meta}, computed {format_time(skills.get('computed_at'))}.")
    for field, title in frames.PROFILE_FIELDS:
        entry = skills.get(field) or {}
        label = entry.get("label") or "not computed"
        confidence = entry.get("confidence")
        suffix = f" (confidence {confidence:.0%})" if isinstance(confidence, (int, float)) else ""
        with st.expander(f"**{title}:** {label.replace('_', ' ')}{suffix}", expanded=True):
            if entry.get("explanation"):
                st.write(entry["explanation"])
            render_evidence(entry.get("evidence"), titles)


def render_metrics(data: AttemptDetail, titles: Mapping[str, str], key: str) -> None:
    if not data.metrics:
        st.info("No metrics yet: they are computed when the attempt is completed.")
        return
    split = frames.time_split_frame(data.metrics, titles)
    left, right = st.columns([3, 2])
    with left:
        st.subheader("Time per task")
        if split.empty:
            st.caption("No timing metrics were computed.")
        else:
            charts.show_chart(charts.time_split_chart(split))
    with right:
        st.subheader("Risk of final choices")
        risk = frames.risk_frame(data.metrics, frames.events_frame(data.events), data.attempt)
        charts.show_chart(charts.risk_chart(risk))
    st.subheader("Metrics per task")
    table = frames.task_metrics_frame(data.metrics, titles)
    st.dataframe(table, hide_index=True, width="stretch")
    overall = data.metrics.get("overall") or {}
    scalars = {k: v for k, v in overall.items() if isinstance(v, (int, float, str, bool))}
    if scalars:
        st.subheader("Whole attempt")
        st.dataframe(
            pd.DataFrame({"metric": list(scalars), "value": [str(v) for v in scalars.values()]}),
            hide_index=True,
        )
    render_populations(data, titles, key)


def render_populations(data: AttemptDetail, titles: Mapping[str, str], key: str) -> None:
    st.subheader("Where the candidate sits in each task's population")
    names = frames.population_metrics(data.populations)
    if not names:
        st.caption("No scored attempts share these tasks yet.")
        return
    metric = st.selectbox(
        "Metric",
        names,
        index=names.index(DEFAULT_POPULATION_METRIC) if DEFAULT_POPULATION_METRIC in names else 0,
        format_func=metric_title,
        key=f"{key}-population-metric",
    )
    frame = frames.population_frame(data.populations, data.metrics, titles, metric)
    if frame.empty:
        st.caption("No attempt has a value of this metric yet.")
        return
    charts.show_chart(charts.population_chart(frame, metric_title(metric)))
    small = frame[~frame["sufficient"]]
    if not small.empty:
        st.caption(
            f"{len(small)} of {len(frame)} tasks have too few scored attempts to compare "
            "against, so this candidate is not placed on them yet (grey: range, bar: middle "
            "half, blue: median)."
        )
    else:
        st.caption("Grey: range, bar: middle half, blue: median, red: this candidate.")


def metric_title(name: str) -> str:
    """Turn a metric name into a chart title; `_ms` metrics are shown in seconds."""
    if name.endswith("_ms"):
        return name.removesuffix("_ms").replace("_", " ") + " (s)"
    return name.replace("_", " ")


def render_decisions(data: AttemptDetail, events: pd.DataFrame, titles: Mapping[str, str]) -> None:
    path = frames.decision_path_frame(events, data.attempt, titles)
    if path.empty:
        st.info("No option was viewed or selected yet.")
        return
    st.caption(
        "One lane per option, labelled with the task number. Grey dots are options viewed "
        "(hover or focus), blue are selections, orange are changes and green is the final "
        "answer."
    )
    charts.show_chart(charts.decision_path_chart(path))


def render_integrity(
    skills: Mapping[str, Any] | None, events: pd.DataFrame, titles: Mapping[str, str]
) -> None:
    st.caption(
        "Signals for a human to review, such as pasted text or a hidden tab. They never "
        "change a label or a score."
    )
    flags = (skills or {}).get("integrity_flags") or []
    for flag in flags:
        st.warning(integrity_flag_text(flag, titles), icon=":material/flag:")
    counts = frames.integrity_frame(events, titles)
    if counts.empty and not flags:
        st.success("No integrity signals were recorded.", icon=":material/verified:")
    elif not counts.empty:
        st.dataframe(counts, hide_index=True, width="stretch")


def render_events(events: pd.DataFrame, titles: Mapping[str, str]) -> None:
    if events.empty:
        st.info("No events stored yet.")
        return
    st.dataframe(frames.feed_frame(events, titles), hide_index=True, width="stretch", height=420)
