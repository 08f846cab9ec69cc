"""REST ingest: batches of 1, 10 and 100 events from many concurrent candidate clients."""

from __future__ import annotations

import dataclasses
import json
import logging
from typing import Any

import httpx

from bench import servers
from bench.fixtures import BenchAttempt, create_attempts, event_stream, sign_in
from bench.loadgen import ClientPlan, LoadResult, run_http_load
from bench.stats import latency_summary_ms, rate, ratio
from hiremate.store import open_store

logger = logging.getLogger(__name__)

CLIENTS = 50
# Share of each client's batches sent a second time, to check idempotent acknowledgement.
RESEND_SHARE = 0.1


@dataclasses.dataclass(frozen=True)
class IngestCase:
    """One configuration: events per batch, events in all, collector worker processes."""

    name: str
    batch: int
    events: int
    workers: int = 1
    clients: int = CLIENTS

    @property
    def per_client(self) -> int:
        return max(self.batch, self.events // self.clients)


def cases(quick: bool) -> list[IngestCase]:
    if quick:
        return [
            IngestCase("batch_1", 1, 600, clients=20),
            IngestCase("batch_10", 10, 3_000, clients=20),
            IngestCase("batch_100", 100, 10_000, clients=20),
        ]
    return [
        IngestCase("batch_1", 1, 10_000),
        IngestCase("batch_10", 10, 60_000),
        IngestCase("batch_100", 100, 200_000),
        IngestCase("batch_100_workers_2", 100, 200_000, workers=2),
    ]


def client_bodies(attempt: BenchAttempt, events: int, batch: int, seed: int) -> list[bytes]:
    """Encode one client's events as REST batch bodies of `batch` events."""
    stream = event_stream(attempt.tasks, events, seed=seed)
    return [
        json.dumps({"events": stream[start : start + batch]}).encode()
        for start in range(0, len(stream), batch)
    ]


def _summary(result: LoadResult, events_sent: int) -> dict[str, Any]:
    return {
        "events_sent": events_sent,
        "requests": result.requests,
        "accepted": result.accepted,
        "rejected": result.rejected,
        "http_errors": result.errors,
        "first_error": result.first_error,
        "seconds": round(result.seconds, 3),
        "events_per_s": rate(result.accepted, result.seconds),
        "requests_per_s": rate(result.requests, result.seconds),
        **latency_summary_ms(result.latencies_s),
        "load_generator_cpu_s": round(result.client_cpu_s, 2),
    }


def _load(
    case: IngestCase, server: servers.RunningServer, stack: servers.BenchStack
) -> tuple[LoadResult, LoadResult, float]:
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        sign_in(http, stack.admin_email, stack.admin_password)
        attempts = create_attempts(http, case.clients)
    per_client = case.per_client
    bodies = [client_bodies(a, per_client, case.batch, n) for n, a in enumerate(attempts)]
    paths = [f"/api/v1/assessment/{a.token}/events" for a in attempts]
    plans = [ClientPlan(path, own) for path, own in zip(paths, bodies, strict=True)]
    logger.info("%s: %d clients send %d events", case.name, case.clients, per_client * case.clients)
    cpu_before = server.cpu_seconds()
    result = run_http_load(servers.HOST, server.port, plans)
    server_cpu = server.cpu_seconds() - cpu_before
    resend = [
        ClientPlan(path, own[: max(1, int(len(own) * RESEND_SHARE))])
        for path, own in zip(paths, bodies, strict=True)
    ]
    return result, run_http_load(servers.HOST, server.port, resend), server_cpu


def run_case(case: IngestCase, store_limit_events_per_s: float) -> dict[str, Any]:
    """Run one configuration on a fresh collector and store."""
    with servers.fresh_stack(case.name) as stack:
        with servers.running_collector(stack, workers=case.workers) as server:
            result, repeat, server_cpu = _load(case, server, stack)
        with open_store(stack.settings) as store:
            stored = store.count_events()
    section = _summary(result, case.per_client * case.clients)
    section.update(
        batch=case.batch,
        clients=case.clients,
        collector_workers=case.workers,
        ratio_to_store_limit=ratio(section["events_per_s"], store_limit_events_per_s),
        server_cpu_s=round(server_cpu, 2),
        server_cpu_us_per_event=round(1e6 * server_cpu / max(result.accepted, 1), 1),
        resent_events=repeat.accepted,
        resent_acknowledged_as_duplicate=repeat.duplicates,
        stored_events=stored,
        stored_equals_unique_sent=stored == result.accepted - result.duplicates,
    )
    logger.info(
        "%s: %.0f events/s, p50 %s ms, p99 %s ms",
        case.name,
        section["events_per_s"],
        section["p50_ms"],
        section["p99_ms"],
    )
    return section


def run(quick: bool, store_limit_events_per_s: float) -> dict[str, Any]:
    """Run every configuration; ratios are to `store_limit_events_per_s`."""
    return {case.name: run_case(case, store_limit_events_per_s) for case in cases(quick)}
