"""Pure conversions from collector documents to the pandas frames the pages draw."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

# Event types that a recruiter reviews as integrity signals; they never change a score.
INTEGRITY_EVENT_TYPES = (
    "paste_detected",
    "copy_detected",
    "focus_lost",
    "visibility_hidden",
    "network_offline",
)
DECISION_EVENT_TYPES = ("option_viewed", "option_selected", "option_changed", "task_completed")
RISK_LEVELS = ("low", "medium", "high")
PROFILE_FIELDS = (
    ("thinking_style", "Thinking style"),
    ("decision_speed", "Decision speed"),
    ("decision_consistency", "Decision consistency"),
    ("risk_orientation", "Risk orientation"),
    ("communication_depth", "Communication depth"),
    ("communication_structure", "Communication structure"),
)


def pick(mapping: Mapping[str, Any] | None, *names: str, default: Any = None) -> Any:
    """Return the value of the first of `names` that `mapping` contains and that is not None."""
    if not mapping:
        return default
    for name in names:
        value = mapping.get(name)
        if value is not None:
            return value
    return default


def seconds(mapping: Mapping[str, Any], base: str) -> float | None:
    """Read a duration stored as `<base>_ms` or `<base>_seconds` and return seconds."""
    value = pick(mapping, f"{base}_ms")
    if value is not None:
        return float(value) / 1000.0
    value = pick(mapping, f"{base}_seconds", f"{base}_s", base)
    return None if value is None else float(value)


def task_titles(attempt: Mapping[str, Any]) -> dict[str, str]:
    """Map each task id of the attempt to a label "1. <title>" in the attempt's order."""
    titles: dict[str, str] = {}
    for index, task in enumerate(attempt.get("tasks") or [], start=1):
        titles[str(task.get("id"))] = f"{index}. {task.get('title') or task.get('id')}"
    for task_id in attempt.get("task_ids") or []:
        titles.setdefault(str(task_id), str(task_id))
    return titles


