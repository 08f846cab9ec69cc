"""Resume intake: local, deterministic parsing of PDF, DOCX and text resumes.

No resume text leaves the machine: parsing uses pypdf, python-docx, phonenumbers and
charset-normalizer only. Untrusted uploads go through `parse_resume`, which runs the
parser in a bounded worker process (see `hiremate.resume.worker`).
"""

from __future__ import annotations

from typing import Any

from hiremate.resume.errors import (
    EmptyFileError,
    FileTooLargeError,
    ResumeError,
    too_large_detail,
)
from hiremate.resume.pool import get_parser_pool, shutdown_parser_pool
from hiremate.resume.suggest import suggest_tasks
from hiremate.resume.worker import ParserPool
from hiremate.settings import Settings, get_settings

# Stored with each parse so a cached result from an older parser is not reused.
PARSER_VERSION = "1"

__all__ = [
    "PARSER_VERSION",
    "ParserPool",
    "ResumeError",
    "get_parser_pool",
    "parse_resume",
    "shutdown_parser_pool",
    "suggest_tasks",
]


def parse_resume(
    data: bytes,
    *,
    settings: Settings | None = None,
    pool: ParserPool | None = None,
    org_id: str | None = None,
) -> dict[str, Any]:
    """Check the upload's size, then parse it in a bounded worker.

    Returns:
        The parser's result (see `hiremate.resume.parser.parse_resume_bytes`).

    Raises:
        ResumeError: a subclass with the HTTP status and client text for the rejection.
    """
    settings = settings or get_settings()
    if not data:
        raise EmptyFileError()
    if len(data) > settings.upload_max_bytes:
        raise FileTooLargeError(too_large_detail(settings.upload_max_bytes))
    return (pool or get_parser_pool(settings)).parse(data, org_id=org_id)
