"""Text normalisation before field matching."""

from __future__ import annotations

import pytest

from hiremate.resume.normalize import count_letters, garbled_share, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # TAB + CR + SPACE + NBSP after every word, as some Word PDF exports write it.
        ("Leo\t\r \xa0Leopard\t\r \xa0", "Leo Leopard"),
        # Hyphen, soft hyphen and U+2010 in a row show as one hyphen on the page.
        ("(909)\t\r \xa0555-\xad\u20105555", "(909) 555-5555"),
        ("on-\xad\u2010campus", "on-campus"),
        # A lone U+2010 or U+2011 is a hyphen too.
        ("e\u2010mail and non\u2011breaking", "e-mail and non-breaking"),
        # Ligatures are expanded by NFKC.
        ("\ufb01xed the \ufb03ce", "fixed the ffice"),
        # Zero-width characters, bidi embedding marks and the BOM are removed.
        ("\ufeffa\u200bb\u202bc\u202c\u200e", "abc"),
        # Soft hyphens inside a word vanish.
        ("phone\xadnumber", "phonenumber"),
        # Control characters other than the line feed are removed.
        ("a\x00b\x07c\x1bd", "abcd"),
        # Runs of spaces collapse and lines are stripped.
        ("  John    Smith  \n  Engineer ", "John Smith\nEngineer"),
        # Runs of blank lines shrink to one.
        ("a\n\n\n\n\nb", "a\n\nb"),
        # Paragraph and line separators end lines.
        ("a\u2028b\u2029c", "a\nb\nc"),
        # Full-width forms become ASCII.
        ("\uff2a\uff4f\uff48\uff4e", "John"),
    ],
)
def test_normalize_text_cases(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_text_crlf_line_ends() -> None:
    assert normalize_text("a\r\nb\r\n") == "a\nb"


def test_normalize_text_carriage_return_inside_line() -> None:
    # The text has line feeds, so a carriage return is not a line end.
    assert normalize_text("Jane\rDoe\nEngineer") == "Jane Doe\nEngineer"


def test_normalize_text_carriage_return_only_file() -> None:
    # Classic Mac OS line ends: carriage returns are the only line breaks.
    assert normalize_text("Jane Doe\rEngineer\r") == "Jane Doe\nEngineer"


def test_normalize_text_keeps_combining_marks() -> None:
    word = "\u062d\u064e\u0628\u064a\u0628\u064a"
    assert normalize_text(f"\u202b{word}\u202c habibi") == f"{word} habibi"


def test_normalize_text_idempotent() -> None:
    raw = "Leo\t\r \xa0Leopard\n\n\n(909) 555-\xad\u20105555\ufb01"
    once = normalize_text(raw)
    assert normalize_text(once) == once


def test_count_letters_any_script() -> None:
    assert count_letters("ab 12 \u062d\u0628 \u00e9") == 5


def test_garbled_share_counts_failed_glyphs() -> None:
    assert garbled_share("hello world") == 0.0
    assert garbled_share("\ufffd\ufffd\ufffdab") == pytest.approx(0.6)
    assert garbled_share("(cid:12)(cid:13)") == 1.0
    assert garbled_share("   ") == 0.0


def test_normalize_text_carriage_return_paragraphs() -> None:
    assert normalize_text("Jane Doe\r\rSummary\rText") == "Jane Doe\n\nSummary\nText"
