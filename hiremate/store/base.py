"""The store interface that every backend implements."""

from __future__ import annotations

import abc
import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Collections of plain documents. Events are kept apart: they can only be appended.
COLLECTIONS = (
    "users",
    "orgs",
    "invites",
    "refresh_tokens",
    "tasks",
    "attempts",
    "resumes",
    "metrics",
    "profiles",
    "recompute_requests",
    "login_failures",
)
# Collections whose documents form versions per attempt (see `Store.append_version`).
VERSIONED_COLLECTIONS = ("metrics", "profiles")
SCHEMA_VERSION = 1

Document = dict[str, Any]
Filter = Mapping[str, Any]
Sort = Sequence[tuple[str, int]]
Search = tuple[Sequence[str], str]


class StoreError(Exception):
    """Base class of the store's errors."""


class DuplicateKeyError(StoreError):
    """A document clashes with a unique index."""


@dataclasses.dataclass(frozen=True)
class AppendResult:
    """The outcome of appending one event.

    `server_seq` is the event's per-attempt server sequence number. `conflict` is True when
    the `event_id` is already stored for another attempt: that event was not stored and its
    `server_seq` is 0.
    """

    event_id: str
    server_seq: int
    duplicate: bool
    conflict: bool = False


class Store(abc.ABC):
    """Documents, append-only behavior events and files, behind one interface.

    Documents are dicts with a string `id`. Datetimes go in and come out timezone-aware in
    UTC. Filters are equality on dotted field names, or an operator dict with `$in`, `$ne`,
    `$gt`, `$gte`, `$lt` or `$lte`. The interface deliberately has no way to change or
    remove a stored event.
    """

    schema_version: int = SCHEMA_VERSION

    # -- documents ---------------------------------------------------------------------------

    @abc.abstractmethod
    def insert(self, collection: str, doc: Document) -> Document:
        """Insert `doc` (an `id` is generated when missing) and return it.

        Raises:
            DuplicateKeyError: the `id` or a unique field is already taken.
        """

    @abc.abstractmethod
    def get(self, collection: str, doc_id: str) -> Document | None:
        """Return the document with `doc_id`, or None."""

    def find_one(self, collection: str, filter: Filter) -> Document | None:
        """Return the first document matching `filter`, or None."""
        found = self.find(collection, filter, limit=1)
        return found[0] if found else None

    @abc.abstractmethod
    def find(
        self,
        collection: str,
        filter: Filter | None = None,
        *,
        search: Search | None = None,
        sort: Sort | None = None,
        skip: int = 0,
        limit: int | None = None,
    ) -> list[Document]:
        """Return the documents matching `filter`.

        Args:
            search: `(fields, text)`: keep documents where any of the dotted `fields`
                contains `text`, ignoring case.
            sort: `(field, 1 or -1)` pairs; the default order is insertion order.
        """

    @abc.abstractmethod
    def count(
        self, collection: str, filter: Filter | None = None, *, search: Search | None = None
    ) -> int:
        """Return how many documents match."""

    @abc.abstractmethod
    def update(
        self,
        collection: str,
        doc_id: str,
        changes: Mapping[str, Any],
        *,
        expect: Filter | None = None,
    ) -> Document | None:
        """Set the top-level or dotted fields in `changes` and return the new document.

        With `expect`, the change is applied atomically only when the stored document
        still matches it (compare-and-set, safe across processes).

        Returns:
            The updated document, or None when it is missing or `expect` did not match.
        """

    @abc.abstractmethod
    def delete(self, collection: str, doc_id: str) -> bool:
        """Delete one document; return whether it existed."""

    @abc.abstractmethod
    def append_version(self, collection: str, attempt_id: str, doc: Document) -> Document:
        """Store `doc` as the next version for `attempt_id` and return it with `version`.

        Earlier versions stay readable. Two concurrent writers get different versions.
        """

    def latest_version(self, collection: str, attempt_id: str) -> Document | None:
        """Return the newest version stored for `attempt_id`, or None."""
        found = self.find(collection, {"attempt_id": attempt_id}, sort=[("version", -1)], limit=1)
        return found[0] if found else None

    # -- events ------------------------------------------------------------------------------

    @abc.abstractmethod
    def append_events(self, attempt_id: str, events: Sequence[Document]) -> list[AppendResult]:
        """Append events durably and return one result per input, in input order.

        Each event needs an `event_id`. A repeat of a stored `event_id` (or one repeated
        within `events`) is not stored again and comes back with `duplicate=True` and the
        first copy's `server_seq`. The store sets `attempt_id`, `received_at` and a
        per-attempt `server_seq` that starts at 1 and follows commit order. An
        `event_id` stored for another attempt is not stored and comes back with
        `conflict=True`.
        """

    @abc.abstractmethod
    def list_events(
        self, attempt_id: str, after_seq: int = 0, limit: int | None = None
    ) -> list[Document]:
        """Return an attempt's events with `server_seq` above `after_seq`, in that order."""

    @abc.abstractmethod
    def events_for_attempts(self, attempt_ids: Iterable[str]) -> list[Document]:
        """Return the events of several attempts, ordered by attempt and `server_seq`."""

    @abc.abstractmethod
    def max_client_seq(self, attempt_id: str) -> int:
        """Return the highest client `seq` stored for an attempt, or 0 when it has none."""

    @abc.abstractmethod
    def count_events(self, attempt_id: str | None = None) -> int:
        """Return how many events are stored for one attempt, or in all."""

    # -- files -------------------------------------------------------------------------------

    @abc.abstractmethod
    def put_file(
        self, data: bytes, *, filename: str, content_type: str, org_id: str | None
    ) -> Document:
        """Store file bytes once per organisation and content hash.

        Returns:
            The file's metadata: `id`, `sha256`, `size`, `filename`, `content_type`,
            `org_id`, `created_at`, and `duplicate` (True when the bytes were already
            stored for this organisation, in which case the first copy's id is returned).
        """

    @abc.abstractmethod
    def get_file(self, file_id: str) -> tuple[Document, bytes] | None:
        """Return a stored file's metadata and bytes, or None."""

    # -- lifecycle ---------------------------------------------------------------------------

    @abc.abstractmethod
    def ping(self) -> None:
        """Raise StoreError unless the backend responds."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release connections."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
