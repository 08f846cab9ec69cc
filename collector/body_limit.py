"""A request body cap, checked before any route reads or parses the body."""

from __future__ import annotations

import json
import logging

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

# Room for the multipart boundaries and form fields around an uploaded file.
MULTIPART_OVERHEAD_BYTES = 65_536


def too_large_detail(limit: int) -> str:
    """Return the 413 `detail` for a cap of `limit` bytes."""
    return f"Request body is too large; send at most {limit} bytes"


class BodyTooLargeError(HTTPException):
    """The client sent more bytes than the cap allows, so the request gets a 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_detail(limit))


class BodyLimitMiddleware:
    """Send 413 `{"detail": ...}` when a request body is larger than its cap.

    JSON and other bodies may contain `max_body_bytes`. Multipart uploads may contain
    `upload_max_bytes` plus room for the form. A declared `Content-Length` above the cap is
    rejected before the body is read, and a streamed body is cut off once it passes the cap.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int, upload_max_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.upload_max_bytes = upload_max_bytes + MULTIPART_OVERHEAD_BYTES

    def _limit(self, scope: Scope) -> int:
        for name, value in scope.get("headers", []):
            if name == b"content-type" and value.lower().startswith(b"multipart/form-data"):
                return max(self.upload_max_bytes, self.max_body_bytes)
        return self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _send_413(send, limit)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLargeError:
            if started:
                raise
            await _send_413(send, limit)
        except ExceptionGroup as group:
            matched, rest = group.split(BodyTooLargeError)
            if matched is None or rest is not None or started:
                raise
            await _send_413(send, limit)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _send_413(send: Send, limit: int) -> None:
    logger.warning("rejected a request body larger than the %d-byte cap", limit)
    body = json.dumps({"detail": too_large_detail(limit)}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
