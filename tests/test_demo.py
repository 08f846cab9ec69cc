"""`hiremate demo`, the main job, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, shared_data

PROFILE_FIELDS = (
    "thinking_style",
    "decision_speed",
    "decision_consistency",
    "risk_orientation",
    "communication_depth",
    "communication_structure",
)
LABELS = {
    "thinking_style": {"Analytical", "Intuitive", "Exploratory", "Methodical"},
    "decision_speed": {"Fast", "Moderate", "Deliberate"},
    "decision_consistency": {"Steady", "Variable", "Improving"},
    "risk_orientation": {"Risk-Averse", "Balanced", "Risk-Tolerant"},
    "communication_depth": {"Brief", "Moderate", "Detailed"},
    "communication_structure": {"Informal", "Semi-structured", "Structured"},
}


def run_demo(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HIREMATE_")}
    return subprocess.run(
        [sys.executable, "-m", "hiremate", "demo", "--json", "--data-dir", str(tmp_path), *args],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=REPO_ROOT,
        env=env,
        check=False,
    )


def check_profile(profile: dict) -> None:
    for field in PROFILE_FIELDS:
        entry = profile[field]
        assert set(entry) >= {"label", "explanation", "evidence", "confidence"}, field
        if entry["label"] != "insufficient_data":
            assert entry["label"] in LABELS[field], (field, entry["label"])
            assert entry["evidence"], field
        assert entry["explanation"], field


@pytest.mark.slow
def test_demo_on_corpus_resume_and_trial_table(tmp_path: Path) -> None:
    resume = shared_data("resumes", "openresume-john-doe.pdf")
    trials = shared_data("behavior", "hbayesdm-rdt.tsv")
    result = run_demo(
        "--resume", str(resume), "--behavior", str(trials), "--subject", "2", tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr[-3000:]
    document = json.loads(result.stdout)
    assert document["resume"]["candidate_info"]["name"] == "John Doe"
    assert document["resume"]["candidate_info"]["email"] == "hello@openresume.com"
    profile = document["profile"]
    check_profile(profile)
    # Trial tables carry no reasoning text, so communication cannot be judged.
    assert profile["communication_depth"]["label"] == "insufficient_data"
    assert profile["communication_structure"]["label"] == "insufficient_data"
    assert profile["risk_orientation"]["label"] in LABELS["risk_orientation"]
    lineage = document["lineage"]
    assert lineage["run_id"]
    assert lineage["rules_version"]
    assert lineage["code_version"]
    assert document["metrics"]
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_demo_defaults_fill_every_label(tmp_path: Path) -> None:
    result = run_demo(tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    document = json.loads(result.stdout)
    assert document["resume"]["candidate_info"]["name"] == "Maya Okafor"
    check_profile(document["profile"])
    for field in PROFILE_FIELDS:
        assert document["profile"][field]["label"] != "insufficient_data", field


def test_demo_missing_resume_fails_clearly(tmp_path: Path) -> None:
    result = run_demo("--resume", str(tmp_path / "nope.pdf"), tmp_path=tmp_path)
    assert result.returncode == 1
    assert "--resume" in result.stderr
    assert "is not a readable file" in result.stderr
    assert result.stdout == ""


def test_demo_bad_trial_table_names_the_column(tmp_path: Path) -> None:
    table = tmp_path / "trials.tsv"
    table.write_text("subjID\ttrial_number\n1\t1\n", encoding="utf-8")
    result = run_demo("--behavior", str(table), tmp_path=tmp_path)
    assert result.returncode == 1
    assert "missing column(s) RT" in result.stderr


def test_demo_rejects_folder_with_data(tmp_path: Path) -> None:
    (tmp_path / "hiremate.db").write_bytes(b"")
    result = run_demo(tmp_path=tmp_path)
    assert result.returncode == 1
    assert "is not empty" in result.stderr
    assert result.stdout == ""


def test_demo_rejects_empty_data_dir(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HIREMATE_")}
    result = subprocess.run(
        [sys.executable, "-m", "hiremate", "demo", "--data-dir", ""],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert "--data-dir is empty" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_demo_subject_needs_behavior(tmp_path: Path) -> None:
    result = run_demo("--subject", "2", tmp_path=tmp_path / "data")
    assert result.returncode == 2
    assert "--subject needs --behavior" in result.stderr


def test_demo_binary_behavior_file_named(tmp_path: Path) -> None:
    table = tmp_path / "trials.pdf"
    table.write_bytes(b"%PDF-1.7\n\xff\xfe\x00binary")
    result = run_demo("--behavior", str(table), tmp_path=tmp_path / "data")
    assert result.returncode == 1
    assert "is not a UTF-8 text file" in result.stderr


def test_serve_rejects_out_of_range_port() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hiremate", "serve", "--port", "99999"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "outside 1-65535" in result.stderr
