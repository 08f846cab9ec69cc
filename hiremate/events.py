"""Behavior event contract, schema version 1, and the mapping of the legacy frontend's events.

An event is validated against the model of its `type` (a discriminated union) and turned
into the document that `Store.append_events` stores. Events in the legacy frontend's
envelope (`{"type": "event", "event_type", "task_id", "payload", "client_timestamp"}`)
carry no `event_id` or `seq`. `map_legacy_event` gives them a server-made id, `seq` None
and `source` "legacy". It also renames their payload fields onto the version 1 payloads.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    TypeAdapter,
    ValidationError,
)

SCHEMA_VERSION = 1
TASK_SCOPED_PREFIXES = ("task_", "option_", "reasoning_")
MAX_TEXT_CHARS = 20_000
MAX_ID_CHARS = 200

# Integers must fit a signed 64-bit column (SQLite INTEGER, BSON int64).
INT64_MAX = 2**63 - 1

Count = Annotated[int, Strict(), Field(ge=0, le=INT64_MAX)]
Seq = Annotated[int, Strict(), Field(ge=1, le=INT64_MAX)]


def _timestamp_text(value: Any) -> Any:
    """Accept timestamps only as ISO 8601 text (or datetimes built in code), never numbers."""
    if isinstance(value, str | datetime):
        return value
    raise ValueError("must be an ISO 8601 string with a time zone, e.g. 2026-01-15T09:30:12Z")


def _to_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError(
            "date is out of range once converted to UTC; send a time between years 1 and 9999"
        ) from None


ClientTimestamp = Annotated[
    AwareDatetime, BeforeValidator(_timestamp_text), AfterValidator(_to_utc)
]
OptionId = Annotated[str, Field(min_length=1, max_length=MAX_ID_CHARS)]


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EmptyPayload(_Payload):
    """Payload of the types that carry no fields."""


class TaskStartedPayload(_Payload):
    task_index: Count


class OptionViewedPayload(_Payload):
    option_id: OptionId
    dwell_ms: Count


class OptionSelectedPayload(_Payload):
    option_id: OptionId


class OptionChangedPayload(_Payload):
    from_option_id: OptionId
    to_option_id: OptionId


class ReasoningUpdatedPayload(_Payload):
    chars: Count
    words: Count
    deleted_chars: Count


class ReasoningSubmittedPayload(_Payload):
    text: Annotated[str, Field(max_length=MAX_TEXT_CHARS)]


class TaskCompletedPayload(_Payload):
    option_id: OptionId
    reasoning: Annotated[str, Field(max_length=MAX_TEXT_CHARS)] = ""


class IdleDetectedPayload(_Payload):
    idle_ms: Count


class ClipboardPayload(_Payload):
    chars: Count
    target: Literal["reasoning", "scenario"]


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: uuid.UUID
    seq: Seq
    client_ts: ClientTimestamp
    schema_version: Literal[1] = SCHEMA_VERSION
    task_id: Annotated[str, Field(min_length=1, max_length=MAX_ID_CHARS)] | None = None


class _TaskEvent(_Event):
    task_id: Annotated[str, Field(min_length=1, max_length=MAX_ID_CHARS)]


def _event_model(name: str, event_type: str, payload: type[_Payload]) -> type[_Event]:
    base = _TaskEvent if event_type.startswith(TASK_SCOPED_PREFIXES) else _Event
    annotations = {"type": Literal[event_type], "payload": payload}
    namespace: dict[str, Any] = {"__annotations__": annotations, "__module__": __name__}
    if payload is EmptyPayload:
        namespace["payload"] = Field(default_factory=EmptyPayload)
    return type(name, (base,), namespace)


# One model per event type, in the order of the contract table.
PAYLOADS: dict[str, type[_Payload]] = {
    "task_started": TaskStartedPayload,
    "option_viewed": OptionViewedPayload,
    "option_selected": OptionSelectedPayload,
    "option_changed": OptionChangedPayload,
    "reasoning_started": EmptyPayload,
    "reasoning_updated": ReasoningUpdatedPayload,
    "reasoning_submitted": ReasoningSubmittedPayload,
    "task_completed": TaskCompletedPayload,
    "task_skipped": EmptyPayload,
    "idle_detected": IdleDetectedPayload,
    "focus_lost": EmptyPayload,
    "focus_gained": EmptyPayload,
    "visibility_hidden": EmptyPayload,
    "visibility_visible": EmptyPayload,
    "network_offline": EmptyPayload,
    "network_online": EmptyPayload,
    "paste_detected": ClipboardPayload,
    "copy_detected": ClipboardPayload,
}
EVENT_TYPES = tuple(PAYLOADS)
EVENT_MODELS = {
    event_type: _event_model("".join(p.title() for p in event_type.split("_")), event_type, model)
    for event_type, model in PAYLOADS.items()
}
Event = Annotated[Union[tuple(EVENT_MODELS.values())], Field(discriminator="type")]  # noqa: UP007
EVENT_ADAPTER: TypeAdapter[Any] = TypeAdapter(Event)


class EventError(ValueError):
    """An event that does not fit the contract; the message names the field and the fix."""


@dataclass(frozen=True)
class TaskRef:
    """Facts about one task of an attempt that the event checks use."""

    index: int
    option_ids: tuple[str, ...]


def task_refs(tasks: Sequence[Mapping[str, Any]]) -> dict[str, TaskRef]:
    """Index an attempt's task snapshots by task id."""
    return {
        str(task["id"]): TaskRef(index, tuple(str(o["id"]) for o in task.get("options", [])))
        for index, task in enumerate(tasks)
    }


