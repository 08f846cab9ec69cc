"""The population route on a real collector: one organisation's attempts only."""

from __future__ import annotations

import httpx

from hiremate.settings import Settings
from hiremate.store import open_store
from tests.support.server import create_recruiter, run_collector


def _metrics_doc(attempt_id: str, org_id: str, task_id: str, decision_ms: float) -> dict:
    task = {"task_id": task_id, "status": "completed", "time_to_final_decision_ms": decision_ms}
    return {"attempt_id": attempt_id, "org_id": org_id, "per_task": [task]}


def test_population_route_scoped_to_caller_org(tmp_path):
    with run_collector(tmp_path / "server") as server:
        first = create_recruiter(server.base_url)
        second = create_recruiter(server.base_url)
        tasks = httpx.get(f"{server.api_url}/tasks", headers=first.headers, timeout=30.0)
        task_id = tasks.json()["tasks"][0]["id"]
        with open_store(Settings(data_dir=server.data_dir, _env_file=None)) as store:
            for n in range(6):
                doc = _metrics_doc(f"first-{n}", first.org_id, task_id, 1_000.0 * (n + 1))
                store.append_version("metrics", doc["attempt_id"], doc)
            for n in range(2):
                doc = _metrics_doc(f"second-{n}", second.org_id, task_id, 50_000.0)
                store.append_version("metrics", doc["attempt_id"], doc)
        url = f"{server.api_url}/tasks/{task_id}/population"
        own = httpx.get(url, headers=first.headers, timeout=30.0)
        other = httpx.get(url, headers=second.headers, timeout=30.0)
    assert own.status_code == 200
    assert own.json()["attempt_count"] == 6
    assert own.json()["sufficient"] is True
    decision = own.json()["metrics"]["time_to_final_decision_ms"]
    assert decision["count"] == 6
    assert decision["p50"] == 3_500
    assert "min" not in decision
    assert "max" not in decision
    # The second organisation gets only its own two attempts, too few to summarise.
    assert other.status_code == 200
    assert other.json()["attempt_count"] == 2
    assert other.json()["sufficient"] is False
    assert other.json()["metrics"] == {}
