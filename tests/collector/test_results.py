"""Metrics, skill profiles, recompute requests, dashboard numbers and health probes."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from hiremate.settings import Settings
from hiremate.store import Store, open_store, utc_now
from tests.support.candidate import started_attempt
from tests.support.server import CollectorServer, Recruiter, create_attempt, create_recruiter

LABEL = {"label": "Balanced", "explanation": "x", "evidence": [], "confidence": 0.5}


@pytest.fixture
def store(server: CollectorServer) -> Iterator[Store]:
    """The server's own store, opened from the test process as the pipeline would."""
    with open_store(Settings(data_dir=server.data_dir, _env_file=None)) as opened:
        yield opened


@pytest.fixture
def completed(
    server: CollectorServer, recruiter: Recruiter, candidate_client: httpx.Client
) -> dict:
    attempt = create_attempt(server.base_url, recruiter)
    started_attempt(candidate_client, attempt["token"])
    candidate_client.post(f"/assessment/{attempt['token']}/complete").raise_for_status()
    return attempt


def _requests(store: Store, attempt_id: str, kind: str) -> list[dict]:
    return store.find("recompute_requests", {"attempt_id": attempt_id, "kind": kind})


def test_results_metrics_compute_records_request(
    completed: dict, api: httpx.Client, store: Store
) -> None:
    attempt_id = completed["id"]
    assert api.get(f"/metrics/attempt/{attempt_id}").status_code == 404
    queued = api.post(f"/metrics/attempt/{attempt_id}/compute", json={"force_recompute": False})
    assert queued.status_code == 202
    assert queued.json()["recompute"]["status"] == "pending"
    assert queued.json()["per_task_metrics"] == []
    again = api.post(f"/metrics/attempt/{attempt_id}/compute", json={"force_recompute": False})
    assert again.json()["recompute"]["request_id"] == queued.json()["recompute"]["request_id"]
    assert len(_requests(store, attempt_id, "metrics")) == 1

    for request in _requests(store, attempt_id, "metrics"):
        store.update("recompute_requests", request["id"], {"status": "done"})
    doc = {"org_id": completed["org_id"], "run_id": "run-1", "computed_at": utc_now()}
    store.append_version("metrics", attempt_id, {**doc, "per_task_metrics": [{"x": 1}]})
    stored = api.get(f"/metrics/attempt/{attempt_id}")
    assert stored.status_code == 200
    assert stored.json()["per_task_metrics"] == [{"x": 1}]
    assert stored.json()["overall_score"] is None
    current = api.post(f"/metrics/attempt/{attempt_id}/compute", json={"force_recompute": False})
    assert current.status_code == 200
    assert current.json()["recompute"]["status"] == "not_requested"
    forced = api.post(f"/metrics/attempt/{attempt_id}/compute", json={"force_recompute": True})
    assert forced.json()["recompute"]["status"] == "pending"
    assert forced.json()["version"] == 1
    assert [r["force"] for r in _requests(store, attempt_id, "metrics")] == [False, True]


def test_results_compute_before_completion_409(
    server: CollectorServer, recruiter: Recruiter, api: httpx.Client
) -> None:
    attempt = create_attempt(server.base_url, recruiter)
    response = api.post(f"/metrics/attempt/{attempt['id']}/compute", json={})
    assert response.status_code == 409
    assert api.post(f"/skills/attempt/{attempt['id']}/generate").status_code == 409


def test_results_skills_profile_history(completed: dict, api: httpx.Client, store: Store) -> None:
    attempt_id = completed["id"]
    queued = api.post(f"/skills/attempt/{attempt_id}/generate")
    assert queued.status_code == 202
    assert len(_requests(store, attempt_id, "skills")) == 1
    for version in (1, 2):
        store.append_version(
            "profiles",
            attempt_id,
            {"org_id": completed["org_id"], "run_id": f"run-{version}", "risk_orientation": LABEL},
        )
    newest = api.get(f"/skills/attempt/{attempt_id}").json()
    assert newest["version"] == 2
    assert newest["risk_orientation"]["label"] == "Balanced"
    assert [h["version"] for h in newest["history"]] == [2, 1]
    oldest = api.get(f"/skills/attempt/{attempt_id}", params={"version": 1}).json()
    assert oldest["run_id"] == "run-1"


def test_results_dashboard_counts_and_activity(
    server: CollectorServer, candidate_client: httpx.Client
) -> None:
    recruiter = create_recruiter(server.base_url)
    for _ in range(2):
        create_attempt(server.base_url, recruiter)
    done = create_attempt(server.base_url, recruiter, name="Finished Person")
    started_attempt(candidate_client, done["token"])
    candidate_client.post(f"/assessment/{done['token']}/complete").raise_for_status()
    with httpx.Client(base_url=server.api_url, headers=recruiter.headers) as api:
        stats = api.get("/dashboard/stats").json()
        activity = api.get("/dashboard/activity", params={"limit": 5}).json()["activities"]
    assert stats["total_candidates"] == 3
    assert stats["completed_today"] == 1
    assert stats["completion_rate"] == 33.3
    assert len(activity) == 5
    assert activity[0]["action"] == "Finished Person completed the assessment"
    assert activity[0]["type"] == "success"
    assert activity[0]["timestamp"].startswith(str(utc_now().year))
    assert "T" in activity[0]["timestamp"]


def test_results_health_probes(server: CollectorServer) -> None:
    assert httpx.get(f"{server.base_url}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{server.base_url}/readyz")
    assert ready.status_code == 200
    assert ready.headers["x-request-id"]
