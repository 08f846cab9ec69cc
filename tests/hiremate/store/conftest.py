"""Store backends for the contract suite: SQLite always, mongomock, and a real MongoDB."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import mongomock
import mongomock.gridfs
import pymongo
import pytest

from hiremate.store import Store
from hiremate.store.mongo import MongoStore
from hiremate.store.sqlite import SqliteStore

# The real-server backend joins the suite only when a server URL is given.
BACKENDS = ["sqlite", "mongomock"] + (
    ["mongodb"] if os.environ.get("HIREMATE_TEST_MONGODB_URL") else []
)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Each backend in turn; the real MongoDB one runs when HIREMATE_TEST_MONGODB_URL is set."""
    cleanup = None
    if request.param == "sqlite":
        backend: Store = SqliteStore(tmp_path / "store.db")
    elif request.param == "mongomock":
        mongomock.gridfs.enable_gridfs_integration()
        backend = MongoStore(client=mongomock.MongoClient(tz_aware=True))
    else:
        url = os.environ["HIREMATE_TEST_MONGODB_URL"]
        # One throwaway database per test keeps runs independent.
        client = pymongo.MongoClient(url, tz_aware=True)
        name = f"hiremate_test_{uuid.uuid4().hex[:12]}"
        backend = MongoStore(client=_DatabaseClient(client, name))

        def cleanup() -> None:
            client.drop_database(name)
            client.close()

    yield backend
    backend.close()
    if cleanup is not None:
        cleanup()


class _DatabaseClient:
    """A client wrapper whose default database is a given name (for per-test databases)."""

    def __init__(self, client: pymongo.MongoClient, name: str) -> None:
        self._client = client
        self._name = name

    def get_default_database(self, default: str | None = None) -> object:
        return self._client[self._name]

    def close(self) -> None:
        """Leave the shared client open; the finalizer drops the database and closes it."""
