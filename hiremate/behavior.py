"""Trial tables of risky-versus-safe decisions, turned into a candidate's replayed choices."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

# Columns that mark whether the risky option was taken, one per supported table layout.
RISKY_COLUMNS = ("gamble", "choice", "risky")


class BehaviorTableError(ValueError):
    """A trial table is missing a column, has a bad value or has no trials for a subject."""


@dataclasses.dataclass(frozen=True)
class Trial:
    """One decision: whether the risky option was taken, how fast, and optional reasoning."""

    subject: str
    trial_number: int
    risky: bool
    response_ms: int
    reasoning: str = ""


def read_trials(path: Path, subject: str | None = None) -> list[Trial]:
    """Read a tab-separated trial table and return one subject's trials in trial order.

    The table needs `subjID`, `RT` (milliseconds) and one of `gamble`, `choice` or `risky`
    (1 for the risky option); `trial_number` and `reasoning` are optional. Without
    `subject`, the first subject in the file is used.

    Raises:
        BehaviorTableError: a required column is missing, a value does not parse, or the
            subject has no trials.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BehaviorTableError(
            f"{path} is not a UTF-8 text file; --behavior takes a tab-separated trial table"
        ) from exc
    reader = csv.DictReader(text.splitlines(), delimiter="\t")
    columns = reader.fieldnames or []
    risky_column = next((name for name in RISKY_COLUMNS if name in columns), None)
    missing = [name for name in ("subjID", "RT") if name not in columns]
    if risky_column is None:
        missing.append(" or ".join(RISKY_COLUMNS))
    if missing:
        raise BehaviorTableError(
            f"{path}: missing column(s) {', '.join(missing)}; a trial table needs subjID, "
            f"RT and one of {', '.join(RISKY_COLUMNS)}"
        )
    rows = list(reader)
    if not rows:
        raise BehaviorTableError(f"{path}: the table has a header but no trials")
    chosen = subject if subject is not None else rows[0]["subjID"].strip()
    trials = []
    for line_number, row in enumerate(rows, start=2):
        if row["subjID"].strip() != chosen:
            continue
        try:
            trials.append(
                Trial(
                    subject=chosen,
                    trial_number=_parse_int(row, "trial_number", len(trials) + 1),
                    risky=_parse_flag(row[risky_column], risky_column),
                    response_ms=_parse_int(row, "RT", None),
                    reasoning=(row.get("reasoning") or "").strip(),
                )
            )
        except ValueError as exc:
            raise BehaviorTableError(f"{path}, line {line_number}: {exc}") from exc
    if not trials:
        subjects = sorted({row["subjID"].strip() for row in rows})
        raise BehaviorTableError(
            f"{path}: no trials for subject {chosen!r}; subjects in the file: "
            f"{', '.join(subjects[:20])}"
        )
    return sorted(trials, key=lambda trial: trial.trial_number)


def _parse_int(row: dict[str, str | None], column: str, default: int | None) -> int:
    text = (row.get(column) or "").strip()
    if not text and default is not None:
        return default
    try:
        value = int(float(text))
    except (ValueError, OverflowError):
        raise ValueError(f"column {column} has {text!r}, expected a whole number") from None
    if value < 0:
        raise ValueError(f"column {column} has {value}, expected 0 or more")
    return value


def _parse_flag(value: str | None, column: str) -> bool:
    text = (value or "").strip().lower()
    if text in {"1", "risky", "true"}:
        return True
    if text in {"0", "safe", "false"}:
        return False
    raise ValueError(f"column {column} has {value!r}, expected 0/1, safe/risky or true/false")
