"""Per-task distributions of the main metrics over all scored attempts."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import polars as pl

from hiremate.settings import Settings
from hiremate.store import Store, open_store

logger = logging.getLogger(__name__)

POPULATION_METRICS = (
    "total_time_ms",
    "active_time_ms",
    "idle_time_ms",
    "initiation_time_ms",
    "time_to_first_selection_ms",
    "time_to_final_decision_ms",
    "hover_time_ms",
    "options_explored",
    "flips",
    "reasoning_word_count",
    "reasoning_depth_score",
    "risk_value",
)
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
# Below this many scored attempts a task's distribution is returned but marked as not yet
# representative (`sufficient` is false), so pages should not place a candidate on it.
POPULATION_MIN_ATTEMPTS = 5
POPULATION_FILE = "population.parquet"
STAT_COLUMNS = ("count", "mean", "std", "min", *(f"p{int(q * 100)}" for q in QUANTILES), "max")


def compute_population(task_metrics: pl.DataFrame) -> pl.DataFrame:
    """Summarise each task's metrics over the attempts that started it.

    Args:
        task_metrics: One row per (attempt, task), e.g. the latest stored metrics.

    Returns:
        A long frame: `task_id`, `attempt_count`, `metric`, then `count`, `mean`, `std`,
        `min`, `p10` ... `p90` and `max` over the non-null values.
    """
    started = task_metrics.filter(pl.col("status") != "not_started")
    present = [name for name in POPULATION_METRICS if name in started.columns]
    long = started.select(
        "task_id", "attempt_id", *[pl.col(name).cast(pl.Float64) for name in present]
    ).unpivot(on=present, index=["task_id", "attempt_id"], variable_name="metric")
    attempts = started.group_by("task_id").agg(
        pl.col("attempt_id").n_unique().cast(pl.Int64).alias("attempt_count")
    )
    value = pl.col("value").drop_nulls()
    stats = long.group_by(["task_id", "metric"]).agg(
        value.len().cast(pl.Int64).alias("count"),
        value.mean().alias("mean"),
        value.std().alias("std"),
        value.min().alias("min"),
        *[value.quantile(q, interpolation="linear").alias(f"p{int(q * 100)}") for q in QUANTILES],
        value.max().alias("max"),
    )
    return attempts.join(stats, on="task_id").sort(["task_id", "metric"])


def latest_task_metrics(store: Store) -> pl.DataFrame:
    """Return the per-task rows of each attempt's newest stored metrics document."""
    newest: dict[str, dict[str, Any]] = {}
    for doc in store.find("metrics", sort=[("attempt_id", 1), ("version", 1)]):
        newest[doc["attempt_id"]] = doc
    rows = [
        {"attempt_id": attempt_id, **{k: task.get(k) for k in ("task_id", "status")}}
        | {name: task.get(name) for name in POPULATION_METRICS}
        for attempt_id, doc in newest.items()
        for task in doc.get("per_task") or []
    ]
    schema = {"attempt_id": pl.String, "task_id": pl.String, "status": pl.String}
    schema |= {name: pl.Float64 for name in POPULATION_METRICS}
    return pl.DataFrame(rows, schema=schema, strict=False)


def population_path(settings: Settings) -> Path:
    """Return the Parquet file the population asset writes under the data folder."""
    return settings.data_dir / "parquet" / POPULATION_FILE


def write_population(population: pl.DataFrame, settings: Settings) -> Path:
    """Write the population table to Parquet atomically and return its path."""
    path = population_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".parquet.partial")
    population.write_parquet(partial)
    partial.replace(path)
    return path


def population_for_task(population: pl.DataFrame, task_id: str) -> dict[str, Any]:
    """Shape one task's rows of the population table as a JSON-ready dict."""
    rows = population.filter(pl.col("task_id") == task_id)
    attempt_count = int(rows.get_column("attempt_count").max() or 0) if rows.height else 0
    metrics = {
        row["metric"]: {name: row[name] for name in STAT_COLUMNS}
        for row in rows.sort("metric").to_dicts()
    }
    return {
        "task_id": task_id,
        "attempt_count": attempt_count,
        "min_attempts": POPULATION_MIN_ATTEMPTS,
        "sufficient": attempt_count >= POPULATION_MIN_ATTEMPTS,
        "metrics": metrics,
    }


def load_population(store_or_settings: Store | Settings, task_id: str) -> dict[str, Any]:
    """Return a task's population distribution for the collector's population route.

    With `Settings`, the Parquet table of the last pipeline run is read when it exists (it
    is rebuilt after every scoring run). Otherwise, or with a `Store`, the distribution is
    computed from the newest stored metrics of every attempt.

    Returns:
        `{task_id, attempt_count, min_attempts, sufficient, metrics, source}` where
        `metrics` maps each metric name to `{count, mean, std, min, p10, p25, p50, p75,
        p90, max}`. A task without scored attempts has `attempt_count` 0 and empty `metrics`.
    """
    if isinstance(store_or_settings, Settings):
        path = population_path(store_or_settings)
        if path.exists():
            result = population_for_task(pl.read_parquet(path), task_id)
            return {**result, "source": "parquet"}
        with open_store(store_or_settings) as store:
            return load_population(store, task_id)
    # NOTE: this reads every stored metrics document; large deployments rely on the Parquet.
    population = compute_population(latest_task_metrics(store_or_settings))
    return {**population_for_task(population, task_id), "source": "store"}
