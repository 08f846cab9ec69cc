"""The attempt detail rendering on synthetic data, without a collector."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard.views import charts, frames
from tests.dashboard.synthetic import build_attempt_detail


def _render(event_count: int) -> None:
    from dashboard.views import render_attempt_detail
    from tests.dashboard.synthetic import build_attempt_detail

    render_attempt_detail(build_attempt_detail(event_count), dagster_url="http://dagster.test")


def test_render_attempt_detail_large_attempt() -> None:
    at = AppTest.from_function(_render, args=(2000,), default_timeout=30).run()
    assert not at.exception
    assert not at.error
    assert at.header[0].value == "Ada Example"


def test_decision_path_frame_counts_option_events() -> None:
    data = build_attempt_detail(200, task_count=2)
    events = frames.events_frame(data.events)
    path = frames.decision_path_frame(events, data.attempt, frames.task_titles(data.attempt))
    option_events = [e for e in data.events if e["type"].startswith("option_")]
    completed = [e for e in data.events if e["type"] == "task_completed"]
    assert len(path) == len(option_events) + len(completed)
    assert path["seconds"].min() >= 0


def test_integrity_frame_counts_pastes() -> None:
    data = build_attempt_detail(200, task_count=2)
    events = frames.events_frame(data.events)
    counts = frames.integrity_frame(events, frames.task_titles(data.attempt))
    pastes = [e for e in data.events if e["type"] == "paste_detected"]
    assert counts["count"].sum() == len(pastes)
    assert set(counts["signal"]) == {"paste_detected"}


def test_population_frame_uses_percentile_range() -> None:
    populations = {
        "t1": {
            "attempt_count": 7,
            "sufficient": True,
            "metrics": {
                "total_time_ms": {
                    "count": 7,
                    "p10": 1_000.0,
                    "p25": 2_000.0,
                    "p50": 3_000.0,
                    "p75": 4_000.0,
                    "p90": 9_000.0,
                }
            },
        }
    }
    metrics = {"per_task": [{"task_id": "t1", "total_time_ms": 2_500.0}]}
    frame = frames.population_frame(populations, metrics, {"t1": "Task one"}, "total_time_ms")
    row = frame.iloc[0].to_dict()
    assert row["task"] == "Task one"
    assert row["p10"] == 1.0
    assert row["p90"] == 9.0
    assert row["candidate"] == 2.5
    assert "min" not in frame.columns
    assert "max" not in frame.columns


def test_timeline_chart_counts_seconds_from_start() -> None:
    data = build_attempt_detail(60, task_count=2)
    events = frames.events_frame(data.events)
    titles = frames.task_titles(data.attempt)
    windows = frames.task_windows_frame(events, titles)
    signals = frames.signal_times_frame(events, titles)
    spec = charts.timeline_chart(windows, signals).to_dict(validate=False)
    bars = spec["layer"][0]["encoding"]
    assert bars["x"]["type"] == "quantitative"
    assert bars["x"]["field"] == "start_seconds"
    rows = [row for dataset in spec["datasets"].values() for row in dataset]
    starts = [row["start_seconds"] for row in rows if "start_seconds" in row]
    assert starts
    assert min(starts) == 0.0
    assert all(value >= 0.0 for value in starts)


def test_compare_chart_labels_every_candidate() -> None:
    names = ["Ada One", "Ben Two", "Cy Three", "Di Four"]
    frame = pd.DataFrame(
        [
            {"task": task, "candidate": name, "value": float(index)}
            for task in ("Task A", "Task B")
            for index, name in enumerate(names)
        ]
    )
    encoding = charts.compare_chart(frame, "total time (s)").to_dict(validate=False)["encoding"]
    assert encoding["y"]["axis"]["labelOverlap"] is False
    assert encoding["y"]["sort"] == names
    assert encoding["color"]["legend"]["orient"] == "bottom"
