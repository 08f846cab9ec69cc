"""Plausibility of a task's client timestamps, and the timing metrics it invalidates."""

from __future__ import annotations

import polars as pl

# A task whose events span more than this is treated as having a broken client clock (or as
# left open for hours), so its durations are not used. The seeded library tasks have a time
# limit of 180 s, so a real decision stays far below it.
MAX_TASK_SPAN_MS = 6 * 60 * 60 * 1000
# A client clock may step back this far (an NTP correction) before the task is invalid;
# smaller backward steps are clipped to 0 as before.
CLOCK_BACKWARDS_TOLERANCE_MS = 1_000

# Task metrics measured across the task window. They are null when its timing is invalid.
WINDOW_TIMING_COLUMNS = (
    "total_time_ms",
    "active_time_ms",
    "idle_time_ms",
    "initiation_time_ms",
    "time_to_first_selection_ms",
    "time_to_final_decision_ms",
)


def _signed_ms(expr: pl.Expr) -> pl.Expr:
    return expr.dt.total_milliseconds().cast(pl.Float64)


def timing_issue(idle_time_ms: pl.Expr = pl.col("idle_time_ms")) -> pl.Expr:
    """Name the first timing problem of a task row, or null when its timestamps are plausible.

    The problems, in the order tested:

    - `backwards`: the window ends, or its first or final selection happens, more than
      `CLOCK_BACKWARDS_TOLERANCE_MS` before the window starts.
    - `span`: the window's timestamps spread over more than `MAX_TASK_SPAN_MS`.
    - `idle_exceeds_total`: the idle gaps add up to more than the task time. Only a clock
      stepping back can cause this.

    Reads the aggregate columns `_start_ts`, `_end_ts`, `_min_ts`, `_max_ts`, `_decided_ts`
    and `_first_choice_ts` of `task_events.aggregate` and `task_metrics`, plus idle time.
    """
    start = pl.col("_start_ts")
    tolerance = -float(CLOCK_BACKWARDS_TOLERANCE_MS)
    backwards = pl.any_horizontal(
        (_signed_ms(pl.col(name) - start) < tolerance).fill_null(False)
        for name in ("_end_ts", "_decided_ts", "_first_choice_ts")
    )
    span = _signed_ms(pl.col("_max_ts") - pl.col("_min_ts")) > MAX_TASK_SPAN_MS
    total = _signed_ms(pl.col("_end_ts") - start).clip(lower_bound=0.0)
    return (
        pl.when(backwards)
        .then(pl.lit("backwards"))
        .when(span.fill_null(False))
        .then(pl.lit("span"))
        .when((idle_time_ms > total).fill_null(False))
        .then(pl.lit("idle_exceeds_total"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )


def null_invalid_timing(metrics: pl.DataFrame) -> pl.DataFrame:
    """Set the window timing metrics to null on rows whose `timing_valid` is false."""
    valid = pl.col("timing_valid")
    return metrics.with_columns(
        pl.when(valid).then(pl.col(name)).alias(name)
        for name in WINDOW_TIMING_COLUMNS
        if name in metrics.columns
    )
