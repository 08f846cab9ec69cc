"""Hostile input: oversized bodies, out-of-range numbers, repeated tasks and event caps."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.support.candidate import started_attempt, v1_event
from tests.support.server import CollectorServer, Recruiter, create_attempt, run_collector

MAX_BODY = 65_536
MAX_EVENTS = 12
INT64_MAX = 2**63 - 1
LIMITS = {
    "HIREMATE_MAX_BODY_BYTES": str(MAX_BODY),
    "HIREMATE_MAX_EVENTS_PER_ATTEMPT": str(MAX_EVENTS),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    with run_collector(tmp_path_factory.mktemp("input-limits"), env=LIMITS) as running:
        yield running


@pytest.fixture
def session(
    server: CollectorServer, recruiter: Recruiter, candidate_client: httpx.Client
) -> tuple[dict, dict]:
    """An attempt in progress and its first task."""
    attempt = create_attempt(server.base_url, recruiter)
    return attempt, started_attempt(candidate_client, attempt["token"])


def _event_count(api: httpx.Client, attempt_id: str) -> int:
    page = api.get(f"/attempts/{attempt_id}/events", params={"limit": 1000})
    page.raise_for_status()
    return len(page.json()["events"])


def test_input_limits_declared_body_too_large_413(candidate_client: httpx.Client) -> None:
    body = {"token": "nope", "junk": "z" * (MAX_BODY + 10)}
    response = candidate_client.post("/events", json=body)
    assert response.status_code == 413
    assert response.json()["detail"] == (
        f"Request body is too large; send at most {MAX_BODY} bytes"
    )
    login = candidate_client.post(
        "/auth/login", json={"email": "a@example.com", "password": "p" * (MAX_BODY + 10)}
    )
    assert login.status_code == 413


def test_input_limits_streamed_body_too_large_413(candidate_client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"token": "nope", "junk": "'
        for _ in range(20):
            yield b"z" * 8192
        yield b'"}'

    # A generator body goes out chunked, with no Content-Length to check up front.
    response = candidate_client.post("/events", content=chunks())
    assert response.status_code == 413
    assert "at most" in response.json()["detail"]


def test_input_limits_body_under_cap_still_parsed(candidate_client: httpx.Client) -> None:
    response = candidate_client.post("/events", json={"token": "nope", "junk": "z" * 1000})
    assert response.status_code == 404


def test_input_limits_multipart_uses_upload_cap(server: CollectorServer, api: httpx.Client) -> None:
    text = ("Ada Candidate\nada@example.com\nPython developer\n" * 2000).encode()
    assert len(text) > MAX_BODY
    response = api.post("/resume/parse", files={"file": ("cv.txt", text, "text/plain")})
    assert response.status_code != 413


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/attempts", {"page": "99999999999999999999"}, "query.page"),
        ("/attempts", {"page": str(INT64_MAX), "page_size": "100"}, "query.page"),
        ("/tasks", {"page": str(INT64_MAX)}, "query.page"),
        ("/attempts/{id}/events", {"after_seq": "99999999999999999999"}, "query.after_seq"),
        ("/skills/attempt/{id}", {"version": "99999999999999999999"}, "query.version"),
    ],
)
def test_input_limits_huge_query_integer_422(
    api: httpx.Client, session: tuple[dict, dict], path: str, params: dict, field: str
) -> None:
    attempt, _ = session
    response = api.get(path.format(id=attempt["id"]), params=params)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"{field}: Input should be")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"seq": 2**70}, "seq:"),
        ({"seq": "2"}, "seq:"),
        ({"client_ts": "0001-01-01T00:00:00+14:00"}, "client_ts:"),
        ({"client_ts": 1733300000}, "client_ts:"),
        ({"type": "option_viewed", "payload": {"dwell_ms": 10**30}}, "payload.dwell_ms:"),
        ({"type": "option_viewed", "payload": {"dwell_ms": True}}, "payload.dwell_ms:"),
        ({"type": "idle_detected", "task_id": None, "payload": {"idle_ms": 2**63}}, "payload"),
        ({"type": "task_started", "payload": {"task_index": 3}}, "payload.task_index:"),
    ],
)
def test_input_limits_bad_event_number_422(
    api: httpx.Client,
    candidate_client: httpx.Client,
    session: tuple[dict, dict],
    change: dict,
    field: str,
) -> None:
    attempt, task = session
    event = v1_event("option_selected", task["id"], 1, option_id=task["options"][0]["id"])
    event.update(change)
    if event["type"] == "option_viewed":
        event["payload"]["option_id"] = task["options"][0]["id"]
    before = _event_count(api, attempt["id"])
    response = candidate_client.post(f"/assessment/{attempt['token']}/event", json=event)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(field)
    assert _event_count(api, attempt["id"]) == before
    # The connection stays usable after the rejection.
    assert candidate_client.get(f"/assessment/{attempt['token']}").status_code == 200


def test_input_limits_live_ws_refuses_huge_after_seq(
    server: CollectorServer, recruiter: Recruiter, session: tuple[dict, dict]
) -> None:
    attempt, _ = session
    base = f"{server.ws_url}/ws/live/{attempt['id']}?token={recruiter.access_token}"
    for after in ("99999999999999999999", str(INT64_MAX + 1)):
        with pytest.raises(InvalidStatus) as refused:
            connect(f"{base}&after_seq={after}", open_timeout=10)
        assert refused.value.response.status_code == 403
    with connect(f"{base}&after_seq={INT64_MAX}", open_timeout=10):
        pass


def test_input_limits_repeated_task_ids_422(server: CollectorServer, api: httpx.Client) -> None:
    tasks = api.get("/tasks").json()["tasks"]
    first, second = tasks[0]["id"], tasks[1]["id"]
    body = {
        "candidate_info": {"name": "Ada", "email": "ada@example.com"},
        "task_ids": [first, second, first],
    }
    response = api.post("/attempts", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("body.task_ids:")
    assert f"task {first!r} is listed twice" in detail


@pytest.mark.parametrize("name", ["   ", "a\u0000b", "Ada\nLovelace", "\t"])
def test_input_limits_bad_candidate_name_422(api: httpx.Client, name: str) -> None:
    body = {"candidate_info": {"name": name, "email": "ada@example.com"}}
    response = api.post("/attempts", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("body.candidate_info.name:")


def test_input_limits_batch_repeated_seq_rejected(
    candidate_client: httpx.Client, session: tuple[dict, dict]
) -> None:
    attempt, _ = session
    first = v1_event("focus_lost", None, 7)
    clash = v1_event("focus_gained", None, 7)
    outcome = candidate_client.post(
        f"/assessment/{attempt['token']}/events", json={"events": [first, first, clash]}
    ).json()
    assert [a["event_id"] for a in outcome["accepted"]] == [first["event_id"]] * 2
    assert outcome["rejected"] == [
        {
            "event_id": clash["event_id"],
            "index": 2,
            "error": f"seq: 7 is already used by event {first['event_id']} in this batch; "
            "number each event once",
        }
    ]


def test_input_limits_events_per_attempt_capped(
    api: httpx.Client, candidate_client: httpx.Client, session: tuple[dict, dict]
) -> None:
    attempt, _ = session
    events = [v1_event("focus_lost", None, seq) for seq in range(1, MAX_EVENTS + 3)]
    url = f"/assessment/{attempt['token']}"
    outcome = candidate_client.post(f"{url}/events", json={"events": events}).json()
    assert len(outcome["accepted"]) == MAX_EVENTS
    assert [r["index"] for r in outcome["rejected"]] == [MAX_EVENTS, MAX_EVENTS + 1]
    assert f"maximum of {MAX_EVENTS} events" in outcome["rejected"][0]["error"]
    single = candidate_client.post(f"{url}/event", json=v1_event("focus_lost", None, 99))
    assert single.status_code == 422
    assert f"maximum of {MAX_EVENTS} events" in single.json()["detail"]
    assert _event_count(api, attempt["id"]) == MAX_EVENTS


@pytest.mark.parametrize("path", ["/assessment/{token}/events", "/events"])
def test_input_limits_batch_too_long_says_split(
    candidate_client: httpx.Client, session: tuple[dict, dict], path: str
) -> None:
    attempt, _ = session
    body = {"token": attempt["token"], "events": [0] * 1001}
    if path != "/events":
        body.pop("token")
    response = candidate_client.post(path.format(token=attempt["token"]), json=body)
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "body.events: at most 1000 events per batch; split the batch into smaller ones"
    )


def test_input_limits_openapi_documents_batch_cap(server: CollectorServer) -> None:
    schema = httpx.get(f"{server.base_url}/openapi.json")
    assert "At most 1000 events" in schema.text


def test_input_limits_refused_preflight_is_json(server: CollectorServer) -> None:
    response = httpx.options(
        f"{server.api_url}/attempts",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json()["detail"].startswith("Disallowed CORS origin")


def test_input_limits_token_after_space_not_logged(
    server: CollectorServer, session: tuple[dict, dict], candidate_client: httpx.Client
) -> None:
    attempt, _ = session
    candidate_client.get(f"/assessment/%20{attempt['token']}")
    candidate_client.get(f"/assessment/%20%20{attempt['token']}%22x/task/0")
    assert attempt["token"] not in server.log_text()