def describe_validation_error(exc: ValidationError, prefix: str = "") -> str:
    """Turn a pydantic error into one line: `field: problem` for up to three errors."""
    parts = []
    for error in exc.errors(include_url=False)[:3]:
        loc = list(error["loc"])
        if error["type"] == "union_tag_invalid":
            parts.append(
                f"{prefix}type: unknown event type; expected one of {', '.join(EVENT_TYPES)}"
            )
            continue
        if error["type"] == "union_tag_not_found":
            parts.append(f"{prefix}type: missing; expected one of {', '.join(EVENT_TYPES)}")
            continue
        if loc and loc[0] in EVENT_MODELS:
            loc = loc[1:]
        field = ".".join(str(part) for part in loc) or "event"
        parts.append(f"{prefix}{field}: {error['msg']}")
    return "; ".join(parts)


def validate_event(raw: Any, tasks: Mapping[str, TaskRef]) -> dict[str, Any]:
    """Validate one event in either shape and return the document to append.

    Raises:
        EventError: the event does not fit its type, or names a task or option that is
            not part of the attempt.
    """
    if isinstance(raw, Mapping) and "event_type" in raw:
        raw = map_legacy_event(raw, tasks)
        source = "legacy"
    else:
        source = "hiremate"
    try:
        event = EVENT_ADAPTER.validate_python(raw)
    except ValidationError as exc:
        message = describe_validation_error(exc)
        if source == "legacy":
            message = message.replace("client_ts:", "client_timestamp:")
        raise EventError(message) from None
    _check_references(event, tasks)
    return {
        "event_id": str(event.event_id),
        "type": event.type,
        "task_id": event.task_id,
        "client_ts": event.client_ts,
        # Legacy events are validated with a placeholder `seq` because they have no client counter.
        "seq": None if source == "legacy" else event.seq,
        "payload": event.payload.model_dump(),
        "schema_version": SCHEMA_VERSION,
        "source": source,
    }


def _check_references(event: Any, tasks: Mapping[str, TaskRef]) -> None:
    if event.task_id is None:
        return
    ref = tasks.get(event.task_id)
    if ref is None:
        raise EventError("task_id: not a task of this assessment; use the id from the task view")
    if event.type == "task_started" and event.payload.task_index != ref.index:
        raise EventError(
            f"payload.task_index: task {event.task_id} is at index {ref.index} of this "
            f"assessment, not {event.payload.task_index}; send its position from 0"
        )
    for name in ("option_id", "from_option_id", "to_option_id"):
        value = getattr(event.payload, name, None)
        if value is not None and value not in ref.option_ids:
            raise EventError(
                f"payload.{name}: {value!r} is not an option of task {event.task_id}; "
                f"expected one of {', '.join(ref.option_ids)}"
            )


# Legacy event types whose payload fields differ from version 1, and how to rename them.
LEGACY_CLIPBOARD_TARGETS = {
    "reasoning": "reasoning",
    "question_text": "scenario",
    "scenario": "scenario",
}


