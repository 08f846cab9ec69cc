"""Profile the collector under REST ingest load and summarise where the time goes.

`python -m bench.profiling --batch 1` (or 100) samples a running collector with py-spy,
which samples every thread, so the sync route handlers in the thread pool are counted too.
`--in-process` instead runs the app in this process under pyinstrument, with the thread
pool replaced by direct calls so that one call tree holds the whole request path.
"""

from __future__ import annotations

import argparse
import collections
import logging
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench import servers
from bench.fixtures import create_attempts, sign_in
from bench.loadgen import ClientPlan, run_http_load
from bench.rest_ingest import CLIENTS, client_bodies

logger = logging.getLogger(__name__)

IDLE_FRAMES = ("select", "epoll", "_worker (concurrent", "wait (threading", "sleep", "poll")


def summarise(raw_path: Path, top: int = 25) -> str:
    """Summarise py-spy's collapsed stacks: busy samples per function, inclusive and self."""
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    busy = 0
    for line in raw_path.read_text(encoding="utf-8").splitlines():
        stack, _, count_text = line.rpartition(" ")
        frames = stack.split(";")
        if any(marker in frames[-1] for marker in IDLE_FRAMES):
            continue
        count = int(count_text)
        busy += count
        for frame in set(frames[1:]):
            inclusive[frame] += count
        own[frames[-1]] += count
    lines = [f"busy samples: {busy}", "", "inclusive share, function (file:line)"]
    lines += [f"{100 * n / busy:5.1f}%  {frame}" for frame, n in inclusive.most_common(top)]
    lines += ["", "self share, function (file:line)"]
    lines += [f"{100 * n / busy:5.1f}%  {frame}" for frame, n in own.most_common(top)]
    return "\n".join(lines)


def profile_rest_ingest(batch: int, events: int, out_dir: Path) -> Path:
    """Run REST ingest with `batch` events per request under py-spy; return the summary file."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    out_dir.mkdir(parents=True, exist_ok=True)
    raw_path = out_dir / f"rest-batch-{batch}.collapsed"
    with servers.fresh_stack("profile") as stack, servers.running_collector(stack) as server:
        with httpx.Client(base_url=server.base_url, timeout=30) as http:
            sign_in(http, stack.admin_email, stack.admin_password)
            attempts = create_attempts(http, CLIENTS)
        per_client = max(batch, events // CLIENTS)
        plans = [
            ClientPlan(
                f"/api/v1/assessment/{a.token}/events", client_bodies(a, per_client, batch, n)
            )
            for n, a in enumerate(attempts)
        ]
        recorder = subprocess.Popen(
            [spy, "record", "--pid", str(server.process.pid), "--rate", "250", "--format", "raw",
             "--output", str(raw_path), "--nonblocking"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(1.0)
        result = run_http_load(servers.HOST, server.port, plans)
        recorder.send_signal(signal.SIGINT)
        recorder.wait(timeout=30)
    logger.info("profiled %d requests in %.1f s", result.requests, result.seconds)
    summary_path = out_dir / f"rest-batch-{batch}.txt"
    summary_path.write_text(summarise(raw_path) + "\n", encoding="utf-8")
    return summary_path


async def _post_in_process(batch: int, requests: int) -> str:
    from pyinstrument import Profiler

    from bench.fixtures import BenchAttempt
    from collector.main import create_app

    with servers.fresh_stack("profile-inproc") as stack:
        app = create_app(stack.settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
                login = {"email": stack.admin_email, "password": stack.admin_password}
                token = (await http.post("/api/v1/auth/login", json=login)).json()
                http.headers["Authorization"] = f"Bearer {token['access_token']}"
                attempts = []
                for number in range(CLIENTS):
                    info = {"name": "Profiled", "email": f"profiled-{number}@example.org"}
                    body = {"candidate_info": info, "task_ids": []}
                    created = (await http.post("/api/v1/attempts", json=body)).json()
                    await http.post(f"/api/v1/assessment/{created['token']}/start")
                    attempts.append(BenchAttempt(created["id"], created["token"], created["tasks"]))
                per_client = batch * (requests // CLIENTS + 1)
                bodies = [client_bodies(a, per_client, batch, n) for n, a in enumerate(attempts)]
                profiler = Profiler(interval=0.0005)
                profiler.start()
                for number in range(requests):
                    attempt = attempts[number % CLIENTS]
                    response = await http.post(
                        f"/api/v1/assessment/{attempt.token}/events",
                        content=bodies[number % CLIENTS][number // CLIENTS],
                        headers={"content-type": "application/json"},
                    )
                    response.raise_for_status()
                profiler.stop()
    return profiler.output_text(unicode=False, color=False, show_all=True)


def profile_in_process(batch: int, requests: int) -> str:
    """Post `requests` batches of `batch` events to an in-process app under pyinstrument."""
    import asyncio

    import fastapi.routing

    async def call_directly(function: Any, /, *args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    # Profiling only: sync handlers run on the event loop, so pyinstrument samples them too.
    fastapi.routing.run_in_threadpool = call_directly
    return asyncio.run(_post_in_process(batch, requests))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch", type=int, default=1, help="events per request")
    parser.add_argument("--events", type=int, default=5000, help="events in all")
    parser.add_argument("--out", type=Path, default=Path("var/bench/profiles"), help="folder")
    parser.add_argument(
        "--in-process", action="store_true", help="profile the app in-process with pyinstrument"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if args.in_process:
        requests = max(1, args.events // args.batch)
        sys.stdout.write(profile_in_process(args.batch, requests))
        return
    path = profile_rest_ingest(args.batch, args.events, args.out)
    sys.stdout.write(path.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