def option_lookup(attempt: Mapping[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Map (task id, option id) to the option snapshot stored with the attempt."""
    lookup: dict[tuple[str, str], dict[str, Any]] = {}
    for task in attempt.get("tasks") or []:
        for option in task.get("options") or []:
            lookup[(str(task.get("id")), str(option.get("id")))] = option
    return lookup


def events_frame(events: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Build one row per event with its server sequence, type, task, client time and payload."""
    columns = ["server_seq", "type", "task_id", "client_ts", "received_at", "payload"]
    if not events:
        return pd.DataFrame(columns=columns)
    df = pd.DataFrame.from_records(
        [{column: event.get(column) for column in columns} for event in events], columns=columns
    )
    df["client_ts"] = pd.to_datetime(df["client_ts"], utc=True, errors="coerce", format="ISO8601")
    df["received_at"] = pd.to_datetime(
        df["received_at"], utc=True, errors="coerce", format="ISO8601"
    )
    return df


def task_metrics_frame(
    metrics: Mapping[str, Any] | None, titles: Mapping[str, str]
) -> pd.DataFrame:
    """Build one row per task with its scalar metrics, labelled with the task title."""
    rows = []
    for entry in pick(metrics, "per_task", default=[]) or []:
        row = {"task": titles.get(str(entry.get("task_id")), str(entry.get("task_id")))}
        for key, value in entry.items():
            if key == "task_id":
                continue
            if isinstance(value, (int, float, str, bool)) or value is None:
                row[key] = value
        rows.append(row)
    return pd.DataFrame(rows)


def time_split_frame(metrics: Mapping[str, Any] | None, titles: Mapping[str, str]) -> pd.DataFrame:
    """Build active and idle seconds per task, in long form for a stacked bar."""
    rows = []
    for entry in pick(metrics, "per_task", default=[]) or []:
        task = titles.get(str(entry.get("task_id")), str(entry.get("task_id")))
        active = seconds(entry, "active_time")
        idle = seconds(entry, "idle_time")
        if active is None and idle is None:
            continue
        rows.append({"task": task, "kind": "active", "seconds": active or 0.0})
        rows.append({"task": task, "kind": "idle", "seconds": idle or 0.0})
    return pd.DataFrame(rows, columns=["task", "kind", "seconds"])


def task_windows_frame(events: pd.DataFrame, titles: Mapping[str, str]) -> pd.DataFrame:
    """Build each task's first and last event time, for a timeline of the attempt."""
    columns = ["task", "start", "end", "events"]
    scoped = events.dropna(subset=["task_id", "client_ts"]) if not events.empty else events
    if scoped.empty:
        return pd.DataFrame(columns=columns)
    windows = scoped.groupby("task_id", sort=False)["client_ts"].agg(["min", "max", "size"])
    return pd.DataFrame(
        {
            "task": [titles.get(str(task_id), str(task_id)) for task_id in windows.index],
            "start": windows["min"].to_numpy(),
            "end": windows["max"].to_numpy(),
            "events": windows["size"].to_numpy(),
        },
        columns=columns,
    )


def signal_times_frame(events: pd.DataFrame, titles: Mapping[str, str]) -> pd.DataFrame:
    """Build the integrity events with their client time and the task they happened in."""
    columns = ["task", "time", "signal"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    flagged = events[events["type"].isin(INTEGRITY_EVENT_TYPES)].dropna(subset=["client_ts"])
    return pd.DataFrame(
        {
            "task": flagged["task_id"].map(lambda t: titles.get(str(t), "whole attempt")),
            "time": flagged["client_ts"],
            "signal": flagged["type"].str.replace("_", " "),
        },
        columns=columns,
    )


def decision_path_frame(
    events: pd.DataFrame, attempt: Mapping[str, Any], titles: Mapping[str, str]
) -> pd.DataFrame:
    """Build the option events per task: seconds since the task's first event, option, action."""
    columns = ["task", "lane", "seconds", "option", "action", "risk_level", "dwell_ms"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    options = option_lookup(attempt)
    starts = events.dropna(subset=["task_id"]).groupby("task_id")["client_ts"].min()
    rows = []
    decisions = events[events["type"].isin(DECISION_EVENT_TYPES)]
    for event in decisions.itertuples(index=False):
        payload = event.payload if isinstance(event.payload, dict) else {}
        option_id = pick(payload, "option_id", "to_option_id")
        if option_id is None or event.task_id is None or pd.isna(event.client_ts):
            continue
        task_id = str(event.task_id)
        option = options.get((task_id, str(option_id)), {})
        start = starts.get(event.task_id)
        task = titles.get(task_id, task_id)
        label = _option_label(option_id, option)
        rows.append(
            {
                "task": task,
                "lane": f"{task.split('.', 1)[0]}. {label}",
                "seconds": (event.client_ts - start).total_seconds(),
                "option": label,
                "action": event.type.removeprefix("option_").replace("_", " "),
                "risk_level": option.get("risk_level", "unknown"),
                "dwell_ms": payload.get("dwell_ms"),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _option_label(option_id: Any, option: Mapping[str, Any]) -> str:
    text = str(option.get("text") or "")
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{option_id}: {text}" if text else str(option_id)


def risk_frame(
    metrics: Mapping[str, Any] | None, events: pd.DataFrame, attempt: Mapping[str, Any]
) -> pd.DataFrame:
    """Count the final choices per risk level, from the metrics or else the completed tasks."""
    counts = dict.fromkeys(RISK_LEVELS, 0)
    overall = pick(metrics, "overall", default={}) or {}
    stored = {level: overall.get(f"risk_{level}_count") for level in RISK_LEVELS}
    if any(value is not None for value in stored.values()):
        counts = {level: int(value or 0) for level, value in stored.items()}
    else:
        options = option_lookup(attempt)
        completed = events[events["type"] == "task_completed"] if not events.empty else events
        for event in completed.itertuples(index=False):
            payload = event.payload if isinstance(event.payload, dict) else {}
            option = options.get((str(event.task_id), str(payload.get("option_id"))), {})
            level = option.get("risk_level")
            if level:
                counts[level] = counts.get(level, 0) + 1
    return pd.DataFrame({"risk_level": list(counts), "count": list(counts.values())})


def integrity_frame(events: pd.DataFrame, titles: Mapping[str, str]) -> pd.DataFrame:
    """Count the integrity events per task and type, for a human to review."""
    columns = ["task", "signal", "count"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    flagged = events[events["type"].isin(INTEGRITY_EVENT_TYPES)]
    if flagged.empty:
        return pd.DataFrame(columns=columns)
    grouped = (
        flagged.assign(task=flagged["task_id"].map(lambda t: titles.get(str(t), "whole attempt")))
        .groupby(["task", "type"], as_index=False)
        .size()
    )
    return grouped.rename(columns={"type": "signal", "size": "count"})[columns]


def profile_frame(profile: Mapping[str, Any] | None) -> pd.DataFrame:
    """Build one row per profile dimension with its label and confidence."""
    rows = []
    for field, title in PROFILE_FIELDS:
        entry = pick(profile, field, default={}) or {}
        rows.append(
            {
                "dimension": title,
                "label": entry.get("label", "not computed"),
                "confidence": entry.get("confidence"),
            }
        )
    return pd.DataFrame(rows)


def feed_frame(events: pd.DataFrame, titles: Mapping[str, str]) -> pd.DataFrame:
    """Build a readable event table: sequence, client time, type, task title and payload."""
    return pd.DataFrame(
        {
            "seq": events["server_seq"],
            "time (UTC)": events["client_ts"].dt.strftime("%Y-%m-%d %H:%M:%S"),
            "type": events["type"],
            "task": events["task_id"].map(lambda t: titles.get(str(t), "") if t else ""),
            "payload": events["payload"].map(payload_text),
        }
    )


def payload_text(payload: Any) -> str:
    """Show an event payload as `key=value` pairs, shortening long text."""
    if not isinstance(payload, Mapping) or not payload:
        return ""
    parts = []
    for key, value in payload.items():
        text = str(value)
        if len(text) > 60:
            text = text[:57] + "..."
        parts.append(f"{key}={text}")
    return ", ".join(parts)


def population_metrics(populations: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Return the metric names that any task's population summarises, in first-seen order."""
    names: dict[str, None] = {}
    for population in populations.values():
        for name in population.get("metrics") or {}:
            names[name] = None
    return list(names)


def population_frame(
    populations: Mapping[str, Mapping[str, Any]],
    metrics: Mapping[str, Any] | None,
    titles: Mapping[str, str],
    metric: str,
) -> pd.DataFrame:
    """Build one row per task with the population's spread of `metric` and this candidate's value.

    Durations (`*_ms`) are converted to seconds. `candidate` stays empty when the task's
    population is too small to be representative (`sufficient` is false).
    """
    columns = ["task", "p10", "p25", "p50", "p75", "p90", "candidate", "attempts", "sufficient"]
    scale = 1000.0 if metric.endswith("_ms") else 1.0
    own = {str(m.get("task_id")): m for m in pick(metrics, "per_task", default=[]) or []}
    rows = []
    for task_id, population in populations.items():
        summary = (population.get("metrics") or {}).get(metric)
        if not summary or summary.get("count") in (None, 0):
            continue
        sufficient = bool(population.get("sufficient"))
        value = own.get(task_id, {}).get(metric)
        row = {
            name: _scaled(summary.get(name), scale) for name in ("p10", "p25", "p50", "p75", "p90")
        }
        rows.append(
            {
                "task": titles.get(task_id, task_id),
                **row,
                "candidate": _scaled(value, scale) if sufficient else None,
                "attempts": population.get("attempt_count", 0),
                "sufficient": sufficient,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _scaled(value: Any, scale: float) -> float | None:
    return None if value is None else float(value) / scale
