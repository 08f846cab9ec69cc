"""Builders of candidate events in both shapes, for tests."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any


def iso_now() -> str:
    """Return the current time as the browser's `toISOString()` writes it."""
    now = dt.datetime.now(dt.UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def legacy_event(event_type: str, task_id: str, **payload: Any) -> dict[str, Any]:
    """Return an event in the legacy frontend's envelope."""
    return {
        "type": "event",
        "event_type": event_type,
        "task_id": task_id,
        "payload": payload,
        "client_timestamp": iso_now(),
    }


def v1_event(event_type: str, task_id: str | None, seq: int, **payload: Any) -> dict[str, Any]:
    """Return a version 1 event with a new `event_id`."""
    return {
        "event_id": str(uuid.uuid4()),
        "type": event_type,
        "task_id": task_id,
        "client_ts": iso_now(),
        "seq": seq,
        "payload": payload,
        "schema_version": 1,
    }


def started_attempt(client: Any, token: str) -> dict[str, Any]:
    """Start the assessment behind `token` and return the first task."""
    client.post(f"/assessment/{token}/start").raise_for_status()
    task = client.get(f"/assessment/{token}/task/0")
    task.raise_for_status()
    return task.json()
