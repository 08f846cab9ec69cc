"""Task suggestion from a parsed position."""

from __future__ import annotations

import pytest

from hiremate.resume.suggest import MAX_MATCHED, suggest_tasks
from hiremate.tasks_library import LIBRARY_TASKS


def _ids(position: str | None, tasks: list[dict] = LIBRARY_TASKS, minimum: int = 5) -> list[str]:
    return [item["task_id"] for item in suggest_tasks(position, tasks, minimum=minimum)]


@pytest.mark.parametrize(
    ("position", "first"),
    [
        ("Certified Public Accountant", "task-budget-variance"),
        ("Accounting Manager", "task-budget-variance"),
        ("Desktop Support Technician", "task-release-bug"),
        ("Senior Software Engineer", "task-release-bug"),
        ("Director of Operations", "task-urgent-requests"),
    ],
)
def test_suggest_tasks_position_match_first(position: str, first: str) -> None:
    assert _ids(position)[0] == first


@pytest.mark.parametrize(
    "position", ["Certified Public Accountant", "Practice Manager", "Chef", "", None]
)
def test_suggest_tasks_at_least_minimum(position: str | None) -> None:
    suggestions = suggest_tasks(position, LIBRARY_TASKS)
    ids = [item["task_id"] for item in suggestions]
    assert len(ids) >= 5
    assert len(ids) == len(set(ids))
    assert all(item["reason"] for item in suggestions)


def test_suggest_tasks_matched_capped() -> None:
    assert len(_ids("Desktop Support Manager")) <= MAX_MATCHED


def test_suggest_tasks_reason_names_position() -> None:
    suggestions = suggest_tasks("Desktop Support Technician", LIBRARY_TASKS)
    assert "desktop support" in suggestions[0]["reason"]
    assert "Desktop Support Technician" in suggestions[0]["reason"]


def test_suggest_tasks_no_position_uses_general() -> None:
    suggestions = suggest_tasks(None, LIBRARY_TASKS)
    general = {task["id"] for task in LIBRARY_TASKS if "general" in task["suited_positions"]}
    assert {item["task_id"] for item in suggestions} <= general
    assert "no position" in suggestions[0]["reason"]


def test_suggest_tasks_skips_deleted() -> None:
    tasks = [dict(task) for task in LIBRARY_TASKS]
    tasks[1]["deleted_at"] = "2026-01-01T00:00:00Z"
    assert "task-budget-variance" not in _ids("Accountant", tasks)


def test_suggest_tasks_small_library_returns_all() -> None:
    assert sorted(_ids("Chef", LIBRARY_TASKS[:3])) == sorted(t["id"] for t in LIBRARY_TASKS[:3])


def test_suggest_tasks_deterministic() -> None:
    assert _ids("Data Analyst") == _ids("Data Analyst")


def test_suggest_tasks_org_task_matched() -> None:
    own = {
        "id": "own-1",
        "category": "Cooking",
        "suited_positions": ["chef", "cook"],
        "deleted_at": None,
    }
    suggestions = suggest_tasks("Head Chef", [*LIBRARY_TASKS, own])
    assert suggestions[0]["task_id"] == "own-1"
    assert "chef" in suggestions[0]["reason"]
