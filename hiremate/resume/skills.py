"""Skill list extraction from the resume's skills section."""

from __future__ import annotations

import re

from hiremate.resume.document import Line

MAX_SKILLS = 30
MAX_SKILL_CHARS = 60
_BULLET = re.compile(r"^[•\-*▪◦●·]\s*")
_LABEL = re.compile(r"^[^:]{1,40}:\s*")
_LEADING_AND = re.compile(r"^and\s+", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|;|•|\|)\s*|\s+and\s+(?=[A-Z])")


def extract_skills(lines: list[Line]) -> list[str]:
    """Return the items listed under skills headings, in order and without repeats.

    A label before a colon ("Programming Languages: Python, Go") is dropped and the rest
    is split on commas, semicolons, bullets and pipes.
    """
    skills: list[str] = []
    seen: set[str] = set()
    for line in lines:
        if line.section != "skills" or line.is_heading:
            continue
        body = _LABEL.sub("", _BULLET.sub("", line.text))
        for item in _SPLIT.split(body):
            item = _LEADING_AND.sub("", item.strip(" ."))
            if not item or len(item) > MAX_SKILL_CHARS or item.lower() in seen:
                continue
            seen.add(item.lower())
            skills.append(item)
            if len(skills) >= MAX_SKILLS:
                return skills
    return skills
