"""Skill-profile rules as versioned data: every threshold in one place per `rules_version`.

Times are milliseconds, scores are in [0, 1], and counts are per attempt unless a name says
otherwise. A new version is added as a new key. Published versions are never edited, so a
stored profile can always be recomputed under the version it names.
"""

from __future__ import annotations

import copy
from typing import Any

LABELS = {
    "thinking_style": ("Analytical", "Intuitive", "Exploratory", "Methodical"),
    "decision_speed": ("Fast", "Moderate", "Deliberate"),
    "decision_consistency": ("Steady", "Variable", "Improving"),
    "risk_orientation": ("Risk-Averse", "Balanced", "Risk-Tolerant"),
    "communication_depth": ("Brief", "Moderate", "Detailed"),
    "communication_structure": ("Informal", "Semi-structured", "Structured"),
}
INSUFFICIENT_DATA = "insufficient_data"
PROFILE_FIELDS = tuple(LABELS)

_V1: dict[str, Any] = {
    "minimums": {
        # Decision-based fields need this many answered tasks (a final option chosen).
        "answered_tasks": 3,
        # Communication fields need this many tasks with at least one word of reasoning.
        "reasoned_tasks": 1,
    },
    # Confidence grows with the evidence until this many tasks back a label.
    "full_confidence_tasks": 5,
    # How far (relative to the threshold) a value must sit from its nearest threshold for
    # the margin part of the confidence to be full.
    "full_confidence_margin": 0.25,
    "thinking_style": {
        # Exploratory: many changed answers, or fewer changes while looking at most options.
        "exploratory_min_flips_per_task": 1.0,
        "exploratory_min_options_explored": 2.5,
        "exploratory_min_flips_when_exploring": 0.5,
        "intuitive_max_decision_ms": 8_000,
        "intuitive_max_flips_per_task": 0.5,
        "analytical_min_decision_ms": 25_000,
        "analytical_min_depth_score": 0.5,
    },
    "decision_speed": {"fast_max_ms": 8_000, "deliberate_min_ms": 25_000},
    "decision_consistency": {"steady_max_cv": 0.35, "improving_max_trend": -0.10},
    "risk_orientation": {"averse_max_score": 0.35, "tolerant_min_score": 0.65},
    "communication_depth": {"brief_max_words": 25, "detailed_min_words": 80},
    "communication_structure": {
        "structured_min_markers_per_task": 2.0,
        "semi_min_markers_per_task": 1.0,
        "semi_min_connectors_per_100_words": 2.0,
    },
}

# v2 tightens the speed bands and the steadiness limit. It widens "Balanced" so that one or
# two choices do not tip the label, and it needs two reasoned tasks for communication.
_V2: dict[str, Any] = copy.deepcopy(_V1)
_V2["minimums"]["reasoned_tasks"] = 2
_V2["thinking_style"].update(intuitive_max_decision_ms=5_000, analytical_min_decision_ms=20_000)
_V2["decision_speed"].update(fast_max_ms=5_000, deliberate_min_ms=20_000)
_V2["decision_consistency"].update(steady_max_cv=0.30, improving_max_trend=-0.08)
_V2["risk_orientation"].update(averse_max_score=0.30, tolerant_min_score=0.70)
_V2["communication_depth"].update(brief_max_words=30, detailed_min_words=100)

RULES: dict[str, dict[str, Any]] = {"v1": _V1, "v2": _V2}
DEFAULT_RULES_VERSION = "v2"


def resolve_rules_version(rules_version: str | None) -> str:
    """Return `rules_version`, or the newest version when it is None.

    Raises:
        ValueError: the version is not one of `RULES`.
    """
    if rules_version is None or rules_version == "":
        return DEFAULT_RULES_VERSION
    if rules_version not in RULES:
        raise ValueError(
            f"unknown rules_version {rules_version!r}; valid versions: {', '.join(sorted(RULES))}"
        )
    return rules_version


def get_rules(rules_version: str | None = None) -> dict[str, Any]:
    """Return a copy of the thresholds of `rules_version` (default: the newest)."""
    return copy.deepcopy(RULES[resolve_rules_version(rules_version)])
