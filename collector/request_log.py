"""Request logging with a request id, and redaction of tokens from every log line."""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("collector.requests")

REQUEST_ID_HEADER = b"x-request-id"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Candidate tokens sit in paths, JWTs in the live socket's query string or a header.
_SECRET_PATTERNS = (
    # Leading spaces or %20 are part of what the client sent as the token segment.
    (re.compile(r"(/assessment/)(?:\s|%20)*[^/\s\"'?]+"), r"\1<token>"),
    (re.compile(r"((?:token|access_token|refresh_token)=)[^&\s\"']+"), r"\1<redacted>"),
    (re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1<redacted>"),
)
REDACTED_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "collector")


# In a bare request path the whole segment after `/assessment/` is the token, whatever it holds.
_PATH_TOKEN = re.compile(r"(/assessment/)[^/]+")


def redact_path(path: str) -> str:
    """Replace the candidate token segment of a request path, then any other secret."""
    return redact(_PATH_TOKEN.sub(r"\1<token>", path))


def redact(text: str) -> str:
    """Replace candidate tokens, JWTs and bearer credentials in `text`."""
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrite a record's message so no token in a path or query string reaches a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install_log_redaction() -> None:
    """Attach the redacting filter to uvicorn's loggers and silence its access log.

    Uvicorn's access log prints the raw path and query string, so it is replaced by
    `RequestLogMiddleware`, which logs redacted paths without the query string.
    """
    log_filter = RedactingFilter()
    # Logger filters miss records that propagate from child loggers; handler filters do not.
    targets: list[logging.Filterer] = [logging.getLogger(name) for name in REDACTED_LOGGERS]
    for name in ("", *REDACTED_LOGGERS):
        targets.extend(logging.getLogger(name).handlers)
    for target in targets:
        if not any(isinstance(f, RedactingFilter) for f in target.filters):
            target.addFilter(log_filter)
    logging.getLogger("uvicorn.access").disabled = True


class RequestLogMiddleware:
    """Give every request an id (`X-Request-ID`, kept when the client sends a sane one) and log
    one line per request with method, redacted path, status and duration."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status: dict[str, Any] = {"code": None}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER, request_id.encode("ascii")))
                message["headers"] = headers
            elif message["type"] == "websocket.accept":
                status["code"] = 101
            elif message["type"] == "websocket.close" and status["code"] is None:
                status["code"] = 403
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            logger.info(
                "%s %s status=%s duration_ms=%.1f request_id=%s",
                scope.get("method", "WEBSOCKET"),
                redact_path(scope.get("path", "")),
                status["code"] if status["code"] is not None else 500,
                (time.perf_counter() - started) * 1000,
                request_id,
            )


def _incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == REQUEST_ID_HEADER:
            text = value.decode("latin-1")
            return text if _REQUEST_ID.match(text) else None
    return None
