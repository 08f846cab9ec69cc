"""Per-attempt metrics from the task metrics, vectorised over many attempts."""

from __future__ import annotations

import polars as pl

from assets.task_metrics import INTEGRITY_COUNTS, INTEGRITY_TYPES

ATTEMPT = "attempt_id"


def _task_totals(task_metrics: pl.DataFrame) -> pl.DataFrame:
    status = pl.col("status")
    started = status != "not_started"
    return task_metrics.group_by(ATTEMPT).agg(
        pl.col("org_id").drop_nulls().first(),
        pl.len().cast(pl.Int64).alias("task_count"),
        started.sum().cast(pl.Int64).alias("tasks_started"),
        pl.col("answered").sum().cast(pl.Int64).alias("tasks_answered"),
        (status == "skipped").sum().cast(pl.Int64).alias("tasks_skipped"),
        (status == "incomplete").sum().cast(pl.Int64).alias("tasks_incomplete"),
        pl.col("total_time_ms").sum(),
        pl.col("active_time_ms").sum(),
        pl.col("idle_time_ms").sum(),
        pl.col("initiation_time_ms").median().alias("median_initiation_time_ms"),
        pl.col("hover_time_ms").filter(started).mean().alias("mean_hover_time_ms"),
        pl.col("options_explored").filter(started).mean().alias("mean_options_explored"),
        pl.col("flips").sum().alias("total_flips"),
        pl.col("returned_to_first").sum().cast(pl.Int64).alias("returned_to_first_count"),
        pl.col("revision_count").sum().alias("total_revisions"),
        pl.col("fast_decision").sum().cast(pl.Int64).alias("fast_decision_count"),
        pl.col("task_id").filter(pl.col("fast_decision")).alias("fast_decision_task_ids"),
        (~pl.col("timing_valid")).sum().cast(pl.Int64).alias("timing_invalid_task_count"),
        pl.col("task_id").filter(~pl.col("timing_valid")).alias("timing_invalid_task_ids"),
    )


def _decisions(task_metrics: pl.DataFrame) -> pl.DataFrame:
    """Aggregate answered tasks: decision times, their spread and trend, risk and flips."""
    answered = task_metrics.filter(pl.col("answered")).sort([ATTEMPT, "task_index", "task_id"])
    answered = answered.with_columns(
        pl.int_range(pl.len()).over(ATTEMPT).cast(pl.Float64).alias("_order")
    )
    decision = pl.col("time_to_final_decision_ms")
    risk = pl.col("final_risk_level")
    slope = pl.cov("_order", "time_to_final_decision_ms") / pl.col("_order").var()
    return answered.group_by(ATTEMPT).agg(
        decision.median().alias("median_decision_time_ms"),
        decision.mean().alias("mean_decision_time_ms"),
        decision.std().alias("decision_time_std_ms"),
        pl.when(pl.len() >= 3).then(slope).alias("_slope"),
        pl.col("flips").mean().alias("flips_per_answered_task"),
        (risk == "low").sum().cast(pl.Int64).alias("risk_low_count"),
        (risk == "medium").sum().cast(pl.Int64).alias("risk_medium_count"),
        (risk == "high").sum().cast(pl.Int64).alias("risk_high_count"),
        pl.col("risk_value").drop_nulls().len().cast(pl.Int64).alias("risk_known_count"),
        pl.col("risk_value").mean().alias("risk_preference_score"),
        pl.col("task_id").alias("answered_task_ids"),
        pl.col("decision_event_id").drop_nulls().alias("decision_event_ids"),
    )


