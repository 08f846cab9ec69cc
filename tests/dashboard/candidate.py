"""Drive the candidate endpoints of a running collector, as the assessment page would."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
REASONING = (
    "First, I would check the facts with the team because the deadline matters. "
    "Therefore I pick the option that keeps the customer informed; however, I would "
    "also prepare a fallback plan in case the supplier fails again."
)


def login(base_url: str, email: str, password: str) -> str:
    """Return an access token for the recruiter."""
    response = httpx.post(
        f"{base_url}/api/v1/auth/login", json={"email": email, "password": password}
    )
    response.raise_for_status()
    return response.json()["access_token"]


def list_tasks(base_url: str, token: str) -> list[dict[str, Any]]:
    """Return the first page of tasks the recruiter can use, library first."""
    headers = {"Authorization": f"Bearer {token}"}
    response = httpx.get(f"{base_url}/api/v1/tasks", params={"page_size": 100}, headers=headers)
    response.raise_for_status()
    return response.json()["tasks"]


def create_attempt(base_url: str, token: str, name: str, task_count: int = 3) -> dict[str, Any]:
    """Create an attempt on the first `task_count` library tasks; returns the API body."""
    headers = {"Authorization": f"Bearer {token}"}
    tasks = [task for task in list_tasks(base_url, token) if task["org_id"] is None]
    body = {
        "candidate_info": {
            "name": name,
            "email": f"{name.lower().replace(' ', '.')}@example.com",
            "position": "Project Manager",
            "skills": ["planning"],
        },
        "task_ids": [task["id"] for task in tasks[:task_count]],
        "expires_in_days": 7,
    }
    response = httpx.post(f"{base_url}/api/v1/attempts", json=body, headers=headers)
    response.raise_for_status()
    return response.json()


def task_events(task: dict[str, Any], index: int, start: dt.datetime) -> list[dict[str, Any]]:
    """Events of one task: view every option, pick one, change to another, then complete."""
    options = [option["id"] for option in task["options"]]
    steps: list[tuple[str, dict[str, Any]]] = [("task_started", {"task_index": index})]
    steps += [("option_viewed", {"option_id": option, "dwell_ms": 900}) for option in options]
    steps.append(("option_selected", {"option_id": options[0]}))
    steps.append(("option_changed", {"from_option_id": options[0], "to_option_id": options[1]}))
    steps.append(("reasoning_started", {}))
    steps.append(("reasoning_updated", {"chars": len(REASONING), "words": 40, "deleted_chars": 4}))
    if index == 1:
        steps.append(("paste_detected", {"chars": 20, "target": "reasoning"}))
    steps.append(("reasoning_submitted", {"text": REASONING}))
    steps.append(("task_completed", {"option_id": options[1], "reasoning": REASONING}))
    return [
        {
            "event_id": str(uuid.uuid4()),
            "type": kind,
            "task_id": task["id"],
            "client_ts": (start + dt.timedelta(seconds=4 * position)).isoformat(),
            "payload": payload,
            "schema_version": 1,
        }
        for position, (kind, payload) in enumerate(steps)
    ]


def take_assessment(base_url: str, token: str, *, complete: bool = True) -> int:
    """Start the attempt behind a candidate token, send its events and optionally complete it.

    Returns the number of events the collector accepted.
    """
    api = f"{base_url}/api/v1/assessment/{token}"
    httpx.post(f"{api}/start").raise_for_status()
    total = httpx.get(api).json()["total_tasks"]
    events: list[dict[str, Any]] = []
    for index in range(total):
        task = httpx.get(f"{api}/task/{index}").json()
        events += task_events(task, index, START + dt.timedelta(minutes=3 * index))
    for seq, event in enumerate(events, start=1):
        event["seq"] = seq
    response = httpx.post(f"{api}/events", json={"events": events})
    response.raise_for_status()
    body = response.json()
    assert not body["rejected"], body["rejected"]
    if complete:
        httpx.post(f"{api}/complete").raise_for_status()
    return len(body["accepted"])


def send_event(base_url: str, token: str, kind: str, seq: int) -> int:
    """Send one attempt-level event with no payload and return its server sequence number."""
    event = {
        "event_id": str(uuid.uuid4()),
        "type": kind,
        "task_id": None,
        "client_ts": dt.datetime.now(dt.UTC).isoformat(),
        "seq": seq,
        "payload": {},
        "schema_version": 1,
    }
    response = httpx.post(f"{base_url}/api/v1/assessment/{token}/events", json={"events": [event]})
    response.raise_for_status()
    body = response.json()
    assert not body["rejected"], body["rejected"]
    return body["accepted"][0]["server_seq"]
