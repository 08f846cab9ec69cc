"""The live feed on a two-worker server: events from any worker, resume after reconnect."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from tests.support.candidate import started_attempt, v1_event
from tests.support.server import CollectorServer, Recruiter, create_attempt, run_collector

SOCKETS_PER_SIDE = 3


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    with run_collector(tmp_path_factory.mktemp("live"), workers=2) as running:
        yield running


def _live(
    server: CollectorServer, recruiter: Recruiter, attempt_id: str, after: int
) -> ClientConnection:
    url = f"{server.ws_url}/ws/live/{attempt_id}?token={recruiter.access_token}&after_seq={after}"
    return connect(url, open_timeout=10)


def _next(ws: ClientConnection) -> dict:
    return json.loads(ws.recv(timeout=15))


def test_live_ws_feed_across_workers_with_resume(
    server: CollectorServer, recruiter: Recruiter, candidate_client: httpx.Client
) -> None:
    attempt = create_attempt(server.base_url, recruiter)
    token = attempt["token"]
    task = started_attempt(candidate_client, token)
    events = [v1_event("focus_lost" if i % 2 else "focus_gained", None, i) for i in range(1, 13)]

    with contextlib.ExitStack() as stack:
        feeds = [
            stack.enter_context(_live(server, recruiter, attempt["id"], 0))
            for _ in range(SOCKETS_PER_SIDE)
        ]
        candidates = [
            stack.enter_context(connect(f"{server.ws_url}/ws/assessment/{token}"))
            for _ in range(SOCKETS_PER_SIDE)
        ]
        # The first message on a fresh feed is the first stored event, not a status message.
        candidate_client.post(f"/assessment/{token}/event", json=events[0]).raise_for_status()
        for feed in feeds:
            first = _next(feed)
            assert first["type"] == "event_logged"
            assert first["server_seq"] == 1
            assert first["event_id"] == events[0]["event_id"]
            assert first["event_type"] == "focus_gained" or first["event_type"] == "focus_lost"
        for number, event in enumerate(events[1:6]):
            sender = candidates[number % SOCKETS_PER_SIDE]
            sender.send(json.dumps(event))
            assert json.loads(sender.recv(timeout=10))["accepted"]
        for feed in feeds:
            seen = [_next(feed) for _ in range(5)]
            assert [m["server_seq"] for m in seen] == [2, 3, 4, 5, 6]
            assert [m["event_id"] for m in seen] == [e["event_id"] for e in events[1:6]]

    # While no feed is open, more events arrive; a reconnect with after_seq resumes exactly.
    batch = {"events": events[6:]}
    candidate_client.post(f"/assessment/{token}/events", json=batch).raise_for_status()
    candidate_client.post(f"/assessment/{token}/complete").raise_for_status()
    for _ in range(SOCKETS_PER_SIDE):
        with _live(server, recruiter, attempt["id"], 6) as feed:
            resumed = [_next(feed) for _ in range(len(events) - 6)]
            assert [m["server_seq"] for m in resumed] == list(range(7, len(events) + 1))
            assert [m["event_id"] for m in resumed] == [e["event_id"] for e in events[6:]]
            # The attempt completed before this feed opened, so no status change is reported.
            feed.send(json.dumps({"type": "ping"}))
            assert _next(feed) == {"type": "pong"}
    assert task["id"]


def test_live_ws_reports_status_changes(
    server: CollectorServer, recruiter: Recruiter, candidate_client: httpx.Client
) -> None:
    attempt = create_attempt(server.base_url, recruiter)
    token = attempt["token"]
    with _live(server, recruiter, attempt["id"], 0) as feed:
        started_attempt(candidate_client, token)
        started = _next(feed)
        assert started["type"] == "status_update"
        assert started["status"] == "in_progress"
        candidate_client.post(f"/assessment/{token}/complete").raise_for_status()
        update = _next(feed)
        assert update["type"] == "status_update"
        assert update["status"] == "completed"
        done = _next(feed)
        assert done["type"] == "assessment_completed"
        assert done["attempt_id"] == attempt["id"]
    assert recruiter.access_token not in server.log_text()
