"""Per-event columns and per-task aggregates over each task's window of events."""

from __future__ import annotations

import polars as pl

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


def milliseconds(expr: pl.Expr) -> pl.Expr:
    """Convert a duration to float milliseconds, clipping negative values (clock steps) to 0."""
    return expr.dt.total_milliseconds().cast(pl.Float64).clip(lower_bound=0.0)


def task_window(events: pl.DataFrame) -> pl.DataFrame:
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


def with_event_columns(window: pl.DataFrame, idle_gap_ms: int) -> pl.DataFrame:
    t = pl.col("type")
    # A change to the option already selected (`from` equals `to`) selects nothing new, so it
    # is neither a selection nor a flip.
    no_change = (
        (t == "option_changed") & (pl.col("from_option_id") == pl.col("to_option_id"))
    ).fill_null(False)
    selected = (
        pl.when(t == "option_selected")
        .then(pl.col("option_id"))
        .when((t == "option_changed") & ~no_change)
        .then(pl.coalesce("to_option_id", "option_id"))
        .when(t == "task_completed")
        .then(pl.col("option_id"))
    )
    window = window.with_columns(selected.alias("_selected"), no_change.alias("_no_change"))
    gap = milliseconds(pl.col("client_ts") - pl.col("client_ts").shift(1)).over(KEY)
    # Hover time reads `option_viewed.client_ts` as the moment hover or focus starts, as the
    # candidate page stamps it, and ends it at the next event. The page records a view when it
    # ends, so a view that spans a click comes after the click in seq order, and its negative
    # gap is clipped to 0 by `milliseconds`.
    following = milliseconds(pl.col("client_ts").shift(-1) - pl.col("client_ts")).over(KEY)
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


def aggregate(window: pl.DataFrame, idle_gap_ms: int) -> pl.DataFrame:
    t = pl.col("type")
    ts = pl.col("client_ts")
    completed = t == "task_completed"
    selection = t.is_in(SELECTION_TYPES) & ~pl.col("_no_change")
    reasoning = pl.col("reasoning").str.strip_chars()
    idle_gap = pl.col("_gap_ms") > idle_gap_ms
    return window.group_by(KEY).agg(
        pl.len().cast(pl.Int64).alias("event_count"),
        ts.first().alias("_start_ts"),
        ts.last().alias("_end_ts"),
        ts.min().alias("_min_ts"),
        ts.max().alias("_max_ts"),
        t.filter(t.is_in(TERMINAL_TYPES)).last().alias("_terminal"),
        ts.filter(t.is_in(INTERACTION_TYPES)).first().alias("_first_interaction_ts"),
        ts.filter(selection).first().alias("_first_selection_ts"),
        ts.filter(selection).last().alias("_last_selection_ts"),
        pl.col("_selected").filter(selection).last().alias("_last_selection"),
        ts.filter(completed).last().alias("_completed_ts"),
        pl.col("option_id").filter(completed).last().alias("_completed_option"),
        pl.col("_selected").drop_nulls().first().alias("first_option_id"),
        pl.col("event_id").filter(completed).last().alias("_completed_event_id"),
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


def option_hovers(window: pl.DataFrame) -> pl.DataFrame:
    """Collect per task a list of `{option_id, hover_count, hover_time_ms}`, sorted by option id."""
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
