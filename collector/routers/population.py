"""The distribution of a task's metrics over the caller's organisation, for comparisons."""

from __future__ import annotations

import importlib
import logging
from functools import partial
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict

from collector.deps import SettingsDep, StoreDep, UserDep
from collector.errors import error_responses
from collector.routers.tasks import get_visible_task

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/tasks", tags=["tasks"])


class PopulationOut(BaseModel):
    """Per-metric summaries (`count`, `mean`, `std`, percentiles p10 to p90)."""

    model_config = ConfigDict(extra="allow")

    task_id: str
    attempt_count: int = 0
    min_attempts: int | None = None
    sufficient: bool = False
    metrics: dict[str, Any] = {}
    source: str | None = None


def _loader() -> Any:
    """Return the analytics package's population loader, or None when it is not installed."""
    try:
        module = importlib.import_module("assets.population")
    except ImportError as exc:
        logger.info("population loader unavailable: %s", exc)
        return None
    return getattr(module, "load_population", None)


@router.get(
    "/{task_id}/population", response_model=PopulationOut, responses=error_responses(401, 404)
)
async def read_population(
    task_id: str, user: UserDep, store: StoreDep, settings: SettingsDep
) -> dict[str, Any]:
    """Return how the organisation's scored attempts did on this task, once there are enough."""
    org_id = user["org_id"]
    await run_in_threadpool(get_visible_task, store, org_id, task_id)
    load = await run_in_threadpool(_loader)
    if load is None:
        return {"task_id": task_id, "attempt_count": 0, "sufficient": False, "metrics": {}}
    return await run_in_threadpool(partial(load, settings, task_id, org_id=org_id))
