"""The store contract: every backend passes the same cases."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from hiremate.store import DuplicateKeyError, Store, StoreError
from hiremate.store.codec import utc_now


def make_attempt(store: Store, **fields: object) -> dict:
    doc = {
        "org_id": "org-a",
        "status": "pending",
        "created_at": utc_now(),
        "candidate_info": {"name": "Ada Lovelace", "email": "ada@example.org", "position": "QA"},
        "token_hash": fields.pop("token_hash", None),
    }
    doc.update(fields)
    return store.insert("attempts", doc)


def test_insert_get_roundtrip_keeps_aware_datetimes(store: Store) -> None:
    created = dt.datetime(2026, 1, 2, 3, 4, 5, 678_000, tzinfo=dt.UTC)
    doc = make_attempt(store, created_at=created)
    loaded = store.get("attempts", doc["id"])
    assert loaded is not None
    assert loaded["created_at"] == created
    assert loaded["created_at"].utcoffset() == dt.timedelta(0)
    assert loaded["candidate_info"]["name"] == "Ada Lovelace"


def test_insert_rejects_naive_datetime(store: Store) -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        store.insert("attempts", {"created_at": dt.datetime(2026, 1, 1)})


def test_insert_duplicate_unique_field_raises(store: Store) -> None:
    store.insert("users", {"email": "a@example.org", "org_id": "o"})
    with pytest.raises(DuplicateKeyError):
        store.insert("users", {"email": "a@example.org", "org_id": "o"})


def test_unknown_collection_raises(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown collection"):
        store.insert("events", {"event_id": "x"})


def test_find_filters_sort_and_paging(store: Store) -> None:
    base = utc_now()
    for index in range(5):
        make_attempt(
            store,
            status="completed" if index % 2 else "pending",
            created_at=base + dt.timedelta(seconds=index),
            rank=index,
        )
    make_attempt(store, org_id="org-b", rank=99)
    pending = store.find("attempts", {"org_id": "org-a", "status": "pending"})
    assert [doc["rank"] for doc in pending] == [0, 2, 4]
    newest = store.find("attempts", {"org_id": "org-a"}, sort=[("created_at", -1)], limit=2)
    assert [doc["rank"] for doc in newest] == [4, 3]
    page = store.find("attempts", {"org_id": "org-a"}, sort=[("rank", 1)], skip=2, limit=2)
    assert [doc["rank"] for doc in page] == [2, 3]
    assert store.count("attempts", {"org_id": "org-a"}) == 5
    assert store.count("attempts", {"rank": {"$in": [1, 99]}}) == 2
    assert store.count("attempts", {"rank": {"$gte": 3, "$lt": 99}}) == 2
    assert store.count("attempts", {"rank": {"$ne": 99}}) == 5
    after = store.count("attempts", {"created_at": {"$gt": base + dt.timedelta(seconds=2)}})
    assert after == 2


def test_find_search_ignores_case_and_escapes(store: Store) -> None:
    make_attempt(store, candidate_info={"name": "Grace Hopper", "email": "g@navy.mil"})
    make_attempt(store, candidate_info={"name": "Alan Turing", "email": "100%@x.org"})
    fields = ["candidate_info.name", "candidate_info.email"]
    found = store.find("attempts", search=(fields, "HOPPER"))
    assert [doc["candidate_info"]["name"] for doc in found] == ["Grace Hopper"]
    # `%` is a wildcard in SQL LIKE and `.` in regular expressions; both must match literally.
    assert store.count("attempts", search=(fields, "100%")) == 1
    assert store.count("attempts", search=(fields, "navy.mil")) == 1
    assert store.count("attempts", search=(fields, "n.vy")) == 0


def test_find_null_equality(store: Store) -> None:
    store.insert("tasks", {"title": "library", "org_id": None})
    store.insert("tasks", {"title": "own", "org_id": "org-a"})
    assert [doc["title"] for doc in store.find("tasks", {"org_id": None})] == ["library"]
    assert store.count("tasks", {"org_id": {"$in": [None, "org-a"]}}) == 2


def test_update_sets_dotted_fields(store: Store) -> None:
    doc = make_attempt(store)
    updated = store.update("attempts", doc["id"], {"candidate_info.name": "Ada King"})
    assert updated is not None
    assert updated["candidate_info"]["name"] == "Ada King"
    assert updated["candidate_info"]["email"] == "ada@example.org"
    assert store.get("attempts", doc["id"])["candidate_info"]["name"] == "Ada King"


def test_update_compare_and_set(store: Store) -> None:
    doc = make_attempt(store)
    first = store.update(
        "attempts", doc["id"], {"status": "in_progress"}, expect={"status": "pending"}
    )
    second = store.update(
        "attempts", doc["id"], {"status": "in_progress"}, expect={"status": "pending"}
    )
    assert first is not None
    assert first["status"] == "in_progress"
    assert second is None
    assert store.update("attempts", "missing", {"status": "x"}) is None


def test_update_concurrent_transition_has_one_winner(store: Store) -> None:
    doc = make_attempt(store)
    winners: list[bool] = []
    barrier = threading.Barrier(8)

    def start() -> None:
        barrier.wait()
        result = store.update(
            "attempts", doc["id"], {"status": "in_progress"}, expect={"status": "pending"}
        )
        winners.append(result is not None)

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert winners.count(True) == 1
    assert winners.count(False) == 7


def test_delete_removes_document(store: Store) -> None:
    doc = store.insert("refresh_tokens", {"user_id": "u"})
    assert store.delete("refresh_tokens", doc["id"]) is True
    assert store.delete("refresh_tokens", doc["id"]) is False
    assert store.get("refresh_tokens", doc["id"]) is None


def test_append_version_keeps_history(store: Store) -> None:
    first = store.append_version("profiles", "att-1", {"label": "a"})
    second = store.append_version("profiles", "att-1", {"label": "b"})
    other = store.append_version("profiles", "att-2", {"label": "c"})
    assert (first["version"], second["version"], other["version"]) == (1, 2, 1)
    latest = store.latest_version("profiles", "att-1")
    assert latest is not None
    assert latest["label"] == "b"
    history = store.find("profiles", {"attempt_id": "att-1"}, sort=[("version", 1)])
    assert [doc["label"] for doc in history] == ["a", "b"]


def test_append_version_rejects_plain_collection(store: Store) -> None:
    with pytest.raises(ValueError, match="not versioned"):
        store.append_version("attempts", "att-1", {})


def event(event_id: str, seq: int) -> dict:
    return {
        "event_id": event_id,
        "type": "option_selected",
        "task_id": "t1",
        "client_ts": utc_now(),
        "seq": seq,
        "payload": {"option_id": "a"},
        "schema_version": 1,
    }


def test_append_events_assigns_server_seq_and_dedupes(store: Store) -> None:
    results = store.append_events("att-1", [event("e1", 1), event("e2", 2), event("e1", 1)])
    assert [(r.event_id, r.server_seq, r.duplicate) for r in results] == [
        ("e1", 1, False),
        ("e2", 2, False),
        ("e1", 1, True),
    ]
    again = store.append_events("att-1", [event("e2", 2), event("e3", 3)])
    assert [(r.server_seq, r.duplicate) for r in again] == [(2, True), (3, False)]
    stored = store.list_events("att-1")
    assert [doc["event_id"] for doc in stored] == ["e1", "e2", "e3"]
    assert [doc["server_seq"] for doc in stored] == [1, 2, 3]
    assert all(doc["attempt_id"] == "att-1" for doc in stored)
    assert all(doc["received_at"].tzinfo is not None for doc in stored)
    assert store.count_events("att-1") == 3


def test_append_events_conflict_with_other_attempt(store: Store) -> None:
    store.append_events("att-1", [event("e1", 1)])
    results = store.append_events("att-2", [event("e1", 1), event("e9", 2)])
    assert results[0].conflict is True
    assert results[0].server_seq == 0
    assert results[1].conflict is False
    assert [doc["event_id"] for doc in store.list_events("att-2")] == ["e9"]
    assert store.count_events() == 2


def test_list_events_after_seq_and_limit(store: Store) -> None:
    store.append_events("att-1", [event(f"e{i}", i) for i in range(1, 11)])
    tail = store.list_events("att-1", after_seq=7)
    assert [doc["server_seq"] for doc in tail] == [8, 9, 10]
    head = store.list_events("att-1", limit=2)
    assert [doc["server_seq"] for doc in head] == [1, 2]


def test_max_client_seq_ignores_legacy_events(store: Store) -> None:
    assert store.max_client_seq("att-1") == 0
    legacy = {**event("l1", 1), "seq": None}
    store.append_events("att-1", [legacy, event("e7", 7), event("e3", 3)])
    store.append_events("att-2", [event("x9", 9)])
    assert store.max_client_seq("att-1") == 7
    store.append_events("att-3", [{**event("l2", 1), "seq": None}])
    assert store.max_client_seq("att-3") == 0


def test_events_for_attempts_orders_by_attempt(store: Store) -> None:
    store.append_events("att-b", [event("b1", 1)])
    store.append_events("att-a", [event("a1", 1), event("a2", 2)])
    store.append_events("att-c", [event("c1", 1)])
    docs = store.events_for_attempts(["att-b", "att-a"])
    assert [doc["event_id"] for doc in docs] == ["a1", "a2", "b1"]


def test_events_have_no_update_or_delete(store: Store) -> None:
    public = {name for name in dir(store) if not name.startswith("_")}
    assert not {name for name in public if "event" in name} - {
        "append_events",
        "list_events",
        "events_for_attempts",
        "max_client_seq",
        "count_events",
    }


def test_put_file_dedupes_per_org(store: Store) -> None:
    first = store.put_file(
        b"%PDF-1.4 x", filename="a.pdf", content_type="application/pdf", org_id="org-a"
    )
    again = store.put_file(
        b"%PDF-1.4 x", filename="b.pdf", content_type="application/pdf", org_id="org-a"
    )
    other = store.put_file(
        b"%PDF-1.4 x", filename="a.pdf", content_type="application/pdf", org_id="org-b"
    )
    assert first["duplicate"] is False
    assert again["duplicate"] is True
    assert again["id"] == first["id"]
    assert other["id"] != first["id"]
    loaded = store.get_file(first["id"])
    assert loaded is not None
    meta, data = loaded
    assert data == b"%PDF-1.4 x"
    assert meta["sha256"] == first["sha256"]
    assert meta["content_type"] == "application/pdf"
    assert store.get_file("missing") is None


def test_ping_answers(store: Store) -> None:
    store.ping()
    assert issubclass(StoreError, Exception)
