"""The candidate socket: events in, one ack per message after the events are stored."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from fastapi import APIRouter, WebSocket
from fastapi.concurrency import run_in_threadpool
from starlette.websockets import WebSocketDisconnect

from collector import candidate, ws_common
from collector.candidate import AttemptStateError
from collector.ingest import MAX_BATCH_EVENTS, TOO_MANY_IN_BATCH, ingest_events, reject_all
from collector.security import hash_token
from hiremate.store import Store, utc_now

logger = logging.getLogger(__name__)
router = APIRouter()

RATE_LIMITED = "rate limit exceeded; resend these events later"
RATE_LIMITED_MESSAGE = "rate limit exceeded; send fewer messages per second"
REISSUED = "Assessment link was re-issued; open the new link"


def _ingest(
    store: Store, attempt_id: str, token_hash: str, raw_events: list[Any], max_events: int
) -> dict:
    """Check the attempt's current state, then validate and store the events."""
    attempt = store.get("attempts", attempt_id)
    if attempt is None or attempt.get("token_hash") != token_hash:
        return reject_all(raw_events, REISSUED)
    try:
        attempt = candidate.apply_expiry(store, attempt, utc_now())
        candidate.check_in_progress(attempt)
    except AttemptStateError as exc:
        return reject_all(raw_events, exc.detail)
    return ingest_events(store, attempt, raw_events, max_events)


def _events_of(message: Any) -> list[Any] | str:
    """Return the events a message carries, or an error text for a malformed message."""
    if isinstance(message, dict) and message.get("type") == "batch":
        events = message.get("events")
        if not isinstance(events, list):
            return "events: Input should be a list of events"
        if len(events) > MAX_BATCH_EVENTS:
            return f"events: {TOO_MANY_IN_BATCH}"
        return events
    return [message]


@router.websocket("/ws/assessment/{token}")
async def candidate_socket(websocket: WebSocket, token: str) -> None:
    """Take events from the candidate page: `{"type": "batch", "events": [...]}` or one event."""
    app = websocket.app
    settings, store = app.state.settings, app.state.store
    if not ws_common.origin_allowed(websocket, settings):
        await websocket.close(ws_common.CLOSE_ORIGIN)
        return
    try:
        attempt = await run_in_threadpool(candidate.find_attempt_by_token, store, token, utc_now())
        candidate.check_viewable(attempt)
    except AttemptStateError as exc:
        code = (
            ws_common.CLOSE_INVALID_TOKEN if exc.status_code == 404 else ws_common.CLOSE_NOT_ACTIVE
        )
        await websocket.close(code)
        return
    await websocket.accept()
    logger.info("candidate socket opened for attempt %s", attempt["id"])
    try:
        await _serve(websocket, store, settings, attempt["id"], hash_token(token))
    except WebSocketDisconnect:
        pass
    except (RuntimeError, OSError) as exc:
        # The client vanished while a response was being sent.
        logger.info("candidate socket for attempt %s lost: %s", attempt["id"], exc)
    logger.info("candidate socket closed for attempt %s", attempt["id"])


async def _serve(
    websocket: WebSocket, store: Store, settings: Any, attempt_id: str, token_hash: str
) -> None:
    limiter = ws_common.MessageRateLimiter(settings.ws_max_messages_per_second)
    strikes = 0
    while True:
        try:
            message = await asyncio.wait_for(
                websocket.receive(), timeout=settings.ws_idle_timeout_seconds
            )
        except TimeoutError:
            await websocket.close(ws_common.CLOSE_IDLE, "Idle timeout")
            return
        if message["type"] == "websocket.disconnect":
            return
        text = message.get("text")
        if text is None:
            text = (message.get("bytes") or b"").decode("utf-8", errors="replace")
        if len(text) > settings.ws_max_message_bytes // 4 and (
            len(text.encode("utf-8")) > settings.ws_max_message_bytes
        ):
            await websocket.send_json({"type": "error", "message": "Message too large"})
            await websocket.close(ws_common.CLOSE_TOO_BIG, "Message too large")
            return
        try:
            data = json.loads(text)
        except ValueError:
            await websocket.send_json({"type": "error", "message": "Message is not valid JSON"})
            continue
        is_ping = isinstance(data, dict) and data.get("type") == "ping"
        events = [] if is_ping else _events_of(data)
        # Every message, pings included, takes a token from the rate limiter.
        if not limiter.allow():
            strikes += 1
            if is_ping or isinstance(events, str):
                await websocket.send_json({"type": "error", "message": RATE_LIMITED_MESSAGE})
            else:
                await websocket.send_json({"type": "ack", **reject_all(events, RATE_LIMITED)})
            if strikes > limiter.capacity:
                await websocket.close(ws_common.CLOSE_POLICY, "Message rate too high")
                return
            continue
        strikes = 0
        if is_ping:
            await websocket.send_json({"type": "pong"})
            continue
        if isinstance(events, str):
            await websocket.send_json({"type": "error", "message": events})
            continue
        # One dedicated thread per process does the socket writes: the SQLite store serialises
        # access with one lock, and handing it between many pool threads adds latency.
        result = await asyncio.get_running_loop().run_in_executor(
            websocket.app.state.ingest_executor,
            _ingest,
            store,
            attempt_id,
            token_hash,
            events,
            settings.max_events_per_attempt,
        )
        await websocket.send_json({"type": "ack", **result})
