"""Stored skill profiles of an attempt, with their history, and requests to generate them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from collector.attempt_views import get_org_attempt
from collector.deps import SettingsDep, StoreDep, UserDep
from collector.errors import error_responses
from collector.recompute import NOT_COMPLETED, RecomputeIn, RecomputeState, request_recompute
from hiremate.events import INT64_MAX
from hiremate.store import utc_now

router = APIRouter(prefix="/skills", tags=["skills"])


class ProfileVersionOut(BaseModel):
    version: int | None = None
    run_id: str | None = None
    rules_version: str | None = None
    code_version: str | None = None
    computed_at: dt.datetime | None = None


class ProfileOut(BaseModel):
    """A stored skill profile; each of the six fields is `{label, explanation, evidence,
    confidence}`. Pipeline fields beyond these are passed through."""

    model_config = ConfigDict(extra="allow")

    attempt_id: str
    version: int | None = None
    run_id: str | None = None
    code_version: str | None = None
    rules_version: str | None = None
    computed_at: dt.datetime | None = None
    event_ids: list[str] | None = None
    thinking_style: dict[str, Any] | None = None
    decision_speed: dict[str, Any] | None = None
    decision_consistency: dict[str, Any] | None = None
    risk_orientation: dict[str, Any] | None = None
    communication_depth: dict[str, Any] | None = None
    communication_structure: dict[str, Any] | None = None
    integrity_flags: list[Any] | None = None
    history: list[ProfileVersionOut] = Field(
        default_factory=list, description="Every stored version, newest first."
    )
    recompute: RecomputeState | None = Field(None, description="Only on generate requests.")


def _history(store: Any, attempt_id: str) -> list[dict[str, Any]]:
    versions = store.find("profiles", {"attempt_id": attempt_id}, sort=[("version", -1)])
    return [{field: v.get(field) for field in ProfileVersionOut.model_fields} for v in versions]


def _view(store: Any, doc: dict[str, Any]) -> dict[str, Any]:
    view = dict(doc)
    view.pop("_id", None)
    view["history"] = _history(store, doc["attempt_id"])
    return view


@router.get(
    "/attempt/{attempt_id}",
    response_model=ProfileOut,
    responses=error_responses(401, 404, 422, e404="Skill profile has not been generated yet"),
)
def read_profile(
    attempt_id: str,
    user: UserDep,
    store: StoreDep,
    version: Annotated[
        int | None, Query(ge=1, le=INT64_MAX, description="An older version.")
    ] = None,
) -> dict[str, Any]:
    """Return the newest skill profile (or `version`) with the list of all versions."""
    get_org_attempt(store, user["org_id"], attempt_id, utc_now())
    if version is None:
        doc = store.latest_version("profiles", attempt_id)
    else:
        doc = store.find_one("profiles", {"attempt_id": attempt_id, "version": version})
    if doc is None:
        raise HTTPException(404, "Skill profile has not been generated yet")
    return _view(store, doc)


@router.post(
    "/attempt/{attempt_id}/generate",
    response_model=ProfileOut,
    responses={
        202: {"model": ProfileOut, "description": "Nothing stored yet; generation is queued"},
        **error_responses(401, 404, 409, 422, e409=NOT_COMPLETED),
    },
)
def generate_profile(
    attempt_id: str,
    user: UserDep,
    store: StoreDep,
    settings: SettingsDep,
    body: Annotated[RecomputeIn | None, Body()] = None,
) -> Any:
    """Return the stored profile at once and queue a generation when needed or forced."""
    body = body or RecomputeIn()
    attempt = get_org_attempt(store, user["org_id"], attempt_id, utc_now())
    doc = store.latest_version("profiles", attempt_id)
    state = request_recompute(
        store, settings, attempt, "skills", force=body.force_recompute, stored=doc
    )
    if doc is None:
        pending = ProfileOut(attempt_id=attempt_id, recompute=state)
        return JSONResponse(jsonable_encoder(pending), status_code=202)
    return {**_view(store, doc), "recompute": state}
