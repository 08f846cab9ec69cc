"""Attempts page: every attempt of the organisation, filtered, searched and paged."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard.loaders import get_attempts, get_profile_summary, items
from dashboard.session import access_token, api_errors, api_url
from dashboard.views.widgets import format_time

STATUSES = ["all", "pending", "in_progress", "completed", "expired"]
PAGE_SIZES = [10, 20, 50]


def attempts_page() -> None:
    st.title("Attempts")
    status, search, page_size, page = read_filters()
    with api_errors("Loading attempts"), st.spinner("Loading attempts..."):
        body = get_attempts(api_url(), access_token(), page, page_size, status, search)
    attempts = items(body, "attempts", "items")
    total = int(body.get("total", len(attempts)) or 0)
    if not attempts:
        if status or search:
            st.info("No attempt matches these filters. Clear the search or pick another status.")
        else:
            st.info(
                "No attempts yet. Create one on **New assessment** and send the link to the "
                "candidate.",
                icon=":material/inbox:",
            )
        return

    render_table(attempts)
    render_pager(page, page_size, total)


def read_filters() -> tuple[str | None, str, int, int]:
    """Draw the filters; return the status (None for all), search text, page size and page."""
    filters = st.columns([1, 2, 1])
    status = filters[0].selectbox("Status", STATUSES, format_func=lambda s: s.replace("_", " "))
    search = filters[1].text_input("Search", placeholder="name, email or position").strip()
    page_size = filters[2].selectbox("Per page", PAGE_SIZES, index=1)
    filter_key = f"{status}|{search}|{page_size}"
    if st.session_state.get("attempts_filter") != filter_key:
        # A new filter starts again at the first page.
        st.session_state["attempts_filter"] = filter_key
        st.session_state["attempts_page"] = 1
    page = int(st.session_state.get("attempts_page", 1))
    return (None if status == "all" else status), search, page_size, page


def render_table(attempts: list[dict]) -> None:
    """Show the attempts; selecting a row opens its detail page."""
    with api_errors("Loading the skill profiles"), st.spinner("Loading profiles..."):
        summaries = [profile_text(attempt) for attempt in attempts]
    rows = [
        attempt_row(attempt, summary) for attempt, summary in zip(attempts, summaries, strict=True)
    ]
    table = pd.DataFrame(rows)
    st.caption("Select a row to open the attempt.")
    selection = st.dataframe(
        table.drop(columns=["id"]),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="attempts_table",
    )
    selected = selection.selection.rows if selection else []
    if selected:
        attempt_id = table["id"][selected[0]]
        st.switch_page("pages/attempt_detail.py", query_params={"attempt": attempt_id})


def profile_text(attempt: dict) -> str:
    """Return the profile summary of a completed attempt; others have none yet."""
    summary = attempt.get("profile_summary")
    if isinstance(summary, str):
        return summary
    if attempt.get("status") != "completed":
        return ""
    # NOTE: the list response carries no profile, so each completed row costs one call.
    return get_profile_summary(api_url(), access_token(), attempt["id"])


def attempt_row(attempt: dict, summary: str) -> dict:
    info = attempt.get("candidate_info") or {}
    return {
        "id": attempt.get("id"),
        "candidate": attempt.get("candidate_name") or info.get("name"),
        "email": attempt.get("candidate_email") or info.get("email"),
        "position": attempt.get("position") or info.get("position"),
        "status": (attempt.get("status") or "").replace("_", " "),
        "created": format_time(attempt.get("created_at")),
        "completed": format_time(attempt.get("completed_at")),
        "profile": summary,
    }


def render_pager(page: int, page_size: int, total: int) -> None:
    pages = max(1, math.ceil(total / page_size))
    left, middle, right = st.columns([1, 2, 1])
    if left.button("Previous", disabled=page <= 1):
        st.session_state["attempts_page"] = page - 1
        st.rerun()
    middle.caption(f"Page {page} of {pages}, {total} attempts")
    if right.button("Next", disabled=page >= pages):
        st.session_state["attempts_page"] = page + 1
        st.rerun()


attempts_page()
