"""Seed data: the admin recruiter and the shared library of ten decision tasks."""

from __future__ import annotations

import dataclasses
import logging
import secrets

from pwdlib import PasswordHash

from hiremate.settings import Settings
from hiremate.store import DuplicateKeyError, Store, utc_now
from hiremate.tasks_library import LIBRARY_TASKS

logger = logging.getLogger(__name__)

ADMIN_ORG_ID = "org-admin"


@dataclasses.dataclass(frozen=True)
class SeedResult:
    """The outcome of `seed`; `generated_password` is set only when one was generated."""

    admin_email: str
    admin_created: bool
    tasks_created: int
    generated_password: str | None


def seed(store: Store, settings: Settings) -> SeedResult:
    """Create the admin recruiter and the library tasks; running it again changes nothing.

    The admin password comes from `HIREMATE_ADMIN_PASSWORD`, or is generated and returned
    once in the result so the caller can show it. An existing admin keeps its password.
    """
    admin_created, generated = _seed_admin(store, settings)
    tasks_created = _seed_tasks(store)
    logger.info(
        "seed finished: admin %s, %d library tasks created",
        "created" if admin_created else "already present",
        tasks_created,
    )
    return SeedResult(settings.admin_email, admin_created, tasks_created, generated)


def _seed_admin(store: Store, settings: Settings) -> tuple[bool, str | None]:
    email = settings.admin_email.strip().lower()
    if store.find_one("users", {"email": email}) is not None:
        return False, None
    generated = None
    if settings.admin_password is not None and settings.admin_password.get_secret_value():
        password = settings.admin_password.get_secret_value()
    else:
        password = generated = secrets.token_urlsafe(12)
    now = utc_now()
    if store.get("orgs", ADMIN_ORG_ID) is None:
        store.insert("orgs", {"id": ADMIN_ORG_ID, "name": "HireMate admin", "created_at": now})
    try:
        store.insert(
            "users",
            {
                "email": email,
                "full_name": "HireMate Admin",
                "password_hash": PasswordHash.recommended().hash(password),
                "org_id": ADMIN_ORG_ID,
                "role": "admin",
                "is_active": True,
                "created_at": now,
            },
        )
    except DuplicateKeyError:
        # A concurrent seed created the admin first, so its password is kept.
        return False, None
    return True, generated


def _seed_tasks(store: Store) -> int:
    created = 0
    now = utc_now()
    for task in LIBRARY_TASKS:
        if store.get("tasks", task["id"]) is not None:
            continue
        doc = {
            **task,
            "org_id": None,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "deleted_at": None,
        }
        try:
            store.insert("tasks", doc)
        except DuplicateKeyError:
            continue
        created += 1
    return created
