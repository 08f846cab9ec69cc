"""The process-wide parser pool that the collector starts with the server."""

from __future__ import annotations

import threading

from hiremate.resume.worker import MAX_PARSES_PER_ORG, ParserPool
from hiremate.settings import Settings, get_settings

# Workers of the process-wide pool. It is above `MAX_PARSES_PER_ORG`, so one organisation
# cannot occupy every worker.
POOL_SIZE = MAX_PARSES_PER_ORG + 1

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
                POOL_SIZE,
                timeout_seconds=settings.parse_timeout_seconds,
                memory_mb=settings.parse_memory_mb,
            )
        return _pool


def shutdown_parser_pool() -> None:
    """Stop the process-wide pool if it was started."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.close()
            _pool = None
