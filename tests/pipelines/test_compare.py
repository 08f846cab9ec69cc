"""Tests of the profile comparison report and its command."""

from __future__ import annotations

import json

import pytest

from pipelines.compare import ProfileNotFoundError, compare_profiles, format_comparison, main
from pipelines.scoring import score_attempts
from tests.assets.streams import Stream, make_attempt, store_attempt

TASKS = ["t1", "t2", "t3"]


@pytest.fixture
def scored(settings, store, instance) -> str:
    stream = Stream("a1")
    for task_id in TASKS:
        stream.decide(task_id, f"{task_id}-low", 6_000)
    store_attempt(store, make_attempt("a1", TASKS), stream)
    score_attempts(settings, ["a1"], "v1", instance=instance)
    score_attempts(settings, ["a1"], "v2", instance=instance)
    return "a1"


def test_compare_report_cases(store, scored):
    text = format_comparison(compare_profiles(store, scored, "v1", "v2"))
    assert text.splitlines()[0] == "attempt a1: profile v1 (rules v1) -> v2 (rules v2)"
    assert "  decision_speed: Fast -> Moderate" in text.splitlines()
    same = compare_profiles(store, scored, 2, "v2")
    assert same["changed"] == []
    assert "no label changed" in format_comparison(same)
    with pytest.raises(ProfileNotFoundError, match="no profile 'v9'"):
        compare_profiles(store, scored, "v1", "v9")


def test_compare_main_command(scored, capsys):
    assert main([scored, "1", "2", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    # At 6 s per decision, v2's tighter bands change both the speed and the style label.
    assert [change["field"] for change in report["changed"]] == [
        "thinking_style",
        "decision_speed",
    ]
    assert main([scored, "1", "7"]) == 2
    assert "no profile '7'" in capsys.readouterr().err
