"""Storage for the recruiter's access and refresh tokens, shared by API clients."""

from __future__ import annotations

from typing import Protocol


class TokenStore(Protocol):
    """Storage of the recruiter's access and refresh tokens that a client reads and writes."""

    def load(self) -> tuple[str | None, str | None]:
        """Return the current `(access_token, refresh_token)`; either may be None."""
        ...

    def save(self, access_token: str, refresh_token: str) -> None:
        """Keep a newly issued token pair."""
        ...


class MemoryTokenStore:
    """A token pair kept in memory, for clients outside a Streamlit session."""

    def __init__(self, access_token: str | None = None, refresh_token: str | None = None) -> None:
        self.access_token = access_token
        self.refresh_token = refresh_token

    def load(self) -> tuple[str | None, str | None]:
        return self.access_token, self.refresh_token

    def save(self, access_token: str, refresh_token: str) -> None:
        self.access_token = access_token
        self.refresh_token = refresh_token
