"""`hiremate bench`: run every benchmark, print a table and write the results as JSON."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import report, targets

logger = logging.getLogger(__name__)


def _environment(quick: bool) -> dict[str, Any]:
    import polars

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent,
    ).stdout.strip()
    return {
        "mode": "quick" if quick else "full",
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "python": platform.python_version(),
        "polars": polars.__version__,
        "platform": platform.platform(),
        "commit": commit or None,
    }


def _section(name: str, run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run one benchmark; a failure becomes an `error` entry so the others still run."""
    logger.info("benchmark %s: starting", name)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    try:
        result = run()
    except Exception as exc:  # one failing benchmark must not hide the others' results
        logger.exception("benchmark %s failed", name)
        result = {"error": f"{type(exc).__name__}: {exc}"}
    result["wall_s"] = round(time.perf_counter() - started, 2)
    result["load_average_before"] = round(load_before, 2)
    logger.info("benchmark %s: finished in %.1f s", name, result["wall_s"])
    return result


def _store_limit_rate(results: dict[str, Any]) -> float:
    return float(results["store_limit"].get("raw_executemany", {}).get("events_per_s") or 0.0)


def collect(quick: bool, resumes: Path | None) -> dict[str, Any]:
    """Run the benchmarks in order and return every section's results."""
    from bench import (
        dagster_run,
        dashboard_render,
        freshness,
        rest_ingest,
        resume_parse,
        scoring,
        servers,
        store_limit,
        ws_ingest,
    )

    results: dict[str, Any] = {"environment": _environment(quick)}
    results["store_limit"] = _section("store_limit", lambda: store_limit.run(quick))
    results["rest_ingest"] = _section(
        "rest_ingest", lambda: rest_ingest.run(quick, _store_limit_rate(results))
    )
    results["ws_ingest"] = _section("ws_ingest", lambda: ws_ingest.run(quick))
    results["scoring"] = _section("scoring", lambda: scoring.run(quick))

    def dagster_section() -> dict[str, Any]:
        with servers.fresh_stack("dagster") as stack:
            return dagster_run.run(quick, stack)

    results["dagster"] = _section("dagster", dagster_section)
    results["freshness"] = _section("freshness", lambda: freshness.run(quick))
    results["resume_parse"] = _section("resume_parse", lambda: resume_parse.run(quick, resumes))
    results["dashboard"] = _section("dashboard", lambda: dashboard_render.run(quick))
    results["targets"] = targets.evaluate(results)
    results["environment"]["load_average_at_end"] = [round(v, 2) for v in os.getloadavg()]
    return results


def write_results(results: dict[str, Any], data_dir: Path) -> Path:
    """Write the results under `<data dir>/bench/` and return the file's path."""
    folder = data_dir / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"bench-{results['environment']['mode']}-{stamp}.json"
    path.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def run_benchmarks(quick: bool, resumes: Path | None, as_json: bool) -> int:
    """Run the suite; print the table (stderr with `as_json`) and the JSON; return 0 or 1.

    Returns:
        0 when every benchmark ran, 1 when any of them failed. Missed targets do not
        change the exit code: the suite measures, it does not judge.
    """
    from hiremate.settings import get_settings

    if resumes is not None and not resumes.is_dir():
        logger.error("--resumes %s is not a folder; pass a folder of PDF, DOCX or text files",
                     resumes)  # fmt: skip
        return 2
    # One line per HTTP request of the set-up and polling steps would drown the progress log.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    data_dir = get_settings().data_dir
    results = collect(quick, resumes)
    path = write_results(results, data_dir)
    results["results_file"] = str(path)
    table = report.format_table(results) + f"\nresults written to {path}\n"
    if as_json:
        sys.stderr.write(table)
        sys.stdout.write(json.dumps(results, default=str) + "\n")
    else:
        sys.stdout.write(table)
    failed = [
        name for name, entry in results.items() if isinstance(entry, dict) and "error" in entry
    ]
    if failed:
        logger.error("benchmarks that failed: %s", ", ".join(failed))
        return 1
    return 0
