"""JSON encoding of documents and the Python side of the filter language."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

import orjson

UTC = dt.UTC
# Field names holding datetimes apart from the `*_at` convention.
DATETIME_FIELDS = frozenset({"client_ts"})
OPERATORS = frozenset({"$in", "$ne", "$gt", "$gte", "$lt", "$lte"})


def new_id() -> str:
    """Return a new random document id."""
    return uuid.uuid4().hex


def utc_now() -> dt.datetime:
    """Return the current time, timezone-aware in UTC, at the store's millisecond precision."""
    return normalize_datetime(dt.datetime.now(UTC))


def normalize_datetime(value: dt.datetime) -> dt.datetime:
    """Convert an aware datetime to UTC with millisecond precision, as MongoDB stores it.

    Raises:
        ValueError: `value` is naive, so its zone is unknown.
    """
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value.isoformat()} given; use an aware UTC datetime")
    value = value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def format_datetime(value: dt.datetime) -> str:
    """Return the sortable ISO text the SQLite backend stores for a datetime."""
    if value.tzinfo is not UTC:
        value = normalize_datetime(value)
    # `timespec="milliseconds"` truncates, exactly as `normalize_datetime` does.
    return value.isoformat(timespec="milliseconds")


def _is_datetime_key(key: str) -> bool:
    return key.endswith("_at") or key in DATETIME_FIELDS


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot store a value of type {type(value).__name__}")


def dumps(doc: Mapping[str, Any]) -> str:
    """Encode a document as JSON, datetimes as ISO text in UTC.

    Raises:
        ValueError: a datetime is naive.
        TypeError: a value has a type JSON cannot carry.
    """
    try:
        encoded = orjson.dumps(
            doc, default=_default, option=orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
        )
    except TypeError as exc:
        # orjson wraps errors raised by `default`; surface the naive-datetime one as is.
        if isinstance(exc.__cause__, ValueError):
            raise exc.__cause__ from None
        raise
    return encoded.decode("utf-8")


def _revive(value: Any) -> Any:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                if _is_datetime_key(key):
                    try:
                        value[key] = dt.datetime.fromisoformat(item)
                    except ValueError:
                        pass
            elif isinstance(item, (dict, list)):
                _revive(item)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                _revive(item)
    return value


def loads(text: str | bytes) -> dict[str, Any]:
    """Decode a document, turning `*_at` and `client_ts` fields back into datetimes."""
    return _revive(orjson.loads(text))


def copy_document(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Return a deep copy with datetimes normalised, as a backend would return it."""
    return loads(dumps(doc))


def get_path(doc: Mapping[str, Any], path: str) -> Any:
    """Return the value at a dotted path, or None when any part is missing."""
    value: Any = doc
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def set_path(doc: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at a dotted path, creating intermediate dicts."""
    parts = path.split(".")
    target = doc
    for part in parts[:-1]:
        child = target.get(part)
        if not isinstance(child, dict):
            child = {}
            target[part] = child
        target = child
    target[parts[-1]] = value


def _comparable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return normalize_datetime(value)
    return value


def matches(doc: Mapping[str, Any], filter: Mapping[str, Any] | None) -> bool:
    """Return whether `doc` matches `filter` with the store's filter semantics."""
    for path, condition in (filter or {}).items():
        value = _comparable(get_path(doc, path))
        if isinstance(condition, Mapping) and condition.keys() <= OPERATORS and condition:
            for op, operand in condition.items():
                if not _apply(op, value, operand):
                    return False
        elif value != _comparable(condition):
            return False
    return True


def _apply(op: str, value: Any, operand: Any) -> bool:
    if op == "$in":
        return value in [_comparable(item) for item in operand]
    operand = _comparable(operand)
    if op == "$ne":
        return value != operand
    if value is None or operand is None:
        return False
    if op == "$gt":
        return value > operand
    if op == "$gte":
        return value >= operand
    if op == "$lt":
        return value < operand
    return value <= operand
