"""Plain-text rendering of the demo's metrics table and skill profile."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

PROFILE_FIELDS = (
    "thinking_style",
    "decision_speed",
    "decision_consistency",
    "risk_orientation",
    "communication_depth",
    "communication_structure",
)
# Per-task columns shown first when the metrics carry them; other scalar columns follow.
PREFERRED_COLUMNS = (
    "task_id",
    "total_time_ms",
    "active_time_ms",
    "idle_time_ms",
    "initiation_time_ms",
    "time_to_first_selection_ms",
    "time_to_final_decision_ms",
    "hover_count",
    "options_explored",
    "flips",
    "reasoning_word_count",
    "reasoning_depth_score",
    "final_risk_level",
)
MAX_COLUMNS = 9


def format_table(rows: Sequence[dict[str, Any]]) -> str:
    """Return rows of scalar values as an aligned text table."""
    if not rows:
        return "(no rows)"
    scalar = [key for key, value in rows[0].items() if isinstance(value, (str, int, float))]
    columns = [key for key in PREFERRED_COLUMNS if key in scalar]
    columns += [key for key in scalar if key not in columns]
    columns = columns[:MAX_COLUMNS]
    cells = [[_cell(row.get(key)) for key in columns] for row in rows]
    widths = [max(len(key), *(len(row[i]) for row in cells)) for i, key in enumerate(columns)]
    lines = ["  ".join(key.ljust(width) for key, width in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def format_profile(profile: dict[str, Any]) -> str:
    """Return each profile field's label, confidence, explanation and evidence rule."""
    lines = []
    for field in PROFILE_FIELDS:
        entry = profile.get(field) or {}
        confidence = entry.get("confidence")
        shown = f" (confidence {confidence:.2f})" if isinstance(confidence, (int, float)) else ""
        lines.append(f"{field}: {entry.get('label', 'missing')}{shown}")
        if entry.get("explanation"):
            lines.append(f"    {entry['explanation']}")
        evidence = entry.get("evidence") or {}
        if isinstance(evidence, dict) and evidence.get("rule_id"):
            lines.append(f"    rule {evidence['rule_id']}")
    return "\n".join(lines)


def format_demo_report(result: dict[str, Any]) -> str:
    """Return the demo's human-readable summary."""
    resume = result.get("resume", {}).get("candidate_info", {})
    metrics = result.get("metrics", {})
    lineage = result.get("lineage", {})
    per_task = metrics.get("per_task") or metrics.get("per_task_metrics") or []
    parts = [
        f"Candidate: {resume.get('name')} <{resume.get('email')}>, {resume.get('position')}",
        f"Attempt: {result.get('attempt_id')} ({result.get('events_sent')} events replayed)",
        "",
        "Metrics per task",
        format_table(per_task),
        "",
        "Skill profile",
        format_profile(result.get("profile", {})),
        "",
        f"Lineage: run {lineage.get('run_id')}, rules {lineage.get('rules_version')}, "
        f"code {lineage.get('code_version')}",
    ]
    return "\n".join(parts)
