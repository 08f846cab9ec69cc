"""The embedded store shared by separate OS processes, as the collector and Dagster share it."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from hiremate.store.codec import utc_now
from hiremate.store.sqlite import SqliteStore

EVENTS_PER_PROCESS = 2_000
BATCH = 50


def write_events(path: str, worker: int, attempt_id: str) -> None:
    store = SqliteStore(path)
    for start in range(0, EVENTS_PER_PROCESS, BATCH):
        batch = [
            {
                "event_id": f"w{worker}-{index}",
                "type": "option_viewed",
                "client_ts": utc_now(),
                "seq": index + 1,
                "payload": {"option_id": "a", "dwell_ms": 10},
            }
            for index in range(start, start + BATCH)
        ]
        store.append_events(attempt_id, batch)
    store.close()


def claim_start(path: str, attempt_id: str, barrier: object, results: object) -> None:
    store = SqliteStore(path)
    barrier.wait()  # type: ignore[attr-defined]
    won = store.update(
        "attempts", attempt_id, {"status": "in_progress"}, expect={"status": "pending"}
    )
    results.put(won is not None)  # type: ignore[attr-defined]
    store.close()


def test_two_processes_append_to_one_attempt_lose_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    SqliteStore(path).close()
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=write_events, args=(path, worker, "att-shared"))
        for worker in range(2)
    ]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=120)
    assert [process.exitcode for process in workers] == [0, 0]
    store = SqliteStore(path)
    events = store.list_events("att-shared")
    assert len(events) == 2 * EVENTS_PER_PROCESS
    assert len({event["event_id"] for event in events}) == 2 * EVENTS_PER_PROCESS
    # Server sequence numbers are dense and unique even though two writers interleaved.
    assert [event["server_seq"] for event in events] == list(range(1, 2 * EVENTS_PER_PROCESS + 1))


def test_two_processes_race_pending_to_in_progress(tmp_path: Path) -> None:
    path = str(tmp_path / "race.db")
    store = SqliteStore(path)
    attempt = store.insert("attempts", {"status": "pending", "created_at": utc_now()})
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    racers = [
        context.Process(target=claim_start, args=(path, attempt["id"], barrier, results))
        for _ in range(2)
    ]
    for process in racers:
        process.start()
    outcomes = [results.get(timeout=60) for _ in racers]
    for process in racers:
        process.join(timeout=60)
    assert sorted(outcomes) == [False, True]
    assert store.get("attempts", attempt["id"])["status"] == "in_progress"
