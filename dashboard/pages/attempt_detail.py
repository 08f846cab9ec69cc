"""Attempt detail page: candidate, timeline, explained skill profile, metrics and charts."""

from __future__ import annotations

import streamlit as st

from dashboard.api import ApiError
from dashboard.loaders import get_attempt_detail, get_attempts, items
from dashboard.session import (
    access_token,
    api_errors,
    api_url,
    dagster_url,
    get_client,
    show_api_error,
)
from dashboard.views import render_attempt_detail


def attempt_detail_page() -> None:
    attempt_id = st.query_params.get("attempt") or pick_attempt()
    if not attempt_id:
        return
    if st.button("Reload", icon=":material/refresh:"):
        get_attempt_detail.clear()
    with api_errors("Loading the attempt"), st.spinner("Loading the attempt..."):
        data = get_attempt_detail(api_url(), access_token(), attempt_id)
    render_attempt_detail(data, dagster_url=dagster_url())
    if data.attempt.get("status") == "completed":
        render_rescore(attempt_id)
    if data.attempt.get("status") == "in_progress":
        st.page_link(
            "pages/live.py",
            label="Watch this attempt live",
            icon=":material/sensors:",
            query_params={"attempt": attempt_id},
        )


def render_rescore(attempt_id: str) -> None:
    """Offer to score the attempt again, for example after a new rules version."""
    if not st.button("Request a new profile", help="The pipeline adds a new profile version."):
        return
    try:
        with st.spinner("Sending the request..."), get_client() as client:
            body = client.generate_skills(attempt_id, force=True)
    except ApiError as exc:
        show_api_error(exc, "Requesting a new profile")
        return
    state = (body.get("recompute") or {}).get("status", "pending")
    st.success(
        f"Request recorded (status: {state.replace('_', ' ')}). The new version appears under "
        "Profile history once the pipeline has run; press Reload to check."
    )


def pick_attempt() -> str | None:
    """Offer the latest attempts when the page was opened without an attempt id."""
    st.title("Attempt detail")
    with api_errors("Loading attempts"), st.spinner("Loading attempts..."):
        body = get_attempts(api_url(), access_token(), 1, 50, None, "")
    attempts = items(body, "attempts", "items")
    if not attempts:
        st.info("No attempts yet. Create one on **New assessment**.", icon=":material/inbox:")
        return None
    labels = {
        attempt["id"]: f"{(attempt.get('candidate_info') or {}).get('name', '?')} "
        f"({attempt.get('status', '?').replace('_', ' ')})"
        for attempt in attempts
    }
    chosen = st.selectbox(
        "Attempt", list(labels), format_func=labels.get, index=None, placeholder="Pick one"
    )
    if chosen:
        st.query_params["attempt"] = chosen
    return chosen


attempt_detail_page()
