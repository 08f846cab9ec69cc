"""Task suggestion: map a parsed position onto the task library, with a reason per task."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from hiremate.resume.vocabulary import words

# More matching tasks than this are not suggested, so an assessment stays short. The
# recruiter can add more by hand.
MAX_MATCHED = 6
GENERAL = "general"
_WORD = re.compile(r"[a-z0-9+#]+")
# Words of a title that carry no information about the kind of work.
_STOP_WORDS = words(
    "a an and of the for in at to senior junior lead chief principal associate assistant "
    "i ii iii iv intern trainee"
)
_SUFFIXES = ("ants", "ant", "ings", "ing", "ers", "er", "ors", "or", "s")
# Role families: words of a position, and the task categories that family relies on most.
_FAMILIES: tuple[tuple[str, frozenset[str], tuple[str, ...]], ...] = (
    (
        "technical",
        words(
            "engineer developer programmer software qa devops technician it desktop support "
            "network system systems data scientist architect"
        ),
        ("Problem Solving", "Data Interpretation", "Risk Assessment", "Time Management"),
    ),
    (
        "finance",
        words("accountant accounting finance financial controller bookkeeper auditor cpa"),
        ("Data Interpretation", "Ethics", "Risk Assessment"),
    ),
    (
        "office and operations",
        words(
            "office coordinator administrative administrator receptionist secretary operations "
            "practice clerk"
        ),
        ("Prioritization", "Time Management", "Teamwork", "Resource Allocation"),
    ),
    (
        "customer-facing",
        words("customer service sales representative success help desk"),
        ("Customer Focus", "Ethics", "Teamwork"),
    ),
    (
        "management",
        words("manager director supervisor head president executive"),
        ("Prioritization", "Risk Assessment", "Teamwork", "Resource Allocation"),
    ),
    (
        "analysis",
        words("analyst analytics research researcher marketing"),
        ("Data Interpretation", "Risk Assessment", "Problem Solving"),
    ),
)


def suggest_tasks(
    position: str | None, tasks: Iterable[Mapping[str, Any]], minimum: int = 5
) -> list[dict[str, str]]:
    """Pick tasks that fit `position` and explain each pick in a recruiter's words.

    Tasks whose `suited_positions` match the position come first, then tasks whose
    `category` is central to the position's role family, up to `MAX_MATCHED`. General
    tasks, then any others, fill the list up to `minimum` when the library has that many,
    so the profile rests on enough decisions. Soft-deleted tasks are skipped. The order is
    deterministic: by match strength, then library order.

    Returns:
        `[{"task_id", "reason"}]` in suggested order.
    """
    active = [task for task in tasks if not task.get("deleted_at")]
    title = (position or "").strip()
    stems = _stems(title)
    families = [family for family in _FAMILIES if stems & {_stem(w) for w in family[1]}]
    scored = []
    for order, task in enumerate(active):
        score, reason = _match(task, title, stems, families)
        scored.append((-score, order, task, reason))
    scored.sort(key=lambda item: (item[0], item[1]))
    chosen = [
        {"task_id": str(task["id"]), "reason": reason}
        for negative, _, task, reason in scored
        if negative < 0 and reason
    ][:MAX_MATCHED]
    picked = {item["task_id"] for item in chosen}
    general_first = sorted(active, key=lambda task: not _is_general(task))
    for task in general_first:
        if len(chosen) >= minimum:
            break
        if str(task["id"]) in picked:
            continue
        chosen.append({"task_id": str(task["id"]), "reason": _filler_reason(task, title, minimum)})
        picked.add(str(task["id"]))
    return chosen


def _is_general(task: Mapping[str, Any]) -> bool:
    return GENERAL in [str(value).lower() for value in task.get("suited_positions") or []]


def _match(
    task: Mapping[str, Any], title: str, stems: set[str], families: list[tuple]
) -> tuple[int, str]:
    if not title:
        return 0, ""
    lowered = title.lower()
    for suited in task.get("suited_positions") or []:
        phrase = str(suited).lower().strip()
        if phrase == GENERAL or not phrase:
            continue
        if re.search(rf"\b{re.escape(phrase)}\b", lowered):
            return 3, f"Written for {phrase} roles, which matches the position {title!r}."
        phrase_stems = _stems(phrase)
        if phrase_stems and phrase_stems <= stems:
            return 3, f"Written for {phrase} roles, close to the position {title!r}."
    category = str(task.get("category") or "")
    for name, _, categories in families:
        if category in categories:
            return 2, f"{category} is central to {name} roles such as {title!r}."
    return 0, ""


def _filler_reason(task: Mapping[str, Any], title: str, minimum: int) -> str:
    category = task.get("category") or "General"
    if _is_general(task):
        lead = f"A general {category} task that suits any position"
    else:
        lead = f"A {category} task added"
    if not title:
        return f"{lead}; no position was read from the resume."
    return f"{lead}, so the profile rests on at least {minimum} decisions."


def _stems(text: str) -> set[str]:
    return {_stem(word) for word in _WORD.findall(text.lower()) if word not in _STOP_WORDS}


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word
