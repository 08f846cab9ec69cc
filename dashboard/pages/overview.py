"""Overview page: the organisation's assessment numbers and recent activity."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.loaders import get_activity, get_stats
from dashboard.session import access_token, api_errors, api_url, current_user
from dashboard.views.widgets import format_time

STAT_TILES = (
    ("total_candidates", "Candidates"),
    ("active_assessments", "In progress"),
    ("pending_assessments", "Not started"),
    ("completed_today", "Completed today"),
    ("completion_rate", "Completion rate"),
)
ACTIVITY_ROWS = 20


def overview_page() -> None:
    user = current_user()
    st.title("Overview")
    st.caption(f"Signed in as {user.get('full_name') or user.get('email') or 'recruiter'}.")
    with api_errors("Loading the dashboard numbers"), st.spinner("Loading..."):
        stats = get_stats(api_url(), access_token())
        activity = get_activity(api_url(), access_token(), ACTIVITY_ROWS)
    columns = st.columns(len(STAT_TILES))
    for column, (key, title) in zip(columns, STAT_TILES, strict=True):
        value = stats.get(key, 0) or 0
        if key == "completion_rate":
            # The API sends the rate in percent (0-100).
            column.metric(title, f"{float(value):.0f}%")
        else:
            column.metric(title, value)
    st.subheader("Recent activity")
    if not activity:
        st.info(
            "Nothing has happened yet. Start with **New assessment**: upload a resume and "
            "send the candidate their link.",
            icon=":material/upload_file:",
        )
        if st.button("New assessment", type="primary"):
            st.switch_page("pages/new_assessment.py")
        return
    render_activity(activity)


def render_activity(activity: list[dict]) -> None:
    table = pd.DataFrame(
        [
            {
                "when": format_time(item.get("timestamp")),
                "what": item.get("action"),
                "attempt_id": item.get("attempt_id"),
            }
            for item in activity
        ]
    )
    st.caption("Select a row to open the attempt.")
    selection = st.dataframe(
        table.drop(columns=["attempt_id"]),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="activity_table",
    )
    rows = selection.selection.rows if selection else []
    if rows and table["attempt_id"][rows[0]]:
        attempt_id = table["attempt_id"][rows[0]]
        st.switch_page("pages/attempt_detail.py", query_params={"attempt": attempt_id})


overview_page()
