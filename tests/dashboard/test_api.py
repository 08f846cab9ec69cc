"""The dashboard's REST client against a real collector: token refresh after a 401."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from collector.security import encode_jwt
from dashboard.api import ApiError, HireMateClient, SessionExpiredError
from dashboard.tokens import MemoryTokenStore
from tests.dashboard.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, LiveCollector


def signed_in_client(collector: LiveCollector) -> HireMateClient:
    client = HireMateClient(collector.base_url)
    client.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    return client


def refresh_status(collector: LiveCollector, refresh_token: str) -> int:
    response = httpx.post(
        f"{collector.base_url}/api/v1/auth/refresh", json={"refresh_token": refresh_token}
    )
    return response.status_code


def test_client_refreshes_corrupted_access_token(collector: LiveCollector) -> None:
    with signed_in_client(collector) as client:
        store = client.tokens
        assert isinstance(store, MemoryTokenStore)
        old_refresh = store.refresh_token
        client.token = store.access_token = "corrupted-access-token"
        user = client.me()
        assert user["email"] == ADMIN_EMAIL
        assert client.token != "corrupted-access-token"
        assert store.access_token == client.token
        assert store.refresh_token != old_refresh
        # The new pair works on its own: the access token for a call, the refresh token once.
        assert client.me()["email"] == ADMIN_EMAIL
        assert refresh_status(collector, store.refresh_token) == 200


def test_client_refreshes_expired_access_token(collector: LiveCollector) -> None:
    with signed_in_client(collector) as client:
        user = client.me()
        secret = collector.settings.resolve_jwt_secret()
        expired, _ = encode_jwt(
            secret,
            user_id=user["id"],
            org_id=user["org_id"],
            token_type="access",
            lifetime=dt.timedelta(seconds=-60),
        )
        client.token = expired
        client.tokens.save(expired, client.tokens.load()[1] or "")
        assert client.me()["id"] == user["id"]
        assert client.token != expired


def test_client_bad_refresh_token_expires_session(collector: LiveCollector) -> None:
    client = HireMateClient(
        collector.base_url, "corrupted-access-token", refresh_token="not-a-refresh-token"
    )
    with client, pytest.raises(SessionExpiredError) as caught:
        client.me()
    assert caught.value.detail == "Your session expired, sign in again."
    assert caught.value.status == 401


def test_client_without_refresh_token_expires_session(collector: LiveCollector) -> None:
    client = HireMateClient(collector.base_url, "corrupted-access-token")
    with client, pytest.raises(SessionExpiredError):
        client.me()


def test_client_uses_pair_rotated_by_other_client(collector: LiveCollector) -> None:
    with signed_in_client(collector) as first:
        store = first.tokens
        first.token = store.access_token = "corrupted-access-token"
        stale_access = "another-corrupted-token"
        with HireMateClient(collector.base_url, stale_access, tokens=store) as second:
            assert first.me()["email"] == ADMIN_EMAIL
            rotated_refresh = store.refresh_token
            # The second client takes the stored access token and does not send the
            # refresh token again, which would revoke the whole chain.
            assert second.me()["email"] == ADMIN_EMAIL
            assert second.token == store.access_token
            assert store.refresh_token == rotated_refresh
    assert refresh_status(collector, rotated_refresh) == 200


def test_client_login_failures_counted_per_browser(collector: LiveCollector) -> None:
    statuses = []
    with HireMateClient(collector.base_url) as attacker:
        for _ in range(collector.settings.login_max_attempts + 1):
            with pytest.raises(ApiError) as failed:
                attacker.login(ADMIN_EMAIL, "wrong-password", client_ip="10.20.30.40")
            statuses.append(failed.value.status)
    assert statuses[0] == 401
    assert statuses[-1] == 429
    # A recruiter signing in through the same dashboard from another browser is not blocked.
    with HireMateClient(collector.base_url) as recruiter:
        body = recruiter.login(ADMIN_EMAIL, ADMIN_PASSWORD, client_ip="10.20.30.41")
        assert body["access_token"]
        assert recruiter.me()["email"] == ADMIN_EMAIL
