"""Compare two stored profiles of one attempt: which labels changed between them.

Run `python -m pipelines.compare ATTEMPT_ID OLD NEW`, where OLD and NEW are profile
version numbers (`3`) or rules versions (`v1`, meaning the newest profile under it).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from assets.rules import PROFILE_FIELDS
from hiremate.settings import get_settings
from hiremate.store import Store, open_store


class ProfileNotFoundError(LookupError):
    """No stored profile matches the requested attempt and version."""


def find_profile(store: Store, attempt_id: str, version: int | str) -> dict[str, Any]:
    """Return the profile with a version number, or the newest one under a rules version.

    Raises:
        ProfileNotFoundError: nothing matches.
    """
    if isinstance(version, int) or version.isdigit():
        query: dict[str, Any] = {"attempt_id": attempt_id, "version": int(version)}
    else:
        query = {"attempt_id": attempt_id, "rules_version": version}
    found = store.find("profiles", query, sort=[("version", -1)], limit=1)
    if not found:
        raise ProfileNotFoundError(
            f"no profile {version!r} for attempt {attempt_id!r}; pass a stored profile version "
            "number or a rules version the attempt was scored with"
        )
    return found[0]


def _summary(profile: dict[str, Any]) -> dict[str, Any]:
    keys = ("version", "rules_version", "code_version", "run_id", "computed_at")
    return {key: profile.get(key) for key in keys}


def compare_profiles(
    store: Store, attempt_id: str, old_version: int | str, new_version: int | str
) -> dict[str, Any]:
    """Report which profile labels differ between two stored profiles of an attempt.

    Args:
        old_version, new_version: Profile version numbers, or rules versions (the newest
            profile computed under each).

    Returns:
        `{attempt_id, old, new, changed, unchanged}`: `old` and `new` identify the two
        profiles; `changed` lists `{field, old_label, new_label, old_rule, new_rule}`.
    """
    old = find_profile(store, attempt_id, old_version)
    new = find_profile(store, attempt_id, new_version)
    changed, unchanged = [], []
    for field in PROFILE_FIELDS:
        before, after = old.get(field) or {}, new.get(field) or {}
        if before.get("label") == after.get("label"):
            unchanged.append(field)
            continue
        changed.append(
            {
                "field": field,
                "old_label": before.get("label"),
                "new_label": after.get("label"),
                "old_rule": (before.get("evidence") or {}).get("rule_id"),
                "new_rule": (after.get("evidence") or {}).get("rule_id"),
            }
        )
    return {
        "attempt_id": attempt_id,
        "old": _summary(old),
        "new": _summary(new),
        "changed": changed,
        "unchanged": unchanged,
    }


def format_comparison(report: dict[str, Any]) -> str:
    """Render a comparison as a few lines of text."""
    old, new = report["old"], report["new"]
    lines = [
        f"attempt {report['attempt_id']}: profile v{old['version']} (rules {old['rules_version']})"
        f" -> v{new['version']} (rules {new['rules_version']})"
    ]
    for change in report["changed"]:
        lines.append(f"  {change['field']}: {change['old_label']} -> {change['new_label']}")
    if not report["changed"]:
        lines.append("  no label changed")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the comparison of two profiles of one attempt."""
    parser = argparse.ArgumentParser(prog="python -m pipelines.compare", description=__doc__)
    parser.add_argument("attempt_id")
    parser.add_argument("old", help="profile version number or rules version")
    parser.add_argument("new", help="profile version number or rules version")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)
    with open_store(get_settings()) as store:
        try:
            report = compare_profiles(store, args.attempt_id, args.old, args.new)
        except ProfileNotFoundError as error:
            sys.stderr.write(f"error: {error}\n")
            return 2
    if args.json:
        sys.stdout.write(json.dumps(report, default=str) + "\n")
    else:
        sys.stdout.write(format_comparison(report) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
