"""A pool of pre-started parser processes with a wall-time and memory limit per file.

Each worker is a fresh interpreter (`python -m hiremate.resume.child`), so it inherits
nothing of the parent's state or main module. It sets `RLIMIT_AS` on itself, then parses
one file at a time sent over a socket pair. The parent waits at most `timeout_seconds` for
the result and kills the worker when none arrives, so a decompression bomb or a parser
loop fails that one upload and the service stays healthy. A worker that crashed, ran out
of memory or timed out is replaced by a fresh process.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Any

from hiremate.resume.errors import (
    TIMED_OUT,
    EmptyFileError,
    ParserUnavailableError,
    error_from_code,
)
from hiremate.resume.process import STARTUP_TIMEOUT_SECONDS, WorkerProcess
from hiremate.settings import Settings, get_settings

logger = logging.getLogger(__name__)

# Workers are replaced after this many files, which bounds slow memory growth.
MAX_FILES_PER_WORKER = 200
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
    """

    def __init__(
        self,
        size: int = 2,
        *,
        timeout_seconds: float = 5.0,
        memory_mb: int = 512,
        prestart: int = 1,
    ) -> None:
        if size < 1:
            raise ValueError(f"ParserPool size must be at least 1, got {size}")
        if not 0 <= prestart <= size:
            raise ValueError(f"ParserPool prestart must be between 0 and {size}, got {prestart}")
        self.size = size
        self.timeout_seconds = timeout_seconds
        self.memory_bytes = memory_mb * 1024 * 1024
        self.closed = False
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

    def _acquire(self) -> WorkerProcess:
        """Return an idle worker, starting one more when all are busy and there is room."""
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
            return self._idle.get(timeout=STARTUP_TIMEOUT_SECONDS)
        except queue.Empty as exc:
            raise ParserUnavailableError() from exc

    def parse(self, data: bytes) -> dict[str, Any]:
        """Parse `data` in a worker and return the parser's result dict.

        Raises:
            ResumeError: a subclass for a file the parser rejected, `ParseLimitError` when
                the time or memory limit was reached, `ParserUnavailableError` when no
                worker could be started or the pool is closed.
        """
        if not data:
            raise EmptyFileError()
        if self.closed:
            raise ParserUnavailableError()
        worker = self._acquire()
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
            worker.wait_ready()
            message = self._exchange(worker, data)
            healthy = message[0] == "ok" or message[1] != "limit"
        finally:
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


_pool: ParserPool | None = None
_pool_lock = threading.Lock()


def get_parser_pool(settings: Settings | None = None) -> ParserPool:
    """Return the process-wide pool, starting it with the limits of `settings` when needed.

    A running pool whose limits differ from those in `settings` is closed and replaced.
    """
    global _pool
    settings = settings or get_settings()
    limits = (settings.parse_timeout_seconds, settings.parse_memory_mb * 1024 * 1024)
    with _pool_lock:
        if _pool is not None and (_pool.closed or _pool.limits != limits):
            _pool.close()
            _pool = None
        if _pool is None:
            _pool = ParserPool(
                timeout_seconds=settings.parse_timeout_seconds, memory_mb=settings.parse_memory_mb
            )
        return _pool


def shutdown_parser_pool() -> None:
    """Stop the process-wide pool if it was started."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.close()
            _pool = None
