"""Session state of the signed-in recruiter and the error display every page shares."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

import streamlit as st

from dashboard.api import ApiError, HireMateClient, SessionExpiredError
from hiremate.settings import get_settings

logger = logging.getLogger(__name__)

TOKEN_KEY = "access_token"
REFRESH_KEY = "refresh_token"
USER_KEY = "user"
FLASH_KEY = "flash_message"


def api_url() -> str:
    """Return the collector's base URL (`HIREMATE_API_URL`)."""
    return get_settings().api_url.rstrip("/")


def dagster_url() -> str:
    """Return the Dagster UI's base URL (`HIREMATE_DAGSTER_URL`)."""
    return get_settings().dagster_url.rstrip("/")


def access_token() -> str | None:
    return st.session_state.get(TOKEN_KEY)


def is_signed_in() -> bool:
    return bool(access_token())


def current_user() -> dict[str, Any]:
    return st.session_state.get(USER_KEY) or {}


class SessionTokenStore:
    """The token pair in this Streamlit session, so a refresh by any client reaches them all."""

    def load(self) -> tuple[str | None, str | None]:
        return st.session_state.get(TOKEN_KEY), st.session_state.get(REFRESH_KEY)

    def save(self, access_token: str, refresh_token: str) -> None:
        st.session_state[TOKEN_KEY] = access_token
        st.session_state[REFRESH_KEY] = refresh_token


def session_client(base_url: str, token: str | None) -> HireMateClient:
    """Build a client that sends `token` and refreshes it through this session's tokens."""
    return HireMateClient(base_url, token, tokens=SessionTokenStore())


def get_client() -> HireMateClient:
    """Build a client for this run with the signed-in recruiter's token."""
    return session_client(api_url(), access_token())


def sign_in(token: str, refresh_token: str | None, user: dict[str, Any]) -> None:
    st.session_state[TOKEN_KEY] = token
    if refresh_token:
        st.session_state[REFRESH_KEY] = refresh_token
    st.session_state[USER_KEY] = user
    st.session_state.pop(FLASH_KEY, None)


def sign_out(message: str | None = None, *, expired: bool = False) -> None:
    """Forget the token and this session's state; `message` shows on the sign-in page.

    Cached API responses stay until they expire: their cache keys include the old token, which
    no other session holds.
    """
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if message:
        st.session_state[FLASH_KEY] = {"message": message, "expired": expired}


def show_api_error(exc: ApiError, action: str) -> None:
    """Show a failed call as one error line; an expired session sends the user to sign in."""
    if isinstance(exc, SessionExpiredError):
        sign_out(exc.detail, expired=True)
        st.rerun()
    st.error(f"{action} failed: {exc.detail}", icon=":material/error:")


@contextlib.contextmanager
def api_errors(action: str, *, stop: bool = True) -> Iterator[None]:
    """Turn an `ApiError` raised inside the block into an error message on the page.

    Args:
        action: What the block does, for the message ("Loading attempts").
        stop: Stop the page after the message, because what follows needs the data.
    """
    try:
        yield
    except ApiError as exc:
        show_api_error(exc, action)
        if stop:
            st.stop()
