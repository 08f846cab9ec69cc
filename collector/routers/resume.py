"""Resume intake: parse an uploaded resume and serve the stored original back."""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, File, HTTPException, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from collector.deps import SettingsDep, StoreDep, UserDep
from collector.errors import ErrorOut
from collector.routers.tasks import visible_tasks
from hiremate.resume import (
    PARSER_VERSION,
    ResumeError,
    get_parser_pool,
    parse_resume,
    shutdown_parser_pool,
    suggest_tasks,
)
from hiremate.resume.errors import FileTooLargeError, too_large_detail
from hiremate.resume.filename import safe_filename
from hiremate.settings import Settings
from hiremate.store import Store, utc_now

logger = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def _parser_lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Start the worker processes with the server, so the first upload does not wait for them.
    get_parser_pool(app.state.settings)
    try:
        yield
    finally:
        shutdown_parser_pool()


router = APIRouter(tags=["resume"], lifespan=_parser_lifespan)

FILES_PATH = "/api/v1/resume/files"
# Read in chunks so an upload over the cap is rejected without holding all of it in memory.
_CHUNK_BYTES = 1_048_576


class SpanOut(BaseModel):
    start: int
    end: int
    text: str = Field(description="`resume_text[start:end]`.")


class FieldOut(BaseModel):
    """One parsed field. The phone also carries `printed`, `e164`, `placeholder`."""

    model_config = ConfigDict(extra="allow")

    value: str | None
    confidence: float = Field(ge=0, le=1)
    span: SpanOut | None
    reason: str | None = Field(description="Why the value is null, or null when it was found.")


class CandidateInfoOut(BaseModel):
    name: str | None
    email: str | None
    phone: str | None = Field(description="E.164 when it could be normalised, else as printed.")
    position: str | None
    skills: list[str]
    resume_text: str
    resume_file_id: str


class SuggestionOut(BaseModel):
    task_id: str
    reason: str


class ResumeParseOut(BaseModel):
    candidate_info: CandidateInfoOut
    resume_text: str = Field(description="The normalised text that every span points into.")
    resume_url: str
    suggested_task_ids: list[str]
    suggestions: list[SuggestionOut]
    fields: dict[str, FieldOut] = Field(description="`name`, `email`, `phone`, `position`.")
    warnings: list[str]
    file_id: str
    resume_id: str
    duplicate: bool = Field(description="True when this organisation uploaded the bytes before.")
    content_type: str
    extraction: str = Field(description="`pdf-plain`, `pdf-layout`, `docx` or `text`.")


def _error(description: str, example: str) -> dict[str, Any]:
    return {
        "model": ErrorOut,
        "description": description,
        "content": {"application/json": {"example": {"detail": example}}},
    }


PARSE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: _error("Missing, invalid or expired credentials", "Not authenticated"),
    413: _error("The file is over the upload size limit", too_large_detail(10_485_760)),
    415: _error("Not a PDF, DOCX or text file", "Unsupported file type. ..."),
    422: _error(
        "Empty, encrypted, corrupt or textless file, or over the parse limits",
        "The PDF is password-protected. Upload an unprotected copy of the resume.",
    ),
    429: _error(
        "This organisation has the maximum number of parses in flight; see `Retry-After`",
        "Too many resumes from this organisation are being parsed; try again in a few seconds.",
    ),
    503: _error(
        "No parser worker was free in time, or none could start; see `Retry-After`",
        "The resume parser is busy; try again in a few seconds.",
    ),
}


