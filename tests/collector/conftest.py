"""Fixtures for the collector tests: one shared real server, plus per-module recruiters."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.server import CollectorServer, Recruiter, create_recruiter, run_collector


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    """A collector with a seeded store, shared by every module that does not configure its own.

    Tests that count things create their own recruiter, so each starts with an empty organisation.
    """
    with run_collector(tmp_path_factory.mktemp("collector")) as running:
        yield running


@pytest.fixture(scope="module")
def recruiter(server: CollectorServer) -> Recruiter:
    """A recruiter in a new organisation, shared by the module (password hashing is slow)."""
    return create_recruiter(server.base_url)


@pytest.fixture(scope="module")
def api(server: CollectorServer, recruiter: Recruiter) -> Iterator[httpx.Client]:
    """An HTTP client on `/api/v1` logged in as `recruiter`."""
    with httpx.Client(base_url=server.api_url, headers=recruiter.headers, timeout=30.0) as client:
        yield client


@pytest.fixture(scope="module")
def candidate_client(server: CollectorServer) -> Iterator[httpx.Client]:
    """An HTTP client on `/api/v1` that sends what the legacy candidate page sends."""
    headers = {"Content-Type": "application/json"}
    with httpx.Client(base_url=server.api_url, headers=headers, timeout=30.0) as client:
        yield client
