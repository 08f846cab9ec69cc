"""Tests of the task population distributions and their loader."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from assets.documents import metrics_documents
from assets.population import (
    compute_population,
    load_population,
    population_path,
    write_population,
)
from hiremate.store import open_store
from tests.assets.streams import Stream, compute_all, make_attempt

NOW = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)


def _task_metrics(decide_ms: list[float]) -> pl.DataFrame:
    events, attempts = [], []
    for n, ms in enumerate(decide_ms):
        stream = Stream(f"a{n}").decide("t1", "t1-low", ms).decide("t2", "t2-high", 2 * ms)
        events += stream.events
        attempts.append(make_attempt(f"a{n}", ["t1", "t2", "t3"]))
    task_metrics, attempt_metrics, _ = compute_all(events, attempts)
    return task_metrics, attempt_metrics


def test_compute_population_quantiles():
    task_metrics, _ = _task_metrics([1_000, 2_000, 3_000, 4_000, 5_000])
    population = compute_population(task_metrics)
    row = population.filter(
        (pl.col("task_id") == "t1") & (pl.col("metric") == "time_to_final_decision_ms")
    ).row(0, named=True)
    assert row["attempt_count"] == 5
    assert row["count"] == 5
    assert row["p50"] == 3_000
    assert row["p25"] == 2_000
    assert row["min"] == 1_000
    assert row["max"] == 5_000
    # No attempt started t3, so it has no rows.
    assert population.filter(pl.col("task_id") == "t3").height == 0


def test_load_population_from_store_and_parquet(settings):
    task_metrics, attempt_metrics = _task_metrics([1_000, 3_000])
    docs = metrics_documents(
        task_metrics,
        attempt_metrics,
        run_id="r1",
        code_version="c",
        rules_version="v2",
        computed_at=NOW,
    )
    with open_store(settings) as store:
        for doc in docs:
            store.append_version("metrics", doc["attempt_id"], doc)
        from_store = load_population(store, "t2")
    assert from_store["source"] == "store"
    assert from_store["attempt_count"] == 2
    assert from_store["sufficient"] is False  # 2 attempts are below the minimum
    assert from_store["metrics"]["time_to_final_decision_ms"]["mean"] == 4_000
    # Without the Parquet table the settings form computes from the store as well.
    assert load_population(settings, "t2")["source"] == "store"
    write_population(compute_population(task_metrics), settings)
    assert population_path(settings).exists()
    from_parquet = load_population(settings, "t2")
    assert from_parquet["source"] == "parquet"
    assert from_parquet["metrics"] == from_store["metrics"]


def test_load_population_unknown_task(settings):
    with open_store(settings) as store:
        result = load_population(store, "nobody-took-this")
    assert result["attempt_count"] == 0
    assert result["metrics"] == {}
    assert result["sufficient"] is False


@pytest.mark.parametrize("metric", ["flips", "risk_value", "reasoning_word_count"])
def test_compute_population_lists_main_metrics(metric):
    task_metrics, _ = _task_metrics([1_000])
    assert metric in set(compute_population(task_metrics).get_column("metric"))
