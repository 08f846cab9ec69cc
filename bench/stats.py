"""Percentiles and rates for benchmark results."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], fraction: float) -> float:
    """Return the `fraction` quantile (0 to 1) of `values` by linear interpolation.

    Raises:
        ValueError: `values` is empty or `fraction` is outside [0, 1].
    """
    if not values:
        raise ValueError("cannot take a percentile of no values")
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must be between 0 and 1, got {fraction}")
    ordered = sorted(values)
    rank = fraction * (len(ordered) - 1)
    low = math.floor(rank)
    high = math.ceil(rank)
    if low == high:
        return float(ordered[low])
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


def latency_summary_ms(latencies_s: Sequence[float]) -> dict[str, float | None]:
    """Return p50, p99 and max of latencies given in seconds, in milliseconds."""
    if not latencies_s:
        return {"p50_ms": None, "p99_ms": None, "max_ms": None}
    return {
        "p50_ms": round(percentile(latencies_s, 0.50) * 1000, 3),
        "p99_ms": round(percentile(latencies_s, 0.99) * 1000, 3),
        "max_ms": round(max(latencies_s) * 1000, 3),
    }


def rate(count: float, seconds: float) -> float:
    """Return `count / seconds`, rounded, or 0 for a zero duration."""
    return round(count / seconds, 1) if seconds > 0 else 0.0


def ratio(numerator: float, denominator: float) -> float | None:
    """Return `numerator / denominator` to 4 decimals, or None when the denominator is 0."""
    return round(numerator / denominator, 4) if denominator else None
