"""In-process scoring for the CLI and the demo: the same assets, run with `materialize`."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import dagster as dg

from assets.batch import ScoringInputError, select_attempts
from assets.pipeline_assets import SCORING_ASSETS
from assets.pipeline_checks import SCORING_CHECKS
from assets.rules import resolve_rules_version
from assets.versions import CODE_VERSION
from hiremate.settings import Settings
from hiremate.store import open_store
from pipelines.compare import compare_profiles, format_comparison
from pipelines.jobs import scoring_run_config
from pipelines.resources import store_resource_for

logger = logging.getLogger(__name__)
# Exit status of `hiremate score` when the results were stored but an ERROR-severity asset
# check failed on them.
CHECK_FAILED_EXIT_STATUS = 3
# `compare_profiles` lives in `pipelines.compare` and is re-exported for the CLI.
__all__ = [
    "CHECK_FAILED_EXIT_STATUS",
    "ScoringError",
    "compare_profiles",
    "failed_error_checks",
    "format_comparison",
    "score_attempts",
]


class ScoringError(RuntimeError):
    """The scoring run failed; the message names the step and the cause."""


@contextlib.contextmanager
def _instance() -> Iterator[dg.DagsterInstance]:
    """Open the instance under `DAGSTER_HOME` (runs show in the UI), else an ephemeral one."""
    home = os.environ.get("DAGSTER_HOME")
    if home:
        Path(home).mkdir(parents=True, exist_ok=True)
        with dg.DagsterInstance.get() as instance:
            yield instance
    else:
        with dg.DagsterInstance.ephemeral() as instance:
            yield instance


def score_attempts(
    settings: Settings,
    attempt_ids: Sequence[str] | None,
    rules_version: str | None = None,
    *,
    instance: dg.DagsterInstance | None = None,
) -> dict[str, Any]:
    """Score completed attempts in one in-process run and store their metrics and profiles.

    Args:
        settings: Which store and data folder to use.
        attempt_ids: Attempts to score; None scores every completed attempt.
        rules_version: Rules version to apply; None uses `settings.rules_version` or the
            newest version.
        instance: Dagster instance to record the run in; by default the one under
            `DAGSTER_HOME`, or an ephemeral one when that is unset.

    Returns:
        `{"run_id", "rules_version", "code_version", "attempts": [{"attempt_id",
        "metrics_version", "profile_version"}], "checks": [{"name", "asset", "passed",
        "severity", "summary"}]}`. `checks` contains every asset check of the run. A
        failed check does not stop the run, so results are stored even when one failed.

    Raises:
        ValueError: the rules version is unknown.
        ScoringError: a named attempt is missing or not completed (checked before the run
            starts), or the run failed.
    """
    version = resolve_rules_version(rules_version or settings.rules_version)
    ids = None if attempt_ids is None else list(attempt_ids)
    if ids:
        _check_attempt_ids(settings, ids)
    run_config = scoring_run_config(ids, version)
    # The default console logger prints every step at DEBUG; INFO keeps the stage lines.
    run_config = {**run_config, "loggers": {"console": {"config": {"log_level": "INFO"}}}}
    resources = {"store": store_resource_for(settings)}
    with contextlib.ExitStack() as stack:
        if instance is None:
            instance = stack.enter_context(_instance())
        result = dg.materialize(
            [*SCORING_ASSETS, *SCORING_CHECKS],
            run_config=run_config,
            resources=resources,
            instance=instance,
            raise_on_error=False,
            tags={"hiremate/trigger": "cli"},
        )
        if not result.success:
            raise ScoringError(_failure_message(result))
        scored = result.output_for_node("scoring_results")
        checks = [_check_result(e) for e in result.get_asset_check_evaluations()]
    logger.info("run %s scored %d attempt(s) with rules %s", result.run_id, len(scored), version)
    return {
        "run_id": result.run_id,
        "rules_version": version,
        "code_version": CODE_VERSION,
        "attempts": scored,
        "checks": checks,
    }


def failed_error_checks(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the failed checks of a `score_attempts` result whose severity is ERROR."""
    return [
        check
        for check in result.get("checks", [])
        if not check["passed"] and check["severity"] == "ERROR"
    ]


def _check_attempt_ids(settings: Settings, attempt_ids: list[str]) -> None:
    """Raise `ScoringError` naming each id that is not a stored, completed attempt."""
    with open_store(settings) as store:
        try:
            select_attempts(store, attempt_ids)
        except ScoringInputError as error:
            raise ScoringError(str(error)) from None


def _check_result(evaluation: dg.AssetCheckEvaluation) -> dict[str, Any]:
    """Summarise one asset check evaluation as JSON-ready values."""
    numbers = {
        key: entry.value
        for key, entry in (evaluation.metadata or {}).items()
        if isinstance(entry.value, int | float) and not isinstance(entry.value, bool)
    }
    return {
        "name": evaluation.check_name,
        "asset": evaluation.asset_key.to_user_string(),
        "passed": evaluation.passed,
        "severity": evaluation.severity.value,
        "summary": ", ".join(f"{key}={value}" for key, value in sorted(numbers.items())),
    }


def _failure_message(result: dg.ExecuteInProcessResult) -> str:
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None:
            error = event.step_failure_data.error
            cause = error.cause.message if error and error.cause else None
            detail = (cause or (error.message if error else "unknown error")).strip()
            return f"scoring step {event.step_key} failed: {detail}"
    return f"scoring run {result.run_id} failed"
