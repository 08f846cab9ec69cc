"""A pool of pre-started parser processes with a wall-time and memory limit per file.

Each worker is a fresh interpreter (`python -m hiremate.resume.child`), so it inherits
nothing of the parent's state or main module. It sets `RLIMIT_AS` on itself, then parses
one file at a time sent over a socket pair. The parent waits at most `timeout_seconds` for
the result and kills the worker when none arrives, so a decompression bomb or a parser
loop fails that one upload and the service stays healthy. A worker that crashed, ran out
of memory or timed out is replaced by a fresh process.

A request waits at most `wait_seconds` for a free worker and then gets `ParserBusyError`
(503), and one organisation may have at most `max_per_org` parses in flight, waiting or
running, before it gets `TooManyParsesError` (429). So slow hostile uploads fail their own
requests and cannot hold every other organisation's upload in a queue.
"""

from __future__ import annotations

import logging
import math
import queue
import threading
import time
from typing import Any

from hiremate.resume.admission import OrgLimiter
from hiremate.resume.errors import (
    TIMED_OUT,
    EmptyFileError,
    ParserBusyError,
    ParserUnavailableError,
    error_from_code,
)
from hiremate.resume.process import WorkerProcess

logger = logging.getLogger(__name__)

# Workers are replaced after this many files, which bounds slow memory growth.
MAX_FILES_PER_WORKER = 200
# Parses one organisation may have in flight. The process-wide pool has more workers than
# this (`hiremate.resume.pool.POOL_SIZE`), so one organisation leaves a worker to the others.
MAX_PARSES_PER_ORG = 2
_CRASHED = (
    "The file could not be parsed: the parser stopped on it. "
    "Upload a PDF, DOCX or plain-text resume."
)


