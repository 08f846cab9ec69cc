"""Scoring: metric and profile code over event frames of 10^4 to 10^6 events, against a loop."""

from __future__ import annotations

import gc
import itertools
import logging
import math
import time
from typing import Any

import polars as pl

from assets.attempt_metrics import compute_attempt_metrics
from assets.frames import order_events, tasks_to_frames
from assets.profiles import build_profiles
from assets.task_metrics import DEFAULT_IDLE_GAP_MS, compute_task_metrics
from bench import plain_loop
from bench.stats import rate, ratio
from bench.synthetic import ScoringInput, generate

logger = logging.getLogger(__name__)

# Columns the plain loop and the polars code must agree on, row by row.
COMPARED_TASK_COLUMNS = (
    "event_count",
    "total_time_ms",
    "idle_time_ms",
    "active_time_ms",
    "initiation_time_ms",
    "time_to_first_selection_ms",
    "time_to_final_decision_ms",
    "hover_count",
    "hover_time_ms",
    "options_explored",
    "flips",
    "final_option_id",
    "returned_to_first",
    "risk_value",
    "reasoning_word_count",
    "connector_count",
    "structure_marker_count",
    "revision_count",
    "reasoning_depth_score",
    "paste_count",
)
COMPARED_ATTEMPT_COLUMNS = (
    "tasks_answered",
    "event_count",
    "total_time_ms",
    "median_decision_time_ms",
    "decision_consistency_score",
    "risk_preference_score",
    "total_reasoning_words",
    "mean_reasoning_depth_score",
)


def compute_metrics(
    data: ScoringInput, stages: dict[str, float] | None = None
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Run the metric code the pipeline runs: order, task metrics, attempt metrics.

    Args:
        stages: When given, receives the seconds each step took, by function name.
    """
    times = stages if stages is not None else {}
    started = time.perf_counter()
    events = order_events(data.events)
    times["order_events"] = time.perf_counter() - started
    started = time.perf_counter()
    tasks, options = tasks_to_frames(data.attempts)
    times["tasks_to_frames"] = time.perf_counter() - started
    started = time.perf_counter()
    task_metrics = compute_task_metrics(events, tasks, options, DEFAULT_IDLE_GAP_MS)
    times["compute_task_metrics"] = time.perf_counter() - started
    started = time.perf_counter()
    attempt_metrics = compute_attempt_metrics(task_metrics, events)
    times["compute_attempt_metrics"] = time.perf_counter() - started
    return events, task_metrics, attempt_metrics


def _timed(function: Any, *args: Any) -> tuple[float, Any]:
    gc.collect()
    started = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - started, value


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, float) or isinstance(right, float):
        if left is None or right is None:
            return left is None and right is None
        return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-6)
    return left == right


def agreement(
    polars_rows: list[dict[str, Any]], loop_rows: list[dict[str, Any]], key: tuple, columns: tuple
) -> dict[str, Any]:
    """Compare rows keyed by `key`; return the share of equal rows and the columns that differ."""
    loop_by_key = {tuple(row[k] for k in key): row for row in loop_rows}
    equal = 0
    differing: set[str] = set()
    for row in polars_rows:
        other = loop_by_key.get(tuple(row[k] for k in key))
        bad = [c for c in columns if other is None or not _same(row[c], other.get(c))]
        differing.update(bad)
        equal += not bad
    return {
        "rows": len(polars_rows),
        "equal_share": round(equal / max(len(polars_rows), 1), 4),
        "differing_columns": sorted(differing),
    }


def _python_input(events: pl.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """Group the ordered events as plain dicts per attempt, as a store read returns them."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in events.drop("position").to_dicts():
        grouped.setdefault(row["attempt_id"], []).append(row)
    return grouped


def run_size(target: int, with_loop: bool, check: bool) -> dict[str, Any]:
    """Time the polars code and, if asked, the plain loop on about `target` events."""
    data = generate(target)
    count = data.events.height
    stages: dict[str, float] = {}
    metrics_s, (events, task_metrics, attempt_metrics) = _timed(compute_metrics, data, stages)
    profiles_s, profiles = _timed(build_profiles, attempt_metrics)
    stages["build_profiles"] = profiles_s
    section: dict[str, Any] = {
        "events": count,
        "attempts": len(data.attempts),
        "metrics_s": round(metrics_s, 4),
        "profiles_s": round(profiles_s, 4),
        "seconds": round(metrics_s + profiles_s, 4),
        "events_per_s": rate(count, metrics_s + profiles_s),
        "profiles": profiles.height,
        "stages_s": {name: round(seconds, 4) for name, seconds in stages.items()},
    }
    if with_loop:
        grouped = _python_input(events)
        loop_s, (loop_tasks, loop_attempts) = _timed(
            plain_loop.score_all, data.attempts, grouped, DEFAULT_IDLE_GAP_MS
        )
        section["plain_loop_metrics_s"] = round(loop_s, 4)
        section["speedup_vs_plain_loop"] = ratio(loop_s, metrics_s)
        section["speedup_vs_plain_loop_with_profiles"] = ratio(loop_s, metrics_s + profiles_s)
        if check:
            section["agreement_tasks"] = agreement(
                task_metrics.to_dicts(), loop_tasks, ("attempt_id", "task_id"),
                COMPARED_TASK_COLUMNS,
            )  # fmt: skip
            section["agreement_attempts"] = agreement(
                attempt_metrics.to_dicts(), loop_attempts, ("attempt_id",),
                COMPARED_ATTEMPT_COLUMNS,
            )  # fmt: skip
    logger.info("scoring %d events: %.3f s (%s)", count, section["seconds"], section)
    return section


def run(quick: bool) -> dict[str, Any]:
    """Time scoring at three sizes, ten times apart, and report growth per 10x."""
    sizes = (1_000, 10_000, 100_000) if quick else (10_000, 100_000, 1_000_000)
    runs = [run_size(size, with_loop=True, check=index == 0) for index, size in enumerate(sizes)]
    growth = [
        ratio(later["seconds"], earlier["seconds"]) for earlier, later in itertools.pairwise(runs)
    ]
    return {
        "sizes": {str(size): section for size, section in zip(sizes, runs, strict=True)},
        "growth_per_10x": growth,
        "max_growth_per_10x": max(g for g in growth if g is not None),
        "polars_threads": pl.thread_pool_size(),
    }
