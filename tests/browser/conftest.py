"""Browser fixtures: Playwright driving Debian's Chromium, never a downloaded browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# Headless, and kept from reaching the internet for updates, sync or first-run pages.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Screenshots are test artifacts, and git ignores the folder.
SCREENSHOT_DIR = REPO_ROOT / "artifacts" / "screenshots"


# Package scope, not session: the sync driver keeps an event loop running on the main thread
# while it is open, and `asyncio.run` in later test packages would then fail.
@pytest.fixture(scope="package")
def playwright_driver() -> Iterator[Playwright]:
    """Start the Playwright driver once for the browser tests."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Launch headless Chromium from the Debian package, or skip when it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing; install it with `apt-get install -y chromium`")
    launched = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture
def screenshot_dir() -> Path:
    """Return the folder for screenshots, created if needed."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR
