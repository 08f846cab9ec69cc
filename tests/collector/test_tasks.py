"""Task CRUD, validation, and the task versions attempts keep."""

from __future__ import annotations

import httpx
import pytest

from tests.support.candidate import started_attempt
from tests.support.server import CollectorServer, Recruiter, create_attempt

TASK = {
    "title": "Pick a vendor",
    "scenario": "Two vendors offer the same service. One is cheaper but new.",
    "category": "Judgement",
    "difficulty": "easy",
    "options": [
        {"id": "safe", "text": "The known vendor", "risk_level": "low"},
        {"id": "bold", "text": "The new vendor", "risk_level": "high"},
    ],
    "suited_positions": ["buyer"],
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"options": TASK["options"][:1]}, "body.options"),  # fewer than two options
        ({"options": [TASK["options"][0]] * 2}, "body"),  # repeated option ids
        ({"options": [{"id": "x", "text": "No risk"}, TASK["options"][1]]}, "risk_level"),
        ({"difficulty": "extreme"}, "body.difficulty"),
        ({"title": ""}, "body.title"),
    ],
)
def test_tasks_invalid_input_names_field(api: httpx.Client, change: dict, field: str) -> None:
    response = api.post("/tasks", json={**TASK, **change})
    assert response.status_code == 422
    assert field in response.json()["detail"]


def test_tasks_crud_round_trip(api: httpx.Client) -> None:
    created = api.post("/tasks", json=TASK)
    assert created.status_code == 201
    task = created.json()
    assert task["version"] == 1
    assert api.get(f"/tasks/{task['id']}").json()["title"] == TASK["title"]
    updated = api.put(f"/tasks/{task['id']}", json={"title": "Pick a supplier"})
    assert updated.status_code == 200
    assert updated.json()["version"] == 2
    assert updated.json()["options"] == TASK["options"]
    invalid = api.put(f"/tasks/{task['id']}", json={"options": TASK["options"][:1]})
    assert invalid.status_code == 422
    deleted = api.delete(f"/tasks/{task['id']}")
    assert deleted.status_code == 200
    assert deleted.json() == {"id": task["id"], "deleted": True}
    assert api.get(f"/tasks/{task['id']}").status_code == 404


def test_tasks_library_read_only_and_listed(api: httpx.Client) -> None:
    listed = api.get("/tasks", params={"page": 1, "page_size": 3}).json()
    assert listed["total"] >= 10
    assert len(listed["tasks"]) == 3
    library_id = listed["tasks"][0]["id"]
    assert listed["tasks"][0]["org_id"] is None
    response = api.put(f"/tasks/{library_id}", json={"title": "Mine now"})
    assert response.status_code == 403
    assert api.delete(f"/tasks/{library_id}").status_code == 403


def test_tasks_edit_does_not_change_existing_attempt(
    server: CollectorServer, recruiter: Recruiter, api: httpx.Client, candidate_client: httpx.Client
) -> None:
    task = api.post("/tasks", json=TASK).json()
    attempt = create_attempt(server.base_url, recruiter, task_ids=[task["id"]])
    new_options = [
        {"id": "one", "text": "First", "risk_level": "medium"},
        {"id": "two", "text": "Second", "risk_level": "low"},
    ]
    api.put(f"/tasks/{task['id']}", json={"scenario": "Changed.", "options": new_options})
    seen = started_attempt(candidate_client, attempt["token"])
    assert seen["scenario"] == TASK["scenario"]
    assert [o["id"] for o in seen["options"]] == ["safe", "bold"]
    stored = api.get(f"/attempts/{attempt['id']}").json()["tasks"][0]
    assert stored["version"] == 1
    assert stored["options"][0]["risk_level"] == "low"
    later = create_attempt(server.base_url, recruiter, task_ids=[task["id"]])
    assert later["tasks"][0]["version"] == 2


def test_tasks_population_empty_until_scored(api: httpx.Client) -> None:
    task_id = api.get("/tasks").json()["tasks"][0]["id"]
    population = api.get(f"/tasks/{task_id}/population")
    assert population.status_code == 200
    assert population.json()["task_id"] == task_id
    assert population.json()["attempt_count"] == 0
    assert api.get("/tasks/no-such-task/population").status_code == 404
