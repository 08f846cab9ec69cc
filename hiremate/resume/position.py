"""Position extraction: a title line under the name, else the job marked Present or Current."""

from __future__ import annotations

import re

from hiremate.resume.document import Field, Line, found, missing
from hiremate.resume.vocabulary import ACTIVITY_ROLES, NON_NAME_WORDS, ROLE_NOUNS

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_DATE = rf"(?:(?:{_MONTH}|{_SEASON})\s*)?(?:\d{{1,2}}[/.])?(?:19|20)\d{{2}}"
# A date range whose end is today: "May 2023 - Present", "Oct. 2021 – Current", "2020 to date".
_CURRENT_RANGE = re.compile(
    rf"{_DATE}\s*(?:-|–|—|to|until)\s*(?:present|current|now|today|to date|date|ongoing)\b",
    re.IGNORECASE,
)
_ANY_DATE = re.compile(_DATE, re.IGNORECASE)
_NAME_LINE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
_BULLET = re.compile(r"^[•\-*▪◦●·]\s")
_SEPARATORS = re.compile(r"\s*[|,;@]\s*|\s+[-–—]\s+|\s+at\s+")
# Sections that never contain a current job when the resume has no experience heading.
# When it has one, only the experience sections are searched.
_NON_JOB_SECTIONS = frozenset({"education", "activities", "skills", "summary", "contact"})
# Lines after the name searched for a title line. Contact lines in between are skipped, so
# a title may sit under up to three of them (email, phone, profile link).
_HEADLINE_WINDOW = 4
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|net|org|io|dev|me)/", re.IGNORECASE)


def extract_position(lines: list[Line], text: str, name_line: int | None) -> Field:
    """Find the candidate's position and return it as a field with its span.

    A job title after a separator on the name line (confidence 0.85) or on the first line
    under the name that is not a contact line (0.9) wins. Otherwise the title of the first
    job whose date range ends in Present or Current is used, read from the job's own line,
    the line before it or the line after it. A title needs a job head noun (engineer,
    manager, accountant, ...). Activity roles such as Member do not count.
    """
    if name_line is not None:
        headline = _headline_title(lines, text, name_line)
        if headline is not None:
            return headline
    has_experience = any(line.section == "experience" for line in lines)
    current_lines = [
        line
        for line in lines
        if _CURRENT_RANGE.search(line.text) and _job_section(line, has_experience)
    ]
    for line in current_lines:
        title = _title_near(lines, text, line)
        if title is not None:
            if len(current_lines) > 1:
                title["confidence"] = round(title["confidence"] - 0.1, 2)
            return title
    if current_lines:
        return missing("A current job was found, but no job title could be read next to it.")
    return missing("No job is marked Present or Current and no title line follows the name.")


def _job_section(line: Line, has_experience: bool) -> bool:
    if has_experience:
        return line.section == "experience"
    return line.section not in _NON_JOB_SECTIONS


def _headline_title(lines: list[Line], text: str, name_line: int) -> Field | None:
    own = lines[name_line]
    pieces = _NAME_LINE_SEPARATOR.split(own.text)
    offset = 0
    for index, piece in enumerate(pieces):
        offset = own.text.find(piece, offset)
        # The first piece is the name, and a title may follow it on the same line.
        if index > 0 and piece.strip() and _title_score(piece) > 0 and len(piece.split()) <= 6:
            start = own.start + offset
            return found(piece, 0.85, text, start, start + len(piece))
    for line in lines[name_line + 1 : name_line + 1 + _HEADLINE_WINDOW]:
        if line.is_heading:
            return None
        if _is_contact_line(line.text):
            continue
        if _title_score(line.text) > 0 and len(line.text.split()) <= 6:
            return found(line.text, 0.9, text, line.start, line.end)
        return None
    return None


def _is_contact_line(line_text: str) -> bool:
    """Return whether a line contains an email, a phone number, a link or `|`-joined contacts."""
    if "@" in line_text or "|" in line_text or _URL.search(line_text):
        return True
    return sum(ch.isdigit() for ch in line_text) >= 7


def _title_near(lines: list[Line], text: str, current: Line) -> Field | None:
    """Return the title of the job whose current date range is on `current`."""
    before = lines[current.index - 1] if current.index > 0 else None
    best = None
    for order, (line, part, offset) in enumerate(_title_candidates(lines, current, before)):
        score = _title_score(part)
        if score > 0 and (best is None or score > best[0]):
            best = (score, -order, line, part, offset)
    if best is None:
        return None

    _, _, line, part, offset = best
    start = line.start + offset
    confidence = 0.85 if line is current or line is before else 0.75
    return found(part, confidence, text, start, start + len(part))


def _title_candidates(
    lines: list[Line], current: Line, before: Line | None
) -> list[tuple[Line, str, int]]:
    """Return the header parts around a current job, in the order they are preferred.

    The parts come from the job's own line with its date range blanked out, then from the
    line before it unless that is a heading or bullet. The line after it comes last,
    unless it is a heading, a bullet or another date line.
    """
    date = _CURRENT_RANGE.search(current.text)
    own = current.text
    if date is not None:
        blank = " " * (date.end() - date.start())
        own = own[: date.start()] + blank + own[date.end() :]
    candidates = [(current, part, offset) for part, offset in _parts(own)]
    if before is not None and not before.is_heading and not _BULLET.match(before.text):
        candidates.extend((before, part, offset) for part, offset in _parts(before.text))

    after = lines[current.index + 1] if current.index + 1 < len(lines) else None
    if (
        after is not None
        and not after.is_heading
        and not _BULLET.match(after.text)
        and not _ANY_DATE.search(after.text)
    ):
        candidates.extend((after, part, offset) for part, offset in _parts(after.text))
    return candidates


def _parts(line_text: str) -> list[tuple[str, int]]:
    """Split a job header on its separators and return each part with its offset."""
    parts = []
    position = 0
    for piece in _SEPARATORS.split(line_text):
        index = line_text.find(piece, position) if piece else -1
        stripped = piece.strip(" .:")
        if stripped and index >= 0:
            parts.append((stripped, index + piece.find(stripped)))
            position = index + len(piece)
    return parts


def _title_score(part: str) -> int:
    """Return 2 when `part` ends in a job head noun, 1 when it contains one, else 0."""
    words = [word.strip("().,").lower() for word in part.split()]
    if not words or len(words) > 7 or any(ch.isdigit() for ch in part):
        return 0
    if words[0][0:1].islower() and part[0].islower():
        return 0
    if any(word in ACTIVITY_ROLES for word in words) and not any(w in ROLE_NOUNS for w in words):
        return 0
    if words[-1] in NON_NAME_WORDS and words[-1] not in ROLE_NOUNS:
        return 0
    if words[-1] in ROLE_NOUNS or words[-1].rstrip("s") in ROLE_NOUNS:
        return 2
    if any(word in ROLE_NOUNS for word in words):
        return 1
    return 0
