"""Tests pinning each per-task metric on hand-built event streams."""

from __future__ import annotations

import random

import pytest

from assets.frames import events_to_frame, tasks_to_frames
from assets.task_metrics import compute_task_metrics
from tests.assets.streams import Stream, make_attempt

REASONING = "First, the low option is safer because the budget is fixed.\n- However it is slow"


def _metrics(stream: Stream, task_ids: list[str], **kwargs) -> dict[str, dict]:
    tasks, options = tasks_to_frames([make_attempt(stream.attempt_id, task_ids)])
    frame = compute_task_metrics(events_to_frame(stream.events), tasks, options, **kwargs)
    return {row["task_id"]: row for row in frame.to_dicts()}


def _rich_stream() -> Stream:
    """One task: two hovers, a selection, a 40 s pause, a change back and reasoning."""
    stream = Stream("a1")
    stream.add("task_started", "t1", task_index=0)
    stream.add("option_viewed", "t1", after_ms=1_000, option_id="t1-low", dwell_ms=99_999)
    stream.add("option_viewed", "t1", after_ms=2_000, option_id="t1-high")
    stream.add("option_selected", "t1", after_ms=500, option_id="t1-high")
    stream.add(
        "option_changed", "t1", after_ms=1_000, from_option_id="t1-high", to_option_id="t1-low"
    )
    stream.add("reasoning_started", "t1", after_ms=40_000)
    stream.add("reasoning_updated", "t1", after_ms=1_000, chars=40, words=999, deleted_chars=3)
    stream.add("reasoning_updated", "t1", after_ms=1_000, chars=60, words=999, deleted_chars=0)
    stream.add("idle_detected", "t1", after_ms=500, idle_ms=30_000)
    stream.add("task_completed", "t1", after_ms=500, option_id="t1-low", reasoning=REASONING)
    return stream


def test_task_metrics_times():
    row = _metrics(_rich_stream(), ["t1"])["t1"]
    assert row["total_time_ms"] == 47_500
    assert row["idle_time_ms"] == 40_000
    assert row["idle_period_count"] == 1
    assert row["active_time_ms"] == 7_500
    assert row["initiation_time_ms"] == 1_000
    assert row["time_to_first_selection_ms"] == 3_500
    assert row["time_to_final_decision_ms"] == 4_500


def test_task_metrics_idle_gap_is_configurable():
    row = _metrics(_rich_stream(), ["t1"], idle_gap_ms=45_000)["t1"]
    assert row["idle_time_ms"] == 0
    assert row["active_time_ms"] == row["total_time_ms"]


def test_task_metrics_idle_gap_must_be_positive():
    with pytest.raises(ValueError, match="idle_gap_ms"):
        _metrics(_rich_stream(), ["t1"], idle_gap_ms=0)


def test_task_metrics_idle_detected_does_not_split_gaps():
    stream = Stream("a1")
    stream.add("task_started", "t1")
    stream.add("idle_detected", "t1", after_ms=30_000, idle_ms=30_000)
    stream.add("option_selected", "t1", after_ms=10_000, option_id="t1-low")
    stream.add("task_completed", "t1", after_ms=100, option_id="t1-low")
    row = _metrics(stream, ["t1"])["t1"]
    assert row["idle_time_ms"] == 40_000


def test_task_metrics_hovers_from_client_time_not_dwell():
    row = _metrics(_rich_stream(), ["t1"])["t1"]
    assert row["hover_count"] == 2
    assert row["hover_time_ms"] == 2_500
    hovers = {h["option_id"]: h for h in row["option_hovers"]}
    assert hovers["t1-low"]["hover_time_ms"] == 2_000
    assert hovers["t1-high"]["hover_time_ms"] == 500
    assert row["options_explored"] == 2


def test_task_metrics_flips_and_return_to_first():
    stream = Stream("a1")
    stream.add("task_started", "t1")
    stream.add("option_selected", "t1", after_ms=1_000, option_id="t1-low")
    stream.add("option_selected", "t1", after_ms=200, option_id="t1-low")
    stream.add(
        "option_changed", "t1", after_ms=500, from_option_id="t1-low", to_option_id="t1-high"
    )
    stream.add(
        "option_changed", "t1", after_ms=500, from_option_id="t1-high", to_option_id="t1-low"
    )
    stream.add("task_completed", "t1", after_ms=100, option_id="t1-low")
    row = _metrics(stream, ["t1"])["t1"]
    assert row["flips"] == 2
    assert row["returned_to_first"] is True
    assert row["first_option_id"] == "t1-low"
    assert row["final_option_id"] == "t1-low"


def test_task_metrics_single_change_does_not_return():
    row = _metrics(_rich_stream(), ["t1"])["t1"]
    assert row["flips"] == 1
    assert row["returned_to_first"] is False


def test_task_metrics_reasoning_text():
    row = _metrics(_rich_stream(), ["t1"])["t1"]
    assert row["reasoning_word_count"] == 15
    assert row["connector_count"] == 2
    assert row["structure_marker_count"] == 2
    assert row["revision_count"] == 1
    # 0.5 * 15/80 + 0.3 * min(2/3, 1) + 0.2 * min(2/2, 1)
    assert row["reasoning_depth_score"] == pytest.approx(0.09375 + 0.2 + 0.2, abs=1e-4)


