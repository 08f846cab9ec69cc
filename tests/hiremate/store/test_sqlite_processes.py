"""The embedded store shared by separate OS processes, as the collector and Dagster share it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hiremate.store.codec import utc_now
from hiremate.store.sqlite import SqliteStore

EVENTS_PER_PROCESS = 2_000
# Each worker is a fresh interpreter started with `-c`, so nothing of the test process (its
# `__main__`, threads or event loops) leaks into it.
WRITER = """
import sys
from hiremate.store.codec import utc_now
from hiremate.store.sqlite import SqliteStore
path, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = SqliteStore(path)
for start in range(0, count, 50):
    store.append_events("att-shared", [
        {"event_id": f"w{worker}-{i}", "type": "option_viewed", "client_ts": utc_now(),
         "seq": i + 1, "payload": {"option_id": "a", "dwell_ms": 10}}
        for i in range(start, start + 50)
    ])
store.close()
"""
CLAIMER = """
import json, sys, time
from hiremate.store.sqlite import SqliteStore
path, attempt_id, go_file = sys.argv[1], sys.argv[2], sys.argv[3]
store = SqliteStore(path)
print("ready", flush=True)
while True:
    try:
        open(go_file).close()
        break
    except FileNotFoundError:
        time.sleep(0.001)
won = store.update("attempts", attempt_id, {"status": "in_progress"}, expect={"status": "pending"})
print(json.dumps(won is not None), flush=True)
"""


def start(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True
    )


def test_two_processes_append_to_one_attempt_lose_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    SqliteStore(path).close()
    writers = [start(WRITER, path, str(worker), str(EVENTS_PER_PROCESS)) for worker in range(2)]
    for writer in writers:
        writer.communicate(timeout=120)
    exit_codes = [writer.returncode for writer in writers]
    assert exit_codes == [0, 0]
    store = SqliteStore(path)
    events = store.list_events("att-shared")
    assert len(events) == 2 * EVENTS_PER_PROCESS
    assert len({event["event_id"] for event in events}) == 2 * EVENTS_PER_PROCESS
    # Server sequence numbers are dense and unique even though two writers interleaved.
    assert [event["server_seq"] for event in events] == list(range(1, 2 * EVENTS_PER_PROCESS + 1))


def test_two_processes_race_pending_to_in_progress(tmp_path: Path) -> None:
    path = str(tmp_path / "race.db")
    store = SqliteStore(path)
    attempt = store.insert("attempts", {"status": "pending", "created_at": utc_now()})
    go_file = tmp_path / "go"
    racers = [start(CLAIMER, path, attempt["id"], str(go_file)) for _ in range(2)]
    for racer in racers:
        assert racer.stdout is not None
        assert racer.stdout.readline().strip() == "ready"
    # Both processes are connected and polling; releasing them together makes them race.
    go_file.touch()
    outcomes = []
    for racer in racers:
        output, _ = racer.communicate(timeout=60)
        outcomes.append(json.loads(output.strip()))
    assert sorted(outcomes) == [False, True]
    assert store.get("attempts", attempt["id"])["status"] == "in_progress"
