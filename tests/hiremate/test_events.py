"""The event contract: per-type validation and the mapping of legacy events."""

from __future__ import annotations

import uuid

import pytest

from hiremate.events import EVENT_TYPES, EventError, task_refs, validate_event

TASKS = task_refs([{"id": "t1", "options": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}])


def _event(event_type: str, task_id: str | None = "t1", **payload: object) -> dict:
    return {
        "event_id": str(uuid.uuid4()),
        "type": event_type,
        "task_id": task_id,
        "client_ts": "2026-01-15T09:30:12.345+02:00",
        "seq": 1,
        "payload": payload,
        "schema_version": 1,
    }


def _legacy(event_type: str, **payload: object) -> dict:
    return {
        "type": "event",
        "event_type": event_type,
        "task_id": "t1",
        "payload": payload,
        "client_timestamp": "2026-01-15T09:30:12.345Z",
    }


VALID_PAYLOADS = {
    "task_started": {"task_index": 0},
    "option_viewed": {"option_id": "a", "dwell_ms": 120},
    "option_selected": {"option_id": "b"},
    "option_changed": {"from_option_id": "a", "to_option_id": "c"},
    "reasoning_updated": {"chars": 10, "words": 2, "deleted_chars": 0},
    "reasoning_submitted": {"text": "Because it is safer."},
    "task_completed": {"option_id": "a", "reasoning": ""},
    "idle_detected": {"idle_ms": 30000},
    "paste_detected": {"chars": 5, "target": "reasoning"},
    "copy_detected": {"chars": 9, "target": "scenario"},
}


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_events_every_type_validates(event_type: str) -> None:
    doc = validate_event(_event(event_type, **VALID_PAYLOADS.get(event_type, {})), TASKS)
    assert doc["type"] == event_type
    assert doc["source"] == "hiremate"
    assert doc["client_ts"].utcoffset().total_seconds() == 0
    assert doc["client_ts"].hour == 7


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (_event("option_selected"), "payload.option_id: Field required"),
        (_event("option_selected", option_id="z"), "payload.option_id: 'z' is not an option"),
        (_event("task_started", None, task_index=0), "task_id:"),  # task types need a task
        (_event("task_started", "t9", task_index=0), "task_id: not a task"),
        (_event("focus_lost", extra=1), "payload.extra: Extra inputs"),
        (_event("teleported"), "type: unknown event type"),
        ({**_event("focus_lost"), "seq": 0}, "seq:"),
        ({**_event("focus_lost"), "event_id": "nope"}, "event_id:"),
        ({**_event("focus_lost"), "client_ts": "2026-01-15T09:30:12"}, "client_ts:"),
        ({**_event("focus_lost"), "schema_version": 2}, "schema_version:"),
        (_event("paste_detected", chars=1, target="clipboard"), "payload.target:"),
        (_event("idle_detected", idle_ms=-1), "payload.idle_ms:"),
    ],
)
def test_events_invalid_names_field(event: dict, message: str) -> None:
    with pytest.raises(EventError, match="^" + message.replace("(", r"\(")):
        validate_event(event, TASKS)


@pytest.mark.parametrize(
    ("legacy", "payload"),
    [
        (_legacy("task_started"), {"task_index": 0}),
        (_legacy("option_selected", option_index=1, option_id="b"), {"option_id": "b"}),
        (_legacy("option_selected", option_index=2), {"option_id": "c"}),
        (
            _legacy("option_changed", previous_option_index=0, new_option_index=2, option_id="c"),
            {"from_option_id": "a", "to_option_id": "c"},
        ),
        (
            _legacy(
                "task_completed",
                selected_option_index=1,
                selected_option_id="b",
                reasoning="Long enough reasoning text.",
                time_spent_seconds=3.5,
                hesitation_seconds=1.0,
                option_changes=0,
            ),
            {"option_id": "b", "reasoning": "Long enough reasoning text."},
        ),
        (_legacy("task_skipped", time_spent_seconds=2.0, had_selection=False), {}),
        (_legacy("focus_lost", trigger="tab_switch"), {}),
        (_legacy("idle_detected", idle_duration_ms=30000), {"idle_ms": 30000}),
        (
            _legacy("paste_detected", char_count=7, source="reasoning", text_preview="x"),
            {"chars": 7, "target": "reasoning"},
        ),
        (
            _legacy("copy_detected", char_count=8, source="question_text", text_preview="y"),
            {"chars": 8, "target": "scenario"},
        ),
    ],
)
def test_events_legacy_mapping(legacy: dict, payload: dict) -> None:
    doc = validate_event(legacy, TASKS)
    assert doc["payload"] == payload
    assert doc["source"] == "legacy"
    assert doc["seq"] is None
    assert uuid.UUID(doc["event_id"])


