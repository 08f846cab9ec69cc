"""Skill profiles from attempt metrics: the rules of `assets.rules`, vectorised per attempt."""

from __future__ import annotations

from typing import Any

import polars as pl

from assets.profile_communication import communication_depth, communication_structure
from assets.profile_fields import decision_consistency, decision_speed, risk_orientation
from assets.rule_engine import (
    Case,
    build_field,
    fmt,
    insufficient_timing,
    integrity_flags,
    seconds,
)
from assets.rules import get_rules, resolve_rules_version

c = pl.col


def thinking_style(rules: dict[str, Any]) -> pl.Expr:
    """Exploratory, Intuitive, Analytical or Methodical from flips, speed and depth."""
    th = rules["thinking_style"]
    answered = c("tasks_answered")
    flips = c("flips_per_answered_task")
    explored = c("mean_options_explored")
    median = c("median_decision_time_ms")
    depth = c("mean_reasoning_depth_score")
    cases = [
        insufficient_timing(answered, rules["minimums"]["answered_tasks"], "task(s) were answered"),
        Case(
            "exploratory",
            "Exploratory",
            (flips >= th["exploratory_min_flips_per_task"])
            | (
                (explored >= th["exploratory_min_options_explored"])
                & (flips >= th["exploratory_min_flips_when_exploring"])
            ),
            pl.format(
                "Looked at several options and changed answers along the way ({} changes and "
                "{} options explored per task).",
                fmt(flips),
                fmt(explored),
            ),
        ),
        Case(
            "intuitive",
            "Intuitive",
            (median <= th["intuitive_max_decision_ms"])
            & (flips <= th["intuitive_max_flips_per_task"]),
            pl.format(
                "Chose quickly (median {} s) and rarely changed an answer ({} changes per task).",
                seconds(median),
                fmt(flips),
            ),
        ),
        Case(
            "analytical",
            "Analytical",
            (median >= th["analytical_min_decision_ms"])
            | (depth >= th["analytical_min_depth_score"]).fill_null(False),
            pl.format(
                "Took time over decisions (median {} s) or explained them in depth "
                "(depth score {}).",
                seconds(median),
                fmt(depth, 2),
            ),
        ),
        Case(
            "methodical",
            "Methodical",
            pl.lit(True),
            pl.format(
                "Worked at a measured pace (median {} s) with few changed answers ({} per "
                "task), without fast, exploratory or analytical extremes.",
                seconds(median),
                fmt(flips),
            ),
        ),
    ]
    return build_field(
        "thinking_style",
        cases,
        compared={
            "tasks_answered": answered,
            "flips_per_answered_task": flips,
            "mean_options_explored": explored,
            "median_decision_time_ms": median,
            "mean_reasoning_depth_score": depth,
            "timing_invalid_task_count": c("timing_invalid_task_count"),
        },
        thresholds={"min_answered_tasks": rules["minimums"]["answered_tasks"], **th},
        evidence_count=answered,
        margin=pl.lit(0.5),
        task_ids=c("answered_task_ids"),
        event_ids=c("decision_event_ids"),
        rules=rules,
    )


def field_expressions(rules: dict[str, Any]) -> list[tuple[str, pl.Expr]]:
    """Return `(field name, struct expression)` for the six profile fields under `rules`."""
    return [
        ("thinking_style", thinking_style(rules)),
        ("decision_speed", decision_speed(rules)),
        ("decision_consistency", decision_consistency(rules)),
        ("risk_orientation", risk_orientation(rules)),
        ("communication_depth", communication_depth(rules)),
        ("communication_structure", communication_structure(rules)),
    ]


def build_profiles(attempt_metrics: pl.DataFrame, rules_version: str | None = None) -> pl.DataFrame:
    """Apply one rules version to every attempt.

    Args:
        attempt_metrics: The frame of `compute_attempt_metrics`.
        rules_version: A key of `RULES`; None means the newest.

    Returns:
        One row per attempt: `attempt_id`, `org_id`, `rules_version`, the six profile fields
        as structs, `integrity_flags` and `event_ids`.
    """
    version = resolve_rules_version(rules_version)
    rules = get_rules(version)
    fields = field_expressions(rules)
    return attempt_metrics.select(
        "attempt_id",
        "org_id",
        pl.lit(version).alias("rules_version"),
        *[expr for _, expr in fields],
        integrity_flags(),
        "event_ids",
    ).sort("attempt_id")
