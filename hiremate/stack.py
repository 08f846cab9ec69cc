"""`hiremate up`: the collector, the Dagster webserver and daemon, and the dashboard."""

from __future__ import annotations

import logging
import signal
import sys
import time
from pathlib import Path

import dashboard
from hiremate.seed import seed
from hiremate.services import (
    ServiceError,
    collector_command,
    start_process,
    stop_process,
    wait_until_healthy,
)
from hiremate.settings import Settings, get_settings
from hiremate.store import open_store

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"
COLLECTOR_PORT = 8000
DAGSTER_PORT = 3000
DASHBOARD_PORT = 8501
DAGSTER_YAML = """\
# Written by `hiremate up`. The instance keeps runs and event logs in SQLite here.
telemetry:
  enabled: false
"""


def dagster_home(settings: Settings) -> Path:
    """Return the Dagster instance folder under the data folder, creating its config."""
    home = (settings.data_dir / "dagster").resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    return home


def _script(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def run_stack() -> int:
    """Start every service, print their URLs and stop them all on Ctrl-C or SIGTERM."""
    settings = get_settings()
    with open_store(settings) as store:
        result = seed(store, settings)
    if result.generated_password:
        sys.stderr.write(
            f"Admin recruiter {result.admin_email} created with the generated password: "
            f"{result.generated_password}\n"
        )
    env = {
        "DAGSTER_HOME": str(dagster_home(settings)),
        "HIREMATE_DATA_DIR": str(settings.data_dir.resolve()),
        "HIREMATE_API_URL": f"http://{HOST}:{COLLECTOR_PORT}",
        "HIREMATE_DAGSTER_URL": f"http://{HOST}:{DAGSTER_PORT}",
    }
    app = Path(dashboard.__file__).with_name("app.py")
    services = [
        (
            "collector",
            collector_command(HOST, COLLECTOR_PORT),
            f"http://{HOST}:{COLLECTOR_PORT}/readyz",
        ),
        (
            "dagster-webserver",
            [
                _script("dagster-webserver"),
                "-m",
                "pipelines.definitions",
                "-h",
                HOST,
                "-p",
                str(DAGSTER_PORT),
            ],
            f"http://{HOST}:{DAGSTER_PORT}/server_info",
        ),
        ("dagster-daemon", [_script("dagster-daemon"), "run", "-m", "pipelines.definitions"], None),
        (
            "dashboard",
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(app),
                "--server.headless",
                "true",
                "--server.address",
                HOST,
                "--server.port",
                str(DASHBOARD_PORT),
                "--browser.gatherUsageStats",
                "false",
                # Recruiters get no Deploy button or developer menu.
                "--client.toolbarMode",
                "viewer",
                # The uploader's own cap matches the collector's, rounded up to whole MB.
                "--server.maxUploadSize",
                str(max(1, -(-settings.upload_max_bytes // 1_048_576))),
            ],
            f"http://{HOST}:{DASHBOARD_PORT}/_stcore/health",
        ),
    ]
    processes = []
    stopping = False

    def request_stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, request_stop)
    try:
        for name, command, _ in services:
            processes.append((name, start_process(name, command, env)))
        for (name, _, health), (_, process) in zip(services, processes, strict=True):
            if health:
                wait_until_healthy(name, process, health, timeout=120)
        sys.stderr.write(
            "HireMate is up:\n"
            f"  collector API  http://{HOST}:{COLLECTOR_PORT}/docs\n"
            f"  Dagster        http://{HOST}:{DAGSTER_PORT}\n"
            f"  dashboard      http://{HOST}:{DASHBOARD_PORT}\n"
            "Press Ctrl-C to stop.\n"
        )
        while not stopping:
            for name, process in processes:
                if process.poll() is not None:
                    raise ServiceError(f"{name} exited with code {process.returncode}")
            time.sleep(0.5)
    except KeyboardInterrupt:
        logger.info("Ctrl-C received")
    finally:
        for name, process in reversed(processes):
            stop_process(name, process)
    return 0
