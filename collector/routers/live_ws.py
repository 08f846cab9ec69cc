"""The recruiter's live feed of one attempt, read from the store so any worker can serve it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from fastapi import APIRouter, WebSocket
from fastapi.concurrency import run_in_threadpool
from starlette.websockets import WebSocketDisconnect

from collector import ws_common
from collector.deps import user_from_access_token
from hiremate.events import INT64_MAX
from hiremate.store import Store

logger = logging.getLogger(__name__)
router = APIRouter()

# How often the store is polled for new events and status changes, in seconds.
POLL_INTERVAL_SECONDS = 0.2
POLL_BATCH = 500


def _authorize(websocket: WebSocket, attempt_id: str, token: str | None) -> tuple[int, Any]:
    """Return `(0, attempt)` for a recruiter of the attempt's organisation, else a close code."""
    user = user_from_access_token(websocket, token)
    if user is None:
        return ws_common.CLOSE_INVALID_TOKEN, None
    attempt = websocket.app.state.store.get("attempts", attempt_id)
    if attempt is None or attempt.get("org_id") != user["org_id"]:
        return ws_common.CLOSE_NOT_FOUND, None
    return 0, attempt


def _poll(store: Store, attempt_id: str, after_seq: int) -> tuple[dict | None, list[dict]]:
    # The attempt is read before the events, so every event stored before a status change
    # is sent before that change.
    attempt = store.get("attempts", attempt_id)
    return attempt, store.list_events(attempt_id, after_seq=after_seq, limit=POLL_BATCH)


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def event_message(event: dict[str, Any]) -> dict[str, Any]:
    """Return the `event_logged` message of one stored event."""
    return {
        "type": "event_logged",
        "attempt_id": event.get("attempt_id"),
        "event_id": event["event_id"],
        "event_type": event["type"],
        "task_id": event.get("task_id"),
        "timestamp": _iso(event.get("client_ts")),
        "received_at": _iso(event.get("received_at")),
        "payload": event.get("payload") or {},
        "server_seq": event["server_seq"],
        "sequence_number": event["server_seq"],
    }


async def _answer_pings(websocket: WebSocket) -> None:
    """Read client messages until the client disconnects, replying to `{"type": "ping"}`."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            if json.loads(message.get("text") or "null").get("type") == "ping":
                await websocket.send_json({"type": "pong"})


@router.websocket("/ws/live/{attempt_id}")
async def live_socket(websocket: WebSocket, attempt_id: str) -> None:
    """Stream an attempt's events with `server_seq` above `after_seq`, then new ones."""
    settings = websocket.app.state.settings
    if not ws_common.origin_allowed(websocket, settings):
        await websocket.close(ws_common.CLOSE_ORIGIN)
        return
    try:
        after_seq = int(websocket.query_params.get("after_seq", "0"))
    except ValueError:
        after_seq = -1
    if not 0 <= after_seq <= INT64_MAX:
        logger.info("live socket rejected: after_seq is not an integer from 0 to %d", INT64_MAX)
        await websocket.close(ws_common.CLOSE_BAD_REQUEST)
        return
    code, attempt = await run_in_threadpool(
        _authorize, websocket, attempt_id, websocket.query_params.get("token")
    )
    if code:
        await websocket.close(code)
        return
    await websocket.accept()
    receiver = asyncio.create_task(_answer_pings(websocket))
    try:
        await _stream(websocket, attempt, after_seq, receiver)
    except (WebSocketDisconnect, RuntimeError, OSError) as exc:
        logger.debug("live socket for attempt %s ended: %s", attempt_id, exc)
    finally:
        receiver.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await receiver


async def _stream(
    websocket: WebSocket, attempt: dict[str, Any], last_seq: int, receiver: asyncio.Task
) -> None:
    store = websocket.app.state.store
    # No status message on connect: the client already has the status, and sending one
    # makes the legacy page refetch and reconnect in a loop.
    last_status = attempt["status"]
    while not receiver.done():
        current, events = await run_in_threadpool(_poll, store, attempt["id"], last_seq)
        for event in events:
            await websocket.send_json(event_message(event))
            last_seq = event["server_seq"]
        if current is not None and current["status"] != last_status:
            last_status = current["status"]
            await websocket.send_json(
                {
                    "type": "status_update",
                    "attempt_id": current["id"],
                    "status": last_status,
                    "current_task_index": current.get("current_task_index") or 0,
                }
            )
            if last_status == "completed":
                await websocket.send_json(
                    {
                        "type": "assessment_completed",
                        "attempt_id": current["id"],
                        "completed_at": _iso(current.get("completed_at")),
                    }
                )
        if len(events) < POLL_BATCH:
            await asyncio.wait({receiver}, timeout=POLL_INTERVAL_SECONDS)
