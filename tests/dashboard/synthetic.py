"""A synthetic attempt in the collector's response shapes, sized by its event count."""

from __future__ import annotations

import datetime as dt
import uuid

from dashboard.loaders import AttemptDetail

START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
OPTION_IDS = ("a", "b", "c")
RISKS = ("low", "medium", "high")
LABELS = {
    "thinking_style": "Analytical",
    "decision_speed": "Moderate",
    "decision_consistency": "Steady",
    "risk_orientation": "Balanced",
    "communication_depth": "Detailed",
    "communication_structure": "Structured",
}


def _task(index: int) -> dict:
    return {
        "id": f"task-{index}",
        "title": f"Task {index}",
        "scenario": "A supplier misses a deadline.",
        "options": [
            {"id": option_id, "text": f"Option {option_id}", "risk_level": risk}
            for option_id, risk in zip(OPTION_IDS, RISKS, strict=True)
        ],
    }


def _event(seq: int, kind: str, task_id: str | None, at: dt.datetime, payload: dict) -> dict:
    return {
        "event_id": str(uuid.uuid4()),
        "server_seq": seq,
        "type": kind,
        "task_id": task_id,
        "client_ts": at.isoformat(),
        "received_at": at.isoformat(),
        "payload": payload,
    }


def build_attempt_detail(event_count: int = 2000, task_count: int = 5) -> AttemptDetail:
    """Build an attempt whose events spread evenly over its tasks, with metrics and a profile."""
    tasks = [_task(index) for index in range(1, task_count + 1)]
    per_task = max(4, event_count // task_count)
    events = []
    at = START
    for task_index, task in enumerate(tasks):
        events.append(_event(len(events) + 1, "task_started", task["id"], at, {"task_index": 0}))
        for step in range(per_task - 3):
            at += dt.timedelta(milliseconds=700)
            option_id = OPTION_IDS[step % 3]
            if step % 50 == 10:
                events.append(
                    _event(len(events) + 1, "paste_detected", task["id"], at, {"chars": 12})
                )
            else:
                payload = {"option_id": option_id, "dwell_ms": 600}
                events.append(_event(len(events) + 1, "option_viewed", task["id"], at, payload))
        at += dt.timedelta(seconds=2)
        selected = {"option_id": OPTION_IDS[task_index % 3]}
        events.append(_event(len(events) + 1, "option_selected", task["id"], at, selected))
        at += dt.timedelta(seconds=3)
        done = {"option_id": OPTION_IDS[task_index % 3], "reasoning": "Because it is safer."}
        events.append(_event(len(events) + 1, "task_completed", task["id"], at, done))

    attempt = {
        "id": "attempt-synthetic",
        "status": "completed",
        "candidate_info": {"name": "Ada Example", "email": "ada@example.com", "position": "PM"},
        "task_ids": [task["id"] for task in tasks],
        "tasks": tasks,
        "created_at": START.isoformat(),
        "started_at": START.isoformat(),
        "completed_at": at.isoformat(),
    }

    metrics = {
        "per_task": [
            {
                "task_id": task["id"],
                "total_time_ms": 60_000.0,
                "active_time_ms": 45_000.0,
                "idle_time_ms": 15_000.0,
                "flips": 1,
                "final_risk_level": RISKS[index % 3],
            }
            for index, task in enumerate(tasks)
        ],
        "overall": {"risk_low_count": 2, "risk_medium_count": 2, "risk_high_count": 1},
    }

    profile = {
        field: {
            "label": label,
            "explanation": f"{label} because of the metrics.",
            "evidence": [{"text": "median decision time 12 s", "threshold": 10}],
            "confidence": 0.8,
        }
        for field, label in LABELS.items()
    }
    skills = {
        **profile,
        "version": 2,
        "rules_version": "2026.1",
        "run_id": "run-2",
        "history": [
            {**profile, "version": 1, "rules_version": "2025.4", "run_id": "run-1"},
            {**profile, "version": 2, "rules_version": "2026.1", "run_id": "run-2"},
        ],
    }
    summary = {"count": 9, "p10": 20_000.0, "p25": 40_000.0, "p50": 55_000.0}
    summary |= {"p75": 70_000.0, "p90": 120_000.0}
    populations = {
        task["id"]: {
            "task_id": task["id"],
            "attempt_count": 9,
            "sufficient": True,
            "metrics": {"total_time_ms": summary, "flips": {**summary, "count": 0}},
        }
        for task in tasks
    }
    return AttemptDetail(attempt, events, metrics, skills, populations)
