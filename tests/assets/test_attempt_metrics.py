"""Tests of the per-attempt metrics."""

from __future__ import annotations

import pytest

from tests.assets.streams import Stream, compute_all, make_attempt

TASKS = ["t1", "t2", "t3", "t4"]


def _attempt(stream: Stream, task_ids: list[str] = TASKS) -> dict:
    _, attempt_metrics, _ = compute_all(stream.events, [make_attempt(stream.attempt_id, task_ids)])
    assert attempt_metrics.height == 1
    return attempt_metrics.row(0, named=True)


def test_attempt_metrics_risk_distribution():
    stream = Stream("a1")
    for task_id, risk in zip(TASKS, ["low", "low", "medium", "high"], strict=True):
        stream.decide(task_id, f"{task_id}-{risk}", 1_000)
    row = _attempt(stream)
    assert (row["risk_low_count"], row["risk_medium_count"], row["risk_high_count"]) == (2, 1, 1)
    assert row["risk_preference_score"] == pytest.approx((0 + 0 + 0.5 + 1) / 4)
    assert row["answered_task_ids"] == TASKS


def test_attempt_metrics_decision_statistics():
    stream = Stream("a1")
    for task_id, ms in zip(TASKS, [4_000, 3_000, 2_000, 1_000], strict=True):
        stream.decide(task_id, f"{task_id}-low", ms)
    row = _attempt(stream)
    assert row["median_decision_time_ms"] == 2_500
    assert row["mean_decision_time_ms"] == 2_500
    std = (sum((x - 2_500) ** 2 for x in [4_000, 3_000, 2_000, 1_000]) / 3) ** 0.5
    assert row["decision_time_cv"] == pytest.approx(std / 2_500)
    assert row["decision_consistency_score"] == pytest.approx(1 - std / 2_500)
    # The slope is -1000 ms per task, relative to the 2500 ms mean.
    assert row["decision_time_trend"] == pytest.approx(-0.4)


def test_attempt_metrics_equal_times_are_consistent():
    stream = Stream("a1")
    for task_id in TASKS:
        stream.decide(task_id, f"{task_id}-low", 1_500)
    row = _attempt(stream)
    assert row["decision_time_cv"] == 0
    assert row["decision_consistency_score"] == 1


def test_attempt_metrics_task_counts():
    stream = Stream("a1").decide("t1", "t1-low", 1_000)
    stream.add("task_started", "t2")
    stream.add("task_skipped", "t2", after_ms=500)
    stream.add("task_started", "t3")
    row = _attempt(stream)
    assert row["task_count"] == 4
    assert row["tasks_started"] == 3
    assert row["tasks_answered"] == 1
    assert row["tasks_skipped"] == 1
    assert row["tasks_incomplete"] == 1
    assert row["decision_time_trend"] is None
    assert row["decision_time_std_ms"] is None


def test_attempt_metrics_no_events():
    row = _attempt(Stream("a1"))
    assert row["tasks_answered"] == 0
    assert row["event_count"] == 0
    assert row["risk_preference_score"] is None
    assert row["median_decision_time_ms"] is None
    assert row["reasoned_task_count"] == 0
    assert row["event_ids"] == []


def test_attempt_metrics_integrity_counts_include_attempt_level_events():
    stream = Stream("a1").decide("t1", "t1-low", 1_000)
    stream.add("visibility_hidden", None, after_ms=100)
    stream.add("visibility_visible", None, after_ms=100)
    stream.add("paste_detected", "t1", chars=12, target="reasoning")
    row = _attempt(stream)
    assert row["visibility_hidden_count"] == 1
    assert row["paste_count"] == 1
    assert row["paste_event_ids"] == [stream.events[-1]["event_id"]]
    assert row["event_count"] == 6


def test_attempt_metrics_reasoning_aggregates():
    stream = Stream("a1")
    stream.decide("t1", "t1-low", 1_000, text="one two three four")
    stream.decide("t2", "t2-low", 1_000, text="because five six seven eight nine")
    stream.decide("t3", "t3-low", 1_000)
    row = _attempt(stream)
    assert row["reasoned_task_count"] == 2
    assert row["total_reasoning_words"] == 10
    assert row["median_reasoning_word_count"] == 5
    assert row["connectors_per_100_words"] == pytest.approx(10.0)
    assert row["reasoned_task_ids"] == ["t1", "t2"]


def test_attempt_metrics_fast_decisions():
    stream = Stream("a1").decide("t1", "t1-low", 50).decide("t2", "t2-low", 5_000)
    row = _attempt(stream)
    assert row["fast_decision_count"] == 1
    assert row["fast_decision_task_ids"] == ["t1"]
