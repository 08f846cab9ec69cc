"""Reasoning-text metrics as polars expressions: words, connectors, structure markers, depth."""

from __future__ import annotations

import polars as pl

# A word is a run of letters or digits, optionally joined by an apostrophe or a hyphen
# ("it's", "x-ray" and "2026" are one word each).
WORD_PATTERN = r"[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*"

# Logical connectors: words and phrases that link a claim to a reason, a contrast or a
# consequence. Matched case-insensitively on word boundaries.
CONNECTORS = (
    "because",
    "since",
    "therefore",
    "thus",
    "hence",
    "so that",
    "consequently",
    "as a result",
    "however",
    "although",
    "though",
    "whereas",
    "but",
    "unless",
    "otherwise",
    "if",
    "moreover",
    "furthermore",
    "in addition",
    "on the other hand",
    "for example",
    "for instance",
)
CONNECTOR_PATTERN = r"(?i)\b(?:" + "|".join(c.replace(" ", r"\s+") for c in CONNECTORS) + r")\b"

# Structure markers: list items at the start of a line ("- ", "* ", "• ", "1. ", "2) ") and
# ordinal or summary words that organise an argument into steps.
LIST_ITEM_PATTERN = r"(?m)^[ \t]*(?:[-*•]|\d+[.)])[ \t]+"
ORDINALS = (
    "first",
    "firstly",
    "second",
    "secondly",
    "third",
    "thirdly",
    "finally",
    "lastly",
    "in conclusion",
    "in summary",
    "to summarize",
    "overall",
)
ORDINAL_PATTERN = r"(?i)\b(?:" + "|".join(o.replace(" ", r"\s+") for o in ORDINALS) + r")\b"

# Depth score weights and saturation points: depth = 0.5 * min(words / 80, 1)
# + 0.3 * min(connectors / 3, 1) + 0.2 * min(markers / 2, 1), a number in [0, 1].
DEPTH_WORDS_FULL = 80
DEPTH_CONNECTORS_FULL = 3
DEPTH_MARKERS_FULL = 2
DEPTH_WEIGHTS = (0.5, 0.3, 0.2)


def word_count(text: pl.Expr) -> pl.Expr:
    """Count words in `text`; null text counts 0."""
    return text.str.count_matches(WORD_PATTERN).fill_null(0).cast(pl.Int64)


def connector_count(text: pl.Expr) -> pl.Expr:
    """Count logical connectors in `text`; null text counts 0."""
    return text.str.count_matches(CONNECTOR_PATTERN).fill_null(0).cast(pl.Int64)


def structure_marker_count(text: pl.Expr) -> pl.Expr:
    """Count list items and ordinal markers in `text`; null text counts 0."""
    items = text.str.count_matches(LIST_ITEM_PATTERN).fill_null(0)
    ordinals = text.str.count_matches(ORDINAL_PATTERN).fill_null(0)
    return (items + ordinals).cast(pl.Int64)


def depth_score(words: pl.Expr, connectors: pl.Expr, markers: pl.Expr) -> pl.Expr:
    """Combine the three text counts into a depth score in [0, 1] (null when no words)."""
    w_words, w_connectors, w_markers = DEPTH_WEIGHTS
    score = (
        w_words * pl.min_horizontal(words / DEPTH_WORDS_FULL, pl.lit(1.0))
        + w_connectors * pl.min_horizontal(connectors / DEPTH_CONNECTORS_FULL, pl.lit(1.0))
        + w_markers * pl.min_horizontal(markers / DEPTH_MARKERS_FULL, pl.lit(1.0))
    )
    return pl.when(words > 0).then(score.round(4)).otherwise(None)
