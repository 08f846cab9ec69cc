"""Every recruiter endpoint returns 404 for another organisation's ids."""

from __future__ import annotations

import re

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.support.server import CollectorServer, Recruiter, create_attempt, create_recruiter

TASK = {
    "title": "Pick a vendor",
    "scenario": "Two vendors offer the same service. One is cheaper but new.",
    "options": [
        {"id": "safe", "text": "The known vendor", "risk_level": "low"},
        {"id": "bold", "text": "The new vendor", "risk_level": "high"},
    ],
}
# Routes whose ids are the candidate token or a resume file, checked elsewhere.
OTHER_PARAMS = {"token", "file_id", "index"}


def _recruiter_routes(server: CollectorServer) -> list[tuple[str, str]]:
    schema = httpx.get(f"{server.base_url}/openapi.json").json()
    routes = []
    for path, item in schema["paths"].items():
        params = set(re.findall(r"{(\w+)}", path))
        if not params or params & OTHER_PARAMS:
            continue
        routes.extend((method.upper(), path) for method in item)
    return routes


@pytest.fixture
def owner_ids(server: CollectorServer, recruiter: Recruiter, api: httpx.Client) -> dict[str, str]:
    task = api.post("/tasks", json=TASK)
    task.raise_for_status()
    attempt = create_attempt(server.base_url, recruiter, task_ids=[task.json()["id"]])
    return {"task_id": task.json()["id"], "attempt_id": attempt["id"]}


def test_org_isolation_every_id_route_404(
    server: CollectorServer, owner_ids: dict[str, str], api: httpx.Client
) -> None:
    outsider = create_recruiter(server.base_url)
    routes = _recruiter_routes(server)
    covered = {path for _, path in routes}
    assert "/api/v1/attempts/{attempt_id}" in covered
    assert "/api/v1/attempts/{attempt_id}/events" in covered
    assert "/api/v1/tasks/{task_id}" in covered
    assert "/api/v1/metrics/attempt/{attempt_id}/compute" in covered
    assert "/api/v1/skills/attempt/{attempt_id}" in covered
    with httpx.Client(base_url=server.base_url, headers=outsider.headers, timeout=30.0) as client:
        for method, path in routes:
            url = path.format(**owner_ids)
            kwargs = {"json": {}} if method in ("POST", "PUT") else {}
            response = client.request(method, url, **kwargs)
            assert response.status_code == 404, f"{method} {path}: {response.status_code}"
            assert isinstance(response.json()["detail"], str)
    # The owner still sees them.
    assert api.get(f"/attempts/{owner_ids['attempt_id']}").status_code == 200
    assert api.get(f"/tasks/{owner_ids['task_id']}").status_code == 200


def test_org_isolation_lists_show_only_own(
    server: CollectorServer, owner_ids: dict[str, str]
) -> None:
    outsider = create_recruiter(server.base_url)
    with httpx.Client(base_url=server.api_url, headers=outsider.headers) as client:
        attempts = client.get("/attempts").json()
        tasks = client.get("/tasks", params={"page_size": 100}).json()["tasks"]
        stats = client.get("/dashboard/stats").json()
        activity = client.get("/dashboard/activity").json()["activities"]
    assert attempts["total"] == 0
    assert owner_ids["task_id"] not in {t["id"] for t in tasks}
    assert all(t["org_id"] is None for t in tasks)
    assert stats["total_candidates"] == 0
    assert activity == []


def test_org_isolation_live_socket_refused(
    server: CollectorServer, owner_ids: dict[str, str]
) -> None:
    outsider = create_recruiter(server.base_url)
    url = f"{server.ws_url}/ws/live/{owner_ids['attempt_id']}?token={outsider.access_token}"
    with pytest.raises(InvalidStatus) as refused, connect(url, open_timeout=10):
        pass
    assert refused.value.response.status_code == 403
