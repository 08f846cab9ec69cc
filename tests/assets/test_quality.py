"""Tests of the sequence and range checks."""

from __future__ import annotations

import polars as pl

from assets.frames import events_to_frame
from assets.quality import range_violations, sequence_issues
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
