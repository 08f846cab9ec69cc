"""Building blocks of vectorised rules: cases, the profile field struct, integrity flags."""

from __future__ import annotations

import dataclasses
from typing import Any

import polars as pl

from assets.rules import INSUFFICIENT_DATA
from assets.task_metrics import INTEGRITY_TYPES
from assets.timing import MAX_TASK_SPAN_MS


@dataclasses.dataclass(frozen=True)
class Case:
    """One branch of a rule: the label it gives, when, and the sentence that explains it."""

    name: str
    label: str
    condition: pl.Expr
    explanation: pl.Expr


def fmt(expr: pl.Expr, digits: int = 1) -> pl.Expr:
    """Format a number for an explanation, `n/a` when it is null."""
    return expr.round(digits).cast(pl.String).fill_null("n/a")


def seconds(expr: pl.Expr) -> pl.Expr:
    """Format milliseconds as seconds with one decimal."""
    return fmt(expr / 1000.0)


def margin(value: pl.Expr, thresholds: list[float], full_margin: float) -> pl.Expr:
    """Relative distance from the nearest threshold, scaled so `full_margin` gives 1."""
    distances = [(value - t).abs() / abs(t) if t else (value - t).abs() for t in thresholds]
    return (pl.min_horizontal(*distances) / full_margin).clip(0.0, 1.0).fill_null(0.0)


def build_field(
    field: str,
    cases: list[Case],
    *,
    compared: dict[str, pl.Expr],
    thresholds: dict[str, float],
    evidence_count: pl.Expr,
    margin: pl.Expr,
    task_ids: pl.Expr,
    event_ids: pl.Expr,
    rules: dict[str, Any],
) -> pl.Expr:
    """Build the `{label, explanation, evidence, confidence}` struct of one profile field.

    The first case is the `insufficient_data` branch; the last one applies when no earlier
    condition holds, so its condition is not evaluated.
    """
    label: Any = pl
    rule_id: Any = pl
    explanation: Any = pl
    for case in cases[:-1]:
        label = label.when(case.condition).then(pl.lit(case.label))
        rule_id = rule_id.when(case.condition).then(pl.lit(f"{field}.{case.name}"))
        explanation = explanation.when(case.condition).then(case.explanation)
    last = cases[-1]
    label = label.otherwise(pl.lit(last.label))
    rule_id = rule_id.otherwise(pl.lit(f"{field}.{last.name}"))
    explanation = explanation.otherwise(last.explanation)
    coverage = (evidence_count / rules["full_confidence_tasks"]).clip(0.0, 1.0)
    confidence = pl.when(cases[0].condition).then(0.0).otherwise(coverage * (0.5 + 0.5 * margin))
    evidence = pl.struct(
        rule_id.alias("rule_id"),
        pl.struct(**compared).alias("compared"),
        pl.struct(**{k: pl.lit(float(v)) for k, v in thresholds.items()}).alias("thresholds"),
        task_ids.alias("task_ids"),
        event_ids.alias("event_ids"),
    )
    return pl.struct(
        label.alias("label"),
        explanation.alias("explanation"),
        evidence.alias("evidence"),
        confidence.round(2).alias("confidence"),
    ).alias(field)


def insufficient(count: pl.Expr, minimum: int, what: str) -> Case:
    return Case(
        INSUFFICIENT_DATA,
        INSUFFICIENT_DATA,
        count < minimum,
        pl.format(f"Only {{}} {what}; at least {minimum} are needed for this label.", count),
    )


def insufficient_timing(count: pl.Expr, minimum: int, what: str) -> Case:
    """Return the `insufficient_data` case of a field that reads decision times.

    It also applies when any task of the attempt has implausible client timestamps
    (`timing_invalid_task_count` > 0), because then no decision time can be trusted.
    """
    invalid = pl.col("timing_invalid_task_count")
    too_few = insufficient(count, minimum, what)
    return Case(
        INSUFFICIENT_DATA,
        INSUFFICIENT_DATA,
        too_few.condition | (invalid > 0),
        pl.when(invalid > 0)
        .then(
            pl.format(
                "The event timestamps are inconsistent on {} task(s) (the client clock ran "
                "backwards, the events span more than {} h, or idle time exceeds the task "
                "time), so decision times cannot be trusted.",
                invalid,
                pl.lit(MAX_TASK_SPAN_MS // 3_600_000),
            )
        )
        .otherwise(too_few.explanation),
    )


def integrity_flags() -> pl.Expr:
    """List the integrity signals seen, for a human to review; no rule reads them."""
    empty = pl.lit([], dtype=pl.List(pl.String))
    flags = [
        pl.struct(
            pl.lit(flag).alias("flag"),
            pl.col(f"{flag}_count").alias("count"),
            empty.alias("task_ids"),
            pl.col(f"{flag}_event_ids").alias("event_ids"),
        )
        for flag in INTEGRITY_TYPES.values()
    ]
    flags.append(
        pl.struct(
            pl.lit("fast_decision").alias("flag"),
            pl.col("fast_decision_count").alias("count"),
            pl.col("fast_decision_task_ids").alias("task_ids"),
            empty.alias("event_ids"),
        )
    )
    return (
        pl.concat_list(flags)
        .list.filter(pl.element().struct.field("count") > 0)
        .alias("integrity_flags")
    )
