"""The scoring job: every scoring asset and its checks, over one batch of attempts per run."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dagster as dg

from assets.pipeline_assets import SCORING_ASSETS

# Run tag with the ids of the recompute requests a run handles (comma-separated).
REQUEST_TAG = "hiremate/recompute_request_ids"

score_job = dg.define_asset_job(
    "score_attempts_job",
    selection=dg.AssetSelection.assets(*SCORING_ASSETS),
    description="Score a batch of completed attempts: events to metrics, profiles and the "
    "task population. Set the attempts and rules version in the scoring_batch config.",
    # All steps in one process: the steps are short, and a process per step would spend
    # more time importing Dagster and polars than computing.
    executor_def=dg.in_process_executor,
)


def scoring_run_config(
    attempt_ids: Sequence[str] | None = None,
    rules_version: str | None = None,
    *,
    request_ids: Sequence[str] = (),
    skip_unchanged: bool = False,
) -> dict[str, Any]:
    """Return the run config that points the scoring job at one batch.

    Args:
        attempt_ids: Attempts to score; None scores every completed attempt.
        rules_version: Rules version to apply; None uses the configured default.
        request_ids: Recompute requests the run handles.
        skip_unchanged: Skip attempts already scored with the same events and versions.
    """
    config: dict[str, Any] = {
        "attempt_ids": None if attempt_ids is None else list(attempt_ids),
        "rules_version": rules_version,
        "recompute_request_ids": list(request_ids),
        "skip_unchanged": skip_unchanged,
    }
    return {"ops": {"scoring_batch": {"config": config}}}
