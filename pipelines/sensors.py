"""Sensors: score newly completed attempts and pending recompute requests; record failures."""

import datetime as dt
import hashlib
import json
import logging
from typing import Any

import dagster as dg

from assets.batch import finish_requests
from assets.rules import resolve_rules_version
from pipelines.jobs import REQUEST_TAG, score_job, scoring_run_config
from pipelines.resources import StoreResource

logger = logging.getLogger(__name__)

# Attempts per run and requests per tick; the rest wait for the next tick.
MAX_BATCH_ATTEMPTS = 500
MAX_REQUESTS_PER_TICK = 50
SENSOR_INTERVAL_SECONDS = 15


def read_cursor(cursor: str | None) -> dict[str, Any]:
    """Parse the sensor cursor: per rules version the newest `completed_at` seen, and requests."""
    if not cursor:
        return {"attempts": {}, "requests": {}}
    value = json.loads(cursor)
    value.setdefault("attempts", {})
    value.setdefault("requests", {})
    return value


def _advance(
    docs: list[dict[str, Any]], field: str, mark: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Drop docs the cursor mark already covers and return them with the moved mark.

    The mark is the newest `field` value seen and the ids carrying exactly that value, so
    documents sharing a timestamp are neither skipped nor taken twice.
    """
    seen_at, seen_ids = mark.get("at"), set(mark.get("ids", []))
    fresh = [d for d in docs if not (_iso(d.get(field)) == seen_at and d["id"] in seen_ids)]
    if not fresh:
        return [], mark
    newest = max(_iso(d.get(field)) or "" for d in fresh)
    ids = {d["id"] for d in fresh if (_iso(d.get(field)) or "") == newest}
    if newest == seen_at:
        ids |= seen_ids
    return fresh, {"at": newest, "ids": sorted(ids)}


def _iso(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="milliseconds")
    return value


def _since(mark: dict[str, Any], field: str, base: dict[str, Any]) -> dict[str, Any]:
    if not mark.get("at"):
        return base
    return {**base, field: {"$gte": dt.datetime.fromisoformat(mark["at"])}}


def _attempt_run(db: Any, cursor: dict[str, Any], rules_version: str) -> dg.RunRequest | None:
    mark = cursor["attempts"].get(rules_version, {})
    docs = db.find(
        "attempts",
        _since(mark, "completed_at", {"status": "completed"}),
        sort=[("completed_at", 1), ("id", 1)],
        limit=MAX_BATCH_ATTEMPTS,
    )
    fresh, cursor["attempts"][rules_version] = _advance(docs, "completed_at", mark)
    ids = [d["id"] for d in fresh]
    scored = {
        p["attempt_id"]
        for p in db.find("profiles", {"attempt_id": {"$in": ids}, "rules_version": rules_version})
    }
    ids = sorted(set(ids) - scored)
    if not ids:
        return None
    digest = hashlib.sha256("\n".join(ids).encode()).hexdigest()[:16]
    return dg.RunRequest(
        run_key=f"attempts:{rules_version}:{digest}",
        run_config=scoring_run_config(ids, rules_version),
        tags={"hiremate/trigger": "completed_attempts", "hiremate/attempt_count": str(len(ids))},
    )


def _request_runs(db: Any, cursor: dict[str, Any]) -> list[dg.RunRequest]:
    mark = cursor["requests"]
    docs = db.find(
        "recompute_requests",
        _since(mark, "requested_at", {"status": "pending"}),
        sort=[("requested_at", 1), ("id", 1)],
        limit=MAX_REQUESTS_PER_TICK,
    )
    fresh, cursor["requests"] = _advance(docs, "requested_at", mark)
    return [
        dg.RunRequest(
            run_key=f"recompute:{request['id']}",
            run_config=scoring_run_config(
                None, request.get("rules_version"), request_ids=[request["id"]]
            ),
            tags={"hiremate/trigger": "recompute_request", REQUEST_TAG: request["id"]},
        )
        for request in fresh
    ]


@dg.sensor(
    job=score_job,
    minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Start one scoring run for newly completed attempts and one per pending "
    "recompute request.",
)
def scoring_sensor(context: dg.SensorEvaluationContext, store: StoreResource) -> dg.SensorResult:
    """Request runs for attempts completed since the cursor and for new recompute requests."""
    cursor = read_cursor(context.cursor)
    rules_version = resolve_rules_version(store.settings().rules_version)
    with store.open() as db:
        runs = _request_runs(db, cursor)
        attempts_run = _attempt_run(db, cursor, rules_version)
    if attempts_run is not None:
        runs.insert(0, attempts_run)
    new_cursor = json.dumps(cursor, sort_keys=True)
    if not runs:
        return dg.SensorResult(
            skip_reason="no newly completed attempts or requests", cursor=new_cursor
        )
    return dg.SensorResult(run_requests=runs, cursor=new_cursor)


@dg.run_failure_sensor(
    monitored_jobs=[score_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Mark the recompute requests of a failed scoring run as failed.",
)
def failed_scoring_runs(context: dg.RunFailureSensorContext, store: StoreResource) -> None:
    """Set `failed` with the run's error on requests a failed run had claimed."""
    request_ids = [r for r in context.dagster_run.tags.get(REQUEST_TAG, "").split(",") if r]
    if not request_ids:
        return
    message = context.failure_event.message or "scoring run failed"
    with store.open() as db:
        running = [db.get("recompute_requests", rid) for rid in request_ids]
        claimed = [r for r in running if r and r.get("status") in ("pending", "running")]
        finish_requests(db, claimed, error=f"run {context.dagster_run.run_id}: {message}")
    logger.warning("marked %d recompute request(s) failed", len(claimed))