@pytest.mark.parametrize(
    ("legacy", "message"),
    [
        (_legacy("option_selected", option_index=5), "payload.option_index: option index 5"),
        (_legacy("option_changed", new_option_index=1), "payload.previous_option_index:"),
        (_legacy("task_completed", reasoning="no option"), "payload.selected_option_index:"),
        (_legacy("levitate"), "event_type: unknown event type"),
        ({**_legacy("focus_lost"), "client_timestamp": None}, "client_timestamp:"),
    ],
)
def test_events_legacy_invalid_names_field(legacy: dict, message: str) -> None:
    with pytest.raises(EventError, match="^" + message):
        validate_event(legacy, TASKS)


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({**_event("focus_lost"), "seq": 2**70}, "seq: Input should be less than or equal to"),
        (_event("option_viewed", option_id="a", dwell_ms=10**30), "payload.dwell_ms: Input"),
        (_event("idle_detected", idle_ms=2**63), "payload.idle_ms: Input should be less"),
        (_event("reasoning_updated", chars=1, words=1, deleted_chars=2**64), "payload.deleted"),
        (
            {**_event("focus_lost"), "client_ts": "0001-01-01T00:00:00+14:00"},
            "client_ts: Value error, date is out of range",
        ),
    ],
)
def test_events_out_of_range_rejected(event: dict, message: str) -> None:
    with pytest.raises(EventError, match="^" + message):
        validate_event(event, TASKS)


def test_events_largest_int64_accepted() -> None:
    doc = validate_event({**_event("focus_lost"), "seq": 2**63 - 1}, TASKS)
    assert doc["seq"] == 2**63 - 1


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (_event("option_viewed", option_id="a", dwell_ms=True), "payload.dwell_ms: Input should"),
        (_event("option_viewed", option_id="a", dwell_ms="100"), "payload.dwell_ms: Input should"),
        ({**_event("focus_lost"), "seq": "2"}, "seq: Input should be a valid integer"),
        ({**_event("focus_lost"), "seq": True}, "seq: Input should be a valid integer"),
        ({**_event("focus_lost"), "client_ts": 1733300000}, "client_ts: Value error, must be"),
        (_event("task_started", task_index="0"), "payload.task_index: Input should"),
    ],
)
def test_events_wrong_json_type_rejected(event: dict, message: str) -> None:
    with pytest.raises(EventError, match="^" + message):
        validate_event(event, TASKS)


def test_events_task_index_must_match_task_position() -> None:
    refs = task_refs([{"id": "t1", "options": []}, {"id": "t2", "options": []}])
    assert validate_event(_event("task_started", "t2", task_index=1), refs)["payload"] == {
        "task_index": 1
    }
    for wrong in (0, 3, 99):
        with pytest.raises(EventError, match="^payload.task_index: task t2 is at index 1"):
            validate_event(_event("task_started", "t2", task_index=wrong), refs)


def test_events_legacy_task_index_taken_from_task() -> None:
    refs = task_refs([{"id": "t0", "options": []}, {"id": "t1", "options": []}])
    doc = validate_event(_legacy("task_started", task_index=7), refs)
    assert doc["payload"] == {"task_index": 1}
