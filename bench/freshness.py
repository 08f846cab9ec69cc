"""Freshness: time from an attempt's `complete` until the API returns its profile.

The full run starts the services `hiremate up` starts for scoring (the collector, and the
Dagster daemon that runs the scoring sensor and launches its runs), each on 127.0.0.1 and
a free port where it listens. `--quick` skips the daemon, whose start-up and sensor
interval alone take longer than the quick budget, and scores in-process right after
`complete` instead, which times the same run without the sensor's wait.
"""

from __future__ import annotations

import contextlib
import logging
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from bench import servers
from bench.fixtures import REASONING, BenchAttempt, create_attempts, sign_in
from hiremate.behavior import Trial
from hiremate.replay import take_assessment
from hiremate.services import stop_process
from hiremate.settings import override_settings
from hiremate.stack import dagster_home

logger = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.2
PROFILE_TIMEOUT_S = 120.0


def trials(count: int) -> list[Trial]:
    """Return `count` decisions of a scripted candidate, alternating risky and safe."""
    return [
        Trial("bench", number + 1, number % 2 == 0, 2500 + 700 * number, REASONING)
        for number in range(count)
    ]


@contextlib.contextmanager
def running_daemon(stack: servers.BenchStack) -> Iterator[None]:
    """Run `dagster-daemon` on the stack's store and its own Dagster instance folder."""
    home = dagster_home(stack.settings)
    command = [str(Path(sys.executable).with_name("dagster-daemon")), "run", "-m",
               "pipelines.definitions"]  # fmt: skip
    env = stack.env({"DAGSTER_HOME": str(home)})
    process = servers.start_logged("dagster-daemon", command, env, stack.data_dir / "daemon.log")
    try:
        yield
    finally:
        stop_process("dagster-daemon", process, timeout=20)


def complete_and_wait(
    http: httpx.Client, server: servers.RunningServer, attempt: BenchAttempt, score: Any
) -> float:
    """Take the attempt over the socket, complete it, and time until its profile is readable."""
    full_tasks = {task["id"]: task for task in attempt.tasks}
    take_assessment(http, server.ws_url, attempt.token, trials(len(attempt.tasks)), full_tasks)
    completed_at = time.monotonic()
    if score is not None:
        score(attempt.attempt_id)
    deadline = completed_at + PROFILE_TIMEOUT_S
    while time.monotonic() < deadline:
        response = http.get(f"/api/v1/skills/attempt/{attempt.attempt_id}")
        if response.status_code == 200:
            seconds = time.monotonic() - completed_at
            logger.info("attempt %s: profile visible %.2f s after complete", attempt.attempt_id,
                        seconds)  # fmt: skip
            return seconds
        time.sleep(POLL_INTERVAL_S)
    raise TimeoutError(
        f"no profile for attempt {attempt.attempt_id} within {PROFILE_TIMEOUT_S:.0f} s of "
        "completing it; see the daemon log in the benchmark data folder"
    )


def _in_process_scorer(stack: servers.BenchStack) -> Any:
    from pipelines.scoring import score_attempts

    def score(attempt_id: str) -> None:
        with override_settings(stack.settings):
            score_attempts(stack.settings, [attempt_id])

    return score


def run(quick: bool) -> dict[str, Any]:
    """Complete attempts one after another and time each until its profile is visible."""
    measured = 2 if quick else 3
    with (
        servers.fresh_stack("freshness") as stack,
        servers.running_collector(stack) as server,
        httpx.Client(base_url=server.base_url, timeout=30) as http,
    ):
        sign_in(http, stack.admin_email, stack.admin_password)
        attempts = create_attempts(http, measured + 1, start=False)
        if quick:
            score = _in_process_scorer(stack)
            first = complete_and_wait(http, server, attempts[0], score)
            times = [complete_and_wait(http, server, a, score) for a in attempts[1:]]
        else:
            with running_daemon(stack):
                first = complete_and_wait(http, server, attempts[0], None)
                times = [complete_and_wait(http, server, a, None) for a in attempts[1:]]
    logger.info("freshness: first %.1f s, then %s", first, [round(t, 1) for t in times])
    return {
        "mode": "in_process_scoring" if quick else "dagster_daemon_sensor",
        "first_after_start_s": round(first, 2),
        "measured": len(times),
        "median_s": round(statistics.median(times), 2),
        "max_s": round(max(times), 2),
        "seconds": [round(value, 2) for value in times],
    }