def map_legacy_event(raw: Mapping[str, Any], tasks: Mapping[str, TaskRef]) -> dict[str, Any]:
    """Map an event in the legacy frontend's envelope onto a version 1 event dict.

    The server makes the `event_id` (unless the client sent one), option indexes become
    option ids through the attempt's task snapshot, and payload fields that version 1 does
    not define (client-side timings, text previews) are dropped.

    Raises:
        EventError: the envelope or a field the mapping needs is missing or invalid.
    """
    event_type = raw.get("event_type")
    if event_type not in PAYLOADS:
        raise EventError(
            f"event_type: unknown event type; expected one of {', '.join(EVENT_TYPES)}"
        )
    payload = raw.get("payload") or {}
    if not isinstance(payload, Mapping):
        raise EventError("payload: Input should be an object")
    task_id = raw.get("task_id")
    ref = tasks.get(task_id) if isinstance(task_id, str) else None
    mapper = _LEGACY_PAYLOAD_MAPPERS.get(event_type)
    if mapper is not None:
        mapped = mapper(payload, ref)
    elif PAYLOADS[event_type] is EmptyPayload:
        mapped = {}
    else:
        mapped = dict(payload)
    return {
        "event_id": raw.get("event_id") or str(uuid.uuid4()),
        "type": event_type,
        "task_id": task_id,
        "client_ts": raw.get("client_timestamp", raw.get("client_ts")),
        "seq": 1,
        "payload": mapped,
        "schema_version": SCHEMA_VERSION,
    }


def _option_at(ref: TaskRef | None, payload: Mapping[str, Any], field: str) -> Any:
    """Return the option id at `payload[field]` (an index into the task's options)."""
    index = payload.get(field)
    if ref is None:
        raise EventError("task_id: not a task of this assessment; use the id from the task view")
    if isinstance(index, bool) or not isinstance(index, int):
        raise EventError(f"payload.{field}: missing or not an integer option index")
    if not 0 <= index < len(ref.option_ids):
        raise EventError(
            f"payload.{field}: option index {index} is out of range; "
            f"the task has {len(ref.option_ids)} options"
        )
    return ref.option_ids[index]


def _legacy_task_started(payload: Mapping[str, Any], ref: TaskRef | None) -> dict[str, Any]:
    # The attempt's task list fixes the position, so the legacy client's own count is ignored.
    if ref is None:
        raise EventError("task_id: not a task of this assessment; use the id from the task view")
    return {"task_index": ref.index}


def _legacy_option_selected(payload: Mapping[str, Any], ref: TaskRef | None) -> dict[str, Any]:
    option_id = payload.get("option_id") or _option_at(ref, payload, "option_index")
    return {"option_id": option_id}


def _legacy_option_changed(payload: Mapping[str, Any], ref: TaskRef | None) -> dict[str, Any]:
    if "from_option_id" in payload:
        return dict(payload)
    return {
        "from_option_id": _option_at(ref, payload, "previous_option_index"),
        "to_option_id": payload.get("option_id") or _option_at(ref, payload, "new_option_index"),
    }


def _legacy_task_completed(payload: Mapping[str, Any], ref: TaskRef | None) -> dict[str, Any]:
    option_id = payload.get("selected_option_id") or payload.get("option_id")
    if not option_id:
        option_id = _option_at(ref, payload, "selected_option_index")
    return {"option_id": option_id, "reasoning": payload.get("reasoning") or ""}


def _legacy_idle_detected(payload: Mapping[str, Any], ref: TaskRef | None) -> dict[str, Any]:
    return {"idle_ms": payload.get("idle_duration_ms", payload.get("idle_ms"))}


def _legacy_clipboard(payload: Mapping[str, Any], ref: TaskRef | None) -> dict[str, Any]:
    source = payload.get("source", payload.get("target"))
    return {
        "chars": payload.get("char_count", payload.get("chars")),
        "target": LEGACY_CLIPBOARD_TARGETS.get(source, source),
    }


_LEGACY_PAYLOAD_MAPPERS = {
    "task_started": _legacy_task_started,
    "option_selected": _legacy_option_selected,
    "option_changed": _legacy_option_changed,
    "task_completed": _legacy_task_completed,
    "idle_detected": _legacy_idle_detected,
    "paste_detected": _legacy_clipboard,
    "copy_detected": _legacy_clipboard,
}
