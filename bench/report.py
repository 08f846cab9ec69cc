"""The plain-text table `hiremate bench` prints."""

from __future__ import annotations

from typing import Any


def _number(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if abs(value) >= 100:
            return f"{value:,.0f}"
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _rows(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    store = results.get("store_limit", {})
    raw = store.get("raw_executemany", {})
    rows.append(("store limit", "raw executemany, events/s", _number(raw.get("events_per_s"))))
    for name, entry in (store.get("append_events") or {}).items():
        rows.append(
            ("store limit", f"append_events {name}, events/s", _number(entry["events_per_s"]))
        )
    for name, entry in (store.get("asgi_minimal") or {}).items():
        rows.append(("store limit", f"minimal ASGI {name}, requests/s",
                     _number(entry["requests_per_s"])))  # fmt: skip

    for name, entry in (results.get("rest_ingest") or {}).items():
        if not isinstance(entry, dict) or "events_per_s" not in entry:
            continue
        rows.append((
            "REST ingest",
            f"{name}: events/s, ratio to raw store, p50/p99 ms",
            f"{_number(entry['events_per_s'])}, {_number(entry['ratio_to_store_limit'])}, "
            f"{_number(entry['p50_ms'])}/{_number(entry['p99_ms'])}",
        ))  # fmt: skip

    ws = results.get("ws_ingest") or {}
    fixed = ws.get("fixed_rate") or {}
    if fixed:
        rows.append((
            "WebSocket ingest",
            f"{fixed['sockets']} sockets at {fixed['target_events_per_s']} events/s: p50/p99 ms",
            f"{_number(fixed['p50_ms'])}/{_number(fixed['p99_ms'])}",
        ))  # fmt: skip
        rows.append(("WebSocket ingest", "highest rate with p99 < 50 ms, events/s",
                     _number(ws.get("highest_rate_held_events_per_s"))))  # fmt: skip

    scoring = results.get("scoring") or {}
    for entry in (scoring.get("sizes") or {}).values():
        rows.append((
            "scoring",
            f"{entry['events']:,} events: s, events/s, x faster than loop",
            f"{_number(entry['seconds'])}, {_number(entry['events_per_s'])}, "
            f"{_number(entry.get('speedup_vs_plain_loop'))}",
        ))  # fmt: skip
    if scoring:
        rows.append(("scoring", "growth per 10x events", ", ".join(
            _number(g) for g in scoring.get("growth_per_10x", []))))  # fmt: skip

    dagster = results.get("dagster") or {}
    for name in ("first_run_one_attempt", "one_attempt", "many_attempts"):
        entry = dagster.get(name)
        if entry:
            rows.append((
                "Dagster run",
                f"{name}, {entry['attempts']} attempt(s): run s, compute s, overhead s",
                f"{_number(entry['run_s'])}, {_number(entry['compute_s'])}, "
                f"{_number(entry['overhead_s'])}",
            ))  # fmt: skip

    fresh = results.get("freshness") or {}
    if "median_s" in fresh:
        rows.append(("freshness", f"{fresh['mode']}: median / max s",
                     f"{_number(fresh['median_s'])} / {_number(fresh['max_s'])}"))  # fmt: skip

    resume = results.get("resume_parse") or {}
    if "median_ms" in resume:
        rows.append(("resume parse", f"{resume['files']} files: median / p95 ms",
                     f"{_number(resume['median_ms'])} / {_number(resume['p95_ms'])}"))  # fmt: skip

    board = results.get("dashboard") or {}
    if "median_render_s" in board:
        rows.append(("dashboard", f"{board['events']:,}-event attempt: render median s",
                     _number(board["median_render_s"])))  # fmt: skip

    for name, entry in results.items():
        if isinstance(entry, dict) and "error" in entry:
            rows.append((name, "FAILED", entry["error"]))
    return rows


def format_table(results: dict[str, Any]) -> str:
    """Return the results and the targets as an aligned text table."""
    rows = _rows(results)
    width = [max(len(row[i]) for row in rows) for i in range(2)] if rows else [0, 0]
    lines = [f"{a:<{width[0]}}  {b:<{width[1]}}  {c}" for a, b, c in rows]
    lines.append("")
    lines.append("targets:")
    for entry in results.get("targets", []):
        state = {True: "met", False: "MISSED", None: "not measured"}[entry["met"]]
        lines.append(
            f"  {entry['target']}: {_number(entry['measured'])} {entry['unit']} "
            f"({entry['comparison']} {_number(entry['limit'])}) {state}"
        )
    return "\n".join(lines)
