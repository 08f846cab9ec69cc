"""Recompute requests that the pipeline picks up, and the state reported with results."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Literal

from fastapi import HTTPException
from pydantic import BaseModel, Field

from hiremate.settings import Settings
from hiremate.store import Store, utc_now

logger = logging.getLogger(__name__)

OPEN_REQUEST_STATUSES = ["pending", "running"]
NOT_COMPLETED = "Attempt is not completed yet; results are computed after completion"


class RecomputeIn(BaseModel):
    force_recompute: bool = Field(False, description="Queue a new computation even if stored.")


class RecomputeState(BaseModel):
    status: Literal["pending", "running", "done", "failed", "not_requested"] = Field(
        description="`not_requested` when the stored result is current and no force was asked."
    )
    request_id: str | None = None
    requested_at: dt.datetime | None = None


def open_request(store: Store, attempt_id: str, kind: str) -> dict[str, Any] | None:
    """Return the pending or running request of this kind for the attempt, if any."""
    return store.find_one(
        "recompute_requests",
        {"attempt_id": attempt_id, "kind": kind, "status": {"$in": OPEN_REQUEST_STATUSES}},
    )


def state_of(request: dict[str, Any] | None) -> dict[str, Any]:
    """Return the `recompute` field of a response."""
    if request is None:
        return {"status": "not_requested", "request_id": None, "requested_at": None}
    return {
        "status": request["status"],
        "request_id": request["id"],
        "requested_at": request.get("requested_at"),
    }


def request_recompute(
    store: Store,
    settings: Settings,
    attempt: dict[str, Any],
    kind: Literal["metrics", "skills"],
    *,
    force: bool,
    stored: dict[str, Any] | None,
) -> dict[str, Any]:
    """Record a recompute request when nothing is stored or `force` is set.

    An open request of the same kind is reused, so repeated clicks queue one run.

    Raises:
        HTTPException: 409 when the attempt is not completed.
    """
    if attempt.get("status") != "completed":
        raise HTTPException(409, NOT_COMPLETED)
    existing = open_request(store, attempt["id"], kind)
    if existing is not None or (stored is not None and not force):
        return state_of(existing)
    request = store.insert(
        "recompute_requests",
        {
            "attempt_id": attempt["id"],
            "org_id": attempt["org_id"],
            "kind": kind,
            "force": force,
            "status": "pending",
            "requested_at": utc_now(),
            "rules_version": settings.rules_version,
            "run_id": None,
            "finished_at": None,
            "error": None,
        },
    )
    logger.info("queued a %s recompute for attempt %s (force=%s)", kind, attempt["id"], force)
    return state_of(request)
