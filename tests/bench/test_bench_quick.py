"""`hiremate bench --quick --json` end to end: every section present with numeric results.

The run starts real servers on 127.0.0.1 and takes up to two minutes on two cores. It
checks the shape of the results, never their speed.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SECTIONS = (
    "store_limit",
    "rest_ingest",
    "ws_ingest",
    "scoring",
    "dagster",
    "freshness",
    "resume_parse",
    "dashboard",
)
# (path inside the results, a numeric value expected there)
NUMERIC_FIELDS = (
    ("store_limit", "raw_executemany", "events_per_s"),
    ("store_limit", "append_events", "batch_100", "events_per_s"),
    ("store_limit", "asgi_minimal", "batch_1_body", "requests_per_s"),
    ("rest_ingest", "batch_1", "events_per_s"),
    ("rest_ingest", "batch_10", "p50_ms"),
    ("rest_ingest", "batch_100", "p99_ms"),
    ("rest_ingest", "batch_100", "ratio_to_store_limit"),
    ("ws_ingest", "fixed_rate", "p50_ms"),
    ("ws_ingest", "fixed_rate", "p99_ms"),
    ("ws_ingest", "highest_rate_held_events_per_s"),
    ("scoring", "max_growth_per_10x"),
    ("dagster", "one_attempt", "run_s"),
    ("dagster", "many_attempts", "overhead_s"),
    ("freshness", "median_s"),
    ("resume_parse", "median_ms"),
    ("resume_parse", "p95_ms"),
    ("dashboard", "median_render_s"),
)
SCORING_FIELDS = ("seconds", "events_per_s", "speedup_vs_plain_loop")


def _at(document: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = document
    for part in path:
        assert isinstance(value, dict), f"{'.'.join(path)}: {part!r} is not inside a section"
        assert part in value, f"{'.'.join(path)}: {part!r} missing"
        value = value[part]
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    data_dir = tmp_path_factory.mktemp("bench-data")
    env = {
        **os.environ,
        "HIREMATE_DATA_DIR": str(data_dir),
        "HIREMATE_DATABASE_URL": "",
        "HIREMATE_DEV_MODE": "false",
    }
    env.pop("DAGSTER_HOME", None)
    completed = subprocess.run(
        [sys.executable, "-m", "hiremate", "bench", "--quick", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=280,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    return json.loads(completed.stdout), data_dir


@pytest.mark.slow
def test_bench_quick_every_section(quick_run: tuple[dict[str, Any], Path]) -> None:
    results, _ = quick_run
    for section in SECTIONS:
        assert section in results, f"section {section} missing"
        assert "error" not in results[section], results[section].get("error")


@pytest.mark.slow
def test_bench_quick_numeric_values(quick_run: tuple[dict[str, Any], Path]) -> None:
    results, _ = quick_run
    for path in NUMERIC_FIELDS:
        value = _at(results, path)
        assert _is_number(value), f"{'.'.join(path)} is {value!r}, expected a number"
    sizes = _at(results, ("scoring", "sizes"))
    assert len(sizes) == 3
    for size, entry in sizes.items():
        for field in SCORING_FIELDS:
            assert _is_number(entry[field]), f"scoring.sizes.{size}.{field} is {entry[field]!r}"


@pytest.mark.slow
def test_bench_quick_ingest_is_idempotent(quick_run: tuple[dict[str, Any], Path]) -> None:
    results, _ = quick_run
    for name, entry in results["rest_ingest"].items():
        if not isinstance(entry, dict) or "batch" not in entry:
            continue
        assert entry["rejected"] == 0, f"{name}: {entry['first_error']}"
        assert entry["stored_equals_unique_sent"], f"{name}: stored {entry['stored_events']}"
        assert entry["resent_acknowledged_as_duplicate"] == entry["resent_events"], name


@pytest.mark.slow
def test_bench_quick_loop_agrees(quick_run: tuple[dict[str, Any], Path]) -> None:
    results, _ = quick_run
    smallest = min(results["scoring"]["sizes"].values(), key=lambda entry: entry["events"])
    assert smallest["agreement_tasks"]["equal_share"] == 1.0, smallest["agreement_tasks"]
    assert smallest["agreement_attempts"]["equal_share"] == 1.0, smallest["agreement_attempts"]


@pytest.mark.slow
def test_bench_quick_results_file(quick_run: tuple[dict[str, Any], Path]) -> None:
    results, data_dir = quick_run
    written = Path(results["results_file"])
    assert written.parent == data_dir / "bench"
    stored = json.loads(written.read_text(encoding="utf-8"))
    assert stored["targets"] == results["targets"]
    assert {entry["target"] for entry in results["targets"]} >= {"REST batch-100 ingest"}
