"""Settings read from the environment (prefix `HIREMATE_`) and an optional `.env` file."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

logger = logging.getLogger(__name__)

# The value shipped in `.env.example`; a deployment that copies it unchanged must not start.
EXAMPLE_JWT_SECRET = "change-me-to-a-long-random-string"
JWT_SECRET_FILE = "jwt_secret"
DEFAULT_CORS_ORIGINS = [
    "http://localhost:5173",
    "http://localhost:5174",
    "http://localhost:5175",
    "http://localhost:3000",
    "http://127.0.0.1:5173",
    "http://127.0.0.1:5174",
    "http://127.0.0.1:5175",
    "http://127.0.0.1:3000",
]


class Settings(BaseSettings):
    """Every setting HireMate reads; one instance per process, see `get_settings`."""

    model_config = SettingsConfigDict(
        env_prefix="HIREMATE_", env_file=".env", extra="ignore", validate_default=True
    )

    data_dir: Path = Path("./var")
    database_url: str = ""
    sqlite_synchronous: Literal["NORMAL", "FULL"] = "NORMAL"
    jwt_secret: SecretStr | None = None
    access_token_minutes: int = Field(60, ge=1)
    refresh_token_days: int = Field(14, ge=1)
    token_expire_days: int = Field(7, ge=1)
    public_url: str = "http://127.0.0.1:8000"
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_CORS_ORIGINS)
    )
    api_url: str = "http://127.0.0.1:8000"
    dagster_url: str = "http://127.0.0.1:3000"
    admin_email: str = "admin@example.com"
    admin_password: SecretStr | None = None
    dev_mode: bool = False
    idle_gap_ms: int = Field(30_000, ge=1)
    ws_idle_timeout_seconds: float = Field(3600.0, gt=0)
    ws_max_message_bytes: int = Field(1_048_576, ge=1024)
    ws_max_messages_per_second: float = Field(50.0, gt=0)
    upload_max_bytes: int = Field(10_485_760, ge=1)
    max_body_bytes: int = Field(5_242_880, ge=1024)
    max_events_per_attempt: int = Field(50_000, ge=1)
    parse_timeout_seconds: float = Field(5.0, gt=0)
    parse_memory_mb: int = Field(512, ge=64)
    rules_version: str | None = None
    login_max_attempts: int = Field(5, ge=1)
    login_window_seconds: int = Field(300, ge=1)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        """Accept a comma-separated string as well as a JSON list."""
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                import json

                return json.loads(text)
            return [part.strip().rstrip("/") for part in text.split(",") if part.strip()]
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if value and not value.startswith(("sqlite:///", "mongodb://", "mongodb+srv://")):
            raise ValueError(
                "HIREMATE_DATABASE_URL must start with sqlite:///, mongodb:// or "
                f"mongodb+srv://, got {value.split('://')[0]!r}"
            )
        return value

    @field_validator("jwt_secret")
    @classmethod
    def _reject_example_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        secret = value.get_secret_value()
        if secret == EXAMPLE_JWT_SECRET:
            raise ValueError(
                "HIREMATE_JWT_SECRET is the example value from .env.example; set a random "
                "string of at least 32 characters or leave it unset to generate one"
            )
        if len(secret) < 32:
            raise ValueError("HIREMATE_JWT_SECRET must be at least 32 characters long")
        return value

    @property
    def resolved_database_url(self) -> str:
        """The store URL, defaulting to the SQLite file in the data folder."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'hiremate.db').resolve()}"

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file the store uses, or None for MongoDB."""
        url = self.resolved_database_url
        if url.startswith("sqlite:///"):
            return Path(url.removeprefix("sqlite:///"))
        return None

    @property
    def is_mongodb(self) -> bool:
        return self.resolved_database_url.startswith(("mongodb://", "mongodb+srv://"))

    def resolve_jwt_secret(self) -> str:
        """Return the JWT signing secret, generating and keeping one in the data folder if unset.

        The generated secret is written once with mode 0600 and reused by every process that
        shares the data folder, so tokens issued by one collector worker verify in another.
        """
        if self.jwt_secret is not None:
            return self.jwt_secret.get_secret_value()
        path = self.data_dir / JWT_SECRET_FILE
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_urlsafe(48)
        # Write a private temporary file, then link it into place: the link either creates
        # the complete file or fails because another process linked its own first, so no
        # reader ever sees a half-written secret.
        temporary = path.with_name(f".{JWT_SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secret)
        try:
            os.link(temporary, path)
        except FileExistsError:
            return path.read_text(encoding="utf-8").strip()
        finally:
            temporary.unlink()
        logger.info("generated a JWT secret in %s", path)
        return secret


_override: Settings | None = None


@lru_cache(maxsize=1)
def _load_settings() -> Settings:
    return Settings()


def get_settings() -> Settings:
    """Return the process settings, read once from the environment."""
    if _override is not None:
        return _override
    return _load_settings()


def reset_settings_cache() -> None:
    """Forget the cached settings so the next call reads the environment again."""
    _load_settings.cache_clear()


@contextlib.contextmanager
def override_settings(settings: Settings) -> Iterator[Settings]:
    """Make `get_settings()` return `settings` inside the block (for tests)."""
    global _override
    previous = _override
    _override = settings
    try:
        yield settings
    finally:
        _override = previous
