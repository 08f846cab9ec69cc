"""Shared route dependencies: the store, the settings and the authenticated recruiter."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import HTTPConnection

from collector.security import TokenError, decode_jwt
from hiremate.settings import Settings
from hiremate.store import Store

logger = logging.getLogger(__name__)

_bearer = HTTPBearer(auto_error=False, description="Access token from `POST /auth/login`.")
UNAUTHENTICATED = {"WWW-Authenticate": "Bearer"}


def get_store(connection: HTTPConnection) -> Store:
    """Return the process's store, opened at start-up."""
    return connection.app.state.store


def get_app_settings(connection: HTTPConnection) -> Settings:
    """Return the settings the app was built with."""
    return connection.app.state.settings


def client_address(request: Request) -> str:
    """Return the client's IP address (uvicorn applies trusted proxy headers before this)."""
    return request.client.host if request.client else "unknown"


def user_from_access_token(connection: HTTPConnection, token: str | None) -> dict[str, Any] | None:
    """Return the active recruiter an access JWT belongs to, or None when it is not valid."""
    if not token or token in ("null", "undefined"):
        return None
    try:
        claims = decode_jwt(connection.app.state.jwt_secret, token, token_type="access")
    except TokenError as exc:
        logger.info("rejected access token: %s", exc)
        return None
    user = get_store(connection).get("users", str(claims["sub"]))
    if user is None or not user.get("is_active", True) or not user.get("org_id"):
        return None
    return user


def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> dict[str, Any]:
    """Return the recruiter (a user document with `org_id`) behind the bearer token.

    In development mode a request with no Authorization header at all acts as the seeded
    admin, so local tools work without logging in. `Bearer null` is still rejected.

    Raises:
        HTTPException: 401 when the token is missing, malformed, expired or revoked.
    """
    if credentials is None:
        settings = get_app_settings(request)
        if settings.dev_mode and "authorization" not in request.headers:
            admin = get_store(request).find_one("users", {"email": settings.admin_email.lower()})
            if admin is not None:
                return admin
        raise HTTPException(401, "Not authenticated", headers=UNAUTHENTICATED)
    user = user_from_access_token(request, credentials.credentials)
    if user is None:
        raise HTTPException(401, "Invalid or expired access token", headers=UNAUTHENTICATED)
    return user


async def _store_dependency(connection: HTTPConnection) -> Store:
    return get_store(connection)


async def _settings_dependency(connection: HTTPConnection) -> Settings:
    return get_app_settings(connection)


# FastAPI runs a plain `def` dependency in its thread pool. These only read app state, so
# the `async def` wrappers save a thread hop on every request.
StoreDep = Annotated[Store, Depends(_store_dependency)]
SettingsDep = Annotated[Settings, Depends(_settings_dependency)]
UserDep = Annotated[dict[str, Any], Depends(current_user)]
