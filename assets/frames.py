"""Typed polars frames built from stored event and attempt documents."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl

logger = logging.getLogger(__name__)

# Payload fields of event schema version 1, flattened into top-level columns.
PAYLOAD_SCHEMA: dict[str, pl.DataType] = {
    "task_index": pl.Int64(),
    "option_id": pl.String(),
    "dwell_ms": pl.Float64(),
    "from_option_id": pl.String(),
    "to_option_id": pl.String(),
    "chars": pl.Int64(),
    "words": pl.Int64(),
    "deleted_chars": pl.Int64(),
    "text": pl.String(),
    "reasoning": pl.String(),
    "idle_ms": pl.Float64(),
    "target": pl.String(),
}

EVENT_DOC_SCHEMA: dict[str, pl.DataType] = {
    "attempt_id": pl.String(),
    "event_id": pl.String(),
    "type": pl.String(),
    "task_id": pl.String(),
    "client_ts": pl.Datetime("us", "UTC"),
    "seq": pl.Int64(),
    "server_seq": pl.Int64(),
    "source": pl.String(),
    "payload": pl.Struct(PAYLOAD_SCHEMA),
}

EVENT_SCHEMA: dict[str, pl.DataType] = {
    **{name: dtype for name, dtype in EVENT_DOC_SCHEMA.items() if name != "payload"},
    **PAYLOAD_SCHEMA,
}

TASK_SCHEMA: dict[str, pl.DataType] = {
    "attempt_id": pl.String(),
    "org_id": pl.String(),
    "task_id": pl.String(),
    "task_index": pl.Int64(),
    "reasoning_required": pl.Boolean(),
}

OPTION_SCHEMA: dict[str, pl.DataType] = {
    "attempt_id": pl.String(),
    "task_id": pl.String(),
    "option_id": pl.String(),
    "risk_level": pl.String(),
}

ORDER_COLUMNS = ["attempt_id", "seq", "server_seq", "event_id"]


def order_events(events: pl.DataFrame) -> pl.DataFrame:
    """Drop repeated `event_id`s and sort by attempt, client `seq`, then `server_seq`.

    Events in the legacy frontend's shape have no `seq`; they sort after the numbered ones
    of their attempt, by `server_seq`. The result does not depend on the input order.
    """
    ordered = events.sort(ORDER_COLUMNS, nulls_last=True)
    ordered = ordered.unique(subset=["attempt_id", "event_id"], keep="first", maintain_order=True)
    return ordered.with_columns(
        pl.int_range(pl.len()).over("attempt_id").cast(pl.Int64).alias("position")
    )


def events_to_frame(docs: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """Build the typed, ordered event frame from stored event documents.

    Args:
        docs: Events as `Store.events_for_attempts` returns them, in any order; a repeated
            `event_id` is kept once.

    Returns:
        One row per distinct event with the columns of `EVENT_SCHEMA` plus `position` (the
        0-based rank of the event in its attempt's order).

    Raises:
        ValueError: a document lacks a required field or carries a value of the wrong type.
    """
    try:
        frame = pl.from_dicts(list(docs), schema=EVENT_DOC_SCHEMA, strict=False)
    except (pl.exceptions.PolarsError, TypeError, ValueError) as error:
        raise ValueError(
            "event documents do not fit the stored event shape (attempt_id, event_id, type, "
            f"task_id, client_ts as an aware datetime, seq, server_seq, payload): {error}"
        ) from error
    frame = frame.unnest("payload")
    for column in ("attempt_id", "event_id", "type", "client_ts", "server_seq"):
        missing = frame.get_column(column).null_count()
        if missing:
            raise ValueError(
                f"{missing} event document(s) have no {column!r}; every stored event needs "
                "attempt_id, event_id, type, client_ts and server_seq"
            )
    logger.debug("built an event frame of %d rows", frame.height)
    return order_events(frame.select(list(EVENT_SCHEMA)))


def empty_events() -> pl.DataFrame:
    """Return an ordered event frame with no rows."""
    return events_to_frame([])


def tasks_to_frames(attempts: Iterable[Mapping[str, Any]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Build the task and option frames from attempt documents' task snapshots.

    The loop here runs over attempts and their few tasks, never over events.

    A task id repeated in one snapshot (older attempts could store one) is kept once, at
    its first position: events carry only the task id, so every copy would otherwise get
    the same events and count them again.

    Returns:
        `(tasks, options)`: one row per distinct task of each attempt (`TASK_SCHEMA`,
        `task_index` from the snapshot order) and one row per task option (`OPTION_SCHEMA`).
    """
    task_rows: list[dict[str, Any]] = []
    option_rows: list[dict[str, Any]] = []
    for attempt in attempts:
        attempt_id = attempt.get("id")
        if not attempt_id:
            raise ValueError("an attempt document has no 'id'; pass stored attempt documents")
        seen: set[str] = set()
        for index, task in enumerate(attempt.get("tasks") or []):
            task_id = str(task.get("id"))
            if task_id in seen:
                logger.warning(
                    "attempt %s repeats task %s at index %d; the repeat is ignored",
                    attempt_id,
                    task_id,
                    index,
                )
                continue
            seen.add(task_id)
            task_rows.append(
                {
                    "attempt_id": attempt_id,
                    "org_id": attempt.get("org_id"),
                    "task_id": task_id,
                    "task_index": index,
                    "reasoning_required": bool(task.get("reasoning_required", False)),
                }
            )
            for option in task.get("options") or []:
                option_rows.append(
                    {
                        "attempt_id": attempt_id,
                        "task_id": task_id,
                        "option_id": str(option.get("id")),
                        "risk_level": option.get("risk_level"),
                    }
                )
    tasks = pl.DataFrame(task_rows, schema=TASK_SCHEMA)
    options = pl.DataFrame(option_rows, schema=OPTION_SCHEMA)
    return tasks, options
