"""WebSocket ingest: 200 candidate sockets at a fixed total rate, then stepped up."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx

from bench import servers
from bench.fixtures import BenchAttempt, create_attempts, event_stream, sign_in
from bench.stats import latency_summary_ms, rate
from bench.ws_load import SocketPlan, run_socket_load

logger = logging.getLogger(__name__)

SOCKETS = 200
TARGET_RATE = 2000
P99_LIMIT_MS = 50.0
STEP_RATES = (250, 500, 1000, 1500, 2000, 3000, 4000, 6000)


def _plans(attempts: list[BenchAttempt], ws_url: str, count: int, seed: int) -> list[SocketPlan]:
    """Return one plan per socket with `count` single-event messages each."""
    return [
        SocketPlan(
            f"{ws_url}/ws/assessment/{attempt.token}",
            [json.dumps(event) for event in event_stream(attempt.tasks, count, seed=seed + n)],
        )
        for n, attempt in enumerate(attempts)
    ]


def measure_rate(
    attempts: list[BenchAttempt],
    server: servers.RunningServer,
    total_rate: float,
    seconds: float,
    seed: int,
) -> dict[str, Any]:
    """Hold `total_rate` events per second over all sockets for `seconds`."""
    per_socket = total_rate / len(attempts)
    count = max(2, int(per_socket * seconds))
    plans = _plans(attempts, server.ws_url, count, seed)
    server.wait_until_idle()
    cpu_before = server.cpu_seconds()
    result = run_socket_load(plans, per_socket)
    server_cpu = server.cpu_seconds() - cpu_before

    summary = latency_summary_ms(result.latencies_s)
    section = {
        "sockets": len(attempts),
        "target_events_per_s": total_rate,
        "seconds": seconds,
        "sent": result.sent,
        "accepted": result.accepted,
        "rejected": result.rejected,
        "unanswered": result.unanswered,
        "late_sends": result.late_sends,
        "first_rejection": result.first_rejection,
        "achieved_events_per_s": rate(result.accepted, result.seconds),
        **summary,
        "load_generator_cpu_s": round(result.client_cpu_s, 2),
        "server_cpu_s": round(server_cpu, 2),
        "server_cpu_us_per_event": round(1e6 * server_cpu / max(result.accepted, 1), 1),
    }
    logger.info(
        "websocket %d events/s over %d sockets: p50 %s ms, p99 %s ms",
        total_rate,
        len(attempts),
        summary["p50_ms"],
        summary["p99_ms"],
    )
    return section


def _holds(section: dict[str, Any]) -> bool:
    p99 = section["p99_ms"]
    return p99 is not None and p99 < P99_LIMIT_MS and not section["unanswered"]


def run(quick: bool) -> dict[str, Any]:
    """Measure the target rate, then step the rate up until p99 reaches the limit."""
    seconds = 3.0 if quick else 15.0
    step_seconds = 2.0 if quick else 8.0
    steps = STEP_RATES[1:3] if quick else STEP_RATES
    with servers.fresh_stack("ws") as stack, servers.running_collector(stack) as server:
        with httpx.Client(base_url=server.base_url, timeout=30) as http:
            sign_in(http, stack.admin_email, stack.admin_password)
            attempts = create_attempts(http, SOCKETS)
        fixed = measure_rate(attempts, server, TARGET_RATE, seconds, seed=1)
        stepped = []
        highest_held = 0.0
        for number, total_rate in enumerate(steps):
            section = measure_rate(attempts, server, total_rate, step_seconds, seed=100 * number)
            stepped.append(section)
            if not _holds(section):
                break
            highest_held = float(total_rate)
    return {
        "fixed_rate": fixed,
        "steps": stepped,
        "p99_limit_ms": P99_LIMIT_MS,
        "highest_rate_held_events_per_s": highest_held,
    }
