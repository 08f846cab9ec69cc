"""Tests that the Dagster code location loads."""

from __future__ import annotations

import dagster as dg

from pipelines.definitions import defs

ASSETS = {
    "scoring_batch",
    "behavior_events",
    "attempt_tasks",
    "task_options",
    "task_metrics",
    "attempt_metrics",
    "skill_profiles",
    "scoring_results",
    "task_population",
}


def test_definitions_load_all():
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    assert {key.to_user_string() for key in graph.get_all_asset_keys()} == ASSETS
    checks = {key.name for key in graph.asset_check_keys}
    assert checks == {
        "event_sequences",
        "event_timestamps",
        "metric_ranges",
        "completed_attempts_have_profiles",
    }


def test_definitions_job_sensor_schedule():
    job = defs.resolve_job_def("score_attempts_job")
    assert {node.name for node in job.nodes_in_topological_order} >= ASSETS
    assert defs.resolve_sensor_def("scoring_sensor").minimum_interval_seconds <= 30
    assert defs.resolve_sensor_def("failed_scoring_runs") is not None
    assert defs.resolve_schedule_def("nightly_rescore").cron_schedule == "0 3 * * *"
