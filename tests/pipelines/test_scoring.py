"""End-to-end tests: the asset graph in-process on a real SQLite store."""

from __future__ import annotations

import dagster as dg
import polars as pl
import pytest

from assets.pipeline_assets import SCORING_ASSETS
from assets.pipeline_checks import SCORING_CHECKS
from assets.versions import CODE_VERSION
from hiremate.store import utc_now
from pipelines.jobs import scoring_run_config
from pipelines.resources import store_resource_for
from pipelines.scoring import ScoringError, compare_profiles, failed_error_checks, score_attempts
from tests.assets.streams import Stream, make_attempt, store_attempt

TASKS = ["t1", "t2", "t3", "t4", "t5"]


def _add(store, attempt_id: str, decide_ms: float = 6_000, status: str = "completed") -> Stream:
    stream = Stream(attempt_id)
    for task_id in TASKS:
        stream.decide(task_id, f"{task_id}-low", decide_ms)
    store_attempt(store, make_attempt(attempt_id, TASKS, status=status), stream)
    return stream


def _materialize(settings, instance, run_config):
    return dg.materialize(
        [*SCORING_ASSETS, *SCORING_CHECKS],
        run_config=run_config,
        resources={"store": store_resource_for(settings)},
        instance=instance,
    )


def test_score_attempts_writes_versions_with_lineage(settings, store, instance):
    streams = {attempt_id: _add(store, attempt_id) for attempt_id in ("a1", "a2")}
    result = score_attempts(settings, None, instance=instance)
    assert result["rules_version"] == "v2"
    assert result["code_version"] == CODE_VERSION
    assert result["attempts"] == [
        {"attempt_id": "a1", "metrics_version": 1, "profile_version": 1},
        {"attempt_id": "a2", "metrics_version": 1, "profile_version": 1},
    ]
    metrics = store.latest_version("metrics", "a1")
    profile = store.latest_version("profiles", "a1")
    event_ids = sorted(e["event_id"] for e in streams["a1"].events)
    for doc in (metrics, profile):
        assert doc["run_id"] == result["run_id"]
        assert doc["code_version"] == CODE_VERSION
        assert doc["rules_version"] == "v2"
        assert doc["event_ids"] == event_ids
    assert metrics["event_count"] == len(event_ids)
    assert profile["decision_speed"]["label"] == "Moderate"
    again = score_attempts(settings, ["a1"], instance=instance)
    assert again["attempts"] == [{"attempt_id": "a1", "metrics_version": 2, "profile_version": 2}]
    assert store.latest_version("profiles", "a2")["version"] == 1


def test_score_attempts_parquet_tables(settings, store, instance):
    _add(store, "a1")
    run_id = score_attempts(settings, ["a1"], instance=instance)["run_id"]
    folder = settings.data_dir / "parquet"
    tasks = pl.read_parquet(folder / "task_metrics" / f"{run_id}.parquet")
    assert tasks.height == len(TASKS)
    assert set(tasks.get_column("run_id")) == {run_id}
    profiles = pl.read_parquet(folder / "profiles" / f"{run_id}.parquet")
    assert profiles.get_column("decision_speed_label").to_list() == ["Moderate"]
    assert (folder / "attempt_metrics" / f"{run_id}.parquet").exists()
    population = pl.read_parquet(folder / "population.parquet")
    assert set(population.get_column("task_id")) == set(TASKS)


def test_score_attempts_compare_rules_versions(settings, store, instance):
    _add(store, "a1", decide_ms=6_000)
    score_attempts(settings, ["a1"], "v1", instance=instance)
    score_attempts(settings, ["a1"], "v2", instance=instance)
    report = compare_profiles(store, "a1", "v1", "v2")
    assert report["old"]["rules_version"] == "v1"
    assert report["new"]["rules_version"] == "v2"
    changed = {c["field"]: c for c in report["changed"]}
    assert changed["decision_speed"]["old_label"] == "Fast"
    assert changed["decision_speed"]["new_label"] == "Moderate"
    assert "risk_orientation" in report["unchanged"]
    assert compare_profiles(store, "a1", 1, 2)["changed"] == report["changed"]


