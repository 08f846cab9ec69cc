"""The candidate flow exactly as the legacy frontend drives it, over a real server."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from collector.security import new_candidate_token
from hiremate.settings import Settings
from hiremate.store import open_store
from tests.support.candidate import legacy_event
from tests.support.server import CollectorServer, Recruiter, create_attempt


def _ws(server: CollectorServer, token: str):
    return connect(f"{server.ws_url}/ws/assessment/{token}", open_timeout=10)


def test_assessment_legacy_flow_end_to_end(
    server: CollectorServer, recruiter: Recruiter, api: httpx.Client, candidate_client: httpx.Client
) -> None:
    attempt = create_attempt(server.base_url, recruiter)
    token = attempt["token"]
    assert attempt["link"] == f"{server.base_url}/assessment/{token}"
    info = candidate_client.get(f"/assessment/{token}").json()
    assert info["status"] == "pending"
    assert info["current_task_index"] == 0
    assert info["total_tasks"] == len(attempt["task_ids"])
    assert info["candidate_name"] == "Ada Candidate"
    started = candidate_client.post(f"/assessment/{token}/start")
    assert started.status_code == 200
    assert started.json()["current_task_index"] == 0

    total = info["total_tasks"]
    sockets = contextlib.ExitStack()
    socket = None
    for index in range(total):
        task = candidate_client.get(f"/assessment/{token}/task/{index}").json()
        assert "risk_level" not in json.dumps(task)
        assert [set(option) for option in task["options"]] == [{"id", "text"}] * len(
            task["options"]
        )
        first = candidate_client.post(
            f"/assessment/{token}/event", json=legacy_event("task_started", task["id"])
        )
        assert first.status_code == 200
        assert first.json()["status"] == "logged"
        if socket is None:
            socket = sockets.enter_context(_ws(server, token))
        options = task["options"]
        messages = [
            legacy_event("option_selected", task["id"], option_index=0, option_id=options[0]["id"]),
            legacy_event(
                "option_changed",
                task["id"],
                previous_option_index=0,
                new_option_index=1,
                option_id=options[1]["id"],
            ),
            legacy_event("focus_lost", task["id"], trigger="tab_switch"),
            legacy_event("focus_gained", task["id"], trigger="tab_switch"),
            legacy_event(
                "paste_detected", task["id"], char_count=12, source="reasoning", text_preview="x"
            ),
            legacy_event(
                "task_completed",
                task["id"],
                selected_option_index=1,
                selected_option_id=options[1]["id"],
                reasoning="Because the second option keeps the customers safe.",
                time_spent_seconds=12.5,
                hesitation_seconds=2.0,
                option_changes=1,
            ),
        ]
        for message in messages:
            socket.send(json.dumps(message))
            ack = json.loads(socket.recv(timeout=10))
            assert ack["type"] == "ack"
            assert ack["rejected"] == []
            assert len(ack["accepted"]) == 1
    assert socket is not None
    completed = candidate_client.post(f"/assessment/{token}/complete")
    assert completed.status_code == 200
    assert completed.json()["completed_at"]
    sockets.close()

    events = api.get(f"/attempts/{attempt['id']}/events", params={"limit": 1000}).json()["events"]
    assert len(events) == total * 7
    assert [e["server_seq"] for e in events] == list(range(1, total * 7 + 1))
    assert {e["source"] for e in events} == {"legacy"}
    finals = [e for e in events if e["type"] == "task_completed"]
    assert finals[0]["payload"]["option_id"] == attempt["tasks"][0]["options"][1]["id"]
    changed = next(e for e in events if e["type"] == "option_changed")
    assert changed["payload"] == {
        "from_option_id": attempt["tasks"][0]["options"][0]["id"],
        "to_option_id": attempt["tasks"][0]["options"][1]["id"],
    }
    paste = next(e for e in events if e["type"] == "paste_detected")
    assert paste["payload"] == {"chars": 12, "target": "reasoning"}
    assert api.get(f"/attempts/{attempt['id']}").json()["status"] == "completed"

    log = server.log_text()
    assert token not in log
    assert recruiter.access_token not in log


def test_assessment_resume_at_current_task_index(
    server: CollectorServer, recruiter: Recruiter, candidate_client: httpx.Client
) -> None:
    token = create_attempt(server.base_url, recruiter)["token"]
    candidate_client.post(f"/assessment/{token}/start").raise_for_status()
    candidate_client.get(f"/assessment/{token}/task/2").raise_for_status()
    info = candidate_client.get(f"/assessment/{token}").json()
    assert info["status"] == "in_progress"
    assert info["current_task_index"] == 2
    out_of_range = candidate_client.get(f"/assessment/{token}/task/99")
    assert out_of_range.status_code == 404


def test_assessment_token_reuse_after_completion_rejected(
    server: CollectorServer, recruiter: Recruiter, candidate_client: httpx.Client
) -> None:
    token = create_attempt(server.base_url, recruiter)["token"]
    candidate_client.post(f"/assessment/{token}/start").raise_for_status()
    task = candidate_client.get(f"/assessment/{token}/task/0").json()
    candidate_client.post(f"/assessment/{token}/complete").raise_for_status()
    for response in (
        candidate_client.get(f"/assessment/{token}"),
        candidate_client.post(f"/assessment/{token}/start"),
        candidate_client.get(f"/assessment/{token}/task/0"),
        candidate_client.post(f"/assessment/{token}/complete"),
        candidate_client.post(
            f"/assessment/{token}/event", json=legacy_event("task_started", task["id"])
        ),
    ):
        assert response.status_code == 403
        assert response.json()["detail"] == "Assessment has already been completed"
    with pytest.raises(InvalidStatus) as refused, _ws(server, token):
        pass
    assert refused.value.response.status_code == 403
    assert token not in server.log_text()


def test_assessment_expired_token_rejected(
    server: CollectorServer, recruiter: Recruiter, candidate_client: httpx.Client
) -> None:
    attempt = create_attempt(server.base_url, recruiter)
    settings = Settings(data_dir=server.data_dir, _env_file=None)
    with open_store(settings) as store:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        store.update("attempts", attempt["id"], {"expires_at": past})
    for response in (
        candidate_client.get(f"/assessment/{attempt['token']}"),
        candidate_client.post(f"/assessment/{attempt['token']}/start"),
    ):
        assert response.status_code == 410
        assert "expired" in response.json()["detail"]
    with pytest.raises(InvalidStatus) as refused, _ws(server, attempt["token"]):
        pass
    assert refused.value.response.status_code == 403


def test_assessment_guessed_token_rejected(
    server: CollectorServer, candidate_client: httpx.Client
) -> None:
    guess = new_candidate_token()
    response = candidate_client.get(f"/assessment/{guess}")
    assert response.status_code == 404
    assert isinstance(response.json()["detail"], str)
    assert candidate_client.post(f"/assessment/{guess}/start").status_code == 404
    with pytest.raises(InvalidStatus) as refused, _ws(server, guess):
        pass
    assert refused.value.response.status_code == 403


def test_assessment_concurrent_starts_one_wins(
    server: CollectorServer, recruiter: Recruiter
) -> None:
    token = create_attempt(server.base_url, recruiter)["token"]
    url = f"{server.api_url}/assessment/{token}/start"

    async def start_all() -> list[int]:
        limits = httpx.Limits(max_connections=50)
        async with httpx.AsyncClient(limits=limits, timeout=60.0) as client:
            gate = asyncio.Event()

            async def start() -> int:
                await gate.wait()
                return (await client.post(url)).status_code

            tasks = [asyncio.create_task(start()) for _ in range(50)]
            await asyncio.sleep(0)
            gate.set()
            return await asyncio.gather(*tasks)

    codes = asyncio.run(start_all())
    assert codes.count(200) == 1
    assert codes.count(409) == 49


def test_assessment_reissue_stops_old_token(
    server: CollectorServer, recruiter: Recruiter, api: httpx.Client, candidate_client: httpx.Client
) -> None:
    attempt = create_attempt(server.base_url, recruiter)
    reissued = api.post(f"/attempts/{attempt['id']}/reissue").json()
    assert reissued["token"] != attempt["token"]
    assert candidate_client.get(f"/assessment/{attempt['token']}").status_code == 404
    assert candidate_client.get(f"/assessment/{reissued['token']}").status_code == 200
    revoked = api.post(f"/attempts/{attempt['id']}/revoke").json()
    assert revoked["status"] == "expired"
    assert candidate_client.get(f"/assessment/{reissued['token']}").status_code == 410
    assert api.post(f"/attempts/{attempt['id']}/extend", json={"days": 3}).status_code == 409
    again = api.post(f"/attempts/{attempt['id']}/reissue").json()
    assert again["status"] == "pending"
    assert candidate_client.get(f"/assessment/{again['token']}").status_code == 200


def test_assessment_cors_preflight_for_frontend(server: CollectorServer) -> None:
    response = httpx.options(
        f"{server.api_url}/assessment/abc/start",
        headers={
            "Origin": "http://localhost:5173",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,authorization",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "http://localhost:5173"
