"""Recruiter registration, login, refresh-token rotation and the current user."""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, EmailStr, Field, field_validator

from collector import ratelimit
from collector.deps import SettingsDep, StoreDep, UserDep, client_address
from collector.errors import error_responses
from collector.names import check_person_name
from collector.routers.org import join_with_invite
from collector.security import (
    TokenError,
    decode_jwt,
    encode_jwt,
    hash_password,
    verify_password,
)
from hiremate.settings import Settings
from hiremate.store import DuplicateKeyError, Store, new_id, utc_now

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/auth", tags=["auth"])


class RegisterIn(BaseModel):
    email: EmailStr
    full_name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=8, max_length=256)
    role: str | None = Field(None, description="Ignored; the server assigns the role.")
    invite_code: str | None = Field(None, max_length=200, description="Joins that organisation.")
    organization_name: str | None = Field(None, max_length=200)

    @field_validator("full_name")
    @classmethod
    def _check_full_name(cls, value: str) -> str:
        return check_person_name(value)

    @field_validator("password")
    @classmethod
    def _check_password(cls, value: str) -> str:
        if not (re.search(r"[a-z]", value) and re.search(r"[A-Z]", value)):
            raise ValueError("must mix upper- and lower-case letters")
        if not re.search(r"\d", value):
            raise ValueError("must contain a digit")
        return value


class LoginIn(BaseModel):
    email: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=256)


class RefreshIn(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=4096)


class UserOut(BaseModel):
    id: str
    email: str
    full_name: str
    role: str
    org_id: str
    is_active: bool
    created_at: dt.datetime | None = None


class TokenOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Access token lifetime in seconds.")


def user_out(user: dict[str, Any]) -> UserOut:
    """Return the public view of a user document (never the password hash)."""
    return UserOut(
        id=user["id"],
        email=user["email"],
        full_name=user.get("full_name") or "",
        role=user.get("role") or "recruiter",
        org_id=user["org_id"],
        is_active=user.get("is_active", True),
        created_at=user.get("created_at"),
    )


def issue_tokens(
    store: Store, settings: Settings, secret: str, user: dict[str, Any], family: str | None = None
) -> TokenOut:
    """Sign an access and a refresh token; the refresh token is recorded for rotation."""
    access_life = dt.timedelta(minutes=settings.access_token_minutes)
    refresh_life = dt.timedelta(days=settings.refresh_token_days)
    access, _ = encode_jwt(
        secret, user_id=user["id"], org_id=user["org_id"], token_type="access", lifetime=access_life
    )
    family = family or uuid.uuid4().hex
    jti = new_id()
    refresh, claims = encode_jwt(
        secret,
        user_id=user["id"],
        org_id=user["org_id"],
        token_type="refresh",
        lifetime=refresh_life,
        jti=jti,
        family=family,
    )
    store.insert(
        "refresh_tokens",
        {
            "id": jti,
            "user_id": user["id"],
            "family": family,
            "created_at": utc_now(),
            "expires_at": claims["exp"],
            "used_at": None,
            "revoked_at": None,
        },
    )
    return TokenOut(
        access_token=access, refresh_token=refresh, expires_in=int(access_life.total_seconds())
    )


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserOut,
    responses=error_responses(400, 409, e400="Invite code is invalid or has expired"),
)
def register(body: RegisterIn, store: StoreDep) -> UserOut:
    """Create a recruiter account, in a new organisation or the invite's one."""
    email = str(body.email).strip().lower()
    if store.find_one("users", {"email": email}) is not None:
        raise HTTPException(409, "A recruiter with this email already exists")
    now = utc_now()
    user: dict[str, Any] = {
        "id": new_id(),
        "email": email,
        "full_name": body.full_name.strip(),
        "password_hash": hash_password(body.password),
        "is_active": True,
        "created_at": now,
    }
    created_org = None
    if body.invite_code:
        user["org_id"] = join_with_invite(store, body.invite_code, user["id"], now)
        user["role"] = "recruiter"
    else:
        name = (body.organization_name or "").strip() or f"{user['full_name']}'s organisation"
        created_org = store.insert("orgs", {"name": name, "created_at": now, "created_by": email})
        user["org_id"] = created_org["id"]
        user["role"] = "admin"
    try:
        store.insert("users", user)
    except DuplicateKeyError:
        if created_org is not None:
            store.delete("orgs", created_org["id"])
        raise HTTPException(409, "A recruiter with this email already exists") from None
    logger.info("registered user %s in org %s", user["id"], user["org_id"])
    return user_out(user)


@router.post(
    "/login",
    response_model=TokenOut,
    responses=error_responses(401, 429, e401="Invalid email or password"),
)
def login(body: LoginIn, request: Request, store: StoreDep, settings: SettingsDep) -> TokenOut:
    """Exchange email and password for an access and a refresh token."""
    email = body.email.strip().lower()
    keys = ratelimit.login_keys(email, client_address(request))
    now = utc_now()
    wait = ratelimit.retry_after_seconds(store, settings, keys, now)
    if wait is not None:
        logger.warning("login rate limited for %d s", wait)
        raise HTTPException(
            429, "Too many failed login attempts; try again later", {"Retry-After": str(wait)}
        )
    user = store.find_one("users", {"email": email})
    valid = verify_password(body.password, user.get("password_hash") if user else None)
    if user is None or not valid or not user.get("is_active", True):
        ratelimit.record_failure(store, settings, keys, now)
        raise HTTPException(401, "Invalid email or password", {"WWW-Authenticate": "Bearer"})
    for key in (keys[0], keys[2]):
        ratelimit.clear_failures(store, key)
    return issue_tokens(store, settings, request.app.state.jwt_secret, user)


@router.post("/refresh", response_model=TokenOut, responses=error_responses(401))
def refresh(body: RefreshIn, request: Request, store: StoreDep, settings: SettingsDep) -> TokenOut:
    """Rotate a refresh token: it stops working and a new pair is returned."""
    invalid = HTTPException(401, "Invalid or expired refresh token", {"WWW-Authenticate": "Bearer"})
    try:
        claims = decode_jwt(request.app.state.jwt_secret, body.refresh_token, token_type="refresh")
    except TokenError:
        raise invalid from None
    now = utc_now()
    record = store.update(
        "refresh_tokens",
        str(claims["jti"]),
        {"used_at": now},
        expect={"used_at": None, "revoked_at": None},
    )
    if record is None:
        # A second use of one refresh token suggests it leaked: end the whole chain.
        family = claims.get("fam")
        if family:
            for token in store.find("refresh_tokens", {"family": family, "revoked_at": None}):
                store.update("refresh_tokens", token["id"], {"revoked_at": now})
        logger.warning("refresh token reused; revoked its family")
        raise invalid
    user = store.get("users", record["user_id"])
    if user is None or not user.get("is_active", True):
        raise invalid
    return issue_tokens(store, settings, request.app.state.jwt_secret, user, record["family"])


@router.get("/me", response_model=UserOut, responses=error_responses(401))
def read_me(user: UserDep) -> UserOut:
    """Return the logged-in recruiter."""
    return user_out(user)