def test_score_attempts_unknown_attempt(settings, store, instance):
    with pytest.raises(ScoringError, match="attempt 'missing' not found"):
        score_attempts(settings, ["missing"], instance=instance)
    # The ids are checked before any Dagster run starts.
    assert instance.get_runs() == []


def test_score_attempts_incomplete_attempt(settings, store, instance):
    _add(store, "a1", status="in_progress")
    with pytest.raises(ScoringError, match="only completed attempts are scored"):
        score_attempts(settings, ["a1"], instance=instance)
    assert instance.get_runs() == []


def test_score_attempts_names_every_bad_id(settings, store, instance):
    _add(store, "a1")
    _add(store, "a2", status="in_progress")
    with pytest.raises(ScoringError) as raised:
        score_attempts(settings, ["a1", "a2", "nope"], instance=instance)
    message = str(raised.value)
    assert "attempt 'a2' has status 'in_progress'" in message
    assert "attempt 'nope' not found" in message
    assert "a1" not in message
    assert "\n" not in message


def test_score_attempts_returns_checks(settings, store, instance):
    _add(store, "a1")
    result = score_attempts(settings, ["a1"], instance=instance)
    checks = {check["name"]: check for check in result["checks"]}
    assert set(checks) == {
        "event_sequences",
        "event_timestamps",
        "metric_ranges",
        "completed_attempts_have_profiles",
    }
    assert all(check["passed"] for check in checks.values())
    assert checks["metric_ranges"]["severity"] == "ERROR"
    assert checks["metric_ranges"]["asset"] == "attempt_metrics"
    assert checks["metric_ranges"]["summary"] == "violations=0"
    assert failed_error_checks(result) == []


def test_score_attempts_reports_clock_check(settings, store, instance):
    stream = Stream("a1")
    for task_id in TASKS[:4]:
        stream.decide(task_id, f"{task_id}-low", 2_000)
    stream.add("task_started", "t5", after_ms=10)
    stream.add("option_selected", "t5", after_ms=-86_400_000, option_id="t5-high")
    stream.add("task_completed", "t5", after_ms=100, option_id="t5-high")
    store_attempt(store, make_attempt("a1", TASKS), stream)
    result = score_attempts(settings, ["a1"], instance=instance)
    checks = {check["name"]: check for check in result["checks"]}
    assert checks["event_timestamps"]["passed"] is False
    assert checks["event_timestamps"]["severity"] == "WARN"
    assert "tasks_with_issues=1" in checks["event_timestamps"]["summary"]
    assert checks["metric_ranges"]["passed"] is True
    profile = store.latest_version("profiles", "a1")
    assert profile["decision_speed"]["label"] == "insufficient_data"
    assert "timestamps are inconsistent" in profile["decision_speed"]["explanation"]
    per_task = {row["task_id"]: row for row in store.latest_version("metrics", "a1")["per_task"]}
    assert per_task["t5"]["timing_valid"] is False
    assert per_task["t5"]["total_time_ms"] is None


def test_failed_error_checks_picks_error_severity():
    result = {
        "checks": [
            {"name": "a", "passed": False, "severity": "WARN"},
            {"name": "b", "passed": False, "severity": "ERROR"},
            {"name": "c", "passed": True, "severity": "ERROR"},
        ]
    }
    assert [check["name"] for check in failed_error_checks(result)] == ["b"]


def test_score_attempts_unknown_rules_version(settings, store, instance):
    with pytest.raises(ValueError, match="unknown rules_version"):
        score_attempts(settings, None, "v0", instance=instance)


def test_score_attempts_no_completed_attempts(settings, store, instance):
    _add(store, "a1", status="pending")
    assert score_attempts(settings, None, instance=instance)["attempts"] == []


