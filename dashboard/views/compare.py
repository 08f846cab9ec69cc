"""Frames for comparing several attempts on the tasks they share."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.loaders import AttemptDetail
from dashboard.views import frames


def candidate_name(detail: AttemptDetail) -> str:
    return (detail.attempt.get("candidate_info") or {}).get("name") or detail.attempt["id"]


def shared_tasks(details: Sequence[AttemptDetail]) -> dict[str, str]:
    """Task ids every attempt contains, in the first attempt's order, with their titles."""
    if not details:
        return {}
    common = set(details[0].attempt.get("task_ids") or [])
    for detail in details[1:]:
        common &= set(detail.attempt.get("task_ids") or [])
    titles = frames.task_titles(details[0].attempt)
    return {
        task_id: titles.get(task_id, task_id).split(". ", 1)[-1]
        for task_id in details[0].attempt.get("task_ids") or []
        if task_id in common
    }


def compare_profile_frame(details: Sequence[AttemptDetail]) -> pd.DataFrame:
    """Build one row per profile dimension with one column per candidate."""
    rows = []
    for field, title in frames.PROFILE_FIELDS:
        row = {"dimension": title}
        for detail in details:
            entry = (detail.skills or {}).get(field) or {}
            row[candidate_name(detail)] = str(entry.get("label", "not computed")).replace("_", " ")
        rows.append(row)
    return pd.DataFrame(rows)


def compare_metric_frame(
    details: Sequence[AttemptDetail], tasks: dict[str, str], metric: str
) -> pd.DataFrame:
    """Long frame of one metric per shared task and candidate; durations in seconds."""
    rows = []
    for detail in details:
        per_task = {
            str(m.get("task_id")): m
            for m in frames.pick(detail.metrics, "per_task", default=[]) or []
        }
        for task_id, title in tasks.items():
            entry = per_task.get(task_id)
            if not entry:
                continue
            value = frames.seconds(entry, metric)
            if value is None:
                continue
            rows.append({"task": title, "candidate": candidate_name(detail), "value": value})
    return pd.DataFrame(rows, columns=["task", "candidate", "value"])
