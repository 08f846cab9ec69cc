"""Candidate link management: revoke, extend or re-issue an attempt's token."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from collector.attempt_views import (
    AttemptCreatedOut,
    AttemptOut,
    attempt_out,
    candidate_link,
    get_org_attempt,
)
from collector.deps import SettingsDep, StoreDep, UserDep
from collector.errors import error_responses
from collector.security import hash_token, new_candidate_token
from hiremate.store import Store, utc_now

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/attempts", tags=["attempts"])

COMPLETED_CONFLICT = "Attempt is already completed; its link cannot change"
LINK_ERRORS = error_responses(401, 404, 409, 422, e409=COMPLETED_CONFLICT)
Days = Annotated[int, Field(ge=1, le=90)]


class ExtendIn(BaseModel):
    days: Days = Field(7, description="Days added to the later of now and the current expiry.")


class ReissueIn(BaseModel):
    expires_in_days: Days | None = Field(None, description="Defaults to the configured expiry.")


def _open_status(attempt: dict[str, Any]) -> str:
    return "in_progress" if attempt.get("started_at") else "pending"


def _change(store: Store, attempt: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Apply `changes` unless the attempt changed meanwhile (for example it was completed)."""
    if attempt["status"] == "completed":
        raise HTTPException(409, COMPLETED_CONFLICT)
    updated = store.update("attempts", attempt["id"], changes, expect={"status": attempt["status"]})
    if updated is None:
        raise HTTPException(409, "Attempt changed at the same time; reload it and retry")
    return updated


@router.post("/{attempt_id}/revoke", response_model=AttemptOut, responses=LINK_ERRORS)
def revoke_link(attempt_id: str, user: UserDep, store: StoreDep) -> dict[str, Any]:
    """Revoke the candidate link at once; the attempt becomes `expired`."""
    attempt = get_org_attempt(store, user["org_id"], attempt_id, utc_now())
    updated = _change(store, attempt, {"status": "expired", "revoked_at": utc_now()})
    logger.info("user %s revoked the link of attempt %s", user["id"], attempt_id)
    return attempt_out(updated)


@router.post("/{attempt_id}/extend", response_model=AttemptOut, responses=LINK_ERRORS)
def extend_link(
    attempt_id: str, user: UserDep, store: StoreDep, body: ExtendIn | None = None
) -> dict[str, Any]:
    """Push the link's expiry out; an expired, unrevoked link becomes usable again."""
    body = body or ExtendIn()
    now = utc_now()
    attempt = get_org_attempt(store, user["org_id"], attempt_id, now)
    if attempt.get("revoked_at"):
        raise HTTPException(409, "Link was revoked; re-issue it to give the candidate a new one")
    expires_at = max(attempt["expires_at"], now) + dt.timedelta(days=body.days)
    updated = _change(store, attempt, {"expires_at": expires_at, "status": _open_status(attempt)})
    logger.info("user %s extended attempt %s to %s", user["id"], attempt_id, expires_at)
    return attempt_out(updated)


@router.post("/{attempt_id}/reissue", response_model=AttemptCreatedOut, responses=LINK_ERRORS)
def reissue_link(
    attempt_id: str,
    user: UserDep,
    store: StoreDep,
    settings: SettingsDep,
    body: ReissueIn | None = None,
) -> dict[str, Any]:
    """Issue a new token and link; the old token stops working at once."""
    body = body or ReissueIn()
    now = utc_now()
    attempt = get_org_attempt(store, user["org_id"], attempt_id, now)
    token = new_candidate_token()
    days = body.expires_in_days or settings.token_expire_days
    updated = _change(
        store,
        attempt,
        {
            "token_hash": hash_token(token),
            "expires_at": now + dt.timedelta(days=days),
            "revoked_at": None,
            "status": _open_status(attempt),
        },
    )
    logger.info("user %s re-issued the link of attempt %s", user["id"], attempt_id)
    return {**attempt_out(updated), "token": token, "link": candidate_link(settings, token)}
