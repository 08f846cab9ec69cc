"""Tests of the stored metrics and profile documents."""

from __future__ import annotations

import datetime as dt

from assets.documents import metrics_documents, profile_documents
from assets.rules import PROFILE_FIELDS
from tests.assets.streams import Stream, compute_all, make_attempt

NOW = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)
LINEAGE = {"run_id": "run-1", "code_version": "0.1.0+abc", "computed_at": NOW}


def _docs():
    stream = Stream("a1")
    stream.add("task_started", "t1")
    stream.add("option_selected", "t1", after_ms=1_500, option_id="t1-low")
    stream.add(
        "option_changed", "t1", after_ms=500, from_option_id="t1-low", to_option_id="t1-high"
    )
    stream.add("task_completed", "t1", after_ms=1_000, option_id="t1-high", reasoning="fine")
    stream.add("task_started", "t2")
    stream.add("task_skipped", "t2", after_ms=4_000)
    task_metrics, attempt_metrics, profiles = compute_all(
        stream.events, [make_attempt("a1", ["t1", "t2", "t3"])]
    )
    metrics = metrics_documents(task_metrics, attempt_metrics, rules_version="v2", **LINEAGE)
    return stream, metrics[0], profile_documents(profiles, **LINEAGE)[0]


def test_metrics_document_frontend_fields():
    _, doc, _ = _docs()
    first, skipped, untouched = doc["per_task_metrics"]
    assert first == {
        "task_id": "t1",
        "hesitation_seconds": 1.5,
        "time_spent_seconds": 3.0,
        "decision_change_count": 1,
    }
    # No selection: hesitation is the whole time on the task, as the frontend defines it.
    assert skipped["hesitation_seconds"] == 4.0
    assert untouched["time_spent_seconds"] == 0.0
    assert doc["global_metrics"] == {"hesitation_time_seconds": 5.5, "total_time_seconds": 7.0}
    assert doc["overall_score"] is None
    assert doc["overall_grade"] is None
    assert doc["analysis_result"] is None


def test_metrics_document_lineage():
    stream, doc, _ = _docs()
    assert doc["run_id"] == "run-1"
    assert doc["rules_version"] == "v2"
    assert doc["code_version"] == "0.1.0+abc"
    assert doc["event_count"] == len(stream.events)
    assert doc["event_ids"] == sorted(e["event_id"] for e in stream.events)
    assert [t["task_id"] for t in doc["per_task"]] == ["t1", "t2", "t3"]
    assert "reasoning_text" not in doc["per_task"][0]
    assert doc["overall"]["tasks_answered"] == 1


def test_profile_document_fields():
    stream, _, profile = _docs()
    for field in PROFILE_FIELDS:
        assert set(profile[field]) == {"label", "explanation", "evidence", "confidence"}
    assert profile["rules_version"] == "v2"
    assert profile["run_id"] == "run-1"
    assert profile["computed_at"] == NOW
    assert len(profile["event_ids"]) == len(stream.events)
    assert profile["integrity_flags"] == []
