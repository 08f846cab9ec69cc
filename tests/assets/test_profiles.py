"""Tests pinning every rule branch of the skill profile."""

from __future__ import annotations

import pytest

from assets.rules import LABELS, PROFILE_FIELDS, RULES, get_rules, resolve_rules_version
from tests.assets.streams import Stream, compute_all, make_attempt

TASKS = ["t1", "t2", "t3", "t4", "t5"]


def _profile(stream: Stream, rules_version: str = "v1") -> dict:
    _, _, profiles = compute_all(
        stream.events, [make_attempt(stream.attempt_id, TASKS)], rules_version=rules_version
    )
    return profiles.row(0, named=True)


def _decisions(times: list[float], risks: list[str] | None = None, texts=None) -> Stream:
    stream = Stream("a1")
    risks = risks or ["low"] * len(times)
    texts = texts or [""] * len(times)
    for task_id, ms, risk, text in zip(TASKS, times, risks, texts, strict=False):
        stream.decide(task_id, f"{task_id}-{risk}", ms, text=text)
    return stream


def _label(stream: Stream, field: str, rules_version: str = "v1") -> str:
    return _profile(stream, rules_version)[field]["label"]


@pytest.mark.parametrize(
    ("times", "label"),
    [
        ([2_000] * 5, "Fast"),
        ([10_000] * 5, "Moderate"),
        ([30_000] * 5, "Deliberate"),
        ([2_000] * 2, "insufficient_data"),
    ],
)
def test_decision_speed_branches(times, label):
    assert _label(_decisions(times), "decision_speed") == label


def test_decision_speed_v2_thresholds_differ():
    stream = _decisions([6_000] * 5)
    assert _label(stream, "decision_speed", "v1") == "Fast"
    assert _label(stream, "decision_speed", "v2") == "Moderate"


@pytest.mark.parametrize(
    ("times", "label"),
    [
        ([5_000, 5_100, 4_900, 5_000, 5_050], "Steady"),
        ([12_000, 9_000, 6_000, 3_000, 1_000], "Improving"),
        ([1_000, 9_000, 2_000, 12_000, 1_500], "Variable"),
        ([5_000, 5_000], "insufficient_data"),
    ],
)
def test_decision_consistency_branches(times, label):
    assert _label(_decisions(times), "decision_consistency") == label


@pytest.mark.parametrize(
    ("risks", "label"),
    [
        (["low", "low", "low", "medium", "low"], "Risk-Averse"),
        (["low", "high", "medium", "high", "low"], "Balanced"),
        (["high", "high", "medium", "high", "high"], "Risk-Tolerant"),
        (["high", "high"], "insufficient_data"),
    ],
)
def test_risk_orientation_branches(risks, label):
    stream = _decisions([3_000] * len(risks), risks)
    assert _label(stream, "risk_orientation") == label


def _flipping_stream(changes_per_task: int, decide_ms: float) -> Stream:
    stream = Stream("a1")
    for task_id in TASKS:
        stream.add("task_started", task_id)
        stream.add("option_selected", task_id, after_ms=decide_ms / 2, option_id=f"{task_id}-low")
        current = "low"
        for _ in range(changes_per_task):
            target = "high" if current == "low" else "low"
            stream.add(
                "option_changed",
                task_id,
                after_ms=decide_ms / (2 * changes_per_task),
                from_option_id=f"{task_id}-{current}",
                to_option_id=f"{task_id}-{target}",
            )
            current = target
        stream.add("task_completed", task_id, after_ms=100, option_id=f"{task_id}-{current}")
    return stream


def test_thinking_style_exploratory():
    assert _label(_flipping_stream(2, 10_000), "thinking_style") == "Exploratory"


def _viewing_stream(changed_tasks: int) -> Stream:
    """Each task: view all three options, pick one; the first `changed_tasks` change once."""
    stream = Stream("a1")
    for n, task_id in enumerate(TASKS):
        stream.add("task_started", task_id)
        for risk in ("low", "medium", "high"):
            stream.add("option_viewed", task_id, after_ms=300, option_id=f"{task_id}-{risk}")
        stream.add("option_selected", task_id, after_ms=1_500, option_id=f"{task_id}-low")
        final = "low"
        if n < changed_tasks:
            final = "medium"
            stream.add(
                "option_changed",
                task_id,
                after_ms=500,
                from_option_id=f"{task_id}-low",
                to_option_id=f"{task_id}-medium",
            )
        stream.add("task_completed", task_id, after_ms=100, option_id=f"{task_id}-{final}")
    return stream


def test_thinking_style_viewing_only_not_exploratory():
    assert _label(_viewing_stream(0), "thinking_style") == "Intuitive"


def test_thinking_style_exploring_with_some_changes():
    assert _label(_viewing_stream(3), "thinking_style") == "Exploratory"


def test_thinking_style_intuitive():
    assert _label(_decisions([3_000] * 5), "thinking_style") == "Intuitive"


def test_thinking_style_analytical_by_time():
    assert _label(_decisions([40_000] * 5), "thinking_style") == "Analytical"


def test_thinking_style_analytical_by_depth():
    text = (
        "First, because the budget is fixed, the safe option keeps costs known. However, the "
        "risky option could pay off, so I would test it first.\n- cost\n- time " + "word " * 60
    )
    stream = _decisions([12_000] * 5, texts=[text] * 5)
    assert _label(stream, "thinking_style") == "Analytical"


def test_thinking_style_methodical():
    assert _label(_decisions([12_000] * 5), "thinking_style") == "Methodical"


def test_thinking_style_insufficient():
    assert _label(_decisions([3_000]), "thinking_style") == "insufficient_data"


