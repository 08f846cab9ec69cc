"""Fixtures for the pipeline tests: a real SQLite store and an ephemeral Dagster instance."""

from __future__ import annotations

from collections.abc import Iterator

import dagster as dg
import pytest

from hiremate.store import Store, open_store


@pytest.fixture
def store(settings) -> Iterator[Store]:
    """The embedded store of the test's settings."""
    with open_store(settings) as opened:
        yield opened


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    """A Dagster instance that lives only for the test."""
    with dg.DagsterInstance.ephemeral() as value:
        yield value
