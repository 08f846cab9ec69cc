"""Candidate socket limits, on a server configured with small ones."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.support.candidate import started_attempt, v1_event
from tests.support.server import CollectorServer, create_attempt, create_recruiter, run_collector

LIMITS = {
    "HIREMATE_WS_IDLE_TIMEOUT_SECONDS": "1",
    "HIREMATE_WS_MAX_MESSAGE_BYTES": "2048",
    "HIREMATE_WS_MAX_MESSAGES_PER_SECOND": "3",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    with run_collector(tmp_path_factory.mktemp("limits"), env=LIMITS) as running:
        yield running


@pytest.fixture
def token(server: CollectorServer, candidate_client: httpx.Client) -> str:
    attempt = create_attempt(server.base_url, create_recruiter(server.base_url))
    started_attempt(candidate_client, attempt["token"])
    return attempt["token"]


def test_candidate_ws_idle_socket_closed_after_timeout(server: CollectorServer, token: str) -> None:
    with (
        connect(f"{server.ws_url}/ws/assessment/{token}") as ws,
        pytest.raises(ConnectionClosed) as closed,
    ):
        ws.recv(timeout=30)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4008


def test_candidate_ws_oversized_message_closes(server: CollectorServer, token: str) -> None:
    with connect(f"{server.ws_url}/ws/assessment/{token}") as ws:
        ws.send(json.dumps({"type": "batch", "events": ["x" * 4000]}))
        assert json.loads(ws.recv(timeout=10)) == {"type": "error", "message": "Message too large"}
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1009


def _read_until_closed(ws: ClientConnection, answers: list[dict]) -> None:
    while True:
        answers.append(json.loads(ws.recv(timeout=10)))


def test_candidate_ws_message_rate_capped(server: CollectorServer, token: str) -> None:
    events = [v1_event("focus_lost", None, seq) for seq in range(1, 40)]
    answers = []
    with connect(f"{server.ws_url}/ws/assessment/{token}") as ws:
        for event in events:
            ws.send(json.dumps(event))
        with pytest.raises(ConnectionClosed) as closed:
            _read_until_closed(ws, answers)
    limited = [a for a in answers if a["rejected"]]
    assert limited
    assert limited[0]["rejected"][0]["error"].startswith("rate limit exceeded")
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1008


def test_candidate_ws_pings_count_toward_rate(server: CollectorServer, token: str) -> None:
    answers: list[dict] = []
    with connect(f"{server.ws_url}/ws/assessment/{token}") as ws:
        try:
            for _ in range(40):
                ws.send(json.dumps({"type": "ping"}))
        except ConnectionClosed:
            pass  # A fast server closes the socket before the client has sent every ping.
        with pytest.raises(ConnectionClosed) as closed:
            _read_until_closed(ws, answers)
    errors = [a for a in answers if a["type"] == "error"]
    assert errors
    assert errors[0]["message"].startswith("rate limit exceeded")
    assert len([a for a in answers if a["type"] == "pong"]) < 40
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1008
