"""Compare the raw-stream load generator with an httpx.AsyncClient one on the minimal ASGI app.

Run `python -m bench.loadgen_compare`. Both send the same 4,000 one-event bodies from 50
concurrent clients to `bench.asgi_minimal` on uvicorn. The output is requests per second
and the client's and server's CPU time per request.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench import servers
from bench.loadgen import ClientPlan, run_http_load

BODY = json.dumps({"events": [{"type": "task_started", "payload": {"task_index": 0}}]}).encode()
REQUESTS = 4000
CLIENTS = 50


async def _httpx_clients(base_url: str) -> None:
    limits = httpx.Limits(max_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base_url, limits=limits) as client:

        async def one_client() -> None:
            for _ in range(REQUESTS // CLIENTS):
                response = await client.post(
                    "/", content=BODY, headers={"content-type": "application/json"}
                )
                response.json()

        await asyncio.gather(*(one_client() for _ in range(CLIENTS)))


def main() -> None:
    command = [
        sys.executable, "-m", "uvicorn", "bench.asgi_minimal:app", "--host", servers.HOST,
        "--no-access-log", "--log-level", "warning", "--port",
    ]  # fmt: skip
    with (
        tempfile.TemporaryDirectory() as folder,
        servers.running_server("asgi-minimal", command, {}, Path(folder), "/") as server,
    ):
        server_before = server.cpu_seconds()
        client_before = time.process_time()
        started = time.monotonic()
        asyncio.run(_httpx_clients(server.base_url))
        wall = time.monotonic() - started
        client_cpu = time.process_time() - client_before
        server_cpu = server.cpu_seconds() - server_before
        sys.stdout.write(
            f"httpx.AsyncClient: {REQUESTS / wall:,.0f} requests/s, client CPU "
            f"{1e6 * client_cpu / REQUESTS:,.0f} µs/request, server CPU "
            f"{1e6 * server_cpu / REQUESTS:,.0f} µs/request\n"
        )
        plans = [ClientPlan("/", [BODY] * (REQUESTS // CLIENTS)) for _ in range(CLIENTS)]
        server_before = server.cpu_seconds()
        result = run_http_load(servers.HOST, server.port, plans, processes=1)
        server_cpu = server.cpu_seconds() - server_before
        sys.stdout.write(
            f"raw streams (bench.loadgen): {result.requests / result.seconds:,.0f} requests/s, "
            f"client CPU {1e6 * result.client_cpu_s / result.requests:,.0f} µs/request, server "
            f"CPU {1e6 * server_cpu / result.requests:,.0f} µs/request\n"
        )


if __name__ == "__main__":
    main()