@router.post("/resume/parse", response_model=ResumeParseOut, responses=PARSE_ERRORS)
def parse_resume_upload(
    file: Annotated[UploadFile, File(description="The resume: PDF, DOCX or plain text.")],
    user: UserDep,
    store: StoreDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Parse a resume, store the original and suggest tasks for its position."""
    data = _read_upload(file, settings.upload_max_bytes)
    org_id = user["org_id"]
    sha256 = hashlib.sha256(data).hexdigest()
    cached = store.find_one(
        "resumes", {"org_id": org_id, "sha256": sha256, "parser_version": PARSER_VERSION}
    )
    parsed = cached["parsed"] if cached is not None else _parse(data, org_id, settings)

    content_type = parsed["content_type"]
    if parsed.get("encoding"):
        content_type += f"; charset={parsed['encoding']}"
    meta = store.put_file(
        data, filename=safe_filename(file.filename), content_type=content_type, org_id=org_id
    )
    if cached is None and meta["duplicate"]:
        # A concurrent upload of the same bytes stored its parse first.
        cached = store.find_one("resumes", {"org_id": org_id, "file_id": meta["id"]})
    if cached is None:
        cached = _store_resume(store, parsed, meta, user, sha256)

    suggestions = suggest_tasks(parsed["fields"]["position"]["value"], visible_tasks(store, org_id))
    logger.info(
        "resume parsed: org=%s file=%s duplicate=%s extraction=%s",
        org_id,
        meta["id"],
        meta["duplicate"],
        parsed["extraction"],
    )
    return _response(parsed, meta, cached["id"], suggestions)


@router.get(
    "/resume/files/{file_id}",
    response_class=Response,
    responses={
        200: {"description": "The original file", "content": {"application/pdf": {}}},
        401: PARSE_ERRORS[401],
        404: _error("No such file in this organisation", "File not found"),
    },
)
def read_resume_file(file_id: str, user: UserDep, store: StoreDep) -> Response:
    """Return an uploaded resume file as it was stored."""
    stored = store.get_file(file_id)
    if stored is None or stored[0].get("org_id") != user["org_id"]:
        raise HTTPException(404, "File not found")
    meta, data = stored
    return Response(
        data,
        media_type=meta.get("content_type") or "application/octet-stream",
        headers={
            "Content-Disposition": _content_disposition(safe_filename(meta.get("filename"))),
            "X-Content-Type-Options": "nosniff",
        },
    )


def _content_disposition(filename: str) -> str:
    """Return an attachment header with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    printable = "".join(char for char in filename if char.isprintable())
    fallback = printable.encode("ascii", "replace").decode("ascii").replace('"', "_")
    fallback = fallback.replace("?", "_").replace("\\", "_") or "resume"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(printable)}"


def _parse(data: bytes, org_id: str, settings: Settings) -> dict[str, Any]:
    try:
        return parse_resume(data, settings=settings, org_id=org_id)
    except ResumeError as exc:
        # The pool already logs a busy parser or an organisation's cap as a warning.
        logger.info(
            "resume rejected: org=%s bytes=%d status=%d code=%s",
            org_id,
            len(data),
            exc.status_code,
            exc.code,
        )
        raise http_error(exc) from exc


def http_error(exc: ResumeError) -> HTTPException:
    """Return the HTTP error for a rejected resume, with `Retry-After` when a retry can help."""
    headers = None if exc.retry_after is None else {"Retry-After": str(exc.retry_after)}
    return HTTPException(exc.status_code, exc.detail, headers=headers)


def _read_upload(upload: UploadFile, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := upload.file.read(_CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise HTTPException(FileTooLargeError.status_code, too_large_detail(max_bytes))
        chunks.append(chunk)
    return b"".join(chunks)


def _store_resume(
    store: Store, parsed: dict[str, Any], meta: dict[str, Any], user: dict, sha256: str
) -> dict[str, Any]:
    return store.insert(
        "resumes",
        {
            "org_id": user["org_id"],
            "recruiter_id": user["id"],
            "file_id": meta["id"],
            "sha256": sha256,
            "filename": meta.get("filename"),
            "content_type": parsed["content_type"],
            "parser_version": PARSER_VERSION,
            "parsed": parsed,
            "created_at": utc_now(),
        },
    )


def _response(
    parsed: dict[str, Any], meta: dict[str, Any], resume_id: str, suggestions: list[dict]
) -> dict[str, Any]:
    fields = parsed["fields"]
    text = parsed["text"]
    return {
        "candidate_info": {
            "name": fields["name"]["value"],
            "email": fields["email"]["value"],
            "phone": fields["phone"]["value"],
            "position": fields["position"]["value"],
            "skills": parsed["skills"],
            "resume_text": text,
            "resume_file_id": meta["id"],
        },
        "resume_text": text,
        "resume_url": f"{FILES_PATH}/{meta['id']}",
        "suggested_task_ids": [item["task_id"] for item in suggestions],
        "suggestions": suggestions,
        "fields": fields,
        "warnings": parsed["warnings"],
        "file_id": meta["id"],
        "resume_id": resume_id,
        "duplicate": bool(meta["duplicate"]),
        "content_type": parsed["content_type"],
        "extraction": parsed["extraction"],
    }
