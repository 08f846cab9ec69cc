"""Recruiter authentication: tokens, refresh rotation, rate limiting and invites."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import httpx
import pytest

from collector.security import encode_jwt
from hiremate.settings import JWT_SECRET_FILE
from tests.support.server import CollectorServer, Recruiter, create_recruiter, run_collector


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    env = {"HIREMATE_LOGIN_MAX_ATTEMPTS": "3", "HIREMATE_LOGIN_WINDOW_SECONDS": "120"}
    with run_collector(tmp_path_factory.mktemp("auth"), env=env) as running:
        yield running


@pytest.fixture
def client(server: CollectorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.api_url, timeout=30.0) as http:
        yield http


def test_auth_me_returns_user(client: httpx.Client, recruiter: Recruiter) -> None:
    me = client.get("/auth/me", headers=recruiter.headers)
    assert me.status_code == 200
    assert me.json()["email"] == recruiter.email
    assert me.json()["full_name"] == "Test Recruiter"
    assert "password_hash" not in me.json()


@pytest.mark.parametrize(
    "header",
    [
        "Bearer null",  # the legacy frontend's logged-out value
        "Bearer not-a-jwt",
        "Basic abc",
    ],
)
def test_auth_bad_credentials_401(client: httpx.Client, header: str) -> None:
    response = client.get("/attempts", headers={"Authorization": header})
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)


def test_auth_no_header_401(client: httpx.Client) -> None:
    # Development mode is off by default, so no request acts as the admin.
    response = client.get("/auth/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_auth_expired_token_401(
    server: CollectorServer, client: httpx.Client, recruiter: Recruiter
) -> None:
    secret = (server.data_dir / JWT_SECRET_FILE).read_text().strip()
    token, _ = encode_jwt(
        secret,
        user_id=recruiter.user["id"],
        org_id=recruiter.org_id,
        token_type="access",
        lifetime=dt.timedelta(seconds=-10),
    )
    response = client.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_auth_refresh_token_not_an_access_token(client: httpx.Client, recruiter: Recruiter) -> None:
    headers = {"Authorization": f"Bearer {recruiter.refresh_token}"}
    assert client.get("/auth/me", headers=headers).status_code == 401


def test_auth_refresh_rotation(server: CollectorServer, client: httpx.Client) -> None:
    recruiter = create_recruiter(server.base_url)
    rotated = client.post("/auth/refresh", json={"refresh_token": recruiter.refresh_token})
    assert rotated.status_code == 200
    pair = rotated.json()
    assert client.get(
        "/auth/me", headers={"Authorization": f"Bearer {pair['access_token']}"}
    ).is_success
    reused = client.post("/auth/refresh", json={"refresh_token": recruiter.refresh_token})
    assert reused.status_code == 401
    # Reuse of an old token ends the chain, so the newest refresh token stops working too.
    newest = client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert newest.status_code == 401


def test_auth_login_rate_limited(server: CollectorServer, client: httpx.Client) -> None:
    victim = create_recruiter(server.base_url)
    codes = [
        client.post(
            "/auth/login", json={"email": victim.email, "password": "Wrong-pass-1"}
        ).status_code
        for _ in range(3)
    ]
    assert codes == [401, 401, 401]
    limited = client.post("/auth/login", json={"email": victim.email, "password": victim.password})
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1
    assert "try again" in limited.json()["detail"]


def test_auth_register_duplicate_email_409(client: httpx.Client, recruiter: Recruiter) -> None:
    body = {"email": recruiter.email, "full_name": "Again", "password": "Another-pass-2"}
    response = client.post("/auth/register", json=body)
    assert response.status_code == 409
    assert "already exists" in response.json()["detail"]


def test_auth_register_weak_password_names_field(client: httpx.Client) -> None:
    body = {"email": "weak@example.com", "full_name": "Weak", "password": "alllowercase1"}
    response = client.post("/auth/register", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("body.password:")


@pytest.mark.parametrize("full_name", ["   ", "a\u0000b", "Ada\rLovelace"])
def test_auth_register_bad_full_name_422(client: httpx.Client, full_name: str) -> None:
    body = {"email": "named@example.com", "full_name": full_name, "password": "Good-pass-12"}
    response = client.post("/auth/register", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("body.full_name: Value error, must not")


def test_auth_invite_joins_organisation(
    server: CollectorServer, client: httpx.Client, recruiter: Recruiter
) -> None:
    invite = client.post("/org/invites", headers=recruiter.headers, json={})
    assert invite.status_code == 201
    member = create_recruiter(server.base_url, invite_code=invite.json()["code"])
    assert member.org_id == recruiter.org_id
    assert member.user["role"] == "recruiter"
    assert client.post("/org/invites", headers=member.headers).status_code == 403
    members = client.get("/org/members", headers=recruiter.headers).json()["members"]
    assert {m["email"] for m in members} == {recruiter.email, member.email}
    reused = client.post(
        "/auth/register",
        json={
            "email": "late@example.com",
            "full_name": "Late",
            "password": "Late-pass-123",
            "invite_code": invite.json()["code"],
        },
    )
    assert reused.status_code == 400


def test_auth_seeded_admin_logs_in(server: CollectorServer, client: httpx.Client) -> None:
    response = client.post(
        "/auth/login", json={"email": server.admin_email, "password": server.admin_password}
    )
    assert response.status_code == 200
    assert server.admin_password not in server.log_text()


def test_auth_login_lockout_spares_clean_address(
    server: CollectorServer, client: httpx.Client
) -> None:
    # Uvicorn trusts X-Forwarded-For from 127.0.0.1, so each header value is one address.
    victim = create_recruiter(server.base_url)
    attacker = {"X-Forwarded-For": "203.0.113.7"}
    wrong = {"email": victim.email, "password": "Wrong-pass-1"}
    codes = [client.post("/auth/login", json=wrong, headers=attacker).status_code for _ in range(5)]
    assert codes == [401, 401, 401, 429, 429]
    right = {"email": victim.email, "password": victim.password}
    still_limited = client.post("/auth/login", json=right, headers=attacker)
    assert still_limited.status_code == 429
    assert int(still_limited.headers["Retry-After"]) >= 1
    # A new address that fails once on the hot account is limited at once.
    second = {"X-Forwarded-For": "203.0.113.8"}
    assert client.post("/auth/login", json=wrong, headers=second).status_code == 401
    assert client.post("/auth/login", json=right, headers=second).status_code == 429
    clean = client.post("/auth/login", json=right, headers={"X-Forwarded-For": "198.51.100.4"})
    assert clean.status_code == 200
    assert clean.json()["access_token"]
