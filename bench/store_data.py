"""Completed synthetic attempts written into a benchmark store, ready to be scored."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from bench.synthetic import ScoringInput, event_documents
from collector.security import hash_token
from hiremate.seed import ADMIN_ORG_ID
from hiremate.store import Store, utc_now


def store_attempts(store: Store, data: ScoringInput, recruiter_email: str) -> list[str]:
    """Store `data`'s attempts as completed attempts of the admin's organisation, with events.

    Returns:
        The stored attempt ids, in order.
    """
    recruiter = store.find_one("users", {"email": recruiter_email})
    recruiter_id = recruiter["id"] if recruiter else None
    now = utc_now()
    # The task library entries the snapshots came from, so task pages and populations resolve.
    for task in data.attempts[0]["tasks"] if data.attempts else []:
        if store.get("tasks", task["id"]) is None:
            store.insert(
                "tasks",
                {**task, "org_id": ADMIN_ORG_ID, "created_at": now, "updated_at": now,
                 "deleted_at": None},
            )  # fmt: skip
    documents = event_documents(data.events)
    ids = []
    for number, attempt in enumerate(data.attempts):
        doc: dict[str, Any] = {
            "id": attempt["id"],
            "org_id": ADMIN_ORG_ID,
            "recruiter_id": recruiter_id,
            "candidate_info": {
                "name": f"Synthetic Candidate {number}",
                "email": f"synthetic-{number}@example.org",
                "position": "Operations Analyst",
                "skills": [],
            },
            "task_ids": [task["id"] for task in attempt["tasks"]],
            "tasks": attempt["tasks"],
            "status": "completed",
            "token_hash": hash_token(secrets.token_urlsafe(32)),
            "expires_at": now + dt.timedelta(days=7),
            "created_at": now,
            "started_at": now,
            "completed_at": now,
            "current_task_index": len(attempt["tasks"]),
            "revoked_at": None,
        }
        store.insert("attempts", doc)
        store.append_events(attempt["id"], documents.get(attempt["id"], []))
        ids.append(attempt["id"])
    return ids
