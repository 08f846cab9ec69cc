"""Event ingestion over REST: `POST /events` with the token in the body or a header."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, HTTPException
from pydantic import BaseModel, Field, field_validator
from pydantic_core import PydanticCustomError

from collector import candidate
from collector.candidate import AttemptStateError
from collector.deps import SettingsDep, StoreDep
from collector.errors import error_responses
from collector.ingest import MAX_BATCH_EVENTS, TOO_MANY_IN_BATCH, BatchOut, ingest_events
from hiremate.events import EVENT_TYPES
from hiremate.store import Store, utc_now

logger = logging.getLogger(__name__)
router = APIRouter(tags=["events"])

EVENT_EXAMPLE = {
    "event_id": "0b7f8d2e-4c1a-4f3e-9a57-2f1d6c3b9e10",
    "type": "option_selected",
    "task_id": "task-release-bug",
    "client_ts": "2026-01-15T09:30:12.345Z",
    "seq": 3,
    "payload": {"option_id": "a"},
    "schema_version": 1,
}
LEGACY_EXAMPLE = {
    "type": "event",
    "event_type": "option_selected",
    "task_id": "task-release-bug",
    "payload": {"option_index": 0, "option_id": "a"},
    "client_timestamp": "2026-01-15T09:30:12.345Z",
}
EVENT_DESCRIPTION = (
    "One event: `event_id` (UUID), `type` (one of "
    + ", ".join(f"`{t}`" for t in EVENT_TYPES)
    + "), `task_id`, `client_ts` (ISO 8601 with zone), `seq` (from 1), `payload` and "
    '`schema_version` 1. The legacy envelope `{type: "event", event_type, task_id, payload, '
    "client_timestamp}` is accepted too."
)


BATCH_DESCRIPTION = (
    f"At most {MAX_BATCH_EVENTS} events; a longer batch gets 422 and must be split. "
    + EVENT_DESCRIPTION
)


class EventBatchIn(BaseModel):
    events: Annotated[list[Any], Field(description=BATCH_DESCRIPTION)]
    token: str | None = Field(None, description="Candidate token, for `POST /events` only.")

    @field_validator("events")
    @classmethod
    def _check_batch_size(cls, events: list[Any]) -> list[Any]:
        if len(events) > MAX_BATCH_EVENTS:
            raise PydanticCustomError("too_many_events", TOO_MANY_IN_BATCH)
        return events


SINGLE_BODY = Annotated[
    dict[str, Any],
    Body(
        description=EVENT_DESCRIPTION,
        openapi_examples={
            "version 1": {"value": EVENT_EXAMPLE},
            "legacy": {"value": LEGACY_EXAMPLE},
        },
    ),
]
BATCH_BODY = Annotated[
    EventBatchIn, Body(openapi_examples={"batch": {"value": {"events": [EVENT_EXAMPLE]}}})
]


def ingest_single(
    store: Store, attempt: dict[str, Any], event: dict[str, Any], max_events: int
) -> dict:
    """Store one event; a rejected single event is a 422 naming the field."""
    outcome = ingest_events(store, attempt, [event], max_events)
    if outcome["rejected"]:
        raise HTTPException(422, outcome["rejected"][0]["error"])
    return {"status": "logged", **outcome["accepted"][0]}


def ingest_batch_body(
    store: Store, attempt: dict[str, Any], batch: EventBatchIn, max_events: int
) -> dict:
    """Store the valid events of a batch and list each rejected one."""
    return ingest_events(store, attempt, batch.events, max_events)


@router.post(
    "/events",
    response_model=BatchOut,
    responses=error_responses(
        401,
        403,
        404,
        410,
        e401="Missing assessment token; send `token` in the body or X-Assessment-Token",
        e403=candidate.COMPLETED,
        e404=candidate.NOT_FOUND,
    ),
)
def post_events(
    store: StoreDep,
    settings: SettingsDep,
    body: Annotated[
        dict[str, Any],
        Body(
            description="A batch `{token?, events: [...]}` or one event with an optional "
            f"`token` field. At most {MAX_BATCH_EVENTS} events per batch; a longer batch "
            "gets 422 and must be split.",
            openapi_examples={
                "batch": {"value": {"token": "<candidate token>", "events": [EVENT_EXAMPLE]}},
                "single": {"value": {"token": "<candidate token>", **EVENT_EXAMPLE}},
            },
        ),
    ],
    x_assessment_token: Annotated[str | None, Header(max_length=256)] = None,
) -> dict[str, Any]:
    """Store one event or a batch for the assessment named by the token."""
    body = dict(body)
    token = body.pop("token", None) or x_assessment_token
    if not isinstance(token, str) or not token:
        raise HTTPException(
            401, "Missing assessment token; send `token` in the body or X-Assessment-Token"
        )
    try:
        attempt = candidate.find_attempt_by_token(store, token, utc_now())
        candidate.check_in_progress(attempt)
    except AttemptStateError as exc:
        raise exc.http() from None
    if "events" in body:
        events = body["events"]
        if not isinstance(events, list):
            raise HTTPException(422, "body.events: Input should be a valid list of events")
        if len(events) > MAX_BATCH_EVENTS:
            raise HTTPException(422, f"body.events: {TOO_MANY_IN_BATCH}")
        return ingest_events(store, attempt, events, settings.max_events_per_attempt)
    outcome = ingest_events(store, attempt, [body], settings.max_events_per_attempt)
    if outcome["rejected"]:
        raise HTTPException(422, outcome["rejected"][0]["error"])
    return outcome
