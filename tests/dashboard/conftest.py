"""A real collector with seeded data, shared by the dashboard page tests of this package."""

from __future__ import annotations

import concurrent.futures
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from hiremate.settings import Settings, override_settings
from pipelines.scoring import score_attempts
from tests.dashboard import candidate
from tests.support.server import run_collector

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "Dashboard-Test-Pass1"
APP_PATH = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


@dataclasses.dataclass(frozen=True)
class LiveCollector:
    """A running collector, its data folder and a recruiter token for setting up data."""

    base_url: str
    data_dir: Path
    token: str
    log_path: Path

    def parse_count(self) -> int:
        """Return how many resume uploads the collector has parsed so far, from its log."""
        return self.log_path.read_text(encoding="utf-8").count("resume parsed:")

    @property
    def settings(self) -> Settings:
        return Settings(
            data_dir=self.data_dir,
            api_url=self.base_url,
            dagster_url="http://127.0.0.1:3999",
            _env_file=None,
        )


@pytest.fixture(scope="package")
def collector(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveCollector]:
    data_dir = tmp_path_factory.mktemp("dashboard-collector")
    env = {"HIREMATE_ADMIN_EMAIL": ADMIN_EMAIL, "HIREMATE_ADMIN_PASSWORD": ADMIN_PASSWORD}
    with run_collector(data_dir, env=env) as server:
        token = candidate.login(server.base_url, ADMIN_EMAIL, ADMIN_PASSWORD)
        yield LiveCollector(server.base_url, data_dir, token, server.log_path)


@pytest.fixture
def dashboard_settings(collector: LiveCollector) -> Iterator[Settings]:
    """Point the dashboard, which runs in this process under AppTest, at the collector."""
    with override_settings(collector.settings) as settings:
        yield settings


@pytest.fixture(scope="package")
def scored_attempt_id(collector: LiveCollector) -> str:
    """An attempt the candidate completed with a few events, then scored by the pipeline."""
    created = candidate.create_attempt(collector.base_url, collector.token, "Grace Scored")
    candidate.take_assessment(collector.base_url, created["token"])
    other = candidate.create_attempt(collector.base_url, collector.token, "Alan Compared")
    candidate.take_assessment(collector.base_url, other["token"])
    # A session-wide Playwright driver may run an event loop in this thread, which Dagster's
    # in-process run must not see, so the scoring runs in a worker thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(score_attempts, collector.settings, [created["id"], other["id"]]).result()
    return created["id"]


@pytest.fixture(scope="package")
def running_attempt_id(collector: LiveCollector) -> str:
    """An attempt in progress: started, with events, not completed."""
    created = candidate.create_attempt(collector.base_url, collector.token, "Linus Live")
    candidate.take_assessment(collector.base_url, created["token"], complete=False)
    return created["id"]
