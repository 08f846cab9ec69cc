"""Event ingestion shared by the REST endpoints and the candidate socket."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from hiremate.events import EventError, task_refs, validate_event
from hiremate.store import Store

logger = logging.getLogger(__name__)

MAX_BATCH_EVENTS = 1000
CONFLICT = "event_id: already used by another assessment; generate a new UUID for each event"


class AcceptedOut(BaseModel):
    event_id: str
    server_seq: int = Field(description="Per-attempt server sequence number, from 1.")
    duplicate: bool = Field(description="True when this event_id was already stored.")


class RejectedOut(BaseModel):
    event_id: str | None = Field(description="The event's id, when it had a readable one.")
    index: int = Field(description="Position of the event in the request, from 0.")
    error: str = Field(description="Why it was rejected, naming the field.")


class BatchOut(BaseModel):
    accepted: list[AcceptedOut]
    rejected: list[RejectedOut]


def _raw_event_id(raw: Any) -> str | None:
    if isinstance(raw, dict):
        value = raw.get("event_id")
        return value if isinstance(value, str) and len(value) <= 100 else None
    return None


def ingest_events(store: Store, attempt: dict[str, Any], raw_events: Sequence[Any]) -> dict:
    """Validate events for one in-progress attempt and append the valid ones in one call.

    Returns:
        `{"accepted": [...], "rejected": [...]}`; each accepted event is durably stored.
    """
    refs = task_refs(attempt.get("tasks", []))
    docs: list[dict[str, Any]] = []
    positions: list[int] = []
    rejected: list[dict[str, Any]] = []
    for index, raw in enumerate(raw_events):
        try:
            docs.append(validate_event(raw, refs))
        except EventError as exc:
            rejected.append({"event_id": _raw_event_id(raw), "index": index, "error": str(exc)})
            continue
        positions.append(index)
    accepted: list[dict[str, Any]] = []
    if docs:
        for index, result in zip(positions, store.append_events(attempt["id"], docs), strict=True):
            if getattr(result, "conflict", False):
                rejected.append({"event_id": result.event_id, "index": index, "error": CONFLICT})
            else:
                accepted.append(
                    {
                        "event_id": result.event_id,
                        "server_seq": result.server_seq,
                        "duplicate": result.duplicate,
                    }
                )
    if rejected:
        rejected.sort(key=lambda item: item["index"])
        logger.info(
            "attempt %s: rejected %d of %d events, first: %s",
            attempt["id"],
            len(rejected),
            len(raw_events),
            rejected[0]["error"],
        )
    return {"accepted": accepted, "rejected": rejected}


def reject_all(raw_events: Sequence[Any], error: str) -> dict:
    """Return a batch result that rejects every event with the same reason."""
    return {
        "accepted": [],
        "rejected": [
            {"event_id": _raw_event_id(raw), "index": index, "error": error}
            for index, raw in enumerate(raw_events)
        ],
    }
