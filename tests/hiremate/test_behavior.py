"""Reading trial tables into replayed decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiremate.behavior import BehaviorTableError, read_trials
from tests.conftest import shared_data

HEADER = "subjID\ttrial_number\tRT\tgamble\n"


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "trials.tsv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_read_trials_first_subject_in_order(tmp_path: Path) -> None:
    path = write(tmp_path, "7\t2\t900\t1\n7\t1\t1500\t0\n8\t1\t100\t1\n")
    trials = read_trials(path)
    assert [trial.trial_number for trial in trials] == [1, 2]
    assert [trial.risky for trial in trials] == [False, True]
    assert [trial.response_ms for trial in trials] == [1500, 900]
    assert {trial.subject for trial in trials} == {"7"}


def test_read_trials_choice_column(tmp_path: Path) -> None:
    path = write(tmp_path, "1\t1\t700\t1\n", header="subjID\ttrial_number\tRT\tchoice\n")
    assert read_trials(path)[0].risky is True


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # A response time that is not a number names the column.
        ("1\t1\tfast\t1\n", "column RT has 'fast'"),
        # Infinity cannot be a whole number of milliseconds.
        ("1\t1\tinf\t1\n", "column RT has 'inf'"),
        # Negative response times are impossible.
        ("1\t1\t-5\t1\n", "column RT has -5"),
        # The risky flag accepts 0/1, safe/risky or true/false only.
        ("1\t1\t500\tmaybe\n", "column gamble has 'maybe'"),
    ],
)
def test_read_trials_bad_values_name_column(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(BehaviorTableError, match=message):
        read_trials(write(tmp_path, body))


def test_read_trials_unknown_subject_lists_subjects(tmp_path: Path) -> None:
    path = write(tmp_path, "1\t1\t500\t1\n2\t1\t500\t0\n")
    with pytest.raises(BehaviorTableError, match="subjects in the file: 1, 2"):
        read_trials(path, "9")


def test_read_trials_header_only(tmp_path: Path) -> None:
    with pytest.raises(BehaviorTableError, match="no trials"):
        read_trials(write(tmp_path, ""))


@pytest.mark.parametrize("name", ["hbayesdm-rdt.tsv", "hbayesdm-cra.tsv"])
def test_read_trials_shared_tables(name: str) -> None:
    path = shared_data("behavior", name)
    for subject in ("1", "6"):
        trials = read_trials(path, subject)
        assert len(trials) in {90, 150}
        assert all(trial.response_ms > 0 for trial in trials)
        assert any(trial.risky for trial in trials)
        assert not all(trial.risky for trial in trials)
