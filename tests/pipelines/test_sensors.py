"""Tests of the scoring sensor with Dagster's sensor test context."""

from __future__ import annotations

import datetime as dt
import json

import dagster as dg

from assets.pipeline_assets import SCORING_ASSETS
from assets.pipeline_checks import SCORING_CHECKS
from hiremate.store import utc_now
from pipelines.jobs import REQUEST_TAG, scoring_run_config
from pipelines.resources import store_resource_for
from pipelines.scoring import score_attempts
from pipelines.sensors import failed_scoring_runs, read_cursor, scoring_sensor
from tests.assets.streams import Stream, make_attempt, store_attempt


def _tick(settings, instance, cursor=None) -> dg.SensorResult:
    context = dg.build_sensor_context(
        instance=instance, cursor=cursor, resources={"store": store_resource_for(settings)}
    )
    return scoring_sensor(context)


def _config(run: dg.RunRequest) -> dict:
    return run.run_config["ops"]["scoring_batch"]["config"]


def _complete(store, attempt_id: str, minutes: int) -> None:
    completed_at = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
    stream = Stream(attempt_id).decide("t1", "t1-low", 1_000)
    store_attempt(store, make_attempt(attempt_id, ["t1"], completed_at=completed_at), stream)


def test_sensor_batches_new_completed_attempts(settings, store, instance):
    _complete(store, "a1", 1)
    _complete(store, "a2", 2)
    store_attempt(store, make_attempt("a3", ["t1"], status="in_progress", completed_at=None))
    first = _tick(settings, instance)
    assert len(first.run_requests) == 1
    run = first.run_requests[0]
    assert _config(run)["attempt_ids"] == ["a1", "a2"]
    assert _config(run)["rules_version"] == "v2"
    assert run.run_key.startswith("attempts:v2:")
    cursor = read_cursor(first.cursor)
    assert cursor["attempts"]["v2"]["ids"] == ["a2"]

    second = _tick(settings, instance, first.cursor)
    assert second.run_requests == []
    assert second.skip_reason is not None

    _complete(store, "a4", 2)  # same completion time as a2: still picked up once
    _complete(store, "a5", 5)
    third = _tick(settings, instance, second.cursor)
    assert _config(third.run_requests[0])["attempt_ids"] == ["a4", "a5"]
    fourth = _tick(settings, instance, third.cursor)
    assert fourth.run_requests == []


def test_sensor_skips_attempts_scored_under_rules_version(settings, store, instance):
    _complete(store, "a1", 1)
    _complete(store, "a2", 2)
    score_attempts(settings, ["a1"], instance=instance)
    result = _tick(settings, instance)
    assert _config(result.run_requests[0])["attempt_ids"] == ["a2"]


def test_sensor_requests_one_run_per_recompute_request(settings, store, instance):
    _complete(store, "a1", 1)
    first = _tick(settings, instance)
    requests = [
        store.insert(
            "recompute_requests",
            {
                "attempt_id": "a1",
                "kind": kind,
                "force": True,
                "status": "pending",
                "requested_at": utc_now(),
                "rules_version": "v1",
            },
        )
        for kind in ("metrics", "skills")
    ]
    store.insert(
        "recompute_requests",
        {"attempt_id": "a1", "status": "done", "requested_at": utc_now(), "force": True},
    )
    second = _tick(settings, instance, first.cursor)
    keys = {run.run_key for run in second.run_requests}
    assert keys == {f"recompute:{r['id']}" for r in requests}
    for run in second.run_requests:
        config = _config(run)
        assert config["rules_version"] == "v1"
        assert len(config["recompute_request_ids"]) == 1
        assert run.tags["hiremate/recompute_request_ids"] == config["recompute_request_ids"][0]
    third = _tick(settings, instance, second.cursor)
    assert third.run_requests == []


def test_sensor_cursor_is_json(settings, store, instance):
    _complete(store, "a1", 1)
    cursor = json.loads(_tick(settings, instance).cursor)
    assert set(cursor) == {"attempts", "requests"}


def test_failed_run_marks_requests_failed(settings, store, instance):
    request = store.insert(
        "recompute_requests",
        {"attempt_id": "gone", "status": "pending", "force": True, "requested_at": utc_now()},
    )
    result = dg.materialize(
        [*SCORING_ASSETS, *SCORING_CHECKS],
        run_config=scoring_run_config(["gone"]),
        resources={"store": store_resource_for(settings)},
        instance=instance,
        raise_on_error=False,
        tags={REQUEST_TAG: request["id"]},
    )
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.RUN_FAILURE)
    context = dg.build_run_status_sensor_context(
        sensor_name="failed_scoring_runs",
        dagster_event=failure,
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        resources={"store": store_resource_for(settings)},
    ).for_run_failure()
    failed_scoring_runs(context)
    stored = store.get("recompute_requests", request["id"])
    assert stored["status"] == "failed"
    assert result.run_id in stored["error"]
