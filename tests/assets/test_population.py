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


def _task_metrics(decide_ms: list[float], org_id: str = "org-1", prefix: str = "a"):
    events, attempts = [], []
    for n, ms in enumerate(decide_ms):
        attempt_id = f"{prefix}{n}"
        stream = Stream(attempt_id).decide("t1", "t1-low", ms).decide("t2", "t2-high", 2 * ms)
        events += stream.events
        attempts.append(make_attempt(attempt_id, ["t1", "t2", "t3"], org_id=org_id))
    task_metrics, attempt_metrics, _ = compute_all(events, attempts)
    return task_metrics, attempt_metrics


def _store_metrics(store, task_metrics, attempt_metrics) -> None:
    docs = metrics_documents(
        task_metrics,
        attempt_metrics,
        run_id="r1",
        code_version="c",
        rules_version="v2",
        computed_at=NOW,
    )
    for doc in docs:
        store.append_version("metrics", doc["attempt_id"], doc)


def test_compute_population_quantiles():
    task_metrics, _ = _task_metrics([1_000, 2_000, 3_000, 4_000, 5_000])
    population = compute_population(task_metrics)
    row = population.filter(
        (pl.col("task_id") == "t1") & (pl.col("metric") == "time_to_final_decision_ms")
    ).row(0, named=True)
    assert row["org_id"] == "org-1"
    assert row["attempt_count"] == 5
    assert row["count"] == 5
    assert row["p50"] == 3_000
    assert row["p25"] == 2_000
    # Min and max would each be one candidate's exact value.
    assert "min" not in row
    assert "max" not in row
    # No attempt started t3, so it has no rows.
    assert population.filter(pl.col("task_id") == "t3").height == 0


def test_load_population_from_store_and_parquet(settings):
    task_metrics, attempt_metrics = _task_metrics([1_000, 2_000, 3_000, 4_000, 5_000])
    with open_store(settings) as store:
        _store_metrics(store, task_metrics, attempt_metrics)
        from_store = load_population(store, "t2", org_id="org-1")
    assert from_store["source"] == "store"
    assert from_store["attempt_count"] == 5
    assert from_store["sufficient"] is True
    assert from_store["metrics"]["time_to_final_decision_ms"]["mean"] == 6_000
    # Without the Parquet table the settings form computes from the store as well.
    assert load_population(settings, "t2", org_id="org-1")["source"] == "store"
    write_population(compute_population(task_metrics), settings)
    assert population_path(settings).exists()
    from_parquet = load_population(settings, "t2", org_id="org-1")
    assert from_parquet["source"] == "parquet"
    assert from_parquet["metrics"] == from_store["metrics"]


def test_load_population_below_minimum_hides_metrics(settings):
    task_metrics, attempt_metrics = _task_metrics([1_000, 3_000])
    with open_store(settings) as store:
        _store_metrics(store, task_metrics, attempt_metrics)
        result = load_population(store, "t2", org_id="org-1")
    assert result["attempt_count"] == 2
    assert result["min_attempts"] == 5
    assert result["sufficient"] is False
    assert result["metrics"] == {}


def test_load_population_scoped_to_org(settings):
    own = _task_metrics([1_000] * 5, org_id="org-a", prefix="a")
    other = _task_metrics([9_000] * 6, org_id="org-b", prefix="b")
    with open_store(settings) as store:
        _store_metrics(store, *own)
        _store_metrics(store, *other)
        seen_by_a = load_population(store, "t1", org_id="org-a")
        seen_by_c = load_population(store, "t1", org_id="org-c")
    assert seen_by_a["attempt_count"] == 5
    assert seen_by_a["metrics"]["time_to_final_decision_ms"]["p90"] == 1_000
    assert seen_by_c["attempt_count"] == 0
    assert seen_by_c["metrics"] == {}
    write_population(compute_population(pl.concat([own[0], other[0]])), settings)
    from_parquet = load_population(settings, "t1", org_id="org-b")
    assert from_parquet["source"] == "parquet"
    assert from_parquet["attempt_count"] == 6
    assert from_parquet["metrics"]["time_to_final_decision_ms"]["p10"] == 9_000


def test_load_population_requires_org(settings):
    with open_store(settings) as store, pytest.raises(ValueError, match="org_id is required"):
        load_population(store, "t1", org_id="")


def test_load_population_old_parquet_ignored(settings):
    task_metrics, attempt_metrics = _task_metrics([1_000] * 5, org_id="org-a")
    with open_store(settings) as store:
        _store_metrics(store, task_metrics, attempt_metrics)
    # A table from before the per-organisation split has no org_id column.
    unscoped = compute_population(task_metrics).drop("org_id")
    population_path(settings).parent.mkdir(parents=True)
    unscoped.write_parquet(population_path(settings))
    result = load_population(settings, "t1", org_id="org-a")
    assert result["source"] == "store"
    assert result["attempt_count"] == 5


def test_compute_population_counts_repeated_rows_once():
    task_metrics, _ = _task_metrics([1_000] * 5)
    doubled = pl.concat([task_metrics, task_metrics.filter(pl.col("attempt_id") == "a0")])
    row = compute_population(doubled).filter(
        (pl.col("task_id") == "t1") & (pl.col("metric") == "flips")
    )
    assert row.get_column("attempt_count").to_list() == [5]
    assert row.get_column("count").to_list() == [5]


def test_load_population_unknown_task(settings):
    with open_store(settings) as store:
        result = load_population(store, "nobody-took-this", org_id="org-1")
    assert result["attempt_count"] == 0
    assert result["metrics"] == {}
    assert result["sufficient"] is False


@pytest.mark.parametrize("metric", ["flips", "risk_value", "reasoning_word_count"])
def test_compute_population_lists_main_metrics(metric):
    task_metrics, _ = _task_metrics([1_000])
    assert metric in set(compute_population(task_metrics).get_column("metric"))
