"""Candidate name extraction: a name-shaped line near the top and the contact block."""

from __future__ import annotations

import re

from hiremate.resume.document import Field, Line, found, missing
from hiremate.resume.vocabulary import (
    NAME_PARTICLES,
    NON_NAME_WORDS,
    PLACEHOLDER_NAMES,
    ROLE_NOUNS,
    words,
)

# Only the first lines are searched, because a name further down usually belongs to someone
# else (an award, a reference, a company contact).
TOP_LINES = 8
_LABEL = re.compile(r"^\s*(full\s+)?name\s*:\s*(?P<name>.+)$", re.IGNORECASE)
_TOKEN = re.compile(r"^[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?$")
_INITIAL = re.compile(r"^[^\W\d_]\.$")
# A title or contact details after the name: "Jane Doe | Engineer", "Jane Doe – Engineer".
_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
# Degrees and licences written after a name ("Jane Doe, CPA"). Codes that are also US state
# abbreviations (MA, MD, PA, ...) are left out, so "Silver Spring, MD" is not cut to a name.
_CREDENTIALS = words(
    "cpa mba phd ph.d. rn p.e. pe pmp cfa cma jd j.d. esq esq. m.s. msc bsc b.s. b.a. ba bs "
    "cissp lpn np dds dvm"
)


def extract_name(lines: list[Line], text: str, contact_indexes: set[int]) -> Field:
    """Find the candidate's name among the first lines, or return a reason it is missing.

    Page numbers, headings, titles, organisations, template placeholders and lines with
    digits or contact details never qualify. Credentials after a comma ("Jane Doe, CPA")
    and a title after a separator ("Jane Doe | Engineer") are cut off first. A line next
    to the email or phone line, or among the first three, scores higher.
    """
    labelled = _labelled_name(lines, text)
    if labelled is not None:
        return labelled
    placeholder_seen = None
    best = None
    for line in lines[:TOP_LINES]:
        if line.is_heading:
            continue
        candidate, trimmed = _leading_part(line.text)
        if candidate.lower() in PLACEHOLDER_NAMES:
            placeholder_seen = candidate
            continue
        shape = _name_shape(candidate)
        if shape is None:
            continue
        near_contact = any(abs(line.index - index) <= 3 for index in contact_indexes)
        if shape == "uncased" and not near_contact:
            continue
        confidence = 0.6 if shape == "cased" else 0.45
        if line.index < 3:
            confidence += 0.2
        if near_contact:
            confidence += 0.15
        if trimmed:
            confidence -= 0.05
        rank = (confidence, -line.index)
        if best is None or rank > best[0]:
            best = (rank, line, candidate)
    if best is None:
        reason = "No line near the top of the text looks like a person's name."
        if placeholder_seen:
            reason += f" The template placeholder {placeholder_seen!r} was ignored."
        return missing(reason)
    (confidence, _), line, candidate = best
    start = line.start + line.text.index(candidate)
    return found(candidate, confidence, text, start, start + len(candidate))


def _leading_part(line_text: str) -> tuple[str, bool]:
    """Return the part of a line that may be a name, and whether anything was cut off."""
    text = line_text.strip().rstrip(",")
    head = _SEPARATOR.split(text, maxsplit=1)[0].strip()
    if "," in head:
        before, after = head.split(",", 1)
        credentials = after.replace(",", " ").split()
        if credentials and all(token.lower() in _CREDENTIALS for token in credentials):
            head = before.strip()
    return head, head != text


def name_tokens(name: str | None) -> set[str]:
    """Return the lower-case words of a name, for matching against an email address."""
    if not name:
        return set()
    return {token.strip(".").lower() for token in name.split() if len(token.strip(".")) > 1}


def _labelled_name(lines: list[Line], text: str) -> Field | None:
    for line in lines[:30]:
        match = _LABEL.match(line.text)
        if match and _name_shape(match.group("name").strip()) is not None:
            value = match.group("name").strip()
            start = line.start + match.start("name")
            return found(value, 0.95, text, start, start + len(value))
    return None


def _name_shape(candidate: str) -> str | None:
    """Return "cased" or "uncased" when `candidate` can be a personal name, else None."""
    if any(char.isdigit() or char in "@|/:;,()[]•" for char in candidate):
        return None
    tokens = candidate.split()
    if not 2 <= len(tokens) <= 5:
        return None
    lowered = [token.strip(".").lower() for token in tokens]
    if any(word in ROLE_NOUNS or word in NON_NAME_WORDS for word in lowered):
        return None
    if not all(_TOKEN.match(token) for token in tokens):
        return None
    cased = [token for token in tokens if any(char.isupper() or char.islower() for char in token)]
    if not cased:
        return "uncased"
    if len(cased) != len(tokens):
        return None
    for token, word in zip(tokens, lowered, strict=True):
        if word in NAME_PARTICLES:
            continue
        if not token[0].isupper():
            return None
    full_words = [
        token
        for token, word in zip(tokens, lowered, strict=True)
        if word not in NAME_PARTICLES and not _INITIAL.match(token)
    ]
    if len(full_words) < 2:
        return None
    return "cased"
