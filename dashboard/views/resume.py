"""Reading the resume parse response into editable fields and task suggestions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard.views.frames import pick

EDITABLE_FIELDS = ("name", "email", "phone", "position")


def parsed_field(parse: Mapping[str, Any], name: str) -> dict[str, Any]:
    """Return `{value, confidence, reason}` for one field of a parse response."""
    fields = parse.get("fields") or {}
    entry = fields.get(name) if isinstance(fields, Mapping) else None
    if isinstance(entry, Mapping):
        return {
            "value": entry.get("value"),
            "confidence": entry.get("confidence"),
            "reason": entry.get("reason"),
        }
    info = parse.get("candidate_info") or {}
    confidences = parse.get("confidence") or parse.get("confidences") or {}
    return {"value": info.get(name), "confidence": confidences.get(name), "reason": None}


def parsed_skills(parse: Mapping[str, Any]) -> list[str]:
    skills = parsed_field(parse, "skills")["value"]
    if skills is None:
        skills = (parse.get("candidate_info") or {}).get("skills")
    return [str(skill) for skill in skills or []]


def resume_text(parse: Mapping[str, Any]) -> str:
    return str(
        pick(parse, "resume_text", default=(parse.get("candidate_info") or {}).get("resume_text"))
        or ""
    )


def warnings(parse: Mapping[str, Any]) -> list[str]:
    """Warnings of the parse as sentences (a warning may be a string or a dict)."""
    messages = []
    for warning in parse.get("warnings") or []:
        if isinstance(warning, Mapping):
            messages.append(str(pick(warning, "message", "detail", "code", default=warning)))
        else:
            messages.append(str(warning))
    return messages


def suggestions(parse: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Suggested tasks as `{task_id, reason}` in the order the parser ranked them."""
    result = []
    for entry in pick(parse, "suggested_tasks", "suggestions", default=[]) or []:
        if isinstance(entry, Mapping):
            task_id = pick(entry, "task_id", "id")
            reason = pick(entry, "reason", "why", default="")
            result.append({"task_id": str(task_id), "reason": str(reason)})
    seen = {entry["task_id"] for entry in result}
    for task_id in parse.get("suggested_task_ids") or []:
        if str(task_id) not in seen:
            result.append({"task_id": str(task_id), "reason": ""})
    return result
