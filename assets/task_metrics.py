"""Per-task metrics from the ordered event frame, vectorised over many attempts."""

from __future__ import annotations

import polars as pl

from assets.task_events import (
    KEY,
    aggregate,
    milliseconds,
    option_hovers,
    task_window,
    with_event_columns,
)
from assets.text import connector_count, depth_score, structure_marker_count, word_count
from assets.timing import null_invalid_timing, timing_issue

# Event types reported as integrity flags, and the flag name each one counts under.
INTEGRITY_TYPES = {
    "paste_detected": "paste",
    "copy_detected": "copy",
    "focus_lost": "focus_lost",
    "visibility_hidden": "visibility_hidden",
    "network_offline": "network_offline",
}
INTEGRITY_COUNTS = [f"{flag}_count" for flag in INTEGRITY_TYPES.values()]
RISK_VALUES = {"low": 0.0, "medium": 0.5, "high": 1.0}
# A final decision faster than this is flagged for review: too fast to have read the task.
FAST_DECISION_MS = 200
DEFAULT_IDLE_GAP_MS = 30_000

ZERO_WHEN_NOT_STARTED = [
    "event_count",
    "idle_period_count",
    "hover_count",
    "hover_time_ms",
    "options_explored",
    "flips",
    "reasoning_word_count",
    "connector_count",
    "structure_marker_count",
    "revision_count",
    *INTEGRITY_COUNTS,
]


def _derive_decisions(metrics: pl.DataFrame) -> pl.DataFrame:
    """Add the status, final option, decision times and the ids behind them."""
    terminal = pl.col("_terminal")
    status = (
        pl.when(terminal == "task_completed")
        .then(pl.lit("completed"))
        .when(terminal == "task_skipped")
        .then(pl.lit("skipped"))
        .otherwise(pl.lit("incomplete"))
    )
    metrics = metrics.with_columns(status.alias("status"))

    is_completed = pl.col("status") == "completed"
    final_option = pl.when(is_completed).then(pl.coalesce("_completed_option", "_last_selection"))
    metrics = metrics.with_columns(final_option.alias("final_option_id"))

    answered = is_completed & pl.col("final_option_id").is_not_null()
    decided_at = (
        pl.when(pl.col("_last_selection") == pl.col("final_option_id"))
        .then(pl.col("_last_selection_ts"))
        .otherwise(pl.coalesce("_completed_ts", "_last_selection_ts"))
    )
    first_selection = pl.coalesce(
        "_first_selection_ts", pl.when(answered).then(pl.col("_completed_ts"))
    )
    start = pl.col("_start_ts")
    returned = (
        answered & (pl.col("flips") > 0) & (pl.col("final_option_id") == pl.col("first_option_id"))
    )
    metrics = metrics.with_columns(
        answered.alias("answered"),
        pl.when(answered).then(decided_at).alias("_decided_ts"),
        first_selection.alias("_first_choice_ts"),
        returned.alias("returned_to_first"),
        # An answered task always has a completion event: it records the decision.
        pl.when(answered).then(pl.col("_completed_event_id")).alias("decision_event_id"),
    )
    metrics = metrics.with_columns(
        milliseconds(pl.col("_end_ts") - start).alias("total_time_ms"),
        milliseconds(pl.col("_first_interaction_ts") - start).alias("initiation_time_ms"),
        milliseconds(pl.col("_first_choice_ts") - start).alias("time_to_first_selection_ms"),
        milliseconds(pl.col("_decided_ts") - start).alias("time_to_final_decision_ms"),
        timing_issue().alias("timing_issue"),
    )
    return metrics.with_columns(pl.col("timing_issue").is_null().alias("timing_valid"))


def _derive_text(metrics: pl.DataFrame) -> pl.DataFrame:
    """Add active time, the reasoning text with its event, and the text measures."""
    metrics = null_invalid_timing(metrics)
    text_event = (
        pl.when(pl.col("_completed_text").is_not_null())
        .then(pl.col("_completed_text_event_id"))
        .otherwise(pl.col("_submitted_event_id"))
    )
    metrics = metrics.with_columns(
        (pl.col("total_time_ms") - pl.col("idle_time_ms"))
        .clip(lower_bound=0.0)
        .alias("active_time_ms"),
        pl.coalesce("_completed_text", "_submitted_text").alias("reasoning_text"),
        text_event.alias("reasoning_event_id"),
    )

    metrics = metrics.with_columns(
        word_count(pl.col("reasoning_text")).alias("reasoning_word_count"),
        connector_count(pl.col("reasoning_text")).alias("connector_count"),
        structure_marker_count(pl.col("reasoning_text")).alias("structure_marker_count"),
    )
    return metrics.with_columns(
        depth_score(
            pl.col("reasoning_word_count"),
            pl.col("connector_count"),
            pl.col("structure_marker_count"),
        ).alias("reasoning_depth_score"),
        (pl.col("time_to_final_decision_ms") < FAST_DECISION_MS)
        .fill_null(False)
        .alias("fast_decision"),
    )


