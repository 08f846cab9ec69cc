"""The baseline for the scoring benchmark: the same metrics in a plain per-attempt Python loop.

It follows the definitions of `assets.task_metrics` and `assets.attempt_metrics` for
attempts whose tasks each start with `task_started` and end with `task_completed`, which
is what `bench.synthetic` generates. It computes task and attempt metrics, not profiles.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from assets.task_events import INTERACTION_TYPES
from assets.task_events import SELECTION_TYPES as SELECTION_EVENT_TYPES
from assets.task_metrics import INTEGRITY_TYPES, RISK_VALUES
from assets.text import (
    CONNECTORS,
    DEPTH_CONNECTORS_FULL,
    DEPTH_MARKERS_FULL,
    DEPTH_WEIGHTS,
    DEPTH_WORDS_FULL,
    LIST_ITEM_PATTERN,
    ORDINALS,
)

# Python's `re` has no \p{L} or \p{N}; `[^\W_]` is the same set of letters and digits.
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
CONNECTOR = re.compile(r"(?i)\b(?:" + "|".join(c.replace(" ", r"\s+") for c in CONNECTORS) + r")\b")
LIST_ITEM = re.compile(LIST_ITEM_PATTERN)
ORDINAL = re.compile(r"(?i)\b(?:" + "|".join(o.replace(" ", r"\s+") for o in ORDINALS) + r")\b")
MS = dt.timedelta(milliseconds=1)
# The same event-type lists as the polars code, so the two definitions cannot drift apart.
SELECTION_TYPES = frozenset(SELECTION_EVENT_TYPES)
INTERACTIONS = frozenset(INTERACTION_TYPES)


def _ms(later: dt.datetime, earlier: dt.datetime) -> float:
    return float(max((later - earlier) // MS, 0))


def _optional_ms(later: dt.datetime | None, earlier: dt.datetime) -> float | None:
    return None if later is None else _ms(later, earlier)


def _depth(words: int, connectors: int, markers: int) -> float | None:
    if words <= 0:
        return None
    w_words, w_connectors, w_markers = DEPTH_WEIGHTS
    score = (
        w_words * min(words / DEPTH_WORDS_FULL, 1.0)
        + w_connectors * min(connectors / DEPTH_CONNECTORS_FULL, 1.0)
        + w_markers * min(markers / DEPTH_MARKERS_FULL, 1.0)
    )
    return round(score, 4)


def _selected_option(event: Mapping[str, Any]) -> str | None:
    kind = event["type"]
    if kind == "option_changed":
        return event.get("to_option_id") or event.get("option_id")
    if kind in ("option_selected", "task_completed"):
        return event.get("option_id")
    return None


def task_metrics(
    events: Sequence[Mapping[str, Any]], risks: Mapping[str, str], idle_gap_ms: int
) -> dict[str, Any]:
    """Compute one task's metrics from its events in order."""
    start = events[0]["client_ts"]
    end = events[-1]["client_ts"]
    idle_time = 0.0
    idle_periods = hovers = flips = revisions = 0
    hover_time = 0.0
    explored: set[str] = set()
    first_interaction = first_selection = last_selection_ts = completed_ts = None
    last_selection = completed_option = first_option = previous = None
    completed_text = submitted_text = None

    for index, event in enumerate(events):
        kind = event["type"]
        ts = event["client_ts"]
        if index:
            gap = _ms(ts, events[index - 1]["client_ts"])
            if gap > idle_gap_ms:
                idle_time += gap
                idle_periods += 1
        if kind == "option_viewed":
            hovers += 1
            if index + 1 < len(events):
                following = _ms(events[index + 1]["client_ts"], ts)
                if following <= idle_gap_ms:
                    hover_time += following
        for field in ("option_id", "to_option_id", "from_option_id"):
            if event.get(field) is not None:
                explored.add(event[field])
        if first_interaction is None and kind in INTERACTIONS:
            first_interaction = ts
        selected = _selected_option(event)
        if selected is not None:
            if first_option is None:
                first_option = selected
            if previous is not None and selected != previous:
                flips += 1
            previous = selected
        if kind in SELECTION_TYPES:
            first_selection = first_selection or ts
            last_selection_ts = ts
            last_selection = selected
        if kind == "task_completed":
            completed_ts = ts
            completed_option = event.get("option_id")
            text = (event.get("reasoning") or "").strip()
            if text:
                completed_text = text
        elif kind == "reasoning_submitted":
            submitted_text = event.get("text")
        elif kind == "reasoning_updated" and (event.get("deleted_chars") or 0) > 0:
            revisions += 1

    final = completed_option or last_selection
    answered = completed_ts is not None and final is not None
    # The decision time is the last selection when it is the final choice, else completion.
    decided_at = last_selection_ts if last_selection == final else completed_ts or last_selection_ts
    text = completed_text or submitted_text or ""
    words = sum(1 for _ in WORD.finditer(text))
    connectors = sum(1 for _ in CONNECTOR.finditer(text))
    markers = sum(1 for _ in LIST_ITEM.finditer(text)) + sum(1 for _ in ORDINAL.finditer(text))

    total = _ms(end, start)
    risk = risks.get(final) if final is not None else None
    integrity = {flag: 0 for flag in INTEGRITY_TYPES.values()}
    for event in events:
        flag = INTEGRITY_TYPES.get(event["type"])
        if flag:
            integrity[flag] += 1
    return {
        "task_id": events[0]["task_id"],
        "answered": answered,
        "event_count": len(events),
        "total_time_ms": total,
        "idle_time_ms": idle_time,
        "active_time_ms": max(total - idle_time, 0.0),
        "idle_period_count": idle_periods,
        "initiation_time_ms": _optional_ms(first_interaction, start),
        "time_to_first_selection_ms": _optional_ms(first_selection or completed_ts, start),
        "time_to_final_decision_ms": _ms(decided_at, start) if answered else None,
        "hover_count": hovers,
        "hover_time_ms": hover_time,
        "options_explored": len(explored),
        "flips": flips,
        "final_option_id": final,
        "returned_to_first": answered and flips > 0 and final == first_option,
        "risk_value": RISK_VALUES.get(risk) if risk else None,
        "reasoning_word_count": words,
        "connector_count": connectors,
        "structure_marker_count": markers,
        "revision_count": revisions,
        "reasoning_depth_score": _depth(words, connectors, markers),
        **{f"{flag}_count": count for flag, count in integrity.items()},
    }


