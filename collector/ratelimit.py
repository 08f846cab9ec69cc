"""Login rate limiting, with failures counted in the store so every collector worker shares them."""

from __future__ import annotations

import datetime as dt
import math

from hiremate.settings import Settings
from hiremate.store import Store

# One client address may serve several recruiters (an office behind NAT), so it gets a
# larger budget than a single account.
ADDRESS_LIMIT_FACTOR = 4


def login_keys(email: str, address: str) -> list[str]:
    """Return the counter keys of one login: the account, the client address, and the pair."""
    return [f"account:{email}", f"address:{address}", f"pair:{address}:{email}"]


def _rules(store: Store, settings: Settings, keys: list[str], since: dt.datetime) -> list:
    """Return the `(key, limit)` pairs that apply to this login.

    An address is limited over every account, and per account. The account's own limit
    applies only to addresses that have failed on it in the window: an attacker cannot lock
    a recruiter out, because a correct password from an address that has not failed gets in.
    """
    account, address, pair = keys
    limit = settings.login_max_attempts
    rules = [(address, limit * ADDRESS_LIMIT_FACTOR), (pair, limit)]
    if store.find("login_failures", {"key": pair, "failed_at": {"$gte": since}}, limit=1):
        rules.append((account, limit))
    return rules


def retry_after_seconds(
    store: Store, settings: Settings, keys: list[str], now: dt.datetime
) -> int | None:
    """Return how many seconds to wait when any rule reached its failure limit, else None."""
    window = dt.timedelta(seconds=settings.login_window_seconds)
    since = now - window
    wait: float | None = None
    for key, limit in _rules(store, settings, keys, since):
        failures = store.find(
            "login_failures",
            {"key": key, "failed_at": {"$gte": since}},
            sort=[("failed_at", -1)],
            limit=limit,
        )
        if len(failures) < limit:
            continue
        # The oldest of the last `limit` failures leaves the window first.
        seconds = (failures[-1]["failed_at"] + window - now).total_seconds()
        wait = max(wait or 0.0, seconds)
    return None if wait is None else max(1, math.ceil(wait))


def record_failure(store: Store, settings: Settings, keys: list[str], now: dt.datetime) -> None:
    """Count one failed login against every key and drop the key's failures outside the window."""
    since = now - dt.timedelta(seconds=settings.login_window_seconds)
    for key in keys:
        for old in store.find("login_failures", {"key": key, "failed_at": {"$lt": since}}):
            store.delete("login_failures", old["id"])
        store.insert("login_failures", {"key": key, "failed_at": now})


def clear_failures(store: Store, key: str) -> None:
    """Forget the failures of one key, after a successful login."""
    for failure in store.find("login_failures", {"key": key}):
        store.delete("login_failures", failure["id"])
