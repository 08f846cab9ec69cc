"""Small rendering helpers shared by several pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.views import frames

STATUS_COLORS = {
    "pending": "gray",
    "in_progress": "blue",
    "completed": "green",
    "expired": "red",
}


def status_badge(status: str | None) -> str:
    """Return Markdown for a coloured status badge."""
    status = status or "unknown"
    color = STATUS_COLORS.get(status, "gray")
    return f":{color}-badge[{status.replace('_', ' ')}]"


def format_time(value: Any) -> str:
    """Format an ISO timestamp as `YYYY-MM-DD HH:MM UTC`, or a dash when missing."""
    if not value:
        return "-"
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return str(value)


def render_evidence(evidence: Any, titles: Mapping[str, str] | None = None) -> None:
    """Show a label's evidence: the rule, the values and thresholds it compared, its sources."""
    if not evidence:
        st.caption("No evidence recorded.")
        return
    if isinstance(evidence, str):
        st.markdown(evidence)
        return
    if not isinstance(evidence, Mapping):
        st.markdown("\n".join(f"- {_short(item)}" for item in evidence))
        return

    titles = titles or {}
    lines = []
    if evidence.get("rule_id"):
        lines.append(f"**Rule:** `{evidence['rule_id']}`")
    compared = evidence.get("compared") or {}
    thresholds = evidence.get("thresholds") or {}
    if compared:
        lines.append("**Measured:** " + ", ".join(_pair(k, v) for k, v in compared.items()))
    if thresholds:
        lines.append("**Thresholds:** " + ", ".join(_pair(k, v) for k, v in thresholds.items()))
    task_ids = evidence.get("task_ids") or []
    if task_ids:
        names = [titles.get(str(task_id), str(task_id)) for task_id in task_ids]
        lines.append("**Tasks:** " + "; ".join(names))

    event_ids = evidence.get("event_ids") or []
    if event_ids:
        lines.append(f"**Events:** {len(event_ids)} behind this label")
    known = {"rule_id", "compared", "thresholds", "task_ids", "event_ids"}
    for key, value in evidence.items():
        if key not in known and value not in (None, "", [], {}):
            lines.append(f"**{key.replace('_', ' ').capitalize()}:** {_short(value)}")
    st.markdown("  \n".join(lines))


def _pair(name: str, value: Any) -> str:
    """Format one metric as `name value`, showing `_ms` values in seconds."""
    if name.endswith("_ms") and isinstance(value, (int, float)):
        return f"{name.removesuffix('_ms').replace('_', ' ')} {value / 1000:.1f} s"
    if isinstance(value, float):
        return f"{name.replace('_', ' ')} {value:.2f}"
    return f"{name.replace('_', ' ')} {value}"


def integrity_flag_text(flag: Any, titles: Mapping[str, str]) -> str:
    """Describe one integrity flag, such as `paste: 2 times, in Task 1`."""
    if not isinstance(flag, Mapping):
        return str(flag)
    name = str(flag.get("flag") or flag.get("type") or "signal").replace("_", " ")
    count = flag.get("count")
    text = f"{name}: {count} time{'s' if count != 1 else ''}" if count is not None else name
    tasks = [titles.get(str(task_id), str(task_id)) for task_id in flag.get("task_ids") or []]
    if tasks:
        text += ", in " + "; ".join(tasks)
    description = flag.get("description") or flag.get("message")
    return f"{text}. {description}" if description else text


def _short(value: Any) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def render_profile_history(skills: Mapping[str, Any] | None, dagster_url: str) -> None:
    """Table of every profile version with its rules version and a link to its Dagster run."""
    history = frames.pick(skills, "history", "versions", default=[]) or []
    if not history:
        st.info("No profile versions yet.")
        return
    rows = []
    for version in history:
        run_id = version.get("run_id")
        labels = [
            str((version.get(field) or {}).get("label", "-")) for field, _ in frames.PROFILE_FIELDS
        ]
        rows.append(
            {
                "version": version.get("version"),
                "rules version": version.get("rules_version"),
                "code version": version.get("code_version"),
                "computed": format_time(version.get("computed_at")),
                "labels": " / ".join(labels),
                "Dagster run": f"{dagster_url}/runs/{run_id}" if run_id and dagster_url else None,
            }
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            "Dagster run": st.column_config.LinkColumn(
                "Dagster run", display_text=r"/runs/([^/]+)$", help="Open the run in Dagster"
            )
        },
    )
