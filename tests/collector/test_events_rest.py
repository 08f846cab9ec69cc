"""Event ingestion over REST: validation, batches and idempotency."""

from __future__ import annotations

import httpx
import pytest

from tests.support.candidate import legacy_event, started_attempt, v1_event
from tests.support.server import CollectorServer, Recruiter, create_attempt


@pytest.fixture
def session(
    server: CollectorServer, recruiter: Recruiter, candidate_client: httpx.Client
) -> tuple[dict, dict]:
    """An attempt in progress and its first task."""
    attempt = create_attempt(server.base_url, recruiter)
    return attempt, started_attempt(candidate_client, attempt["token"])


def _stored(api: httpx.Client, attempt_id: str) -> list[dict]:
    return api.get(f"/attempts/{attempt_id}/events", params={"limit": 1000}).json()["events"]


def test_events_rest_duplicate_stored_once(
    session: tuple[dict, dict], api: httpx.Client, candidate_client: httpx.Client
) -> None:
    attempt, task = session
    event = v1_event("option_selected", task["id"], 1, option_id=task["options"][0]["id"])
    url = f"/assessment/{attempt['token']}/event"
    first = candidate_client.post(url, json=event).json()
    second = candidate_client.post(url, json=event).json()
    assert first["duplicate"] is False
    assert second["duplicate"] is True
    assert second["server_seq"] == first["server_seq"]
    batch = candidate_client.post(
        f"/assessment/{attempt['token']}/events", json={"events": [event, event]}
    ).json()
    assert [a["duplicate"] for a in batch["accepted"]] == [True, True]
    assert [e["event_id"] for e in _stored(api, attempt["id"])] == [event["event_id"]]


def test_events_rest_batch_keeps_valid_events(
    session: tuple[dict, dict], api: httpx.Client, candidate_client: httpx.Client
) -> None:
    attempt, task = session
    good = v1_event("task_started", task["id"], 1, task_index=0)
    no_payload = v1_event("option_selected", task["id"], 2)
    unknown = v1_event("mind_read", task["id"], 3)
    foreign_option = v1_event("option_selected", task["id"], 4, option_id="nope")
    no_task = v1_event("reasoning_started", None, 5)
    attempt_level = v1_event("focus_lost", None, 6)
    events = [good, no_payload, unknown, foreign_option, no_task, attempt_level, "junk"]
    response = candidate_client.post(
        f"/assessment/{attempt['token']}/events", json={"events": events}
    )
    assert response.status_code == 200
    body = response.json()
    assert [a["event_id"] for a in body["accepted"]] == [
        good["event_id"],
        attempt_level["event_id"],
    ]
    rejected = {r["index"]: r for r in body["rejected"]}
    assert sorted(rejected) == [1, 2, 3, 4, 6]
    assert "payload.option_id" in rejected[1]["error"]
    assert rejected[2]["error"].startswith("type:")
    assert "not an option" in rejected[3]["error"]
    assert rejected[4]["error"].startswith("task_id:")
    assert rejected[1]["event_id"] == no_payload["event_id"]
    assert len(_stored(api, attempt["id"])) == 2


def test_events_rest_single_invalid_names_field(
    session: tuple[dict, dict], candidate_client: httpx.Client
) -> None:
    attempt, task = session
    event = v1_event("idle_detected", task["id"], 1, idle_ms=-5)
    response = candidate_client.post(f"/assessment/{attempt['token']}/event", json=event)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("payload.idle_ms:")
    legacy = legacy_event("task_completed", task["id"], reasoning="because")
    response = candidate_client.post(f"/assessment/{attempt['token']}/event", json=legacy)
    assert response.status_code == 422
    assert "selected_option_index" in response.json()["detail"]


def test_events_rest_not_a_batch_is_422(
    session: tuple[dict, dict], candidate_client: httpx.Client
) -> None:
    attempt, _ = session
    url = f"/assessment/{attempt['token']}/events"
    response = candidate_client.post(url, json={"events": "nope"})
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str)
    assert "events" in response.json()["detail"]
    assert candidate_client.post(url, content=b"{not json").status_code == 422


def test_events_rest_events_endpoint_token_in_body_or_header(
    session: tuple[dict, dict], api: httpx.Client, candidate_client: httpx.Client
) -> None:
    attempt, task = session
    in_body = v1_event("focus_lost", None, 1)
    response = candidate_client.post(
        "/events", json={"token": attempt["token"], "events": [in_body]}
    )
    assert response.status_code == 200
    assert response.json()["accepted"][0]["event_id"] == in_body["event_id"]
    in_header = v1_event("focus_gained", None, 2)
    response = candidate_client.post(
        "/events", json=in_header, headers={"X-Assessment-Token": attempt["token"]}
    )
    assert response.status_code == 200
    assert response.json()["accepted"][0]["server_seq"] == 2
    assert candidate_client.post("/events", json={"events": []}).status_code == 401
    assert len(_stored(api, attempt["id"])) == 2


def test_events_rest_event_id_of_other_attempt_rejected(
    server: CollectorServer,
    recruiter: Recruiter,
    session: tuple[dict, dict],
    candidate_client: httpx.Client,
) -> None:
    attempt, _ = session
    event = v1_event("focus_lost", None, 1)
    candidate_client.post(f"/assessment/{attempt['token']}/event", json=event).raise_for_status()
    other = create_attempt(server.base_url, recruiter)
    started_attempt(candidate_client, other["token"])
    answer = candidate_client.post(
        f"/assessment/{other['token']}/events", json={"events": [event]}
    ).json()
    assert answer["accepted"] == []
    assert answer["rejected"][0]["error"].startswith("event_id: already used")


def test_events_rest_pending_attempt_rejected(
    server: CollectorServer, recruiter: Recruiter, candidate_client: httpx.Client
) -> None:
    attempt = create_attempt(server.base_url, recruiter)
    event = v1_event("focus_lost", None, 1)
    response = candidate_client.post(f"/assessment/{attempt['token']}/event", json=event)
    assert response.status_code == 403
    assert "not in progress" in response.json()["detail"]


def test_events_rest_link_reports_last_seq(
    session: tuple[dict, dict], candidate_client: httpx.Client
) -> None:
    attempt, task = session
    url = f"/assessment/{attempt['token']}"
    assert candidate_client.get(url).json()["last_seq"] == 0
    option_id = task["options"][0]["id"]
    events = [v1_event("option_selected", task["id"], seq, option_id=option_id) for seq in (4, 2)]
    candidate_client.post(f"{url}/events", json={"events": events})
    assert candidate_client.get(url).json()["last_seq"] == 4
