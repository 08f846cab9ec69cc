"""Attempt creation, listing with paging, status and search, and candidate links."""

from __future__ import annotations

import httpx

from tests.support.candidate import started_attempt
from tests.support.server import CollectorServer, Recruiter, create_attempt, create_recruiter


def test_attempts_create_picks_tasks_for_position(
    server: CollectorServer, recruiter: Recruiter
) -> None:
    attempt = create_attempt(server.base_url, recruiter, position="Software Engineer")
    assert 1 <= len(attempt["task_ids"]) <= 5
    assert attempt["status"] == "pending"
    assert len(attempt["token"]) >= 43
    assert attempt["link"].endswith(f"/assessment/{attempt['token']}")
    assert "token_hash" not in attempt
    suited = [t["suited_positions"] for t in attempt["tasks"]]
    assert any("software engineer" in [p.lower() for p in positions] for positions in suited)


def test_attempts_create_unknown_task_404(api: httpx.Client) -> None:
    body = {
        "candidate_info": {"name": "Bo", "email": "bo@example.com"},
        "task_ids": ["no-such-task"],
    }
    assert api.post("/attempts", json=body).status_code == 404


def test_attempts_create_invalid_email_names_field(api: httpx.Client) -> None:
    body = {"candidate_info": {"name": "Bo", "email": "not-an-email"}, "task_ids": []}
    response = api.post("/attempts", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("body.candidate_info.email:")


def test_attempts_list_paging_status_and_search(
    server: CollectorServer, candidate_client: httpx.Client
) -> None:
    recruiter = create_recruiter(server.base_url)
    with httpx.Client(base_url=server.api_url, headers=recruiter.headers) as api:
        people = [
            ("Grace Hopper", "grace@navy.example", "Admiral"),
            ("Alan Turing", "alan@bletchley.example", "Cryptanalyst"),
            ("Edsger Dijkstra", "edsger@tue.example", "Professor"),
        ]
        created = [
            create_attempt(server.base_url, recruiter, name=name, email=email, position=position)
            for name, email, position in people
        ]
        started_attempt(candidate_client, created[1]["token"])
        first = api.get("/attempts", params={"page": 1, "page_size": 2}).json()
        second = api.get("/attempts", params={"page": 2, "page_size": 2}).json()
        assert first["total"] == 3
        assert [a["candidate_name"] for a in first["attempts"]] == [
            "Edsger Dijkstra",
            "Alan Turing",
        ]
        assert [a["candidate_name"] for a in second["attempts"]] == ["Grace Hopper"]
        in_progress = api.get("/attempts", params={"status": "in_progress"}).json()
        assert [a["id"] for a in in_progress["attempts"]] == [created[1]["id"]]
        for needle, expected in (
            ("hopper", "Grace Hopper"),
            ("BLETCHLEY", "Alan Turing"),
            ("profess", "Edsger Dijkstra"),
        ):
            found = api.get("/attempts", params={"search": needle}).json()
            assert [a["candidate_name"] for a in found["attempts"]] == [expected]
        row = first["attempts"][0]
        assert row["overall_score"] is None
        assert row["candidate_email"] == "edsger@tue.example"
        assert row["position"] == "Professor"
        assert api.get("/attempts", params={"status": "bogus"}).status_code == 422


def test_attempts_events_paged_in_order(
    server: CollectorServer, recruiter: Recruiter, api: httpx.Client, candidate_client: httpx.Client
) -> None:
    attempt = create_attempt(server.base_url, recruiter)
    started_attempt(candidate_client, attempt["token"])
    events = [
        {"type": "event", "event_type": "focus_lost", "task_id": None, "payload": {},
         "client_timestamp": f"2026-01-01T00:00:0{i}.000Z"}
        for i in range(5)
    ]  # fmt: skip
    candidate_client.post(f"/assessment/{attempt['token']}/events", json={"events": events})
    page = api.get(f"/attempts/{attempt['id']}/events", params={"limit": 3}).json()
    assert [e["server_seq"] for e in page["events"]] == [1, 2, 3]
    assert page["has_more"] is True
    rest = api.get(
        f"/attempts/{attempt['id']}/events", params={"after_seq": page["next_after_seq"]}
    ).json()
    assert [e["server_seq"] for e in rest["events"]] == [4, 5]
    assert rest["has_more"] is False
