"""Candidate token lookup and the attempt states that decide what a token may do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import HTTPException

from collector.security import hash_token
from hiremate.store import Store

ACTIVE_STATUSES = ("pending", "in_progress")
NOT_FOUND = "Assessment not found"
COMPLETED = "Assessment has already been completed"
EXPIRED = "Assessment link has expired"
NOT_STARTED = "Assessment is not in progress; start it first"
ALREADY_STARTED = "Assessment has already been started"
# Maximum token length looked up, so junk paths cost no hashing or store query.
MAX_TOKEN_CHARS = 256


class AttemptStateError(Exception):
    """An attempt is not in a state that allows the request."""

    def __init__(self, status_code: int, detail: str) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.detail = detail

    def http(self) -> HTTPException:
        """Return the matching HTTP error."""
        return HTTPException(self.status_code, self.detail)


def is_past_expiry(attempt: dict[str, Any], now: dt.datetime) -> bool:
    """Tell whether an active attempt's link is revoked or past its expiry."""
    if attempt.get("status") not in ACTIVE_STATUSES:
        return False
    expires_at = attempt.get("expires_at")
    return bool(attempt.get("revoked_at")) or (expires_at is not None and expires_at <= now)


def apply_expiry(store: Store, attempt: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """Store `expired` on an attempt whose link has lapsed and return the current document."""
    if not is_past_expiry(attempt, now):
        return attempt
    updated = store.update(
        "attempts", attempt["id"], {"status": "expired"}, expect={"status": attempt["status"]}
    )
    return updated or store.get("attempts", attempt["id"]) or attempt


def find_attempt_by_token(store: Store, token: str, now: dt.datetime) -> dict[str, Any]:
    """Return the attempt a candidate token opens, with expiry applied.

    Raises:
        AttemptStateError: 404 for an unknown (or guessed) token.
    """
    if not token or len(token) > MAX_TOKEN_CHARS:
        raise AttemptStateError(404, NOT_FOUND)
    attempt = store.find_one("attempts", {"token_hash": hash_token(token)})
    if attempt is None:
        raise AttemptStateError(404, NOT_FOUND)
    return apply_expiry(store, attempt, now)


def check_viewable(attempt: dict[str, Any]) -> None:
    """Raise unless the candidate may still open the assessment (pending or in progress)."""
    status = attempt.get("status")
    if status == "completed":
        raise AttemptStateError(403, COMPLETED)
    if status == "expired":
        raise AttemptStateError(410, EXPIRED)


def check_in_progress(attempt: dict[str, Any]) -> None:
    """Raise unless the attempt is in progress, the only state that takes tasks and events."""
    check_viewable(attempt)
    if attempt.get("status") != "in_progress":
        raise AttemptStateError(403, NOT_STARTED)


def candidate_task_view(attempt: dict[str, Any], index: int) -> dict[str, Any]:
    """Return task `index` as shown to the candidate: no risk levels or other scoring hints."""
    task = attempt["tasks"][index]
    return {
        "id": task["id"],
        "index": index,
        "title": task.get("title", ""),
        "scenario": task.get("scenario", ""),
        "category": task.get("category") or "General",
        "difficulty": task.get("difficulty") or "medium",
        "options": [{"id": o["id"], "text": o["text"]} for o in task.get("options", [])],
        "reasoning_required": bool(task.get("reasoning_required", True)),
        "reasoning_min_length": int(task.get("reasoning_min_length") or 0),
        "time_limit_seconds": task.get("time_limit_seconds"),
        "total_tasks": len(attempt["tasks"]),
    }
