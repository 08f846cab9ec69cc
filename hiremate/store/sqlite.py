"""The embedded store: one SQLite file in WAL mode, shared safely by several processes."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

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

# SQLite limits bound parameters per statement; stay well below the default of 32,766.
MAX_PARAMS = 900
FIELD_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")

# Expression indexes that serve the hot queries; `unique` ones also enforce uniqueness.
INDEXES: dict[str, list[tuple[tuple[str, ...], bool]]] = {
    "users": [(("email",), True), (("org_id",), False)],
    "invites": [(("code_hash",), True)],
    "tasks": [(("org_id",), False)],
    "attempts": [
        (("org_id", "status", "created_at"), False),
        (("token_hash",), True),
        (("status", "completed_at"), False),
    ],
    "resumes": [(("org_id",), False)],
    "metrics": [(("attempt_id", "version"), True)],
    "profiles": [(("attempt_id", "version"), True)],
    "recompute_requests": [(("status",), False), (("attempt_id",), False)],
    "login_failures": [(("key",), False)],
}


EVENT_AND_FILE_TABLES = (
    """CREATE TABLE IF NOT EXISTS events (
        pk INTEGER PRIMARY KEY AUTOINCREMENT,
        attempt_id TEXT NOT NULL,
        server_seq INTEGER NOT NULL,
        event_id TEXT NOT NULL UNIQUE,
        doc TEXT NOT NULL,
        UNIQUE (attempt_id, server_seq)
    )""",
    """CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'behavior events are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'behavior events are append-only'); END""",
    """CREATE TABLE IF NOT EXISTS files (
        id TEXT PRIMARY KEY,
        org_key TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        meta TEXT NOT NULL,
        data BLOB NOT NULL,
        UNIQUE (org_key, sha256)
    )""",
)


def _json_path(field: str) -> str:
    if not FIELD_PATTERN.match(field):
        raise ValueError(f"invalid field name {field!r}; use letters, digits, _ and dots")
    return f"$.{field}"


def _column(field: str) -> tuple[str, list[Any]]:
    if field == "id":
        return "id", []
    # The path is written into the SQL, not bound as a parameter, because SQLite uses an
    # expression index only when the query repeats its expression literally. `_json_path`
    # admits only letters, digits, `_` and dots, so the literal cannot break the quoting.
    return f"json_extract(doc, '{_json_path(field)}')", []


