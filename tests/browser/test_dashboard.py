"""The recruiter dashboard in headless Chromium: a collector and `streamlit run` as processes.

The walk signs in, uploads a resume, reads a scored attempt and visits the other main pages,
failing on any Streamlit exception or error box. Screenshots go to `artifacts/screenshots/`,
and the two the README shows are also written to `docs/images/`.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from hiremate.settings import Settings
from pipelines.scoring import score_attempts
from tests.conftest import shared_data
from tests.dashboard import candidate
from tests.support.server import free_port, run_collector

pytestmark = [pytest.mark.browser, pytest.mark.slow]
REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS_IMAGES = REPO_ROOT / "docs" / "images"
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "Browser-Dashboard-1"
STARTUP_TIMEOUT_SECONDS = 30.0
# Generous for a loaded 2-core machine; a page normally settles well within a few seconds.
PAGE_TIMEOUT_MS = 20_000
VIEWPORT = {"width": 1400, "height": 1000}
expect.set_options(timeout=PAGE_TIMEOUT_MS)


@contextlib.contextmanager
def run_dashboard(api_url: str, log_path: Path) -> Iterator[str]:
    """Start `streamlit run dashboard/app.py` on a free port and stop it afterwards."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("HIREMATE_")}
    env.update(
        {
            "HIREMATE_API_URL": api_url,
            "HIREMATE_DAGSTER_URL": "http://127.0.0.1:3999",
            "PYTHONPATH": str(REPO_ROOT),
        }
    )
    command = [
        sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "dashboard" / "app.py"),
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--client.toolbarMode", "viewer",
    ]  # fmt: skip
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command, cwd=log_path.parent, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited:\n{log_path.read_text()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/_stcore/health", timeout=2.0).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit not healthy:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def settle(page: Page) -> None:
    """Wait until Streamlit has finished the current run, and drop the keyboard focus."""
    # The running indicator shows up shortly after a widget changes, so look only after it
    # had the chance to appear.
    page.wait_for_timeout(700)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_timeout(300)


def assert_no_errors(page: Page) -> None:
    assert page.get_by_test_id("stException").count() == 0, page.inner_text("body")[:2000]
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.all_inner_texts()


def open_page(page: Page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    settle(page)


def save(page: Page, name: str, screenshots: Path, *, docs: bool = False) -> None:
    page.screenshot(path=screenshots / name, full_page=False)
    if docs:
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=DOCS_IMAGES / name, full_page=False)


def choose(page: Page, label: str, option: str) -> None:
    """Pick `option` in the Streamlit selectbox labelled `label`."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


@dataclasses.dataclass(frozen=True)
class Stack:
    """The running dashboard and collector, with the attempts made for the walk."""

    dashboard_url: str
    api_url: str
    running_token: str
    running_events: int


@pytest.fixture(scope="module")
def live_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A seeded collector with two scored attempts and a running one, and the dashboard."""
    data_dir = tmp_path_factory.mktemp("browser-dashboard")
    env = {"HIREMATE_ADMIN_EMAIL": ADMIN_EMAIL, "HIREMATE_ADMIN_PASSWORD": ADMIN_PASSWORD}
    with run_collector(data_dir, env=env) as server:
        token = candidate.login(server.base_url, ADMIN_EMAIL, ADMIN_PASSWORD)
        scored = candidate.create_attempt(server.base_url, token, "Grace Scored")
        candidate.take_assessment(server.base_url, scored["token"])
        other = candidate.create_attempt(server.base_url, token, "Alan Compared")
        candidate.take_assessment(server.base_url, other["token"])
        running = candidate.create_attempt(server.base_url, token, "Linus Live")
        sent = candidate.take_assessment(server.base_url, running["token"], complete=False)
        # Playwright's sync API runs an event loop in this thread, and Dagster's in-process
        # run must not see it, so the scoring runs in a worker thread.
        settings = Settings(data_dir=data_dir, _env_file=None)
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(score_attempts, settings, [scored["id"], other["id"]]).result()
        with run_dashboard(server.base_url, data_dir / "streamlit.log") as url:
            yield Stack(url, server.base_url, running["token"], sent)


def test_dashboard_walk_main_pages(
    browser: Browser, live_stack: Stack, screenshot_dir: Path
) -> None:
    url = live_stack.dashboard_url
    resume = shared_data("resumes", "openresume-john-doe.pdf")
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    # The first screenshot after a server starts can come out blank, so load the page once.
    page.goto(url)
    settle(page)
    page.goto(url)
    settle(page)
    expect(page.get_by_role("heading", name="Sign in to HireMate")).to_be_visible()
    save(page, "dashboard-sign-in.png", screenshot_dir)

    page.get_by_role("textbox", name="Email").fill(ADMIN_EMAIL)
    page.get_by_role("textbox", name="Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    settle(page)
    assert_no_errors(page)
    save(page, "dashboard-overview.png", screenshot_dir)

    open_page(page, "New assessment")
    page.locator('input[type="file"]').set_input_files(str(resume))
    expect(page.get_by_text("Suggested for this position")).to_be_visible()
    settle(page)
    assert_no_errors(page)
    save(page, "dashboard-new-assessment.png", screenshot_dir, docs=True)

    open_page(page, "Attempts")
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    assert_no_errors(page)
    save(page, "dashboard-attempts.png", screenshot_dir)

    open_page(page, "Attempt detail")
    choose(page, "Attempt", "Grace Scored (completed)")
    expect(page.get_by_role("heading", name="Grace Scored")).to_be_visible()
    expect(page.get_by_text("Thinking style:").first).to_be_visible()
    assert_no_errors(page)
    save(page, "dashboard-attempt.png", screenshot_dir, docs=True)
    page.get_by_role("tab", name="Metrics").click()
    settle(page)
    assert_no_errors(page)
    save(page, "dashboard-attempt-metrics.png", screenshot_dir)
    page.get_by_role("tab", name="Decisions").click()
    settle(page)
    save(page, "dashboard-attempt-decisions.png", screenshot_dir)

    open_page(page, "Live")
    expect(page.get_by_text("Linus Live").first).to_be_visible()
    events = page.get_by_test_id("stMetric").filter(has_text="Events")
    expect(events).to_contain_text(str(live_stack.running_events))
    assert_no_errors(page)
    save(page, "dashboard-live.png", screenshot_dir)
    # A new event shows up without any click: the page polls the collector every second.
    next_seq = live_stack.running_events + 1
    candidate.send_event(live_stack.api_url, live_stack.running_token, "focus_lost", next_seq)
    expect(events).to_contain_text(str(live_stack.running_events + 1))
    expect(page.get_by_test_id("stMetric").filter(has_text="Last event")).to_contain_text(
        "focus lost"
    )

    open_page(page, "Compare")
    expect(page.get_by_role("heading", name="Skill profiles")).to_be_visible()
    assert_no_errors(page)
    save(page, "dashboard-compare.png", screenshot_dir)

    open_page(page, "Tasks")
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    assert_no_errors(page)
    save(page, "dashboard-tasks.png", screenshot_dir)
    page.close()
