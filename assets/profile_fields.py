"""The decision-time and risk fields of the profile: branches, compared metrics, thresholds."""

from __future__ import annotations

from typing import Any

import polars as pl

from assets.rule_engine import (
    Case,
    build_field,
    fmt,
    insufficient,
    insufficient_timing,
    margin,
    seconds,
)

c = pl.col


def decision_speed(rules: dict[str, Any]) -> pl.Expr:
    """Fast, Moderate or Deliberate from the median decision time."""
    th = rules["decision_speed"]
    answered = c("tasks_answered")
    median = c("median_decision_time_ms")
    fast, deliberate = th["fast_max_ms"], th["deliberate_min_ms"]
    cases = [
        insufficient_timing(answered, rules["minimums"]["answered_tasks"], "task(s) were answered"),
        Case(
            "fast",
            "Fast",
            median < fast,
            pl.format(
                f"Settled on an answer in a median of {{}} s over {{}} tasks, under the "
                f"{fast / 1000:g} s limit for Fast.",
                seconds(median),
                answered,
            ),
        ),
        Case(
            "deliberate",
            "Deliberate",
            median >= deliberate,
            pl.format(
                f"Took a median of {{}} s per decision over {{}} tasks, at or above the "
                f"{deliberate / 1000:g} s mark for Deliberate.",
                seconds(median),
                answered,
            ),
        ),
        Case(
            "moderate",
            "Moderate",
            pl.lit(True),
            pl.format(
                f"Took a median of {{}} s per decision over {{}} tasks, between "
                f"{fast / 1000:g} s and {deliberate / 1000:g} s.",
                seconds(median),
                answered,
            ),
        ),
    ]
    return build_field(
        "decision_speed",
        cases,
        compared={
            "tasks_answered": answered,
            "median_decision_time_ms": median,
            "timing_invalid_task_count": c("timing_invalid_task_count"),
        },
        thresholds={"min_answered_tasks": rules["minimums"]["answered_tasks"], **th},
        evidence_count=answered,
        margin=margin(median, [fast, deliberate], rules["full_confidence_margin"]),
        task_ids=c("answered_task_ids"),
        event_ids=c("decision_event_ids"),
        rules=rules,
    )


def decision_consistency(rules: dict[str, Any]) -> pl.Expr:
    """Steady, Improving or Variable from the spread and trend of decision times."""
    th = rules["decision_consistency"]
    answered = c("tasks_answered")
    cv = c("decision_time_cv")
    trend = c("decision_time_trend")
    steady, improving = th["steady_max_cv"], th["improving_max_trend"]
    cases = [
        insufficient_timing(answered, rules["minimums"]["answered_tasks"], "task(s) were answered"),
        Case(
            "steady",
            "Steady",
            cv <= steady,
            pl.format(
                f"Decision times varied little between tasks (coefficient of variation {{}}, "
                f"at most {steady:g}).",
                fmt(cv, 2),
            ),
        ),
        Case(
            "improving",
            "Improving",
            trend <= improving,
            pl.format(
                "Decisions got faster from task to task (about {}% per task) although their "
                "times varied (coefficient of variation {}).",
                fmt(-100.0 * trend, 0),
                fmt(cv, 2),
            ),
        ),
        Case(
            "variable",
            "Variable",
            pl.lit(True),
            pl.format(
                f"Decision times varied between tasks (coefficient of variation {{}}, above "
                f"{steady:g}) without getting steadily faster.",
                fmt(cv, 2),
            ),
        ),
    ]
    return build_field(
        "decision_consistency",
        cases,
        compared={
            "tasks_answered": answered,
            "decision_time_cv": cv,
            "decision_time_trend": trend,
            "timing_invalid_task_count": c("timing_invalid_task_count"),
        },
        thresholds={"min_answered_tasks": rules["minimums"]["answered_tasks"], **th},
        evidence_count=answered,
        margin=margin(cv, [steady], rules["full_confidence_margin"]),
        task_ids=c("answered_task_ids"),
        event_ids=c("decision_event_ids"),
        rules=rules,
    )


def risk_orientation(rules: dict[str, Any]) -> pl.Expr:
    """Risk-Averse, Balanced or Risk-Tolerant from the risk preference score."""
    th = rules["risk_orientation"]
    known = c("risk_known_count")
    score = c("risk_preference_score")
    averse, tolerant = th["averse_max_score"], th["tolerant_min_score"]
    counts = pl.format(
        "{} low-, {} medium- and {} high-risk choices",
        c("risk_low_count"),
        c("risk_medium_count"),
        c("risk_high_count"),
    )
    cases = [
        insufficient(known, rules["minimums"]["answered_tasks"], "answer(s) had a risk level"),
        Case(
            "risk_averse",
            "Risk-Averse",
            score <= averse,
            pl.format(
                f"Mostly chose the safer options: {{}} (risk score {{}}, at most {averse:g}).",
                counts,
                fmt(score, 2),
            ),
        ),
        Case(
            "risk_tolerant",
            "Risk-Tolerant",
            score >= tolerant,
            pl.format(
                f"Mostly chose the riskier options: {{}} (risk score {{}}, at least {tolerant:g}).",
                counts,
                fmt(score, 2),
            ),
        ),
        Case(
            "balanced",
            "Balanced",
            pl.lit(True),
            pl.format(
                f"Mixed safe and risky options: {{}} (risk score {{}}, between {averse:g} and "
                f"{tolerant:g}).",
                counts,
                fmt(score, 2),
            ),
        ),
    ]
    return build_field(
        "risk_orientation",
        cases,
        compared={
            "risk_known_count": known,
            "risk_preference_score": score,
            "risk_low_count": c("risk_low_count"),
            "risk_medium_count": c("risk_medium_count"),
            "risk_high_count": c("risk_high_count"),
        },
        thresholds={"min_answered_tasks": rules["minimums"]["answered_tasks"], **th},
        evidence_count=known,
        margin=margin(score, [averse, tolerant], rules["full_confidence_margin"]),
        task_ids=c("answered_task_ids"),
        event_ids=c("decision_event_ids"),
        rules=rules,
    )
