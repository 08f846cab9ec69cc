"""Resume parser benchmark: per-field accuracy against ground truth, and parse times.

Run `python -m bench.resume_accuracy --resumes DIR [--expected FILE] [--json]`. The ground
truth file maps file names to `{name, email, phone, phone_e164, position}` (entries with
`expected_behaviour` are skipped); it defaults to `DIR/expected.json`. Every file is parsed
through a warm `ParserPool` worker, so the times include the process boundary.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.stats import percentile
from hiremate.resume.errors import ResumeError
from hiremate.resume.parser import parse_resume_bytes
from hiremate.resume.worker import ParserPool
from hiremate.settings import get_settings

logger = logging.getLogger(__name__)

SUFFIXES = (".pdf", ".docx", ".txt")
FIELDS = ("name", "email", "phone", "phone_e164", "position")
DEFAULT_REPEATS = 5


def run_resume_benchmark(
    folder: Path, expected_path: Path | None = None, *, repeats: int = DEFAULT_REPEATS
) -> dict[str, Any]:
    """Parse every resume in `folder` `repeats` times and compare the fields to ground truth.

    Returns:
        `{"files", "fields", "timing", "settings"}`: per-file results, per-field accuracy
        (`correct`, `total`, `accuracy`), and parse times in milliseconds (median and p95
        over all parses, through the worker and in-process, plus the 2-page PDF median).

    Raises:
        FileNotFoundError: `folder` has no PDF, DOCX or text files.
    """
    folder = Path(folder)
    paths = sorted(path for path in folder.iterdir() if path.suffix.lower() in SUFFIXES)
    if not paths:
        raise FileNotFoundError(f"no .pdf, .docx or .txt files in {folder}")
    expected = _load_expected(expected_path or folder / "expected.json")
    settings = get_settings()
    pool = ParserPool(
        1,
        timeout_seconds=settings.parse_timeout_seconds,
        memory_mb=settings.parse_memory_mb,
        prestart=1,
    )
    try:
        pool.warm_up()
        files = [_bench_file(pool, path, expected.get(path.name), repeats) for path in paths]
    finally:
        pool.close()
    return {
        "folder": folder.name,
        "files": files,
        "fields": _field_accuracy(files),
        "timing": _timing(files),
        "settings": {
            "repeats": repeats,
            "parse_timeout_seconds": settings.parse_timeout_seconds,
            "parse_memory_mb": settings.parse_memory_mb,
        },
    }


def _load_expected(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        logger.warning("no ground truth at %s; only timings are reported", path)
        return {}
    entries = json.loads(path.read_text(encoding="utf-8"))
    return {name: entry for name, entry in entries.items() if "expected_behaviour" not in entry}


def _bench_file(
    pool: ParserPool, path: Path, expected: dict[str, Any] | None, repeats: int
) -> dict[str, Any]:
    data = path.read_bytes()
    pooled: list[float] = []
    local: list[float] = []
    result: dict[str, Any] | None = None
    error: str | None = None
    for _ in range(repeats):
        started = time.perf_counter()
        try:
            result = pool.parse(data)
        except ResumeError as exc:
            error = f"{exc.code}: {exc.detail}"
        pooled.append(time.perf_counter() - started)
        started = time.perf_counter()
        try:
            parse_resume_bytes(data)
        except ResumeError:
            pass
        local.append(time.perf_counter() - started)
    entry: dict[str, Any] = {
        "file": path.name,
        "bytes": len(data),
        "pages": result["pages"] if result else None,
        "extraction": result["extraction"] if result else None,
        "error": error,
        "median_ms": _ms(statistics.median(pooled)),
        "p95_ms": _ms(percentile(pooled, 0.95)),
        "inprocess_median_ms": _ms(statistics.median(local)),
        "_pooled": pooled,
        "_local": local,
    }
    if expected is not None:
        got = _values(result)
        entry["checks"] = {key: got[key] == expected.get(key) for key in FIELDS}
        entry["mismatches"] = {
            key: {"expected": expected.get(key), "got": got[key]}
            for key in FIELDS
            if got[key] != expected.get(key)
        }
    return entry


def _values(result: dict[str, Any] | None) -> dict[str, Any]:
    if result is None:
        return dict.fromkeys(FIELDS)
    fields = result["fields"]
    return {
        "name": fields["name"]["value"],
        "email": fields["email"]["value"],
        "phone": fields["phone"].get("printed"),
        "phone_e164": fields["phone"].get("e164"),
        "position": fields["position"]["value"],
    }


def _field_accuracy(files: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    checked = [entry for entry in files if "checks" in entry]
    accuracy = {}
    for key in FIELDS:
        correct = sum(1 for entry in checked if entry["checks"][key])
        total = len(checked)
        accuracy[key] = {
            "correct": correct,
            "total": total,
            "accuracy": round(correct / total, 4) if total else None,
        }
    return accuracy


def _timing(files: list[dict[str, Any]]) -> dict[str, Any]:
    pooled = [value for entry in files for value in entry.pop("_pooled")]
    local = [value for entry in files for value in entry.pop("_local")]
    two_page = [
        entry["median_ms"]
        for entry in files
        if entry["file"].lower().endswith(".pdf") and entry["pages"] == 2
    ]
    return {
        "parses": len(pooled),
        "median_ms": _ms(statistics.median(pooled)),
        "p95_ms": _ms(percentile(pooled, 0.95)),
        "inprocess_median_ms": _ms(statistics.median(local)),
        "two_page_pdf_median_ms": round(statistics.median(two_page), 1) if two_page else None,
    }


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def format_report(report: dict[str, Any]) -> str:
    """Return the benchmark report as a plain-text table."""
    lines = [f"{'file':<40} {'pages':>5} {'median ms':>10} {'p95 ms':>8}  mismatches"]
    for entry in report["files"]:
        wrong = ", ".join(sorted(entry.get("mismatches", {}))) or ("-" if "checks" in entry else "")
        if entry["error"]:
            wrong = entry["error"][:60]
        pages = entry["pages"] if entry["pages"] is not None else "-"
        lines.append(
            f"{entry['file']:<40} {pages:>5} {entry['median_ms']:>10} {entry['p95_ms']:>8}  {wrong}"
        )
    lines.append("")
    for key, value in report["fields"].items():
        lines.append(f"{key:<12} {value['correct']}/{value['total']}  accuracy {value['accuracy']}")
    timing = report["timing"]
    lines.append("")
    lines.append(
        f"all parses: {timing['parses']}, median {timing['median_ms']} ms, "
        f"p95 {timing['p95_ms']} ms (in-process median {timing['inprocess_median_ms']} ms); "
        f"2-page PDF median {timing['two_page_pdf_median_ms']} ms"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark from the command line and print a table or one JSON document."""
    parser = argparse.ArgumentParser(prog="python -m bench.resume_accuracy", description=__doc__)
    parser.add_argument("--resumes", type=Path, required=True, help="folder of resume files")
    parser.add_argument(
        "--expected", type=Path, help="ground truth JSON (default: RESUMES/expected.json)"
    )
    parser.add_argument(
        "--repeats", type=int, default=DEFAULT_REPEATS, help="parses per file (default: 5)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if not args.resumes.is_dir():
        parser.error(f"--resumes {args.resumes} is not a folder")
    if args.repeats < 1:
        parser.error(f"--repeats must be at least 1, got {args.repeats}")
    report = run_resume_benchmark(args.resumes, args.expected, repeats=args.repeats)
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        sys.stdout.write(format_report(report) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
