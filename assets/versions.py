"""The code version recorded with every metrics and profile document."""

from __future__ import annotations

import hashlib
from pathlib import Path

import hiremate

# The pure modules whose source decides every metric and label.
SCORING_MODULES = (
    "frames.py",
    "text.py",
    "task_events.py",
    "task_metrics.py",
    "timing.py",
    "attempt_metrics.py",
    "rules.py",
    "rule_engine.py",
    "profile_fields.py",
    "profile_communication.py",
    "profiles.py",
    "documents.py",
)


def compute_code_version() -> str:
    """Return `<package version>+<first 12 hex digits of the scoring sources' sha256>`.

    Any edit to a scoring module changes the version, so two documents with the same code
    and rules versions were computed by the same code.
    """
    digest = hashlib.sha256()
    folder = Path(__file__).resolve().parent
    for name in SCORING_MODULES:
        digest.update(name.encode())
        digest.update((folder / name).read_bytes())
    return f"{hiremate.__version__}+{digest.hexdigest()[:12]}"


CODE_VERSION = compute_code_version()
