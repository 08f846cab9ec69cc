"""Profile the collector under REST ingest load with py-spy and summarise where time goes.

Run `python -m bench.profiling --batch 1` (or 100). py-spy samples every thread of the
running collector, so the time of sync route handlers in the thread pool is counted too.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch", type=int, default=1, help="events per request")
    parser.add_argument("--events", type=int, default=5000, help="events in all")
    parser.add_argument("--out", type=Path, default=Path("var/bench/profiles"), help="folder")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    path = profile_rest_ingest(args.batch, args.events, args.out)
    sys.stdout.write(path.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
