"""Dashboard numbers and the recent-activity feed of the recruiter's organisation."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from collector.attempt_views import expire_stale_attempts
from collector.deps import StoreDep, UserDep
from collector.errors import error_responses
from hiremate.store import utc_now

router = APIRouter(prefix="/dashboard", tags=["dashboard"])

# Activity text and type of each attempt milestone, keyed by the timestamp field recording it.
ACTIVITY_KINDS: dict[str, tuple[str, str]] = {
    "completed_at": ("completed the assessment", "success"),
    "started_at": ("started the assessment", "info"),
    "created_at": ("was invited to an assessment", "info"),
    "revoked_at": ("had the assessment link revoked", "warning"),
}


class StatsOut(BaseModel):
    total_candidates: int
    active_assessments: int = Field(description="Attempts in progress.")
    pending_assessments: int
    completed_today: int = Field(description="Completed since 00:00 UTC.")
    total_completed: int
    completion_rate: float = Field(description="Completed attempts per attempt, in percent.")


class ActivityOut(BaseModel):
    id: str
    attempt_id: str
    candidate_name: str
    action: str
    type: Literal["success", "info", "warning"]
    timestamp: dt.datetime


class ActivityListOut(BaseModel):
    activities: list[ActivityOut]


@router.get("/stats", response_model=StatsOut, responses=error_responses(401))
def read_stats(user: UserDep, store: StoreDep) -> StatsOut:
    """Count the organisation's attempts by state."""
    org_id = user["org_id"]
    now = utc_now()
    expire_stale_attempts(store, org_id, now)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    total = store.count("attempts", {"org_id": org_id})
    completed = store.count("attempts", {"org_id": org_id, "status": "completed"})
    return StatsOut(
        total_candidates=total,
        active_assessments=store.count("attempts", {"org_id": org_id, "status": "in_progress"}),
        pending_assessments=store.count("attempts", {"org_id": org_id, "status": "pending"}),
        completed_today=store.count(
            "attempts", {"org_id": org_id, "completed_at": {"$gte": midnight}}
        ),
        total_completed=completed,
        completion_rate=round(100.0 * completed / total, 1) if total else 0.0,
    )


@router.get("/activity", response_model=ActivityListOut, responses=error_responses(401, 422))
def read_activity(
    user: UserDep, store: StoreDep, limit: Annotated[int, Query(ge=1, le=100)] = 10
) -> ActivityListOut:
    """List the newest things that happened to the organisation's attempts."""
    items: list[dict[str, Any]] = []
    for field, (action, kind) in ACTIVITY_KINDS.items():
        query = {"org_id": user["org_id"], field: {"$ne": None}}
        for attempt in store.find("attempts", query, sort=[(field, -1)], limit=limit):
            name = (attempt.get("candidate_info") or {}).get("name") or "Candidate"
            items.append(
                {
                    "id": f"{attempt['id']}:{field.removesuffix('_at')}",
                    "attempt_id": attempt["id"],
                    "candidate_name": name,
                    "action": f"{name} {action}",
                    "type": kind,
                    "timestamp": attempt[field],
                }
            )
    items.sort(key=lambda item: item["timestamp"], reverse=True)
    return ActivityListOut(activities=items[:limit])
