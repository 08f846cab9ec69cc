"""Tests of the sequence and range checks."""

from __future__ import annotations

import polars as pl

from assets.frames import events_to_frame
from assets.quality import range_violations, sequence_issues, timing_issues
from tests.assets.streams import Stream, compute_all, make_attempt


def _stream() -> Stream:
    return Stream("a1").decide("t1", "t1-low", 1_000).decide("t2", "t2-high", 2_000)


def test_sequence_issues_clean_stream():
    assert sequence_issues(events_to_frame(_stream().events)).height == 0


def test_sequence_issues_gap_and_duplicate():
    events = _stream().events
    events[2]["seq"] = 2  # two different events claim seq 2, and seq 3 never arrives
    del events[4]  # server_seq 5 missing as well
    issues = sequence_issues(events_to_frame(events)).row(0, named=True)
    assert issues["duplicate_seq"] == 1
    assert issues["missing_seq"] == 2
    assert issues["missing_server_seq"] == 1
    assert issues["duplicate_server_seq"] == 0


def test_sequence_issues_legacy_events_only_server_seq():
    stream = Stream("a1", legacy=True).decide("t1", "t1-low", 500)
    assert sequence_issues(events_to_frame(stream.events)).height == 0


def test_range_violations_clean_metrics():
    task_metrics, attempt_metrics, _ = compute_all(
        _stream().events, [make_attempt("a1", ["t1", "t2"])]
    )
    assert range_violations(task_metrics, attempt_metrics).height == 0


def test_range_violations_found():
    task_metrics, attempt_metrics, _ = compute_all(
        _stream().events, [make_attempt("a1", ["t1", "t2"])]
    )
    bad_tasks = task_metrics.with_columns(
        pl.when(pl.col("task_id") == "t1")
        .then(pl.lit(1.5))
        .otherwise(pl.col("risk_value"))
        .alias("risk_value")
    )
    bad_attempts = attempt_metrics.with_columns(pl.lit(-0.5).alias("risk_preference_score"))
    violations = range_violations(bad_tasks, bad_attempts)
    assert violations.rows() == [
        ("a1", "t1", "risk value is in [0, 1]"),
        ("a1", None, "risk preference score is in [0, 1]"),
    ]


def test_range_violations_repeated_task_row():
    task_metrics, attempt_metrics, _ = compute_all(
        _stream().events, [make_attempt("a1", ["t1", "t2"])]
    )
    doubled = pl.concat([task_metrics, task_metrics.filter(pl.col("task_id") == "t1")])
    assert range_violations(doubled, attempt_metrics).rows() == [
        ("a1", "t1", "one row per attempt and task")
    ]


def test_range_violations_idle_above_total_found():
    task_metrics, attempt_metrics, _ = compute_all(
        _stream().events, [make_attempt("a1", ["t1", "t2"])]
    )
    bad = task_metrics.with_columns(
        (pl.col("total_time_ms") + 1_000).alias("idle_time_ms"), pl.lit(0.0).alias("active_time_ms")
    )
    rules = set(range_violations(bad, attempt_metrics).get_column("rule"))
    assert "active plus idle time equals total time" in rules


def test_timing_issues_listed_not_range_violations():
    stream = Stream("a1").decide("t1", "t1-low", 1_000)
    stream.add("task_started", "t2", after_ms=10)
    stream.add("option_selected", "t2", after_ms=-86_400_000, option_id="t2-low")
    stream.add("task_completed", "t2", after_ms=100, option_id="t2-low")
    task_metrics, attempt_metrics, _ = compute_all(
        stream.events, [make_attempt("a1", ["t1", "t2"])]
    )
    assert timing_issues(task_metrics).rows() == [("a1", "t2", "backwards")]
    assert range_violations(task_metrics, attempt_metrics).height == 0
