"""Stored metrics of an attempt, and requests to compute them again."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from collector.attempt_views import get_org_attempt
from collector.deps import SettingsDep, StoreDep, UserDep
from collector.errors import error_responses
from collector.recompute import NOT_COMPLETED, RecomputeIn, RecomputeState, request_recompute
from hiremate.store import utc_now

router = APIRouter(prefix="/metrics", tags=["metrics"])


class MetricsOut(BaseModel):
    """The newest stored metrics document; pipeline fields beyond these are passed through."""

    model_config = ConfigDict(extra="allow")

    attempt_id: str
    version: int | None = None
    run_id: str | None = None
    code_version: str | None = None
    rules_version: str | None = None
    computed_at: dt.datetime | None = None
    event_count: int | None = None
    per_task: list[dict[str, Any]] | None = None
    overall: dict[str, Any] | None = None
    per_task_metrics: list[dict[str, Any]] | None = Field(
        None, description="Per-task fields the existing web frontend charts."
    )
    global_metrics: dict[str, Any] | None = None
    overall_score: float | None = Field(None, description="Always null: no grade is computed.")
    overall_grade: str | None = None
    analysis_result: dict[str, Any] | None = None
    recompute: RecomputeState | None = Field(None, description="Only on compute requests.")


def metrics_view(doc: dict[str, Any]) -> dict[str, Any]:
    """Return a stored metrics document as the API shows it."""
    view = dict(doc)
    view.pop("_id", None)
    view.setdefault("overall_score", None)
    view.setdefault("overall_grade", None)
    view.setdefault("analysis_result", None)
    return view


@router.get(
    "/attempt/{attempt_id}",
    response_model=MetricsOut,
    responses=error_responses(401, 404, e404="Metrics have not been computed yet"),
)
def read_metrics(attempt_id: str, user: UserDep, store: StoreDep) -> dict[str, Any]:
    """Return the newest metrics the pipeline stored for an attempt."""
    get_org_attempt(store, user["org_id"], attempt_id, utc_now())
    doc = store.latest_version("metrics", attempt_id)
    if doc is None:
        raise HTTPException(404, "Metrics have not been computed yet")
    return metrics_view(doc)


@router.post(
    "/attempt/{attempt_id}/compute",
    response_model=MetricsOut,
    responses={
        202: {"model": MetricsOut, "description": "Nothing stored yet; a computation is queued"},
        **error_responses(401, 404, 409, 422, e409=NOT_COMPLETED),
    },
)
def compute_metrics(
    attempt_id: str,
    user: UserDep,
    store: StoreDep,
    settings: SettingsDep,
    body: Annotated[RecomputeIn | None, Body()] = None,
) -> Any:
    """Return the stored metrics at once and queue a computation when needed or forced."""
    body = body or RecomputeIn()
    attempt = get_org_attempt(store, user["org_id"], attempt_id, utc_now())
    doc = store.latest_version("metrics", attempt_id)
    state = request_recompute(
        store, settings, attempt, "metrics", force=body.force_recompute, stored=doc
    )
    if doc is None:
        pending = {
            "attempt_id": attempt_id,
            "per_task_metrics": [],
            "global_metrics": {},
            "recompute": state,
        }
        return JSONResponse(jsonable_encoder(MetricsOut(**pending)), status_code=202)
    return {**metrics_view(doc), "recompute": state}
