"""Skill profiles from attempt metrics: the rules of `assets.rules`, vectorised per attempt."""

from __future__ import annotations

import polars as pl

from assets.profile_fields import field_expressions
from assets.rule_engine import integrity_flags
from assets.rules import PROFILE_FIELDS, get_rules, resolve_rules_version


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
    missing = set(PROFILE_FIELDS) - {name for name, _ in fields}
    if missing:
        raise RuntimeError(f"rules {version} define no expression for {sorted(missing)}")
    return attempt_metrics.select(
        "attempt_id",
        "org_id",
        pl.lit(version).alias("rules_version"),
        *[expr for _, expr in fields],
        integrity_flags(),
        "event_ids",
    ).sort("attempt_id")
