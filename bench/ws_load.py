"""WebSocket load: candidate sockets that send events at a fixed rate and time every ack.

Worker processes start with `spawn` and import this module first, so it imports only the
standard library and `websockets`.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import dataclasses
import json
import multiprocessing
import os
import random
import time
from collections.abc import Sequence

from websockets.asyncio.client import connect

START_DELAY_S = 2.0
ACK_TIMEOUT_S = 10.0


@dataclasses.dataclass(frozen=True)
class SocketPlan:
    """One candidate socket: its URL and the event messages it sends, in order."""

    url: str
    messages: Sequence[str]


@dataclasses.dataclass
class SocketResult:
    """Send-to-ack latencies and acknowledged counts over a set of sockets."""

    latencies_s: list[float] = dataclasses.field(default_factory=list)
    sent: int = 0
    accepted: int = 0
    rejected: int = 0
    unanswered: int = 0
    late_sends: int = 0
    first_rejection: str = ""
    client_cpu_s: float = 0.0
    started: float = 0.0
    last_ack: float = 0.0

    @property
    def seconds(self) -> float:
        """Seconds from the common start to the last ack."""
        return max(self.last_ack - self.started, 0.0)

    def merge(self, other: SocketResult) -> None:
        self.latencies_s.extend(other.latencies_s)
        self.sent += other.sent
        self.accepted += other.accepted
        self.rejected += other.rejected
        self.unanswered += other.unanswered
        self.late_sends += other.late_sends
        self.first_rejection = self.first_rejection or other.first_rejection
        self.client_cpu_s += other.client_cpu_s
        self.started = min(self.started, other.started) if self.started else other.started
        self.last_ack = max(self.last_ack, other.last_ack)


async def _drive(plan: SocketPlan, interval: float, start_at: float, result: SocketResult) -> None:
    async with connect(plan.url, open_timeout=30, max_size=None) as socket:
        pending: collections.deque[float] = collections.deque()

        async def read_acks() -> None:
            async for text in socket:
                answer = json.loads(text)
                if answer.get("type") != "ack":
                    continue
                now = time.monotonic()
                result.latencies_s.append(now - pending.popleft())
                result.last_ack = max(result.last_ack, now)
                result.accepted += len(answer.get("accepted", []))
                rejected = answer.get("rejected", [])
                result.rejected += len(rejected)
                if rejected and not result.first_rejection:
                    result.first_rejection = str(rejected[0].get("error"))[:200]
                if not pending and done.is_set():
                    return

        done = asyncio.Event()
        reader = asyncio.create_task(read_acks())
        # A random phase spreads the sockets' sends evenly over each interval.
        next_send = start_at + random.random() * interval
        for message in plan.messages:
            delay = next_send - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            elif delay < -interval:
                result.late_sends += 1
            pending.append(time.monotonic())
            await socket.send(message)
            result.sent += 1
            next_send += interval
        done.set()
        if not pending:
            reader.cancel()
            return
        try:
            await asyncio.wait_for(reader, timeout=ACK_TIMEOUT_S)
        except TimeoutError:
            result.unanswered += len(pending)


async def _drive_all(plans: Sequence[SocketPlan], interval: float, start_at: float) -> SocketResult:
    result = SocketResult(started=start_at)
    await asyncio.gather(*(_drive(plan, interval, start_at, result) for plan in plans))
    return result


def _worker(plans: Sequence[SocketPlan], interval: float, start_at: float) -> SocketResult:
    cpu_before = time.process_time()
    result = asyncio.run(_drive_all(plans, interval, start_at))
    result.client_cpu_s = time.process_time() - cpu_before
    return result


def run_socket_load(
    plans: Sequence[SocketPlan], per_socket_rate: float, processes: int = 2
) -> SocketResult:
    """Send every plan's messages at `per_socket_rate` messages per second per socket."""
    processes = max(1, min(processes, len(plans), os.cpu_count() or 1))
    context = multiprocessing.get_context("spawn")
    start_at = time.monotonic() + START_DELAY_S
    total = SocketResult()
    shares = [list(plans[index::processes]) for index in range(processes)]
    with concurrent.futures.ProcessPoolExecutor(processes, mp_context=context) as pool:
        futures = [pool.submit(_worker, share, 1.0 / per_socket_rate, start_at) for share in shares]
        for future in futures:
            total.merge(future.result())
    return total