def test_materialize_checks_pass(settings, store, instance):
    stream = Stream("a1").decide("t1", "t1-low", 1_000)
    candidate = {"name": "Ada Example", "email": "ada@example.org", "resume_text": "..."}
    store_attempt(store, make_attempt("a1", TASKS, candidate_info=candidate), stream)
    result = _materialize(settings, instance, scoring_run_config(["a1"]))
    # Candidate details stay out of the Dagster run storage.
    batch = result.output_for_node("scoring_batch")
    assert "candidate_info" not in batch["attempts"][0]
    evaluations = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert evaluations == {
        "event_sequences": True,
        "event_timestamps": True,
        "metric_ranges": True,
        "completed_attempts_have_profiles": True,
    }


def test_materialize_check_finds_unscored_attempt(settings, store, instance):
    _add(store, "a1")
    _add(store, "a2")
    result = _materialize(settings, instance, scoring_run_config(["a1"]))
    evaluation = {e.check_name: e for e in result.get_asset_check_evaluations()}
    missing = evaluation["completed_attempts_have_profiles"]
    assert missing.passed is False
    assert missing.metadata["missing_count"].value == 1


def test_materialize_check_finds_sequence_gap(settings, store, instance):
    stream = Stream("a1").decide("t1", "t1-low", 1_000)
    stream.events[1]["seq"] = 7
    store_attempt(store, make_attempt("a1", TASKS), stream)
    result = _materialize(settings, instance, scoring_run_config(["a1"]))
    evaluation = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert evaluation["event_sequences"] is False


def _request(store, attempt_id: str, *, force: bool, rules_version=None) -> dict:
    return store.insert(
        "recompute_requests",
        {
            "attempt_id": attempt_id,
            "org_id": "org-1",
            "kind": "skills",
            "force": force,
            "status": "pending",
            "requested_at": utc_now(),
            "rules_version": rules_version,
        },
    )


def test_materialize_answers_recompute_request(settings, store, instance):
    _add(store, "a1")
    request = _request(store, "a1", force=False, rules_version="v1")
    result = _materialize(settings, instance, scoring_run_config(request_ids=[request["id"]]))
    done = store.get("recompute_requests", request["id"])
    assert done["status"] == "done"
    assert done["run_id"] == result.run_id
    assert done["error"] is None
    assert store.latest_version("profiles", "a1")["rules_version"] == "v1"
    # Nothing changed since, so an unforced request adds no version; a forced one does.
    lazy = _request(store, "a1", force=False, rules_version="v1")
    _materialize(settings, instance, scoring_run_config(request_ids=[lazy["id"]]))
    assert store.get("recompute_requests", lazy["id"])["status"] == "done"
    assert store.latest_version("profiles", "a1")["version"] == 1
    forced = _request(store, "a1", force=True, rules_version="v1")
    _materialize(settings, instance, scoring_run_config(request_ids=[forced["id"]]))
    assert store.latest_version("profiles", "a1")["version"] == 2


def test_materialize_request_for_missing_attempt_fails(settings, store, instance):
    request = _request(store, "gone", force=True)
    with pytest.raises(Exception, match="not found"):
        _materialize(settings, instance, scoring_run_config(request_ids=[request["id"]]))
    failed = store.get("recompute_requests", request["id"])
    assert failed["status"] == "failed"
    assert "not found" in failed["error"]


def test_materialize_skip_unchanged(settings, store, instance):
    _add(store, "a1")
    score_attempts(settings, None, instance=instance)
    _materialize(settings, instance, scoring_run_config(None, skip_unchanged=True))
    assert store.latest_version("profiles", "a1")["version"] == 1
    _add(store, "a2")
    _materialize(settings, instance, scoring_run_config(None, skip_unchanged=True))
    assert store.latest_version("profiles", "a2")["version"] == 1
    assert store.latest_version("profiles", "a1")["version"] == 1
