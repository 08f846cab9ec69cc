"""Build the collector app: `uvicorn collector.main:create_app --factory`."""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.responses import Response

from collector.body_limit import BodyLimitMiddleware
from collector.errors import install_error_handlers
from collector.openapi import install_openapi
from collector.request_log import RequestLogMiddleware, install_log_redaction
from collector.routers import (
    assessment,
    attempt_links,
    attempts,
    auth,
    candidate_ws,
    dashboard,
    events,
    health,
    live_ws,
    metrics,
    org,
    population,
    skills,
    tasks,
)
from hiremate import __version__
from hiremate.logs import configure_logging
from hiremate.settings import Settings, get_settings
from hiremate.store import open_store

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
DESCRIPTION = """\
HireMate's collector: the recruiter REST API, the candidate assessment endpoints and the
event sockets. Recruiter routes take `Authorization: Bearer <access token>`. Candidate routes
take the one-time token in the path. Every error body is `{"detail": "<text>"}`.

**Limits**: a request body above `HIREMATE_MAX_BODY_BYTES` (default 5 MiB) gets 413, and a
multipart resume upload may be as large as `HIREMATE_UPLOAD_MAX_BYTES`. A batch contains at
most 1000 events; a longer one gets 422 and must be split. An assessment stores at most
`HIREMATE_MAX_EVENTS_PER_ATTEMPT` events (default 50,000), and each event past that is
rejected. Integers in queries and events must fit a signed 64-bit integer.

**WebSockets** (not listed below, because OpenAPI has no way to describe them):

- `/ws/assessment/{token}`: the candidate page sends one event or
  `{"type": "batch", "events": [...]}` per message. Each message gets
  `{"type": "ack", "accepted": [{event_id, server_seq, duplicate}], "rejected":
  [{event_id, index, error}]}` once the accepted events are stored, and `{"type": "ping"}`
  gets `{"type": "pong"}`. An unknown, completed or expired token gets HTTP 403 on the
  upgrade request. A message above the size limit closes the socket with 1009. Messages
  above the rate limit, pings included, are rejected, and a client that keeps exceeding it
  is closed with 1008. An idle socket is closed with 4008 after the idle timeout.
- `/ws/live/{attempt_id}?token=<access JWT>&after_seq=N` (N from 0 to 2^63-1, else the
  upgrade gets HTTP 403): a recruiter of the attempt's
  organisation gets `{"type": "event_logged", event_id, event_type, task_id, timestamp,
  payload, server_seq}` for every stored event with `server_seq` above N, then
  `{"type": "status_update", status}` when the status changes and
  `{"type": "assessment_completed"}` on completion. Nothing is sent on connect.
"""


class JSONCORSMiddleware(CORSMiddleware):
    """Starlette's CORS handling, with a JSON body on a refused preflight."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        text = bytes(response.body).decode("utf-8", errors="replace")
        headers = {
            key: value
            for key, value in response.headers.items()
            if key.lower() not in ("content-length", "content-type")
        }
        # Starlette names what failed, e.g. "Disallowed CORS origin, method".
        body = {"detail": f"{text}; the allowed origins are set by HIREMATE_CORS_ORIGINS"}
        return JSONResponse(body, status_code=response.status_code, headers=headers)


def _optional_router(module_name: str) -> APIRouter | None:
    """Return `module_name.router`, or None when that module is not part of this install."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        logger.info("%s is not installed; its routes are not served", module_name)
        return None
    return module.router


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    if settings.dev_mode:
        logger.warning(
            "HIREMATE_DEV_MODE is on: requests without credentials act as the admin %s. "
            "Never enable it on a reachable host.",
            settings.admin_email,
        )
    app.state.store = open_store(settings)
    app.state.ingest_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest")
    logger.info("collector started (store %s)", type(app.state.store).__name__)
    try:
        yield
    finally:
        app.state.ingest_executor.shutdown(wait=True)
        app.state.store.close()
        logger.info("collector stopped")


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the FastAPI app from `settings` (default: the environment)."""
    settings = settings or get_settings()
    configure_logging()
    install_log_redaction()
    app = FastAPI(
        title="HireMate collector",
        version=__version__,
        description=DESCRIPTION,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.jwt_secret = settings.resolve_jwt_secret()
    install_error_handlers(app)
    api_routers: list[Any] = [
        auth.router,
        org.router,
        tasks.router,
        population.router,
        attempts.router,
        attempt_links.router,
        assessment.router,
        events.router,
        metrics.router,
        skills.router,
        dashboard.router,
        _optional_router("collector.routers.resume"),
    ]
    for router in api_routers:
        if router is not None:
            app.include_router(router, prefix=API_PREFIX)
    for router in (health.router, candidate_ws.router, live_ws.router):
        app.include_router(router)
    pages = _optional_router("collector.routers.pages")
    if pages is not None:
        app.include_router(pages)
    app.add_middleware(
        BodyLimitMiddleware,
        max_body_bytes=settings.max_body_bytes,
        upload_max_bytes=settings.upload_max_bytes,
    )
    app.add_middleware(
        JSONCORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "X-Assessment-Token", "X-Request-ID"],
        expose_headers=["X-Request-ID", "Retry-After"],
    )
    app.add_middleware(RequestLogMiddleware)
    install_openapi(app)
    return app
