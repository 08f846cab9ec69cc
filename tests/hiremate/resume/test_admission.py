"""Admission to the parser pool: the wait budget for a worker and the per-organisation cap."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from collector.routers.resume import http_error
from hiremate.resume.errors import (
    ParseLimitError,
    ParserBusyError,
    ResumeError,
    TooManyParsesError,
)
from hiremate.resume.worker import ParserPool
from tests.hiremate.resume.samples import RESUME_LINES, text_pdf
from tests.hiremate.resume.test_worker import SLOW_PDF

GOOD_TEXT = "\n".join(RESUME_LINES).encode()
GOOD_PDF = text_pdf(RESUME_LINES)


def _wait_until(condition: Callable[[], bool], what: str) -> None:
    """Poll `condition` for up to 30 s; this waits for a state and asserts no duration."""
    deadline = time.monotonic() + 30.0
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting until {what}")
        time.sleep(0.02)


def _slow_parse(pool: ParserPool, org_id: str) -> Future:
    executor = ThreadPoolExecutor(1)
    future = executor.submit(pool.parse, SLOW_PDF, org_id=org_id)
    executor.shutdown(wait=False)
    return future


def _assert_timed_out(future: Future) -> None:
    with pytest.raises(ParseLimitError):
        future.result(timeout=60)


@pytest.fixture
def one_worker_pool() -> Iterator[ParserPool]:
    """One worker, a 2 s parse limit and 0.2 s of waiting for a free worker."""
    pool = ParserPool(1, timeout_seconds=2.0, prestart=1, wait_seconds=0.2, max_per_org=2)
    yield pool
    pool.close()


@pytest.fixture
def two_worker_pool() -> Iterator[ParserPool]:
    """Two workers, a 2 s parse limit and one parse in flight per organisation."""
    pool = ParserPool(2, timeout_seconds=2.0, prestart=2, max_per_org=1)
    yield pool
    pool.close()


def test_admission_busy_pool_rejects_waiter(one_worker_pool: ParserPool) -> None:
    slow = _slow_parse(one_worker_pool, "org-a")
    _wait_until(lambda: one_worker_pool.busy == 1, "the slow file holds the only worker")
    with pytest.raises(ParserBusyError) as caught:
        one_worker_pool.parse(GOOD_TEXT, org_id="org-b")
    assert caught.value.status_code == 503
    assert caught.value.detail == "The resume parser is busy; try again in a few seconds."
    assert caught.value.retry_after == 2
    _assert_timed_out(slow)
    result = one_worker_pool.parse(GOOD_PDF, org_id="org-b")
    assert result["fields"]["name"]["value"] == "Maria Garcia"


def test_admission_org_cap_leaves_others(
    two_worker_pool: ParserPool, caplog: pytest.LogCaptureFixture
) -> None:
    slow = _slow_parse(two_worker_pool, "org-a")
    _wait_until(lambda: two_worker_pool.busy == 1, "org-a's slow file is being parsed")
    with pytest.raises(TooManyParsesError) as caught:
        two_worker_pool.parse(GOOD_TEXT, org_id="org-a")
    assert caught.value.status_code == 429
    assert caught.value.retry_after == 2
    assert "org=org-a" in caplog.text
    result = two_worker_pool.parse(GOOD_PDF, org_id="org-b")
    assert result["fields"]["name"]["value"] == "Maria Garcia"
    _assert_timed_out(slow)
    assert two_worker_pool.orgs.in_flight("org-a") == 0


def test_admission_org_cap_counts_waiting(one_worker_pool: ParserPool) -> None:
    slow = _slow_parse(one_worker_pool, "org-a")
    _wait_until(lambda: one_worker_pool.busy == 1, "the slow file holds the only worker")
    errors: list[ResumeError] = []

    def wait_for_worker() -> None:
        try:
            one_worker_pool.parse(GOOD_TEXT, org_id="org-a")
        except ResumeError as exc:
            errors.append(exc)

    waiter = threading.Thread(target=wait_for_worker)
    waiter.start()
    _wait_until(lambda: one_worker_pool.orgs.in_flight("org-a") == 2, "org-a has 2 in flight")
    with pytest.raises(TooManyParsesError):
        one_worker_pool.parse(GOOD_TEXT, org_id="org-a")
    waiter.join(timeout=60)
    assert [type(error) for error in errors] == [ParserBusyError]
    _assert_timed_out(slow)


def test_admission_http_error_headers() -> None:
    busy = http_error(ParserBusyError(retry_after=5))
    assert busy.status_code == 503
    assert busy.headers == {"Retry-After": "5"}
    assert busy.detail == "The resume parser is busy; try again in a few seconds."
    limited = http_error(TooManyParsesError(retry_after=5))
    assert limited.status_code == 429
    assert limited.headers == {"Retry-After": "5"}
    assert http_error(ParseLimitError()).headers is None
