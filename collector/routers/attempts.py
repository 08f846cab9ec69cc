"""Attempts: create one with a candidate token, list, read one and page through its events."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, EmailStr, Field, field_validator

from collector.attempt_views import (
    AttemptCreatedOut,
    AttemptListOut,
    AttemptOut,
    attempt_out,
    candidate_link,
    expire_stale_attempts,
    get_org_attempt,
)
from collector.deps import SettingsDep, StoreDep, UserDep
from collector.errors import error_responses
from collector.names import check_person_name
from collector.routers.tasks import get_visible_task, visible_tasks
from collector.security import hash_token, new_candidate_token
from hiremate.events import INT64_MAX
from hiremate.store import Store, new_id, utc_now

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/attempts", tags=["attempts"])

# Tasks picked for the position when `task_ids` is empty.
DEFAULT_TASK_COUNT = 5
GENERAL_POSITION = "general"
SEARCH_FIELDS = ("candidate_info.name", "candidate_info.email", "candidate_info.position")
# Pages past this would skip more rows than any store holds; the bound keeps skips in range.
MAX_PAGE = 1_000_000


class CandidateInfoIn(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    email: EmailStr
    phone: Annotated[str, Field(max_length=50)] | None = None
    position: Annotated[str, Field(max_length=200)] | None = None
    skills: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=200)] = []
    resume_text: Annotated[str, Field(max_length=200_000)] | None = None
    resume_file_id: Annotated[str, Field(max_length=100)] | None = None

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        return check_person_name(value)


class AttemptCreate(BaseModel):
    candidate_info: CandidateInfoIn
    task_ids: Annotated[list[str], Field(max_length=50)] = Field(
        default_factory=list, description="Empty: tasks are picked from the position."
    )
    expires_in_days: Annotated[int, Field(ge=1, le=90)] | None = None

    @field_validator("task_ids")
    @classmethod
    def _check_unique(cls, task_ids: list[str]) -> list[str]:
        seen: set[str] = set()
        for task_id in task_ids:
            if task_id in seen:
                raise ValueError(f"task {task_id!r} is listed twice; list each task once")
            seen.add(task_id)
        return task_ids


class EventOut(BaseModel):
    event_id: str
    type: str
    task_id: str | None = None
    client_ts: dt.datetime | None = None
    seq: int | None = None
    payload: dict[str, Any]
    schema_version: int
    source: str | None = None
    server_seq: int
    received_at: dt.datetime | None = None


class EventPageOut(BaseModel):
    attempt_id: str
    events: list[EventOut]
    next_after_seq: int = Field(description="Pass as `after_seq` to read the next page.")
    has_more: bool


def pick_tasks(store: Store, org_id: str, position: str | None) -> list[dict[str, Any]]:
    """Choose tasks that suit the position, filled up with general ones, library first."""
    tasks = visible_tasks(store, org_id)
    requested = (position or "").strip().lower()

    def suits(task: dict[str, Any]) -> bool:
        positions = [str(p).lower() for p in task.get("suited_positions", [])]
        return bool(requested) and any(p in requested or requested in p for p in positions)

    matching = [t for t in tasks if suits(t)]
    general = [t for t in tasks if GENERAL_POSITION in task_positions(t) and t not in matching]
    rest = [t for t in tasks if t not in matching and t not in general]
    return (matching + general + rest)[:DEFAULT_TASK_COUNT]


def task_positions(task: dict[str, Any]) -> list[str]:
    return [str(p).lower() for p in task.get("suited_positions", [])]


def snapshot(task: dict[str, Any]) -> dict[str, Any]:
    """Copy the task into the attempt, so later edits of the task do not change the copy."""
    keep = (
        "id", "org_id", "title", "scenario", "category", "difficulty", "options",
        "reasoning_required", "reasoning_min_length", "suited_positions",
        "time_limit_seconds", "version",
    )  # fmt: skip
    return {field: task.get(field) for field in keep}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=AttemptCreatedOut,
    responses=error_responses(401, 404, 422, e404="Task not found"),
)
def create_attempt(
    body: AttemptCreate, user: UserDep, store: StoreDep, settings: SettingsDep
) -> dict[str, Any]:
    """Create an attempt and its one-time candidate token and link."""
    org_id = user["org_id"]
    if body.task_ids:
        tasks = [get_visible_task(store, org_id, task_id) for task_id in body.task_ids]
    else:
        tasks = pick_tasks(store, org_id, body.candidate_info.position)
    if not tasks:
        raise HTTPException(422, "task_ids: no tasks available; create a task first")
    token = new_candidate_token()
    now = utc_now()
    days = body.expires_in_days or settings.token_expire_days
    info = body.candidate_info.model_dump()
    info["email"] = str(info["email"])
    attempt = store.insert(
        "attempts",
        {
            "id": new_id(),
            "org_id": org_id,
            "recruiter_id": user["id"],
            "candidate_info": info,
            "task_ids": [task["id"] for task in tasks],
            "tasks": [snapshot(task) for task in tasks],
            "status": "pending",
            "token_hash": hash_token(token),
            "expires_at": now + dt.timedelta(days=days),
            "created_at": now,
            "started_at": None,
            "completed_at": None,
            "current_task_index": 0,
            "revoked_at": None,
        },
    )
    logger.info("user %s created attempt %s with %d tasks", user["id"], attempt["id"], len(tasks))
    return {
        **attempt_out(attempt, with_tasks=True),
        "token": token,
        "link": candidate_link(settings, token),
    }


@router.get("", response_model=AttemptListOut, responses=error_responses(401, 422))
def list_attempts(
    user: UserDep,
    store: StoreDep,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    status: Literal["pending", "in_progress", "completed", "expired"] | None = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
    completed_date: Annotated[dt.date | None, Query(description="UTC day of completion.")] = None,
) -> AttemptListOut:
    """List the organisation's attempts, newest first, with paging, status and search."""
    now = utc_now()
    expire_stale_attempts(store, user["org_id"], now)
    query: dict[str, Any] = {"org_id": user["org_id"]}
    if status:
        query["status"] = status
    if completed_date:
        day = dt.datetime.combine(completed_date, dt.time(), tzinfo=dt.UTC)
        query["completed_at"] = {"$gte": day, "$lt": day + dt.timedelta(days=1)}
    found = (SEARCH_FIELDS, search.strip()) if search and search.strip() else None
    attempts = store.find(
        "attempts",
        query,
        search=found,
        sort=[("created_at", -1)],
        skip=(page - 1) * page_size,
        limit=page_size,
    )
    return AttemptListOut(
        attempts=[attempt_out(a) for a in attempts],
        total=store.count("attempts", query, search=found),
        page=page,
        page_size=page_size,
    )


@router.get("/{attempt_id}", response_model=AttemptOut, responses=error_responses(401, 404))
def read_attempt(attempt_id: str, user: UserDep, store: StoreDep) -> dict[str, Any]:
    """Return one attempt with the task versions it was given."""
    attempt = get_org_attempt(store, user["org_id"], attempt_id, utc_now())
    return attempt_out(attempt, with_tasks=True)


@router.get(
    "/{attempt_id}/events", response_model=EventPageOut, responses=error_responses(401, 404, 422)
)
def list_attempt_events(
    attempt_id: str,
    user: UserDep,
    store: StoreDep,
    after_seq: Annotated[int, Query(ge=0, le=INT64_MAX)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> EventPageOut:
    """Page through an attempt's stored events in server order."""
    get_org_attempt(store, user["org_id"], attempt_id, utc_now())
    events = store.list_events(attempt_id, after_seq=after_seq, limit=limit + 1)
    page = events[:limit]
    return EventPageOut(
        attempt_id=attempt_id,
        events=page,
        next_after_seq=page[-1]["server_seq"] if page else after_seq,
        has_more=len(events) > limit,
    )
