"""The resume accuracy benchmark on a small generated folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.resume_accuracy import format_report, main, run_resume_benchmark
from tests.hiremate.resume.samples import RESUME_LINES, docx_bytes, text_pdf

TRUTH = {
    "name": "Maria Garcia",
    "email": "maria.garcia@mail.test",
    "phone": "(512) 555-0123",
    "phone_e164": "+15125550123",
    "position": "Data Analyst",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "one.pdf").write_bytes(text_pdf(RESUME_LINES))
    (tmp_path / "two.docx").write_bytes(docx_bytes(RESUME_LINES))
    (tmp_path / "blank.txt").write_bytes(b"\x00\x01\x02" * 50)
    expected = {
        "one.pdf": TRUTH,
        "two.docx": {**TRUTH, "position": "Senior Data Analyst"},
        "blank.txt": {"expected_behaviour": "rejected as binary"},
    }
    (tmp_path / "expected.json").write_text(json.dumps(expected), encoding="utf-8")
    return tmp_path


def test_benchmark_field_accuracy(folder: Path) -> None:
    report = run_resume_benchmark(folder, repeats=2)
    assert report["fields"]["name"] == {"correct": 2, "total": 2, "accuracy": 1.0}
    assert report["fields"]["position"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    by_file = {entry["file"]: entry for entry in report["files"]}
    assert by_file["two.docx"]["mismatches"] == {
        "position": {"expected": "Senior Data Analyst", "got": "Data Analyst"}
    }
    assert by_file["blank.txt"]["error"].startswith("unsupported_type")
    assert "checks" not in by_file["blank.txt"]


def test_benchmark_timing_fields(folder: Path) -> None:
    report = run_resume_benchmark(folder, repeats=2)
    timing = report["timing"]
    assert timing["parses"] == 6
    assert timing["median_ms"] > 0
    assert timing["p95_ms"] >= timing["median_ms"]
    assert timing["two_page_pdf_median_ms"] is None
    assert "accuracy 0.5" in format_report(report)


def test_benchmark_cli_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--resumes", str(folder), "--repeats", "1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["fields"]["email"]["accuracy"] == 1.0


def test_benchmark_empty_folder_rejected(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        run_resume_benchmark(tmp_path)
