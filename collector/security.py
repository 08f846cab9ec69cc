"""Password hashing, JWT access and refresh tokens, and candidate token hashing."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
import uuid
from typing import Any

import jwt
from pwdlib import PasswordHash

JWT_ALGORITHM = "HS256"
# 32 bytes from `secrets` give 256-bit candidate tokens, 43 URL-safe characters.
CANDIDATE_TOKEN_BYTES = 32
INVITE_CODE_BYTES = 16

_password_hash = PasswordHash.recommended()


class TokenError(Exception):
    """A JWT that is malformed, expired, signed with another key or of the wrong type."""


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _password_hash.hash(password)


@functools.cache
def _dummy_hash() -> str:
    # Verifying against this hash when an email is unknown keeps login timing uniform.
    return _password_hash.hash(secrets.token_urlsafe(16))


def verify_password(password: str, password_hash: str | None) -> bool:
    """Check a password against its stored hash; False when there is no hash."""
    if not password_hash:
        _password_hash.verify(password, _dummy_hash())
        return False
    try:
        return _password_hash.verify(password, password_hash)
    except ValueError:
        return False


def new_candidate_token() -> str:
    """Return a new candidate token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(CANDIDATE_TOKEN_BYTES)


def new_invite_code() -> str:
    """Return a new organisation invite code."""
    return secrets.token_urlsafe(INVITE_CODE_BYTES)


def hash_token(token: str) -> str:
    """Return the sha256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def encode_jwt(
    secret: str,
    *,
    user_id: str,
    org_id: str | None,
    token_type: str,
    lifetime: dt.timedelta,
    jti: str | None = None,
    family: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Sign a JWT of `token_type` ("access" or "refresh") and return it with its claims."""
    now = dt.datetime.now(dt.UTC)
    claims: dict[str, Any] = {
        "sub": user_id,
        "org": org_id,
        "type": token_type,
        "iat": now,
        "exp": now + lifetime,
        "jti": jti or uuid.uuid4().hex,
    }
    if family is not None:
        claims["fam"] = family
    return jwt.encode(claims, secret, algorithm=JWT_ALGORITHM), claims


def decode_jwt(secret: str, token: str, *, token_type: str) -> dict[str, Any]:
    """Verify a JWT's signature, expiry and type and return its claims.

    Raises:
        TokenError: the token is invalid for any reason.
    """
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[JWT_ALGORITHM],
            options={"require": ["sub", "exp", "type", "jti"]},
        )
    except jwt.PyJWTError as exc:
        raise TokenError(str(exc)) from None
    if claims.get("type") != token_type:
        raise TokenError(f"expected a {token_type} token, got {claims.get('type')!r}")
    return claims
