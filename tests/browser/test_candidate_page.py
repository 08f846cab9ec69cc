"""The candidate page in headless Chromium against a real collector.

There are three runs. The first takes a whole assessment and checks the stored events. The
second cuts the network and reloads the page in the middle of a task, and the third kills and
restarts the collector in the middle of a task. Each run ends with every event stored exactly
once, in seq order.

Playwright keeps every page visible and focused (it cannot switch a tab to the background),
so the hidden tab and the window blur are produced by overriding `document.visibilityState`
and dispatching the same DOM events the browser would fire.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

from hiremate.settings import Settings
from hiremate.tasks_library import LIBRARY_TASKS
from tests.support import server as server_support
from tests.support.server import CollectorServer, Recruiter, create_attempt, create_recruiter

pytestmark = pytest.mark.browser

# A short idle threshold, so one run can wait it out.
IDLE_MS = 1000
COLLECTOR_ENV = {"HIREMATE_IDLE_GAP_MS": str(IDLE_MS)}
# Upper bound for the page to reach a state (its reconnect delay tops out at 6 s).
WAIT_MS = 30_000
# Browser messages that a deliberately cut network produces. Any other console error fails.
NETWORK_FAILURE = re.compile(r"Failed to load resource|WebSocket connection to .* failed|net::ERR_")
EVENTS_ROUTE = "**/api/v1/assessment/*/events"

HIDE_TAB_JS = """(hidden) => {
    const state = hidden ? "hidden" : "visible";
    Object.defineProperty(document, "visibilityState", {configurable: true, get: () => state});
    Object.defineProperty(document, "hidden", {configurable: true, get: () => hidden});
    document.dispatchEvent(new Event("visibilitychange"));
}"""
SELECT_SCENARIO_JS = """() => {
    document.activeElement.blur();
    const range = document.createRange();
    range.selectNodeContents(document.getElementById("task-scenario"));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return String(getSelection()).length;
}"""
STATUS_JS = """([connection, pendingMin, pendingMax]) => {
    const s = document.getElementById("connection-status").dataset;
    const pending = Number(s.pending);
    return s.unsaved === "0" && pending >= pendingMin && pending <= pendingMax
        && (connection === null || s.connection === connection);
}"""


class CuttableProxy:
    """A TCP forwarder in front of the collector whose connections a test can cut.

    `cut()` closes every open connection at both ends, as a lost network or a closed server
    socket would. While `reject_all` is set, new connections are closed at once. While
    `reject_websockets` is set, only WebSocket upgrade requests are closed.
    """

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.reject_all = False
        self.reject_websockets = False
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        threading.Thread(target=self._accept_loop, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept_loop(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        if self.reject_all or (self.reject_websockets and self._is_websocket(client)):
            self._close(client)
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
        except OSError:
            self._close(client)
            return
        upstream.settimeout(None)
        client.settimeout(None)
        with self._lock:
            self._open.update((client, upstream))
        threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()
        self._pump(client, upstream)

    @staticmethod
    def _is_websocket(client: socket.socket) -> bool:
        client.settimeout(5)
        head = b""
        with contextlib.suppress(OSError):
            for _ in range(100):
                head = client.recv(16384, socket.MSG_PEEK)
                if not head or b"\r\n\r\n" in head:
                    break
                time.sleep(0.01)
        return b"upgrade: websocket" in head.lower()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            self._close(source, target)

    def _close(self, *sockets: socket.socket) -> None:
        for sock in sockets:
            with self._lock:
                self._open.discard(sock)
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def cut(self) -> None:
        """Close every connection that is open now."""
        with self._lock:
            sockets = list(self._open)
        self._close(*sockets)

    def close(self) -> None:
        """Stop listening and close every connection."""
        self.listener.close()
        self.cut()


class CandidatePage:
    """One candidate tab with its console log, and the actions a candidate takes."""

    def __init__(self, context: BrowserContext, shots: Path, prefix: str) -> None:
        self.context = context
        self.page: Page = context.new_page()
        self.shots = shots
        self.prefix = prefix
        self.console_errors: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def page_errors(self) -> list[str]:
        """Return console errors other than the browser's own reports of a cut network."""
        return [text for text in self.console_errors if not NETWORK_FAILURE.search(text)]

    def screenshot(self, name: str) -> None:
        self.page.screenshot(path=self.shots / f"{self.prefix}-{name}.png", full_page=True)

    def wait_view(self, view: str) -> None:
        self.page.wait_for_selector(f'body[data-view="{view}"]', timeout=WAIT_MS)

    def wait_task(self, number: int) -> None:
        self.wait_view("task")
        self.page.wait_for_selector(
            f'#task-progress-text:text-is("Task {number} of {self.total}")', timeout=WAIT_MS
        )

    def wait_status(
        self, connection: str | None, pending_min: int = 0, pending_max: int = 0
    ) -> None:
        """Wait until the outbox contains pending_min..pending_max events, all written to disk."""
        self.page.wait_for_function(
            STATUS_JS, arg=[connection, pending_min, pending_max], timeout=WAIT_MS
        )

    def wait_synced(self) -> None:
        self.wait_status("connected")

    def wait_queued(self) -> int:
        """Wait until unsent events sit in the outbox on disk, and return how many."""
        self.wait_status(None, 1, 1_000_000)
        return int(self.page.get_attribute("#connection-status", "data-pending") or "0")

    def open(self, link: str, total: int) -> None:
        self.total = total
        self.page.goto(link)

    def start(self) -> None:
        self.wait_view("confirm")
        self.page.click("#start-button")
        self.wait_task(1)

    def option(self, index: int) -> Any:
        return self.page.locator(".option").nth(index)

    def hover(self, index: int, dwell_ms: int) -> None:
        self.option(index).hover()
        self.page.wait_for_timeout(dwell_ms)
        self.page.mouse.move(1, 1)

    def select(self, index: int) -> None:
        self.option(index).click()

    def type_reasoning(self, text: str) -> None:
        box = self.page.locator("#task-reasoning")
        box.click()
        self.page.keyboard.press("End")
        box.press_sequentially(text)

    def leave_reasoning(self) -> None:
        """Move focus out of the reasoning box, which sends its pending update at once."""
        self.page.locator("#task-title").focus()

    def hide_tab(self) -> None:
        self.page.evaluate("window.dispatchEvent(new FocusEvent('blur'))")
        self.page.evaluate(HIDE_TAB_JS, True)

    def show_tab(self) -> None:
        self.page.evaluate(HIDE_TAB_JS, False)
        self.page.evaluate("window.dispatchEvent(new FocusEvent('focus'))")

    def paste(self, text: str) -> None:
        self.page.evaluate("text => navigator.clipboard.writeText(text)", text)
        self.page.locator("#task-reasoning").click()
        self.page.keyboard.press("End")
        self.page.keyboard.press("Control+V")

    def copy_scenario(self) -> int:
        chars = self.page.evaluate(SELECT_SCENARIO_JS)
        self.page.keyboard.press("Control+C")
        return chars

    def next(self) -> None:
        self.page.click("#next-button")

    def skip(self) -> None:
        self.page.click("#skip-button")

    def reasoning_value(self) -> str:
        return self.page.input_value("#task-reasoning")

    def checked_option(self) -> str | None:
        return self.page.evaluate(
            "document.querySelector('input[name=task-option]:checked')?.value ?? null"
        )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    """One collector for the runs that leave it running."""
    data_dir = tmp_path_factory.mktemp("collector")
    with server_support.run_collector(data_dir, env=COLLECTOR_ENV) as running:
        yield running


