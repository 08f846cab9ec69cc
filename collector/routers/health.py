"""Liveness and readiness probes."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from collector.deps import StoreDep
from collector.errors import error_responses
from hiremate.store import StoreError

logger = logging.getLogger(__name__)
router = APIRouter(tags=["health"])


class HealthOut(BaseModel):
    status: str


@router.get("/healthz", response_model=HealthOut)
def healthz() -> HealthOut:
    """Report that the process is up."""
    return HealthOut(status="ok")


@router.get(
    "/readyz", response_model=HealthOut, responses=error_responses(503, e503="Store is unreachable")
)
def readyz(store: StoreDep) -> HealthOut | JSONResponse:
    """Report whether the store responds."""
    try:
        store.ping()
    except (StoreError, OSError) as exc:
        logger.warning("readiness check failed: %s", exc)
        return JSONResponse({"detail": "Store is unreachable"}, status_code=503)
    return HealthOut(status="ready")
