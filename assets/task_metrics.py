"""Per-task metrics from the ordered event frame, vectorised over many attempts."""

from __future__ import annotations

import polars as pl

from assets.text import connector_count, depth_score, structure_marker_count, word_count

KEY = ["attempt_id", "task_id"]
SELECTION_TYPES = ("option_selected", "option_changed")
TERMINAL_TYPES = ("task_completed", "task_skipped")
# Events that show the candidate acting on a task (reading the scenario or copying it does not).
INTERACTION_TYPES = (
    "option_viewed",
    "option_selected",
    "option_changed",
    "reasoning_started",
    "reasoning_updated",
    "reasoning_submitted",
    "paste_detected",
    "task_completed",
    "task_skipped",
)
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
    "total_time_ms",
    "active_time_ms",
    "idle_time_ms",
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


def _ms(expr: pl.Expr) -> pl.Expr:
    return expr.dt.total_milliseconds().cast(pl.Float64).clip(lower_bound=0.0)


def _task_window(events: pl.DataFrame) -> pl.DataFrame:
    """Keep each task's events from its first `task_started` to its last completion or skip.

    A task without `task_started` starts at its first event; one without a completion or
    skip ends at its last event. `idle_detected` events are dropped: idle time comes from
    the gaps between events, and the client's own idle timer would split those gaps.
    """
    t = pl.col("type")
    position = pl.col("position")
    framed = events.filter(pl.col("task_id").is_not_null()).with_columns(
        position.filter(t == "task_started").first().over(KEY).alias("_start"),
        position.filter(t.is_in(TERMINAL_TYPES)).last().over(KEY).alias("_end"),
    )
    framed = framed.with_columns(
        pl.col("_start").fill_null(position.min().over(KEY)),
        pl.col("_end").fill_null(position.max().over(KEY)),
    )
    return framed.filter(position.is_between(pl.col("_start"), pl.col("_end"))).filter(
        t != "idle_detected"
    )


def _with_event_columns(window: pl.DataFrame, idle_gap_ms: int) -> pl.DataFrame:
    t = pl.col("type")
    selected = (
        pl.when(t == "option_selected")
        .then(pl.col("option_id"))
        .when(t == "option_changed")
        .then(pl.coalesce("to_option_id", "option_id"))
        .when(t == "task_completed")
        .then(pl.col("option_id"))
    )
    window = window.with_columns(selected.alias("_selected"))
    gap = _ms(pl.col("client_ts") - pl.col("client_ts").shift(1)).over(KEY)
    following = _ms(pl.col("client_ts").shift(-1) - pl.col("client_ts")).over(KEY)
    previous_selected = pl.col("_selected").shift(1).forward_fill().over(KEY)
    return window.with_columns(
        gap.fill_null(0.0).alias("_gap_ms"),
        pl.when((t == "option_viewed") & (following <= idle_gap_ms))
        .then(following)
        .otherwise(0.0)
        .alias("_hover_ms"),
        (
            pl.col("_selected").is_not_null()
            & previous_selected.is_not_null()
            & (pl.col("_selected") != previous_selected)
        ).alias("_is_flip"),
    )


def _aggregate(window: pl.DataFrame, idle_gap_ms: int) -> pl.DataFrame:
    t = pl.col("type")
    ts = pl.col("client_ts")
    completed = t == "task_completed"
    selection = t.is_in(SELECTION_TYPES)
    reasoning = pl.col("reasoning").str.strip_chars()
    idle_gap = pl.col("_gap_ms") > idle_gap_ms
    return window.group_by(KEY).agg(
        pl.len().cast(pl.Int64).alias("event_count"),
        ts.first().alias("_start_ts"),
        ts.last().alias("_end_ts"),
        t.filter(t.is_in(TERMINAL_TYPES)).last().alias("_terminal"),
        ts.filter(t.is_in(INTERACTION_TYPES)).first().alias("_first_interaction_ts"),
        ts.filter(selection).first().alias("_first_selection_ts"),
        ts.filter(selection).last().alias("_last_selection_ts"),
        pl.col("_selected").filter(selection).last().alias("_last_selection"),
        ts.filter(completed).last().alias("_completed_ts"),
        pl.col("option_id").filter(completed).last().alias("_completed_option"),
        pl.col("_selected").drop_nulls().first().alias("first_option_id"),
        pl.col("event_id").filter(completed).last().alias("_completed_event_id"),
        pl.col("event_id").filter(selection).last().alias("_last_selection_event_id"),
        pl.col("_gap_ms").filter(idle_gap).sum().alias("idle_time_ms"),
        idle_gap.sum().cast(pl.Int64).alias("idle_period_count"),
        (t == "option_viewed").sum().cast(pl.Int64).alias("hover_count"),
        pl.col("_hover_ms").sum().alias("hover_time_ms"),
        pl.concat_list("option_id", "to_option_id", "from_option_id")
        .explode()
        .drop_nulls()
        .n_unique()
        .cast(pl.Int64)
        .alias("options_explored"),
        pl.col("_is_flip").sum().cast(pl.Int64).alias("flips"),
        reasoning.filter(completed & (reasoning.str.len_chars() > 0))
        .last()
        .alias("_completed_text"),
        pl.col("event_id")
        .filter(completed & (reasoning.str.len_chars() > 0))
        .last()
        .alias("_completed_text_event_id"),
        pl.col("text").filter(t == "reasoning_submitted").last().alias("_submitted_text"),
        pl.col("event_id").filter(t == "reasoning_submitted").last().alias("_submitted_event_id"),
        ((t == "reasoning_updated") & (pl.col("deleted_chars") > 0))
        .sum()
        .cast(pl.Int64)
        .alias("revision_count"),
        pl.col("event_id").sort().alias("event_ids"),
    )


