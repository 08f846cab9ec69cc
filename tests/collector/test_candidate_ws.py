"""The candidate socket: acks after storing, idempotent replay and dropped connections."""

from __future__ import annotations

import json
import socket as socket_module

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

from tests.support.candidate import legacy_event, started_attempt, v1_event
from tests.support.server import CollectorServer, Recruiter, create_attempt


def _open(server: CollectorServer, token: str) -> ClientConnection:
    return connect(f"{server.ws_url}/ws/assessment/{token}", open_timeout=10)


def _send(ws: ClientConnection, message: dict) -> dict:
    ws.send(json.dumps(message))
    return json.loads(ws.recv(timeout=10))


def _stored(api: httpx.Client, attempt_id: str) -> list[dict]:
    return api.get(f"/attempts/{attempt_id}/events", params={"limit": 1000}).json()["events"]


def test_candidate_ws_duplicate_event_stored_once(
    server: CollectorServer, recruiter: Recruiter, api: httpx.Client, candidate_client: httpx.Client
) -> None:
    attempt = create_attempt(server.base_url, recruiter)
    task = started_attempt(candidate_client, attempt["token"])
    event = v1_event(
        "option_viewed", task["id"], 1, option_id=task["options"][0]["id"], dwell_ms=40
    )
    with _open(server, attempt["token"]) as ws:
        first = _send(ws, event)
        second = _send(ws, {"type": "batch", "events": [event, event]})
    assert first["type"] == "ack"
    assert first["accepted"] == [
        {"event_id": event["event_id"], "server_seq": 1, "duplicate": False}
    ]
    assert [a["duplicate"] for a in second["accepted"]] == [True, True]
    assert {a["server_seq"] for a in second["accepted"]} == {1}
    rest = candidate_client.post(f"/assessment/{attempt['token']}/event", json=event).json()
    assert rest["duplicate"] is True
    assert len(_stored(api, attempt["id"])) == 1


def test_candidate_ws_drop_without_close_then_replay(
    server: CollectorServer, recruiter: Recruiter, api: httpx.Client, candidate_client: httpx.Client
) -> None:
    attempt = create_attempt(server.base_url, recruiter)
    task = started_attempt(candidate_client, attempt["token"])
    option = task["options"][0]["id"]
    events = [v1_event("task_started", task["id"], 1, task_index=0)]
    events += [
        v1_event("option_viewed", task["id"], seq, option_id=option, dwell_ms=seq)
        for seq in range(2, 12)
    ]
    acked: set[str] = set()
    ws = connect(f"{server.ws_url}/ws/assessment/{attempt['token']}", open_timeout=10, legacy=True)
    for event in events[:6]:
        acked.update(a["event_id"] for a in _send(ws, event)["accepted"])
    # Sent but never acknowledged: the connection dies before the client reads the ack.
    ws.send(json.dumps({"type": "batch", "events": events[6:8]}))
    ws.socket.shutdown(socket_module.SHUT_RDWR)
    ws.socket.close()

    with _open(server, attempt["token"]) as again:
        unacked = [e for e in events if e["event_id"] not in acked]
        answer = _send(again, {"type": "batch", "events": unacked})
        assert answer["rejected"] == []
        assert len(answer["accepted"]) == len(unacked)
    stored = _stored(api, attempt["id"])
    assert sorted(e["event_id"] for e in stored) == sorted(e["event_id"] for e in events)
    assert [e["server_seq"] for e in stored] == list(range(1, len(events) + 1))


def test_candidate_ws_rejects_bad_messages_and_keeps_open(
    server: CollectorServer, recruiter: Recruiter, candidate_client: httpx.Client
) -> None:
    attempt = create_attempt(server.base_url, recruiter)
    task = started_attempt(candidate_client, attempt["token"])
    with _open(server, attempt["token"]) as ws:
        ws.send("not json")
        assert json.loads(ws.recv(timeout=10))["type"] == "error"
        assert _send(ws, {"type": "ping"}) == {"type": "pong"}
        bad = _send(ws, legacy_event("idle_detected", task["id"]))
        assert bad["accepted"] == []
        assert bad["rejected"][0]["error"].startswith("payload.idle_ms")
        good = _send(ws, legacy_event("idle_detected", task["id"], idle_duration_ms=30000))
        assert len(good["accepted"]) == 1


def test_candidate_ws_origin_checked(
    server: CollectorServer, recruiter: Recruiter, candidate_client: httpx.Client
) -> None:
    attempt = create_attempt(server.base_url, recruiter)
    started_attempt(candidate_client, attempt["token"])
    url = f"{server.ws_url}/ws/assessment/{attempt['token']}"
    with connect(url, origin="http://localhost:5173") as ws:
        assert _send(ws, {"type": "ping"}) == {"type": "pong"}
    with pytest.raises(InvalidStatus) as refused, connect(url, origin="http://evil.example"):
        pass
    assert refused.value.response.status_code == 403


def test_candidate_ws_completed_attempt_events_rejected(
    server: CollectorServer, recruiter: Recruiter, candidate_client: httpx.Client
) -> None:
    attempt = create_attempt(server.base_url, recruiter)
    task = started_attempt(candidate_client, attempt["token"])
    with _open(server, attempt["token"]) as ws:
        candidate_client.post(f"/assessment/{attempt['token']}/complete").raise_for_status()
        answer = _send(ws, legacy_event("task_started", task["id"]))
    assert answer["accepted"] == []
    assert answer["rejected"][0]["error"] == "Assessment has already been completed"