class ParserPool:
    """Pre-started parser processes that parse untrusted files within limits.

    Args:
        size: maximum number of worker processes, each parsing one file at a time.
        timeout_seconds: wall time allowed per file, after which the worker is killed.
        memory_mb: address-space limit of each worker (`RLIMIT_AS`), in MiB.
        prestart: workers started at once; the others start when all running ones are busy.
        wait_seconds: time a request waits for a free worker before `ParserBusyError`;
            defaults to `timeout_seconds`.
        max_per_org: parses one organisation may have in flight before `TooManyParsesError`.
    """

    def __init__(
        self,
        size: int = 2,
        *,
        timeout_seconds: float = 5.0,
        memory_mb: int = 512,
        prestart: int = 1,
        wait_seconds: float | None = None,
        max_per_org: int = MAX_PARSES_PER_ORG,
    ) -> None:
        if size < 1:
            raise ValueError(f"ParserPool size must be at least 1, got {size}")
        if not 0 <= prestart <= size:
            raise ValueError(f"ParserPool prestart must be between 0 and {size}, got {prestart}")
        self.size = size
        self.timeout_seconds = timeout_seconds
        self.memory_bytes = memory_mb * 1024 * 1024
        self.wait_seconds = timeout_seconds if wait_seconds is None else wait_seconds
        # Seconds a rejected client should wait: about one parse's time limit.
        self.retry_after_seconds = max(1, math.ceil(timeout_seconds))
        self.orgs = OrgLimiter(max_per_org, self.retry_after_seconds)
        self.closed = False
        self.busy = 0
        self._idle: queue.Queue[WorkerProcess] = queue.Queue()
        self._lock = threading.Lock()
        self._started = 0
        for _ in range(prestart):
            self._start_worker()
        logger.info(
            "resume parser pool started: up to %d workers (%d started), %.1f s, %d MiB",
            size,
            prestart,
            timeout_seconds,
            memory_mb,
        )

    def _start_worker(self) -> None:
        worker = WorkerProcess(self.memory_bytes)
        with self._lock:
            self._started += 1
        self._idle.put(worker)

    def _acquire(self, org_id: str | None = None) -> WorkerProcess:
        """Return an idle worker, starting one more when all are busy and there is room.

        Raises:
            ParserBusyError: no worker became free within `wait_seconds`.
        """
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            room = self._started < self.size
            if room:
                self._started += 1
        if room:
            try:
                return WorkerProcess(self.memory_bytes)
            except OSError as exc:
                with self._lock:
                    self._started -= 1
                logger.exception("could not start a resume parser worker")
                raise ParserUnavailableError() from exc
        try:
            return self._idle.get(timeout=self.wait_seconds)
        except queue.Empty as exc:
            logger.warning(
                "resume parse rejected: org=%s found no free parser worker within %.1f s",
                org_id,
                self.wait_seconds,
            )
            raise ParserBusyError(retry_after=self.retry_after_seconds) from exc

    def parse(self, data: bytes, *, org_id: str | None = None) -> dict[str, Any]:
        """Parse `data` in a worker and return the parser's result dict.

        Args:
            data: the uploaded file.
            org_id: the uploading organisation, whose parses in flight are capped.

        Raises:
            ResumeError: a subclass for a file the parser rejected.
            ParseLimitError: the time or memory limit was reached.
            ParserUnavailableError: no worker could be started, or the pool is closed.
            ParserBusyError: no worker became free within `wait_seconds`.
            TooManyParsesError: `org_id` already has `max_per_org` parses in flight.
        """
        if not data:
            raise EmptyFileError()
        if self.closed:
            raise ParserUnavailableError()
        with self.orgs.slot(org_id):
            return self._parse_in_worker(data, org_id)

    def _parse_in_worker(self, data: bytes, org_id: str | None) -> dict[str, Any]:
        worker = self._acquire(org_id)
        with self._lock:
            self.busy += 1
        if not worker.is_alive():
            logger.warning(
                "idle resume parser worker pid %s had exited (code %s); starting another",
                worker.process.pid,
                worker.process.poll(),
            )
            worker.stop(kill=True)
            worker = WorkerProcess(self.memory_bytes)
        healthy = False
        try:
            # NOTE: a worker still starting may take up to 60 s here, outside the wait budget.
            worker.wait_ready()
            message = self._exchange(worker, data)
            healthy = message[0] == "ok" or message[1] != "limit"
        finally:
            with self._lock:
                self.busy -= 1
            self._release(worker, healthy=healthy)
        if message[0] == "ok":
            return message[1]
        raise error_from_code(message[1], message[2])

    def warm_up(self) -> None:
        """Wait until one worker has started and imported the parser.

        Raises:
            ParserUnavailableError: the worker did not start.
        """
        worker = self._acquire()
        healthy = False
        try:
            worker.wait_ready()
            healthy = True
        finally:
            self._release(worker, healthy=healthy)

    def _exchange(self, worker: WorkerProcess, data: bytes) -> tuple:
        started = time.monotonic()
        try:
            worker.conn.send_bytes(data)
            if not worker.conn.poll(self.timeout_seconds):
                logger.warning(
                    "resume parse timed out after %.1f s (%d bytes); killing worker pid %s",
                    self.timeout_seconds,
                    len(data),
                    worker.process.pid,
                )
                return ("error", "limit", TIMED_OUT.format(seconds=self.timeout_seconds))
            message = worker.conn.recv()
        except (EOFError, OSError) as exc:
            logger.warning(
                "resume parser worker pid %s died (exit code %s) after %.2f s on %d bytes: %s",
                worker.process.pid,
                worker.process.poll(),
                time.monotonic() - started,
                len(data),
                exc,
            )
            return ("error", "limit", _CRASHED)
        worker.files += 1
        return message

    def _release(self, worker: WorkerProcess, *, healthy: bool) -> None:
        reusable = healthy and worker.files < MAX_FILES_PER_WORKER and worker.is_alive()
        if reusable and not self.closed:
            self._idle.put(worker)
            return
        worker.stop(kill=not healthy)
        with self._lock:
            self._started -= 1
        if self.closed:
            return
        try:
            self._start_worker()
        except OSError:
            logger.exception("could not start a replacement resume parser worker")

    @property
    def limits(self) -> tuple[float, int]:
        """The `(timeout_seconds, memory_bytes)` this pool enforces."""
        return (self.timeout_seconds, self.memory_bytes)

    def close(self) -> None:
        """Stop every idle worker. Workers in use stop when their file is done."""
        self.closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            worker.stop()
        logger.info("resume parser pool stopped")
