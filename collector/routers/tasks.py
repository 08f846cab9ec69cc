"""Decision tasks: the shared read-only library plus each organisation's own tasks."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, Field, ValidationError, model_validator

from collector.deps import StoreDep, UserDep
from collector.errors import error_responses
from hiremate.events import describe_validation_error
from hiremate.store import Store, new_id, utc_now

logger = logging.getLogger(__name__)
# Pages past this would skip more rows than any store holds; the bound keeps skips in range.
MAX_PAGE = 1_000_000
router = APIRouter(prefix="/tasks", tags=["tasks"])

RiskLevel = Literal["low", "medium", "high"]
Difficulty = Literal["easy", "medium", "hard"]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]


class OptionIn(BaseModel):
    id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")] | None = (
        Field(None, description="Made from the position (`opt_1`, ...) when left out.")
    )
    text: Annotated[str, Field(min_length=1, max_length=1000)]
    risk_level: RiskLevel


class TaskIn(BaseModel):
    title: ShortText
    scenario: Annotated[str, Field(min_length=1, max_length=5000)]
    category: ShortText = "General"
    difficulty: Difficulty = "medium"
    options: Annotated[list[OptionIn], Field(min_length=2, max_length=10)]
    reasoning_required: bool = True
    reasoning_min_length: Annotated[int, Field(ge=0, le=5000)] = 20
    suited_positions: Annotated[list[ShortText], Field(max_length=50)] = []
    time_limit_seconds: Annotated[int, Field(ge=10, le=86_400)] | None = None

    @model_validator(mode="after")
    def _unique_option_ids(self) -> TaskIn:
        for position, option in enumerate(self.options, start=1):
            if option.id is None:
                option.id = f"opt_{position}"
        ids = [option.id for option in self.options]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"option ids must be unique; repeated: {', '.join(repeated)}")
        return self


class TaskUpdate(BaseModel):
    title: ShortText | None = None
    scenario: Annotated[str, Field(min_length=1, max_length=5000)] | None = None
    category: ShortText | None = None
    difficulty: Difficulty | None = None
    options: list[OptionIn] | None = None
    reasoning_required: bool | None = None
    reasoning_min_length: Annotated[int, Field(ge=0, le=5000)] | None = None
    suited_positions: list[ShortText] | None = None
    time_limit_seconds: Annotated[int, Field(ge=10, le=86_400)] | None = None


class OptionOut(BaseModel):
    id: str
    text: str
    risk_level: str


class TaskOut(BaseModel):
    id: str
    org_id: str | None = Field(description="None for the shared library, which is read-only.")
    title: str
    scenario: str
    category: str
    difficulty: str
    options: list[OptionOut]
    reasoning_required: bool
    reasoning_min_length: int
    suited_positions: list[str]
    time_limit_seconds: int | None = None
    version: int
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class TaskListOut(BaseModel):
    tasks: list[TaskOut]
    total: int
    page: int
    page_size: int


class DeletedOut(BaseModel):
    id: str
    deleted: bool = True


def visible_tasks(store: Store, org_id: str) -> list[dict[str, Any]]:
    """Return the library tasks, then the organisation's, leaving out soft-deleted ones."""
    library = store.find("tasks", {"org_id": None, "deleted_at": None})
    own = store.find("tasks", {"org_id": org_id, "deleted_at": None}, sort=[("created_at", 1)])
    return library + own


def get_visible_task(store: Store, org_id: str, task_id: str) -> dict[str, Any]:
    """Return one task the organisation may use.

    Raises:
        HTTPException: 404 when it is missing, deleted or another organisation's.
    """
    task = store.get("tasks", task_id)
    if task is None or task.get("deleted_at") or task.get("org_id") not in (None, org_id):
        raise HTTPException(404, "Task not found")
    return task


def _own_task(store: Store, org_id: str, task_id: str) -> dict[str, Any]:
    task = get_visible_task(store, org_id, task_id)
    if task.get("org_id") is None:
        raise HTTPException(403, "Library tasks are read-only; create your own task to change it")
    return task


@router.get("", response_model=TaskListOut, responses=error_responses(401))
def list_tasks(
    user: UserDep,
    store: StoreDep,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    category: Annotated[str | None, Query(max_length=200)] = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
) -> TaskListOut:
    """List the tasks this organisation can use, library first."""
    tasks = visible_tasks(store, user["org_id"])
    if category:
        tasks = [t for t in tasks if str(t.get("category", "")).lower() == category.lower()]
    if search:
        needle = search.lower()
        tasks = [t for t in tasks if needle in f"{t['title']} {t['scenario']}".lower()]
    start = (page - 1) * page_size
    return TaskListOut(
        tasks=tasks[start : start + page_size], total=len(tasks), page=page, page_size=page_size
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=TaskOut,
    responses=error_responses(401, 422, e422="options: List should have at least 2 items"),
)
def create_task(body: TaskIn, user: UserDep, store: StoreDep) -> dict[str, Any]:
    """Create a task for the recruiter's organisation."""
    now = utc_now()
    task = {
        "id": new_id(),
        **body.model_dump(),
        "org_id": user["org_id"],
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
    }
    logger.info("user %s created task %s", user["id"], task["id"])
    return store.insert("tasks", task)


@router.get("/{task_id}", response_model=TaskOut, responses=error_responses(401, 404))
def read_task(task_id: str, user: UserDep, store: StoreDep) -> dict[str, Any]:
    """Return one task."""
    return get_visible_task(store, user["org_id"], task_id)


@router.put(
    "/{task_id}",
    response_model=TaskOut,
    responses=error_responses(401, 403, 404, 409, 422, e403="Library tasks are read-only"),
)
def update_task(task_id: str, body: TaskUpdate, user: UserDep, store: StoreDep) -> dict[str, Any]:
    """Change a task; attempts created earlier keep the version they were given."""
    task = _own_task(store, user["org_id"], task_id)
    changes = body.model_dump(exclude_unset=True)
    merged = {field: task.get(field) for field in TaskIn.model_fields} | changes
    try:
        checked = TaskIn.model_validate(merged)
    except ValidationError as exc:
        raise HTTPException(422, describe_validation_error(exc, "body.")) from None
    updated = store.update(
        "tasks",
        task_id,
        {**checked.model_dump(), "version": task["version"] + 1, "updated_at": utc_now()},
        expect={"version": task["version"]},
    )
    if updated is None:
        raise HTTPException(409, "Task was changed at the same time; reload it and retry")
    return updated


@router.delete("/{task_id}", response_model=DeletedOut, responses=error_responses(401, 403, 404))
def delete_task(task_id: str, user: UserDep, store: StoreDep) -> DeletedOut:
    """Remove a task from the list; attempts that use it keep their copy."""
    _own_task(store, user["org_id"], task_id)
    store.update("tasks", task_id, {"deleted_at": utc_now()})
    return DeletedOut(id=task_id)
