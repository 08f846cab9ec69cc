"""Data checks on events and metrics, returning the offending rows as frames."""

from __future__ import annotations

import polars as pl

c = pl.col


def sequence_issues(events: pl.DataFrame) -> pl.DataFrame:
    """Find attempts whose client `seq` or `server_seq` numbers repeat or skip values.

    Both counters start at 1 per attempt. Legacy-shape events carry no `seq`, so only the
    numbered events are checked for client gaps. Run this on the frame of `events_to_frame`,
    where a repeated `event_id` has already been dropped: a repeated `seq` here means two
    different events claim the same number.

    Returns:
        One row per attempt with a problem: `attempt_id`, `duplicate_seq`, `missing_seq`,
        `duplicate_server_seq`, `missing_server_seq` (counts).
    """
    seq = c("seq").drop_nulls()
    server = c("server_seq")
    summary = events.group_by("attempt_id").agg(
        (seq.len() - seq.n_unique()).cast(pl.Int64).alias("duplicate_seq"),
        (seq.max().fill_null(0) - seq.n_unique()).cast(pl.Int64).alias("missing_seq"),
        (server.len() - server.n_unique()).cast(pl.Int64).alias("duplicate_server_seq"),
        (server.max() - server.n_unique()).cast(pl.Int64).alias("missing_server_seq"),
    )
    counts = ["duplicate_seq", "missing_seq", "duplicate_server_seq", "missing_server_seq"]
    return summary.filter(pl.any_horizontal(c(name) > 0 for name in counts)).sort("attempt_id")


TASK_RANGE_RULES: dict[str, pl.Expr] = {
    "durations are not negative": pl.all_horizontal(
        c(name).fill_null(0) >= 0
        for name in ("total_time_ms", "active_time_ms", "idle_time_ms", "hover_time_ms")
    ),
    # Tasks with implausible timestamps have null times (`assets.timing`), which pass here
    # because the `event_timestamps` check reports them.
    "active plus idle time equals total time": (
        (c("active_time_ms") + c("idle_time_ms") - c("total_time_ms")).abs() < 1.0
    ).fill_null(True),
    "initiation and decision times fit in the task": pl.all_horizontal(
        (c(name) <= c("total_time_ms")).fill_null(True)
        for name in (
            "initiation_time_ms",
            "time_to_first_selection_ms",
            "time_to_final_decision_ms",
        )
    ),
    "first selection comes before the final decision": (
        c("time_to_first_selection_ms") <= c("time_to_final_decision_ms")
    ).fill_null(True),
    "depth score is in [0, 1]": c("reasoning_depth_score").is_between(0, 1).fill_null(True),
    "risk value is in [0, 1]": c("risk_value").is_between(0, 1).fill_null(True),
    "counts are not negative": pl.all_horizontal(
        c(name) >= 0 for name in ("flips", "hover_count", "options_explored", "revision_count")
    ),
    "an answered task has a final option": ~c("answered") | c("final_option_id").is_not_null(),
}

ATTEMPT_RANGE_RULES: dict[str, pl.Expr] = {
    "risk preference score is in [0, 1]": c("risk_preference_score")
    .is_between(0, 1)
    .fill_null(True),
    "decision consistency score is in [0, 1]": c("decision_consistency_score")
    .is_between(0, 1)
    .fill_null(True),
    "answered tasks do not exceed tasks": c("tasks_answered") <= c("task_count"),
}


UNIQUE_TASK_RULE = "one row per attempt and task"


def timing_issues(task_metrics: pl.DataFrame) -> pl.DataFrame:
    """Return `(attempt_id, task_id, timing_issue)` for tasks with implausible timestamps."""
    return task_metrics.filter(~c("timing_valid")).select("attempt_id", "task_id", "timing_issue")


def range_violations(task_metrics: pl.DataFrame, attempt_metrics: pl.DataFrame) -> pl.DataFrame:
    """Return `(attempt_id, task_id, rule)` for every metric row that breaks a range rule.

    `task_id` is null for attempt-level rules. An empty frame means every value is in range.
    A repeated (attempt, task) row is reported once under `UNIQUE_TASK_RULE`.
    """
    schema = {"attempt_id": pl.String, "task_id": pl.String, "rule": pl.String}
    parts = [pl.DataFrame(schema=schema)]
    repeated = task_metrics.filter(pl.struct("attempt_id", "task_id").is_duplicated())
    parts.append(
        repeated.unique(subset=["attempt_id", "task_id"]).select(
            "attempt_id", "task_id", pl.lit(UNIQUE_TASK_RULE).alias("rule")
        )
    )
    for rule, condition in TASK_RANGE_RULES.items():
        bad = task_metrics.filter(~condition.fill_null(False))
        parts.append(bad.select("attempt_id", "task_id", pl.lit(rule).alias("rule")))
    for rule, condition in ATTEMPT_RANGE_RULES.items():
        bad = attempt_metrics.filter(~condition.fill_null(False))
        parts.append(
            bad.select(
                "attempt_id", pl.lit(None, pl.String).alias("task_id"), pl.lit(rule).alias("rule")
            )
        )
    return pl.concat(parts).sort(["attempt_id", "task_id", "rule"], nulls_last=True)
