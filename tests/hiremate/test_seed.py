"""Seeding the admin recruiter and the task library."""

from __future__ import annotations

from pathlib import Path

from pwdlib import PasswordHash
from pydantic import SecretStr

from hiremate.seed import seed
from hiremate.settings import Settings
from hiremate.store.sqlite import SqliteStore
from hiremate.tasks_library import LIBRARY_TASKS

RISK_LEVELS = {"low", "medium", "high"}


def test_seed_twice_changes_nothing(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, admin_password=SecretStr("Sup3r-secret"), _env_file=None)
    store = SqliteStore(tmp_path / "seed.db")
    first = seed(store, settings)
    users_before = store.find("users")
    second = seed(store, settings)
    assert first.admin_created is True
    assert first.tasks_created == 10
    assert first.generated_password is None
    assert second.admin_created is False
    assert second.tasks_created == 0
    assert store.find("users") == users_before
    assert store.count("tasks") == 10
    admin = users_before[0]
    assert admin["email"] == "admin@example.com"
    assert PasswordHash.recommended().verify("Sup3r-secret", admin["password_hash"])


def test_seed_generates_password_when_unset(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, admin_email="Boss@Example.org", _env_file=None)
    store = SqliteStore(tmp_path / "seed.db")
    result = seed(store, settings)
    assert result.generated_password
    assert len(result.generated_password) >= 16
    admin = store.find_one("users", {"email": "boss@example.org"})
    assert admin is not None
    assert PasswordHash.recommended().verify(result.generated_password, admin["password_hash"])


def test_library_tasks_are_complete() -> None:
    assert len(LIBRARY_TASKS) == 10
    assert len({task["id"] for task in LIBRARY_TASKS}) == 10
    for task in LIBRARY_TASKS:
        assert task["scenario"]
        assert task["category"]
        assert task["difficulty"] in {"easy", "medium", "hard"}
        assert len(task["options"]) >= 3
        assert {option["risk_level"] for option in task["options"]} <= RISK_LEVELS
        # Every task spans the whole risk range, so risky and safe choices both exist.
        assert {option["risk_level"] for option in task["options"]} >= {"low", "high"}
        assert len({option["id"] for option in task["options"]}) == len(task["options"])
        assert isinstance(task["reasoning_required"], bool)
        assert task["suited_positions"]
