"""Text normalisation applied to every extraction before fields are matched."""

from __future__ import annotations

import re
import unicodedata

# Some Word PDF exports write one visible hyphen as HYPHEN-MINUS, SOFT HYPHEN and U+2010 in
# a row, and the page shows a single hyphen.
_TRIPLE_HYPHEN = re.compile("-\u00ad?[\u2010\u2011]")
_LINE_SEPARATORS = re.compile("[\u2028\u2029\u0085\x0b\x0c]")
_BARE_CR_LINE_END = re.compile(r"(?:(?<=\S)|^)\r+(?=\S|$)")
_SPACE_RUN = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# Character categories dropped: format (soft hyphen, zero-width and bidi marks, BOM),
# controls other than the line feed, private use, surrogates and unassigned code points.
_DROPPED_CATEGORIES = frozenset({"Cf", "Cc", "Co", "Cs", "Cn"})


def normalize_text(text: str) -> str:
    """Return `text` normalised for matching.

    The steps, in order:

    - Unicode NFKC, so ligatures such as U+FB01 become `fi` and NBSP becomes a space.
    - Carriage returns become spaces, unless the text uses them as its only line ends.
    - Invisible and control characters are removed, the soft hyphen included.
    - U+2010 and U+2011 become `-`.
    - Whitespace runs inside a line collapse to one space, and lines are stripped.
    - Runs of blank lines shrink to one.
    """
    text = _TRIPLE_HYPHEN.sub("-", text)
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n")
    if "\n" not in text:
        # Classic Mac OS files end lines with a bare carriage return. One next to other
        # whitespace is a word separator (some PDF exports put TAB CR SPACE after words).
        text = _BARE_CR_LINE_END.sub(lambda match: "\n" * len(match.group(0)), text)
    text = _LINE_SEPARATORS.sub("\n", text)
    text = text.replace("\r", " ").replace("\t", " ")
    # Map each distinct character once, because a resume has a few hundred distinct
    # characters but many thousands in its text.
    text = text.translate({ord(char): _keep_char(char) for char in set(text)})
    text = text.replace("\u2010", "-").replace("\u2011", "-").replace("\ufffd", "")
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _BLANK_LINES.sub("\n\n", text).strip()


def _keep_char(char: str) -> str:
    if char == "\n" or char == " ":
        return char
    category = unicodedata.category(char)
    if category in _DROPPED_CATEGORIES:
        return ""
    if category.startswith("Z"):
        return " "
    return char


def count_letters(text: str) -> int:
    """Return how many alphabetic characters `text` has (any script)."""
    return sum(1 for char in text if char.isalpha())


def garbled_share(raw: str) -> float:
    """Return the share of non-space characters in `raw` that look like a failed font decoding.

    Counted as garbled: U+FFFD, private-use code points, controls other than whitespace, and
    the `(cid:NN)` placeholders some extractors write for glyphs without a character map.
    """
    visible = [char for char in raw if not char.isspace()]
    if not visible:
        return 0.0
    bad = sum(
        1
        for char in visible
        if char == "\ufffd" or unicodedata.category(char) in {"Co", "Cc", "Cn"}
    )
    bad += sum(len(match) for match in re.findall(r"\(cid:\d+\)", raw))
    return min(1.0, bad / len(visible))
