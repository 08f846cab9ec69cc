"""Dagster asset checks on the scoring assets; the logic lives in `assets.quality`."""

import json
from typing import Any

import dagster as dg
import polars as pl

from assets.pipeline_assets import attempt_metrics, behavior_events, scoring_results, task_metrics
from assets.quality import range_violations, sequence_issues, timing_issues
from assets.timing import MAX_TASK_SPAN_MS
from pipelines.resources import StoreResource

SAMPLE_ROWS = 20


def _sample(frame: pl.DataFrame) -> dg.MetadataValue:
    return dg.MetadataValue.json(json.loads(frame.head(SAMPLE_ROWS).write_json()))


@dg.asset_check(
    asset=behavior_events, description="Client and server sequence numbers neither repeat nor skip."
)
def event_sequences(behavior_events: pl.DataFrame) -> dg.AssetCheckResult:
    """Flag attempts whose `seq` or `server_seq` values repeat or leave gaps."""
    issues = sequence_issues(behavior_events)
    return dg.AssetCheckResult(
        passed=issues.height == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"attempts_with_issues": issues.height, "sample": _sample(issues)},
    )


@dg.asset_check(
    asset=attempt_metrics,
    additional_ins={"task_metrics": dg.AssetIn("task_metrics")},
    description="Every metric value is inside its valid range.",
)
def metric_ranges(attempt_metrics: pl.DataFrame, task_metrics: pl.DataFrame) -> dg.AssetCheckResult:
    """Fail when a duration is negative, a score leaves [0, 1] or parts exceed a total."""
    violations = range_violations(task_metrics, attempt_metrics)
    by_rule = violations.group_by("rule").len().sort("rule")
    return dg.AssetCheckResult(
        passed=violations.height == 0,
        metadata={
            "violations": violations.height,
            "by_rule": dg.MetadataValue.json(dict(by_rule.iter_rows())),
            "sample": _sample(violations),
        },
    )


@dg.asset_check(
    asset=task_metrics,
    description=(
        "Each task's client timestamps are plausible: the clock does not run backwards, the "
        f"events span at most {MAX_TASK_SPAN_MS // 3_600_000} h, and idle time fits in the task."
    ),
)
def event_timestamps(task_metrics: pl.DataFrame) -> dg.AssetCheckResult:
    """Warn about tasks whose timing metrics are null because their timestamps are implausible."""
    issues = timing_issues(task_metrics)
    by_issue = issues.group_by("timing_issue").len().sort("timing_issue")
    return dg.AssetCheckResult(
        passed=issues.height == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "tasks_with_issues": issues.height,
            "attempts_with_issues": issues.get_column("attempt_id").n_unique(),
            "by_issue": dg.MetadataValue.json(dict(by_issue.iter_rows())),
            "sample": _sample(issues),
        },
    )


def completed_without_profile(db: Any) -> list[str]:
    """Return the ids of completed attempts that have no stored profile."""
    completed = [a["id"] for a in db.find("attempts", {"status": "completed"}, sort=[("id", 1)])]
    profiled: set[str] = set()
    for start in range(0, len(completed), 500):
        chunk = completed[start : start + 500]
        profiled |= {p["attempt_id"] for p in db.find("profiles", {"attempt_id": {"$in": chunk}})}
    return [attempt_id for attempt_id in completed if attempt_id not in profiled]


@dg.asset_check(
    asset=scoring_results, description="Every completed attempt in the store has a profile."
)
def completed_attempts_have_profiles(store: StoreResource) -> dg.AssetCheckResult:
    """Warn about completed attempts that no run has scored yet."""
    with store.open() as db:
        missing = completed_without_profile(db)
    return dg.AssetCheckResult(
        passed=not missing,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"missing_count": len(missing), "missing": missing[:SAMPLE_ROWS]},
    )


SCORING_CHECKS = [
    event_sequences,
    event_timestamps,
    metric_ranges,
    completed_attempts_have_profiles,
]
