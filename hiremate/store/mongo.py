"""The MongoDB store through pymongo, for deployments that share one database."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import gridfs
import pymongo
from pymongo import ReturnDocument
from pymongo.errors import BulkWriteError, PyMongoError
from pymongo.errors import DuplicateKeyError as MongoDuplicateKeyError

from hiremate.store import codec
from hiremate.store.base import (
    COLLECTIONS,
    SCHEMA_VERSION,
    VERSIONED_COLLECTIONS,
    AppendResult,
    Document,
    DuplicateKeyError,
    Filter,
    Search,
    Sort,
    Store,
    StoreError,
)

logger = logging.getLogger(__name__)

EVENTS = "behavior_events"
COUNTERS = "event_counters"
FILES = "files"
# Mongo's duplicate-key error code, reported inside bulk write errors.
DUPLICATE_KEY = 11000

INDEXES: dict[str, list[tuple[list[tuple[str, int]], dict[str, Any]]]] = {
    "users": [([("email", 1)], {"unique": True}), ([("org_id", 1)], {})],
    "invites": [([("code_hash", 1)], {"unique": True})],
    "tasks": [([("org_id", 1)], {})],
    "attempts": [
        ([("org_id", 1), ("status", 1), ("created_at", 1)], {}),
        (
            [("token_hash", 1)],
            {"unique": True, "partialFilterExpression": {"token_hash": {"$type": "string"}}},
        ),
        ([("status", 1), ("completed_at", 1)], {}),
    ],
    "resumes": [([("org_id", 1)], {})],
    "metrics": [([("attempt_id", 1), ("version", 1)], {"unique": True})],
    "profiles": [([("attempt_id", 1), ("version", 1)], {"unique": True})],
    "recompute_requests": [([("status", 1)], {}), ([("attempt_id", 1)], {})],
    "login_failures": [([("key", 1)], {})],
    EVENTS: [
        ([("event_id", 1)], {"unique": True}),
        ([("attempt_id", 1), ("server_seq", 1)], {"unique": True}),
    ],
    FILES: [([("org_key", 1), ("sha256", 1)], {"unique": True})],
}


def _to_mongo_filter(filter: Filter | None, search: Search | None) -> dict[str, Any]:
    query: dict[str, Any] = {}
    for field, condition in (filter or {}).items():
        key = "_id" if field == "id" else field
        if isinstance(condition, Mapping) and condition and condition.keys() <= codec.OPERATORS:
            query[key] = {op: _value(operand) for op, operand in condition.items()}
        else:
            query[key] = _value(condition)
    if search is not None and search[1]:
        fields, text = search
        pattern = re.compile(re.escape(text), re.IGNORECASE)
        query["$or"] = [{field: pattern} for field in fields]
    return query


def _value(value: Any) -> Any:
    if isinstance(value, list):
        return [_value(item) for item in value]
    if hasattr(value, "tzinfo") and hasattr(value, "astimezone"):
        return codec.normalize_datetime(value)
    return value


def _out(doc: Mapping[str, Any] | None) -> Document | None:
    if doc is None:
        return None
    result = dict(doc)
    result["id"] = result.pop("_id")
    return result


class MongoStore(Store):
    """The store on a MongoDB database (the URL's database, or `hiremate`).

    Pass `client` to use an existing client, for example mongomock's in tests.
    """

    def __init__(self, url: str | None = None, *, client: Any = None) -> None:
        if client is None:
            if url is None:
                raise ValueError("MongoStore needs a mongodb:// URL or a client")
            client = pymongo.MongoClient(url, tz_aware=True, serverSelectionTimeoutMS=10_000)
        self._client = client
        self._db = client.get_default_database(default="hiremate")
        self._fs = gridfs.GridFS(self._db)
        self._migrate()

    def _migrate(self) -> None:
        meta = self._db["meta"]
        found = meta.find_one({"_id": "schema_version"})
        current = int(found["value"]) if found else 0
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"store schema version {current} is newer than this code's {SCHEMA_VERSION}; "
                "upgrade HireMate"
            )
        for collection, indexes in INDEXES.items():
            for keys, options in indexes:
                self._db[collection].create_index(keys, **options)
        if current < SCHEMA_VERSION:
            meta.update_one(
                {"_id": "schema_version"}, {"$set": {"value": SCHEMA_VERSION}}, upsert=True
            )
            logger.info("migrated MongoDB store from schema %d to %d", current, SCHEMA_VERSION)

    def _coll(self, collection: str) -> Any:
        if collection not in COLLECTIONS:
            raise ValueError(
                f"unknown collection {collection!r}; expected one of {', '.join(COLLECTIONS)}"
            )
        return self._db[collection]

    # -- documents ---------------------------------------------------------------------------

    def insert(self, collection: str, doc: Document) -> Document:
        stored = codec.copy_document(doc)
        stored["_id"] = str(stored.pop("id", None) or codec.new_id())
        try:
            self._coll(collection).insert_one(stored)
        except MongoDuplicateKeyError as exc:
            raise DuplicateKeyError(f"{collection}: {exc}") from exc
        return _out(stored)  # type: ignore[return-value]

    def get(self, collection: str, doc_id: str) -> Document | None:
        return _out(self._coll(collection).find_one({"_id": doc_id}))

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
        cursor = self._coll(collection).find(_to_mongo_filter(filter, search))
        order = [("_id" if field == "id" else field, direction) for field, direction in sort or []]
        # Natural order is not guaranteed on MongoDB; `$natural` keeps insertion order
        # where no other sort is given, matching the embedded store.
        cursor = cursor.sort(order or [("$natural", 1)])
        if skip:
            cursor = cursor.skip(skip)
        if limit is not None:
            cursor = cursor.limit(limit)
        return [_out(doc) for doc in cursor]  # type: ignore[misc]

    def count(
        self, collection: str, filter: Filter | None = None, *, search: Search | None = None
    ) -> int:
        return int(self._coll(collection).count_documents(_to_mongo_filter(filter, search)))

    def update(
        self,
        collection: str,
        doc_id: str,
        changes: Mapping[str, Any],
        *,
        expect: Filter | None = None,
    ) -> Document | None:
        if "id" in changes:
            raise ValueError("a document's id cannot be changed")
        query = _to_mongo_filter(expect, None)
        query["_id"] = doc_id
        values = codec.copy_document(dict(changes))
        try:
            found = self._coll(collection).find_one_and_update(
                query, {"$set": values}, return_document=ReturnDocument.AFTER
            )
        except MongoDuplicateKeyError as exc:
            raise DuplicateKeyError(f"{collection}: {exc}") from exc
        return _out(found)

    def delete(self, collection: str, doc_id: str) -> bool:
        return self._coll(collection).delete_one({"_id": doc_id}).deleted_count > 0

    def append_version(self, collection: str, attempt_id: str, doc: Document) -> Document:
        if collection not in VERSIONED_COLLECTIONS:
            raise ValueError(
                f"{collection!r} is not versioned; expected one of "
                f"{', '.join(VERSIONED_COLLECTIONS)}"
            )
        stored = codec.copy_document(doc)
        stored.pop("id", None)
        stored["attempt_id"] = attempt_id
        # The unique (attempt_id, version) index turns a race into a retry.
        for _ in range(20):
            latest = self.latest_version(collection, attempt_id)
            stored["version"] = (latest["version"] if latest else 0) + 1
            stored["_id"] = codec.new_id()
            try:
                self._coll(collection).insert_one(stored)
            except MongoDuplicateKeyError:
                logger.info("version clash on %s for attempt %s; retrying", collection, attempt_id)
                continue
            return _out(stored)  # type: ignore[return-value]
        raise StoreError(f"could not append a {collection} version for attempt {attempt_id}")

    # -- events ------------------------------------------------------------------------------

    def append_events(self, attempt_id: str, events: Sequence[Document]) -> list[AppendResult]:
        if not events:
            return []
        events_coll = self._db[EVENTS]
        event_ids = [str(event["event_id"]) for event in events]
        known = {
            doc["event_id"]: (doc["attempt_id"], doc["server_seq"])
            for doc in events_coll.find(
                {"event_id": {"$in": list(set(event_ids))}},
                {"event_id": 1, "attempt_id": 1, "server_seq": 1},
            )
        }
        fresh = [event_id for event_id in dict.fromkeys(event_ids) if event_id not in known]
        assigned: dict[str, int] = {}
        if fresh:
            # NOTE: two workers appending to one attempt at once can commit out of seq
            # order, so a live reader polling by server_seq may briefly see a gap. The
            # embedded store assigns the seq and inserts in one transaction instead.
            counter = self._db[COUNTERS].find_one_and_update(
                {"_id": attempt_id},
                {"$inc": {"seq": len(fresh)}},
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
            first = int(counter["seq"]) - len(fresh) + 1
            received_at = codec.utc_now()
            docs = []
            by_id = {str(event["event_id"]): event for event in events}
            for offset, event_id in enumerate(fresh):
                doc = codec.copy_document(by_id[event_id])
                doc.update(
                    event_id=event_id,
                    attempt_id=attempt_id,
                    server_seq=first + offset,
                    received_at=received_at,
                )
                docs.append(doc)
                assigned[event_id] = first + offset
            try:
                events_coll.insert_many(docs, ordered=False)
            except BulkWriteError as exc:
                errors = exc.details.get("writeErrors", [])
                if any(error.get("code") != DUPLICATE_KEY for error in errors):
                    raise StoreError(f"event insert failed: {errors[:3]}") from exc
                # Another worker stored some of these ids first: report its copies.
                raced = [docs[error["index"]]["event_id"] for error in errors]
                for doc in events_coll.find({"event_id": {"$in": raced}}):
                    known[doc["event_id"]] = (doc["attempt_id"], doc["server_seq"])
                    assigned.pop(doc["event_id"], None)
        results = []
        seen: set[str] = set()
        for event_id in event_ids:
            if event_id in assigned and event_id not in seen:
                results.append(AppendResult(event_id, assigned[event_id], False))
            elif event_id in assigned:
                results.append(AppendResult(event_id, assigned[event_id], True))
            else:
                owner, seq = known[event_id]
                if owner != attempt_id:
                    results.append(AppendResult(event_id, 0, False, conflict=True))
                else:
                    results.append(AppendResult(event_id, seq, True))
            seen.add(event_id)
        return results

    def list_events(
        self, attempt_id: str, after_seq: int = 0, limit: int | None = None
    ) -> list[Document]:
        cursor = (
            self._db[EVENTS]
            .find({"attempt_id": attempt_id, "server_seq": {"$gt": after_seq}}, {"_id": 0})
            .sort("server_seq", 1)
        )
        if limit is not None:
            cursor = cursor.limit(limit)
        return list(cursor)

    def events_for_attempts(self, attempt_ids: Iterable[str]) -> list[Document]:
        ids = sorted(set(attempt_ids))
        cursor = (
            self._db[EVENTS]
            .find({"attempt_id": {"$in": ids}}, {"_id": 0})
            .sort([("attempt_id", 1), ("server_seq", 1)])
        )
        return list(cursor)

    def max_client_seq(self, attempt_id: str) -> int:
        found = self._db[EVENTS].find_one(
            {"attempt_id": attempt_id, "seq": {"$type": "number"}},
            {"seq": 1},
            sort=[("seq", -1)],
        )
        return int(found["seq"]) if found else 0

    def count_events(self, attempt_id: str | None = None) -> int:
        query = {} if attempt_id is None else {"attempt_id": attempt_id}
        return int(self._db[EVENTS].count_documents(query))

    # -- files -------------------------------------------------------------------------------

    def put_file(
        self, data: bytes, *, filename: str, content_type: str, org_id: str | None
    ) -> Document:
        sha256 = hashlib.sha256(data).hexdigest()
        org_key = org_id or ""
        files = self._db[FILES]
        found = files.find_one({"org_key": org_key, "sha256": sha256})
        if found is not None:
            return {**self._file_meta(found), "duplicate": True}
        grid_id = self._fs.put(data, filename=filename, content_type=content_type)
        meta = {
            "_id": codec.new_id(),
            "org_key": org_key,
            "sha256": sha256,
            "size": len(data),
            "filename": filename,
            "content_type": content_type,
            "org_id": org_id,
            "created_at": codec.utc_now(),
            "grid_id": grid_id,
        }
        try:
            files.insert_one(meta)
        except MongoDuplicateKeyError:
            self._fs.delete(grid_id)
            found = files.find_one({"org_key": org_key, "sha256": sha256})
            return {**self._file_meta(found), "duplicate": True}
        return {**self._file_meta(meta), "duplicate": False}

    @staticmethod
    def _file_meta(doc: Mapping[str, Any]) -> Document:
        meta = {key: value for key, value in doc.items() if key not in {"grid_id", "org_key"}}
        meta["id"] = meta.pop("_id")
        return meta

    def get_file(self, file_id: str) -> tuple[Document, bytes] | None:
        found = self._db[FILES].find_one({"_id": file_id})
        if found is None:
            return None
        return self._file_meta(found), self._fs.get(found["grid_id"]).read()

    # -- lifecycle ---------------------------------------------------------------------------

    def ping(self) -> None:
        try:
            self._db.command("ping")
        except PyMongoError as exc:
            raise StoreError(f"MongoDB is not reachable: {type(exc).__name__}") from exc

    def close(self) -> None:
        self._client.close()
