"""Clean-up of the file name a client sends with an upload, before it is stored."""

from __future__ import annotations

import re
import unicodedata

DEFAULT_FILENAME = "resume"
# Longer names are cut, keeping the extension, so headers and listings stay short.
MAX_FILENAME_CHARS = 200
_PATH_SEPARATORS = re.compile(r"[/\\]")


def safe_filename(name: str | None) -> str:
    """Return the base name of an uploaded file's name, safe to store and send in a header.

    Directories (with `/` or `\\` separators) are dropped, and so are control and format
    characters (CR, LF, NUL, bidirectional overrides). A name left empty, `.` or `..`
    becomes `resume`.
    """
    if not name:
        return DEFAULT_FILENAME
    cleaned = "".join(
        char for char in name if unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp")
    )
    segments = [part.strip() for part in _PATH_SEPARATORS.split(cleaned)]
    base = next((part for part in reversed(segments) if part), "")
    if base.strip(".") == "":
        return DEFAULT_FILENAME
    if len(base) > MAX_FILENAME_CHARS:
        stem, dot, extension = base.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            base = stem[: MAX_FILENAME_CHARS - len(extension) - 1] + "." + extension
        else:
            base = base[:MAX_FILENAME_CHARS]
    return base
