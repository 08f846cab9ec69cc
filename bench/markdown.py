"""Print a results file of `hiremate bench` as the Markdown tables of docs/benchmarks.md.

Run `python -m bench.markdown var/bench/bench-full-<time>.json`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.report import _number


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_number(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def _ingest(results: dict[str, Any]) -> list[str]:
    rest = results["rest_ingest"]
    rows = [
        [name, entry["clients"], entry["collector_workers"], entry["events_per_s"],
         entry["ratio_to_store_limit"], entry["p50_ms"], entry["p99_ms"],
         entry["server_cpu_us_per_event"]]
        for name, entry in rest.items()
        if isinstance(entry, dict) and "batch" in entry
    ]  # fmt: skip
    header = ["case", "clients", "workers", "events/s", "ratio to raw store", "p50 ms", "p99 ms",
              "server CPU µs/event"]  # fmt: skip
    return _table(header, rows)


def _websocket(results: dict[str, Any]) -> list[str]:
    ws = results["ws_ingest"]
    runs = [("fixed", ws["fixed_rate"])] + [("step", entry) for entry in ws["steps"]]
    rows = [
        [kind, entry["target_events_per_s"], entry["achieved_events_per_s"], entry["p50_ms"],
         entry["p99_ms"], entry["unanswered"], entry["server_cpu_us_per_event"]]
        for kind, entry in runs
    ]  # fmt: skip
    header = ["run", "target events/s", "acked events/s", "p50 ms", "p99 ms", "unanswered",
              "server CPU µs/event"]  # fmt: skip
    return _table(header, rows)


def _scoring(results: dict[str, Any]) -> list[str]:
    rows = [
        [entry["events"], entry["attempts"], entry["metrics_s"], entry["profiles_s"],
         entry["seconds"], entry["events_per_s"], entry.get("plain_loop_metrics_s"),
         entry.get("speedup_vs_plain_loop")]
        for entry in results["scoring"]["sizes"].values()
    ]  # fmt: skip
    header = ["events", "attempts", "metrics s", "profiles s", "total s", "events/s",
              "plain loop s", "speedup"]  # fmt: skip
    return _table(header, rows)


def _targets(results: dict[str, Any]) -> list[str]:
    rows = [
        [entry["target"], f"{entry['comparison']} {_number(entry['limit'])} {entry['unit']}",
         entry["measured"], {True: "met", False: "missed", None: "not measured"}[entry["met"]],
         entry["ratio_to_limit"]]
        for entry in results["targets"]
    ]  # fmt: skip
    return _table(["target", "limit", "measured", "result", "measured / limit"], rows)


def render(results: dict[str, Any]) -> str:
    """Return the Markdown tables for one results document."""
    lines = ["### Targets", ""] + _targets(results)
    lines += ["### REST ingest", ""] + _ingest(results)
    lines += ["### WebSocket ingest", ""] + _websocket(results)
    lines += ["### Scoring", ""] + _scoring(results)
    return "\n".join(lines)


def main() -> None:
    results = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    sys.stdout.write(render(results))


if __name__ == "__main__":
    main()
