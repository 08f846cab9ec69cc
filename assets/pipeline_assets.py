"""Dagster assets: thin wrappers that load from the store, call the polars code, and return."""
# No `from __future__ import annotations` here: Dagster resolves the config and resource
# parameter annotations at definition time.

import logging
from typing import Any

import dagster as dg
import polars as pl
from pydantic import Field

from assets.attempt_metrics import compute_attempt_metrics
from assets.batch import (
    claim_requests,
    finish_requests,
    scoring_view,
    select_attempts,
    store_results,
    unchanged_attempt_ids,
)
from assets.documents import metrics_documents, profile_documents
from assets.frames import events_to_frame, tasks_to_frames
from assets.population import compute_population, latest_task_metrics, write_population
from assets.profiles import build_profiles
from assets.rules import resolve_rules_version
from assets.tables import flatten_profiles, write_run_tables
from assets.task_metrics import compute_task_metrics
from assets.versions import CODE_VERSION
from hiremate.store import utc_now
from pipelines.resources import StoreResource

logger = logging.getLogger(__name__)
GROUP = "scoring"


class ScoringConfig(dg.Config):
    """Run config of `scoring_batch`: the attempts one run scores and the rules version."""

    attempt_ids: list[str] | None = Field(
        default=None, description="Attempt ids to score; leave unset to score every completed one."
    )
    rules_version: str | None = Field(
        default=None,
        description="Rules version to apply; unset means HIREMATE_RULES_VERSION "
        "or the newest version.",
    )
    recompute_request_ids: list[str] = Field(
        default_factory=list, description="Pending recompute requests this run handles."
    )
    skip_unchanged: bool = Field(
        default=False,
        description="Skip attempts whose newest profile has the same rules and code version "
        "and event count.",
    )


def _rows(frame: pl.DataFrame, **extra: Any) -> dg.Output:
    return dg.Output(frame, metadata={"dagster/row_count": frame.height, **extra})


@dg.asset(group_name=GROUP)
def scoring_batch(
    context: dg.AssetExecutionContext, config: ScoringConfig, store: StoreResource
) -> dg.Output:
    """Completed attempts this run scores, with the rules version and claimed requests."""
    settings = store.settings()
    rules_version = resolve_rules_version(config.rules_version or settings.rules_version)
    with store.open() as db:
        requests = claim_requests(db, config.recompute_request_ids, context.run.run_id)
        attempt_ids = config.attempt_ids
        if config.recompute_request_ids:
            attempt_ids = sorted({*(attempt_ids or []), *(r["attempt_id"] for r in requests)})
            versions = {r.get("rules_version") for r in requests} - {None}
            if len(versions) == 1:
                rules_version = resolve_rules_version(versions.pop())
        try:
            attempts = select_attempts(db, attempt_ids)
        except ValueError as error:
            finish_requests(db, requests, error=str(error))
            raise
        # A forced request always rescores; other requests and `skip_unchanged` runs skip
        # attempts whose newest profile already covers the same events and versions.
        forced = {r["attempt_id"] for r in requests if r.get("force")}
        candidates = {r["attempt_id"] for r in requests if not r.get("force")}
        if config.skip_unchanged:
            candidates |= {a["id"] for a in attempts}
        unchanged = unchanged_attempt_ids(
            db, sorted(candidates - forced), rules_version, CODE_VERSION
        )
        finish_requests(db, [r for r in requests if r["attempt_id"] in unchanged])
    attempts = [scoring_view(a) for a in attempts if a["id"] not in unchanged]
    pending = [r for r in requests if r["attempt_id"] not in unchanged]
    batch = {
        "rules_version": rules_version,
        "attempts": attempts,
        "request_ids": [r["id"] for r in pending],
        "unchanged_attempt_ids": sorted(unchanged),
    }
    context.log.info("scoring %d attempt(s) with rules %s", len(attempts), rules_version)
    return dg.Output(
        batch,
        metadata={
            "dagster/row_count": len(attempts),
            "rules_version": rules_version,
            "recompute_requests": len(pending),
            "unchanged_attempts": len(unchanged),
        },
    )


@dg.asset(group_name=GROUP, code_version=CODE_VERSION)
def behavior_events(scoring_batch: dict[str, Any], store: StoreResource) -> dg.Output:
    """Raw behavior events of the batch's attempts, typed and ordered by `seq`, `server_seq`."""
    with store.open() as db:
        docs = db.events_for_attempts([a["id"] for a in scoring_batch["attempts"]])
    return _rows(events_to_frame(docs))