def _param(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return codec.format_datetime(value)
    if isinstance(value, bool):
        return int(value)
    return value


class SqliteStore(Store):
    """The store on one SQLite file, in WAL mode so that readers in other processes do not block
    the writer.

    Every write runs in a `BEGIN IMMEDIATE` transaction, which takes SQLite's write lock
    before reading, so compare-and-set updates and sequence numbers stay correct when the
    collector and Dagster write from separate processes.
    """

    def __init__(self, path: str | Path, *, synchronous: str = "NORMAL") -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if synchronous.upper() not in {"NORMAL", "FULL"}:
            raise ValueError(f"synchronous must be NORMAL or FULL, got {synchronous!r}")
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            self.path, timeout=30.0, isolation_level=None, check_same_thread=False
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL keeps every committed transaction through a process crash; only a power
        # loss can drop the last commits. FULL also survives that, at one fsync per commit.
        self._conn.execute(f"PRAGMA synchronous={synchronous.upper()}")
        self._conn.execute("PRAGMA busy_timeout=30000")
        self._migrate()

    # -- schema ------------------------------------------------------------------------------

    def _migrate(self) -> None:
        with self._write() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            current = int(row[0]) if row else 0
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"store schema version {current} is newer than this code's "
                    f"{SCHEMA_VERSION}; upgrade HireMate"
                )
            for collection in COLLECTIONS:
                conn.execute(
                    f"CREATE TABLE IF NOT EXISTS {collection} "
                    "(id TEXT PRIMARY KEY, doc TEXT NOT NULL)"
                )
                for fields, unique in INDEXES.get(collection, []):
                    name = f"ix_{collection}_{'_'.join(fields)}"
                    expressions = ", ".join(
                        f"json_extract(doc, '{_json_path(field)}')" for field in fields
                    )
                    kind = "UNIQUE INDEX" if unique else "INDEX"
                    conn.execute(
                        f"CREATE {kind} IF NOT EXISTS {name} ON {collection} ({expressions})"
                    )
            for statement in EVENT_AND_FILE_TABLES:
                conn.execute(statement)
            if current < SCHEMA_VERSION:
                conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
                logger.info(
                    "migrated store %s from schema %d to %d", self.path, current, SCHEMA_VERSION
                )

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    @staticmethod
    def _check_collection(collection: str) -> None:
        if collection not in COLLECTIONS:
            raise ValueError(
                f"unknown collection {collection!r}; expected one of {', '.join(COLLECTIONS)}"
            )

    @staticmethod
    def _decode(row: tuple[Any, ...]) -> Document:
        doc = codec.loads(row[1])
        doc["id"] = row[0]
        return doc

    # -- documents ---------------------------------------------------------------------------

    def insert(self, collection: str, doc: Document) -> Document:
        self._check_collection(collection)
        stored = codec.copy_document(doc)
        stored.setdefault("id", codec.new_id())
        doc_id = str(stored.pop("id"))
        try:
            with self._write() as conn:
                conn.execute(
                    f"INSERT INTO {collection} (id, doc) VALUES (?, ?)",
                    (doc_id, codec.dumps(stored)),
                )
        except sqlite3.IntegrityError as exc:
            raise DuplicateKeyError(f"{collection}: {exc}") from exc
        stored["id"] = doc_id
        return stored

    def get(self, collection: str, doc_id: str) -> Document | None:
        self._check_collection(collection)
        rows = self._read(f"SELECT id, doc FROM {collection} WHERE id = ?", (doc_id,))
        return self._decode(rows[0]) if rows else None

    def _where(self, filter: Filter | None, search: Search | None) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for field, condition in (filter or {}).items():
            column, column_params = _column(field)
            if isinstance(condition, Mapping) and condition and condition.keys() <= codec.OPERATORS:
                for op, operand in condition.items():
                    clause, clause_params = self._operator(column, column_params, op, operand)
                    clauses.append(clause)
                    params.extend(clause_params)
            elif condition is None:
                clauses.append(f"{column} IS NULL")
                params.extend(column_params)
            else:
                clauses.append(f"{column} = ?")
                params.extend([*column_params, _param(condition)])
        if search is not None:
            fields, text = search
            if text:
                pattern = "%" + re.sub(r"([%_\\])", r"\\\1", text.lower()) + "%"
                parts = []
                for field in fields:
                    column, column_params = _column(field)
                    parts.append(f"LOWER({column}) LIKE ? ESCAPE '\\'")
                    params.extend([*column_params, pattern])
                clauses.append("(" + " OR ".join(parts) + ")")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    @staticmethod
    def _operator(
        column: str, column_params: list[Any], op: str, operand: Any
    ) -> tuple[str, list[Any]]:
        if op == "$in":
            values = [_param(value) for value in operand if value is not None]
            clauses, params = [], []
            if values:
                marks = ", ".join("?" for _ in values)
                clauses.append(f"{column} IN ({marks})")
                params.extend([*column_params, *values])
            if len(values) < len(operand):
                # SQL's IN never matches NULL, but the filter language's `$in` does.
                clauses.append(f"{column} IS NULL")
                params.extend(column_params)
            return ("(" + " OR ".join(clauses) + ")" if clauses else "0"), params
        if op == "$ne":
            if operand is None:
                return f"{column} IS NOT NULL", list(column_params)
            return (
                f"({column} IS NULL OR {column} != ?)",
                [*column_params, *column_params, _param(operand)],
            )
        sql_op = {"$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}[op]
        return f"{column} {sql_op} ?", [*column_params, _param(operand)]

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
        self._check_collection(collection)
        where, params = self._where(filter, search)
        order_parts = []
        for field, direction in sort or []:
            column, column_params = _column(field)
            order_parts.append(f"{column} {'DESC' if direction < 0 else 'ASC'}")
            params.extend(column_params)
        order_parts.append("rowid ASC")
        sql = f"SELECT id, doc FROM {collection}{where} ORDER BY {', '.join(order_parts)}"
        sql += " LIMIT ? OFFSET ?"
        params.extend([-1 if limit is None else limit, skip])
        return [self._decode(row) for row in self._read(sql, params)]

    def count(
        self, collection: str, filter: Filter | None = None, *, search: Search | None = None
    ) -> int:
        self._check_collection(collection)
        where, params = self._where(filter, search)
        return int(self._read(f"SELECT COUNT(*) FROM {collection}{where}", params)[0][0])

    def update(
        self,
        collection: str,
        doc_id: str,
        changes: Mapping[str, Any],
        *,
        expect: Filter | None = None,
    ) -> Document | None:
        self._check_collection(collection)
        if "id" in changes:
            raise ValueError("a document's id cannot be changed")
        try:
            with self._write() as conn:
                row = conn.execute(
                    f"SELECT id, doc FROM {collection} WHERE id = ?", (doc_id,)
                ).fetchone()
                if row is None:
                    return None
                doc = self._decode(row)
                if expect is not None and not codec.matches(doc, expect):
                    return None
                for path, value in codec.copy_document(dict(changes)).items():
                    codec.set_path(doc, path, value)
                doc.pop("id")
                conn.execute(
                    f"UPDATE {collection} SET doc = ? WHERE id = ?", (codec.dumps(doc), doc_id)
                )
        except sqlite3.IntegrityError as exc:
            raise DuplicateKeyError(f"{collection}: {exc}") from exc
        doc["id"] = doc_id
        return doc

    def delete(self, collection: str, doc_id: str) -> bool:
        self._check_collection(collection)
        with self._write() as conn:
            cursor = conn.execute(f"DELETE FROM {collection} WHERE id = ?", (doc_id,))
            return cursor.rowcount > 0

    def append_version(self, collection: str, attempt_id: str, doc: Document) -> Document:
        if collection not in VERSIONED_COLLECTIONS:
            raise ValueError(
                f"{collection!r} is not versioned; expected one of "
                f"{', '.join(VERSIONED_COLLECTIONS)}"
            )
        stored = codec.copy_document(doc)
        stored.pop("id", None)
        stored["attempt_id"] = attempt_id
        doc_id = codec.new_id()
        with self._write() as conn:
            row = conn.execute(
                f"SELECT MAX(json_extract(doc, '$.version')) FROM {collection} "
                "WHERE json_extract(doc, '$.attempt_id') = ?",
                (attempt_id,),
            ).fetchone()
            stored["version"] = int(row[0] or 0) + 1
            conn.execute(
                f"INSERT INTO {collection} (id, doc) VALUES (?, ?)",
                (doc_id, codec.dumps(stored)),
            )
        stored["id"] = doc_id
        return stored

    # -- events ------------------------------------------------------------------------------

    def append_events(self, attempt_id: str, events: Sequence[Document]) -> list[AppendResult]:
        if not events:
            return []
        # Formatted once for the batch; the `*_at` name turns it back into a datetime on read.
        received_at = codec.format_datetime(codec.utc_now())
        event_ids = [str(event["event_id"]) for event in events]
        with self._write() as conn:
            known: dict[str, tuple[str, int]] = {}
            unique_ids = list(dict.fromkeys(event_ids))
            for start in range(0, len(unique_ids), MAX_PARAMS):
                chunk = unique_ids[start : start + MAX_PARAMS]
                marks = ", ".join("?" for _ in chunk)
                for event_id, owner, seq in conn.execute(
                    f"SELECT event_id, attempt_id, server_seq FROM events "
                    f"WHERE event_id IN ({marks})",
                    chunk,
                ):
                    known[event_id] = (owner, seq)
            next_seq = conn.execute(
                "SELECT COALESCE(MAX(server_seq), 0) FROM events WHERE attempt_id = ?",
                (attempt_id,),
            ).fetchone()[0]
            rows = []
            results = []
            for event_id, event in zip(event_ids, events, strict=True):
                if event_id in known:
                    owner, seq = known[event_id]
                    if owner != attempt_id:
                        results.append(AppendResult(event_id, 0, False, conflict=True))
                    else:
                        results.append(AppendResult(event_id, seq, True))
                    continue
                next_seq += 1
                doc = dict(event)
                doc.update(
                    event_id=event_id,
                    attempt_id=attempt_id,
                    server_seq=next_seq,
                    received_at=received_at,
                )
                rows.append((attempt_id, next_seq, event_id, codec.dumps(doc)))
                known[event_id] = (attempt_id, next_seq)
                results.append(AppendResult(event_id, next_seq, False))
            conn.executemany(
                "INSERT INTO events (attempt_id, server_seq, event_id, doc) VALUES (?, ?, ?, ?)",
                rows,
            )
        return results

    def list_events(
        self, attempt_id: str, after_seq: int = 0, limit: int | None = None
    ) -> list[Document]:
        rows = self._read(
            "SELECT doc FROM events WHERE attempt_id = ? AND server_seq > ? "
            "ORDER BY server_seq LIMIT ?",
            (attempt_id, after_seq, -1 if limit is None else limit),
        )
        return [codec.loads(row[0]) for row in rows]

    def events_for_attempts(self, attempt_ids: Iterable[str]) -> list[Document]:
        ids = sorted(set(attempt_ids))
        docs: list[Document] = []
        for start in range(0, len(ids), MAX_PARAMS):
            chunk = ids[start : start + MAX_PARAMS]
            marks = ", ".join("?" for _ in chunk)
            rows = self._read(
                f"SELECT doc FROM events WHERE attempt_id IN ({marks}) "
                "ORDER BY attempt_id, server_seq",
                chunk,
            )
            docs.extend(codec.loads(row[0]) for row in rows)
        return docs

    def max_client_seq(self, attempt_id: str) -> int:
        rows = self._read(
            "SELECT MAX(json_extract(doc, '$.seq')) FROM events WHERE attempt_id = ?",
            (attempt_id,),
        )
        return int(rows[0][0] or 0)

    def count_events(self, attempt_id: str | None = None) -> int:
        if attempt_id is None:
            return int(self._read("SELECT COUNT(*) FROM events")[0][0])
        rows = self._read("SELECT COUNT(*) FROM events WHERE attempt_id = ?", (attempt_id,))
        return int(rows[0][0])

    # -- files -------------------------------------------------------------------------------

    def put_file(
        self, data: bytes, *, filename: str, content_type: str, org_id: str | None
    ) -> Document:
        sha256 = hashlib.sha256(data).hexdigest()
        org_key = org_id or ""
        with self._write() as conn:
            row = conn.execute(
                "SELECT meta FROM files WHERE org_key = ? AND sha256 = ?", (org_key, sha256)
            ).fetchone()
            if row is not None:
                return {**codec.loads(row[0]), "duplicate": True}
            meta = {
                "id": codec.new_id(),
                "sha256": sha256,
                "size": len(data),
                "filename": filename,
                "content_type": content_type,
                "org_id": org_id,
                "created_at": codec.utc_now(),
            }
            conn.execute(
                "INSERT INTO files (id, org_key, sha256, meta, data) VALUES (?, ?, ?, ?, ?)",
                (meta["id"], org_key, sha256, codec.dumps(meta), data),
            )
        return {**meta, "duplicate": False}

    def get_file(self, file_id: str) -> tuple[Document, bytes] | None:
        rows = self._read("SELECT meta, data FROM files WHERE id = ?", (file_id,))
        if not rows:
            return None
        return codec.loads(rows[0][0]), bytes(rows[0][1])

    # -- lifecycle ---------------------------------------------------------------------------

    def ping(self) -> None:
        try:
            self._read("SELECT 1")
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite store {self.path} is not readable: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            self._conn.close()
