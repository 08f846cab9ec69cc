"""The Dagster code location: `dagster dev -m pipelines.definitions` or `-w workspace.yaml`."""

from __future__ import annotations

import dagster as dg

from assets.pipeline_assets import SCORING_ASSETS
from assets.pipeline_checks import SCORING_CHECKS
from pipelines.jobs import score_job
from pipelines.resources import StoreResource
from pipelines.schedules import nightly_rescore
from pipelines.sensors import failed_scoring_runs, scoring_sensor

defs = dg.Definitions(
    assets=SCORING_ASSETS,
    asset_checks=SCORING_CHECKS,
    jobs=[score_job],
    sensors=[scoring_sensor, failed_scoring_runs],
    schedules=[nightly_rescore],
    resources={"store": StoreResource()},
)
