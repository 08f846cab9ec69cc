"""Score every subject of the behaviour trial tables through the asset graph."""

from __future__ import annotations

import collections

import polars as pl
import pytest

from assets.rules import INSUFFICIENT_DATA, LABELS, PROFILE_FIELDS
from pipelines.scoring import score_attempts
from tests.assets.streams import make_attempt, store_attempt, trial_stream
from tests.conftest import shared_data

# The first trials of each subject become the decisions on this many tasks.
TRIALS_PER_SUBJECT = 10
TABLES = {"hbayesdm-rdt.tsv": "gamble", "hbayesdm-cra.tsv": "choice"}


def read_subjects(path, risky_column: str) -> dict[str, list[tuple[bool, float]]]:
    """Return each subject's first trials as `(chose risky, response time in ms)`."""
    table = pl.read_csv(path, separator="\t").sort(["subjID", "trial_number"])
    first = table.group_by("subjID", maintain_order=True).head(TRIALS_PER_SUBJECT)
    return {
        str(subject): list(zip(group[risky_column] == 1, group["RT"].cast(float), strict=True))
        for (subject,), group in first.group_by("subjID", maintain_order=True)
    }


@pytest.mark.slow
def test_trial_tables_every_subject_gets_profile(settings, store, instance):
    task_ids = [f"task-{n}" for n in range(1, TRIALS_PER_SUBJECT + 1)]
    attempt_ids = []
    for table, risky_column in TABLES.items():
        subjects = read_subjects(shared_data("behavior", table), risky_column)
        assert len(subjects) == 6
        for subject, trials in subjects.items():
            attempt_id = f"{table.split('-')[1].split('.')[0]}-{subject}"
            stream = trial_stream(attempt_id, task_ids, trials)
            store_attempt(store, make_attempt(attempt_id, task_ids), stream)
            attempt_ids.append(attempt_id)

    result = score_attempts(settings, None, instance=instance)
    assert sorted(a["attempt_id"] for a in result["attempts"]) == sorted(attempt_ids)

    labels: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for attempt_id in attempt_ids:
        profile = store.latest_version("profiles", attempt_id)
        assert profile is not None, attempt_id
        for field in PROFILE_FIELDS:
            label = profile[field]["label"]
            assert label in (*LABELS[field], INSUFFICIENT_DATA), (attempt_id, field, label)
            labels[field][label] += 1
        # The tables carry no reasoning text, so communication cannot be judged.
        assert profile["communication_depth"]["label"] == INSUFFICIENT_DATA
        assert profile["decision_speed"]["label"] != INSUFFICIENT_DATA
        assert profile["risk_orientation"]["evidence"]["compared"]["risk_known_count"] == 10
    print({field: dict(counter) for field, counter in labels.items()})
