"""Store documents (metrics and profiles) built from the metric and profile frames."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from assets.rules import PROFILE_FIELDS

# Per-task columns kept out of the stored metrics: the text is in the events already.
OMITTED_TASK_COLUMNS = ("reasoning_text",)
ATTEMPT_ID_LISTS = ("event_ids",)


def _frontend_task_fields() -> list[pl.Expr]:
    """Fields the existing frontend charts, each taken from one standard metric."""
    total_s = pl.col("total_time_ms") / 1000.0
    return [
        # Hesitation: time to first selection, or the whole task time when nothing was
        # selected (the frontend's own definition of the number).
        pl.coalesce(pl.col("time_to_first_selection_ms") / 1000.0, total_s)
        .round(3)
        .alias("hesitation_seconds"),
        total_s.round(3).alias("time_spent_seconds"),
        pl.col("flips").alias("decision_change_count"),
    ]


def metrics_documents(
    task_metrics: pl.DataFrame,
    attempt_metrics: pl.DataFrame,
    *,
    run_id: str,
    code_version: str,
    rules_version: str,
    computed_at: dt.datetime,
) -> list[dict[str, Any]]:
    """Build one metrics document per attempt, with lineage and the frontend's fields.

    Returns:
        Documents with `attempt_id`, `org_id`, `run_id`, `code_version`, `rules_version`,
        `computed_at`, `event_ids`, `event_count`, `per_task` (task order), `overall`,
        `per_task_metrics`, `global_metrics` and the null `overall_score`, `overall_grade`
        and `analysis_result`.
    """
    tasks = task_metrics.drop(*OMITTED_TASK_COLUMNS).with_columns(_frontend_task_fields())
    frontend_columns = ["task_id", "hesitation_seconds", "time_spent_seconds"]
    grouped = tasks.group_by("attempt_id", maintain_order=True).agg(
        pl.struct(
            pl.exclude("attempt_id", "org_id", *frontend_columns[1:], "decision_change_count")
        ).alias("per_task"),
        pl.struct(*frontend_columns, "decision_change_count").alias("per_task_metrics"),
        pl.col("hesitation_seconds").sum().round(3).alias("hesitation_time_seconds"),
        pl.col("time_spent_seconds").sum().round(3).alias("total_time_seconds"),
    )
    frame = attempt_metrics.join(grouped, on="attempt_id", how="left")
    overall_columns = [
        name for name in attempt_metrics.columns if name not in ("attempt_id", "org_id")
    ]
    overall_columns = [name for name in overall_columns if name not in ATTEMPT_ID_LISTS]
    frame = frame.select(
        "attempt_id",
        "org_id",
        "event_ids",
        "event_count",
        "per_task",
        pl.struct(*overall_columns).alias("overall"),
        "per_task_metrics",
        pl.struct("hesitation_time_seconds", "total_time_seconds").alias("global_metrics"),
    )
    lineage = {
        "run_id": run_id,
        "code_version": code_version,
        "rules_version": rules_version,
        "computed_at": computed_at,
        "overall_score": None,
        "overall_grade": None,
        "analysis_result": None,
    }
    return [{**row, **lineage} for row in frame.to_dicts()]


def profile_documents(
    profiles: pl.DataFrame, *, run_id: str, code_version: str, computed_at: dt.datetime
) -> list[dict[str, Any]]:
    """Build one profile document per attempt from the frame of `build_profiles`."""
    columns = ["attempt_id", "org_id", "rules_version", *PROFILE_FIELDS]
    frame = profiles.select(*columns, "integrity_flags", "event_ids")
    lineage = {"run_id": run_id, "code_version": code_version, "computed_at": computed_at}
    return [{**row, **lineage} for row in frame.to_dicts()]
