"""The base name kept of an uploaded file's name."""

from __future__ import annotations

import pytest

from hiremate.resume.filename import MAX_FILENAME_CHARS, safe_filename


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("resume.pdf", "resume.pdf"),
        ("../../../../tmp/evil\r\nX-Injected: 1.txt", "evilX-Injected: 1.txt"),
        ("C:\\Users\\jane\\My CV.docx", "My CV.docx"),
        ("/etc/passwd", "passwd"),
        ("dir/", "dir"),
        ("cv\x00.pdf", "cv.pdf"),
        ("\u202etxt.exe", "txt.exe"),
        ('履歴書 "v2".pdf', '履歴書 "v2".pdf'),
        ("..", "resume"),
        ("../..", "resume"),
        ("", "resume"),
        (None, "resume"),
        ("\r\n", "resume"),
    ],
)
def test_safe_filename_cases(name: str | None, expected: str) -> None:
    assert safe_filename(name) == expected


def test_safe_filename_long_keeps_extension() -> None:
    result = safe_filename("a" * 1000 + ".pdf")
    assert len(result) == MAX_FILENAME_CHARS
    assert result.endswith(".pdf")