@pytest.mark.parametrize(
    ("words", "label"),
    [(10, "Brief"), (50, "Moderate"), (120, "Detailed")],
)
def test_communication_depth_branches(words, label):
    stream = _decisions([3_000] * 5, texts=["word " * words] * 5)
    assert _label(stream, "communication_depth") == label


def test_communication_without_reasoning_is_insufficient():
    profile = _profile(_decisions([3_000] * 5))
    for field in ("communication_depth", "communication_structure"):
        assert profile[field]["label"] == "insufficient_data"
        assert profile[field]["confidence"] == 0.0
        assert "reasoning text" in profile[field]["explanation"]


def test_communication_v2_needs_two_reasoned_tasks():
    stream = _decisions([3_000] * 5, texts=["word " * 40])
    assert _label(stream, "communication_depth", "v1") == "Moderate"
    assert _label(stream, "communication_depth", "v2") == "insufficient_data"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("i picked it as it looked fine to me and seemed ok", "Informal"),
        ("I picked it because it is cheap, but it is slow and risky too", "Semi-structured"),
        ("First, cost.\n- time\n- risk\nFinally, it is cheap", "Structured"),
    ],
)
def test_communication_structure_branches(text, label):
    stream = _decisions([3_000] * 5, texts=[text] * 5)
    assert _label(stream, "communication_structure") == label


def test_profile_evidence_names_rule_values_tasks_and_events():
    stream = _decisions([2_000] * 5)
    field = _profile(stream)["decision_speed"]
    evidence = field["evidence"]
    assert evidence["rule_id"] == "decision_speed.fast"
    assert evidence["compared"]["median_decision_time_ms"] == 2_000
    assert evidence["thresholds"]["fast_max_ms"] == 8_000
    assert evidence["task_ids"] == TASKS
    completed = [e["event_id"] for e in stream.events if e["type"] == "task_completed"]
    assert sorted(evidence["event_ids"]) == sorted(completed)
    assert "2.0 s" in field["explanation"]
    assert 0 < field["confidence"] <= 1


def test_integrity_flags_never_change_labels():
    clean = _decisions([2_000, 2_500, 2_200, 2_400, 2_100], ["low", "high", "low", "low", "low"])
    flagged = _decisions([2_000, 2_500, 2_200, 2_400, 2_100], ["low", "high", "low", "low", "low"])
    flagged.add("paste_detected", "t1", chars=80, target="reasoning")
    flagged.add("focus_lost", "t2")
    flagged.add("visibility_hidden", None)
    clean_profile, flagged_profile = _profile(clean), _profile(flagged)
    for field in PROFILE_FIELDS:
        assert flagged_profile[field]["label"] == clean_profile[field]["label"], field
    flags = {f["flag"]: f["count"] for f in flagged_profile["integrity_flags"]}
    assert flags == {"paste": 1, "focus_lost": 1, "visibility_hidden": 1}
    assert clean_profile["integrity_flags"] == []


def test_profile_fast_decisions_are_flagged():
    profile = _profile(_decisions([50, 60, 3_000, 3_000, 3_000]))
    flags = {f["flag"]: f for f in profile["integrity_flags"]}
    assert flags["fast_decision"]["task_ids"] == ["t1", "t2"]


def test_every_label_is_a_documented_label():
    profile = _profile(_decisions([2_000] * 5, texts=["because it is ok"] * 5))
    for field in PROFILE_FIELDS:
        assert profile[field]["label"] in (*LABELS[field], "insufficient_data")


def test_rules_versions_share_keys():
    assert set(RULES) == {"v1", "v2"}
    assert RULES["v1"].keys() == RULES["v2"].keys()
    for name, section in RULES["v1"].items():
        if isinstance(section, dict):
            assert section.keys() == RULES["v2"][name].keys(), name


def test_rules_default_is_newest():
    assert resolve_rules_version(None) == "v2"
    assert get_rules()["decision_speed"] == RULES["v2"]["decision_speed"]


def test_rules_unknown_version_rejected():
    with pytest.raises(ValueError, match="valid versions: v1, v2"):
        resolve_rules_version("v9")


def test_get_rules_returns_copy():
    get_rules("v1")["decision_speed"]["fast_max_ms"] = 1
    assert RULES["v1"]["decision_speed"]["fast_max_ms"] == 8_000


TIMING_FIELDS = ("thinking_style", "decision_speed", "decision_consistency")


def test_profile_inconsistent_clock_insufficient():
    stream = Stream("a1")
    for task_id in TASKS[:4]:
        stream.decide(task_id, f"{task_id}-low", 2_000)
    # The last task's selection is stamped a year before its start.
    stream.add("task_started", "t5", after_ms=10)
    stream.add("option_selected", "t5", after_ms=-365 * 86_400_000, option_id="t5-high")
    stream.add("task_completed", "t5", after_ms=100, option_id="t5-high")
    profile = _profile(stream)
    for field in TIMING_FIELDS:
        value = profile[field]
        assert value["label"] == "insufficient_data", field
        assert value["confidence"] == 0, field
        assert "timestamps are inconsistent on 1 task(s)" in value["explanation"], field
        assert value["evidence"]["compared"]["timing_invalid_task_count"] == 1, field
    # Risk comes from the choices alone, so it keeps its label.
    assert profile["risk_orientation"]["label"] != "insufficient_data"
    assert "fast_decision" not in {flag["flag"] for flag in profile["integrity_flags"]}


def test_profile_valid_clock_explanation_unchanged():
    profile = _profile(_decisions([2_000] * 2))
    assert profile["decision_speed"]["explanation"].startswith("Only 2 task(s) were answered")
    assert profile["decision_speed"]["evidence"]["compared"]["timing_invalid_task_count"] == 0
