"""Fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hiremate.settings import Settings, override_settings

REPO_ROOT = Path(__file__).resolve().parent.parent
# Real test inputs (resumes, trial tables) live beside the repository when available.
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """Return a path under the shared test data folder, skipping the test when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"test data {path} is not available on this machine")
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    """Settings on a fresh data folder, returned by `get_settings()` inside the test."""
    value = Settings(data_dir=tmp_path / "var", _env_file=None)
    with override_settings(value):
        yield value
