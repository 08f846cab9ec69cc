"""Logging set-up for HireMate's entry points; library modules only call `getLogger`."""

from __future__ import annotations

import logging
import sys

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: int | str = logging.INFO) -> None:
    """Send log records to stderr once per process, so stdout stays free for `--json`."""
    root = logging.getLogger()
    if any(getattr(handler, "_hiremate", False) for handler in root.handlers):
        root.setLevel(level)
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler._hiremate = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # Third-party loggers that are chatty at INFO.
    for name in ("httpx", "httpcore", "multipart", "websockets"):
        logging.getLogger(name).setLevel(logging.WARNING)
