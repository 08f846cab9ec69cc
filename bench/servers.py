"""Servers the benchmarks start: each on 127.0.0.1, on a free port, with a fresh store."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from hiremate.seed import seed
from hiremate.services import free_port, stop_process, wait_until_healthy
from hiremate.settings import Settings
from hiremate.store import open_store

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"


@dataclasses.dataclass(frozen=True)
class BenchStack:
    """A fresh data folder with a seeded store, and the admin recruiter's credentials."""

    data_dir: Path
    admin_email: str
    admin_password: str

    @property
    def settings(self) -> Settings:
        return Settings(
            data_dir=self.data_dir,
            database_url="",
            admin_password=self.admin_password,
            _env_file=None,
        )

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """Return the environment that points a HireMate process at this data folder."""
        return {
            "HIREMATE_DATA_DIR": str(self.data_dir),
            "HIREMATE_DATABASE_URL": "",
            "HIREMATE_DEV_MODE": "false",
            "HIREMATE_ADMIN_EMAIL": self.admin_email,
            "HIREMATE_ADMIN_PASSWORD": self.admin_password,
            **(extra or {}),
        }


@contextlib.contextmanager
def fresh_stack(prefix: str) -> Iterator[BenchStack]:
    """Create a temporary data folder with a seeded embedded store; remove it afterwards."""
    # A run process launched by the Dagster daemon can still be writing its history when the
    # daemon stops, so a leftover file must not turn a finished benchmark into a failure.
    with tempfile.TemporaryDirectory(
        prefix=f"hiremate-bench-{prefix}-", ignore_cleanup_errors=True
    ) as folder:
        stack = BenchStack(Path(folder).resolve(), "admin@example.com", secrets.token_urlsafe(16))
        with open_store(stack.settings) as store:
            seed(store, stack.settings)
        yield stack


def start_logged(
    name: str, command: Sequence[str], env: Mapping[str, str], log_path: Path
) -> subprocess.Popen[bytes]:
    """Start `command` in its own process group with its output in `log_path`."""
    logger.info("starting %s (log: %s)", name, log_path)
    with log_path.open("ab") as log:
        return subprocess.Popen(
            list(command),
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@dataclasses.dataclass(frozen=True)
class RunningServer:
    """A server process and the base URL it listens on."""

    base_url: str
    process: subprocess.Popen[bytes]

    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1])

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http://", "ws://", 1)

    def cpu_seconds(self) -> float:
        """Return the CPU time used so far by every live process of the server's group."""
        return process_group_cpu_seconds(self.process.pid)

    def wait_until_idle(self, timeout: float = 60.0, busy_share: float = 0.1) -> bool:
        """Wait until the server uses under `busy_share` of a core; False on timeout.

        A server that fell behind keeps working through queued messages after its clients
        disconnect, and that work would land in the next measurement.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            before = self.cpu_seconds()
            time.sleep(0.5)
            if self.cpu_seconds() - before < 0.5 * busy_share:
                return True
        logger.warning("%s still busy after %.0f s; measuring anyway", self.base_url, timeout)
        return False


def process_group_cpu_seconds(group_id: int) -> float:
    """Sum user and system CPU time of the live processes in process group `group_id`."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # Fields after the command name: state, ppid, pgrp, ..., utime (12th), stime (13th).
        if int(fields[2]) == group_id:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


@contextlib.contextmanager
def running_server(
    name: str,
    command_for_port: Sequence[str],
    env: Mapping[str, str],
    log_dir: Path,
    health_path: str = "/readyz",
) -> Iterator[RunningServer]:
    """Run a server whose command takes the port as its last argument and yield it."""
    port = free_port(HOST)
    base_url = f"http://{HOST}:{port}"
    command = [*command_for_port, str(port)]
    process = start_logged(name, command, env, log_dir / f"{name}-{port}.log")
    try:
        wait_until_healthy(name, process, base_url + health_path, timeout=60)
        yield RunningServer(base_url, process)
    finally:
        stop_process(name, process)


def collector_command(workers: int = 1) -> list[str]:
    """Return the `hiremate serve` command on 127.0.0.1, without the port value."""
    return [
        sys.executable,
        "-m",
        "hiremate",
        "serve",
        "--host",
        HOST,
        "--workers",
        str(workers),
        "--port",
    ]


@contextlib.contextmanager
def running_collector(
    stack: BenchStack, *, workers: int = 1, extra_env: Mapping[str, str] | None = None
) -> Iterator[RunningServer]:
    """Run `hiremate serve` on the stack's store and yield it."""
    with running_server(
        "collector", collector_command(workers), stack.env(extra_env), stack.data_dir
    ) as server:
        yield server
