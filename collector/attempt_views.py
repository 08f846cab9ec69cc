"""Response models of attempts and the organisation-scoped attempt lookup."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import HTTPException
from pydantic import BaseModel, Field

from collector.candidate import apply_expiry
from collector.routers.tasks import TaskOut
from hiremate.settings import Settings
from hiremate.store import Store


class CandidateInfoOut(BaseModel):
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    position: str | None = None
    skills: list[str] = []
    resume_text: str | None = None
    resume_file_id: str | None = None


class AttemptOut(BaseModel):
    id: str
    org_id: str
    recruiter_id: str | None = None
    candidate_info: CandidateInfoOut
    candidate_name: str | None = None
    candidate_email: str | None = None
    position: str | None = None
    task_ids: list[str]
    total_tasks: int
    total_questions: int
    status: str = Field(description="`pending`, `in_progress`, `completed` or `expired`.")
    current_task_index: int
    current_question: int
    created_at: dt.datetime | None = None
    started_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    overall_score: float | None = Field(None, description="Always null: no grade is computed.")
    overall_grade: str | None = Field(None, description="Always null: no grade is computed.")
    analysis_result: dict[str, Any] | None = Field(None, description="Always null.")
    tasks: list[TaskOut] | None = Field(
        None, description="The task versions this attempt was given (single-attempt reads)."
    )


class AttemptCreatedOut(AttemptOut):
    token: str = Field(description="The candidate token; shown only here and on re-issue.")
    link: str = Field(description="`{public_url}/assessment/{token}`.")


class AttemptListOut(BaseModel):
    attempts: list[AttemptOut]
    total: int
    page: int
    page_size: int


def attempt_out(attempt: dict[str, Any], *, with_tasks: bool = False) -> dict[str, Any]:
    """Return the recruiter's view of an attempt (never the token hash)."""
    info = attempt.get("candidate_info") or {}
    index = attempt.get("current_task_index") or 0
    view = {
        "id": attempt["id"],
        "org_id": attempt["org_id"],
        "recruiter_id": attempt.get("recruiter_id"),
        "candidate_info": info,
        "candidate_name": info.get("name"),
        "candidate_email": info.get("email"),
        "position": info.get("position"),
        "task_ids": attempt.get("task_ids", []),
        "total_tasks": len(attempt.get("task_ids", [])),
        "total_questions": len(attempt.get("task_ids", [])),
        "status": attempt["status"],
        "current_task_index": index,
        "current_question": index,
    }
    for field in ("created_at", "started_at", "completed_at", "expires_at", "revoked_at"):
        view[field] = attempt.get(field)
    if with_tasks:
        view["tasks"] = attempt.get("tasks", [])
    return view


def candidate_link(settings: Settings, token: str) -> str:
    """Return the link a candidate opens."""
    return f"{settings.public_url.rstrip('/')}/assessment/{token}"


def get_org_attempt(store: Store, org_id: str, attempt_id: str, now: dt.datetime) -> dict:
    """Return an attempt of the organisation, with expiry applied.

    Raises:
        HTTPException: 404 when it is missing or belongs to another organisation.
    """
    attempt = store.get("attempts", attempt_id)
    if attempt is None or attempt.get("org_id") != org_id:
        raise HTTPException(404, "Attempt not found")
    return apply_expiry(store, attempt, now)


def expire_stale_attempts(store: Store, org_id: str, now: dt.datetime) -> None:
    """Store `expired` on the organisation's active attempts whose links have lapsed."""
    stale = store.find(
        "attempts",
        {
            "org_id": org_id,
            "status": {"$in": ["pending", "in_progress"]},
            "expires_at": {"$lte": now},
        },
    )
    for attempt in stale:
        apply_expiry(store, attempt, now)
