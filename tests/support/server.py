"""A real collector on 127.0.0.1 for tests, and helpers to act as a recruiter or candidate."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 10.0
# Meets the registration rules: upper and lower case letters and a digit.
TEST_PASSWORD = "Recruiter-Pass-1"


@dataclasses.dataclass
class CollectorServer:
    """A running collector: its URLs, data folder, seeded admin and log file."""

    base_url: str
    ws_url: str
    data_dir: Path
    log_path: Path
    admin_email: str
    admin_password: str
    process: subprocess.Popen[bytes]

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/v1"

    def log_text(self) -> str:
        """Return everything the server logged so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed_store(data_dir: Path, env: Mapping[str, str]) -> None:
    """Seed the store in `data_dir` with the admin and the library tasks, when seeding exists.

    The JWT secret is created here too, so several workers starting at once read one file.
    """
    from hiremate.settings import Settings
    from hiremate.store import open_store

    settings = Settings(
        data_dir=data_dir,
        admin_email=env["HIREMATE_ADMIN_EMAIL"],
        admin_password=env["HIREMATE_ADMIN_PASSWORD"],
        database_url=env.get("HIREMATE_DATABASE_URL", ""),
        _env_file=None,
    )
    settings.resolve_jwt_secret()
    try:
        from hiremate.seed import seed
    except ImportError:
        return
    with open_store(settings) as store:
        seed(store, settings)


def _wait_ready(server: CollectorServer) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"collector exited with code {server.process.returncode}:\n{server.log_text()}"
            )
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{server.base_url}/readyz", timeout=2.0).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(
        f"collector not ready after {STARTUP_TIMEOUT_SECONDS} s:\n{server.log_text()}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def run_collector(
    data_dir: Path, *, workers: int = 1, env: Mapping[str, str] | None = None
) -> Iterator[CollectorServer]:
    """Start `uvicorn collector.main:create_app --factory` on a free port and stop it after.

    The store in `data_dir` is seeded first. `env` adds or overrides `HIREMATE_*` settings
    of the server process.
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    full_env = {key: value for key, value in os.environ.items() if not key.startswith("HIREMATE_")}
    full_env.update(
        {
            "HIREMATE_DATA_DIR": str(data_dir),
            "HIREMATE_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "HIREMATE_ADMIN_EMAIL": "admin@example.com",
            "HIREMATE_ADMIN_PASSWORD": "Admin-" + secrets.token_urlsafe(12) + "1a",
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])
            ),
        }
    )
    full_env.update(env or {})
    seed_store(data_dir, full_env)
    log_path = data_dir / f"collector-{port}.log"
    command = [
        sys.executable, "-m", "uvicorn", "collector.main:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--no-access-log", "--log-level", "info",
    ]  # fmt: skip
    with log_path.open("wb") as log_file:
        # The data folder is the working directory, so a developer's `.env` is not read.
        process = subprocess.Popen(
            command, cwd=data_dir, env=full_env, stdout=log_file, stderr=subprocess.STDOUT
        )
    server = CollectorServer(
        base_url=f"http://127.0.0.1:{port}",
        ws_url=f"ws://127.0.0.1:{port}",
        data_dir=data_dir,
        log_path=log_path,
        admin_email=full_env["HIREMATE_ADMIN_EMAIL"],
        admin_password=full_env["HIREMATE_ADMIN_PASSWORD"],
        process=process,
    )
    try:
        _wait_ready(server)
        yield server
    finally:
        _stop(process)


@dataclasses.dataclass
class Recruiter:
    """A registered, logged-in recruiter."""

    email: str
    password: str
    user: dict[str, Any]
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    @property
    def org_id(self) -> str:
        return self.user["org_id"]


def create_recruiter(
    base_url: str,
    *,
    email: str | None = None,
    password: str = TEST_PASSWORD,
    full_name: str = "Test Recruiter",
    invite_code: str | None = None,
) -> Recruiter:
    """Register a recruiter (in a new organisation unless `invite_code` is given) and log in."""
    email = email or f"recruiter-{uuid.uuid4().hex[:10]}@example.com"
    body: dict[str, Any] = {"email": email, "full_name": full_name, "password": password}
    if invite_code:
        body["invite_code"] = invite_code
    with httpx.Client(base_url=f"{base_url}/api/v1", timeout=30.0) as client:
        registered = client.post("/auth/register", json=body)
        registered.raise_for_status()
        tokens = client.post("/auth/login", json={"email": email, "password": password})
        tokens.raise_for_status()
    data = tokens.json()
    return Recruiter(
        email, password, registered.json(), data["access_token"], data["refresh_token"]
    )


def create_attempt(
    base_url: str, recruiter: Recruiter, task_ids: list[str] | None = None, **info: Any
) -> dict[str, Any]:
    """Create an attempt for a made-up candidate and return the response body (with `token`)."""
    candidate_info = {"name": "Ada Candidate", "email": "ada@example.com", "position": "Developer"}
    candidate_info.update(info)
    response = httpx.post(
        f"{base_url}/api/v1/attempts",
        json={"candidate_info": candidate_info, "task_ids": task_ids or []},
        headers=recruiter.headers,
        timeout=30.0,
    )
    response.raise_for_status()
    return response.json()
