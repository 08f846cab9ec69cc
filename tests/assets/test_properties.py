"""Property tests: event order and repeats never change metrics or profiles."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.assets.streams import Stream, compute_all, make_attempt

TASKS = ["t1", "t2", "t3", "t4"]
RISKS = ["low", "medium", "high"]
ACTIONS = ["view", "select", "change", "type", "paste", "focus"]
TEXTS = ["", "ok", "because it is cheap", "First, cost.\n- time\nHowever it is slow"]

waits = st.floats(min_value=0, max_value=45_000, allow_nan=False).map(round)
action = st.tuples(st.sampled_from(ACTIONS), st.sampled_from(RISKS), waits)
task_plan = st.tuples(
    st.lists(action, max_size=6),
    st.sampled_from(["completed", "skipped", "abandoned", "untouched"]),
    st.sampled_from(RISKS),
    st.sampled_from(TEXTS),
)


def _build(plans) -> Stream:
    stream = Stream("a1")
    for task_id, (actions, ending, final_risk, text) in zip(TASKS, plans, strict=False):
        if ending == "untouched":
            continue
        stream.add("task_started", task_id, after_ms=5)
        for kind, risk, wait in actions:
            option = f"{task_id}-{risk}"
            if kind == "view":
                stream.add("option_viewed", task_id, after_ms=wait, option_id=option)
            elif kind == "select":
                stream.add("option_selected", task_id, after_ms=wait, option_id=option)
            elif kind == "change":
                stream.add(
                    "option_changed",
                    task_id,
                    after_ms=wait,
                    from_option_id=f"{task_id}-low",
                    to_option_id=option,
                )
            elif kind == "type":
                stream.add("reasoning_updated", task_id, after_ms=wait, chars=9, deleted_chars=1)
            elif kind == "paste":
                stream.add("paste_detected", task_id, after_ms=wait, chars=5, target="reasoning")
            else:
                stream.add("focus_lost", None, after_ms=wait)
        if ending == "completed":
            option = f"{task_id}-{final_risk}"
            stream.add("task_completed", task_id, after_ms=100, option_id=option, reasoning=text)
        elif ending == "skipped":
            stream.add("task_skipped", task_id, after_ms=100)
    return stream


def _all(events):
    return compute_all(events, [make_attempt("a1", TASKS)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plans=st.lists(task_plan, min_size=1, max_size=4),
    seed=st.integers(min_value=0, max_value=2**32),
    repeats=st.integers(min_value=0, max_value=10),
)
def test_shuffle_and_duplicates_never_change_results(plans, seed, repeats):
    events = _build(plans).events
    expected = _all(events)
    rng = random.Random(seed)
    noisy = events + [dict(rng.choice(events)) for _ in range(repeats if events else 0)]
    rng.shuffle(noisy)
    actual = _all(noisy)
    for want, got in zip(expected, actual, strict=True):
        assert got.equals(want)


@settings(max_examples=25, deadline=None)
@given(plans=st.lists(task_plan, min_size=1, max_size=4))
def test_same_events_same_profile(plans):
    events = _build(plans).events
    first = _all(events)[2].to_dicts()
    second = _all([dict(e) for e in events])[2].to_dicts()
    assert first == second
