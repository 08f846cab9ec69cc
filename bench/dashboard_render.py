"""Dashboard: time to render the attempt detail page for an attempt with 2,000 events.

The attempt is stored and scored, its data is loaded through the collector's API the way
the dashboard loads it, and then only the rendering is timed, with Streamlit's `AppTest`
running the page's render function headless.
"""

from __future__ import annotations

import logging
import statistics
import time
from typing import Any

import httpx

from bench import servers
from bench.dagster_run import score_once
from bench.fixtures import sign_in
from bench.store_data import store_attempts
from bench.synthetic import generate_attempts
from hiremate.store import open_store

logger = logging.getLogger(__name__)

# Option hovers per task that give five tasks about 2,000 events in all.
VIEWS = (352, 408)


def _render(data):  # noqa: ANN001  (AppTest runs the body as a script, without annotations)
    from dashboard.views.attempt_detail import render_attempt_detail

    render_attempt_detail(data, dagster_url="http://127.0.0.1:1")


def time_render(data: Any, runs: int) -> list[float]:
    """Render the page `runs` times and return each run's seconds."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_render, args=(data,), default_timeout=120)
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        app.run()
        seconds.append(time.perf_counter() - started)
        if app.exception:
            raise RuntimeError(f"the attempt detail page raised: {app.exception[0].message}")
    return seconds


def run(quick: bool) -> dict[str, Any]:
    """Store, score and load one 2,000-event attempt, then time the page render."""
    from dashboard.api import HireMateClient
    from dashboard.loaders import load_attempt_detail

    data = generate_attempts(1, seed=5, views=VIEWS)
    with servers.fresh_stack("dashboard") as stack:
        with open_store(stack.settings) as store:
            (attempt_id,) = store_attempts(store, data, stack.admin_email)
        score_once(stack, [attempt_id])
        with servers.running_collector(stack) as server:
            with httpx.Client(base_url=server.base_url, timeout=30) as http:
                sign_in(http, stack.admin_email, stack.admin_password)
                token = http.headers["Authorization"].removeprefix("Bearer ")
            started = time.perf_counter()
            with HireMateClient(server.base_url, token) as client:
                detail = load_attempt_detail(client, attempt_id)
            load_s = time.perf_counter() - started
    renders = time_render(detail, 2 if quick else 5)
    return {
        "events": len(detail.events),
        "load_s": round(load_s, 3),
        "first_render_s": round(renders[0], 3),
        "median_render_s": round(statistics.median(renders), 3),
        "renders": [round(value, 3) for value in renders],
    }
