"""Checks for the person names that recruiters type: candidates and recruiter accounts."""

from __future__ import annotations


def check_person_name(value: str) -> str:
    """Strip a name and return it.

    Raises:
        ValueError: the name is blank or contains a control character (C0, DEL or C1).
    """
    if not value.strip():
        raise ValueError("must not be blank; send the person's name")
    if any(ord(char) < 32 or 127 <= ord(char) < 160 for char in value):
        raise ValueError("must not contain control characters such as newlines or NUL")
    return value.strip()
