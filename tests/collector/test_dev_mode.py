"""Development mode: a warning at every start, and requests without credentials as the admin."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.server import CollectorServer, run_collector


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    env = {"HIREMATE_DEV_MODE": "true"}
    with run_collector(tmp_path_factory.mktemp("dev"), env=env) as running:
        yield running


def test_dev_mode_warns_at_start(server: CollectorServer) -> None:
    assert "WARNING" in server.log_text()
    assert "HIREMATE_DEV_MODE is on" in server.log_text()


def test_dev_mode_no_header_acts_as_admin(server: CollectorServer) -> None:
    me = httpx.get(f"{server.api_url}/auth/me")
    assert me.status_code == 200
    assert me.json()["email"] == server.admin_email
    logged_out = httpx.get(f"{server.api_url}/auth/me", headers={"Authorization": "Bearer null"})
    assert logged_out.status_code == 401
