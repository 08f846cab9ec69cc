"""The two communication fields of the profile, from the reasoning text metrics."""

from __future__ import annotations

from typing import Any

import polars as pl

from assets.rule_engine import Case, build_field, fmt, insufficient, margin

c = pl.col
REASONED = "task(s) had reasoning text"


def communication_depth(rules: dict[str, Any]) -> pl.Expr:
    """Brief, Moderate or Detailed from the median word count of reasoned tasks."""
    th = rules["communication_depth"]
    minimum = rules["minimums"]["reasoned_tasks"]
    reasoned = c("reasoned_task_count")
    words = c("median_reasoning_word_count")
    brief, detailed = th["brief_max_words"], th["detailed_min_words"]
    cases = [
        insufficient(reasoned, minimum, REASONED),
        Case(
            "brief",
            "Brief",
            words < brief,
            pl.format(
                f"Wrote a median of {{}} words of reasoning over {{}} tasks, under {brief} words.",
                fmt(words, 0),
                reasoned,
            ),
        ),
        Case(
            "detailed",
            "Detailed",
            words >= detailed,
            pl.format(
                f"Wrote a median of {{}} words of reasoning over {{}} tasks, at least "
                f"{detailed} words.",
                fmt(words, 0),
                reasoned,
            ),
        ),
        Case(
            "moderate",
            "Moderate",
            pl.lit(True),
            pl.format(
                f"Wrote a median of {{}} words of reasoning over {{}} tasks, between {brief} "
                f"and {detailed} words.",
                fmt(words, 0),
                reasoned,
            ),
        ),
    ]
    return build_field(
        "communication_depth",
        cases,
        compared={"reasoned_task_count": reasoned, "median_reasoning_word_count": words},
        thresholds={"min_reasoned_tasks": minimum, **th},
        evidence_count=reasoned,
        margin=margin(words, [brief, detailed], rules["full_confidence_margin"]),
        task_ids=c("reasoned_task_ids"),
        event_ids=c("reasoning_event_ids"),
        rules=rules,
    )


def communication_structure(rules: dict[str, Any]) -> pl.Expr:
    """Informal, Semi-structured or Structured from structure markers and connectors."""
    th = rules["communication_structure"]
    minimum = rules["minimums"]["reasoned_tasks"]
    reasoned = c("reasoned_task_count")
    markers = c("mean_structure_markers")
    connectors = c("connectors_per_100_words")
    structured = th["structured_min_markers_per_task"]
    semi_markers = th["semi_min_markers_per_task"]
    semi_connectors = th["semi_min_connectors_per_100_words"]
    cases = [
        insufficient(reasoned, minimum, REASONED),
        Case(
            "structured",
            "Structured",
            markers >= structured,
            pl.format(
                f"Organised the reasoning into steps or lists ({{}} structure markers per "
                f"task, at least {structured:g}).",
                fmt(markers),
            ),
        ),
        Case(
            "semi_structured",
            "Semi-structured",
            (markers >= semi_markers) | (connectors >= semi_connectors),
            pl.format(
                "Linked ideas with connectors ({} per 100 words) or some steps ({} structure "
                "markers per task).",
                fmt(connectors),
                fmt(markers),
            ),
        ),
        Case(
            "informal",
            "Informal",
            pl.lit(True),
            pl.format(
                f"Wrote free text with few connectors ({{}} per 100 words, under "
                f"{semi_connectors:g}) and few steps or lists ({{}} per task).",
                fmt(connectors),
                fmt(markers),
            ),
        ),
    ]
    return build_field(
        "communication_structure",
        cases,
        compared={
            "reasoned_task_count": reasoned,
            "mean_structure_markers": markers,
            "connectors_per_100_words": connectors,
        },
        thresholds={"min_reasoned_tasks": minimum, **th},
        evidence_count=reasoned,
        margin=margin(markers, [semi_markers, structured], rules["full_confidence_margin"]),
        task_ids=c("reasoned_task_ids"),
        event_ids=c("reasoning_event_ids"),
        rules=rules,
    )
