"""The store: one interface, an embedded SQLite backend and a MongoDB backend."""

from __future__ import annotations

from hiremate.settings import Settings
from hiremate.store.base import (
    COLLECTIONS,
    AppendResult,
    Document,
    DuplicateKeyError,
    Store,
    StoreError,
)
from hiremate.store.codec import new_id, utc_now

__all__ = [
    "COLLECTIONS",
    "AppendResult",
    "Document",
    "DuplicateKeyError",
    "Store",
    "StoreError",
    "new_id",
    "open_store",
    "utc_now",
]


def open_store(target: Settings | str) -> Store:
    """Open the store named by the settings' database URL, or by a URL given directly.

    `sqlite:///PATH` opens the embedded store; `mongodb://` and `mongodb+srv://` open MongoDB.
    """
    if isinstance(target, Settings):
        url = target.resolved_database_url
        synchronous = target.sqlite_synchronous
    else:
        url = target
        synchronous = "NORMAL"
    if url.startswith("sqlite:///"):
        from hiremate.store.sqlite import SqliteStore

        return SqliteStore(url.removeprefix("sqlite:///"), synchronous=synchronous)
    if url.startswith(("mongodb://", "mongodb+srv://")):
        from hiremate.store.mongo import MongoStore

        return MongoStore(url)
    scheme = url.split("://")[0] if "://" in url else url[:20]
    raise ValueError(
        f"unsupported database URL scheme {scheme!r}; use sqlite:///PATH, mongodb:// or "
        "mongodb+srv://"
    )