def _integrity_counts(events: pl.DataFrame) -> pl.DataFrame:
    t = pl.col("type")
    return (
        events.filter(pl.col("task_id").is_not_null())
        .group_by(KEY)
        .agg(
            [
                (t == event_type).sum().cast(pl.Int64).alias(f"{flag}_count")
                for event_type, flag in INTEGRITY_TYPES.items()
            ]
        )
    )


HOVER_STRUCT = pl.Struct(
    {"option_id": pl.String(), "hover_count": pl.Int64(), "hover_time_ms": pl.Float64()}
)
TASK_METRIC_COLUMNS = [
    "attempt_id",
    "org_id",
    "task_id",
    "task_index",
    "reasoning_required",
    "status",
    "answered",
    "event_count",
    "total_time_ms",
    "active_time_ms",
    "idle_time_ms",
    "idle_period_count",
    "initiation_time_ms",
    "time_to_first_selection_ms",
    "time_to_final_decision_ms",
    "fast_decision",
    "timing_valid",
    "timing_issue",
    "hover_count",
    "hover_time_ms",
    "option_hovers",
    "options_explored",
    "flips",
    "first_option_id",
    "final_option_id",
    "returned_to_first",
    "final_risk_level",
    "risk_value",
    "reasoning_text",
    "reasoning_word_count",
    "connector_count",
    "structure_marker_count",
    "revision_count",
    "reasoning_depth_score",
    *INTEGRITY_COUNTS,
    "decision_event_id",
    "reasoning_event_id",
    "event_ids",
]


def compute_task_metrics(
    events: pl.DataFrame,
    tasks: pl.DataFrame,
    options: pl.DataFrame,
    idle_gap_ms: int = DEFAULT_IDLE_GAP_MS,
) -> pl.DataFrame:
    """Compute one row of metrics per (attempt, task).

    Args:
        events: The ordered frame of `events_to_frame`.
        tasks: Attempt tasks from `tasks_to_frames`; a task without events gets a row with
            status `not_started`. Repeated (attempt, task) rows are kept once.
        options: Task options with their `risk_level`, for the final choice's risk.
        idle_gap_ms: A gap between consecutive events longer than this counts as idle.

    Returns:
        The columns of `TASK_METRIC_COLUMNS`, one row per (attempt, task), sorted by
        attempt and task order. Times are in milliseconds of the client clock. A task whose
        timestamps are implausible (`assets.timing`) has `timing_valid` false, a
        `timing_issue`, and null window timing metrics. Events of a task missing from the
        attempt's snapshot still get a row, with a null `task_index`.
    """
    if idle_gap_ms <= 0:
        raise ValueError(
            f"idle_gap_ms must be a positive number of milliseconds, got {idle_gap_ms}"
        )
    tasks = tasks.unique(subset=KEY, keep="first", maintain_order=True)
    options = options.unique(subset=[*KEY, "option_id"], keep="first", maintain_order=True)
    window = with_event_columns(task_window(events), idle_gap_ms)
    metrics = _derive_text(_derive_decisions(aggregate(window, idle_gap_ms)))
    metrics = metrics.join(option_hovers(window), on=KEY, how="left")
    metrics = metrics.join(_integrity_counts(events), on=KEY, how="left")
    metrics = tasks.join(metrics, on=KEY, how="full", coalesce=True)
    risk = options.rename({"option_id": "final_option_id", "risk_level": "final_risk_level"})
    metrics = metrics.join(risk, on=[*KEY, "final_option_id"], how="left")
    risk_value = pl.col("final_risk_level").replace_strict(RISK_VALUES, default=None)
    not_started = pl.col("status").is_null()
    metrics = metrics.with_columns(
        pl.col("status").fill_null("not_started"),
        pl.col("timing_valid").fill_null(True),
        # Invalid timing leaves these null; only a task without events gets zeros.
        *[
            pl.when(not_started).then(pl.col(name).fill_null(0.0)).otherwise(pl.col(name))
            for name in ("total_time_ms", "active_time_ms", "idle_time_ms")
        ],
        pl.col("answered").fill_null(False),
        pl.col("fast_decision").fill_null(False),
        pl.col("returned_to_first").fill_null(False),
        pl.col("reasoning_required").fill_null(False),
        pl.col("event_ids").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        pl.col("option_hovers").fill_null(pl.lit([], dtype=pl.List(HOVER_STRUCT))),
        risk_value.cast(pl.Float64).alias("risk_value"),
        *[pl.col(name).fill_null(0) for name in ZERO_WHEN_NOT_STARTED],
    )
    metrics = metrics.with_columns(
        pl.col("org_id").fill_null(pl.col("org_id").drop_nulls().first().over("attempt_id"))
    )
    return metrics.select(TASK_METRIC_COLUMNS).sort(
        ["attempt_id", "task_index", "task_id"], nulls_last=True
    )
