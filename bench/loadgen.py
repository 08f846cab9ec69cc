"""A lean HTTP/1.1 load generator: keep-alive clients on asyncio streams, in worker processes.

Each client is one connection that posts its pre-encoded bodies one after another, as a
candidate page does. The client does no more than write the request, read the response
and count the acknowledged events, so on a machine shared with the server it takes as
little CPU time as it can. This module imports only the standard library, because worker
processes start with `spawn` and import it first.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import json
import multiprocessing
import os
import time
from collections.abc import Sequence

# Seconds between submitting the work and the common start, so every worker process has
# started and connected before the first request.
START_DELAY_S = 1.0


class LoadError(RuntimeError):
    """The server closed a connection or sent a response that is not HTTP."""


@dataclasses.dataclass(frozen=True)
class ClientPlan:
    """One client: the path it posts to and the JSON bodies it sends, in order."""

    path: str
    bodies: Sequence[bytes]


@dataclasses.dataclass
class LoadResult:
    """Per-request latencies and acknowledged event counts measured by the clients."""

    latencies_s: list[float] = dataclasses.field(default_factory=list)
    requests: int = 0
    errors: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    started: float = 0.0
    finished: float = 0.0
    first_error: str = ""
    client_cpu_s: float = 0.0

    def merge(self, other: LoadResult) -> None:
        self.latencies_s.extend(other.latencies_s)
        self.requests += other.requests
        self.errors += other.errors
        self.accepted += other.accepted
        self.duplicates += other.duplicates
        self.rejected += other.rejected
        self.started = min(self.started, other.started) if self.started else other.started
        self.finished = max(self.finished, other.finished)
        self.first_error = self.first_error or other.first_error
        self.client_cpu_s += other.client_cpu_s

    @property
    def seconds(self) -> float:
        return max(self.finished - self.started, 0.0)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """Read one response; return its status, body and whether the server closes."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        raise LoadError("the server closed the connection before responding") from exc
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/"):
        raise LoadError(f"not an HTTP response: {lines[0][:80]!r}")
    length = None
    closing = False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip())
        elif name == "connection" and value.strip().lower() == "close":
            closing = True
    if length is None:
        raise LoadError("the response has no Content-Length; chunked bodies are not supported")
    body = await reader.readexactly(length)
    return int(parts[1]), body, closing


def _count_ack(body: bytes, result: LoadResult) -> None:
    answer = json.loads(body)
    accepted = answer.get("accepted", [])
    result.accepted += len(accepted)
    result.duplicates += sum(1 for item in accepted if item.get("duplicate"))
    result.rejected += len(answer.get("rejected", []))


async def _run_client(
    host: str, port: int, plan: ClientPlan, start_at: float, result: LoadResult
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    head = (
        f"POST {plan.path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        "Content-Type: application/json\r\nContent-Length: "
    ).encode("ascii")
    await asyncio.sleep(max(start_at - time.monotonic(), 0.0))
    try:
        for body in plan.bodies:
            sent_at = time.monotonic()
            writer.write(head + str(len(body)).encode("ascii") + b"\r\n\r\n" + body)
            status, answer, closing = await _read_response(reader)
            result.latencies_s.append(time.monotonic() - sent_at)
            result.requests += 1
            if status == 200:
                _count_ack(answer, result)
            else:
                result.errors += 1
                if not result.first_error:
                    result.first_error = f"HTTP {status}: {answer[:200].decode('utf-8', 'replace')}"
            if closing:
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()
    result.finished = max(result.finished, time.monotonic())


async def _run_clients(
    host: str, port: int, plans: Sequence[ClientPlan], start_at: float
) -> LoadResult:
    result = LoadResult(started=start_at)
    await asyncio.gather(*(_run_client(host, port, plan, start_at, result) for plan in plans))
    return result


def _worker(host: str, port: int, plans: Sequence[ClientPlan], start_at: float) -> LoadResult:
    cpu_before = time.process_time()
    result = asyncio.run(_run_clients(host, port, plans, start_at))
    result.client_cpu_s = time.process_time() - cpu_before
    return result


def split(items: Sequence, parts: int) -> list[list]:
    """Deal `items` round-robin into `parts` lists."""
    return [list(items[index::parts]) for index in range(parts)]


def run_http_load(
    host: str, port: int, plans: Sequence[ClientPlan], processes: int = 2
) -> LoadResult:
    """Run every client plan at once, spread over `processes` worker processes."""
    processes = max(1, min(processes, len(plans), os.cpu_count() or 1))
    context = multiprocessing.get_context("spawn")
    start_at = time.monotonic() + START_DELAY_S
    total = LoadResult()
    with concurrent.futures.ProcessPoolExecutor(processes, mp_context=context) as pool:
        futures = [
            pool.submit(_worker, host, port, share, start_at) for share in split(plans, processes)
        ]
        for future in futures:
            total.merge(future.result())
    return total
