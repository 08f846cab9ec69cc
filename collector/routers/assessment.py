"""The candidate's side: open the link, start, fetch tasks, send events and complete."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, Field

from collector import candidate
from collector.candidate import AttemptStateError
from collector.deps import SettingsDep, StoreDep
from collector.errors import error_responses
from collector.ingest import BatchOut
from collector.routers.events import BATCH_BODY, SINGLE_BODY, ingest_batch_body, ingest_single
from hiremate.store import utc_now

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/assessment", tags=["candidate"])

# Loading a task keeps the link alive for at least this long, so a slow candidate is not
# cut off mid-assessment.
TASK_VIEW_GRACE = dt.timedelta(minutes=30)
Token = Annotated[str, Path(description="The one-time token from the candidate link.")]
CANDIDATE_ERRORS = error_responses(
    403, 404, 410, e403=candidate.COMPLETED, e404=candidate.NOT_FOUND
)


class AssessmentInfoOut(BaseModel):
    attempt_id: str
    status: str = Field(description="`pending` or `in_progress`.")
    current_task_index: int
    total_tasks: int
    candidate_name: str
    position: str | None = None
    expires_at: dt.datetime | None = None
    last_seq: int = Field(
        0,
        description="Highest client `seq` stored so far; a client resuming on a new device "
        "continues above it.",
    )


class StartOut(BaseModel):
    attempt_id: str
    message: str
    status: str
    total_tasks: int
    current_task_index: int
    started_at: dt.datetime | None = None


class CandidateOptionOut(BaseModel):
    id: str
    text: str


class CandidateTaskOut(BaseModel):
    id: str
    index: int
    title: str
    scenario: str
    category: str
    difficulty: str
    options: list[CandidateOptionOut]
    reasoning_required: bool
    reasoning_min_length: int
    time_limit_seconds: int | None = None
    total_tasks: int


class CompleteOut(BaseModel):
    attempt_id: str
    message: str
    status: str
    completed_at: dt.datetime | None = None


class EventLoggedOut(BaseModel):
    status: str = "logged"
    event_id: str
    server_seq: int
    duplicate: bool


def _attempt(store: Any, token: str) -> dict[str, Any]:
    try:
        return candidate.find_attempt_by_token(store, token, utc_now())
    except AttemptStateError as exc:
        raise exc.http() from None


def _checked(check: Any, attempt: dict[str, Any]) -> None:
    try:
        check(attempt)
    except AttemptStateError as exc:
        raise exc.http() from None


@router.get("/{token}", response_model=AssessmentInfoOut, responses=CANDIDATE_ERRORS)
def read_assessment(token: Token, store: StoreDep) -> AssessmentInfoOut:
    """Check a candidate link and return the attempt status and current task index."""
    attempt = _attempt(store, token)
    _checked(candidate.check_viewable, attempt)
    info = attempt.get("candidate_info") or {}
    return AssessmentInfoOut(
        attempt_id=attempt["id"],
        status=attempt["status"],
        current_task_index=attempt.get("current_task_index") or 0,
        total_tasks=len(attempt["tasks"]),
        candidate_name=info.get("name") or "",
        position=info.get("position"),
        expires_at=attempt.get("expires_at"),
        last_seq=store.max_client_seq(attempt["id"]),
    )


@router.post(
    "/{token}/start",
    response_model=StartOut,
    responses=CANDIDATE_ERRORS | error_responses(409, e409=candidate.ALREADY_STARTED),
)
def start_assessment(token: Token, store: StoreDep) -> StartOut:
    """Start the assessment; of concurrent calls exactly one succeeds, the others get 409."""
    attempt = _attempt(store, token)
    _checked(candidate.check_viewable, attempt)
    now = utc_now()
    started = store.update(
        "attempts",
        attempt["id"],
        {"status": "in_progress", "started_at": now, "current_task_index": 0},
        expect={"status": "pending", "token_hash": attempt["token_hash"]},
    )
    if started is None:
        current = store.get("attempts", attempt["id"]) or attempt
        _checked(candidate.check_viewable, current)
        raise HTTPException(409, candidate.ALREADY_STARTED)
    logger.info("attempt %s started", attempt["id"])
    return StartOut(
        attempt_id=started["id"],
        message="Assessment started",
        status=started["status"],
        total_tasks=len(started["tasks"]),
        current_task_index=0,
        started_at=started["started_at"],
    )


@router.get(
    "/{token}/task/{index}",
    response_model=CandidateTaskOut,
    responses=CANDIDATE_ERRORS,
)
def read_task(
    token: Token, index: Annotated[int, Path(ge=0, le=1000)], store: StoreDep
) -> dict[str, Any]:
    """Return task `index` (from 0) without scoring hints and remember it for resuming."""
    attempt = _attempt(store, token)
    _checked(candidate.check_in_progress, attempt)
    if index >= len(attempt["tasks"]):
        raise HTTPException(
            404, f"Task index out of range; this assessment has {len(attempt['tasks'])} tasks"
        )
    now = utc_now()
    expires_at = max(attempt["expires_at"], now + TASK_VIEW_GRACE)
    store.update(
        "attempts",
        attempt["id"],
        {"current_task_index": index, "expires_at": expires_at},
        expect={"status": "in_progress"},
    )
    return candidate.candidate_task_view(attempt, index)


@router.post(
    "/{token}/complete",
    response_model=CompleteOut,
    responses=CANDIDATE_ERRORS | error_responses(409, e409="Assessment changed at the same time"),
)
def complete_assessment(token: Token, store: StoreDep) -> CompleteOut:
    """Finish the assessment; the token cannot be used again afterwards."""
    attempt = _attempt(store, token)
    _checked(candidate.check_in_progress, attempt)
    completed = store.update(
        "attempts",
        attempt["id"],
        {"status": "completed", "completed_at": utc_now()},
        expect={"status": "in_progress"},
    )
    if completed is None:
        current = store.get("attempts", attempt["id"]) or attempt
        _checked(candidate.check_in_progress, current)
        raise HTTPException(409, "Assessment changed at the same time; reload it")
    logger.info("attempt %s completed", attempt["id"])
    return CompleteOut(
        attempt_id=completed["id"],
        message="Assessment completed",
        status="completed",
        completed_at=completed["completed_at"],
    )


@router.post(
    "/{token}/event",
    response_model=EventLoggedOut,
    responses=CANDIDATE_ERRORS | error_responses(422, e422="payload.option_id: Field required"),
)
def log_event(
    token: Token, store: StoreDep, settings: SettingsDep, event: SINGLE_BODY
) -> dict[str, Any]:
    """Store one event, in the version 1 contract or the legacy frontend's envelope."""
    attempt = _attempt(store, token)
    _checked(candidate.check_in_progress, attempt)
    return ingest_single(store, attempt, event, settings.max_events_per_attempt)


@router.post("/{token}/events", response_model=BatchOut, responses=CANDIDATE_ERRORS)
def log_events(
    token: Token, store: StoreDep, settings: SettingsDep, batch: BATCH_BODY
) -> dict[str, Any]:
    """Store a batch of events: valid ones are stored, each rejected one is listed."""
    attempt = _attempt(store, token)
    _checked(candidate.check_in_progress, attempt)
    return ingest_batch_body(store, attempt, batch, settings.max_events_per_attempt)