@pytest.fixture
def proxy(server: CollectorServer) -> Iterator[CuttableProxy]:
    """A cuttable proxy in front of the shared collector."""
    created = CuttableProxy(int(server.base_url.rsplit(":", 1)[1]))
    yield created
    created.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile (its own IndexedDB) that may use the clipboard."""
    created = browser.new_context(viewport={"width": 1280, "height": 800})
    created.grant_permissions(["clipboard-read", "clipboard-write"])
    yield created
    created.close()


def task_ids(count: int) -> list[str]:
    return [task["id"] for task in LIBRARY_TASKS[:count]]


def option_ids(task_index: int) -> list[str]:
    return [option["id"] for option in LIBRARY_TASKS[task_index]["options"]]


def stored_events(server: CollectorServer, recruiter: Recruiter, attempt_id: str) -> list[dict]:
    """Read every stored event of an attempt through the recruiter API, in server order."""
    events: list[dict] = []
    after = 0
    with httpx.Client(base_url=server.api_url, headers=recruiter.headers, timeout=30) as api:
        while True:
            page = api.get(f"/attempts/{attempt_id}/events", params={"after_seq": after})
            page.raise_for_status()
            body = page.json()
            events.extend(body["events"])
            after = body["next_after_seq"]
            if not body["has_more"]:
                return events


def attempt_status(server: CollectorServer, recruiter: Recruiter, attempt_id: str) -> str:
    response = httpx.get(
        f"{server.api_url}/attempts/{attempt_id}", headers=recruiter.headers, timeout=30
    )
    response.raise_for_status()
    return response.json()["status"]


def assert_exactly_once_in_order(events: list[dict]) -> None:
    """Check that client seq runs 1..N in server order: no gap, no duplicate, no reordering."""
    server_seqs = [event["server_seq"] for event in events]
    assert server_seqs == sorted(server_seqs)
    seqs = [event["seq"] for event in events]
    assert seqs == list(range(1, len(events) + 1)), f"client seq in server order: {seqs}"
    event_ids = [event["event_id"] for event in events]
    assert len(set(event_ids)) == len(event_ids)
    assert {event["source"] for event in events} == {"hiremate"}


def of_task(events: list[dict], task_id: str, event_type: str | None = None) -> list[dict]:
    return [
        event
        for event in events
        if event["task_id"] == task_id and (event_type is None or event["type"] == event_type)
    ]


def types_in_order(events: list[dict]) -> list[str]:
    return [event["type"] for event in events]


def is_subsequence(expected: list[str], actual: list[str]) -> bool:
    remaining = iter(actual)
    return all(item in remaining for item in expected)


def assert_one_start_per_task(events: list[dict], ids: list[str]) -> None:
    for index, task_id in enumerate(ids):
        started = of_task(events, task_id, "task_started")
        assert [event["payload"] for event in started] == [{"task_index": index}]


def new_assessment(server: CollectorServer, count: int) -> tuple[Recruiter, dict]:
    recruiter = create_recruiter(server.base_url)
    attempt = create_attempt(server.base_url, recruiter, task_ids(count))
    return recruiter, attempt


def test_candidate_page_security_headers(server: CollectorServer) -> None:
    response = httpx.get(f"{server.base_url}/assessment/some-candidate-token", timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    # The URL carries the token: never cached, never sent on as a referrer.
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    policy = response.headers["content-security-policy"]
    for directive in ("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert "some-candidate-token" not in response.text
    assert f'data-idle-ms="{IDLE_MS}"' in response.text


def test_candidate_page_asset_caching(server: CollectorServer) -> None:
    page = httpx.get(f"{server.base_url}/assessment/some-candidate-token", timeout=30)
    asset_urls = re.findall(r'(?:src|href)="(/static/assessment/[^"]+)"', page.text)
    assert len(asset_urls) == 7
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        for url in asset_urls:
            versioned = client.get(url)
            assert versioned.status_code == 200, url
            assert versioned.headers["cache-control"] == "public, max-age=31536000, immutable"
            assert versioned.headers["x-content-type-options"] == "nosniff"
            revalidated = client.get(url, headers={"If-None-Match": versioned.headers["etag"]})
            assert revalidated.status_code == 304, url
            unversioned = client.get(url.split("?")[0])
            assert unversioned.headers["cache-control"] == "no-cache"
        assert (
            client.get("/static/assessment/outbox.js")
            .headers["content-type"]
            .startswith("text/javascript")
        )


def test_candidate_page_unknown_asset(server: CollectorServer) -> None:
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        for name in ("missing.js", "..%2Fmain.py", "assessment.html"):
            response = client.get(f"/static/assessment/{name}")
            assert response.status_code == 404, name


def test_candidate_page_whole_assessment(
    context: BrowserContext, server: CollectorServer, screenshot_dir: Path
) -> None:
    ids = task_ids(3)
    first_options = option_ids(0)
    recruiter, attempt = new_assessment(server, 3)
    assert attempt["link"] == f"{server.base_url}/assessment/{attempt['token']}"
    candidate = CandidatePage(context, screenshot_dir, "whole")
    candidate.open(attempt["link"], total=3)
    candidate.wait_view("confirm")
    assert "3 tasks" in candidate.page.inner_text("#confirm-count")
    candidate.screenshot("confirm")
    candidate.start()

    # Task 1: hovers, a selection and two changes (the second by keyboard), typing with
    # deletions, a paste, a copy of the scenario and a hidden tab.
    candidate.hover(0, 300)
    candidate.hover(1, 300)
    candidate.select(0)
    candidate.select(1)
    candidate.page.keyboard.press("ArrowDown")
    assert candidate.checked_option() == first_options[2]
    candidate.type_reasoning("Shipping a known fault hurts trust")
    for _ in range(4):
        candidate.page.keyboard.press("Backspace")
    candidate.type_reasoning("rust")
    pasted = " more than a short delay does."
    candidate.paste(pasted)
    copied_chars = candidate.copy_scenario()
    candidate.hide_tab()
    candidate.show_tab()
    final_text = "Shipping a known fault hurts trust" + pasted
    assert candidate.reasoning_value() == final_text
    candidate.screenshot("task")
    candidate.next()

    # Task 2: Next without a choice is rejected with a message, then the task is skipped.
    candidate.wait_task(2)
    candidate.next()
    assert "Choose an option" in candidate.page.inner_text("#task-error")
    candidate.screenshot("task-validation")
    candidate.skip()

    # Task 3: too short a reasoning is rejected. A pause longer than the idle threshold follows.
    candidate.wait_task(3)
    candidate.page.set_viewport_size({"width": 390, "height": 844})
    candidate.select(2)
    candidate.type_reasoning("Too short")
    candidate.next()
    assert "at least 20 characters" in candidate.page.inner_text("#task-error")
    candidate.screenshot("task-phone")
    candidate.page.set_viewport_size({"width": 1280, "height": 800})
    candidate.page.wait_for_timeout(IDLE_MS + 500)
    candidate.type_reasoning(", so I ask for more time.")
    candidate.next()
    candidate.wait_view("done")
    assert "answered 2 and skipped 1" in candidate.page.inner_text("#done-summary")
    candidate.screenshot("done")

    events = stored_events(server, recruiter, attempt["id"])
    assert attempt_status(server, recruiter, attempt["id"]) == "completed"

    # A link that does not exist shows its own screen.
    missing = CandidatePage(context, screenshot_dir, "whole")
    missing.open(f"{server.base_url}/assessment/no-such-token", total=0)
    missing.wait_view("error")
    assert missing.page.inner_text("#error-title") == "Assessment not found"
    missing.screenshot("not-found")

    assert candidate.console_errors == []
    assert_exactly_once_in_order(events)
    assert_one_start_per_task(events, ids)

    first = of_task(events, ids[0])
    assert is_subsequence(
        [
            "task_started",
            "option_viewed",
            "option_viewed",
            "option_selected",
            "option_changed",
            "option_changed",
            "reasoning_started",
            "paste_detected",
            "copy_detected",
            "focus_lost",
            "visibility_hidden",
            "visibility_visible",
            "focus_gained",
            "reasoning_submitted",
            "task_completed",
        ],
        types_in_order(first),
    ), types_in_order(first)
    views = of_task(events, ids[0], "option_viewed")
    for option_id in first_options[:2]:
        dwell = max(
            e["payload"]["dwell_ms"] for e in views if e["payload"]["option_id"] == option_id
        )
        assert dwell >= 300
    selected = of_task(events, ids[0], "option_selected")
    assert [event["payload"] for event in selected] == [{"option_id": first_options[0]}]
    changes = [event["payload"] for event in of_task(events, ids[0], "option_changed")]
    assert changes == [
        {"from_option_id": first_options[0], "to_option_id": first_options[1]},
        {"from_option_id": first_options[1], "to_option_id": first_options[2]},
    ]
    assert len(of_task(events, ids[0], "reasoning_started")) == 1
    updates = [event["payload"] for event in of_task(events, ids[0], "reasoning_updated")]
    assert updates[-1]["chars"] == len(final_text)
    assert updates[-1]["words"] == len(final_text.split())
    assert sum(update["deleted_chars"] for update in updates) == 4
    pastes = [event["payload"] for event in of_task(events, ids[0], "paste_detected")]
    assert pastes == [{"chars": len(pasted), "target": "reasoning"}]
    copies = [event["payload"] for event in of_task(events, ids[0], "copy_detected")]
    assert copies == [{"chars": copied_chars, "target": "scenario"}]
    submitted = of_task(events, ids[0], "reasoning_submitted")
    assert [event["payload"] for event in submitted] == [{"text": final_text}]
    completed = of_task(events, ids[0], "task_completed")
    assert [event["payload"] for event in completed] == [
        {"option_id": first_options[2], "reasoning": final_text}
    ]

    second = of_task(events, ids[1])
    assert types_in_order(second)[-1] == "task_skipped"
    assert of_task(events, ids[1], "task_completed") == []

    idle = of_task(events, ids[2], "idle_detected")
    assert idle
    assert max(event["payload"]["idle_ms"] for event in idle) >= IDLE_MS
    completed = of_task(events, ids[2], "task_completed")
    assert [event["payload"] for event in completed] == [
        {"option_id": option_ids(2)[2], "reasoning": "Too short, so I ask for more time."}
    ]
    missing_errors = [text for text in missing.console_errors if "404" not in text]
    assert missing_errors == []


def score_and_read_profile(
    server: CollectorServer, recruiter: Recruiter, attempt_id: str, data_dir: Path
) -> dict:
    """Compute the skill profile in-process with the pipeline's assets, then read it."""
    from pipelines.scoring import score_attempts

    # Playwright's sync API keeps an event loop running on this thread, and Dagster's
    # in-process run needs a thread without one.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        settings = Settings(data_dir=data_dir, _env_file=None)
        result = pool.submit(score_attempts, settings, [attempt_id]).result()
    assert [item["attempt_id"] for item in result["attempts"]] == [attempt_id]
    response = httpx.get(
        f"{server.api_url}/skills/attempt/{attempt_id}", headers=recruiter.headers, timeout=30
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_candidate_page_network_cut_and_reload(
    context: BrowserContext,
    server: CollectorServer,
    proxy: CuttableProxy,
    screenshot_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    ids = task_ids(3)
    second_options = option_ids(1)
    recruiter, attempt = new_assessment(server, 3)
    candidate = CandidatePage(context, screenshot_dir, "network")
    candidate.open(f"{proxy.base_url}/assessment/{attempt['token']}", total=3)
    candidate.start()
    candidate.select(0)
    candidate.type_reasoning("A first answer that is long enough.")
    candidate.next()

    # Task 2: the network goes down after a selection whose events may still be in flight.
    candidate.wait_task(2)
    candidate.hover(2, 100)
    candidate.select(0)
    context.set_offline(True)
    proxy.reject_all = True
    proxy.cut()
    candidate.wait_status("offline", 0, 1_000_000)
    candidate.select(1)
    first_part = "Written while offline"
    candidate.type_reasoning(first_part)
    candidate.leave_reasoning()
    queued_offline = candidate.wait_queued()
    candidate.screenshot("offline")

    # Back online but with the socket and the REST batch endpoint still unreachable, the
    # page is reloaded: the unsent events and the draft come back from IndexedDB.
    context.route(EVENTS_ROUTE, lambda route: route.abort("internetdisconnected"))
    proxy.reject_all = False
    proxy.reject_websockets = True
    context.set_offline(False)
    # The reload waits until the page has written its network_online event to disk.
    candidate.wait_status(None, queued_offline + 1, 1_000_000)
    candidate.page.reload()
    candidate.wait_task(2)
    queued_after_reload = candidate.wait_queued()
    assert queued_after_reload >= queued_offline
    assert candidate.reasoning_value() == first_part
    assert candidate.checked_option() == second_options[1]

    # The connection returns; the page delivers everything by itself.
    context.unroute(EVENTS_ROUTE)
    proxy.reject_websockets = False
    candidate.wait_synced()
    candidate.type_reasoning(" and finished online.")
    candidate.next()

    # Task 3: Finish while nothing can be delivered shows the saving screen, and the
    # attempt is not completed before the outbox is empty.
    candidate.wait_task(3)
    candidate.select(2)
    candidate.type_reasoning("The last answer, long enough.")
    candidate.leave_reasoning()
    candidate.wait_synced()
    context.route(EVENTS_ROUTE, lambda route: route.abort("internetdisconnected"))
    proxy.reject_websockets = True
    proxy.cut()
    candidate.next()
    candidate.wait_view("saving")
    candidate.wait_queued()
    candidate.screenshot("saving")
    assert attempt_status(server, recruiter, attempt["id"]) == "in_progress"
    context.unroute(EVENTS_ROUTE)
    proxy.reject_websockets = False
    candidate.wait_view("done")

    events = stored_events(server, recruiter, attempt["id"])
    assert attempt_status(server, recruiter, attempt["id"]) == "completed"
    profile = score_and_read_profile(server, recruiter, attempt["id"], server.data_dir)

    assert candidate.page_errors() == []
    assert_exactly_once_in_order(events)
    assert_one_start_per_task(events, ids)
    second = of_task(events, ids[1])
    assert is_subsequence(
        ["option_selected", "network_offline", "option_changed", "network_online"],
        types_in_order(second),
    ), types_in_order(second)
    changes = [event["payload"] for event in of_task(events, ids[1], "option_changed")]
    assert changes == [{"from_option_id": second_options[0], "to_option_id": second_options[1]}]
    assert len(of_task(events, ids[1], "reasoning_started")) == 1
    completed = of_task(events, ids[1], "task_completed")
    assert [event["payload"] for event in completed] == [
        {"option_id": second_options[1], "reasoning": first_part + " and finished online."}
    ]
    assert len(of_task(events, ids[2], "task_completed")) == 1
    for field in (
        "thinking_style",
        "decision_speed",
        "decision_consistency",
        "risk_orientation",
        "communication_depth",
        "communication_structure",
    ):
        assert profile[field]["label"], field


@pytest.fixture
def fixed_port(monkeypatch: pytest.MonkeyPatch) -> int:
    """Make every collector of the test listen on the same port, so a restart keeps its URL."""
    port = server_support.free_port()
    monkeypatch.setattr(server_support, "free_port", lambda: port)
    return port


def test_candidate_page_collector_restart(
    context: BrowserContext, tmp_path: Path, screenshot_dir: Path, fixed_port: int
) -> None:
    ids = task_ids(2)
    first_options = option_ids(0)
    data_dir = tmp_path / "data"
    with server_support.run_collector(data_dir, env=COLLECTOR_ENV) as first_server:
        recruiter, attempt = new_assessment(first_server, 2)
        candidate = CandidatePage(context, screenshot_dir, "restart")
        candidate.open(attempt["link"], total=2)
        candidate.start()
        candidate.hover(1, 100)
        candidate.select(0)
        candidate.type_reasoning("Started before the crash")
        # The collector dies with the latest events possibly sent but not yet acknowledged.
        first_server.process.kill()
        first_server.process.wait()
        candidate.select(2)
        candidate.type_reasoning(", finished after it.")
        candidate.leave_reasoning()
        candidate.wait_queued()
        candidate.screenshot("collector-down")

        with server_support.run_collector(data_dir, env=COLLECTOR_ENV) as server:
            assert server.base_url == first_server.base_url
            # No candidate action from here on: the page reconnects and delivers by itself.
            candidate.wait_synced()
            candidate.next()
            candidate.wait_task(2)
            candidate.select(1)
            candidate.type_reasoning("The second answer, long enough.")
            candidate.next()
            candidate.wait_view("done")
            events = stored_events(server, recruiter, attempt["id"])
            assert attempt_status(server, recruiter, attempt["id"]) == "completed"

    assert fixed_port == int(server.base_url.rsplit(":", 1)[1])
    assert candidate.page_errors() == []
    assert_exactly_once_in_order(events)
    assert_one_start_per_task(events, ids)
    changes = [event["payload"] for event in of_task(events, ids[0], "option_changed")]
    assert changes == [{"from_option_id": first_options[0], "to_option_id": first_options[2]}]
    completed = of_task(events, ids[0], "task_completed")
    assert [event["payload"] for event in completed] == [
        {"option_id": first_options[2], "reasoning": "Started before the crash, finished after it."}
    ]


def test_candidate_page_rest_fallback_local_storage(
    context: BrowserContext, server: CollectorServer, proxy: CuttableProxy, screenshot_dir: Path
) -> None:
    # A browser without IndexedDB, behind a proxy that lets no WebSocket through.
    context.add_init_script("Object.defineProperty(window, 'indexedDB', {value: undefined})")
    proxy.reject_websockets = True
    context.route(EVENTS_ROUTE, lambda route: route.abort("internetdisconnected"))
    recruiter, attempt = new_assessment(server, 1)
    options = option_ids(0)
    candidate = CandidatePage(context, screenshot_dir, "fallback")
    candidate.open(f"{proxy.base_url}/assessment/{attempt['token']}", total=1)
    candidate.start()
    candidate.select(1)
    candidate.type_reasoning("Kept in localStorage over a reload.")
    candidate.leave_reasoning()
    queued = candidate.wait_queued()

    candidate.page.reload()
    candidate.wait_task(1)
    assert candidate.wait_queued() >= queued
    stored_keys = candidate.page.evaluate("Object.keys(localStorage)")
    assert [key for key in stored_keys if key.startswith("hiremate-assessment:")]
    assert candidate.checked_option() == options[1]

    # With the REST batch endpoint reachable and the socket still down, REST delivers it all.
    context.unroute(EVENTS_ROUTE)
    candidate.wait_status(None, 0, 0)
    assert candidate.page.get_attribute("#connection-status", "data-connection") != "connected"
    candidate.next()
    candidate.wait_view("done")
    events = stored_events(server, recruiter, attempt["id"])

    assert candidate.page_errors() == []
    assert_exactly_once_in_order(events)
    assert_one_start_per_task(events, task_ids(1))
    completed = of_task(events, task_ids(1)[0], "task_completed")
    assert [event["payload"] for event in completed] == [
        {"option_id": options[1], "reasoning": "Kept in localStorage over a reload."}
    ]


def test_candidate_page_second_tab_waits(
    context: BrowserContext, server: CollectorServer, screenshot_dir: Path
) -> None:
    recruiter, attempt = new_assessment(server, 1)
    first = CandidatePage(context, screenshot_dir, "second-tab")
    first.open(attempt["link"], total=1)
    first.start()
    first.select(0)
    first.wait_synced()

    # Two tabs recording one attempt would each count seq on their own, so the second waits.
    second = CandidatePage(context, screenshot_dir, "second-tab")
    second.open(attempt["link"], total=1)
    second.wait_view("error")
    assert second.page.inner_text("#error-title") == "Open in another tab"
    second.screenshot("blocked")

    # Once the first tab is closed, Try again resumes the same task with the stored draft.
    first.page.close()
    second.page.click("#retry-button")
    second.wait_task(1)
    assert second.checked_option() == option_ids(0)[0]
    second.type_reasoning("Answered in the second tab.")
    second.next()
    second.wait_view("done")
    events = stored_events(server, recruiter, attempt["id"])

    assert first.console_errors == []
    assert second.console_errors == []
    assert_exactly_once_in_order(events)
    assert_one_start_per_task(events, task_ids(1))
