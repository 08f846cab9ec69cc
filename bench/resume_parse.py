"""Resume parse: median and p95 time per file over a folder, through the bounded worker."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from bench.resume_accuracy import run_resume_benchmark
from hiremate.demo import sample_path

logger = logging.getLogger(__name__)


def default_folder() -> Path:
    """Return the folder of sample files shipped with the package (one text resume)."""
    return sample_path("resume-maya-okafor.txt").parent


def run(quick: bool, folder: Path | None) -> dict[str, Any]:
    """Parse every resume in `folder` (default: the shipped sample) and summarise the times."""
    source = folder or default_folder()
    if not source.is_dir():
        raise NotADirectoryError(f"--resumes {source} is not a folder of PDF, DOCX or text files")
    report = run_resume_benchmark(source, repeats=1 if quick else 3)
    timing = report["timing"]
    slowest = max(report["files"], key=lambda entry: entry["p95_ms"])
    return {
        "folder": str(source),
        "files": len(report["files"]),
        "parses": timing["parses"],
        "median_ms": timing["median_ms"],
        "p95_ms": timing["p95_ms"],
        "inprocess_median_ms": timing["inprocess_median_ms"],
        "two_page_pdf_median_ms": timing["two_page_pdf_median_ms"],
        "slowest_file": slowest["file"],
        "slowest_file_p95_ms": slowest["p95_ms"],
        "errors": sum(1 for entry in report["files"] if entry["error"]),
        "field_accuracy": {name: field["accuracy"] for name, field in report["fields"].items()},
    }
