"""The embedded store's hot queries use its indexes instead of scanning a table."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiremate.store.sqlite import SqliteStore

# (collection, filter, sort): the lookups the collector and the pipeline make per request.
HOT_QUERIES = [
    ("attempts", {"token_hash": "abc"}, None),
    ("attempts", {"org_id": "o", "status": "pending"}, None),
    ("users", {"email": "a@example.org"}, None),
    ("profiles", {"attempt_id": "a1"}, [("version", -1)]),
    ("recompute_requests", {"status": "pending"}, None),
]


@pytest.mark.parametrize(("collection", "filter", "sort"), HOT_QUERIES)
def test_sqlite_hot_query_uses_index(
    tmp_path: Path, collection: str, filter: dict, sort: list | None
) -> None:
    store = SqliteStore(tmp_path / "plan.db")
    where, params = store._where(filter, None)
    plan = store._conn.execute(
        f"EXPLAIN QUERY PLAN SELECT id, doc FROM {collection}{where}", params
    ).fetchall()
    details = " ".join(row[3] for row in plan)
    assert "USING INDEX" in details, details
    assert f"SCAN {collection}" not in details, details


def test_sqlite_events_by_attempt_use_index(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "plan.db")
    plan = store._conn.execute(
        "EXPLAIN QUERY PLAN SELECT doc FROM events WHERE attempt_id = ? AND server_seq > ? "
        "ORDER BY server_seq",
        ("a1", 0),
    ).fetchall()
    details = " ".join(row[3] for row in plan)
    assert "USING INDEX" in details, details
    assert "TEMP B-TREE" not in details, details
