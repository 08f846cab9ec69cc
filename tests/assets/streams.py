"""Builders of hand-made event streams and attempt documents for the analytics tests."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
RISKS = ("low", "medium", "high")


def make_task(task_id: str, *, reasoning_required: bool = True) -> dict[str, Any]:
    """Return a task snapshot with three options `<task_id>-low|medium|high`."""
    return {
        "id": task_id,
        "title": f"Task {task_id}",
        "reasoning_required": reasoning_required,
        "options": [
            {"id": f"{task_id}-{risk}", "text": f"{risk} option", "risk_level": risk}
            for risk in RISKS
        ],
    }


def make_attempt(attempt_id: str, task_ids: list[str], **fields: Any) -> dict[str, Any]:
    """Return a completed attempt document whose snapshot contains `task_ids` in order."""
    doc = {
        "id": attempt_id,
        "org_id": "org-1",
        "status": "completed",
        "task_ids": list(task_ids),
        "tasks": [make_task(task_id) for task_id in task_ids],
        "completed_at": T0 + dt.timedelta(hours=1),
    }
    doc.update(fields)
    return doc


class Stream:
    """Stored-shape events of one attempt, with `seq`, `server_seq` and client time."""

    def __init__(self, attempt_id: str, *, legacy: bool = False, start: dt.datetime = T0):
        self.attempt_id = attempt_id
        self.legacy = legacy
        self.now = start
        self.events: list[dict[str, Any]] = []

    def wait(self, ms: float) -> Stream:
        """Advance the client clock by `ms` milliseconds."""
        self.now += dt.timedelta(milliseconds=ms)
        return self

    def add(self, type_: str, task_id: str | None = None, after_ms: float = 0, **payload: Any):
        """Append one event `after_ms` after the previous one and return its document."""
        self.wait(after_ms)
        number = len(self.events) + 1
        event = {
            "attempt_id": self.attempt_id,
            "event_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.attempt_id}/{number}")),
            "type": type_,
            "task_id": task_id,
            "client_ts": self.now,
            "seq": None if self.legacy else number,
            "server_seq": number,
            "source": "legacy" if self.legacy else "hiremate",
            "schema_version": 1,
            "payload": payload,
            "received_at": self.now,
        }
        self.events.append(event)
        return event

    def decide(self, task_id: str, option_id: str, decide_ms: float, text: str = "") -> Stream:
        """Add a start, one selection after `decide_ms` and a completion 100 ms later."""
        self.add("task_started", task_id, after_ms=10)
        self.add("option_selected", task_id, after_ms=decide_ms, option_id=option_id)
        self.add("task_completed", task_id, after_ms=100, option_id=option_id, reasoning=text)
        return self


def trial_stream(attempt_id: str, task_ids: list[str], trials: list[tuple[bool, float]]) -> Stream:
    """Build a session where each `(risky, rt_ms)` trial decides one task.

    A safe trial picks the task's lowest-risk option and a risky one its highest-risk
    option, `rt_ms` after the task starts. No reasoning text is written.
    """
    stream = Stream(attempt_id)
    for task_id, (risky, rt_ms) in zip(task_ids, trials, strict=False):
        stream.decide(task_id, f"{task_id}-{'high' if risky else 'low'}", rt_ms)
    return stream


STORE_FIELDS = ("attempt_id", "server_seq", "received_at")


def store_attempt(store: Any, attempt: dict[str, Any], stream: Stream | None = None) -> None:
    """Insert `attempt` and append the stream's events the way the collector does."""
    store.insert("attempts", attempt)
    if stream is not None:
        events = [{k: v for k, v in e.items() if k not in STORE_FIELDS} for e in stream.events]
        store.append_events(attempt["id"], events)


def compute_all(events: list[dict[str, Any]], attempts: list[dict[str, Any]], **kwargs: Any):
    """Run the whole polars chain and return `(task_metrics, attempt_metrics, profiles)`."""
    from assets.attempt_metrics import compute_attempt_metrics
    from assets.frames import events_to_frame, tasks_to_frames
    from assets.profiles import build_profiles
    from assets.task_metrics import compute_task_metrics

    rules_version = kwargs.pop("rules_version", None)
    frame = events_to_frame(events)
    tasks, options = tasks_to_frames(attempts)
    task_metrics = compute_task_metrics(frame, tasks, options, **kwargs)
    attempt_metrics = compute_attempt_metrics(task_metrics, frame)
    return task_metrics, attempt_metrics, build_profiles(attempt_metrics, rules_version)