def test_task_metrics_reasoning_submitted_fallback():
    stream = Stream("a1")
    stream.add("task_started", "t1")
    stream.add("reasoning_submitted", "t1", after_ms=4_000, text="Because it is cheap")
    stream.add("task_completed", "t1", after_ms=100, option_id="t1-medium", reasoning="")
    row = _metrics(stream, ["t1"])["t1"]
    assert row["reasoning_word_count"] == 4
    assert row["reasoning_event_id"] == stream.events[1]["event_id"]


def test_task_metrics_no_reasoning():
    stream = Stream("a1").decide("t1", "t1-low", 2_000)
    row = _metrics(stream, ["t1"])["t1"]
    assert row["reasoning_word_count"] == 0
    assert row["reasoning_depth_score"] is None
    assert row["reasoning_event_id"] is None


def test_task_metrics_final_risk_level():
    stream = Stream("a1").decide("t1", "t1-high", 900).decide("t2", "t2-medium", 900)
    rows = _metrics(stream, ["t1", "t2"])
    assert rows["t1"]["final_risk_level"] == "high"
    assert rows["t1"]["risk_value"] == 1.0
    assert rows["t2"]["risk_value"] == 0.5


def test_task_metrics_unknown_option_has_no_risk():
    stream = Stream("a1").decide("t1", "not-an-option", 900)
    row = _metrics(stream, ["t1"])["t1"]
    assert row["answered"] is True
    assert row["final_risk_level"] is None


def test_task_metrics_empty_task():
    row = _metrics(Stream("a1"), ["t1"])["t1"]
    assert row["status"] == "not_started"
    assert row["answered"] is False
    assert row["total_time_ms"] == 0
    assert row["initiation_time_ms"] is None
    assert row["option_hovers"] == []
    assert row["event_ids"] == []


def test_task_metrics_skipped_task():
    stream = Stream("a1")
    stream.add("task_started", "t1")
    stream.add("option_selected", "t1", after_ms=1_000, option_id="t1-low")
    stream.add("task_skipped", "t1", after_ms=2_000)
    row = _metrics(stream, ["t1"])["t1"]
    assert row["status"] == "skipped"
    assert row["answered"] is False
    assert row["final_option_id"] is None
    assert row["time_to_final_decision_ms"] is None
    assert row["time_to_first_selection_ms"] == 1_000
    assert row["total_time_ms"] == 3_000


def test_task_metrics_incomplete_task():
    stream = Stream("a1")
    stream.add("task_started", "t1")
    stream.add("option_viewed", "t1", after_ms=700, option_id="t1-low")
    row = _metrics(stream, ["t1"])["t1"]
    assert row["status"] == "incomplete"
    assert row["total_time_ms"] == 700


def test_task_metrics_single_task_decision():
    stream = Stream("a1").decide("t1", "t1-low", 1_234)
    row = _metrics(stream, ["t1"])["t1"]
    assert row["time_to_final_decision_ms"] == 1_234
    assert row["decision_event_id"] == stream.events[-1]["event_id"]
    assert row["fast_decision"] is False


def test_task_metrics_fast_decision_flag():
    row = _metrics(Stream("a1").decide("t1", "t1-low", 90), ["t1"])["t1"]
    assert row["fast_decision"] is True


def test_task_metrics_ignores_client_numbers():
    stream = Stream("a1")
    stream.add("task_started", "t1")
    stream.add(
        "task_completed",
        "t1",
        after_ms=2_000,
        option_id="t1-low",
        reasoning="short",
        time_spent_seconds=999.0,
        hesitation_seconds=999.0,
        option_changes=7,
    )
    row = _metrics(stream, ["t1"])["t1"]
    assert row["total_time_ms"] == 2_000
    assert row["flips"] == 0


def test_task_metrics_integrity_counts_outside_window():
    stream = Stream("a1").decide("t1", "t1-low", 1_000)
    stream.add("paste_detected", "t1", after_ms=10, chars=30, target="reasoning")
    stream.add("focus_lost", "t1", after_ms=10)
    row = _metrics(stream, ["t1"])["t1"]
    assert row["paste_count"] == 1
    assert row["focus_lost_count"] == 1
    assert row["total_time_ms"] == 1_100


def test_task_metrics_event_for_task_outside_snapshot():
    stream = Stream("a1").decide("t1", "t1-low", 1_000).decide("extra", "x", 500)
    rows = _metrics(stream, ["t1"])
    assert rows["extra"]["task_index"] is None
    assert rows["extra"]["org_id"] == "org-1"


def test_task_metrics_repeated_task_started_uses_first():
    stream = Stream("a1")
    stream.add("task_started", "t1")
    stream.add("task_started", "t1", after_ms=5_000)
    stream.add("option_selected", "t1", after_ms=1_000, option_id="t1-low")
    stream.add("task_completed", "t1", after_ms=100, option_id="t1-low")
    row = _metrics(stream, ["t1"])["t1"]
    assert row["time_to_final_decision_ms"] == 6_000


