"""The performance targets, checked against one run's results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Check = tuple[str, str, Callable[[dict[str, Any]], float | None], str, float]


def _get(results: dict[str, Any], *path: str) -> Any:
    value: Any = results
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _best_rest_batch_100(results: dict[str, Any]) -> float | None:
    rates = [
        _get(results, "rest_ingest", name, "events_per_s")
        for name in ("batch_100", "batch_100_workers_2")
    ]
    known = [rate for rate in rates if rate is not None]
    return max(known) if known else None


def _largest_scoring(results: dict[str, Any], field: str) -> float | None:
    sizes = _get(results, "scoring", "sizes") or {}
    if not sizes:
        return None
    return sizes[max(sizes, key=int)].get(field)


# (name, what is compared, how to read the value, comparison, limit)
CHECKS: list[Check] = [
    ("REST batch-100 ingest", "events/s", _best_rest_batch_100, ">=", 20_000),
    (
        "WebSocket p99 ack at 2,000 events/s",
        "ms",
        lambda r: _get(r, "ws_ingest", "fixed_rate", "p99_ms"),
        "<",
        50,
    ),
    ("scoring, largest size", "s", lambda r: _largest_scoring(r, "seconds"), "<", 10),
    ("scoring growth per 10x", "x", lambda r: _get(r, "scoring", "max_growth_per_10x"), "<=", 11),
    (
        "scoring vs plain loop, largest size",
        "x faster",
        lambda r: _largest_scoring(r, "speedup_vs_plain_loop"),
        ">=",
        10,
    ),
    ("freshness, slowest", "s", lambda r: _get(r, "freshness", "max_s"), "<", 30),
    (
        "resume 2-page PDF median",
        "ms",
        lambda r: _get(r, "resume_parse", "two_page_pdf_median_ms"),
        "<",
        300,
    ),
]


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Return one entry per target: the measured value, the limit and whether it was met."""
    entries = []
    for name, unit, read, comparison, limit in CHECKS:
        value = read(results)
        met = None
        if value is not None:
            met = (
                value >= limit
                if comparison == ">="
                else (value <= limit if comparison == "<=" else value < limit)
            )
        entries.append(
            {
                "target": name,
                "unit": unit,
                "measured": value,
                "comparison": comparison,
                "limit": limit,
                "met": met,
                "ratio_to_limit": round(value / limit, 3) if value is not None else None,
            }
        )
    return entries
