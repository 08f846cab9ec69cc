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
TOO_MANY_IN_BATCH = (
    f"at most {MAX_BATCH_EVENTS} events per batch; split the batch into smaller ones"
)
CONFLICT = "event_id: already used by another assessment; generate a new UUID for each event"
DUPLICATE_SEQ = "seq: {seq} is already used by event {other} in this batch; number each event once"


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


def too_many_events(limit: int) -> str:
    """Return the rejection of an event past the per-attempt cap."""
    return (
        f"this assessment already holds the maximum of {limit} events; "
        "no more events are stored for it"
    )


def ingest_events(
    store: Store,
    attempt: dict[str, Any],
    raw_events: Sequence[Any],
    max_events: int | None = None,
) -> dict:
    """Validate events for one in-progress attempt and append the valid ones in one call.

    A client `seq` used by two different event ids in one batch rejects the later event.
    Across requests such a clash is stored as sent and reported by the pipeline's sequence
    check, because looking up every stored `seq` would cost a store read per event. Events
    past `max_events` stored for the attempt are rejected.

    Returns:
        `{"accepted": [...], "rejected": [...]}`; each accepted event is durably stored.
    """
    refs = task_refs(attempt.get("tasks", []))
    docs: list[dict[str, Any]] = []
    positions: list[int] = []
    rejected: list[dict[str, Any]] = []
    seen_seq: dict[int, str] = {}
    for index, raw in enumerate(raw_events):
        try:
            doc = validate_event(raw, refs)
        except EventError as exc:
            rejected.append({"event_id": _raw_event_id(raw), "index": index, "error": str(exc)})
            continue
        seq, event_id = doc["seq"], doc["event_id"]
        if seq is not None and seen_seq.setdefault(seq, event_id) != event_id:
            error = DUPLICATE_SEQ.format(seq=seq, other=seen_seq[seq])
            rejected.append({"event_id": event_id, "index": index, "error": error})
            continue
        docs.append(doc)
        positions.append(index)
    if docs and max_events is not None:
        # NOTE: resends of already stored events count toward the room here, so at the cap a
        # resend is rejected instead of being acknowledged as a duplicate.
        room = max(0, max_events - store.count_events(attempt["id"]))
        if room < len(docs):
            error = too_many_events(max_events)
            for index, doc in zip(positions[room:], docs[room:], strict=True):
                rejected.append({"event_id": doc["event_id"], "index": index, "error": error})
            docs, positions = docs[:room], positions[:room]
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
