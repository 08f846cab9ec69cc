"""Synthetic event frames for the scoring benchmark, generated directly as polars columns.

Each attempt has five tasks of three or four options. A task is shown, its options are
hovered, one is selected (sometimes changed once or twice), reasoning is typed in
debounced updates, sometimes pasted into, submitted, and the task is completed. Gaps
between events are a few hundred milliseconds to a few seconds, with an occasional idle
gap over the 30 s threshold. A task has about 35 events, an attempt about 175.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np
import polars as pl

from assets.frames import EVENT_SCHEMA, PAYLOAD_SCHEMA

TASKS_PER_ATTEMPT = 5
EVENTS_PER_ATTEMPT = 175
OPTION_IDS = np.array(["a", "b", "c", "d"])
RISKS = ("low", "medium", "high", "medium")
START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
REASONING_TEXTS = (
    "I would pause the release because the bug affects payments. However, if the fix is "
    "small, we could ship it behind a flag so that customers are not blocked.",
    "First, check the logs. Second, talk to the customer. Finally, decide on a refund.",
    "Ship it.",
    "- confirm the numbers with finance\n- tell the client today\n- plan the next sprint",
    "Since the deadline is fixed, I would cut scope rather than quality, although the "
    "team may disagree. Therefore I would explain the trade-off to the manager.",
    "Ask the team what they think and go with the majority, unless there is a safety risk.",
)
# Event kinds in the order a task produces them; counts vary per task.
KINDS = (
    "task_started",
    "option_viewed",
    "option_selected",
    "option_changed",
    "reasoning_started",
    "reasoning_updated",
    "paste_detected",
    "reasoning_submitted",
    "task_completed",
)


@dataclasses.dataclass(frozen=True)
class ScoringInput:
    """An event frame in the column layout of `assets.frames.EVENT_SCHEMA`, and its attempts."""

    events: pl.DataFrame
    attempts: list[dict[str, Any]]


def attempt_documents(count: int) -> list[dict[str, Any]]:
    """Return completed attempt documents with their task snapshots."""
    attempts = []
    for number in range(count):
        tasks = []
        for index in range(TASKS_PER_ATTEMPT):
            option_count = 3 + (number + index) % 2
            tasks.append(
                {
                    "id": f"task-{index}",
                    "title": f"Decision {index + 1}",
                    "org_id": None,
                    "scenario": "A supplier misses a deadline the week before a launch.",
                    "category": "Operations",
                    "difficulty": "medium",
                    "reasoning_required": True,
                    "reasoning_min_length": 20,
                    "suited_positions": ["general"],
                    "time_limit_seconds": 180,
                    "version": 1,
                    "options": [
                        {
                            "id": str(OPTION_IDS[o]),
                            "text": f"Option {o + 1}",
                            "risk_level": RISKS[o],
                        }
                        for o in range(option_count)
                    ],
                }
            )
        attempts.append({"id": f"att-{number:07d}", "org_id": "org-bench", "tasks": tasks})
    return attempts


def _kind_counts(
    rng: np.random.Generator, tasks: int, views: tuple[int, int] = (6, 21)
) -> np.ndarray:
    """Return one row per task with how many events of each kind in `KINDS` it has."""
    counts = np.zeros((tasks, len(KINDS)), dtype=np.int64)
    counts[:, 0] = 1
    counts[:, 1] = rng.integers(views[0], views[1], tasks)
    counts[:, 2] = 1
    counts[:, 3] = rng.choice([0, 0, 1, 2], tasks)
    counts[:, 4] = 1
    counts[:, 5] = rng.integers(8, 25, tasks)
    counts[:, 6] = (rng.random(tasks) < 0.15).astype(np.int64)
    counts[:, 7] = 1
    counts[:, 8] = 1
    return counts


def generate(event_target: int, seed: int = 7) -> ScoringInput:
    """Generate about `event_target` events over `event_target / 175` attempts."""
    return generate_attempts(max(1, round(event_target / EVENTS_PER_ATTEMPT)), seed)


def generate_attempts(
    attempt_count: int, seed: int = 7, views: tuple[int, int] = (6, 21)
) -> ScoringInput:
    """Generate `attempt_count` attempts whose tasks have `views` option hovers (low, high)."""
    rng = np.random.default_rng(seed)
    attempts = attempt_documents(attempt_count)
    tasks = attempt_count * TASKS_PER_ATTEMPT
    counts = _kind_counts(rng, tasks, views)
    per_task = counts.sum(axis=1)
    kind = np.repeat(np.tile(np.arange(len(KINDS)), tasks), counts.ravel())
    task_of_event = np.repeat(np.arange(tasks), per_task)
    attempt_of_event = task_of_event // TASKS_PER_ATTEMPT
    n = kind.size
    option_count = 3 + (attempt_of_event + task_of_event % TASKS_PER_ATTEMPT) % 2
    gaps = rng.integers(150, 2500, n)
    gaps[rng.random(n) < 0.004] += 40_000
    gaps[kind == 0] += 1200
    # Client time runs on per attempt: cumulative gaps, restarted at each attempt's start.
    elapsed = np.cumsum(gaps)
    first_of_attempt = np.r_[0, np.flatnonzero(np.diff(attempt_of_event)) + 1]
    attempt_base = np.repeat(elapsed[first_of_attempt] - gaps[first_of_attempt],
                             np.diff(np.r_[first_of_attempt, n]))  # fmt: skip
    client_ms = elapsed - attempt_base
    option_index = rng.integers(0, 4, n) % option_count
    from_index = (option_index + 1) % option_count
    text_index = rng.integers(0, len(REASONING_TEXTS), n)
    seq = np.arange(n) - np.repeat(first_of_attempt, np.diff(np.r_[first_of_attempt, n])) + 1
    uses_option = np.isin(kind, [1, 2, 3, 8])
    frame = pl.DataFrame(
        {
            "attempt_id": np.array([a["id"] for a in attempts])[attempt_of_event],
            "event_id": np.char.add("ev-", np.arange(n).astype(str)),
            "type": np.array(KINDS)[kind],
            "task_id": np.char.add("task-", (task_of_event % TASKS_PER_ATTEMPT).astype(str)),
            "client_ms": client_ms,
            "seq": seq,
            "kind": kind,
            "option": OPTION_IDS[option_index],
            "from_option": OPTION_IDS[from_index],
            "text": np.array(REASONING_TEXTS)[text_index],
            "chars": rng.integers(10, 400, n),
            "deleted": np.where(rng.random(n) < 0.2, rng.integers(1, 30, n), 0),
            "task_index": task_of_event % TASKS_PER_ATTEMPT,
            "dwell": rng.integers(100, 2000, n).astype(np.float64),
        }
    )
    k = pl.col("kind")
    events = frame.select(
        "attempt_id",
        "event_id",
        "type",
        "task_id",
        (pl.lit(START) + pl.duration(milliseconds=pl.col("client_ms"))).alias("client_ts"),
        "seq",
        pl.col("seq").alias("server_seq"),
        pl.lit("hiremate").alias("source"),
        pl.when(k == 0).then("task_index").alias("task_index"),
        pl.when(pl.Series(uses_option)).then("option").alias("option_id"),
        pl.when(k == 1).then("dwell").alias("dwell_ms"),
        pl.when(k == 3).then("from_option").alias("from_option_id"),
        pl.when(k == 3).then("option").alias("to_option_id"),
        pl.when(k.is_in([5, 6])).then("chars").alias("chars"),
        pl.when(k == 5).then(pl.col("chars") // 6).alias("words"),
        pl.when(k == 5).then("deleted").alias("deleted_chars"),
        pl.when(k == 7).then("text").alias("text"),
        pl.when(k == 8).then("text").alias("reasoning"),
        pl.lit(None, pl.Float64).alias("idle_ms"),
        pl.when(k == 6).then(pl.lit("reasoning")).alias("target"),
    )
    events = events.cast(EVENT_SCHEMA)  # type: ignore[arg-type]
    return ScoringInput(events.select(list(EVENT_SCHEMA)), attempts)


def event_documents(events: pl.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """Turn frame rows back into event documents as the collector appends them, per attempt."""
    payload_fields = [name for name in PAYLOAD_SCHEMA if name in events.columns]
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in events.to_dicts():
        grouped.setdefault(row["attempt_id"], []).append(
            {
                "event_id": row["event_id"],
                "type": row["type"],
                "task_id": row["task_id"],
                "client_ts": row["client_ts"],
                "seq": row["seq"],
                "payload": {f: row[f] for f in payload_fields if row[f] is not None},
                "schema_version": 1,
                "source": "hiremate",
            }
        )
    return grouped
