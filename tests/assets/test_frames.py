"""Tests of the event and task frames."""

from __future__ import annotations

import random

import polars as pl
import pytest

from assets.frames import EVENT_SCHEMA, events_to_frame, tasks_to_frames
from tests.assets.streams import Stream, make_attempt


def _stream() -> Stream:
    stream = Stream("a1")
    stream.add("task_started", "t1", task_index=0)
    stream.add("option_viewed", "t1", after_ms=500, option_id="t1-low", dwell_ms=400)
    stream.add("option_selected", "t1", after_ms=500, option_id="t1-low")
    stream.add("task_completed", "t1", after_ms=500, option_id="t1-low", reasoning="ok")
    return stream


def test_events_to_frame_flattens_payload():
    frame = events_to_frame(_stream().events)
    assert frame.columns == [*EVENT_SCHEMA, "position"]
    assert frame.get_column("option_id").to_list() == [None, "t1-low", "t1-low", "t1-low"]
    assert frame.get_column("reasoning").to_list()[-1] == "ok"
    assert frame.schema["client_ts"] == pl.Datetime("us", "UTC")


def test_events_to_frame_orders_by_seq():
    events = _stream().events
    # The client numbered events 1..4, but the server received the last one first.
    for event, server_seq in zip(events, [2, 3, 4, 1], strict=True):
        event["server_seq"] = server_seq
    frame = events_to_frame(list(reversed(events)))
    assert frame.get_column("seq").to_list() == [1, 2, 3, 4]
    assert frame.get_column("position").to_list() == [0, 1, 2, 3]


def test_events_to_frame_orders_legacy_events():
    stream = Stream("a1", legacy=True)
    stream.add("task_started", "t1")
    stream.add("task_completed", "t1", after_ms=900, option_id="t1-low")
    frame = events_to_frame(list(reversed(stream.events)))
    assert frame.get_column("seq").null_count() == 2
    assert frame.get_column("type").to_list() == ["task_started", "task_completed"]


def test_events_to_frame_drops_repeated_event_ids():
    events = _stream().events
    shuffled = events + [dict(events[1]), dict(events[3])]
    random.Random(3).shuffle(shuffled)
    assert events_to_frame(shuffled).equals(events_to_frame(events))


def test_events_to_frame_empty():
    frame = events_to_frame([])
    assert frame.height == 0
    assert "option_id" in frame.columns


def test_events_to_frame_rejects_missing_client_ts():
    events = _stream().events
    events[2]["client_ts"] = None
    with pytest.raises(ValueError, match="client_ts"):
        events_to_frame(events)


def test_events_to_frame_rejects_text_timestamp():
    events = _stream().events
    events[0]["client_ts"] = "yesterday"
    with pytest.raises(ValueError, match="event documents do not fit"):
        events_to_frame(events)


def test_tasks_to_frames_keeps_snapshot_order():
    tasks, options = tasks_to_frames([make_attempt("a1", ["t9", "t2"])])
    assert tasks.get_column("task_id").to_list() == ["t9", "t2"]
    assert tasks.get_column("task_index").to_list() == [0, 1]
    assert options.height == 6
    assert set(options.get_column("risk_level")) == {"low", "medium", "high"}


def test_tasks_to_frames_rejects_attempt_without_id():
    with pytest.raises(ValueError, match="no 'id'"):
        tasks_to_frames([{"tasks": []}])
