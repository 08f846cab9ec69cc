"""Compare page: two to four completed candidates side by side on the tasks they share."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.loaders import get_attempt_detail, get_attempts, items
from dashboard.session import access_token, api_errors, api_url
from dashboard.views import charts, frames
from dashboard.views.compare import compare_metric_frame, compare_profile_frame, shared_tasks

MIN_CANDIDATES = 2
MAX_CANDIDATES = 4
# Per-task metrics offered for comparison; durations are stored in milliseconds.
COMPARED_METRICS = [
    "total_time",
    "active_time",
    "idle_time",
    "initiation_time",
    "time_to_final_selection",
    "hover_time",
    "flips",
    "options_explored",
    "reasoning_word_count",
]


def compare_page() -> None:
    st.title("Compare candidates")
    with api_errors("Loading completed attempts"), st.spinner("Loading attempts..."):
        body = get_attempts(api_url(), access_token(), 1, 50, "completed", "")
    attempts = items(body, "attempts", "items")
    if len(attempts) < MIN_CANDIDATES:
        st.info(
            "Comparing needs at least two completed attempts. Completed attempts appear here "
            "once candidates finish their tasks.",
            icon=":material/compare:",
        )
        return

    labels = {
        a["id"]: f"{(a.get('candidate_info') or {}).get('name', '?')} - "
        f"{(a.get('candidate_info') or {}).get('position') or 'no position'}"
        for a in attempts
    }
    chosen = st.multiselect(
        "Candidates (2 to 4)",
        list(labels),
        default=list(labels)[:MIN_CANDIDATES],
        format_func=labels.get,
        max_selections=MAX_CANDIDATES,
    )
    if len(chosen) < MIN_CANDIDATES:
        st.info("Pick at least two candidates.")
        return
    with api_errors("Loading the attempts"), st.spinner("Loading the attempts..."):
        details = [get_attempt_detail(api_url(), access_token(), a) for a in chosen]

    st.subheader("Skill profiles")
    st.dataframe(compare_profile_frame(details), hide_index=True, width="stretch")
    tasks = shared_tasks(details)
    if not tasks:
        st.warning("These candidates share no task, so only their profiles can be compared.")
        return

    st.subheader(f"Shared tasks ({len(tasks)})")
    metric = st.selectbox(
        "Metric per task",
        COMPARED_METRICS,
        format_func=lambda name: name.replace("_", " "),
    )
    frame = compare_metric_frame(details, tasks, metric)
    if frame.empty:
        st.caption("No values of this metric yet for these candidates.")
    else:
        title = metric.replace("_", " ") + (" (s)" if metric.endswith("time") else "")
        charts.show_chart(charts.compare_chart(frame, title))
        wide = frame.pivot_table(index="task", columns="candidate", values="value", sort=False)
        st.dataframe(wide, width="stretch")

    st.subheader("Final choices")
    st.dataframe(final_choices(details, tasks), hide_index=True, width="stretch")


def final_choices(details: list, tasks: dict[str, str]) -> pd.DataFrame:
    rows = []
    for task_id, title in tasks.items():
        row = {"task": title}
        for detail in details:
            name = (detail.attempt.get("candidate_info") or {}).get("name", detail.attempt["id"])
            per_task = {
                str(m.get("task_id")): m
                for m in frames.pick(detail.metrics, "per_task", default=[]) or []
            }
            entry = per_task.get(task_id, {})
            row[name] = frames.pick(entry, "final_risk_level", "risk_level", default="-")
        rows.append(row)
    return pd.DataFrame(rows)


compare_page()
