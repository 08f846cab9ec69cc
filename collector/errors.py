"""Error bodies, their OpenAPI descriptions and the handlers that keep `detail` a string."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)

# The example `detail` documented for each status unless a route names its own.
DEFAULT_EXAMPLES: dict[int, str] = {
    400: "Invalid request",
    401: "Not authenticated",
    403: "Not allowed for this account",
    404: "Not found",
    409: "Conflict with the current state",
    410: "Assessment link has expired",
    413: "Request body is too large",
    422: "body.email: value is not a valid email address",
    429: "Too many failed login attempts; try again later",
    503: "Store is unreachable",
}
DESCRIPTIONS: dict[int, str] = {
    400: "Bad request",
    401: "Missing, invalid or expired credentials",
    403: "Forbidden",
    404: "Not found, or not visible to this organisation",
    409: "Conflict",
    410: "Gone",
    413: "Payload too large",
    422: "Invalid input; `detail` names the field",
    429: "Rate limited; see the Retry-After header",
    503: "Service unavailable",
}


class ErrorOut(BaseModel):
    """Every error body: `detail` is one human-readable string."""

    detail: str


def error_responses(*codes: int, **examples: str) -> dict[int | str, dict[str, Any]]:
    """Build the `responses=` entries for `codes`, with an example body for each.

    Keyword arguments `e404="Attempt not found"` replace the default example of a status.
    """
    responses: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        example = examples.get(f"e{code}", DEFAULT_EXAMPLES[code])
        responses[code] = {
            "model": ErrorOut,
            "description": DESCRIPTIONS[code],
            "content": {"application/json": {"example": {"detail": example}}},
        }
    return responses


def describe_request_errors(errors: list[Mapping[str, Any]]) -> str:
    """Join FastAPI's validation errors into one line naming each field and the problem."""
    parts = []
    for error in errors[:3]:
        loc = [str(part) for part in error.get("loc", ())]
        field = ".".join(loc) or "request"
        message = str(error.get("msg", "invalid value"))
        if error.get("type") == "json_invalid":
            message = "invalid JSON; send a JSON document"
        parts.append(f"{field}: {message}")
    return "; ".join(parts)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": describe_request_errors(list(exc.errors()))}, status_code=422)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    request_id = getattr(request.state, "request_id", "-")
    logger.exception("unhandled error request_id=%s", request_id)
    return JSONResponse(
        {"detail": f"Internal server error (request id {request_id})"}, status_code=500
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every error into `{"detail": "<text>"}`."""
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)
