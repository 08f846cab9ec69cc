"""The nightly batch rescore."""

from __future__ import annotations

import dagster as dg

from pipelines.jobs import score_job, scoring_run_config

nightly_rescore = dg.ScheduleDefinition(
    name="nightly_rescore",
    job=score_job,
    cron_schedule="0 3 * * *",
    execution_timezone="UTC",
    # One run over every completed attempt. It skips attempts already scored from the same
    # events with the current rules and code versions, so only changes add versions.
    run_config=scoring_run_config(None, None, skip_unchanged=True),
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Rescore all completed attempts at 03:00 UTC in one batch run.",
)
