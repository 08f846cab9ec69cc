"""Helpers shared by the candidate and the live sockets."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

from starlette.websockets import WebSocket

from hiremate.settings import Settings

logger = logging.getLogger(__name__)

# Close codes (4000-4999 are free for applications). A close before `accept` turns into an
# HTTP 403 response to the upgrade request, so browsers see no open socket at all.
CLOSE_INVALID_TOKEN = 4001
CLOSE_NOT_ACTIVE = 4002
CLOSE_ORIGIN = 4003
CLOSE_NOT_FOUND = 4004
CLOSE_IDLE = 4008
CLOSE_BAD_REQUEST = 4400
CLOSE_POLICY = 1008
CLOSE_TOO_BIG = 1009


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def origin_allowed(websocket: WebSocket, settings: Settings) -> bool:
    """Accept clients without an Origin header (not browsers), the configured frontend
    origins, the public URL's origin and the socket's own host."""
    origin = websocket.headers.get("origin")
    if not origin:
        return True
    origin = origin.rstrip("/").lower()
    allowed = {o.rstrip("/").lower() for o in settings.cors_origins}
    allowed.add(_origin_of(settings.public_url))
    host = websocket.headers.get("host", "")
    allowed.update({f"http://{host}".lower(), f"https://{host}".lower()})
    if origin in allowed or "*" in allowed:
        return True
    logger.warning("rejected a socket from origin %s", origin[:100])
    return False


class MessageRateLimiter:
    """A token bucket: `rate` messages per second on average, bursts of up to `rate`."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.capacity = max(rate, 1.0)
        self.tokens = self.capacity
        self.updated = time.monotonic()

    def allow(self) -> bool:
        """Take one token; False when the bucket is empty."""
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False
