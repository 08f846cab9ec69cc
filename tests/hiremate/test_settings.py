"""Settings: defaults, validation and the generated JWT secret."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from hiremate.settings import EXAMPLE_JWT_SECRET, Settings

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_settings_defaults(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)
    assert settings.resolved_database_url == f"sqlite:///{(tmp_path / 'hiremate.db').resolve()}"
    assert settings.token_expire_days == 7
    assert settings.access_token_minutes == 60
    assert settings.public_url == "http://127.0.0.1:8000"
    assert settings.dev_mode is False
    assert "http://localhost:5173" in settings.cors_origins


def test_settings_example_secret_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="example value"):
        Settings(data_dir=tmp_path, jwt_secret=EXAMPLE_JWT_SECRET, _env_file=None)


def test_settings_env_example_secret_is_the_rejected_one() -> None:
    lines = (REPO_ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    values = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    assert values["HIREMATE_JWT_SECRET"] == EXAMPLE_JWT_SECRET


def test_settings_short_secret_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(data_dir=tmp_path, jwt_secret="short", _env_file=None)


def test_settings_generated_secret_is_private_and_stable(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", _env_file=None)
    first = settings.resolve_jwt_secret()
    second = Settings(data_dir=tmp_path / "data", _env_file=None).resolve_jwt_secret()
    path = tmp_path / "data" / "jwt_secret"
    assert first == second
    assert len(first) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_settings_bad_database_url(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="HIREMATE_DATABASE_URL must start with"):
        Settings(data_dir=tmp_path, database_url="postgres://x", _env_file=None)


def test_settings_cors_origins_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HIREMATE_CORS_ORIGINS", "http://a.test, http://b.test/")
    settings = Settings(data_dir=tmp_path, _env_file=None)
    assert settings.cors_origins == ["http://a.test", "http://b.test"]


def test_env_example_documents_every_setting() -> None:
    text = (REPO_ROOT / ".env.example").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"HIREMATE_{name.upper()}=" in text, name


def test_settings_secret_race_gives_one_secret(tmp_path: Path) -> None:
    # Fresh interpreters, started together, each generate or read the secret once.
    script = (
        "import sys; from pathlib import Path; from hiremate.settings import Settings; "
        "print(Settings(data_dir=Path(sys.argv[1]), _env_file=None).resolve_jwt_secret())"
    )
    folder = str(tmp_path / "race")
    processes = [
        subprocess.Popen([sys.executable, "-c", script, folder], stdout=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    secrets = [process.communicate(timeout=60)[0].strip() for process in processes]
    assert [process.returncode for process in processes] == [0] * 8
    assert len(set(secrets)) == 1
    assert len(secrets[0]) >= 32
    assert sorted(path.name for path in (tmp_path / "race").iterdir()) == ["jwt_secret"]
