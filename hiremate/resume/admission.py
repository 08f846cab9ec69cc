"""Admission control of the parser pool: parses in flight per organisation."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator

from hiremate.resume.errors import TooManyParsesError

logger = logging.getLogger(__name__)


class OrgLimiter:
    """Counts parses in flight (waiting for a worker or running) per organisation.

    Args:
        max_per_org: parses one organisation may have in flight at once.
        retry_after_seconds: the `Retry-After` value sent with a rejection.
    """

    def __init__(self, max_per_org: int, retry_after_seconds: int) -> None:
        if max_per_org < 1:
            raise ValueError(f"max_per_org must be at least 1, got {max_per_org}")
        self.max_per_org = max_per_org
        self.retry_after_seconds = retry_after_seconds
        self._lock = threading.Lock()
        self._in_flight: dict[str, int] = {}

    def in_flight(self, org_id: str) -> int:
        """Return how many parses `org_id` has in flight."""
        with self._lock:
            return self._in_flight.get(org_id, 0)

    @contextlib.contextmanager
    def slot(self, org_id: str | None) -> Iterator[None]:
        """Hold one of the organisation's parse slots; `None` (no organisation) is not limited.

        Raises:
            TooManyParsesError: the organisation already has `max_per_org` parses in flight.
        """
        if org_id is None:
            yield
            return
        with self._lock:
            count = self._in_flight.get(org_id, 0)
            if count >= self.max_per_org:
                logger.warning(
                    "resume parse rejected: org=%s already has %d parses in flight (max %d)",
                    org_id,
                    count,
                    self.max_per_org,
                )
                raise TooManyParsesError(retry_after=self.retry_after_seconds)
            self._in_flight[org_id] = count + 1
        try:
            yield
        finally:
            with self._lock:
                remaining = self._in_flight[org_id] - 1
                if remaining:
                    self._in_flight[org_id] = remaining
                else:
                    del self._in_flight[org_id]
