"""Selection of the attempts one scoring run covers, and recompute request bookkeeping."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from hiremate.store import Store, utc_now

logger = logging.getLogger(__name__)


class ScoringInputError(ValueError):
    """An attempt or recompute request named for scoring cannot be scored."""


def select_attempts(store: Store, attempt_ids: Sequence[str] | None) -> list[dict[str, Any]]:
    """Return the attempt documents to score, in id order.

    Args:
        attempt_ids: Attempts to score, or None for every completed attempt.

    Raises:
        ScoringInputError: a named attempt does not exist or is not completed; the message
            names every such attempt.
    """
    if attempt_ids is None:
        return store.find("attempts", {"status": "completed"}, sort=[("id", 1)])
    attempts = []
    problems = []
    for attempt_id in sorted(set(attempt_ids)):
        attempt = store.get("attempts", attempt_id)
        if attempt is None:
            problems.append(f"attempt {attempt_id!r} not found (pass a stored attempt id)")
        elif attempt.get("status") != "completed":
            problems.append(
                f"attempt {attempt_id!r} has status {attempt.get('status')!r} (only completed "
                "attempts are scored)"
            )
        else:
            attempts.append(attempt)
    if problems:
        raise ScoringInputError("; ".join(problems))
    return attempts


# The attempt fields scoring reads. Candidate details (name, email, resume text) are left out
# so that they do not end up in the Dagster run storage.
SCORING_FIELDS = ("id", "org_id", "status", "completed_at", "task_ids", "tasks")


def scoring_view(attempt: dict[str, Any]) -> dict[str, Any]:
    """Return the part of an attempt document that scoring needs."""
    return {field: attempt.get(field) for field in SCORING_FIELDS}


def claim_requests(store: Store, request_ids: Sequence[str], run_id: str) -> list[dict[str, Any]]:
    """Move pending recompute requests to `running` for this run and return those claimed.

    The change is a compare-and-set on `status`, so a request is claimed by one run only.
    A request that is missing or no longer pending is logged and left alone.
    """
    claimed = []
    for request_id in request_ids:
        updated = store.update(
            "recompute_requests",
            request_id,
            {"status": "running", "run_id": run_id},
            expect={"status": "pending"},
        )
        if updated is None:
            logger.warning("recompute request %s is missing or not pending; skipped", request_id)
            continue
        claimed.append(updated)
    return claimed


def unchanged_attempt_ids(
    store: Store, attempt_ids: Sequence[str], rules_version: str, code_version: str
) -> set[str]:
    """Return the attempts whose newest profile already covers their events under these versions."""
    unchanged = set()
    for attempt_id in attempt_ids:
        metrics = store.latest_version("metrics", attempt_id)
        profile = store.latest_version("profiles", attempt_id)
        if metrics is None or profile is None:
            continue
        same_versions = (
            profile.get("rules_version") == rules_version
            and profile.get("code_version") == code_version
        )
        if same_versions and metrics.get("event_count") == store.count_events(attempt_id):
            unchanged.add(attempt_id)
    return unchanged


def finish_requests(
    store: Store, requests: Sequence[dict[str, Any]], *, error: str | None = None
) -> None:
    """Mark claimed recompute requests `done`, or `failed` with `error`."""
    for request in requests:
        store.update(
            "recompute_requests",
            request["id"],
            {
                "status": "failed" if error else "done",
                "finished_at": utc_now(),
                "error": error,
            },
        )


def store_results(
    store: Store,
    metrics_docs: Sequence[dict[str, Any]],
    profile_docs: dict[str, dict[str, Any]],
    request_ids: Sequence[str],
) -> list[dict[str, Any]]:
    """Append each attempt's metrics and profile versions, then finish the run's requests.

    Returns:
        `[{attempt_id, metrics_version, profile_version}]` in the order of `metrics_docs`.
    """
    requests = [store.get("recompute_requests", request_id) for request_id in request_ids]
    requests = [request for request in requests if request is not None]
    results = []
    try:
        for doc in metrics_docs:
            attempt_id = doc["attempt_id"]
            metrics = store.append_version("metrics", attempt_id, doc)
            profile = store.append_version("profiles", attempt_id, profile_docs[attempt_id])
            results.append(
                {
                    "attempt_id": attempt_id,
                    "metrics_version": metrics["version"],
                    "profile_version": profile["version"],
                }
            )
    except Exception as error:
        # Record the failure on the requests, then let the run fail with the same error.
        finish_requests(store, requests, error=f"writing results failed: {error}")
        raise
    finish_requests(store, requests)
    return results
