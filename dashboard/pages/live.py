"""Live page: an in-progress attempt's events as they are stored, polled every second."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.api import ApiError
from dashboard.loaders import fetch_all_events, get_attempts, items
from dashboard.session import access_token, api_errors, api_url, get_client, show_api_error
from dashboard.views import frames
from dashboard.views.widgets import status_badge

FEED_ROWS = 30
LIVE_STATUSES = ("in_progress", "pending")


def live_page() -> None:
    st.title("Live")
    attempt_id = choose_attempt()
    if not attempt_id:
        return
    if st.session_state.get("live_attempt") != attempt_id:
        st.session_state["live_attempt"] = attempt_id
        st.session_state["live_events"] = []
    live_feed(attempt_id)


def choose_attempt() -> str | None:
    with api_errors("Loading attempts"), st.spinner("Loading attempts..."):
        running = []
        for status in LIVE_STATUSES:
            body = get_attempts(api_url(), access_token(), 1, 50, status, "")
            running.extend(items(body, "attempts", "items"))
    requested = st.query_params.get("attempt")
    ids = [attempt["id"] for attempt in running]
    if requested and requested not in ids:
        ids.insert(0, requested)
    if not ids:
        st.info(
            "No attempt is in progress. When a candidate opens their link, their attempt "
            "appears here and you can watch it.",
            icon=":material/sensors_off:",
        )
        return None
    names = {a["id"]: (a.get("candidate_info") or {}).get("name", a["id"]) for a in running}
    chosen = st.selectbox(
        "Attempt",
        ids,
        index=ids.index(requested) if requested else 0,
        format_func=lambda i: names.get(i, i),
    )
    st.query_params["attempt"] = chosen
    return chosen


@st.fragment(run_every=1)
def live_feed(attempt_id: str) -> None:
    """Fetch the events stored since the last poll and redraw the feed."""
    known = st.session_state.setdefault("live_events", [])
    after_seq = int(known[-1].get("server_seq") or 0) if known else 0
    client = get_client()
    try:
        attempt = client.get_attempt(attempt_id)
        known.extend(fetch_all_events(client, attempt_id, after_seq))
    except ApiError as exc:
        show_api_error(exc, "Polling the attempt")
        return
    finally:
        client.close()

    info = attempt.get("candidate_info") or {}
    st.markdown(f"**{info.get('name', 'Candidate')}** {status_badge(attempt.get('status'))}")
    events = frames.events_frame(known)
    render_tiles(attempt, events)
    if not known:
        st.info("Waiting for the candidate's first event...", icon=":material/hourglass_top:")
        return

    recent = events.tail(FEED_ROWS).iloc[::-1]
    table = frames.feed_frame(recent, frames.task_titles(attempt))
    st.dataframe(table, hide_index=True, width="stretch")
    if attempt.get("status") == "completed":
        st.success("The candidate completed the attempt.", icon=":material/task_alt:")
        st.page_link(
            "pages/attempt_detail.py",
            label="Open the attempt",
            query_params={"attempt": attempt_id},
        )


def render_tiles(attempt: dict, events: pd.DataFrame) -> None:
    total = len(attempt.get("task_ids") or [])
    # After the last task the index points one past the end.
    current = min((attempt.get("current_task_index") or 0) + 1, total)
    integrity = events[events["type"].isin(frames.INTEGRITY_EVENT_TYPES)]
    last = events["type"].iloc[-1].replace("_", " ") if not events.empty else "-"
    tiles = st.columns(4)
    tiles[0].metric("Events", len(events))
    tiles[1].metric("Task", f"{current} of {total}")
    tiles[2].metric("Integrity signals", len(integrity))
    tiles[3].metric("Last event", last)


live_page()
