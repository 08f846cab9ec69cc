"""Fixtures of the resume parser tests: a shared worker pool and the resume corpus."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hiremate.resume.worker import ParserPool
from tests.conftest import SHARED_DATA

CORPUS_DIR = SHARED_DATA / "resumes"


def load_expected() -> dict[str, dict[str, Any]]:
    """Return the corpus ground truth keyed by file name, or {} when the corpus is absent."""
    path = CORPUS_DIR / "expected.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def corpus_path(name: str) -> Path:
    """Return the path of a corpus file by its key in the ground truth."""
    direct = CORPUS_DIR / name
    return direct if direct.exists() else CORPUS_DIR / "edge" / name


@pytest.fixture(scope="session")
def parser_pool() -> Iterator[ParserPool]:
    """Two worker processes with the default limits (5 s, 512 MiB), shared by the session."""
    pool = ParserPool(2, timeout_seconds=5.0, memory_mb=512, prestart=2)
    yield pool
    pool.close()


@pytest.fixture
def corpus_dir() -> Path:
    """The resume corpus folder; the test is skipped when it is not on this machine."""
    if not CORPUS_DIR.exists():
        pytest.skip(f"resume corpus {CORPUS_DIR} is not available on this machine")
    return CORPUS_DIR
