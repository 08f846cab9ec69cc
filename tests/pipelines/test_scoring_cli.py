"""Tests of `hiremate score`: bad ids, failed asset checks and the exit status."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pipelines.scoring
from hiremate.cli import main
from hiremate.settings import Settings
from hiremate.store import open_store
from tests.assets.streams import Stream, make_attempt, store_attempt

REPO_ROOT = Path(__file__).resolve().parents[2]
TASKS = ["t1", "t2", "t3", "t4", "t5"]


def _score(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HIREMATE_")}
    env.pop("DAGSTER_HOME", None)
    env |= {"HIREMATE_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "hiremate", "score", *args],
        cwd=data_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _data_dir(tmp_path: Path) -> Path:
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    return data_dir


def test_score_cli_unknown_attempt_one_line(tmp_path):
    data_dir = _data_dir(tmp_path)
    with open_store(Settings(data_dir=data_dir, _env_file=None)) as store:
        store_attempt(store, make_attempt("a1", TASKS, status="in_progress"))
    done = _score(data_dir, "--attempt", "nope", "--attempt", "a1")
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert "attempt 'nope' not found" in lines[0]
    assert "attempt 'a1' has status 'in_progress'" in lines[0]
    assert "Traceback" not in done.stderr
    assert "STEP_FAILURE" not in done.stderr
    assert done.stdout == ""


def test_score_cli_warns_failed_check(tmp_path):
    data_dir = _data_dir(tmp_path)
    stream = Stream("a1")
    for task_id in TASKS[:4]:
        stream.decide(task_id, f"{task_id}-low", 2_000)
    stream.add("task_started", "t5", after_ms=10)
    stream.add("option_selected", "t5", after_ms=-86_400_000, option_id="t5-high")
    stream.add("task_completed", "t5", after_ms=100, option_id="t5-high")
    with open_store(Settings(data_dir=data_dir, _env_file=None)) as store:
        store_attempt(store, make_attempt("a1", TASKS), stream)
    done = _score(data_dir, "--attempt", "a1")
    # The clock check has WARN severity, so the run succeeds and logs the failed check.
    assert done.returncode == 0, done.stderr
    assert "scored 1 attempt(s)" in done.stdout
    assert "check event_timestamps on task_metrics failed (severity WARN)" in done.stderr
    assert "tasks_with_issues=1" in done.stderr


def test_score_cli_error_check_exit_status(settings, monkeypatch, caplog):
    failed = {"name": "metric_ranges", "asset": "attempt_metrics", "passed": False}
    result = {
        "run_id": "r1",
        "rules_version": "v2",
        "attempts": [],
        "checks": [failed | {"severity": "ERROR", "summary": "violations=2"}],
    }
    monkeypatch.setattr(pipelines.scoring, "score_attempts", lambda *args: result)
    with caplog.at_level(logging.WARNING):
        status = main(["score", "--all"])
    assert status == pipelines.scoring.CHECK_FAILED_EXIT_STATUS
    assert status != 0
    assert "check metric_ranges on attempt_metrics failed (severity ERROR): violations=2" in (
        caplog.text
    )


def test_score_cli_warn_check_exit_zero(settings, monkeypatch):
    check = {"name": "event_sequences", "asset": "behavior_events", "passed": False}
    result = {
        "run_id": "r1",
        "rules_version": "v2",
        "attempts": [],
        "checks": [check | {"severity": "WARN", "summary": "attempts_with_issues=1"}],
    }
    monkeypatch.setattr(pipelines.scoring, "score_attempts", lambda *args: result)
    assert main(["score", "--all"]) == 0