@dg.asset(group_name=GROUP, code_version=CODE_VERSION)
def attempt_tasks(scoring_batch: dict[str, Any]) -> dg.Output:
    """Tasks of each attempt's snapshot, in the order the candidate saw them."""
    tasks, _ = tasks_to_frames(scoring_batch["attempts"])
    return _rows(tasks)


@dg.asset(group_name=GROUP, code_version=CODE_VERSION)
def task_options(scoring_batch: dict[str, Any]) -> dg.Output:
    """Options of each attempt task with their risk level."""
    _, options = tasks_to_frames(scoring_batch["attempts"])
    return _rows(options)


@dg.asset(group_name=GROUP, code_version=CODE_VERSION)
def task_metrics(
    behavior_events: pl.DataFrame,
    attempt_tasks: pl.DataFrame,
    task_options: pl.DataFrame,
    store: StoreResource,
) -> dg.Output:
    """Per-task metrics: times, hovers, flips, reasoning text measures and final risk."""
    idle_gap_ms = store.settings().idle_gap_ms
    frame = compute_task_metrics(behavior_events, attempt_tasks, task_options, idle_gap_ms)
    return _rows(frame, idle_gap_ms=idle_gap_ms)


@dg.asset(group_name=GROUP, code_version=CODE_VERSION)
def attempt_metrics(task_metrics: pl.DataFrame, behavior_events: pl.DataFrame) -> dg.Output:
    """Per-attempt metrics: totals, risk distribution, consistency and integrity counts."""
    return _rows(compute_attempt_metrics(task_metrics, behavior_events))


@dg.asset(group_name=GROUP, code_version=CODE_VERSION)
def skill_profiles(attempt_metrics: pl.DataFrame, scoring_batch: dict[str, Any]) -> dg.Output:
    """Skill profiles: six labels with evidence under the batch's rules version."""
    rules_version = scoring_batch["rules_version"]
    return _rows(build_profiles(attempt_metrics, rules_version), rules_version=rules_version)


@dg.asset(group_name=GROUP)
def scoring_results(
    context: dg.AssetExecutionContext,
    scoring_batch: dict[str, Any],
    task_metrics: pl.DataFrame,
    attempt_metrics: pl.DataFrame,
    skill_profiles: pl.DataFrame,
    store: StoreResource,
) -> dg.Output:
    """Metrics and profile versions appended to the store, plus the run's Parquet tables."""
    rules_version = scoring_batch["rules_version"]
    computed_at = utc_now()
    lineage = {"run_id": context.run.run_id, "code_version": CODE_VERSION}
    metrics_docs = metrics_documents(
        task_metrics,
        attempt_metrics,
        rules_version=rules_version,
        computed_at=computed_at,
        **lineage,
    )
    profile_docs = {
        doc["attempt_id"]: doc
        for doc in profile_documents(skill_profiles, computed_at=computed_at, **lineage)
    }
    with store.open() as db:
        results = store_results(db, metrics_docs, profile_docs, scoring_batch["request_ids"])
    frames = {
        "task_metrics": task_metrics.drop("reasoning_text"),
        "attempt_metrics": attempt_metrics,
        "profiles": flatten_profiles(skill_profiles),
    }
    paths = write_run_tables(
        store.settings().data_dir,
        frames,
        rules_version=rules_version,
        computed_at=computed_at,
        **lineage,
    )
    context.log.info("stored metrics and profiles of %d attempt(s)", len(results))
    return dg.Output(
        results,
        metadata={
            "dagster/row_count": len(results),
            "rules_version": rules_version,
            "code_version": CODE_VERSION,
            **{f"parquet_{name}": dg.MetadataValue.path(str(p)) for name, p in paths.items()},
        },
    )


@dg.asset(group_name=GROUP, deps=[scoring_results], code_version=CODE_VERSION)
def task_population(store: StoreResource) -> dg.Output:
    """Per-organisation, per-task distributions of the main metrics over the newest metrics."""
    with store.open() as db:
        population = compute_population(latest_task_metrics(db))
    path = write_population(population, store.settings())
    tasks = population.get_column("task_id").n_unique() if population.height else 0
    return _rows(population, path=dg.MetadataValue.path(str(path)), task_count=tasks)


SCORING_ASSETS = [
    scoring_batch,
    behavior_events,
    attempt_tasks,
    task_options,
    task_metrics,
    attempt_metrics,
    skill_profiles,
    scoring_results,
    task_population,
]
