"""Benchmark data: recruiter sign-in, in-progress attempts and candidate event streams."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
from typing import Any

import httpx

from hiremate.behavior import Trial
from hiremate.replay import CandidateSession

logger = logging.getLogger(__name__)

# Tasks per benchmark attempt: the number `POST /attempts` picks when no ids are given.
TASKS_PER_ATTEMPT = 5
REASONING = (
    "First I would check the facts, because the customer impact decides the order. "
    "However, if the risk is high, I would escalate it so that the team can act."
)


class FixtureError(RuntimeError):
    """The collector rejected a benchmark set-up step."""


@dataclasses.dataclass(frozen=True)
class BenchAttempt:
    """An attempt created through the API, with its candidate token and task snapshots."""

    attempt_id: str
    token: str
    tasks: list[dict[str, Any]]


def _ok(response: httpx.Response, step: str) -> Any:
    if response.status_code >= 400:
        raise FixtureError(f"could not {step}: HTTP {response.status_code}: {response.text[:300]}")
    return response.json()


def sign_in(http: httpx.Client, email: str, password: str) -> None:
    """Sign in as the recruiter and keep the access token on `http`."""
    body = _ok(
        http.post("/api/v1/auth/login", json={"email": email, "password": password}),
        "sign in as the admin recruiter",
    )
    http.headers["Authorization"] = f"Bearer {body['access_token']}"


def create_attempts(http: httpx.Client, count: int, *, start: bool = True) -> list[BenchAttempt]:
    """Create `count` attempts on the library tasks and start them unless `start` is False."""
    attempts = []
    for number in range(count):
        body = {
            "candidate_info": {
                "name": f"Bench Candidate {number}",
                "email": f"bench-{number}@example.org",
                "position": "Operations Analyst",
            },
            "task_ids": [],
        }
        created = _ok(http.post("/api/v1/attempts", json=body), "create an attempt")
        token = created["token"]
        if start:
            _ok(http.post(f"/api/v1/assessment/{token}/start"), "start an attempt")
        attempts.append(BenchAttempt(created["id"], token, created["tasks"][:TASKS_PER_ATTEMPT]))
    logger.info("created %d attempts", count)
    return attempts


def event_stream(tasks: list[dict[str, Any]], count: int, seed: int = 0) -> list[dict]:
    """Return `count` contract events of a candidate working through `tasks` repeatedly.

    Each pass over a task is the scripted candidate of `hiremate.replay`: the task is shown,
    every option is hovered, one is chosen, reasoning is typed and the task is completed.
    Event ids are fresh UUIDs, so each event is new to the store.
    """
    chooser = random.Random(seed)
    session = CandidateSession(dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC))
    events: list[dict] = []
    index = 0
    while len(events) < count:
        task = tasks[index % len(tasks)]
        trial = Trial(
            subject="bench",
            trial_number=index + 1,
            risky=chooser.random() < 0.4,
            response_ms=chooser.randint(1500, 9000),
            reasoning=REASONING if chooser.random() < 0.7 else "",
        )
        events.extend(session.task_events(index % len(tasks), task, task["options"], trial))
        index += 1
    return events[:count]
