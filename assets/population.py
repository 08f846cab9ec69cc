"""Per-task distributions of the main metrics, per organisation, over its scored attempts."""

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
# Below this many scored attempts of the organisation, `load_population` returns no metric
# summaries (`sufficient` is false), because a summary of so few attempts would reveal
# individual candidates' values.
POPULATION_MIN_ATTEMPTS = 5
POPULATION_FILE = "population.parquet"
# Min and max are left out on purpose: each is one candidate's exact value.
STAT_COLUMNS = ("count", "mean", "std", *(f"p{int(q * 100)}" for q in QUANTILES))
GROUP = ["org_id", "task_id"]


def compute_population(task_metrics: pl.DataFrame) -> pl.DataFrame:
    """Summarise each organisation's metrics per task over the attempts that started it.

    Args:
        task_metrics: One row per (attempt, task) with `org_id`, e.g. the latest stored
            metrics. A repeated (attempt, task) row counts once. Metrics of a task whose
            `timing_valid` is false are null already and are left out of the summaries.

    Returns:
        A long frame: `org_id`, `task_id`, `attempt_count`, `metric`, then `count`,
        `mean`, `std` and `p10` ... `p90` over the non-null values.
    """
    started = task_metrics.filter(pl.col("status") != "not_started").unique(
        subset=["attempt_id", "task_id"], keep="first", maintain_order=True
    )
    present = [name for name in POPULATION_METRICS if name in started.columns]
    long = started.select(
        *GROUP, "attempt_id", *[pl.col(name).cast(pl.Float64) for name in present]
    ).unpivot(on=present, index=[*GROUP, "attempt_id"], variable_name="metric")
    attempts = started.group_by(GROUP).agg(
        pl.col("attempt_id").n_unique().cast(pl.Int64).alias("attempt_count")
    )
    value = pl.col("value").drop_nulls()
    stats = long.group_by([*GROUP, "metric"]).agg(
        value.len().cast(pl.Int64).alias("count"),
        value.mean().alias("mean"),
        value.std().alias("std"),
        *[value.quantile(q, interpolation="linear").alias(f"p{int(q * 100)}") for q in QUANTILES],
    )
    return attempts.join(stats, on=GROUP, nulls_equal=True).sort([*GROUP, "metric"])


def latest_task_metrics(store: Store) -> pl.DataFrame:
    """Return the per-task rows of each attempt's newest stored metrics document."""
    newest: dict[str, dict[str, Any]] = {}
    for doc in store.find("metrics", sort=[("attempt_id", 1), ("version", 1)]):
        newest[doc["attempt_id"]] = doc
    rows = [
        {"attempt_id": attempt_id, "org_id": doc.get("org_id")}
        | {k: task.get(k) for k in ("task_id", "status")}
        | {name: task.get(name) for name in POPULATION_METRICS}
        for attempt_id, doc in newest.items()
        for task in doc.get("per_task") or []
    ]
    schema = {
        "attempt_id": pl.String,
        "org_id": pl.String,
        "task_id": pl.String,
        "status": pl.String,
    }
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


def population_for_task(population: pl.DataFrame, task_id: str, org_id: str) -> dict[str, Any]:
    """Shape one organisation's rows for one task as a JSON-ready dict.

    `metrics` stays empty until `POPULATION_MIN_ATTEMPTS` attempts of the organisation
    started the task.
    """
    rows = population.filter((pl.col("task_id") == task_id) & (pl.col("org_id") == org_id))
    attempt_count = int(rows.get_column("attempt_count").max() or 0) if rows.height else 0
    sufficient = attempt_count >= POPULATION_MIN_ATTEMPTS
    metrics = {
        row["metric"]: {name: row[name] for name in STAT_COLUMNS}
        for row in rows.sort("metric").to_dicts()
    }
    return {
        "task_id": task_id,
        "attempt_count": attempt_count,
        "min_attempts": POPULATION_MIN_ATTEMPTS,
        "sufficient": sufficient,
        "metrics": metrics if sufficient else {},
    }


def _read_parquet(path: Path) -> pl.DataFrame | None:
    """Read the population table, or return None when it is missing or has no `org_id`."""
    if not path.exists():
        return None
    population = pl.read_parquet(path)
    if "org_id" not in population.columns:
        # An older version wrote this table over every organisation at once, so it cannot be
        # split by organisation.
        logger.info("population table %s has no org_id column; computing from the store", path)
        return None
    return population


def load_population(
    store_or_settings: Store | Settings, task_id: str, *, org_id: str
) -> dict[str, Any]:
    """Return one organisation's distribution of a task's metrics, for the population route.

    Only attempts of `org_id` count, so a library task shared by every organisation shows
    each one only its own candidates. With `Settings`, the Parquet table of the last
    pipeline run is read when it exists (it is rebuilt after every scoring run). Otherwise,
    or with a `Store`, the distribution is computed from the newest stored metrics.

    Returns:
        `{task_id, attempt_count, min_attempts, sufficient, metrics, source}` where
        `metrics` maps each metric name to `{count, mean, std, p10, p25, p50, p75, p90}`,
        and is empty while `attempt_count` is below `min_attempts`.

    Raises:
        ValueError: `org_id` is empty.
    """
    if not org_id:
        raise ValueError("org_id is required: the population is computed per organisation")
    if isinstance(store_or_settings, Settings):
        population = _read_parquet(population_path(store_or_settings))
        if population is not None:
            return {**population_for_task(population, task_id, org_id), "source": "parquet"}
        with open_store(store_or_settings) as store:
            return load_population(store, task_id, org_id=org_id)
    # NOTE: this reads every stored metrics document; large deployments rely on the Parquet.
    population = compute_population(latest_task_metrics(store_or_settings))
    return {**population_for_task(population, task_id, org_id), "source": "store"}
