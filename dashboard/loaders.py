"""Cached `get_<data>` loaders: each takes the API URL and token so caches never mix recruiters."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import streamlit as st

from dashboard.api import ApiError, HireMateClient
from dashboard.session import session_client

logger = logging.getLogger(__name__)

EVENT_PAGE_SIZE = 1000
TASK_PAGE_SIZE = 100
# Older profile versions whose labels the attempt detail page loads.
HISTORY_VERSIONS = 10
# The profile fields a one-line summary in the attempts table shows.
PROFILE_SUMMARY_FIELDS = ("thinking_style", "decision_speed", "risk_orientation")


@dataclasses.dataclass
class AttemptDetail:
    """Everything the attempt detail page shows, loaded before any rendering starts."""

    attempt: dict[str, Any]
    events: list[dict[str, Any]]
    metrics: dict[str, Any] | None
    skills: dict[str, Any] | None
    populations: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)


def items(body: Any, *keys: str) -> list[dict[str, Any]]:
    """Return the list in `body`: `body` itself, or the list stored under one of `keys`."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        for key in keys:
            value = body.get(key)
            if isinstance(value, list):
                return value
    return []


def fetch_all_events(client: HireMateClient, attempt_id: str, after_seq: int = 0) -> list[dict]:
    """Page through an attempt's events in server order, starting after `after_seq`."""
    events: list[dict[str, Any]] = []
    while True:
        body = client.list_events(attempt_id, after_seq, EVENT_PAGE_SIZE)
        page = items(body, "events")
        events.extend(page)
        if not page or not (isinstance(body, dict) and body.get("has_more")):
            return events
        after_seq = int(body.get("next_after_seq") or page[-1]["server_seq"])


def fetch_optional(call: Any, *args: Any) -> dict[str, Any] | None:
    """Call the collector and return None when it returns 404 (nothing computed yet)."""
    try:
        return call(*args)
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise


@st.cache_data(ttl=10, show_spinner=False)
def get_attempts(
    base_url: str, token: str, page: int, page_size: int, status: str | None, search: str
) -> dict[str, Any]:
    with session_client(base_url, token) as client:
        return client.list_attempts(page, page_size, status, search)


def profile_summary(skills: dict[str, Any] | None) -> str:
    """Summarise a skill profile as its labels joined by " / ", leaving out missing ones."""
    if not skills:
        return ""
    labels = []
    for field in PROFILE_SUMMARY_FIELDS:
        label = (skills.get(field) or {}).get("label")
        if label and label != "insufficient_data":
            labels.append(str(label))
    return " / ".join(labels) or "insufficient data"


@st.cache_data(ttl=60, show_spinner=False)
def get_profile_summary(base_url: str, token: str, attempt_id: str) -> str:
    with session_client(base_url, token) as client:
        return profile_summary(fetch_optional(client.get_skills, attempt_id))


@st.cache_data(ttl=30, show_spinner=False)
def get_tasks(base_url: str, token: str) -> list[dict[str, Any]]:
    """Return every task the recruiter can see: the shared library and the organisation's own."""
    tasks: list[dict[str, Any]] = []
    with session_client(base_url, token) as client:
        page = 1
        while True:
            body = client.list_tasks(page, TASK_PAGE_SIZE)
            batch = items(body, "tasks", "items")
            tasks.extend(batch)
            total = body.get("total") if isinstance(body, dict) else None
            if len(batch) < TASK_PAGE_SIZE or (total is not None and len(tasks) >= total):
                return tasks
            page += 1


@st.cache_data(ttl=10, show_spinner=False)
def get_stats(base_url: str, token: str) -> dict[str, Any]:
    with session_client(base_url, token) as client:
        return client.dashboard_stats()


@st.cache_data(ttl=10, show_spinner=False)
def get_activity(base_url: str, token: str, limit: int) -> list[dict[str, Any]]:
    with session_client(base_url, token) as client:
        return items(client.dashboard_activity(limit), "activities", "activity", "items")


def load_profile_history(client: HireMateClient, skills: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the profile versions, newest first, each with its labels.

    The profile response lists older versions by their metadata only, so the labels of the
    newest `HISTORY_VERSIONS` versions are read one call each.
    """
    history = []
    for index, entry in enumerate(skills.get("history") or []):
        version = entry.get("version")
        if version == skills.get("version"):
            history.append({**entry, **skills, "history": None})
        elif index < HISTORY_VERSIONS and version is not None:
            older = fetch_optional(client.get_skills, skills["attempt_id"], version) or {}
            history.append({**entry, **older, "history": None})
        else:
            history.append(entry)
    return history


def load_attempt_detail(client: HireMateClient, attempt_id: str) -> AttemptDetail:
    """Load an attempt with its events, metrics, profile history and task populations."""
    attempt = client.get_attempt(attempt_id)
    events = fetch_all_events(client, attempt_id)
    metrics = fetch_optional(client.get_metrics, attempt_id)
    skills = fetch_optional(client.get_skills, attempt_id)
    if skills is not None:
        skills["history"] = load_profile_history(client, skills)
    populations: dict[str, dict[str, Any]] = {}
    if metrics is not None:
        for task_id in attempt.get("task_ids") or []:
            population = fetch_optional(client.get_population, task_id)
            if population is not None:
                populations[task_id] = population
    logger.info("loaded attempt %s with %d events", attempt_id, len(events))
    return AttemptDetail(attempt, events, metrics, skills, populations)


@st.cache_data(ttl=10, show_spinner=False)
def get_attempt_detail(base_url: str, token: str, attempt_id: str) -> AttemptDetail:
    with session_client(base_url, token) as client:
        return load_attempt_detail(client, attempt_id)