def _reasoning(task_metrics: pl.DataFrame) -> pl.DataFrame:
    """Aggregate the tasks that carry reasoning text (at least one word)."""
    reasoned = task_metrics.filter(pl.col("reasoning_word_count") > 0).sort(
        [ATTEMPT, "task_index", "task_id"]
    )
    words = pl.col("reasoning_word_count")
    return reasoned.group_by(ATTEMPT).agg(
        pl.len().cast(pl.Int64).alias("reasoned_task_count"),
        words.sum().alias("total_reasoning_words"),
        words.median().alias("median_reasoning_word_count"),
        pl.col("reasoning_depth_score").mean().alias("mean_reasoning_depth_score"),
        (100.0 * pl.col("connector_count").sum() / words.sum()).alias("connectors_per_100_words"),
        pl.col("structure_marker_count").mean().alias("mean_structure_markers"),
        pl.col("task_id").alias("reasoned_task_ids"),
        pl.col("reasoning_event_id").drop_nulls().alias("reasoning_event_ids"),
    )


def _event_totals(events: pl.DataFrame) -> pl.DataFrame:
    """Count every event of an attempt, including those outside any task."""
    t = pl.col("type")
    ts = pl.col("client_ts")
    return events.group_by(ATTEMPT).agg(
        pl.len().cast(pl.Int64).alias("event_count"),
        (ts.last() - ts.first())
        .dt.total_milliseconds()
        .cast(pl.Float64)
        .clip(lower_bound=0.0)
        .alias("attempt_span_ms"),
        *[
            (t == name).sum().cast(pl.Int64).alias(f"{flag}_count")
            for name, flag in INTEGRITY_TYPES.items()
        ],
        *[
            pl.col("event_id").filter(t == name).sort().alias(f"{flag}_event_ids")
            for name, flag in INTEGRITY_TYPES.items()
        ],
        pl.col("event_id").sort().alias("event_ids"),
    )


def compute_attempt_metrics(task_metrics: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """Compute one row of metrics per attempt.

    Args:
        task_metrics: The frame of `compute_task_metrics`; every attempt in it gets a row.
        events: The ordered event frame, for counts over all of an attempt's events.

    Returns:
        One row per attempt with totals, decision-time statistics, risk distribution and
        preference score, decision consistency and trend, reasoning aggregates, integrity
        counts, the tasks with implausible timestamps, and the task and event ids behind
        them. Aggregates over no tasks are null. Time sums and the median, mean and standard
        deviation of decision times skip the tasks whose timing metrics are null.
    """
    frame = _task_totals(task_metrics)
    frame = frame.join(_decisions(task_metrics), on=ATTEMPT, how="left")
    frame = frame.join(_reasoning(task_metrics), on=ATTEMPT, how="left")
    frame = frame.join(_event_totals(events), on=ATTEMPT, how="left")
    mean = pl.col("mean_decision_time_ms")
    std = pl.col("decision_time_std_ms")
    # Equal decision times (std 0) are perfectly consistent even when they are all 0 ms.
    cv = pl.when(mean > 0).then(std / mean).when(std == 0).then(0.0)
    empty_ids = pl.lit([], dtype=pl.List(pl.String))
    counts = [
        "event_count",
        "risk_low_count",
        "risk_medium_count",
        "risk_high_count",
        "risk_known_count",
        "reasoned_task_count",
        "total_reasoning_words",
        *INTEGRITY_COUNTS,
    ]
    id_lists = [
        "answered_task_ids",
        "decision_event_ids",
        "reasoned_task_ids",
        "reasoning_event_ids",
        "event_ids",
        *[f"{flag}_event_ids" for flag in INTEGRITY_TYPES.values()],
    ]
    frame = frame.with_columns(
        cv.alias("decision_time_cv"),
        pl.when(mean > 0).then(pl.col("_slope") / mean).alias("decision_time_trend"),
        pl.col("attempt_span_ms").fill_null(0.0),
        *[pl.col(name).fill_null(0) for name in counts],
        *[pl.col(name).fill_null(empty_ids) for name in id_lists],
    )
    frame = frame.with_columns(
        (1.0 - pl.col("decision_time_cv").clip(upper_bound=1.0)).alias("decision_consistency_score")
    )
    return frame.drop("_slope").sort(ATTEMPT)
