"""The normalised resume text split into lines and sections, and the field result shape."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

Field = dict[str, Any]

# Heading text (lower case, without a trailing colon) and the kind of section it opens.
_HEADINGS = {
    "experience": "experience",
    "work experience": "experience",
    "professional experience": "experience",
    "relevant experience": "experience",
    "employment": "experience",
    "employment history": "experience",
    "work history": "experience",
    "career history": "experience",
    "professional background": "experience",
    "education": "education",
    "education and training": "education",
    "academic background": "education",
    "summary": "summary",
    "professional summary": "summary",
    "profile": "summary",
    "objective": "summary",
    "career objective": "summary",
    "about me": "summary",
    "skills": "skills",
    "technical skills": "skills",
    "core competencies": "skills",
    "key skills": "skills",
    "certifications": "other",
    "certificates": "other",
    "licenses and certifications": "other",
    "projects": "other",
    "publications": "other",
    "awards": "other",
    "honors": "other",
    "honors/awards": "other",
    "languages": "other",
    "interests": "other",
    "references": "other",
    "contact": "contact",
    "contact information": "contact",
    "contact details": "contact",
    "activities": "activities",
    "volunteer experience": "activities",
    "volunteering": "activities",
    "leadership": "activities",
    "leadership experience": "activities",
    "on campus involvement": "activities",
    "campus involvement": "activities",
    "extracurricular activities": "activities",
}
# Words that make an upper-case line a heading even when it is not listed above.
_ACTIVITY_WORDS = ("volunteer", "campus", "leadership", "extracurricular", "involvement")
_OTHER_HEADING_WORDS = (
    "summary",
    "profile",
    "objective",
    "project",
    "award",
    "honor",
    "certifica",
    "qualification",
    "achievement",
    "interest",
    "reference",
    "language",
    "publication",
    "contact",
    "history",
    "training",
    "course",
)


@dataclasses.dataclass(frozen=True)
class Line:
    """One line of the normalised text with its offset and the section it belongs to."""

    index: int
    start: int
    text: str
    section: str | None
    is_heading: bool

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def split_lines(text: str) -> list[Line]:
    """Split normalised text into non-empty lines and label each with its section kind."""
    lines: list[Line] = []
    offset = 0
    section: str | None = None
    for raw in text.split("\n"):
        if raw:
            kind = heading_kind(raw)
            if kind is not None:
                section = kind
            lines.append(Line(len(lines), offset, raw, section, kind is not None))
        offset += len(raw) + 1
    return lines


def heading_kind(line: str) -> str | None:
    """Return the section kind a heading line opens, or None when it is no heading."""
    key = re.sub(r"\s+", " ", line.strip().rstrip(":").replace("&", "and")).lower()
    if key in _HEADINGS:
        return _HEADINGS[key]
    words = key.split()
    if not 1 <= len(words) <= 4 or not line.isupper() or any(ch.isdigit() for ch in line):
        return None
    if any(word in key for word in _ACTIVITY_WORDS):
        return "activities"
    if "experience" in key or "employment" in key:
        return "experience"
    if "education" in key:
        return "education"
    if "skill" in key:
        return "skills"
    if any(word in key for word in _OTHER_HEADING_WORDS):
        return "other"
    return None


def found(value: Any, confidence: float, text: str, start: int, end: int, **extra: Any) -> Field:
    """Build a field that was found at `text[start:end]`."""
    field: Field = {
        "value": value,
        "confidence": round(max(0.0, min(1.0, confidence)), 2),
        "span": {"start": start, "end": end, "text": text[start:end]},
        "reason": None,
    }
    field.update(extra)
    return field


def missing(reason: str, **extra: Any) -> Field:
    """Build a field that was not found, with the reason."""
    field: Field = {"value": None, "confidence": 0.0, "span": None, "reason": reason}
    field.update(extra)
    return field
