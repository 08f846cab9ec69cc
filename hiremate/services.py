"""Start, watch and stop HireMate's server processes (collector, Dagster, dashboard)."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence

import httpx

logger = logging.getLogger(__name__)


class ServiceError(RuntimeError):
    """A service process failed to start or exited early."""


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port on `host` that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def start_process(
    name: str, command: Sequence[str], env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start `command` as the leader of its own process group, so it can be stopped whole."""
    logger.info("starting %s", name)
    return subprocess.Popen(
        list(command),
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )


def wait_until_healthy(
    name: str, process: subprocess.Popen[bytes], url: str, timeout: float = 60.0
) -> None:
    """Poll `url` until it returns 200, failing early if the process exits.

    Raises:
        ServiceError: the process exited, or `url` returned no 200 response within
            `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServiceError(f"{name} exited with code {process.returncode} during start-up")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                logger.info("%s is up at %s", name, url)
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise ServiceError(f"{name} did not respond at {url} within {timeout:.0f} s")


def stop_process(name: str, process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Send SIGTERM to the process group, then SIGKILL if it has not exited in `timeout` s."""
    if process.poll() is not None:
        return
    logger.info("stopping %s (pid %d)", name, process.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        logger.warning("%s did not stop within %.0f s; killing it", name, timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)
    logger.info("%s stopped", name)


def collector_command(host: str, port: int) -> list[str]:
    """Return the command that runs the collector alone."""
    return [sys.executable, "-m", "hiremate", "serve", "--host", host, "--port", str(port)]


@contextlib.contextmanager
def running_collector(env: Mapping[str, str], host: str = "127.0.0.1") -> Iterator[str]:
    """Run a collector subprocess on a free port and yield its base URL."""
    port = free_port(host)
    base_url = f"http://{host}:{port}"
    process = start_process(
        "collector", collector_command(host, port), {**env, "HIREMATE_PUBLIC_URL": base_url}
    )
    try:
        wait_until_healthy("collector", process, f"{base_url}/readyz")
        yield base_url
    finally:
        stop_process("collector", process)
