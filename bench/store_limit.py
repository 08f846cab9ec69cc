"""Ceilings: the embedded store's raw insert rate and a minimal ASGI endpoint's request rate."""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench import servers
from bench.fixtures import event_stream
from bench.loadgen import ClientPlan, run_http_load
from bench.stats import latency_summary_ms, rate
from hiremate.events import task_refs, validate_event
from hiremate.store import codec, open_store
from hiremate.tasks_library import LIBRARY_TASKS

logger = logging.getLogger(__name__)

RAW_CHUNK_ROWS = 1000
ATTEMPTS = 50


def stored_event_docs(count: int) -> list[dict[str, Any]]:
    """Return `count` validated event documents, as the collector hands them to the store."""
    tasks = LIBRARY_TASKS[:5]
    refs = task_refs(tasks)
    return [validate_event(raw, refs) for raw in event_stream(tasks, count)]


def raw_insert_rate(docs: list[dict[str, Any]], folder: Path) -> dict[str, Any]:
    """Insert pre-encoded event rows with `executemany`, 1,000 rows per transaction."""
    path = folder / "raw.db"
    with open_store(f"sqlite:///{path}"):
        pass  # creates the events table, its unique indexes and triggers
    rows = []
    for number, doc in enumerate(docs):
        attempt_id = f"attempt-{number % ATTEMPTS}"
        row_doc = {**doc, "attempt_id": attempt_id, "server_seq": number // ATTEMPTS + 1}
        rows.append((attempt_id, number // ATTEMPTS + 1, doc["event_id"], codec.dumps(row_doc)))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    started = time.perf_counter()
    for start in range(0, len(rows), RAW_CHUNK_ROWS):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO events (attempt_id, server_seq, event_id, doc) VALUES (?, ?, ?, ?)",
            rows[start : start + RAW_CHUNK_ROWS],
        )
        conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    return {
        "events": len(rows),
        "seconds": round(seconds, 3),
        "events_per_s": rate(len(rows), seconds),
    }


def append_path_rate(docs: list[dict[str, Any]], folder: Path, batch: int) -> dict[str, Any]:
    """Append events through `Store.append_events` in batches of `batch`, over many attempts."""
    fresh = [{**doc, "event_id": str(uuid.uuid4())} for doc in docs]
    with open_store(f"sqlite:///{folder / f'append-{batch}.db'}") as store:
        started = time.perf_counter()
        for number, start in enumerate(range(0, len(fresh), batch)):
            store.append_events(f"attempt-{number % ATTEMPTS}", fresh[start : start + batch])
        seconds = time.perf_counter() - started
        stored = store.count_events()
    return {
        "batch": batch,
        "events": stored,
        "seconds": round(seconds, 3),
        "events_per_s": rate(stored, seconds),
        "commits_per_s": rate(-(-len(fresh) // batch), seconds),
    }


def token_lookup_cost(folder: Path, attempt_counts: tuple[int, ...]) -> dict[str, Any]:
    """Time `find_one("attempts", {"token_hash": ...})`, the lookup every candidate request makes.

    Each attempt document carries five task snapshots, as created attempts do. A lookup that
    uses the token index stays flat as attempts grow; a table scan grows with them.
    """
    snapshot = {"tasks": LIBRARY_TASKS[:5], "status": "in_progress"}
    costs = {}
    with open_store(f"sqlite:///{folder / 'lookup.db'}") as store:
        stored = 0
        for count in attempt_counts:
            for number in range(stored, count):
                store.insert("attempts", {**snapshot, "token_hash": f"hash-{number}"})
            stored = count
            probes = [f"hash-{number}" for number in range(0, count, max(1, count // 200))]
            started = time.perf_counter()
            for token_hash in probes:
                store.find_one("attempts", {"token_hash": token_hash})
            costs[str(count)] = round(1000 * (time.perf_counter() - started) / len(probes), 3)
    return {"attempts_ms_per_lookup": costs}


def asgi_request_rate(requests: int, clients: int, body: bytes, folder: Path) -> dict[str, Any]:
    """Post `body` to the minimal ASGI app on uvicorn and return its request rate."""
    command = [
        sys.executable, "-m", "uvicorn", "bench.asgi_minimal:app",
        "--host", servers.HOST, "--no-access-log", "--log-level", "warning", "--port",
    ]  # fmt: skip
    per_client = max(1, requests // clients)
    plans = [ClientPlan("/", [body] * per_client) for _ in range(clients)]
    with servers.running_server("asgi-minimal", command, {}, folder, health_path="/") as server:
        cpu_before = server.cpu_seconds()
        result = run_http_load(servers.HOST, server.port, plans)
        server_cpu = server.cpu_seconds() - cpu_before
    return {
        "requests": result.requests,
        "body_bytes": len(body),
        "clients": clients,
        "seconds": round(result.seconds, 3),
        "requests_per_s": rate(result.requests, result.seconds),
        **latency_summary_ms(result.latencies_s),
        "errors": result.errors,
        "server_cpu_s": round(server_cpu, 2),
        "server_cpu_us_per_request": round(1e6 * server_cpu / max(result.requests, 1), 1),
    }


def run(quick: bool) -> dict[str, Any]:
    """Measure every ceiling and return them as one section."""
    raw_count = 20_000 if quick else 200_000
    docs = stored_event_docs(raw_count)
    small_body = json.dumps({"events": [json.loads(codec.dumps(docs[0]))]}).encode()
    large_body = json.dumps({"events": [json.loads(codec.dumps(d)) for d in docs[:100]]}).encode()
    with tempfile.TemporaryDirectory(prefix="hiremate-bench-store-") as name:
        folder = Path(name)
        raw = raw_insert_rate(docs, folder)
        logger.info("raw executemany: %.0f events/s", raw["events_per_s"])
        append = {
            f"batch_{batch}": append_path_rate(docs[:count], folder, batch)
            for batch, count in ((1, 2_000 if quick else 10_000), (10, 5_000 if quick else 40_000),
                                 (100, raw_count // 2))
        }  # fmt: skip
        requests = 3_000 if quick else 20_000
        asgi = {
            "batch_1_body": asgi_request_rate(requests, 32, small_body, folder),
            "batch_100_body": asgi_request_rate(requests // 2, 32, large_body, folder),
        }
        lookup = token_lookup_cost(folder, (100, 1_000) if quick else (100, 1_000, 10_000))
    return {
        "raw_executemany": raw,
        "append_events": append,
        "asgi_minimal": asgi,
        "token_lookup": lookup,
    }
