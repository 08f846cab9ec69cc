"""Dagster's share of a scoring run: one `score_attempts` run against the same compute alone."""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from assets.frames import events_to_frame
from bench import servers
from bench.scoring import compute_metrics
from bench.store_data import store_attempts
from bench.synthetic import ScoringInput, generate_attempts
from hiremate.settings import override_settings
from hiremate.store import open_store

logger = logging.getLogger(__name__)


def _compute_alone(stack: servers.BenchStack, ids: list[str]) -> dict[str, float]:
    """Time the store read and the metric and profile code for `ids`, outside Dagster."""
    from assets.profiles import build_profiles

    with open_store(stack.settings) as store:
        started = time.perf_counter()
        docs = store.events_for_attempts(ids)
        attempts = [store.get("attempts", attempt_id) for attempt_id in ids]
        frame = events_to_frame(docs)
        read_s = time.perf_counter() - started
    started = time.perf_counter()
    _, _, attempt_metrics = compute_metrics(ScoringInput(frame, attempts))
    build_profiles(attempt_metrics)
    return {"store_read_s": read_s, "compute_s": time.perf_counter() - started}


def score_once(stack: servers.BenchStack, ids: list[str]) -> dict[str, Any]:
    """Run `score_attempts` once over `ids` on an ephemeral Dagster instance and time it."""
    from pipelines.scoring import score_attempts

    os.environ.pop("DAGSTER_HOME", None)
    settings = stack.settings
    with override_settings(settings):
        started = time.perf_counter()
        result = score_attempts(settings, ids)
        run_s = time.perf_counter() - started
    alone = _compute_alone(stack, ids)
    return {
        "attempts": len(result["attempts"]),
        "run_s": round(run_s, 3),
        "store_read_s": round(alone["store_read_s"], 3),
        "compute_s": round(alone["compute_s"], 3),
        "overhead_s": round(run_s - alone["store_read_s"] - alone["compute_s"], 3),
    }


def run(quick: bool, stack: servers.BenchStack) -> dict[str, Any]:
    """Store synthetic attempts in `stack` and time a run over one attempt and over all."""
    started = time.perf_counter()
    import pipelines.scoring  # noqa: F401  (timed apart: Dagster and the definitions load once)

    import_s = time.perf_counter() - started
    count = 20 if quick else 200
    data = generate_attempts(count, seed=11)
    with open_store(stack.settings) as store:
        ids = store_attempts(store, data, stack.admin_email)
    logger.info("stored %d attempts with %d events for scoring", count, data.events.height)
    # The first run in a process pays one-time costs, such as loading the definitions. Every
    # run the daemon launches is such a first run, in a new process.
    first = score_once(stack, ids[:1])
    single = score_once(stack, ids[1:2])
    batch = score_once(stack, ids)
    batch["events"] = data.events.height
    return {
        "import_s": round(import_s, 3),
        "first_run_one_attempt": first,
        "one_attempt": single,
        "many_attempts": batch,
    }