def test_task_metrics_duplicated_and_shuffled_events():
    stream = _rich_stream().decide("t2", "t2-high", 3_000)
    expected = _metrics(stream, ["t1", "t2"])
    events = stream.events + [dict(e) for e in stream.events[::2]]
    random.Random(11).shuffle(events)
    stream.events = events
    assert _metrics(stream, ["t1", "t2"]) == expected


def test_task_metrics_legacy_stream():
    stream = Stream("a1", legacy=True)
    stream.add("task_started", "t1")
    stream.add("option_selected", "t1", after_ms=1_500, option_id="t1-medium")
    stream.add("task_completed", "t1", after_ms=500, option_id="t1-medium", reasoning="")
    row = _metrics(stream, ["t1"])["t1"]
    assert row["time_to_first_selection_ms"] == 1_500
    assert row["final_risk_level"] == "medium"


def test_task_metrics_repeated_task_counted_once():
    stream = Stream("a1")
    stream.add("task_started", "t1", task_index=0)
    stream.add("option_selected", "t1", after_ms=1_000, option_id="t1-low")
    stream.add(
        "option_changed", "t1", after_ms=1_000, from_option_id="t1-low", to_option_id="t1-high"
    )
    stream.add("task_completed", "t1", after_ms=800, option_id="t1-high")
    stream.decide("t2", "t2-low", 1_000)
    tasks, options = tasks_to_frames([make_attempt("a1", ["t1", "t1", "t2"])])
    frame = compute_task_metrics(events_to_frame(stream.events), tasks, options)
    assert frame.get_column("task_id").to_list() == ["t1", "t2"]
    t1 = frame.row(0, named=True)
    assert t1["task_index"] == 0
    assert t1["flips"] == 1
    assert t1["total_time_ms"] == 2_800
    assert t1["final_risk_level"] == "high"


def test_task_frames_drop_repeated_task(caplog):
    tasks, options = tasks_to_frames([make_attempt("a1", ["t1", "t1", "t2"])])
    assert tasks.get_column("task_id").to_list() == ["t1", "t2"]
    assert tasks.get_column("task_index").to_list() == [0, 2]
    assert options.height == 6
    assert "repeats task t1 at index 1" in caplog.text


def test_task_metrics_change_to_same_option_no_flip():
    stream = Stream("a1")
    stream.add("task_started", "t1", task_index=0)
    stream.add("option_changed", "t1", after_ms=500, from_option_id="t1-low", to_option_id="t1-low")
    stream.add("task_completed", "t1", after_ms=500, option_id="t1-high")
    row = _metrics(stream, ["t1"])["t1"]
    assert row["flips"] == 0
    assert row["first_option_id"] == "t1-high"
    assert row["returned_to_first"] is False
    # The no-op change is not the first selection either: the completion is.
    assert row["time_to_first_selection_ms"] == 1_000


def _clock_stream(kind: str) -> Stream:
    """One task whose client timestamps break in the way `kind` names."""
    stream = Stream("a1")
    stream.add("task_started", "t1", task_index=0)
    if kind == "backwards":
        stream.add("option_selected", "t1", after_ms=-60_000, option_id="t1-low")
    elif kind == "span":
        stream.add("option_selected", "t1", after_ms=7 * 3_600_000, option_id="t1-low")
        stream.wait(-7 * 3_600_000)
    else:  # idle_exceeds_total: a 40 s gap forward, then the clock steps back.
        stream.add("option_viewed", "t1", after_ms=40_000, option_id="t1-high")
        stream.add("option_selected", "t1", after_ms=-39_000, option_id="t1-low")
    stream.add("task_completed", "t1", after_ms=100, option_id="t1-low")
    return stream


@pytest.mark.parametrize("kind", ["backwards", "span", "idle_exceeds_total"])
def test_task_metrics_implausible_clock_invalid(kind):
    row = _metrics(_clock_stream(kind), ["t1"])["t1"]
    assert row["timing_valid"] is False
    assert row["timing_issue"] == kind
    for name in ("total_time_ms", "active_time_ms", "idle_time_ms", "time_to_final_decision_ms"):
        assert row[name] is None, name
    assert row["fast_decision"] is False
    # Choices do not depend on the clock and are kept.
    assert row["answered"] is True
    assert row["final_option_id"] == "t1-low"


def test_task_metrics_small_clock_step_still_valid():
    stream = Stream("a1")
    stream.add("task_started", "t1", task_index=0)
    stream.add("option_selected", "t1", after_ms=-500, option_id="t1-low")
    stream.add("task_completed", "t1", after_ms=1_000, option_id="t1-low")
    row = _metrics(stream, ["t1"])["t1"]
    assert row["timing_valid"] is True
    assert row["timing_issue"] is None
    assert row["time_to_final_decision_ms"] == 0


def test_task_metrics_not_started_timing_zero():
    row = _metrics(Stream("a1").decide("t1", "t1-low", 1_000), ["t1", "t2"])["t2"]
    assert row["status"] == "not_started"
    assert row["timing_valid"] is True
    assert row["total_time_ms"] == 0
    assert row["idle_time_ms"] == 0
