"""A scripted candidate: takes an attempt through the collector's HTTP and WebSocket API."""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Sequence
from typing import Any

import httpx
from websockets.sync.client import connect

from hiremate.behavior import Trial

logger = logging.getLogger(__name__)

RISK_ORDER = {"low": 0, "medium": 1, "high": 2}
# Gaps between scripted actions, in client milliseconds.
HOVER_MS = 350
NEXT_TASK_GAP_MS = 1200
TYPING_MS_PER_CHAR = 45


class ReplayError(RuntimeError):
    """The collector rejected a step of the scripted session."""


def pick_option(options: Sequence[dict[str, Any]], risky: bool) -> dict[str, Any]:
    """Return the highest-risk option for a risky trial, the lowest-risk one otherwise."""
    ranked = sorted(options, key=lambda option: RISK_ORDER.get(option.get("risk_level"), 1))
    return ranked[-1] if risky else ranked[0]


class CandidateSession:
    """Builds contract events with ids and sequence numbers on one client clock."""

    def __init__(self, start: dt.datetime) -> None:
        self.clock = start
        self.seq = 0

    def event(self, event_type: str, task_id: str | None, payload: dict[str, Any]) -> dict:
        self.seq += 1
        return {
            "event_id": str(uuid.uuid4()),
            "type": event_type,
            "task_id": task_id,
            "client_ts": self.clock.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "seq": self.seq,
            "payload": payload,
            "schema_version": 1,
        }

    def advance(self, milliseconds: float) -> None:
        self.clock += dt.timedelta(milliseconds=milliseconds)

    def task_events(
        self, index: int, task: dict[str, Any], full_options: Sequence[dict], trial: Trial
    ) -> list[dict]:
        """Return the events of one task decided as `trial` was, timed by its response time."""
        task_id = task["id"]
        chosen = pick_option(full_options, trial.risky)
        shown_at = self.clock
        events = [self.event("task_started", task_id, {"task_index": index})]
        # Hovers fill the first part of the response time; the selection lands at exactly
        # the trial's response time after the task was shown.
        dwell = min(HOVER_MS, trial.response_ms // (2 * max(len(full_options), 1)))
        self.advance(min(200, trial.response_ms / 4))
        for option in full_options:
            events.append(
                self.event("option_viewed", task_id, {"option_id": option["id"], "dwell_ms": dwell})
            )
            self.advance(dwell)
        self.clock = max(self.clock, shown_at + dt.timedelta(milliseconds=trial.response_ms))
        events.append(self.event("option_selected", task_id, {"option_id": chosen["id"]}))
        reasoning = trial.reasoning
        if reasoning:
            self.advance(400)
            events.append(self.event("reasoning_started", task_id, {}))
            self.advance(len(reasoning) * TYPING_MS_PER_CHAR)
            words = len(reasoning.split())
            events.append(
                self.event(
                    "reasoning_updated",
                    task_id,
                    {"chars": len(reasoning), "words": words, "deleted_chars": 0},
                )
            )
            events.append(self.event("reasoning_submitted", task_id, {"text": reasoning}))
        self.advance(300)
        events.append(
            self.event(
                "task_completed", task_id, {"option_id": chosen["id"], "reasoning": reasoning}
            )
        )
        self.advance(NEXT_TASK_GAP_MS)
        return events


def take_assessment(
    http: httpx.Client,
    ws_base: str,
    token: str,
    trials: Sequence[Trial],
    full_tasks: dict[str, dict[str, Any]],
) -> int:
    """Take the attempt behind `token` with one trial per task; return the events sent.

    `full_tasks` maps task ids to the recruiter's view of each task, whose options carry
    the risk levels that the candidate's view leaves out.
    """
    info = _ok(http.get(f"/api/v1/assessment/{token}"), "validate the link")
    total = int(info["total_tasks"])
    if len(trials) < total:
        raise ReplayError(f"the session has {len(trials)} trials but the attempt has {total} tasks")
    _ok(http.post(f"/api/v1/assessment/{token}/start"), "start the assessment")
    session = CandidateSession(dt.datetime.now(dt.UTC))
    sent = 0
    with connect(f"{ws_base}/ws/assessment/{token}", open_timeout=10) as socket:
        for index in range(total):
            task = _ok(http.get(f"/api/v1/assessment/{token}/task/{index}"), f"load task {index}")
            options = full_tasks[task["id"]]["options"]
            events = session.task_events(index, task, options, trials[index])
            socket.send(json.dumps({"type": "batch", "events": events}))
            ack = json.loads(socket.recv(timeout=10))
            if ack.get("rejected"):
                raise ReplayError(
                    f"the collector rejected events of task {index}: {ack['rejected']}"
                )
            sent += len(events)
            logger.info("task %d/%d: %d events acknowledged", index + 1, total, len(events))
    _ok(http.post(f"/api/v1/assessment/{token}/complete"), "complete the assessment")
    return sent


def _ok(response: httpx.Response, step: str) -> dict[str, Any]:
    if response.status_code >= 400:
        try:
            detail = response.json().get("detail")
        except ValueError:
            detail = response.text[:200]
        raise ReplayError(f"could not {step}: HTTP {response.status_code}: {detail}")
    return response.json()