def attempt_metrics(attempt_id: str, tasks: Sequence[dict[str, Any]], event_count: int) -> dict:
    """Aggregate one attempt's task metrics."""
    answered = [task for task in tasks if task["answered"]]
    decisions = [task["time_to_final_decision_ms"] for task in answered]
    mean = statistics.fmean(decisions) if decisions else None
    std = statistics.stdev(decisions) if len(decisions) > 1 else None
    cv = None
    if mean is not None and mean > 0 and std is not None:
        cv = std / mean
    risks = [task["risk_value"] for task in answered if task["risk_value"] is not None]
    reasoned = [task for task in tasks if task["reasoning_word_count"] > 0]
    depths = [task["reasoning_depth_score"] for task in reasoned]
    return {
        "attempt_id": attempt_id,
        "task_count": len(tasks),
        "tasks_answered": len(answered),
        "event_count": event_count,
        "total_time_ms": sum(task["total_time_ms"] for task in tasks),
        "idle_time_ms": sum(task["idle_time_ms"] for task in tasks),
        "total_flips": sum(task["flips"] for task in tasks),
        "median_decision_time_ms": statistics.median(decisions) if decisions else None,
        "mean_decision_time_ms": mean,
        "decision_time_std_ms": std,
        "decision_consistency_score": None if cv is None else 1.0 - min(cv, 1.0),
        "risk_preference_score": statistics.fmean(risks) if risks else None,
        "total_reasoning_words": sum(task["reasoning_word_count"] for task in reasoned),
        "mean_reasoning_depth_score": statistics.fmean(depths) if depths else None,
    }


def score_attempt(
    attempt: Mapping[str, Any], events: Sequence[Mapping[str, Any]], idle_gap_ms: int
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Compute the task and attempt metrics of one attempt from its ordered events."""
    by_task: dict[str, list[Mapping[str, Any]]] = {}
    for event in events:
        if event.get("task_id") is not None and event["type"] != "idle_detected":
            by_task.setdefault(event["task_id"], []).append(event)
    tasks = []
    for task in attempt.get("tasks") or []:
        task_events = by_task.get(task["id"])
        if not task_events:
            continue
        risks = {option["id"]: option.get("risk_level") for option in task.get("options") or []}
        row = task_metrics(task_events, risks, idle_gap_ms)
        row["attempt_id"] = attempt["id"]
        tasks.append(row)
    return tasks, attempt_metrics(attempt["id"], tasks, len(events))


def score_all(
    attempts: Iterable[Mapping[str, Any]],
    events_by_attempt: Mapping[str, Sequence[Mapping[str, Any]]],
    idle_gap_ms: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Score every attempt in turn; return all task rows and all attempt rows."""
    task_rows: list[dict[str, Any]] = []
    attempt_rows: list[dict[str, Any]] = []
    for attempt in attempts:
        tasks, overall = score_attempt(
            attempt, events_by_attempt.get(attempt["id"], []), idle_gap_ms
        )
        task_rows.extend(tasks)
        attempt_rows.append(overall)
    return task_rows, attempt_rows