def _derive(metrics: pl.DataFrame) -> pl.DataFrame:
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
    text = pl.coalesce("_completed_text", "_submitted_text")
    start = pl.col("_start_ts")
    metrics = metrics.with_columns(
        answered.alias("answered"),
        _ms(pl.col("_end_ts") - start).alias("total_time_ms"),
        _ms(pl.col("_first_interaction_ts") - start).alias("initiation_time_ms"),
        _ms(first_selection - start).alias("time_to_first_selection_ms"),
        pl.when(answered).then(_ms(decided_at - start)).alias("time_to_final_decision_ms"),
        (
            answered
            & (pl.col("flips") > 0)
            & (pl.col("final_option_id") == pl.col("first_option_id"))
        ).alias("returned_to_first"),
        text.alias("reasoning_text"),
        pl.when(pl.col("_completed_text").is_not_null())
        .then(pl.col("_completed_text_event_id"))
        .otherwise(pl.col("_submitted_event_id"))
        .alias("reasoning_event_id"),
        pl.when(answered)
        .then(
            pl.when(pl.col("_completed_event_id").is_not_null())
            .then(pl.col("_completed_event_id"))
            .otherwise(pl.col("_last_selection_event_id"))
        )
        .alias("decision_event_id"),
    )
    metrics = metrics.with_columns(
        (pl.col("total_time_ms") - pl.col("idle_time_ms"))
        .clip(lower_bound=0.0)
        .alias("active_time_ms"),
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


def _option_hovers(window: pl.DataFrame) -> pl.DataFrame:
    """One list per task of `{option_id, hover_count, hover_time_ms}`, sorted by option id."""
    per_option = (
        window.filter((pl.col("type") == "option_viewed") & pl.col("option_id").is_not_null())
        .group_by([*KEY, "option_id"])
        .agg(
            pl.len().cast(pl.Int64).alias("hover_count"),
            pl.col("_hover_ms").sum().alias("hover_time_ms"),
        )
        .sort([*KEY, "option_id"])
    )
    return per_option.group_by(KEY, maintain_order=True).agg(
        pl.struct("option_id", "hover_count", "hover_time_ms").alias("option_hovers")
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
            status `not_started`.
        options: Task options with their `risk_level`, for the final choice's risk.
        idle_gap_ms: A gap between consecutive events longer than this counts as idle.

    Returns:
        The columns of `TASK_METRIC_COLUMNS`, sorted by attempt and task order. Times are
        in milliseconds of the client clock. Events of a task missing from the attempt's
        snapshot still get a row, with a null `task_index`.
    """
    if idle_gap_ms <= 0:
        raise ValueError(
            f"idle_gap_ms must be a positive number of milliseconds, got {idle_gap_ms}"
        )
    window = _with_event_columns(_task_window(events), idle_gap_ms)
    metrics = _derive(_aggregate(window, idle_gap_ms))
    metrics = metrics.join(_option_hovers(window), on=KEY, how="left")
    metrics = metrics.join(_integrity_counts(events), on=KEY, how="left")
    metrics = tasks.join(metrics, on=KEY, how="full", coalesce=True)
    risk = options.rename({"option_id": "final_option_id", "risk_level": "final_risk_level"})
    metrics = metrics.join(risk, on=[*KEY, "final_option_id"], how="left")
    risk_value = pl.col("final_risk_level").replace_strict(RISK_VALUES, default=None)
    metrics = metrics.with_columns(
        pl.col("status").fill_null("not_started"),
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
